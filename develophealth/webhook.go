package develophealth

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/rxbridge/rxbridge-go/internal/lenient"
	"github.com/rxbridge/rxbridge-go/internal/redact"
	"github.com/rxbridge/rxbridge-go/internal/webhookx"
)

// WebhookHeader is the header carrying the delivery's JWT.
const WebhookHeader = "X-Webhook-Secret"

// EventType is a webhook's event_type. Unknown types are delivered to your
// handler like any other.
type EventType string

// The documented event types.
const (
	// EventBenefitVerificationStatusChange: a benefit verification
	// completed or failed (one terminal event). Data: BenefitVerification.
	EventBenefitVerificationStatusChange EventType = "benefit_verification.status_change"
	// EventPriorAuthStatusChange: a prior authorization was created, or its
	// status or outcome changed. Data: PriorAuthorization.
	EventPriorAuthStatusChange EventType = "prior_authorization.status_change"
	// EventPriorAuthActivityLogUpdated: the activity log changed (disabled
	// by default; enabled by Develop Health support). Data:
	// PriorAuthorization.
	EventPriorAuthActivityLogUpdated EventType = "prior_authorization.activity_log_updated"
	// EventPriorAuthMessage: a message was added to the message thread.
	// Data: PriorAuthorization (MessageThread).
	EventPriorAuthMessage EventType = "prior_authorization.message"
	// EventPriorAuthPrescriptionTransferChange: the prescription transfer
	// changed (NDP only). Data: PriorAuthorization (PrescriptionTransfer).
	EventPriorAuthPrescriptionTransferChange EventType = "prior_authorization.prescription_transfer_change"
	// EventPriorAuthRealTimeBenefitsCheckChange: a real-time benefits check
	// completed (NDP only; may come at any time). Data: PriorAuthorization.
	EventPriorAuthRealTimeBenefitsCheckChange EventType = "prior_authorization.real_time_benefits_check_change"
	// EventPriorAuthProviderOutreachChange: a provider outreach attempt or
	// sequence changed (beta, enabled by support). Data: ProviderOutreach.
	EventPriorAuthProviderOutreachChange EventType = "prior_authorization.provider_outreach_change"
)

// Known reports a documented event type.
func (t EventType) Known() bool {
	switch t {
	case EventBenefitVerificationStatusChange, EventPriorAuthStatusChange, EventPriorAuthActivityLogUpdated,
		EventPriorAuthMessage, EventPriorAuthPrescriptionTransferChange, EventPriorAuthRealTimeBenefitsCheckChange,
		EventPriorAuthProviderOutreachChange:
		return true
	}
	return false
}

// ProviderOutreach is the data of a provider_outreach_change event: one
// outreach attempt on one channel. The payload is beta and documented only
// in part; Raw keeps all of it. It contains PHI and access credentials.
type ProviderOutreach struct {
	ID     string `json:"id"`
	Object string `json:"object"`
	// OutreachSequenceID groups the parallel attempts of one outreach.
	OutreachSequenceID string `json:"outreach_sequence_id"`
	// Raw is the whole data object as received.
	Raw json.RawMessage `json:"-"`
}

// WebhookEvent is a verified webhook delivery. Both envelope versions
// decode into it: the original {title, description, event_type, data} and
// the newer one that adds event_id and occurred_at.
//
// The typed data pointer matching the event is set (PriorAuthorization for
// prior_authorization.* events, BenefitVerification for
// benefit_verification.*, ProviderOutreach for provider outreach); for an
// unknown event type the data is typed from its "object" member when
// possible. Data always holds the object as received. If the data of a
// known event does not decode, the pointer is nil and DataErr says why: the
// event is still delivered (it is authentic; a 4xx would only make Develop
// Health resend it).
//
// The token authenticates the sender, not the body (Develop Health does
// not document a body digest), and deliveries can repeat or arrive out of
// order: treat an event as a signal and read the current state with
// GetPriorAuthorization before acting on it.
type WebhookEvent struct {
	// EventID identifies the event (newer envelope only); see DedupKey.
	EventID string `json:"event_id,omitzero"`
	// OccurredAt is when the event happened (newer envelope only).
	OccurredAt *DateTime `json:"occurred_at,omitzero"`
	// Title and Description are upstream prose ("Prior Authorization
	// Updated"); do not branch on them.
	Title       string    `json:"title"`
	Description string    `json:"description"`
	EventType   EventType `json:"event_type"`
	// Data is the data object as received.
	Data json.RawMessage `json:"data"`

	PriorAuthorization    *PriorAuthorization    `json:"-"`
	BenefitVerification   *BenefitVerification   `json:"-"`
	ClinicalQualification *ClinicalQualification `json:"-"`
	ProviderOutreach      *ProviderOutreach      `json:"-"`
	// DataErr is why Data could not be typed, if it could not.
	DataErr error `json:"-"`
	// Claims are the verified token's claims (nil from ParseWebhookEvent).
	Claims *WebhookClaims `json:"-"`

	bodyHash string
}

// Versioned reports the newer envelope (it carries event_id or
// occurred_at).
func (e *WebhookEvent) Versioned() bool {
	if e == nil {
		return false
	}
	return e.EventID != "" || e.OccurredAt != nil
}

// DedupKey identifies the delivery for de-duplication: the event_id when
// the envelope has one, else a hash of the body (a resend of the same
// body has the same key).
func (e *WebhookEvent) DedupKey() string {
	if e == nil {
		return ""
	}
	if e.EventID != "" {
		return "event:" + e.EventID
	}
	return e.bodyHash
}

// webhookWire is the envelope as it may arrive: scalar members leniently.
type webhookWire struct {
	EventID     lenient.String  `json:"event_id"`
	OccurredAt  *DateTime       `json:"occurred_at"`
	Title       lenient.String  `json:"title"`
	Description lenient.String  `json:"description"`
	EventType   lenient.String  `json:"event_type"`
	Data        json.RawMessage `json:"data"`
}

// ParseWebhookEvent decodes a delivery's body without verifying it. Use it
// only on bodies already verified (VerifyAndParse does both). The body must
// be a JSON object; anything else matches ErrWebhookMalformed.
func ParseWebhookEvent(body []byte) (*WebhookEvent, error) {
	b := bytes.TrimSpace(body)
	if !isObject(b) {
		return nil, errWebhookNotObject
	}
	var w webhookWire
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, errors.Join(ErrWebhookMalformed, errors.New("develophealth: webhook body is not a valid event envelope"))
	}
	sum := sha256.Sum256(b)
	ev := &WebhookEvent{
		EventID: string(w.EventID), OccurredAt: w.OccurredAt, Title: string(w.Title),
		Description: string(w.Description), EventType: EventType(w.EventType), Data: w.Data,
		bodyHash: "body:" + hex.EncodeToString(sum[:16]),
	}
	ev.typeData()
	return ev, nil
}

// Webhook payload errors.
var (
	// ErrWebhookMalformed matches a body that is not an event envelope (400).
	ErrWebhookMalformed = webhookx.ErrMalformed
	// ErrWebhookTooLarge matches a body over the size limit (413).
	ErrWebhookTooLarge = webhookx.ErrTooLarge

	errWebhookNotObject = errors.Join(webhookx.ErrMalformed, errors.New("develophealth: webhook body is not a JSON object"))
)

// dataTypes are the types Data decodes into, by kind.
var dataTypes = map[string]reflect.Type{
	"prior_authorization":    reflect.TypeFor[PriorAuthorization](),
	"benefit_verification":   reflect.TypeFor[BenefitVerification](),
	"clinical_qualification": reflect.TypeFor[ClinicalQualification](),
	"provider_outreach":      reflect.TypeFor[ProviderOutreach](),
}

// typeData decodes Data into the type the event names. Data whose decode
// would take more than a small multiple of its size in memory (a long
// array of "{}") is not decoded: DataErr says so.
func (e *WebhookEvent) typeData() {
	d := bytes.TrimSpace(e.Data)
	if len(d) == 0 || string(d) == "null" {
		if e.EventType.Known() {
			e.DataErr = errors.New("develophealth: webhook event has no data")
		}
		return
	}
	kind := ""
	switch {
	case e.EventType == EventPriorAuthProviderOutreachChange:
		kind = "provider_outreach"
	case strings.HasPrefix(string(e.EventType), "prior_authorization."):
		kind = "prior_authorization"
	case strings.HasPrefix(string(e.EventType), "benefit_verification."):
		kind = "benefit_verification"
	case strings.HasPrefix(string(e.EventType), "clinical_qualification."):
		kind = "clinical_qualification"
	default:
		var probe struct {
			Object lenient.String `json:"object"`
		}
		if json.Unmarshal(d, &probe) != nil {
			return
		}
		kind = string(probe.Object)
	}
	var err error
	if t, ok := dataTypes[kind]; ok {
		if err := webhookx.CheckDecodeCost(d, t); err != nil {
			e.DataErr = errors.Join(ErrDecode, err)
			return
		}
	}
	switch kind {
	case "prior_authorization":
		e.PriorAuthorization = new(PriorAuthorization)
		if err = json.Unmarshal(d, e.PriorAuthorization); err != nil {
			e.PriorAuthorization = nil
		}
	case "benefit_verification":
		e.BenefitVerification = new(BenefitVerification)
		if err = json.Unmarshal(d, e.BenefitVerification); err != nil {
			e.BenefitVerification = nil
		}
	case "clinical_qualification":
		e.ClinicalQualification = new(ClinicalQualification)
		if err = json.Unmarshal(d, e.ClinicalQualification); err != nil {
			e.ClinicalQualification = nil
		}
	case "provider_outreach":
		e.ProviderOutreach = new(ProviderOutreach)
		if err = json.Unmarshal(d, e.ProviderOutreach); err != nil {
			e.ProviderOutreach = nil
		} else {
			e.ProviderOutreach.Raw = append(json.RawMessage(nil), d...)
		}
	}
	if err != nil {
		// The decoder's message names a Go type and field, never a value.
		e.DataErr = errors.Join(ErrDecode, err)
	}
}

// WebhookOption configures a WebhookReceiver.
type WebhookOption func(*webhookConfig)

type webhookConfig struct {
	digestClaim string
	previous    []string
	leeway      time.Duration
	maxAge      time.Duration
	allowNoExp  bool
	noReplay    bool
	maxBody     int64
	readTimeout time.Duration
	logger      *slog.Logger
	now         func() time.Time
	dedup       webhookx.DedupStore
}

// DefaultWebhookMaxAge is the default maximum age of a token (WithWebhookMaxAge):
// five minutes, Stripe's tolerance for its signed timestamps.
const DefaultWebhookMaxAge = 5 * time.Minute

// DefaultWebhookReadTimeout is the default time a delivery's body has to
// arrive (WithWebhookReadTimeout): 30 seconds.
const DefaultWebhookReadTimeout = webhookx.DefaultReadTimeout

// WithWebhookPreviousSecrets also accepts tokens signed with older secrets,
// during a rotation.
func WithWebhookPreviousSecrets(secrets ...string) WebhookOption {
	return func(c *webhookConfig) { c.previous = append(c.previous, secrets...) }
}

// WithWebhookLeeway sets the clock skew allowed on exp, nbf and iat
// (default 60s).
func WithWebhookLeeway(d time.Duration) WebhookOption {
	return func(c *webhookConfig) { c.leeway = d }
}

// WithWebhookMaxAge sets the maximum age of a token (default
// DefaultWebhookMaxAge, five minutes): one issued (iat) longer ago, plus
// the leeway, is refused with ErrWebhookTokenExpired. A token without iat
// has no known age; it is accepted only if its exp is at most d (plus the
// leeway) ahead, so that it too is usable for at most d. 0 turns the
// bound off (then only exp limits a token's use).
func WithWebhookMaxAge(d time.Duration) WebhookOption {
	return func(c *webhookConfig) { c.maxAge = d }
}

// WithWebhookAllowTokensWithoutExpiry accepts tokens that carry no exp.
// By default they are refused (ErrWebhookTokenNoExpiry): such a token is
// valid forever, so one captured header would authenticate any later
// delivery. Develop Health does not document its claims; use this only if
// your deliveries are refused for lacking exp, and keep the maximum age
// (which then needs iat) and replay protection on.
func WithWebhookAllowTokensWithoutExpiry() WebhookOption {
	return func(c *webhookConfig) { c.allowNoExp = true }
}

// WithWebhookReplayProtection turns the refusal of replayed tokens on (the
// default) or off. With it, a token is remembered, as a SHA-256 hash, until
// it stops being acceptable (its exp or its maximum age, plus the leeway),
// once a delivery carrying it was acknowledged; another delivery with the
// same token is refused with ErrWebhookTokenReplayed (401) before its body
// is read. A delivery that was not acknowledged (your handler failed, the
// body was refused) gives its token back, so a resend that reuses it is
// processed. The tokens are remembered in the WithWebhookDedup store when
// there is one (share it across your instances so that they refuse each
// other's replays; a store that implements ClaimUntil(ctx, key, until)
// forgets each token when it expires, another keeps it for its own TTL,
// which must be at least the maximum age plus twice the leeway), else in
// this receiver's memory.
func WithWebhookReplayProtection(enabled bool) WebhookOption {
	return func(c *webhookConfig) { c.noReplay = !enabled }
}

// WithWebhookReadTimeout bounds the time a delivery's body may take to
// arrive once its headers were read (default DefaultWebhookReadTimeout);
// a body still arriving then is answered 408 Request Timeout. It replaces
// your http.Server's ReadTimeout for the body; the server must still set
// ReadHeaderTimeout (see Handler).
func WithWebhookReadTimeout(d time.Duration) WebhookOption {
	return func(c *webhookConfig) { c.readTimeout = d }
}

// WithWebhookBodyDigestClaim binds the token to the body: the named claim
// must hold the SHA-256 of the raw body (hex or base64), or the delivery
// is refused with ErrWebhookBodyMismatch (401). Develop Health does not
// document such a claim, so it is off by default and the token then
// authenticates the sender only; turn it on if your tokens carry one (the
// develophealthtest fake sends "body_sha256").
func WithWebhookBodyDigestClaim(claim string) WebhookOption {
	return func(c *webhookConfig) { c.digestClaim = claim }
}

// WithWebhookMaxBodyBytes sets the body limit (default 10 MiB; larger
// deliveries answer 413).
func WithWebhookMaxBodyBytes(n int64) WebhookOption {
	return func(c *webhookConfig) { c.maxBody = n }
}

// WithWebhookLogger logs each delivery's outcome (status, reason, size,
// duration; never the body, headers or secrets).
func WithWebhookLogger(l *slog.Logger) WebhookOption {
	return func(c *webhookConfig) { c.logger = l }
}

// WithWebhookClock sets the clock used for exp/nbf/iat (tests).
func WithWebhookClock(now func() time.Time) WebhookOption {
	return func(c *webhookConfig) { c.now = now }
}

// WithWebhookDedup processes each event once: a delivery whose DedupKey
// was already handled successfully is acknowledged without calling the
// handler. Use a shared store (Redis, a database) across instances, or
// NewMemoryDedup in one process.
func WithWebhookDedup(store DedupStore) WebhookOption {
	return func(c *webhookConfig) { c.dedup = store }
}

// DedupStore remembers processed event keys (see WithWebhookDedup).
type DedupStore = webhookx.DedupStore

// NewMemoryDedup returns an in-process DedupStore that forgets keys after
// ttl (24h when 0).
func NewMemoryDedup(ttl time.Duration) DedupStore { return webhookx.NewMemoryDedup(ttl) }

// WebhookReceiver verifies and decodes Develop Health webhook deliveries.
// It is safe for concurrent use.
//
// By default it refuses a token without exp, one older than five minutes
// (iat), and one already used by an acknowledged delivery: the token
// authenticates the sender but does not cover the body, so a token that
// could be used again would let whoever saw one header forge any event.
// See WithWebhookMaxAge, WithWebhookAllowTokensWithoutExpiry and
// WithWebhookReplayProtection for the opt-outs.
type WebhookReceiver struct {
	// secrets sits behind a pointer: fmt does not follow nested pointers,
	// so no dump of the receiver shows them (Format is also redacted).
	secrets *[]redact.Secret
	cfg     webhookConfig
	// seen remembers used tokens (nil without replay protection).
	seen webhookx.DedupStore
}

// NewWebhookReceiver returns a receiver for deliveries signed with secret
// (the secret key set on the webhook in the Develop Health admin panel).
func NewWebhookReceiver(secret string, opts ...WebhookOption) (*WebhookReceiver, error) {
	cfg := webhookConfig{leeway: 60 * time.Second, maxAge: DefaultWebhookMaxAge, maxBody: webhookx.DefaultMaxBodyBytes,
		readTimeout: DefaultWebhookReadTimeout, now: time.Now}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if secret == "" {
		return nil, errors.New("develophealth: NewWebhookReceiver: secret is empty")
	}
	if cfg.leeway < 0 || cfg.maxAge < 0 || cfg.maxBody <= 0 || cfg.readTimeout <= 0 {
		return nil, errors.New("develophealth: NewWebhookReceiver: negative leeway or max age, or non-positive body limit or read timeout")
	}
	var secrets []redact.Secret
	for _, s := range append([]string{secret}, cfg.previous...) {
		if s != "" {
			secrets = append(secrets, redact.NewSecret(s))
		}
	}
	cfg.previous = nil
	r := &WebhookReceiver{secrets: &secrets, cfg: cfg}
	switch {
	case cfg.noReplay:
	case cfg.dedup != nil:
		r.seen = cfg.dedup
	default:
		// Claims carry the token's own expiry; the TTL bounds those that
		// have none (only with both opt-outs).
		seen := webhookx.NewMemoryDedup(max(cfg.maxAge, 5*time.Minute) + 2*cfg.leeway)
		seen.Now = cfg.now
		r.seen = seen
	}
	return r, nil
}

// Verify checks the delivery's X-Webhook-Secret token (an optional "Bearer "
// prefix is accepted): its signature, exp, nbf, iat and maximum age. It
// returns the claims. It does not record the token's use (Handler and
// VerifyAndParse do). Errors match ErrWebhookUnauthorized.
func (r *WebhookReceiver) Verify(h http.Header) (*WebhookClaims, error) {
	if err := r.ready(); err != nil {
		return nil, err
	}
	c, _, err := r.verify(h)
	return c, err
}

// verify is Verify that also returns the token.
func (r *WebhookReceiver) verify(h http.Header) (*WebhookClaims, string, error) {
	tok := strings.TrimSpace(h.Get(WebhookHeader))
	if len(tok) > 7 && strings.EqualFold(tok[:7], "bearer ") {
		tok = strings.TrimSpace(tok[7:])
	}
	keys := make([][]byte, len(*r.secrets))
	for i, s := range *r.secrets {
		keys[i] = []byte(s.Reveal())
	}
	c, err := verifyToken(tok, keys, r.rules())
	return c, tok, err
}

func (r *WebhookReceiver) rules() tokenRules {
	return tokenRules{now: r.cfg.now(), leeway: r.cfg.leeway, maxAge: r.cfg.maxAge, requireExp: !r.cfg.allowNoExp}
}

// authenticate verifies the token from the headers alone, before the body
// is read, and claims its use (replay protection): the claim is kept when
// the delivery is acknowledged and given back otherwise.
func (r *WebhookReceiver) authenticate(ctx context.Context, h http.Header) (func(context.Context, bool), error) {
	c, tok, err := r.verify(h)
	if err != nil || r.seen == nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(tok))
	key := "token:" + hex.EncodeToString(sum[:])
	first, err := webhookx.ClaimUntil(ctx, r.seen, key, r.rules().acceptableUntil(c))
	if err != nil {
		return nil, fmt.Errorf("develophealth: webhook replay store: %w", err)
	}
	if !first {
		return nil, ErrWebhookTokenReplayed
	}
	return func(ctx context.Context, acknowledged bool) {
		// Detached: the outcome must be recorded even if the request ended.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if acknowledged {
			_ = r.seen.Complete(ctx, key)
		} else {
			_ = r.seen.Release(ctx, key)
		}
	}, nil
}

// VerifyAndParse authenticates a delivery and decodes it, for programs that
// route requests themselves. The body is parsed only after the token is
// verified. With replay protection (the default) a token is used up when
// VerifyAndParse succeeds: a resend that carries the same token is refused
// even if your processing failed (Handler gives the token back in that
// case). Read the body through your own size limit and read deadline.
// Errors match ErrWebhookUnauthorized (answer 401) or ErrWebhookMalformed
// (answer 400).
func (r *WebhookReceiver) VerifyAndParse(h http.Header, body []byte) (*WebhookEvent, error) {
	if err := r.ready(); err != nil {
		return nil, err
	}
	return r.receiver(nil).VerifyAndParse(context.Background(), h, body)
}

// Handler returns the http.Handler of the webhook endpoint. It does no
// work for strangers: it answers 405 to anything but POST and 401 when the
// token does not verify or was already used, before reading a byte of the
// body; then 413 over the body limit, 408 when the body does not arrive
// within the read timeout, 401 when a WithWebhookBodyDigestClaim digest
// does not match, 400 for a body that is not an event, and 200 only after
// handle returned nil; an error from handle answers 500 (or the status of
// an error with an HTTPStatus() int method), so Develop Health resends.
//
// Serve it from an http.Server that bounds what comes before the handler:
// ReadHeaderTimeout (slow headers), MaxHeaderBytes, IdleTimeout, and
// WriteTimeout for a client that does not read the answer. A ReadTimeout
// on the server also ends a slow body where the receiver's own deadline
// cannot reach the connection (a ResponseWriter wrapper without Unwrap).
func (r *WebhookReceiver) Handler(handle func(ctx context.Context, ev *WebhookEvent) error) http.Handler {
	if r.ready() != nil {
		// Not made by NewWebhookReceiver: no secret to verify with, so
		// every delivery is refused (500, see webhookx).
		return &webhookx.Receiver[*WebhookEvent]{Provider: provider}
	}
	return r.receiver(handle)
}

// errNoReceiver is returned by a WebhookReceiver not made by
// NewWebhookReceiver (a nil or zero value): it has no secret.
var errNoReceiver = errors.Join(ErrWebhookUnauthorized, errors.New("develophealth: the WebhookReceiver was not made by NewWebhookReceiver"))

// ready reports whether r was made by NewWebhookReceiver.
func (r *WebhookReceiver) ready() error {
	if r == nil || r.secrets == nil {
		return errNoReceiver
	}
	return nil
}

func (r *WebhookReceiver) receiver(handle func(context.Context, *WebhookEvent) error) *webhookx.Receiver[*WebhookEvent] {
	if handle != nil && r.cfg.dedup != nil {
		handle = webhookx.Dedup(r.cfg.dedup, (*WebhookEvent).DedupKey, handle)
	}
	return &webhookx.Receiver[*WebhookEvent]{
		Provider:     provider,
		MaxBodyBytes: r.cfg.maxBody,
		ReadTimeout:  r.cfg.readTimeout,
		Logger:       r.cfg.logger,
		Authenticate: r.authenticate,
		Verify: func(h http.Header, body []byte) error {
			if r.cfg.digestClaim == "" {
				return nil
			}
			// The token verified in Authenticate: read its claims again
			// (no clock check, so it cannot expire in between).
			c := r.claims(h)
			if c == nil {
				return ErrWebhookBodyMismatch
			}
			return r.checkDigest(c, body)
		},
		Parse: func(h http.Header, body []byte) (*WebhookEvent, error) {
			ev, err := ParseWebhookEvent(body)
			if err != nil {
				return nil, err
			}
			// Verify succeeded on this same header: read its claims again
			// (no clock check, so a token cannot expire in between).
			ev.Claims = r.claims(h)
			return ev, nil
		},
		Handle: handle,
	}
}

// checkDigest enforces WithWebhookBodyDigestClaim.
func (r *WebhookReceiver) checkDigest(c *WebhookClaims, body []byte) error {
	if r.cfg.digestClaim == "" {
		return nil
	}
	want := claimString(c.Raw[r.cfg.digestClaim])
	if want == "" {
		return ErrWebhookBodyMismatch
	}
	sum := sha256.Sum256(body)
	var got []byte
	if b, err := hex.DecodeString(want); err == nil && len(b) == len(sum) {
		got = b
	} else if b, err := decodeBase64(want); err == nil && len(b) == len(sum) {
		got = b
	}
	if got == nil || !hmac.Equal(got, sum[:]) {
		return ErrWebhookBodyMismatch
	}
	return nil
}

// claims decodes the payload of an already verified token.
func (r *WebhookReceiver) claims(h http.Header) *WebhookClaims {
	tok := strings.TrimSpace(h.Get(WebhookHeader))
	if len(tok) > 7 && strings.EqualFold(tok[:7], "bearer ") {
		tok = strings.TrimSpace(tok[7:])
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil
	}
	hb, err1 := b64.DecodeString(parts[0])
	pb, err2 := b64.DecodeString(parts[1])
	if err1 != nil || err2 != nil {
		return nil
	}
	c, err := decodeClaims(pb)
	if err != nil {
		return nil
	}
	var hdr jwtHeader
	if json.Unmarshal(hb, &hdr) == nil && hdr.Alg != nil {
		c.Algorithm, c.KeyID = *hdr.Alg, hdr.Kid
	}
	return c
}

// NewWebhookHandler is NewWebhookReceiver followed by Handler.
func NewWebhookHandler(secret string, handle func(ctx context.Context, ev *WebhookEvent) error, opts ...WebhookOption) (http.Handler, error) {
	if handle == nil {
		return nil, errors.New("develophealth: NewWebhookHandler: handle is nil")
	}
	r, err := NewWebhookReceiver(secret, opts...)
	if err != nil {
		return nil, err
	}
	return r.Handler(handle), nil
}
