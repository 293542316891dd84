// Package webhookx is the skeleton of every rxbridge webhook receiver: an
// http.Handler that accepts only POST (405), reads the body through a size
// limit (413), verifies it over the raw bytes before any parsing (401),
// parses it into a typed event (400), and answers 2xx only after the user's
// handler returned nil, so the sender retries when processing failed.
// Providers supply Verify and Parse; users supply Handle.
//
// It also has the constant-time checks the providers verify with, and a
// de-duplicating wrapper with a pluggable store.
package webhookx

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// DefaultMaxBodyBytes is the default body limit: 10 MiB, room for base64
// attachments.
const DefaultMaxBodyBytes = 10 << 20

// Errors a Verify or Parse function returns, matched with errors.Is.
var (
	// ErrUnauthorized: the delivery failed authentication (401).
	ErrUnauthorized = errors.New("webhook: authentication failed")
	// ErrMalformed: the body is not a valid event (400).
	ErrMalformed = errors.New("webhook: malformed payload")
	// ErrTooLarge: the body exceeds the limit (413).
	ErrTooLarge = errors.New("webhook: body too large")
)

// StatusCoder lets a handler's error choose the response status (for
// example 409 for a conflict the sender should not retry, or 503).
type StatusCoder interface{ HTTPStatus() int }

// Receiver is a webhook endpoint for events of type E.
type Receiver[E any] struct {
	// Provider names the package in logs.
	Provider string
	// MaxBodyBytes limits the body (DefaultMaxBodyBytes when 0).
	MaxBodyBytes int64
	// Verify authenticates the delivery over the raw body. Its error should
	// wrap ErrUnauthorized.
	Verify func(h http.Header, body []byte) error
	// Parse decodes the verified body. Its error should wrap ErrMalformed.
	Parse func(h http.Header, body []byte) (E, error)
	// Handle processes the event. A nil return acknowledges it (200); an
	// error answers 500 (or the StatusCoder's status) so the sender retries.
	Handle func(ctx context.Context, e E) error
	// Logger, when set, records outcomes (status, reason, size, duration);
	// never bodies, headers or secrets.
	Logger *slog.Logger
}

// ServeHTTP implements http.Handler.
func (rc *Receiver[E]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		rc.respond(w, r, http.StatusMethodNotAllowed, "method not allowed", 0, start)
		return
	}
	limit := rc.MaxBodyBytes
	if limit <= 0 {
		limit = DefaultMaxBodyBytes
	}
	if r.ContentLength > limit {
		rc.respond(w, r, http.StatusRequestEntityTooLarge, "body too large", 0, start)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			rc.respond(w, r, http.StatusRequestEntityTooLarge, "body too large", len(body), start)
			return
		}
		rc.respond(w, r, http.StatusBadRequest, "unreadable body", len(body), start)
		return
	}
	ev, err := rc.VerifyAndParse(r.Header, body)
	if err != nil {
		switch {
		case errors.Is(err, ErrUnauthorized):
			rc.respond(w, r, http.StatusUnauthorized, "unauthorized", len(body), start)
		case errors.Is(err, ErrTooLarge):
			rc.respond(w, r, http.StatusRequestEntityTooLarge, "body too large", len(body), start)
		default:
			rc.respond(w, r, http.StatusBadRequest, "malformed payload", len(body), start)
		}
		return
	}
	if err := rc.Handle(r.Context(), ev); err != nil {
		status := http.StatusInternalServerError
		var sc StatusCoder
		if errors.As(err, &sc) && sc.HTTPStatus() >= 400 && sc.HTTPStatus() <= 599 {
			status = sc.HTTPStatus()
		}
		rc.respond(w, r, status, "handler failed", len(body), start)
		return
	}
	rc.respond(w, r, http.StatusOK, "", len(body), start)
}

// VerifyAndParse authenticates and decodes a delivery, for users who route
// requests themselves. Nothing is parsed before verification succeeds.
func (rc *Receiver[E]) VerifyAndParse(h http.Header, body []byte) (E, error) {
	var zero E
	if rc.Verify != nil {
		if err := rc.Verify(h, body); err != nil {
			if !errors.Is(err, ErrUnauthorized) {
				err = errors.Join(ErrUnauthorized, err)
			}
			return zero, err
		}
	}
	ev, err := rc.Parse(h, body)
	if err != nil {
		if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrTooLarge) {
			err = errors.Join(ErrMalformed, err)
		}
		return zero, err
	}
	return ev, nil
}

// respond writes a small JSON answer and logs the outcome.
func (rc *Receiver[E]) respond(w http.ResponseWriter, r *http.Request, status int, reason string, size int, start time.Time) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if status < 300 {
		_, _ = io.WriteString(w, `{"received":true}`)
	} else {
		_, _ = io.WriteString(w, `{"error":"`+reason+`"}`)
	}
	if rc.Logger == nil {
		return
	}
	level := slog.LevelInfo
	if status >= 400 {
		level = slog.LevelWarn
	}
	rc.Logger.LogAttrs(r.Context(), level, "rxbridge webhook",
		slog.String("provider", rc.Provider), slog.Int("status", status), slog.String("reason", reason),
		slog.Int("bytes", size), slog.Duration("duration", time.Since(start)))
}

// EqualSecret compares a presented secret with the expected one in
// constant time, whatever their lengths (both are hashed first). An empty
// expected secret never matches.
func EqualSecret(got, want string) bool {
	if want == "" {
		return false
	}
	g := sha256.Sum256([]byte(got))
	x := sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], x[:]) == 1
}

// EqualAnySecret reports whether got matches any of the accepted secrets
// (several during a rotation). Every candidate is compared.
func EqualAnySecret(got string, accepted ...string) bool {
	ok := false
	for _, w := range accepted {
		if EqualSecret(got, w) {
			ok = true
		}
	}
	return ok
}

// HMACSHA256Hex returns the lowercase hex HMAC-SHA256 of body.
func HMACSHA256Hex(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// VerifyHMACSHA256Hex checks a hex HMAC-SHA256 signature of body (an
// optional "sha256=" prefix and upper case are accepted) against any of the
// secrets, in constant time.
func VerifyHMACSHA256Hex(body []byte, sigHex string, secrets ...[]byte) bool {
	sigHex = strings.TrimSpace(sigHex)
	sigHex = strings.TrimPrefix(strings.TrimPrefix(sigHex, "sha256="), "SHA256=")
	sig, err := hex.DecodeString(strings.ToLower(sigHex))
	if err != nil || len(sig) != sha256.Size {
		return false
	}
	ok := false
	for _, s := range secrets {
		if len(s) == 0 {
			continue
		}
		m := hmac.New(sha256.New, s)
		m.Write(body)
		if hmac.Equal(m.Sum(nil), sig) {
			ok = true
		}
	}
	return ok
}
