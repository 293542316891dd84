// Package httpx is the one HTTP pipeline every rxbridge provider uses:
// request building (base URL, escaped path parameters, query structs, JSON
// bodies as bytes), credentials through a RoundTripper, retries through
// go-retryablehttp under rules that know whether a request is idempotent,
// size-limited reads, typed errors and opt-in, PHI-free logging.
//
// The path of a call: provider method → Request → Client.Do → (auth
// transport, retry loop, response handler) → Response or error. Provider
// packages hold types, routes and provider rules; nothing about transport is
// written twice.
package httpx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	retryablehttp "github.com/hashicorp/go-retryablehttp"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/internal/telemetry"
)

// Version is the SDK version sent in the User-Agent.
const Version = rxbridge.Version

// Size limits.
const (
	// DefaultMaxResponseBytes bounds a successful response body (64 MiB:
	// FHIR pages and PDF assets are large; nothing we call is larger).
	DefaultMaxResponseBytes = 64 << 20
	// MaxErrorBytes bounds what is read of an error response body.
	MaxErrorBytes = 64 << 10
)

// Config is what a provider package tells the pipeline about itself. Users
// never see it; they set Options.
type Config struct {
	// Provider names the package in errors and logs ("mhv").
	Provider string
	// DefaultBaseURL is used when Options.BaseURL is empty.
	DefaultBaseURL string
	// Accept is the default Accept header (application/json when empty).
	Accept string
	// Header is added to every request (x-mock, x-api-key for a gateway).
	// Values are never logged.
	Header http.Header
	// Auth wraps the base transport with the provider's credentials. It
	// receives the user's transport (or the hardened default).
	Auth func(base http.RoundTripper) http.RoundTripper
	// DecodeError turns a non-2xx response into the provider's typed error.
	// When nil, an *apierr.Base with the status is returned.
	DecodeError func(*Response) error
	// RequestIDHeaders are read, in order, for the upstream's request id.
	RequestIDHeaders []string
	// Budget is the retry budget to share with other Clients of the same
	// provider client; when nil, New makes one from Options.Retry.
	Budget *RetryBudget
}

var defaultRequestIDHeaders = []string{"X-Request-Id", "X-Correlation-Id", "X-Amzn-Requestid", "X-Grid", "X-Trace-Id"}

// Client sends Requests. It is safe for concurrent use.
type Client struct {
	provider     string
	base         *url.URL
	baseStr      string
	hc           *http.Client
	rawTransport http.RoundTripper
	// attemptTimeout bounds each attempt (0: none); hc's transport applies
	// it, and hc has no Timeout of its own.
	attemptTimeout time.Duration
	// rc is the retry loop, built once: its hooks find the call they work
	// for in the request's context.
	rc          *retryablehttp.Client
	logger      *slog.Logger
	retry       RetryPolicy
	userAgent   string
	accept      string
	header      http.Header
	maxBody     int64
	decodeError func(*Response) error
	requestIDs  []string
	budget      *RetryBudget
	// bufs holds read buffers for bodies of unknown length.
	bufs sync.Pool
	// tel records spans and metrics; nil when telemetry is off.
	tel *telemetry.Recorder

	// uaValue and acceptValue are the User-Agent and default Accept header
	// values, built once and shared by every request (as header's are).
	uaValue, acceptValue []string
}

// New builds a Client from the provider's Config and the user's Options. It
// validates and never touches the network.
func New(cfg Config, o Options) (*Client, error) {
	raw := o.BaseURL
	if raw == "" {
		raw = cfg.DefaultBaseURL
	}
	base, err := parseBaseURL(raw)
	if err != nil {
		if o.BaseURL != "" {
			return nil, errors.New(cfg.Provider + ": option WithBaseURL: " + err.Error())
		}
		return nil, errors.New(cfg.Provider + ": base URL: " + err.Error())
	}
	c := &Client{
		provider:    cfg.Provider,
		base:        base,
		baseStr:     base.String(),
		logger:      o.Logger,
		retry:       RetryPolicy(o.Retry).withDefaults(),
		accept:      cfg.Accept,
		header:      cfg.Header.Clone(),
		maxBody:     o.MaxResponseBytes,
		decodeError: cfg.DecodeError,
		requestIDs:  cfg.RequestIDHeaders,
		budget:      cfg.Budget,
	}
	if c.budget == nil {
		c.budget = NewRetryBudget(o.Retry)
	}
	if c.tel, err = telemetry.New(o.TracerProvider, o.MeterProvider, Version); err != nil {
		return nil, errors.New(cfg.Provider + ": telemetry: " + err.Error())
	}
	if c.accept == "" {
		c.accept = "application/json"
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxResponseBytes
	}
	if len(c.requestIDs) == 0 {
		c.requestIDs = defaultRequestIDHeaders
	}
	c.userAgent = "rxbridge-go/" + Version
	if o.UserAgent != "" {
		c.userAgent = o.UserAgent + " " + c.userAgent
	}

	var hc http.Client
	if o.HTTPClient != nil {
		hc = *o.HTTPClient
	}
	if hc.Transport == nil {
		// The SDK's transport comes with the SDK's bound on an attempt
		// (a client that sets neither gets both). The attempt's bound is
		// the only one: the transport has no response-header timeout of
		// its own, which would cut a longer WithTimeout short.
		hc.Transport = DefaultTransport()
		if hc.Timeout == 0 {
			hc.Timeout = DefaultAttemptTimeout
		}
	}
	c.uaValue = []string{c.userAgent}
	c.acceptValue = []string{c.accept}
	c.rawTransport = hc.Transport
	if cfg.Auth != nil {
		hc.Transport = cfg.Auth(hc.Transport)
	}
	if o.Timeout > 0 {
		hc.Timeout = o.Timeout
	}
	hc.CheckRedirect = sameHostRedirects(hc.CheckRedirect)
	if hc.Timeout > 0 {
		// The attempt's bound, as a deadline on its context (see
		// attemptBound): each request, redirects included, gets hc.Timeout.
		c.attemptTimeout = hc.Timeout
		hc.Transport = &attemptBound{next: hc.Transport, d: hc.Timeout}
		hc.Timeout = 0
	}
	c.hc = &hc
	// The hooks are plain functions that find the call in the request's
	// context. The waits are the calls' own (see prepareRetryHook), so the
	// loop's Backoff waits nothing.
	c.rc = &retryablehttp.Client{
		HTTPClient:     c.hc,
		RetryMax:       c.retry.MaxRetries,
		CheckRetry:     checkRetryHook,
		Backoff:        noBackoff,
		PrepareRetry:   prepareRetryHook,
		ErrorHandler:   retryablehttp.PassthroughErrorHandler,
		RequestLogHook: beforeAttemptHook,
	}
	return c, nil
}

// BaseURL returns a copy of the base URL (with its trailing slash).
func (c *Client) BaseURL() *url.URL {
	if c == nil || c.base == nil {
		return nil
	}
	u := *c.base
	return &u
}

// Transport returns the transport under the auth layer (the user's or the
// default), for token endpoints that must not carry the API credential.
func (c *Client) Transport() http.RoundTripper {
	if c == nil {
		return nil
	}
	return c.rawTransport
}

// Logger returns the configured logger, or nil.
func (c *Client) Logger() *slog.Logger {
	if c == nil {
		return nil
	}
	return c.logger
}

// Provider returns the provider name given in Config.
func (c *Client) Provider() string {
	if c == nil {
		return ""
	}
	return c.provider
}

// Telemetry returns the client's recorder, nil when telemetry is off.
func (c *Client) Telemetry() *telemetry.Recorder { return c.tel }

// Response is a completed exchange.
type Response struct {
	// StatusCode and Header are the final attempt's.
	StatusCode int
	Header     http.Header
	// Body is the whole body of a 2xx response (within the size limit), or
	// at most MaxErrorBytes of any other response.
	Body []byte
	// Attempts counts the attempts made, including any that failed before
	// the request left (a credential fetch that failed, a refused
	// connection).
	Attempts int
	// Provider, Op, Method and Route describe the call.
	Provider, Op, Method, Route string

	requestID string
	// notIdempotent marks the response of a non-idempotent request, whose
	// unreadable 2xx body DecodeJSON reports as outcome unknown.
	notIdempotent bool
}

// RequestID returns the upstream's request id header, if any.
func (r *Response) RequestID(names ...string) string {
	for _, n := range names {
		if v := r.Header.Get(n); v != "" {
			return v
		}
	}
	return ""
}

// ContentType returns the response's Content-Type.
func (r *Response) ContentType() string { return r.Header.Get("Content-Type") }

// ErrorBase fills an apierr.Base with what the response tells. Providers
// add Code, Meaning and Message from the body.
func (r *Response) ErrorBase() apierr.Base {
	return apierr.Base{
		Provider:    r.Provider,
		Op:          r.Op,
		Method:      r.Method,
		Route:       r.Route,
		HTTPStatus:  r.StatusCode,
		RequestID:   apierr.Excerpt(r.requestID, 128),
		Attempts:    r.Attempts,
		ContentType: r.ContentType(),
	}
}

// requestID is filled by the client from its configured header names.
func (r *Response) setRequestID(names []string) { r.requestID = r.RequestID(names...) }

// IsSuccess reports a 2xx status.
func (r *Response) IsSuccess() bool { return r.StatusCode >= 200 && r.StatusCode < 300 }

// ctxKey carries the call state through the request context, so auth
// transports can ask which credential a request needs (CredentialKey).
type ctxKey struct{}

// IsIdempotent reports the idempotency of the call a request belongs to;
// true outside the pipeline only for idempotent methods.
func IsIdempotent(req *http.Request) bool {
	if st, ok := req.Context().Value(ctxKey{}).(*call); ok {
		return st.idempotent
	}
	return ByMethod.resolve(req.Method)
}

// CredentialKey returns the Request.CredentialKey of the call a request
// belongs to.
func CredentialKey(req *http.Request) string {
	if st, ok := req.Context().Value(ctxKey{}).(*call); ok {
		return st.credKey
	}
	return ""
}

// call is the state of one Do. It is also the context of the call's
// requests: the caller's context with the call's ClientTrace, answering
// ctxKey with itself (one allocation for both, instead of a call, a
// context.WithValue and the state's lookups through it). The retry hooks
// find it in the request's context; the httptrace hooks are bound to it.
type call struct {
	// Context is the caller's context, with the call's ClientTrace
	// (httptrace.WithClientTrace) for a non-idempotent request.
	context.Context
	c          *Client
	r          *Request
	host       string
	idempotent bool
	credKey    string
	// seen holds the httptrace events of the current attempt (evReached,
	// evMaybeSent).
	seen atomic.Uint32
	// ctxUnknown records that the caller's context ended while a
	// non-idempotent attempt may have reached the server.
	ctxUnknown bool
	attempt    int
	// loggedAttempt is the last attempt logged.
	loggedAttempt int
	// start and attemptAt time the call and its attempt for the logs; they
	// are read (and set) only when there is a logger.
	start     time.Time
	attemptAt time.Time
	wait      time.Duration
	// spent is what this call took from the retry budget; denied records
	// that the budget refused a retry.
	spent  int
	denied bool
	body   []byte
	// bodyRead: the final response's body was consumed (read by
	// checkRetryHook, or drained by the retry loop before a retry the
	// caller gave up waiting for).
	bodyRead bool
	readErr  error
	trace    httptrace.ClientTrace
	// rreq is the retry loop's request, held here rather than allocated
	// on its own.
	rreq retryablehttp.Request
	// tc is the call's telemetry (nil when off); ta its current attempt,
	// ended when the next begins or the call ends, with what checkRetry
	// saw of it (taStatus, taClass, taRetry).
	tc       *telemetry.Call
	ta       *telemetry.Attempt
	taStatus int
	taClass  telemetry.Outcome
	taRetry  string
}

// The httptrace events of one attempt, as bits of call.seen. net/http's
// transport reports them under any RoundTripper that passes the request's
// context on (otelhttp, a logging wrapper, the auth transports), so what
// an attempt did is known from what happened, not from the transport's
// type.
const (
	// evReached: net/http's transport took the request and looked for a
	// connection for it (GetConn). From then on its events tell whether
	// the request was handed to one.
	evReached uint32 = 1 << iota
	// evMaybeSent: a connection was handed the request (GotConn, which
	// precedes every byte of it, over HTTP/1 and HTTP/2) or its headers
	// were written (WroteHeaders).
	evMaybeSent
)

// Value implements context.Context: the call for ctxKey, the caller's
// context's values otherwise.
func (st *call) Value(key any) any {
	if _, ok := key.(ctxKey); ok {
		return st
	}
	return st.Context.Value(key)
}

// reached is the GetConn hook.
func (st *call) reached(string) { st.seen.Or(evReached) }

// gotConn is the GotConn hook.
func (st *call) gotConn(httptrace.GotConnInfo) { st.seen.Or(evMaybeSent) }

// wroteHeaders is the WroteHeaders hook.
func (st *call) wroteHeaders() { st.seen.Or(evMaybeSent) }

// provenNotSent reports that the current attempt provably wrote nothing:
// net/http's transport reported taking it (GetConn) and never handing it
// to a connection. With no event at all (a transport that does not reach
// net/http, or that drops the request's context) nothing is proven, and
// the attempt may have been sent. Only a non-idempotent request's attempts
// carry the trace: for an idempotent one it is always false.
func (st *call) provenNotSent() bool { return st.seen.Load() == evReached }

// Do sends r and returns the response of a 2xx, or an error: the provider's
// typed error for other statuses (wrapped in an *OutcomeUnknownError when a
// non-idempotent request met a 5xx), *OutcomeUnknownError,
// *TransportError, *TooLargeError (wrapped in an *OutcomeUnknownError for a
// non-idempotent request: the upstream answered 2xx), ErrBadRequest, or
// ctx.Err().
func (c *Client) Do(ctx context.Context, r *Request) (*Response, error) {
	return c.do(ctx, r, nil)
}

// do is Do, and DoJSON when out is not nil: the call's log record and span
// end after the decoding, so they tell what the caller is told.
func (c *Client) do(ctx context.Context, r *Request, out any) (*Response, error) {
	if r == nil {
		return nil, apierr.Input(c.Provider(), "", "nil request")
	}
	if err := CheckCall(ctx, c, r.Op); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ctx, tc := c.tel.StartCall(ctx, c.provider, r.Op, r.Method, r.Route)
	u, err := c.buildURL(r)
	if err != nil {
		tc.End(0, 0, telemetry.OutcomeRefused)
		return nil, err
	}
	st := &call{
		c:          c,
		r:          r,
		host:       c.base.Host,
		idempotent: r.Idempotency.resolve(r.Method),
		credKey:    r.CredentialKey,
		tc:         tc,
	}
	if c.logger != nil {
		st.start = time.Now()
	}
	st.Context = ctx
	if !st.idempotent {
		// Only a non-idempotent request needs to know whether an attempt
		// left (an idempotent one is retried either way), so only its
		// attempts carry the trace and pay for its hooks.
		st.trace.GetConn = st.reached
		st.trace.GotConn = st.gotConn
		st.trace.WroteHeaders = st.wroteHeaders
		// WithClientTrace composes: a trace the caller put in ctx still
		// sees every event.
		st.Context = httptrace.WithClientTrace(ctx, &st.trace)
	}
	ctx = st

	var body any
	switch {
	case r.BodyFunc != nil:
		body = retryablehttp.ReaderFunc(r.BodyFunc)
	case r.Body != nil:
		body = r.Body
	}
	hreq, err := http.NewRequestWithContext(ctx, r.Method, u, nil)
	if err == nil {
		st.rreq.Request = hreq
		err = st.rreq.SetBody(body)
	}
	if err != nil {
		tc.End(0, 0, telemetry.OutcomeRefused)
		return nil, apierr.Input(c.provider, r.Op, "cannot build the request")
	}
	rreq := &st.rreq
	if r.BodyFunc != nil && r.BodyLength >= 0 {
		rreq.ContentLength = r.BodyLength
	}
	h := rreq.Header
	for k, v := range c.header {
		h[k] = v
	}
	for k, v := range r.Header {
		h[k] = v
	}
	h["User-Agent"] = c.uaValue
	if h.Get("Accept") == "" {
		if r.Accept != "" {
			h.Set("Accept", r.Accept)
		} else {
			h["Accept"] = c.acceptValue
		}
	}
	if (r.Body != nil || r.BodyFunc != nil) && h.Get("Content-Type") == "" {
		ct := r.ContentType
		if ct == "" {
			ct = "application/json"
		}
		h.Set("Content-Type", ct)
	}

	hresp, doErr := c.rc.Do(rreq)
	if hresp != nil && !st.bodyRead {
		// The loop stopped on an error path with a response in hand.
		st.readErrorBody(hresp)
	}
	if doErr != nil || st.readErr != nil {
		cause := doErr
		if st.readErr != nil {
			cause = st.readErr
		}
		err := st.budgetErr(st.failure(ctx, cause))
		st.end(ctx, 0, err)
		return nil, err
	}
	resp := &Response{
		StatusCode: hresp.StatusCode,
		Header:     hresp.Header,
		Body:       st.body,
		Attempts:   st.attempt,
		Provider:   c.provider,
		Op:         r.Op,
		Method:     r.Method,
		Route:      r.Route,

		notIdempotent: !st.idempotent,
	}
	resp.setRequestID(c.requestIDs)
	if resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests {
		// The upstream answered as meant: it is healthy again.
		c.budget.give(max(st.spent, SuccessRefund))
	}
	if resp.IsSuccess() {
		if r.Expect != nil {
			if cause := r.Expect(resp); cause != nil {
				err := st.budgetErr(resp.Unexpected(cause))
				st.end(ctx, resp.StatusCode, err)
				return resp, err
			}
		}
		if out != nil {
			if err := DecodeJSON(resp, out); err != nil {
				st.end(ctx, resp.StatusCode, err)
				return resp, err
			}
		}
		st.end(ctx, resp.StatusCode, nil)
		return resp, nil
	}
	err = c.statusError(resp)
	if !st.idempotent && outcomeUnknownStatus(resp.StatusCode) {
		err = &OutcomeUnknownError{Provider: c.provider, Op: r.Op, Method: r.Method, Route: r.Route, Attempts: st.attempt, Err: err}
	}
	err = st.budgetErr(err)
	st.end(ctx, resp.StatusCode, err)
	return resp, err
}

// end closes the call: its log record, its last attempt's span and its own.
func (st *call) end(ctx context.Context, status int, err error) {
	st.c.logCall(ctx, st, status, err)
	if st.tc == nil {
		return
	}
	st.endAttempt()
	st.tc.End(status, st.attempt, OutcomeOf(err))
}

// DoJSON is Do followed by decoding a 2xx JSON body into out (when out is
// not nil and the body is not empty). The Content-Type is not trusted
// either way: upstreams label JSON as text/plain and HTML as JSON.
func (c *Client) DoJSON(ctx context.Context, r *Request, out any) (*Response, error) {
	return c.do(ctx, r, out)
}

// DecodeJSON decodes resp.Body into out, with jsoncodec (encoding/json's
// rules and errors, in one pass over a body checked once). An empty (or all-space) body
// leaves out unchanged (an operation that needs a body says so with
// Request.Expect or its own check). A UTF-8 byte order mark is skipped. A
// body that does not decode gives resp.Unexpected: a *DecodeError, wrapped
// in an *OutcomeUnknownError when resp answers a non-idempotent request
// with 2xx.
func DecodeJSON(resp *Response, out any) error {
	b := bytes.TrimPrefix(resp.Body, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	if err := jsoncodec.Unmarshal(b, out); err != nil {
		return resp.Unexpected(err)
	}
	return nil
}

// Unexpected reports a 2xx answer that is not the operation's documented
// success: a body that does not decode, an HTML page, a JSON value of
// another shape, a create's answer without the created id. cause says
// what failed or is missing (a decoder error, a *ShapeError) and must not
// carry the body. The result is a *DecodeError wrapping cause; when resp
// answers a non-idempotent request it is wrapped in an
// *OutcomeUnknownError: the upstream answered, so it may have acted, but
// its answer does not say it did, and repeating the call could act twice.
func (r *Response) Unexpected(cause error) error {
	de := &DecodeError{Provider: r.Provider, Op: r.Op, Method: r.Method, Route: r.Route, StatusCode: r.StatusCode,
		ContentType: apierr.Excerpt(r.ContentType(), 100), Err: cause}
	if r.notIdempotent && r.IsSuccess() {
		return &OutcomeUnknownError{Provider: r.Provider, Op: r.Op, Method: r.Method, Route: r.Route,
			Attempts: r.Attempts, Err: de}
	}
	return de
}

// statusError builds the error for a non-2xx response.
func (c *Client) statusError(resp *Response) error {
	if c.decodeError != nil {
		if err := c.decodeError(resp); err != nil {
			return err
		}
	}
	b := resp.ErrorBase()
	return &b
}

// beforeAttempt runs before each attempt (retryablehttp RequestLogHook).
func (st *call) beforeAttempt(_ retryablehttp.Logger, req *http.Request, i int) {
	if st.tc != nil {
		st.endAttempt()
		_, st.ta = st.tc.StartAttempt(req.Context(), i+1, st.host)
	}
	st.attempt = i + 1
	if st.c.logger != nil {
		st.attemptAt = time.Now()
	}
	st.seen.Store(0)
}

// checkRetry decides whether to send the request again. It never returns
// an error other than the context's: the final outcome is built by Do from
// the call state.
func (st *call) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		// The context ended during this attempt. Unless the attempt
		// provably sent nothing, a non-idempotent request's outcome is
		// unknown (a response that arrived counts: it was processed).
		var ns *NotSent
		provenNotSent := errors.As(err, &ns) || st.provenNotSent()
		// An answer that says the upstream refused (a 4xx) tells what
		// happened: nothing. Any other answer (2xx, 3xx, 5xx) may mean it
		// acted, and so may a request that provably left.
		refused := resp != nil && resp.StatusCode >= 400 && !outcomeUnknownStatus(resp.StatusCode)
		if !st.idempotent && !refused && (resp != nil || !provenNotSent) {
			st.ctxUnknown = true
		}
		st.noteAttempt(resp, err, false)
		st.c.logAttempt(ctx, st, resp, err, false)
		return false, ctxErr
	}
	retry := false
	if err != nil {
		switch classify(err, st.provenNotSent()) {
		case classNotSent:
			retry = true
		case classMaybeSent:
			retry = st.idempotent
		}
	} else {
		retry = retryableStatus(resp.StatusCode, st.idempotent)
	}
	if retry && st.attempt > st.c.retry.MaxRetries {
		retry = false
	}
	if retry {
		st.wait = st.c.retry.backoff(st.attempt-1, resp, time.Now())
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= st.wait {
			// The wait would outlive the caller's deadline: stop now and
			// report what we have rather than sleep into a timeout.
			retry = false
		}
	}
	if retry {
		cost := RetryCost
		if err != nil {
			cost = TransportRetryCost
		}
		if st.c.budget.take(cost) {
			st.spent += cost
		} else {
			retry, st.denied = false, true
		}
	}
	st.noteAttempt(resp, err, retry)
	// checkRetryHook calls checkRetry again when reading the body of the
	// final answer failed; that second pass is logged too.
	if st.loggedAttempt != st.attempt || err != nil {
		st.loggedAttempt = st.attempt
		st.c.logAttempt(ctx, st, resp, err, retry)
	}
	return retry, nil
}

// budgetErr marks err when the retry budget refused a retry of this call:
// "err (not retried: retry budget exhausted)", matching and unwrapping to
// both (a plain wrapper: the error users name is err's).
func (st *call) budgetErr(err error) error {
	if st.denied && err != nil {
		return fmt.Errorf("%w (not retried: %w)", err, ErrRetryBudgetExhausted)
	}
	return err
}

// checkRetryHook is retryablehttp's CheckRetry: the call's checkRetry. On
// an answer that will not be retried it reads the body (readBody), and
// when that read fails decides again with the read's error, so a
// truncated 2xx of an idempotent request is retried.
func checkRetryHook(ctx context.Context, resp *http.Response, err error) (bool, error) {
	st, ok := ctx.Value(ctxKey{}).(*call)
	if !ok {
		return false, errors.New("httpx: request outside the pipeline")
	}
	retry, cerr := st.checkRetry(ctx, resp, err)
	if retry || cerr != nil || err != nil {
		return retry, cerr
	}
	if rerr := st.readBody(resp); rerr != nil {
		return st.checkRetry(ctx, resp, rerr)
	}
	return false, nil
}

// beforeAttemptHook is retryablehttp's RequestLogHook: the call's
// beforeAttempt.
func beforeAttemptHook(l retryablehttp.Logger, req *http.Request, i int) {
	if st, ok := req.Context().Value(ctxKey{}).(*call); ok {
		st.beforeAttempt(l, req, i)
	}
}

// noBackoff is retryablehttp's Backoff. The loop is shared by every call
// of a Client and Backoff cannot reach the call (after a transport failure
// it gets no response), so the call's own wait happens in
// prepareRetryHook instead.
func noBackoff(_, _ time.Duration, _ int, _ *http.Response) time.Duration { return 0 }

// prepareRetryHook is retryablehttp's PrepareRetry, called just before a
// retry is sent: it waits the call's backoff (checkRetry computed it:
// exponential with jitter, or the capped Retry-After), or returns the
// context's error when the caller gives up first, which ends the loop.
func prepareRetryHook(req *http.Request) error {
	ctx := req.Context()
	st, ok := ctx.Value(ctxKey{}).(*call)
	if !ok || st.wait <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(st.wait)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		// The loop drained the last response before waiting.
		st.bodyRead = true
		return ctx.Err()
	}
}

// readBody runs inside the retry loop on a final response (checkRetryHook):
// it reads the whole body of a 2xx (within the size limit) or an excerpt
// of any other. A failed read of a 2xx is returned, so checkRetry can retry
// an idempotent request and Do can report a non-idempotent one as outcome
// unknown.
func (st *call) readBody(resp *http.Response) error {
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		st.readErrorBody(resp)
		return nil
	}
	st.bodyRead = true
	defer resp.Body.Close()
	b, err := st.c.readLimited(resp.Body, resp.ContentLength)
	if err != nil {
		if errors.Is(err, ErrResponseTooLarge) {
			err = &TooLargeError{Provider: st.c.provider, Op: st.r.Op, Method: st.r.Method, Route: st.r.Route, Limit: st.c.maxBody}
		}
		st.readErr = err
		return err
	}
	st.readErr = nil
	st.body = b
	return nil
}

// readErrorBody keeps at most MaxErrorBytes of a non-2xx body, drains a
// little more so the connection can be reused, and closes it. A read error
// is ignored: the status is the answer.
func (st *call) readErrorBody(resp *http.Response) {
	st.bodyRead = true
	st.readErr = nil
	if resp.Body == nil {
		return
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, MaxErrorBytes))
	_, _ = io.CopyN(io.Discard, resp.Body, 4*MaxErrorBytes)
	_ = resp.Body.Close()
	st.body = b
}

// failure turns a transport-level failure into the error Do returns.
func (st *call) failure(ctx context.Context, cause error) error {
	r := st.r
	if ctxErr := ctx.Err(); ctxErr != nil {
		if st.ctxUnknown {
			return &OutcomeUnknownError{Provider: st.c.provider, Op: r.Op, Method: r.Method, Route: r.Route, Attempts: st.attempt, Err: ctxErr}
		}
		return ctxErr
	}
	var tl *TooLargeError
	if errors.As(cause, &tl) {
		if !st.idempotent {
			// The upstream answered 2xx: it acted, but its answer (the id
			// of what it created) was not read. Repeating the call could
			// act twice.
			return &OutcomeUnknownError{Provider: st.c.provider, Op: r.Op, Method: r.Method, Route: r.Route, Attempts: st.attempt, Err: tl}
		}
		return tl
	}
	var p *Permanent
	var cf *credentialFailure
	if errors.As(cause, &cf) {
		// The credential could not be had: the call was not sent. A
		// verdict (Permanent: the provider's typed error, its retries
		// done) or an answer of the credential endpoint is the call's
		// credential failure; an endpoint that could not be reached is a
		// transport failure of the call (below).
		credErr := cf.Err
		if errors.As(credErr, &p) {
			credErr = p.Err
		}
		if p != nil || answered(credErr) {
			return &CredentialError{Provider: st.c.provider, Op: r.Op, Method: r.Method, Route: r.Route, Attempts: st.attempt, Err: sanitize(credErr)}
		}
	}
	if errors.As(cause, &p) {
		// Another transport's verdict: return it as it is.
		return sanitize(p.Err)
	}
	te := &TransportError{Provider: st.c.provider, Op: r.Op, Method: r.Method, Host: st.host, Route: r.Route, Attempts: st.attempt, Err: sanitize(cause)}
	if !st.idempotent && classify(cause, st.provenNotSent()) == classMaybeSent {
		return &OutcomeUnknownError{Provider: st.c.provider, Op: r.Op, Method: r.Method, Route: r.Route, Attempts: st.attempt, Err: te}
	}
	return te
}

// readLimited reads at most maxBody bytes; more is ErrResponseTooLarge. A
// known Content-Length sizes the buffer exactly (and fails early when too
// large); an unknown one reads into a pooled buffer and copies the result
// once, instead of growing a new buffer by doubling.
func (c *Client) readLimited(r io.Reader, contentLength int64) ([]byte, error) {
	limit := c.maxBody
	if contentLength > limit {
		return nil, ErrResponseTooLarge
	}
	if contentLength > 0 {
		// One byte more than announced: a body that ends where its
		// Content-Length says reads as io.ErrUnexpectedEOF with exactly
		// contentLength bytes, without a second buffer (bytes.Buffer's
		// ReadFrom would grow one to keep bytes.MinRead free).
		buf := make([]byte, contentLength+1)
		n, err := io.ReadFull(r, buf)
		switch {
		case err == io.ErrUnexpectedEOF && int64(n) == contentLength:
			return buf[:n:n], nil
		case err == io.ErrUnexpectedEOF || err == io.EOF:
			return nil, io.ErrUnexpectedEOF
		case err != nil:
			return nil, err
		}
		// More than announced (a transport that does not enforce
		// Content-Length): read on, within the limit.
		return readRest(bytes.NewBuffer(buf), r, limit)
	}
	buf, _ := c.bufs.Get().(*bytes.Buffer)
	if buf == nil {
		buf = bytes.NewBuffer(make([]byte, 0, 32<<10))
	}
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			buf.Reset()
			c.bufs.Put(buf)
		}
	}()
	b, err := readRest(buf, r, limit)
	if err != nil {
		return nil, err
	}
	return bytes.Clone(b), nil
}

// readRest reads r to its end after what buf holds; more than limit bytes
// in all is ErrResponseTooLarge.
func readRest(buf *bytes.Buffer, r io.Reader, limit int64) ([]byte, error) {
	if int64(buf.Len()) > limit {
		return nil, ErrResponseTooLarge
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, limit-int64(buf.Len())+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, ErrResponseTooLarge
	}
	return buf.Bytes(), nil
}

// maxPooledBuffer bounds the read buffers kept for reuse (a 64 MiB FHIR
// page is read once; keeping its buffer would pin the memory).
const maxPooledBuffer = 1 << 20

// sameHostRedirects follows at most 5 redirects, only to the same scheme
// and host (credentials ride on every hop), then defers to the user's
// policy. It follows none for a non-idempotent request, and none that
// would change the method (a 301/302/303 turns a POST into a GET of
// another resource, often a login page, whose 200 would be taken for the
// answer): the 3xx itself is then the answer, which Do turns into the
// provider's error (outcome unknown for a non-idempotent request). These
// refusals come before the user's policy, which cannot undo them.
func sameHostRedirects(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if !IsIdempotent(via[0]) || req.Method != via[0].Method {
			return http.ErrUseLastResponse
		}
		if len(via) >= 5 {
			return errTooManyRedirects
		}
		first := via[0].URL
		if !strings.EqualFold(req.URL.Host, first.Host) || req.URL.Scheme != first.Scheme {
			return errRedirectRefused
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
}

var (
	errRedirectRefused  = &Permanent{Err: errors.New("redirect refused: it leads to another host or scheme")}
	errTooManyRedirects = &Permanent{Err: errors.New("stopped after 5 redirects")}
)
