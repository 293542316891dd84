package mhv

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/credcache"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/redact"
	"github.com/rxbridge/rxbridge-go/internal/telemetry"
)

// Client is an application's connection to My HealtheVet: one appToken,
// many veterans. Get a veteran's handle with User; each veteran's calls
// carry that veteran's own session, which the client creates, caches,
// refreshes and replaces as needed. A Client is safe for concurrent use;
// make one and share it.
type Client struct {
	api      *httpx.Client // data calls, through the session transport
	sess     *httpx.Client // session creation: same options, no session
	appToken redact.Secret
	host     string
	routes   *routes
	cache    *credcache.Cache[string]
	early    time.Duration
	now      func() time.Time
}

// routes are the paths, relative to the base URL, of one deployment.
type routes struct {
	session, active, history, medications, tracking, rxDoc, refill, refillBatch, email, rxPreference string
}

// legacyRoutes hang from ".../mhv-api/patient/v1/" (the ICD).
var legacyRoutes = routes{
	session:      "session",
	active:       "prescription/getactiverx",
	history:      "prescription/gethistoryrx",
	medications:  "prescription/medications",
	tracking:     "prescription/rxtracking/{id}",
	rxDoc:        "prescription/getrxdoc/{ndc}",
	refill:       "prescription/rxrefill/{id}",
	refillBatch:  "prescription/rxrefill",
	email:        "preferences/email",
	rxPreference: "preferences/rx",
}

// gatewayRoutes hang from the API gateway's pharmacy base (".../v1/").
var gatewayRoutes = routes{
	session:      "usermgmt/auth/session",
	active:       "pharmacy/ess/getactiverx",
	history:      "pharmacy/ess/gethistoryrx",
	medications:  "pharmacy/ess/medications",
	tracking:     "pharmacy/ess/rxtracking/{id}",
	rxDoc:        "pharmacy/ess/getrxdoc/{ndc}",
	refill:       "pharmacy/ess/rxrefill/{id}",
	refillBatch:  "pharmacy/ess/rxrefill",
	email:        "usermgmt/notification/email",
	rxPreference: "usermgmt/notification/rx",
}

// defaultTimeout bounds an attempt when the user sets neither rxbridge.WithTimeout
// nor rxbridge.WithHTTPClient: the ICD's "near real-time" bound of 30 s.
const defaultTimeout = 30 * time.Second

// NewClient returns a client for the application identified by appToken
// (the "Application Token provided ... by MHV"). rxbridge.WithBaseURL is required.
// NewClient validates its arguments and never touches the network; errors
// name the argument, never its value.
func NewClient(appToken string, opts ...Option) (*Client, error) {
	var o options
	applyErr := o.apply(opts)
	var errs []error
	if appToken == "" {
		errs = append(errs, errors.New("mhv: NewClient: appToken is empty"))
	} else if !headerSafe(appToken) {
		errs = append(errs, errors.New("mhv: NewClient: appToken contains characters a header cannot carry"))
	}
	if o.BaseURL == "" && applyErr == nil {
		errs = append(errs, errors.New("mhv: NewClient: rxbridge.WithBaseURL is required (MHV has no public endpoint: use the base of your agreement, such as https://<host>/mhv-api/patient/v1)"))
	}
	if applyErr != nil {
		errs = append(errs, applyErr)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if o.Timeout == 0 && o.HTTPClient == nil {
		o.Timeout = defaultTimeout
	}
	base, perr := url.Parse(strings.TrimSpace(o.BaseURL)) // validated by httpx.New
	if perr != nil {
		return nil, errors.New("mhv: base URL: not a URL")
	}

	c := &Client{
		appToken: redact.NewSecret(appToken),
		host:     base.Host,
		routes:   &legacyRoutes,
		early:    o.early,
		now:      time.Now,
	}
	if o.clock != nil {
		c.now = o.clock
	}
	if c.early == 0 {
		c.early = defaultEarly
	}
	lockWait := o.lockWait
	if lockWait == 0 {
		lockWait = defaultLockWait
	}
	var header http.Header
	if o.gateway {
		c.routes = &gatewayRoutes
		header = http.Header{"x-api-key": {o.apiKey.Reveal()}}
	}
	cc := credcache.Config[string]{
		Fetch:        c.createSession,
		Store:        o.Store,
		Namespace:    sessionNamespace,
		LockWait:     lockWait,
		Logger:       o.Logger,
		Early:        c.early,
		DefaultTTL:   defaultSessionTTL,
		MaxTTL:       maxSessionTTL,
		FetchTimeout: sessionFetchTimeout,
		Now:          c.now,
		Provider:     "mhv",
		Kind:         telemetry.CredentialSession,
	}
	if cc.Telemetry, perr = telemetry.New(o.TracerProvider, o.MeterProvider, rxbridge.Version); perr != nil {
		return nil, errors.New("mhv: telemetry: " + perr.Error())
	}
	c.cache = credcache.New(cc)

	// Session creation and the API calls hit the same upstream: one retry
	// budget for both.
	budget := httpx.NewRetryBudget(o.Retry)
	var err error
	c.sess, err = httpx.New(httpx.Config{
		Provider:    "mhv",
		Header:      header,
		DecodeError: decodeError,
		Budget:      budget,
	}, o.Options)
	if err != nil {
		return nil, err
	}
	c.api, err = httpx.New(httpx.Config{
		Provider:    "mhv",
		Header:      header,
		DecodeError: decodeError,
		Budget:      budget,
		Auth: func(base http.RoundTripper) http.RoundTripper {
			return &httpx.TokenAuth{
				Base:          base,
				Host:          c.host,
				Token:         c.cache.Get,
				Invalidate:    c.cache.Invalidate,
				Apply:         applyToken,
				Rejected:      sessionRejected,
				MaybeRejected: maybeRejected,
			}
		},
	}, o.Options)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// applyToken puts the session on a request, as the ICD names it.
func applyToken(h http.Header, tok string) { h.Set("Token", tok) }

// String describes the client without its credentials or sessions.
func (Client) String() string { return redact.Name("mhv.Client") }

// GoString describes the client without its credentials or sessions.
func (Client) GoString() string { return redact.Name("mhv.Client") }

// Format prints the client without its credentials or sessions, whatever
// the verb.
func (Client) Format(f fmt.State, _ rune) { redact.Format(f, "mhv.Client") }

// LogValue keeps the client's credentials and sessions out of slog.
func (Client) LogValue() slog.Value { return redact.LogValue("mhv.Client") }

// MarshalJSON keeps the client's credentials and sessions out of JSON.
func (Client) MarshalJSON() ([]byte, error) { return redact.JSON("mhv.Client") }

// SessionsCreated reports how many session creations this client has
// started (one per session it asked MHV for; retries of one creation are
// not counted, nor sessions another instance created and this one took
// from the shared store), for metrics and tests.
func (c *Client) SessionsCreated() int64 {
	if c == nil || c.cache == nil {
		return 0
	}
	return c.cache.Fetches()
}

// User returns the handle of the veteran with this MHV correlation id (the
// "User Profile Id"). It is cheap: nothing happens until a call. The id is
// checked by each call (ErrInvalidInput when empty or unusable in a
// header).
func (c *Client) User(mhvCorrelationID string) *User {
	return &User{c: c, id: mhvCorrelationID}
}

// User is one veteran's view of MHV. Its calls carry the veteran's session
// and nobody else's. It is safe for concurrent use.
type User struct {
	c  *Client
	id string
}

// String describes the handle without the correlation id.
func (User) String() string { return redact.Name("mhv.User") }

// GoString describes the handle without the correlation id.
func (User) GoString() string { return redact.Name("mhv.User") }

// Format prints the handle without the correlation id, whatever the verb.
func (User) Format(f fmt.State, _ rune) { redact.Format(f, "mhv.User") }

// LogValue keeps the correlation id out of slog.
func (User) LogValue() slog.Value { return redact.LogValue("mhv.User") }

// MarshalJSON keeps the correlation id out of JSON.
func (User) MarshalJSON() ([]byte, error) { return redact.JSON("mhv.User") }

// check refuses a correlation id that cannot identify a session.
func (u *User) check(op string) error {
	if u == nil || u.c == nil {
		return apierr.Input("mhv", op, "nil User")
	}
	if strings.TrimSpace(u.id) == "" || !headerSafe(u.id) || len(u.id) > 256 {
		return apierr.Input("mhv", op, "the correlation id is empty or cannot travel in a header")
	}
	return nil
}

// EnsureSession makes sure the veteran has a usable session, creating one
// if needed. Calls do this on their own; use it to check a veteran early
// (ErrUserNotFound, ErrRxAgreementNotAccepted, ErrUserBlocked come from
// session creation, wrapped in a *SessionError).
func (u *User) EnsureSession(ctx context.Context) error {
	if err := u.check("EnsureSession"); err != nil {
		return err
	}
	_, err := u.c.cache.Get(ctx, u.id)
	var p *httpx.Permanent
	if errors.As(err, &p) {
		return p.Err
	}
	return err
}

// jsonHeader is sent with every data call: the ICD requires Content-Type
// even on GETs. It is never modified.
var jsonHeader = http.Header{"Content-Type": {"application/json"}}

// get sends a GET for the veteran, checks its answer is the documented
// one (expect) and decodes it into out.
func (u *User) get(ctx context.Context, op, route string, params []string, expect func(*httpx.Response) error, out any) error {
	if err := u.check(op); err != nil {
		return err
	}
	req := httpx.Request{Op: op, Method: http.MethodGet, Route: route, PathParams: params,
		Header: jsonHeader, CredentialKey: u.id, Expect: expect}
	_, err := u.c.api.DoJSON(ctx, &req, out)
	return err
}

// send sends a request with a body for the veteran.
func (u *User) send(ctx context.Context, req *httpx.Request) (*httpx.Response, error) {
	if err := u.check(req.Op); err != nil {
		return nil, err
	}
	req.Header = jsonHeader
	req.CredentialKey = u.id
	return u.c.api.Do(ctx, req)
}

// routes returns the client's routes; a nil handle gets the legacy ones,
// and its call is then refused by check.
func (u *User) routes() *routes {
	if u == nil || u.c == nil {
		return &legacyRoutes
	}
	return u.c.routes
}
