package carevalidate

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
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

// webhookPrefix starts every error of the webhook API: "carevalidate:
// webhook: what happened: detail".
const webhookPrefix = "carevalidate: webhook: "

// Errors of webhook verification and parsing, matched with errors.Is.
var (
	// ErrWebhookUnauthorized: the delivery failed authentication (401).
	ErrWebhookUnauthorized = webhookx.ErrUnauthorized
	// ErrWebhookTooLarge: the body exceeds the limit (413).
	ErrWebhookTooLarge = webhookx.ErrTooLarge
	// ErrWebhookMalformed: the body is not a case-update event (400).
	ErrWebhookMalformed = webhookx.ErrMalformed
	// ErrWebhookInProgress: another delivery of the same event is being
	// processed (by this instance or another sharing the store). The
	// delivery is answered 503, so CareValidate sends it again.
	ErrWebhookInProgress = webhookx.ErrInProgress
	// ErrWebhookStoreUnavailable: the store that de-duplicates events
	// failed. De-duplication fails closed: the delivery is answered 503 and
	// CareValidate sends it again.
	ErrWebhookStoreUnavailable = webhookx.ErrDedupUnavailable
)

// WebhookSecrets are what authenticates CareValidate's calls. At least one
// of the two checks must be configured; when both are, a delivery must
// pass both.
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
type WebhookSecrets struct {
	// HeaderName is the authentication header you gave CareValidate
	// ("X-Partner-Auth"). Its value must equal one of Secrets exactly.
	HeaderName string
	// Secrets are the accepted values of HeaderName; list the old and the
	// new value while you rotate it.
	Secrets []string
	// SigningSecrets are the accepted Secret Keys for the x-cv-signature
	// HMAC (several during a rotation).
	SigningSecrets []string
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
//   - each event (Event.ID) is processed once (see WithWebhookDeduplication);
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
	signing    *webhookx.MACKeys
}

// NewReceiver returns the webhook endpoint that authenticates deliveries
// with secrets and gives each event to handle. It accepts the receiver
// options of this package (WithWebhookMaxBodyBytes,
// WithWebhookReadTimeout, WithWebhookLease, WithWebhookDeduplication) and,
// from package rxbridge, WithStore (where events are de-duplicated: give
// every instance the same store), WithLogger (each delivery's outcome:
// status, reason, size, duration; never bodies, headers or secrets) and
// WithTelemetry. It fails when handle is nil, no check is configured, a
// secret is empty, the header name is not a valid header name, or an
// option is invalid or is a client option. Errors never contain a secret.
func NewReceiver(secrets WebhookSecrets, handle Handler, opts ...Option) (*Receiver, error) {
	if handle == nil {
		return nil, errors.New("carevalidate: NewReceiver: nil handler")
	}
	var settings rxbridge.Settings
	var o webhookOptions
	if err := rxbridge.Apply("carevalidate", opts, &settings, &o); err != nil {
		return nil, err
	}
	if err := o.Settle("carevalidate", &settings, DefaultMaxWebhookBytes); err != nil {
		return nil, err
	}
	r, err := newReceiver("NewReceiver", secrets)
	if err != nil {
		return nil, err
	}
	store := settings.Store
	if store == nil {
		store = rxbridge.NewMemoryStore()
	}
	if l := o.Leases(store, "webhook.carevalidate"); l != nil {
		if handle, err = webhookx.LeaseDedup(*l, (*Event).ID, handle); err != nil {
			return nil, fmt.Errorf("carevalidate: NewReceiver: %w", err)
		}
	}
	r.rc.MaxBodyBytes, r.rc.ReadTimeout = o.MaxBodyBytes, o.ReadTimeout
	r.rc.Handle, r.rc.Logger = handle, settings.Logger
	if r.rc.Telemetry, err = webhookx.NewTelemetry(settings.TracerProvider, settings.MeterProvider); err != nil {
		return nil, errors.New("carevalidate: NewReceiver: telemetry: " + err.Error())
	}
	r.rc.EventType = webhookEventType
	return r, nil
}

// newReceiver checks secrets and builds a Receiver that authenticates and
// parses with them (no handler); op names the caller in its errors.
func newReceiver(op string, cfg WebhookSecrets) (*Receiver, error) {
	r := &Receiver{headerName: http.CanonicalHeaderKey(strings.TrimSpace(cfg.HeaderName))}
	refuse := func(reason string) error { return errors.New("carevalidate: " + op + ": " + reason) }
	switch {
	case r.headerName == "" && len(cfg.Secrets) > 0:
		return nil, refuse("Secrets given without HeaderName")
	case r.headerName != "" && len(cfg.Secrets) == 0:
		return nil, refuse("HeaderName given without Secrets")
	case r.headerName != "" && !validHeaderName(r.headerName):
		return nil, refuse("HeaderName is not a valid header name")
	case r.headerName == SignatureHeader:
		return nil, refuse("HeaderName must differ from x-cv-signature (use SigningSecrets)")
	case r.headerName == "" && len(cfg.SigningSecrets) == 0:
		return nil, refuse("configure HeaderName and Secrets, SigningSecrets, or both")
	}
	for i, s := range cfg.Secrets {
		if s == "" {
			return nil, refuse(fmt.Sprintf("Secrets[%d] is empty", i))
		}
		r.secrets = append(r.secrets, redact.NewSecret(s))
	}
	for i, s := range cfg.SigningSecrets {
		if s == "" {
			return nil, refuse(fmt.Sprintf("SigningSecrets[%d] is empty", i))
		}
	}
	if len(cfg.SigningSecrets) > 0 {
		r.signing = webhookx.NewMACKeys(webhookx.SHA256(), cfg.SigningSecrets...)
	}
	r.rc = webhookx.Receiver[*Event]{
		Provider:     "carevalidate",
		MaxBodyBytes: DefaultMaxWebhookBytes,
		ReadTimeout:  DefaultWebhookReadTimeout,
		Authenticate: func(_ context.Context, h http.Header) (context.Context, func(context.Context, bool) error, error) {
			return nil, nil, r.verifyHeaders(h)
		},
		Verify: func(_ context.Context, h http.Header, body []byte) error { return r.verifyBody(h, body) },
		Parse:  func(_ context.Context, _ http.Header, body []byte) (*Event, error) { return ParseEvent(body) },
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
var errNoReceiver = fmt.Errorf(webhookPrefix+"%w: the Receiver was not made by NewReceiver", ErrWebhookUnauthorized)

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
			return fmt.Errorf(webhookPrefix+"%w: authentication header missing", webhookx.ErrMissing)
		case len(vals) > 1:
			return fmt.Errorf(webhookPrefix+"%w: authentication header sent more than once", ErrWebhookUnauthorized)
		}
		ok := false
		for _, s := range r.secrets {
			if webhookx.EqualSecret(vals[0], s.Reveal()) {
				ok = true
			}
		}
		if !ok {
			return fmt.Errorf(webhookPrefix+"%w: authentication header does not match", ErrWebhookUnauthorized)
		}
	}
	if r.signing.Len() > 0 {
		vals := h.Values(SignatureHeader)
		switch {
		case len(vals) == 0:
			return fmt.Errorf(webhookPrefix+"%w: x-cv-signature missing", webhookx.ErrMissing)
		case len(vals) > 1:
			return fmt.Errorf(webhookPrefix+"%w: x-cv-signature sent more than once", ErrWebhookUnauthorized)
		case !webhookx.WellFormedHMACSHA256Hex(vals[0]):
			return fmt.Errorf(webhookPrefix+"%w: x-cv-signature is not a hex HMAC-SHA256", ErrWebhookUnauthorized)
		}
	}
	return nil
}

// verifyBody checks the x-cv-signature HMAC over the raw body (when
// configured); verifyHeaders ran first.
func (r *Receiver) verifyBody(h http.Header, body []byte) error {
	if r.signing.Len() == 0 {
		return nil
	}
	if !r.signing.VerifySHA256Hex(body, h.Get(SignatureHeader)) {
		return fmt.Errorf(webhookPrefix+"%w: x-cv-signature does not match the body", ErrWebhookUnauthorized)
	}
	return nil
}

// VerifyAndParse authenticates and decodes a delivery, for programs that
// read the body themselves (another router, a queue consumer). Pass the
// body exactly as received: the signature covers the raw bytes. Nothing is
// parsed before verification succeeds, and nothing is de-duplicated (the
// handler is not called). Errors match ErrWebhookTooLarge,
// ErrWebhookUnauthorized or ErrWebhookMalformed. Read the body through
// your own size limit and read deadline.
func (r *Receiver) VerifyAndParse(ctx context.Context, h http.Header, body []byte) (*Event, error) {
	if r == nil || r.rc.Parse == nil {
		return nil, errNoReceiver
	}
	if int64(len(body)) > r.rc.MaxBodyBytes {
		return nil, fmt.Errorf(webhookPrefix+"%w: %d bytes over the %d-byte limit", ErrWebhookTooLarge, len(body), r.rc.MaxBodyBytes)
	}
	return r.rc.VerifyAndParse(ctx, h, body)
}

// VerifyAndParse authenticates and decodes one delivery with secrets, for
// programs that route and read requests themselves and have no use for a
// Receiver. See Receiver.VerifyAndParse (the body limit is
// DefaultMaxWebhookBytes).
func VerifyAndParse(ctx context.Context, secrets WebhookSecrets, h http.Header, body []byte) (*Event, error) {
	r, err := newReceiver("VerifyAndParse", secrets)
	if err != nil {
		return nil, err
	}
	return r.VerifyAndParse(ctx, h, body)
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

// webhookOptions are a Receiver's settings, set by the WithWebhook
// options of this package.
type webhookOptions struct {
	webhookx.ReceiverOptions
}

// WithWebhookMaxBodyBytes sets a Receiver's body limit (default
// DefaultMaxWebhookBytes, 32 MiB); a larger delivery is answered 413
// without reading past the limit. It must be positive.
func WithWebhookMaxBodyBytes(n int64) Option {
	return rxbridge.ProviderOption("carevalidate.WithWebhookMaxBodyBytes", func(o *webhookOptions) {
		if o.PositiveSize("carevalidate.WithWebhookMaxBodyBytes", n) {
			o.MaxBodyBytes = n
		}
	})
}

// WithWebhookReadTimeout bounds the time a delivery's body may take to
// arrive once its headers were read (default DefaultWebhookReadTimeout); a
// body still arriving then is answered 408 Request Timeout. It replaces
// your http.Server's ReadTimeout for the body, and does not replace its
// ReadHeaderTimeout (see Receiver). It must be positive.
func WithWebhookReadTimeout(d time.Duration) Option {
	return rxbridge.ProviderOption("carevalidate.WithWebhookReadTimeout", func(o *webhookOptions) {
		if o.PositiveDuration("carevalidate.WithWebhookReadTimeout", d) {
			o.ReadTimeout = d
		}
	})
}

// WithWebhookLease sets how long a delivery holds its event while the
// handler runs (default DefaultWebhookLease, one minute). Deliveries of
// the same event meanwhile are answered 503 (ErrWebhookInProgress), so
// CareValidate sends them again; if the instance running the handler dies,
// the event is processed again once the lease ends. Make it longer than
// your handler's longest run. It must be positive.
func WithWebhookLease(d time.Duration) Option {
	return rxbridge.ProviderOption("carevalidate.WithWebhookLease", func(o *webhookOptions) {
		if o.PositiveDuration("carevalidate.WithWebhookLease", d) {
			o.Lease = d
		}
	})
}

// WithWebhookDeduplication turns the de-duplication of events on (the
// default) or off. With it, each event (Event.ID) is processed once by
// the instances sharing the rxbridge.WithStore store (this receiver alone
// with the default in-process store): a delivery of an event already
// processed is acknowledged (200) without calling the handler; one whose
// event is being processed is answered 503, so that it comes again and is
// processed if that processing fails; an event whose handler failed is
// processed again on the next delivery. A processed event is remembered
// for DefaultWebhookDedupTTL. When the store fails, the delivery is
// answered 503 (ErrWebhookStoreUnavailable) and the handler does not run:
// no event is acknowledged unprocessed.
func WithWebhookDeduplication(enabled bool) Option {
	return rxbridge.ProviderOption("carevalidate.WithWebhookDeduplication", func(o *webhookOptions) {
		o.NoDedup = !enabled
	})
}

// De-duplication defaults (see WithWebhookDeduplication).
const (
	// DefaultWebhookLease is how long a delivery holds its event while the
	// handler runs (WithWebhookLease).
	DefaultWebhookLease = webhookx.DefaultLease
	// DefaultWebhookDedupTTL is how long a processed event is remembered.
	DefaultWebhookDedupTTL = webhookx.DefaultDoneTTL
)

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
