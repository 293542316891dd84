package carevalidate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/rxbridge/rxbridge-go/internal/redact"
	"github.com/rxbridge/rxbridge-go/internal/webhookx"
)

// SignatureHeader carries the hex HMAC-SHA256 of the raw body, sent when a
// Secret Key is set in CareValidate's webhook settings.
const SignatureHeader = "X-Cv-Signature"

// DefaultMaxWebhookBytes is the default body limit of a Receiver: 32 MiB.
// Full-case payloads in the BASE64 document format carry every attachment
// of the case inline, so bodies of several megabytes are normal.
const DefaultMaxWebhookBytes = 32 << 20

// DefaultWebhookReadTimeout is the default time a delivery's body has to
// arrive, counted from when its headers were read: 30 seconds.
const DefaultWebhookReadTimeout = webhookx.DefaultReadTimeout

// Errors of webhook verification and parsing, matched with errors.Is.
var (
	// ErrWebhookUnauthorized: the delivery failed authentication (401).
	ErrWebhookUnauthorized = webhookx.ErrUnauthorized
	// ErrWebhookTooLarge: the body exceeds the limit (413).
	ErrWebhookTooLarge = webhookx.ErrTooLarge
)

// WebhookConfig configures a Receiver. At least one of the two checks must
// be configured; when both are, a delivery must pass both.
//
// CareValidate offers two ways to authenticate its calls, and you can turn
// on either or both in its webhook settings:
//   - an authentication header whose name and value you choose
//     (HeaderName, Secrets);
//   - a Secret Key, with which it signs the raw body into the
//     x-cv-signature header (SigningSecrets).
//
// Configure exactly what you set up there: a configured check is never
// skipped, so a delivery that lacks one is rejected.
type WebhookConfig struct {
	// HeaderName is the authentication header you gave CareValidate
	// ("X-Partner-Auth"). Its value must equal one of Secrets exactly.
	HeaderName string
	// Secrets are the accepted values of HeaderName; list the old and the
	// new value while you rotate it.
	Secrets []string
	// SigningSecrets are the accepted Secret Keys for the x-cv-signature
	// HMAC (several during a rotation).
	SigningSecrets []string
	// MaxBodyBytes limits the body (DefaultMaxWebhookBytes when 0). A
	// larger delivery is answered 413 without reading past the limit.
	MaxBodyBytes int64
	// ReadTimeout bounds the time the body may take to arrive once the
	// headers were read (DefaultWebhookReadTimeout when 0). A body still
	// arriving then is answered 408 Request Timeout. It replaces your
	// http.Server's ReadTimeout for the body, and does not replace its
	// ReadHeaderTimeout (see Receiver).
	ReadTimeout time.Duration
	// Dedup, when set, makes the handler run once per event ID (see
	// Deduplicate); duplicates are acknowledged without calling it.
	Dedup DedupStore
	// Logger, when set, records each delivery's outcome (status, reason,
	// size, duration); never bodies, headers or secrets.
	Logger *slog.Logger
}

// Handler processes one event. Returning nil acknowledges the delivery
// (200). An error answers 500 so CareValidate sends it again; an error
// with an HTTPStatus() int method chooses the status instead. Persist or
// enqueue the event durably before returning nil (Event.Raw has the body).
type Handler func(ctx context.Context, ev *Event) error

// Receiver is an http.Handler for CareValidate case-update webhooks. It
// does no work for strangers:
//   - POST only (405);
//   - the authentication header and the presence and shape of
//     x-cv-signature are checked before a byte of the body is read (401);
//   - the body is read through a size limit (413) within a read timeout of
//     the receiver's own (408);
//   - the x-cv-signature HMAC is checked, in constant time, over the raw
//     body before any parsing (401);
//   - a body whose decode would take more than a small multiple of its
//     size in memory (an array of a million "{}") is refused (413); one
//     that is not an event answers 400;
//   - 200 only after the Handler returned nil.
//
// When only SigningSecrets are configured the body must be read to check
// it: configure the authentication header too to refuse strangers unread.
//
// Serve it from an http.Server that bounds what comes before the handler:
// ReadHeaderTimeout (slow headers), MaxHeaderBytes, IdleTimeout, and
// WriteTimeout for a client that does not read the answer. A ReadTimeout
// on the server also ends a slow body where the receiver's own deadline
// cannot reach the connection (a ResponseWriter wrapper without Unwrap).
type Receiver struct {
	rc         webhookx.Receiver[*Event]
	headerName string
	secrets    []redact.Secret
	signing    []redact.Secret
}

// NewReceiver builds a Receiver from cfg and the handler. It fails when no
// check is configured, a secret is empty, or the header name is not a
// valid header name. Errors never contain a secret.
func NewReceiver(cfg WebhookConfig, handle Handler) (*Receiver, error) {
	if handle == nil {
		return nil, errors.New("carevalidate: NewReceiver: nil handler")
	}
	r := &Receiver{headerName: http.CanonicalHeaderKey(strings.TrimSpace(cfg.HeaderName))}
	switch {
	case r.headerName == "" && len(cfg.Secrets) > 0:
		return nil, errors.New("carevalidate: NewReceiver: Secrets given without HeaderName")
	case r.headerName != "" && len(cfg.Secrets) == 0:
		return nil, errors.New("carevalidate: NewReceiver: HeaderName given without Secrets")
	case r.headerName != "" && !validHeaderName(r.headerName):
		return nil, errors.New("carevalidate: NewReceiver: HeaderName is not a valid header name")
	case r.headerName == SignatureHeader:
		return nil, errors.New("carevalidate: NewReceiver: HeaderName must differ from x-cv-signature (use SigningSecrets)")
	case r.headerName == "" && len(cfg.SigningSecrets) == 0:
		return nil, errors.New("carevalidate: NewReceiver: configure HeaderName and Secrets, SigningSecrets, or both")
	case cfg.MaxBodyBytes < 0:
		return nil, errors.New("carevalidate: NewReceiver: negative MaxBodyBytes")
	case cfg.ReadTimeout < 0:
		return nil, errors.New("carevalidate: NewReceiver: negative ReadTimeout")
	}
	for i, s := range cfg.Secrets {
		if s == "" {
			return nil, fmt.Errorf("carevalidate: NewReceiver: Secrets[%d] is empty", i)
		}
		r.secrets = append(r.secrets, redact.NewSecret(s))
	}
	for i, s := range cfg.SigningSecrets {
		if s == "" {
			return nil, fmt.Errorf("carevalidate: NewReceiver: SigningSecrets[%d] is empty", i)
		}
		r.signing = append(r.signing, redact.NewSecret(s))
	}
	limit := cfg.MaxBodyBytes
	if limit == 0 {
		limit = DefaultMaxWebhookBytes
	}
	if cfg.Dedup != nil {
		handle = Deduplicate(cfg.Dedup, handle)
	}
	timeout := cfg.ReadTimeout
	if timeout == 0 {
		timeout = DefaultWebhookReadTimeout
	}
	r.rc = webhookx.Receiver[*Event]{
		Provider:     "carevalidate",
		MaxBodyBytes: limit,
		ReadTimeout:  timeout,
		Authenticate: func(_ context.Context, h http.Header) (func(context.Context, bool), error) {
			return nil, r.verifyHeaders(h)
		},
		Verify: r.verifyBody,
		Parse:  func(_ http.Header, body []byte) (*Event, error) { return ParseEvent(body) },
		Handle: handle,
		Logger: cfg.Logger,
	}
	return r, nil
}

// ServeHTTP implements http.Handler.
func (r *Receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if r.ready() != nil {
		// Not made by NewReceiver: refused (500, see webhookx), unread.
		(*webhookx.Receiver[*Event])(nil).ServeHTTP(w, req)
		return
	}
	r.rc.ServeHTTP(w, req)
}

// errNoReceiver is returned by a Receiver not made by NewReceiver (a nil
// or zero value): it has no checks configured, so it accepts nothing.
var errNoReceiver = errors.Join(ErrWebhookUnauthorized, errors.New("carevalidate: the Receiver was not made by NewReceiver"))

// ready reports whether r was made by NewReceiver.
func (r *Receiver) ready() error {
	if r == nil || r.rc.Handle == nil {
		return errNoReceiver
	}
	return nil
}

// Verify authenticates a delivery over its raw body: the authentication
// header (when configured) and the x-cv-signature HMAC (when configured),
// each in constant time against every accepted secret. The error matches
// ErrWebhookUnauthorized and says which check failed, never a value.
func (r *Receiver) Verify(h http.Header, body []byte) error {
	if err := r.ready(); err != nil {
		return err
	}
	if err := r.verifyHeaders(h); err != nil {
		return err
	}
	return r.verifyBody(h, body)
}

// verifyHeaders is what the headers alone prove, checked before the body
// is read: the authentication header, and that x-cv-signature is present
// once and shaped like an HMAC-SHA256.
func (r *Receiver) verifyHeaders(h http.Header) error {
	if r.headerName != "" {
		vals := h.Values(r.headerName)
		switch {
		case len(vals) == 0:
			return fmt.Errorf("%w: authentication header missing", ErrWebhookUnauthorized)
		case len(vals) > 1:
			return fmt.Errorf("%w: authentication header sent more than once", ErrWebhookUnauthorized)
		}
		ok := false
		for _, s := range r.secrets {
			if webhookx.EqualSecret(vals[0], s.Reveal()) {
				ok = true
			}
		}
		if !ok {
			return fmt.Errorf("%w: authentication header does not match", ErrWebhookUnauthorized)
		}
	}
	if len(r.signing) > 0 {
		vals := h.Values(SignatureHeader)
		switch {
		case len(vals) == 0:
			return fmt.Errorf("%w: x-cv-signature missing", ErrWebhookUnauthorized)
		case len(vals) > 1:
			return fmt.Errorf("%w: x-cv-signature sent more than once", ErrWebhookUnauthorized)
		case !webhookx.WellFormedHMACSHA256Hex(vals[0]):
			return fmt.Errorf("%w: x-cv-signature is not a hex HMAC-SHA256", ErrWebhookUnauthorized)
		}
	}
	return nil
}

// verifyBody checks the x-cv-signature HMAC over the raw body (when
// configured); verifyHeaders ran first.
func (r *Receiver) verifyBody(h http.Header, body []byte) error {
	if len(r.signing) == 0 {
		return nil
	}
	keys := make([][]byte, len(r.signing))
	for i, s := range r.signing {
		keys[i] = []byte(s.Reveal())
	}
	if !webhookx.VerifyHMACSHA256Hex(body, h.Get(SignatureHeader), keys...) {
		return fmt.Errorf("%w: x-cv-signature does not match the body", ErrWebhookUnauthorized)
	}
	return nil
}

// VerifyAndParse authenticates and decodes a delivery, for programs that
// read the body themselves (another router, a queue consumer). Pass the
// body exactly as received: the signature covers the raw bytes. Nothing is
// parsed before verification succeeds. Errors match ErrWebhookTooLarge,
// ErrWebhookUnauthorized or ErrMalformedEvent. Read the body through your
// own size limit and read deadline.
func (r *Receiver) VerifyAndParse(h http.Header, body []byte) (*Event, error) {
	if err := r.ready(); err != nil {
		return nil, err
	}
	if int64(len(body)) > r.rc.MaxBodyBytes {
		return nil, fmt.Errorf("%w: %d bytes over the %d-byte limit", ErrWebhookTooLarge, len(body), r.rc.MaxBodyBytes)
	}
	return r.rc.VerifyAndParse(context.Background(), h, body)
}

// VerifyAndParse authenticates and decodes one delivery with the checks of
// cfg (its Dedup and Logger are not used), for programs that route and read
// requests themselves and have no use for a Receiver. See
// Receiver.VerifyAndParse.
func VerifyAndParse(cfg WebhookConfig, h http.Header, body []byte) (*Event, error) {
	cfg.Dedup, cfg.Logger = nil, nil
	r, err := NewReceiver(cfg, func(context.Context, *Event) error { return nil })
	if err != nil {
		return nil, err
	}
	return r.VerifyAndParse(h, body)
}

// MaxBodyBytes returns the body limit in force.
func (r *Receiver) MaxBodyBytes() int64 {
	if r == nil {
		return 0
	}
	return r.rc.MaxBodyBytes
}

// ReadTimeout returns the time a body may take to arrive.
func (r *Receiver) ReadTimeout() time.Duration {
	if r == nil {
		return 0
	}
	return r.rc.ReadTimeout
}

// Sign returns the x-cv-signature value CareValidate sends for body with
// the given Secret Key: the lowercase hex HMAC-SHA256. Fakes and tests use
// it.
func Sign(secretKey string, body []byte) string {
	return webhookx.HMACSHA256Hex([]byte(secretKey), body)
}

// DedupStore remembers which event IDs were processed (Claim, Complete,
// Release). A store shared by your instances (Redis SET NX with a TTL, a
// unique key in your database) de-duplicates across them.
type DedupStore = webhookx.DedupStore

// MemoryDedup is an in-process DedupStore that forgets IDs after its TTL.
type MemoryDedup = webhookx.MemoryDedup

// NewMemoryDedup returns an in-process store remembering IDs for ttl (24h
// when 0).
func NewMemoryDedup(ttl time.Duration) *MemoryDedup { return webhookx.NewMemoryDedup(ttl) }

// Deduplicate wraps a handler so that each event (Event.ID) is processed
// once: a duplicate delivery is acknowledged without calling next. When
// next fails, the claim is released so CareValidate's retry is processed;
// when the store fails, the delivery fails (never a 200 for an event that
// was not processed).
func Deduplicate(store DedupStore, next Handler) Handler {
	return webhookx.Dedup(store, (*Event).ID, next)
}

// validHeaderName reports whether s is an RFC 9110 token.
func validHeaderName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			continue
		}
		if !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return s != ""
}
