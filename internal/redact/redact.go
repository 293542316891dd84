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
	"strconv"
)

// Redacted is what a Secret prints as.
const Redacted = "[REDACTED]"

// Secret is a credential that never prints.
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

// Holders: a type that holds credentials, states, verifiers or sessions
// (a client, a login, a token source, a store, a receiver) prints as its
// name and [REDACTED], whatever prints it. Each such type implements
// fmt.Formatter, slog.LogValuer and json.Marshaler (and String, GoString
// where it already had them) by calling these with its own name
// ("mhv.Client"); nothing else about it is printed.

// Name is what a holder of secrets prints as: typeName{[REDACTED]}.
func Name(typeName string) string { return typeName + "{" + Redacted + "}" }

// Format writes Name(typeName), for every verb and flag (fmt.Formatter).
func Format(f fmt.State, typeName string) { _, _ = io.WriteString(f, Name(typeName)) }

// LogValue is Name(typeName) as a slog value (slog.LogValuer).
func LogValue(typeName string) slog.Value { return slog.StringValue(Name(typeName)) }

// JSON is Name(typeName) as a JSON string (json.Marshaler).
func JSON(typeName string) ([]byte, error) { return []byte(strconv.Quote(Name(typeName))), nil }
