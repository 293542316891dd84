package mhv

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/redact"
)

// Option configures a Client.
type Option func(*options)

type options struct {
	httpx.Options
	gateway  bool
	apiKey   redact.Secret
	store    SessionStore
	early    time.Duration
	lockWait time.Duration
	clock    func() time.Time // tests only
	errs     []error
}

func (o *options) fail(msg string) { o.errs = append(o.errs, errors.New("rxbridge: option "+msg)) }

// RetryPolicy bounds retries (see WithRetry).
type RetryPolicy = httpx.RetryPolicy

// WithBaseURL sets the API base, which MHV requires (there is no public
// default): the legacy ".../mhv-api/patient/v1" base, or with WithGateway
// the API gateway's pharmacy base (".../v1"). A path prefix is kept.
func WithBaseURL(u string) Option { return func(o *options) { o.SetBaseURL(u) } }

// WithHTTPClient sets the *http.Client whose transport carries requests.
// Its Transport, Timeout and CheckRedirect are kept; the SDK adds the
// session token and refuses redirects to other hosts.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.SetHTTPClient(c) } }

// WithLogger turns on logging (off by default). Records never carry
// tokens, correlation ids, prescription ids or bodies.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.SetLogger(l) } }

// WithRetry sets the retry limits of reads and session creation. A refill
// is never retried once it may have reached MHV.
func WithRetry(p RetryPolicy) Option { return func(o *options) { o.SetRetry(p) } }

// WithTimeout bounds each attempt (connect, send, headers, body). The
// default, when neither WithTimeout nor WithHTTPClient is given, is 30 s,
// the ICD's bound on a response. Your ctx bounds the whole call.
func WithTimeout(d time.Duration) Option { return func(o *options) { o.SetTimeout(d) } }

// WithUserAgent puts your product token before the SDK's own.
func WithUserAgent(ua string) Option { return func(o *options) { o.SetUserAgent(ua) } }

// WithMaxResponseBytes sets the size limit of a successful body (default
// 64 MiB; a full medications list can exceed 1 MiB).
func WithMaxResponseBytes(n int64) Option { return func(o *options) { o.SetMaxResponseBytes(n) } }

// WithGateway switches to the VA API gateway's routes
// (usermgmt/auth/session, pharmacy/ess/..., usermgmt/notification/...) and
// sends apiKey as x-api-key on every request, the session request
// included. Give the gateway's pharmacy base with WithBaseURL.
func WithGateway(apiKey string) Option {
	return func(o *options) {
		if apiKey == "" || strings.ContainsAny(apiKey, "\r\n\x00") {
			o.fail("WithGateway: the API key is empty or contains a line break")
			return
		}
		o.gateway = true
		o.apiKey = redact.NewSecret(apiKey)
	}
}

// WithSessionStore keeps veterans' sessions in s instead of in memory, so
// several instances of your service share them (a Redis store, for
// example). When s also implements SessionLocker, session creation is
// serialized across instances too. The client still caches sessions in
// memory and creates at most one per veteran at a time in this process.
func WithSessionStore(s SessionStore) Option {
	return func(o *options) {
		if s == nil {
			o.fail("WithSessionStore: nil store")
			return
		}
		o.store = s
	}
}

// WithSessionRefresh sets how long before its Expires a session is
// replaced (default 20 s, as vets-api does; never more than half of the
// session's lifetime).
func WithSessionRefresh(early time.Duration) Option {
	return func(o *options) {
		if early <= 0 {
			o.fail("WithSessionRefresh: must be positive")
			return
		}
		o.early = early
	}
}

// WithSessionLockWait sets how long a process waits for another instance
// that holds a veteran's session-creation lock (SessionLocker) before it
// creates a session itself (default 12 s, vets-api's 40 × 0.3 s).
func WithSessionLockWait(d time.Duration) Option {
	return func(o *options) {
		if d <= 0 {
			o.fail("WithSessionLockWait: must be positive")
			return
		}
		o.lockWait = d
	}
}
