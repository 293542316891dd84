// Package redact keeps secrets out of logs, error strings and dumps.
//
// The credential holder itself is rxbridge.Secret, public because the API
// returns secrets (a Stripe client secret); this package gives the SDK's
// internals its short names and the text every redacted value prints as.
package redact

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// Redacted is what a Secret, and every other redacted value, prints as.
const Redacted = "[REDACTED]"

// Secret is a credential that never prints (see rxbridge.Secret).
type Secret = rxbridge.Secret

// NewSecret wraps a credential.
func NewSecret(v string) Secret { return rxbridge.NewSecret(v) }

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
