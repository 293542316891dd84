package develophealth

import (
	"fmt"
	"log/slog"

	"github.com/rxbridge/rxbridge-go/internal/redact"
)

// The types that hold a credential print as their name and [REDACTED],
// whatever prints them (fmt, slog, encoding/json).

// Format prints the client without its API token, whatever the verb.
func (Client) Format(f fmt.State, _ rune) { redact.Format(f, "develophealth.Client") }

// LogValue keeps the client's API token out of slog.
func (Client) LogValue() slog.Value { return redact.LogValue("develophealth.Client") }

// MarshalJSON keeps the client's API token out of JSON.
func (Client) MarshalJSON() ([]byte, error) { return redact.JSON("develophealth.Client") }

// Format prints the receiver without its secrets, whatever the verb.
func (Receiver) Format(f fmt.State, _ rune) { redact.Format(f, "develophealth.Receiver") }

// LogValue keeps the receiver's secrets out of slog.
func (Receiver) LogValue() slog.Value { return redact.LogValue("develophealth.Receiver") }

// MarshalJSON keeps the receiver's secrets out of JSON.
func (Receiver) MarshalJSON() ([]byte, error) {
	return redact.JSON("develophealth.Receiver")
}
