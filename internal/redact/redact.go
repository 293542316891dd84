// Package redact keeps secrets out of logs, error strings and dumps.
//
// The credential holder itself is rxbridge.Secret, public because the API
// returns secrets (a Stripe client secret); this package gives the SDK's
// internals its short names and the text every redacted value prints as.
package redact

import rxbridge "github.com/rxbridge/rxbridge-go"

// Redacted is what a Secret, and every other redacted value, prints as.
const Redacted = "[REDACTED]"

// Secret is a credential that never prints (see rxbridge.Secret).
type Secret = rxbridge.Secret

// NewSecret wraps a credential.
func NewSecret(v string) Secret { return rxbridge.NewSecret(v) }
