package redact

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
	assert.True(t, Secret{}.IsZero())
	assert.True(t, NewSecret("a").Equal(NewSecret("a")))
}
