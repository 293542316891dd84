package cvsspecialty

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/credcache"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/internal/redact"
	"github.com/rxbridge/rxbridge-go/internal/telemetry"
)

// Client calls the CVS Specialty patient referral API. It is safe for
// concurrent use; create one per set of credentials and reuse it, since it
// holds the access token.
type Client struct {
	hc       *httpx.Client
	clientID string
	secret   redact.Secret
	tokenURL string
	// tokenHTTP carries token requests over the base transport (never the
	// authenticated one).
	tokenHTTP *http.Client
	tokens    *credcache.Cache[string]
	logger    *slog.Logger
	userAgent string

	basicAuth   BasicAuthEncoding
	dateFormat  DateFormat
	batchSize   int
	concurrency int
}

// NewClient returns a client that authenticates with OAuth 2.0 client
// credentials (the clientID and clientSecret CVS issued). It validates its
// arguments and options and never touches the network; the first call
// fetches the token.
func NewClient(clientID, clientSecret string, opts ...Option) (*Client, error) {
	o := options{batchSize: DefaultStatusBatchSize, concurrency: DefaultStatusConcurrency}
	applyErr := o.apply(opts)
	var errs []error
	if err := checkCredential("clientID", clientID); err != nil {
		errs = append(errs, err)
	} else if o.basicAuth == BasicAuthRaw && strings.Contains(clientID, ":") {
		errs = append(errs, errors.New("cvsspecialty: NewClient: clientID contains a colon, which HTTP Basic cannot carry unencoded (use WithBasicAuthEncoding(BasicAuthRFC6749) if your token server URL-decodes credentials)"))
	}
	if err := checkCredential("clientSecret", clientSecret); err != nil {
		errs = append(errs, err)
	}
	if err := applyErr; err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	c := &Client{
		clientID:    clientID,
		secret:      redact.NewSecret(clientSecret),
		basicAuth:   o.basicAuth,
		dateFormat:  o.dateFormat,
		batchSize:   o.batchSize,
		concurrency: o.concurrency,
		logger:      o.Logger,
		userAgent:   strings.TrimSpace(o.UserAgent + " rxbridge-go/" + httpx.Version),
	}
	if o.BaseURL == "" {
		o.BaseURL = ProductionBaseURL
	}
	var header http.Header
	if o.mock {
		header = http.Header{"X-Mock": {"Y"}}
	}
	var base http.RoundTripper
	auth := &httpx.TokenAuth{
		Token:      c.token,
		Invalidate: c.invalidate,
		Apply:      func(h http.Header, tok string) { h.Set("Authorization", "Bearer "+tok) },
		Rejected:   tokenRejected,
	}
	hc, err := httpx.New(httpx.Config{
		Provider:         "cvsspecialty",
		DefaultBaseURL:   ProductionBaseURL,
		Header:           header,
		DecodeError:      decodeError,
		RequestIDHeaders: []string{"X-Grid", "X-Request-Id", "X-Correlation-Id", "X-Amzn-Requestid", "X-Trace-Id"},
		Auth: func(b http.RoundTripper) http.RoundTripper {
			base = b
			auth.Base = b
			return auth
		},
	}, o.Options)
	if err != nil {
		return nil, err
	}
	c.hc = hc
	u := hc.BaseURL()
	// The bearer token goes to the API host only.
	auth.Host = u.Host
	c.tokenURL = u.JoinPath(routeToken).String()

	timeout := o.Timeout
	if timeout <= 0 && o.HTTPClient != nil {
		timeout = o.HTTPClient.Timeout
	}
	if timeout <= 0 {
		timeout = httpx.DefaultAttemptTimeout
	}
	c.tokenHTTP = &http.Client{
		Transport: &tokenTransport{base: base, c: c},
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return errors.New("redirect refused: the token request carries the client credentials")
		},
	}
	c.tokens = credcache.New(credcache.Config[string]{
		Fetch:      c.fetchToken,
		Store:      o.Store,
		Namespace:  tokenNamespace,
		Logger:     o.Logger,
		DefaultTTL: o.tokenTTL,
		Now:        o.now,
		Telemetry:  hc.Telemetry(),
		Provider:   "cvsspecialty",
		Kind:       telemetry.CredentialToken,
	})
	return c, nil
}

// checkCredential rejects an empty credential or one that cannot travel
// in a header. The error names the argument, never its value.
func checkCredential(name, v string) error {
	if strings.TrimSpace(v) == "" {
		return fmt.Errorf("cvsspecialty: NewClient: %s is empty", name)
	}
	for i := 0; i < len(v); i++ {
		if v[i] < ' ' || v[i] == 0x7f {
			return fmt.Errorf("cvsspecialty: NewClient: %s contains a control character", name)
		}
	}
	return nil
}

// tokenRejected reports a 401 whose CVS statusCode is 1001: the token is
// no longer good (expired or revoked early), so TokenAuth drops it, fetches
// a new one and replays the request once.
func tokenRejected(status int, body []byte) bool {
	if status != http.StatusUnauthorized {
		return false
	}
	var env envelope
	b := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(b) == 0 || jsoncodec.Unmarshal(b, &env) != nil {
		return false
	}
	return strings.TrimSpace(string(env.StatusCode)) == CodeInvalidToken
}

// dropTokenOn drops the cached token when err says CVS rejected it (1001
// after the replay, or under HTTP 200), so the next call fetches a new one
// instead of reusing a dead token until it expires.
func (c *Client) dropTokenOn(err error) {
	if !errors.Is(err, ErrInvalidToken) {
		return
	}
	if tok, ok := c.tokens.Peek(c.clientID); ok {
		c.tokens.Invalidate(c.clientID, tok)
	}
}

// errNoClient is returned by the methods of a Client not made by NewClient.
var errNoClient = apierr.Input("cvsspecialty", "", "the Client was not made by NewClient")

// ready reports whether c was made by NewClient.
func (c *Client) ready() error {
	if c == nil || c.hc == nil || c.tokens == nil {
		return errNoClient
	}
	return nil
}

// String describes the client without its credentials or token.
func (Client) String() string { return redact.Name("cvsspecialty.Client") }

// GoString is String, so %#v never prints credentials.
func (Client) GoString() string { return redact.Name("cvsspecialty.Client") }

// Format prints String for every verb.
func (Client) Format(f fmt.State, _ rune) { redact.Format(f, "cvsspecialty.Client") }

// LogValue keeps the client's credentials out of slog records.
func (Client) LogValue() slog.Value { return redact.LogValue("cvsspecialty.Client") }

// MarshalJSON keeps the client's credentials out of JSON.
func (Client) MarshalJSON() ([]byte, error) { return redact.JSON("cvsspecialty.Client") }

// logToken records a token fetch: never the token, the credentials or
// the response body. ctx is the fetch's: the values of the call that
// started it, shared by every call waiting for it.
func (c *Client) logToken(ctx context.Context, start time.Time, err error) {
	if c.logger == nil {
		return
	}
	level := slog.LevelDebug
	attrs := []slog.Attr{
		slog.String("provider", "cvsspecialty"),
		slog.String("op", "Token"),
		slog.String("method", http.MethodPost),
		slog.String("host", c.hc.BaseURL().Host),
		slog.String("route", routeToken),
		slog.Duration("duration", time.Since(start)),
	}
	if err != nil {
		level = slog.LevelWarn
		var te *TokenError
		if errors.As(err, &te) && te.HTTPStatus != 0 {
			attrs = append(attrs, slog.Int("status", te.HTTPStatus))
		}
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.logger.LogAttrs(ctx, level, "rxbridge token fetch", attrs...)
}
