package allcarefhir

import (
	"fmt"
	"log/slog"

	"github.com/rxbridge/rxbridge-go/internal/redact"
)

// The types that hold a token, a client secret, a state or a PKCE verifier
// print as their name and [REDACTED], whatever prints them (fmt, slog,
// encoding/json). Token and AuthRequest print [REDACTED] too, but keep
// their JSON form: it is what the store keeps (encrypted by redisstore).

// Format prints the client without its tokens, whatever the verb.
func (Client) Format(f fmt.State, _ rune) { redact.Format(f, "allcarefhir.Client") }

// LogValue keeps the client's tokens out of slog.
func (Client) LogValue() slog.Value { return redact.LogValue("allcarefhir.Client") }

// MarshalJSON keeps the client's tokens out of JSON.
func (Client) MarshalJSON() ([]byte, error) { return redact.JSON("allcarefhir.Client") }

// Format prints the login without its client secret, whatever the verb.
func (l *Login) Format(f fmt.State, _ rune) { redact.Format(f, "allcarefhir.Login") }

// LogValue keeps the login's client secret out of slog.
func (l *Login) LogValue() slog.Value { return redact.LogValue("allcarefhir.Login") }

// MarshalJSON keeps the login's client secret out of JSON.
func (l *Login) MarshalJSON() ([]byte, error) { return redact.JSON("allcarefhir.Login") }

// Format prints the token source without its tokens or patient id,
// whatever the verb.
func (s *TokenSource) Format(f fmt.State, _ rune) { redact.Format(f, "allcarefhir.TokenSource") }

// LogValue keeps the tokens and patient id out of slog.
func (s *TokenSource) LogValue() slog.Value { return redact.LogValue("allcarefhir.TokenSource") }

// MarshalJSON keeps the tokens and patient id out of JSON.
func (s *TokenSource) MarshalJSON() ([]byte, error) { return redact.JSON("allcarefhir.TokenSource") }

// Format prints the configuration without its client secret, whatever the
// verb.
func (OAuthConfig) Format(f fmt.State, _ rune) { redact.Format(f, "allcarefhir.OAuthConfig") }

// LogValue keeps the client secret out of slog.
func (OAuthConfig) LogValue() slog.Value { return redact.LogValue("allcarefhir.OAuthConfig") }

// MarshalJSON keeps the client secret out of JSON.
func (OAuthConfig) MarshalJSON() ([]byte, error) { return redact.JSON("allcarefhir.OAuthConfig") }
