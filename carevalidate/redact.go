package carevalidate

import (
	"fmt"
	"log/slog"

	"github.com/rxbridge/rxbridge-go/internal/redact"
)

// The types that hold a credential print as their name and [REDACTED],
// whatever prints them (fmt, slog, encoding/json). CreateCaseRequest,
// which carries the patient's password, is redacted in fmt and slog and
// keeps its JSON form: it is the request body.

// Format prints the client without its API key, whatever the verb.
func (Client) Format(f fmt.State, _ rune) { redact.Format(f, "carevalidate.Client") }

// LogValue keeps the client's API key out of slog.
func (Client) LogValue() slog.Value { return redact.LogValue("carevalidate.Client") }

// MarshalJSON keeps the client's API key out of JSON.
func (Client) MarshalJSON() ([]byte, error) { return redact.JSON("carevalidate.Client") }

// Format prints the receiver without its secrets, whatever the verb.
func (Receiver) Format(f fmt.State, _ rune) { redact.Format(f, "carevalidate.Receiver") }

// LogValue keeps the receiver's secrets out of slog.
func (Receiver) LogValue() slog.Value { return redact.LogValue("carevalidate.Receiver") }

// MarshalJSON keeps the receiver's secrets out of JSON.
func (Receiver) MarshalJSON() ([]byte, error) { return redact.JSON("carevalidate.Receiver") }

// Format prints the secrets struct without its values, whatever the verb.
func (WebhookSecrets) Format(f fmt.State, _ rune) { redact.Format(f, "carevalidate.WebhookSecrets") }

// LogValue keeps the secrets out of slog.
func (WebhookSecrets) LogValue() slog.Value { return redact.LogValue("carevalidate.WebhookSecrets") }

// MarshalJSON keeps the secrets out of JSON.
func (WebhookSecrets) MarshalJSON() ([]byte, error) {
	return redact.JSON("carevalidate.WebhookSecrets")
}

// Format prints the request without its content (PHI and the password),
// whatever the verb. json.Marshal still encodes it: it is the request body.
func (CreateCaseRequest) Format(f fmt.State, _ rune) {
	redact.Format(f, "carevalidate.CreateCaseRequest")
}

// LogValue keeps the request's content (PHI and the password) out of slog.
func (CreateCaseRequest) LogValue() slog.Value {
	return redact.LogValue("carevalidate.CreateCaseRequest")
}
