package rxbridge

import (
	"fmt"
	"io"
	"log/slog"
)

// redacted is what a Secret prints as.
const redacted = "[REDACTED]"

// Secret is a credential that never prints: a client secret, an app
// token, a webhook secret, or one the upstream returns (a Stripe client
// secret). Every way of printing it (%v, %+v, %#v, %s, %q, slog, JSON,
// text) prints "[REDACTED]"; only Reveal returns the value, for the one
// place that puts it on the wire.
//
// The value sits behind a pointer on purpose: fmt cannot call a method on
// a value held in an unexported struct field, so a Secret stored by value
// in a client's private field would be printed field by field by %v of the
// client. Behind a pointer to a string (not to a struct, which fmt's
// bad-verb path dereferences), fmt prints only an address.
type Secret struct{ p *string }

// NewSecret wraps a credential.
func NewSecret(v string) Secret {
	if v == "" {
		return Secret{}
	}
	return Secret{p: &v}
}

// Reveal returns the credential, for the transport that sends it.
func (s Secret) Reveal() string {
	if s.p == nil {
		return ""
	}
	return *s.p
}

// IsZero reports an empty secret.
func (s Secret) IsZero() bool { return s.p == nil || *s.p == "" }

// Equal compares two secrets (not in constant time; use it for
// configuration, never for verifying what a caller sent).
func (s Secret) Equal(o Secret) bool { return s.Reveal() == o.Reveal() }

// String implements fmt.Stringer.
func (Secret) String() string { return redacted }

// GoString implements fmt.GoStringer.
func (Secret) GoString() string { return "rxbridge.Secret(" + redacted + ")" }

// Format implements fmt.Formatter, covering every verb and flag.
func (Secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redacted) }

// LogValue implements slog.LogValuer.
func (Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalJSON implements json.Marshaler.
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// MarshalText implements encoding.TextMarshaler.
func (Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }
