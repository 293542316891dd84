package redact

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSecretPrintsRedacted(t *testing.T) {
	s := NewSecret("CANARY-secret")
	assert.Equal(t, Redacted, fmt.Sprint(s))
	assert.Equal(t, "CANARY-secret", s.Reveal())
}

// holder is a type that holds a secret and prints through the helpers.
type holder struct{ token string }

func (holder) Format(f fmt.State, _ rune) { Format(f, "pkg.holder") }
func (holder) LogValue() slog.Value       { return LogValue("pkg.holder") }
func (holder) MarshalJSON() ([]byte, error) {
	return JSON("pkg.holder")
}

func TestHolderHelpersPrintOnlyTheName(t *testing.T) {
	h := holder{token: "CANARY-holder-token"}
	want := "pkg.holder{" + Redacted + "}"
	assert.Equal(t, want, Name("pkg.holder"))
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%10.3v"} {
		assert.Equal(t, want, fmt.Sprintf(verb, h), verb)
		assert.Equal(t, want, fmt.Sprintf(verb, &h), verb)
	}
	b, err := json.Marshal(map[string]any{"h": h, "p": &h})
	assert.NoError(t, err)
	assert.JSONEq(t, `{"h":"pkg.holder{[REDACTED]}","p":"pkg.holder{[REDACTED]}"}`, string(b))
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("m", "h", h)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("m", "h", &h)
	assert.NotContains(t, buf.String(), "CANARY")
	assert.Contains(t, buf.String(), Redacted)
}
