// Package redact keeps secrets out of logs, error strings and dumps.
//
// A Secret holds a credential (a client secret, an app token, a webhook
// secret). Every way of printing it — %v, %+v, %#v, %s, slog, JSON, text —
// prints "[REDACTED]"; only Reveal returns the value, at the one place that
// puts it on the wire.
package redact

import (
	"fmt"
	"io"
	"log/slog"
)

// Redacted is what a Secret prints as.
const Redacted = "[REDACTED]"

// Secret is a credential that never prints.
type Secret struct{ v string }

// NewSecret wraps a credential.
func NewSecret(v string) Secret { return Secret{v: v} }

// Reveal returns the credential, for the transport that sends it.
func (s Secret) Reveal() string { return s.v }

// IsZero reports an empty secret.
func (s Secret) IsZero() bool { return s.v == "" }

// Equal compares two secrets (not in constant time; use it for
// configuration, never for verifying what a caller sent).
func (s Secret) Equal(o Secret) bool { return s.v == o.v }

// String implements fmt.Stringer.
func (Secret) String() string { return Redacted }

// GoString implements fmt.GoStringer.
func (Secret) GoString() string { return "redact.Secret(" + Redacted + ")" }

// Format implements fmt.Formatter, covering every verb and flag.
func (Secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, Redacted) }

// LogValue implements slog.LogValuer.
func (Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalJSON implements json.Marshaler.
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + Redacted + `"`), nil }

// MarshalText implements encoding.TextMarshaler.
func (Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }
