package rxbridge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSecretNeverPrints(t *testing.T) {
	const canary = "CANARY-client-secret-9f8e"
	type cfg struct {
		ClientID string
		Secret   Secret
		Nested   []Secret
		Map      map[string]Secret
	}
	c := cfg{ClientID: "id", Secret: NewSecret(canary), Nested: []Secret{NewSecret(canary)}, Map: map[string]Secret{"k": NewSecret(canary)}}
	var outs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%10.3v"} {
		outs = append(outs, fmt.Sprintf(verb, c), fmt.Sprintf(verb, &c), fmt.Sprintf(verb, c.Secret))
	}
	js, _ := json.Marshal(c)
	outs = append(outs, string(js))
	var buf bytes.Buffer
	l := slog.New(slog.NewJSONHandler(&buf, nil))
	l.Info("x", "secret", c.Secret, "cfg", c, "list", c.Nested)
	th := slog.New(slog.NewTextHandler(&buf, nil))
	th.Info("x", "secret", c.Secret, "cfg", c)
	outs = append(outs, buf.String())
	for _, o := range outs {
		assert.NotContains(t, o, canary)
	}
	assert.Equal(t, canary, c.Secret.Reveal())

	// A Secret in an unexported field of a private struct: fmt cannot call
	// its methods there and prints the fields by reflection instead.
	type client struct {
		id     string
		secret Secret
		list   []Secret
		byName map[string]Secret
		inner  struct{ s Secret }
	}
	cl := client{id: "x", secret: NewSecret(canary), list: []Secret{NewSecret(canary)}, byName: map[string]Secret{"k": NewSecret(canary)}}
	cl.inner.s = NewSecret(canary)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T"} {
		assert.NotContains(t, fmt.Sprintf(verb, cl), canary, verb)
		assert.NotContains(t, fmt.Sprintf(verb, &cl), canary, verb)
	}
	buf.Reset()
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "client", cl)
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "client", cl)
	assert.NotContains(t, buf.String(), canary)
	assert.True(t, Secret{}.IsZero())
	assert.True(t, NewSecret("a").Equal(NewSecret("a")))
}
