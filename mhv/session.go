package mhv

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/timefmt"
)

// Session timing defaults.
const (
	defaultEarly = 20 * time.Second
	// defaultLockWait is how long an instance waits for another that holds
	// a veteran's session-creation lock (vets-api's 40 × 0.3 s).
	defaultLockWait = 12 * time.Second
	// sessionFetchTimeout bounds one session creation, retries included
	// (the ICD promises an answer within 10 s), and is the lifetime of a
	// creation lock in the shared store.
	sessionFetchTimeout = 30 * time.Second
	// defaultSessionTTL applies when Expires is missing or unreadable.
	defaultSessionTTL = 5 * time.Minute
	// maxSessionTTL caps an absurd Expires (the cache's own cap).
	maxSessionTTL = 24 * time.Hour
	// sessionNamespace names veterans' sessions in the shared store (the
	// correlation id is the StoreKey's ID; the lock is
	// sessionNamespace + ".lock").
	sessionNamespace = "mhv.session"
)

// opSession names session creation in logs and errors.
const opSession = "CreateSession"

// createSession asks MHV for a new session: GET session with appToken and
// mhvCorrelationId. The token is the Token header; the expiry the Expires
// header. Failures are *httpx.Permanent wrapping a *SessionError: the
// session client already retried what retrying can fix (429, 5xx such as
// MHV's answer to concurrent creations, transport failures).
//
// It is the credential cache's Fetch: one creation per veteran at a time
// in this process and, with rxbridge.WithStore, in the whole fleet (the
// cache takes the veteran's creation lock in the store; the other
// instances wait for the session it stores). It runs detached from the
// caller that started it (the cache gives it that caller's values, so its
// logs correlate, without its cancellation, and a timeout).
func (c *Client) createSession(ctx context.Context, id string) (string, time.Time, error) {
	req := httpx.Request{
		Op:     opSession,
		Method: http.MethodGet,
		Route:  c.routes.session,
		Header: http.Header{
			"appToken":         {c.appToken.Reveal()},
			"mhvCorrelationId": {id},
			"Content-Type":     {"application/json"},
		},
	}
	resp, err := c.sess.Do(ctx, &req)
	if err != nil {
		var te *httpx.TransportError
		if !errors.As(err, &te) && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)) {
			// The creation's own deadline ended (a bare context error);
			// an attempt that timed out is already a *TransportError
			// with its attempt count.
			err = c.sessionTimeout(err)
		}
		return "", time.Time{}, &httpx.Permanent{Err: &SessionError{Err: err}}
	}
	tok := strings.TrimSpace(resp.Header.Get("Token"))
	if tok == "" || !headerSafe(tok) {
		e := &Error{APIError: resp.ErrorBase(), BodyFormat: bodyFormat(resp.Body)}
		e.Meaning = "the session response carried no usable Token header"
		return "", time.Time{}, &httpx.Permanent{Err: &SessionError{Err: e}}
	}
	return tok, sessionExpiry(resp.Header, c.now()), nil
}

// sessionTimeout reports a session creation that ran out of time.
func (c *Client) sessionTimeout(cause error) error {
	return &httpx.TransportError{Provider: "mhv", Op: opSession, Method: http.MethodGet,
		Host: c.host, Route: c.routes.session, Err: cause}
}

// sessionExpiry reads the session's end from the Expires header (RFC 1123
// in GMT, or the gateway's "... GMT+00:00"), moved onto the local clock by
// the server's Date header: now + (Expires - Date). Without a readable
// Date, Expires is used as it is; without a readable Expires, the zero
// time (the cache then uses its default lifetime).
func sessionExpiry(h http.Header, now time.Time) time.Time {
	exp, _, err := timefmt.ParseRFC1123(h.Get("Expires"))
	if err != nil {
		return time.Time{}
	}
	date, _, err := timefmt.ParseRFC1123(h.Get("Date"))
	if err != nil {
		return exp
	}
	life := exp.Sub(date)
	if life <= 0 {
		return time.Time{}
	}
	return now.Add(life)
}

// headerSafe reports whether v can travel in a header as it is (visible
// ASCII and spaces inside, no control characters).
func headerSafe(v string) bool {
	if v == "" || len(v) > 4096 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c == 0x7f {
			return false
		}
	}
	return true
}
