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

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/internal/lenient"
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

// Event is a verified webhook delivery. Both envelope versions
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
type Event struct {
	// EventID identifies the event (newer envelope only); see ID.
	EventID string `json:"event_id,omitzero"`
	// OccurredAt is when the event happened (newer envelope only).
	OccurredAt *rxbridge.DateTime `json:"occurred_at,omitzero"`
	// Title and Description are upstream prose ("Prior Authorization
	// Updated"); do not branch on them.
	Title       string `json:"title"`
	Description string `json:"description"`
	// typ is the event_type (Type).
	typ EventType
	// Data is the data object as received.
	Data json.RawMessage `json:"data"`

	PriorAuthorization    *PriorAuthorization    `json:"-"`
	BenefitVerification   *BenefitVerification   `json:"-"`
	ClinicalQualification *ClinicalQualification `json:"-"`
	ProviderOutreach      *ProviderOutreach      `json:"-"`
	// DataErr is why Data could not be typed, if it could not.
	DataErr error `json:"-"`
	// Claims are the verified token's claims (nil from ParseEvent).
	Claims *WebhookClaims `json:"-"`

	// body is the delivery's body (Data is a slice of it), hashed into
	// ID when the envelope has no event_id; nil for an Event built in
	// code.
	body []byte
}

// Versioned reports the newer envelope (it carries event_id or
// occurred_at).
func (e *Event) Versioned() bool { return e != nil && (e.EventID != "" || e.OccurredAt != nil) }

// Type returns the event's event_type.
func (e *Event) Type() EventType {
	if e == nil {
		return ""
	}
	return e.typ
}

// UnmarshalJSON decodes an envelope as ParseEvent does.
func (e *Event) UnmarshalJSON(data []byte) error {
	ev, err := ParseEvent(data)
	if err != nil {
		return err
	}
	*e = *ev
	return nil
}

// MarshalJSON encodes the envelope as Develop Health sends it.
func (e Event) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		EventID     string             `json:"event_id,omitzero"`
		OccurredAt  *rxbridge.DateTime `json:"occurred_at,omitzero"`
		Title       string             `json:"title"`
		Description string             `json:"description"`
		EventType   EventType          `json:"event_type"`
		Data        json.RawMessage    `json:"data"`
	}{e.EventID, e.OccurredAt, e.Title, e.Description, e.typ, e.Data})
}

// ID returns the key that de-duplicates deliveries (the receiver processes
// each ID once): the event_id when the envelope has one, else a hash of
// the body (a resend of the same body has the same key), and "" for an
// Event built in code.
func (e *Event) ID() string {
	if e == nil {
		return ""
	}
	if e.EventID != "" {
		return "event:" + e.EventID
	}
	if e.body == nil {
		return ""
	}
	sum := sha256.Sum256(e.body)
	return "body:" + hex.EncodeToString(sum[:16])
}

// webhookWire is the envelope as it may arrive: scalar members leniently.
type webhookWire struct {
	EventID     lenient.String     `json:"event_id"`
	OccurredAt  *rxbridge.DateTime `json:"occurred_at"`
	Title       lenient.String     `json:"title"`
	Description lenient.String     `json:"description"`
	EventType   lenient.String     `json:"event_type"`
	Data        json.RawMessage    `json:"data"`
}

// ParseEvent decodes a delivery's body without verifying it. Use it
// only on bodies already verified (VerifyAndParse does both). The body must
// be a JSON object; anything else matches ErrWebhookMalformed.
func ParseEvent(body []byte) (*Event, error) {
	b := bytes.TrimSpace(body)
	if !isObject(b) {
		return nil, errWebhookNotObject
	}
	// The Event keeps the body (Data is a slice of it): a copy, so that
	// the caller's buffer stays theirs.
	return parseEvent(bytes.Clone(b))
}

// parseEvent is ParseEvent on a body the Event may keep (a receiver's own
// copy). It decodes it once, straight into the envelope whose data member
// has the type the event names (see parseOnePass); a body the one pass
// cannot take exactly as the two-step decode would (duplicate or escaped
// member names, data that does not decode into its type, data too costly
// to decode) is decoded in two steps, whose result is the reference.
func parseEvent(body []byte) (*Event, error) {
	b := bytes.TrimSpace(body)
	if !isObject(b) {
		return nil, errWebhookNotObject
	}
	if ev := parseOnePass(b); ev != nil {
		return ev, nil
	}
	return parseTwoSteps(b)
}

// decodeWebhook is the one decode of a delivery's body (and of the
// two-step reference's parts): swap the decoder here.
func decodeWebhook(b []byte, v any) error { return jsoncodec.Unmarshal(b, v) }

// eventEnvelope is the envelope with its data member decoded into D (a pointer
// to the data's type, or skipData).
type eventEnvelope[D any] struct {
	EventID     lenient.String     `json:"event_id"`
	OccurredAt  *rxbridge.DateTime `json:"occurred_at"`
	Title       lenient.String     `json:"title"`
	Description lenient.String     `json:"description"`
	EventType   lenient.String     `json:"event_type"`
	Data        D                  `json:"data"`
}

// skipData leaves the data member undecoded (Event.Data has its bytes).
type skipData struct{}

// UnmarshalJSON implements json.Unmarshaler: it keeps nothing.
func (*skipData) UnmarshalJSON([]byte) error { return nil }

// parseOnePass decodes b once into the typed envelope, or returns nil when
// the two-step reference must decide. A cursor over the top-level members
// (jsoncodec.ObjectEach: no allocation, no decoding; names matched as
// encoding/json matches them, escapes and case folding included) finds the
// event type and the data's bytes, and for an event type that does not
// name the data's kind, the data's "object" member; it gives up on what it
// cannot be sure of (a duplicate member, a type that is not a plain
// string). What the decode then sets is checked against what the cursor
// found.
func parseOnePass(b []byte) *Event {
	var typ string
	var data []byte
	sure, types, datas := true, 0, 0
	if !jsoncodec.ObjectEach(b, func(name, value []byte) bool {
		if jsoncodec.KeyIs(name, "event_type") {
			types++
			typ, sure = plainMember(value, sure)
		}
		if jsoncodec.KeyIs(name, "data") {
			datas++
			data = value
		}
		return true
	}) || !sure || types > 1 || datas > 1 {
		return nil
	}
	ev := &Event{typ: EventType(typ), Data: data, body: b}
	if len(data) == 0 || string(data) == "null" {
		if ev.typ.Known() {
			ev.DataErr = errEventNoData
		}
		return decodeOnePass[skipData](b, ev, nil)
	}
	kind, object := dataKind(ev.typ), ""
	if kind == "" {
		n := 0
		if !jsoncodec.ObjectEach(data, func(name, value []byte) bool {
			if jsoncodec.KeyIs(name, "object") {
				n++
				object, sure = plainMember(value, sure)
			}
			return true
		}) || !sure || n > 1 {
			if data[0] == '{' {
				return nil
			}
			// Not an object: the data is kept untyped.
		}
		kind = object
	}
	switch kind {
	case "prior_authorization":
		return decodeOnePass(b, ev, func(e *Event, d *PriorAuthorization) bool {
			e.PriorAuthorization = d
			return d.Object == object || object == ""
		})
	case "benefit_verification":
		return decodeOnePass(b, ev, func(e *Event, d *BenefitVerification) bool {
			e.BenefitVerification = d
			return d.Object == object || object == ""
		})
	case "clinical_qualification":
		return decodeOnePass(b, ev, func(e *Event, d *ClinicalQualification) bool {
			e.ClinicalQualification = d
			return d.Object == object || object == ""
		})
	case "provider_outreach":
		return decodeOnePass(b, ev, func(e *Event, d *ProviderOutreach) bool {
			d.Raw = append(json.RawMessage(nil), data...)
			e.ProviderOutreach = d
			return d.Object == object || object == ""
		})
	}
	return decodeOnePass[skipData](b, ev, nil)
}

// plainMember reads a member the cursor needs as a plain string (printable
// ASCII, no escape: what the decode will set, byte for byte); sure turns
// false when it is not one.
func plainMember(value []byte, sure bool) (string, bool) {
	s, ok := jsoncodec.PlainString(value)
	return string(s), sure && ok
}

// dataKind is the kind of data an event type names ("" when it names
// none: the data's "object" member decides).
func dataKind(t EventType) string {
	switch {
	case t == EventPriorAuthProviderOutreachChange:
		return "provider_outreach"
	case strings.HasPrefix(string(t), "prior_authorization."):
		return "prior_authorization"
	case strings.HasPrefix(string(t), "benefit_verification."):
		return "benefit_verification"
	case strings.HasPrefix(string(t), "clinical_qualification."):
		return "clinical_qualification"
	}
	return ""
}

// decodeOnePass decodes b into an envelope whose data is a *T (bounded by
// webhookx.CheckDecodeCost first) and fills ev; set receives the decoded
// data (never nil) and reports whether it agrees with the cursor. It
// returns nil, for the two-step reference to decide, when the decode
// would cost too much, fails, or disagrees with the cursor.
func decodeOnePass[T any](b []byte, ev *Event, set func(*Event, *T) bool) *Event {
	var w eventEnvelope[*T]
	if set != nil && webhookx.CheckDecodeCost(b, reflect.TypeFor[eventEnvelope[*T]]()) != nil {
		return nil
	}
	if decodeWebhook(b, &w) != nil || string(w.EventType) != string(ev.typ) {
		return nil
	}
	if set != nil && (w.Data == nil || !set(ev, w.Data)) {
		return nil
	}
	ev.EventID, ev.OccurredAt = string(w.EventID), w.OccurredAt
	ev.Title, ev.Description = string(w.Title), string(w.Description)
	return ev
}

// parseTwoSteps decodes the envelope with its data as raw bytes, then the
// data into the type the event names: the reference parseOnePass agrees
// with, and the decode of the bodies it leaves.
func parseTwoSteps(b []byte) (*Event, error) {
	var w webhookWire
	if err := decodeWebhook(b, &w); err != nil {
		return nil, errWebhookNotEnvelope
	}
	ev := &Event{
		EventID: string(w.EventID), OccurredAt: w.OccurredAt, Title: string(w.Title),
		Description: string(w.Description), typ: EventType(w.EventType), Data: w.Data,
		body: b,
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
	// ErrWebhookInProgress matches a delivery whose event (or token) another
	// delivery is processing, here or on another instance sharing the
	// store (503, so Develop Health sends it again).
	ErrWebhookInProgress = webhookx.ErrInProgress
	// ErrWebhookStoreUnavailable matches a delivery refused because the
	// store that de-duplicates events and remembers tokens failed (503:
	// de-duplication fails closed, so Develop Health sends it again).
	ErrWebhookStoreUnavailable = webhookx.ErrDedupUnavailable

	errWebhookNotObject   = fmt.Errorf(webhookPrefix+"%w: body is not a JSON object", webhookx.ErrMalformed)
	errWebhookNotEnvelope = fmt.Errorf(webhookPrefix+"%w: body is not a valid event envelope", webhookx.ErrMalformed)
	// errEventNoData is the DataErr of a documented event without data.
	errEventNoData = errors.New(webhookPrefix + "event has no data")
)

// dataError is a DataErr: the event's data did not decode (or would cost
// too much to decode). It matches ErrDecode and cause.
func dataError(cause error) error {
	return fmt.Errorf(webhookPrefix+"event data: %w: %w", ErrDecode, cause)
}

// dataTypes are the types Data decodes into, by kind.
var dataTypes = map[string]reflect.Type{
	"prior_authorization":    reflect.TypeFor[PriorAuthorization](),
	"benefit_verification":   reflect.TypeFor[BenefitVerification](),
	"clinical_qualification": reflect.TypeFor[ClinicalQualification](),
	"provider_outreach":      reflect.TypeFor[ProviderOutreach](),
}

// typeData decodes Data into the type the event names (the second of
// parseTwoSteps' steps). Data whose decode
// would take more than a small multiple of its size in memory (a long
// array of "{}") is not decoded: DataErr says so.
func (e *Event) typeData() {
	d := bytes.TrimSpace(e.Data)
	if len(d) == 0 || string(d) == "null" {
		if e.typ.Known() {
			e.DataErr = errEventNoData
		}
		return
	}
	kind := dataKind(e.typ)
	if kind == "" {
		var probe struct {
			Object lenient.String `json:"object"`
		}
		if decodeWebhook(d, &probe) != nil {
			return
		}
		kind = string(probe.Object)
	}
	var err error
	if t, ok := dataTypes[kind]; ok {
		if err := webhookx.CheckDecodeCost(d, t); err != nil {
			e.DataErr = dataError(err)
			return
		}
	}
	switch kind {
	case "prior_authorization":
		e.PriorAuthorization = new(PriorAuthorization)
		if err = decodeWebhook(d, e.PriorAuthorization); err != nil {
			e.PriorAuthorization = nil
		}
	case "benefit_verification":
		e.BenefitVerification = new(BenefitVerification)
		if err = decodeWebhook(d, e.BenefitVerification); err != nil {
			e.BenefitVerification = nil
		}
	case "clinical_qualification":
		e.ClinicalQualification = new(ClinicalQualification)
		if err = decodeWebhook(d, e.ClinicalQualification); err != nil {
			e.ClinicalQualification = nil
		}
	case "provider_outreach":
		e.ProviderOutreach = new(ProviderOutreach)
		if err = decodeWebhook(d, e.ProviderOutreach); err != nil {
			e.ProviderOutreach = nil
		} else {
			e.ProviderOutreach.Raw = append(json.RawMessage(nil), d...)
		}
	}
	if err != nil {
		// The decoder's message names a Go type and field, never a value.
		e.DataErr = dataError(err)
	}
}

// webhookOptions are a Receiver's settings, set by the WithWebhook options
// of this package.
type webhookOptions struct {
	webhookx.ReceiverOptions
	digestClaim string
	previous    []string
	leeway      time.Duration
	maxAge      time.Duration
	allowNoExp  bool
	noReplay    bool
	now         func() time.Time
}

// DefaultWebhookMaxAge is the default maximum age of a token (WithWebhookMaxAge):
// five minutes, Stripe's tolerance for its signed timestamps.
const DefaultWebhookMaxAge = 5 * time.Minute

// DefaultMaxWebhookBytes is the default body limit of a Receiver
// (WithWebhookMaxBodyBytes): 10 MiB.
const DefaultMaxWebhookBytes = webhookx.DefaultMaxBodyBytes

// DefaultWebhookReadTimeout is the default time a delivery's body has to
// arrive (WithWebhookReadTimeout): 30 seconds.
const DefaultWebhookReadTimeout = webhookx.DefaultReadTimeout

// De-duplication defaults (see WithWebhookDeduplication).
const (
	// DefaultWebhookLease is how long a delivery holds its event while the
	// handler runs (WithWebhookLease).
	DefaultWebhookLease = webhookx.DefaultLease
	// DefaultWebhookDedupTTL is how long a processed event is remembered.
	DefaultWebhookDedupTTL = webhookx.DefaultDoneTTL
)

// WithWebhookPreviousSecrets also accepts tokens signed with older secrets,
// during a rotation.
func WithWebhookPreviousSecrets(secrets ...string) Option {
	return rxbridge.ProviderOption("develophealth.WithWebhookPreviousSecrets", func(c *webhookOptions) {
		c.previous = append(c.previous, secrets...)
	})
}

// WithWebhookLeeway sets the clock skew allowed on exp, nbf and iat
// (default 60s).
func WithWebhookLeeway(d time.Duration) Option {
	return rxbridge.ProviderOption("develophealth.WithWebhookLeeway", func(c *webhookOptions) {
		if d < 0 {
			c.Fail("develophealth.WithWebhookLeeway", "must not be negative")
			return
		}
		c.leeway = d
	})
}

// WithWebhookMaxAge sets the maximum age of a token (default
// DefaultWebhookMaxAge, five minutes): one issued (iat) longer ago, plus
// the leeway, is refused with ErrWebhookTokenExpired. A token without iat
// has no known age; it is accepted only if its exp is at most d (plus the
// leeway) ahead, so that it too is usable for at most d. 0 turns the
// bound off (then only exp limits a token's use).
func WithWebhookMaxAge(d time.Duration) Option {
	return rxbridge.ProviderOption("develophealth.WithWebhookMaxAge", func(c *webhookOptions) {
		if d < 0 {
			c.Fail("develophealth.WithWebhookMaxAge", "must not be negative")
			return
		}
		c.maxAge = d
	})
}

// WithWebhookAllowTokensWithoutExpiry accepts tokens that carry no exp.
// By default they are refused (ErrWebhookTokenNoExpiry): such a token is
// valid forever, so one captured header would authenticate any later
// delivery. Develop Health does not document its claims; use this only if
// your deliveries are refused for lacking exp, and keep the maximum age
// (which then needs iat) and replay protection on.
func WithWebhookAllowTokensWithoutExpiry() Option {
	return rxbridge.ProviderOption("develophealth.WithWebhookAllowTokensWithoutExpiry", func(c *webhookOptions) {
		c.allowNoExp = true
	})
}

// WithWebhookReplayProtection turns the refusal of replayed tokens on (the
// default) or off. With it, a token is remembered, as a SHA-256 hash in
// the rxbridge.WithStore store (shared by your instances, so that they
// refuse each other's replays; this receiver's own in-process store by
// default), until it stops being acceptable (its exp or its maximum age,
// plus the leeway), once a delivery carrying it was acknowledged; another
// delivery with the same token is refused with ErrWebhookTokenReplayed
// (401) before its body is read. While a delivery carrying a token is
// processed, another with the same token is answered 503, so that it comes
// again. A delivery that was not acknowledged (your handler failed, the
// body was refused) gives its token back, so a resend that reuses it is
// processed; so does, once its lease (WithWebhookLease) ends, the token of
// a delivery whose instance died. When the store fails, the delivery is
// answered 5xx (Develop Health sends it again), never acknowledged.
func WithWebhookReplayProtection(enabled bool) Option {
	return rxbridge.ProviderOption("develophealth.WithWebhookReplayProtection", func(c *webhookOptions) {
		c.noReplay = !enabled
	})
}

// WithWebhookReadTimeout bounds the time a delivery's body may take to
// arrive once its headers were read (default DefaultWebhookReadTimeout);
// a body still arriving then is answered 408 Request Timeout. It replaces
// your http.Server's ReadTimeout for the body; the server must still set
// ReadHeaderTimeout (see Receiver). It must be positive.
func WithWebhookReadTimeout(d time.Duration) Option {
	return rxbridge.ProviderOption("develophealth.WithWebhookReadTimeout", func(o *webhookOptions) {
		if o.PositiveDuration("develophealth.WithWebhookReadTimeout", d) {
			o.ReadTimeout = d
		}
	})
}

// WithWebhookBodyDigestClaim binds the token to the body: the named claim
// must hold the SHA-256 of the raw body (hex or base64), or the delivery
// is refused with ErrWebhookBodyMismatch (401). Develop Health does not
// document such a claim, so it is off by default and the token then
// authenticates the sender only; turn it on if your tokens carry one (the
// develophealthtest fake sends "body_sha256").
func WithWebhookBodyDigestClaim(claim string) Option {
	return rxbridge.ProviderOption("develophealth.WithWebhookBodyDigestClaim", func(c *webhookOptions) {
		c.digestClaim = claim
	})
}

// WithWebhookMaxBodyBytes sets a Receiver's body limit (default
// DefaultMaxWebhookBytes, 10 MiB); a larger delivery is answered 413
// without reading past the limit. It must be positive.
func WithWebhookMaxBodyBytes(n int64) Option {
	return rxbridge.ProviderOption("develophealth.WithWebhookMaxBodyBytes", func(o *webhookOptions) {
		if o.PositiveSize("develophealth.WithWebhookMaxBodyBytes", n) {
			o.MaxBodyBytes = n
		}
	})
}

// WithWebhookLease sets how long a delivery holds its event (and its
// token) while the handler runs (default DefaultWebhookLease, one
// minute). Deliveries of the same event meanwhile are answered 503
// (ErrWebhookInProgress), so Develop Health sends them again; if the
// instance running the handler dies, the event is processed again once
// the lease ends. Make it longer than your handler's longest run. It must
// be positive.
func WithWebhookLease(d time.Duration) Option {
	return rxbridge.ProviderOption("develophealth.WithWebhookLease", func(o *webhookOptions) {
		if o.PositiveDuration("develophealth.WithWebhookLease", d) {
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
	return rxbridge.ProviderOption("develophealth.WithWebhookDeduplication", func(o *webhookOptions) {
		o.NoDedup = !enabled
	})
}

// WithWebhookClock sets the clock used for exp/nbf/iat (tests).
func WithWebhookClock(now func() time.Time) Option {
	return rxbridge.ProviderOption("develophealth.WithWebhookClock", func(c *webhookOptions) {
		if now == nil {
			c.Fail("develophealth.WithWebhookClock", "nil clock")
			return
		}
		c.now = now
	})
}

// Handler processes one event. Returning nil acknowledges the delivery
// (200). An error answers 500 so Develop Health sends it again; an error
// with an HTTPStatus() int method chooses the status instead.
type Handler func(ctx context.Context, ev *Event) error

// Receiver is an http.Handler for Develop Health webhooks. It is safe for
// concurrent use. It does no work for strangers: it answers 405 to
// anything but POST and 401 when the token does not verify or was already
// used, before reading a byte of the body; then 413 over the body limit,
// 408 when the body does not arrive within the read timeout, 401 when a
// WithWebhookBodyDigestClaim digest does not match, 400 for a body that is
// not an event; each event (Event.ID) is processed once (see
// WithWebhookDeduplication); and 200 only after the handler returned nil.
// An error from the handler answers 500 (or the status of an error with an
// HTTPStatus() int method), so Develop Health resends.
//
// By default it refuses a token without exp, one older than five minutes
// (iat), and one already used by an acknowledged delivery: the token
// authenticates the sender but does not cover the body, so a token that
// could be used again would let whoever saw one header forge any event.
// See WithWebhookMaxAge, WithWebhookAllowTokensWithoutExpiry and
// WithWebhookReplayProtection for the opt-outs.
//
// Serve it from an http.Server that bounds what comes before the handler:
// ReadHeaderTimeout (slow headers), MaxHeaderBytes, IdleTimeout, and
// WriteTimeout for a client that does not read the answer. A ReadTimeout
// on the server also ends a slow body where the receiver's own deadline
// cannot reach the connection (a ResponseWriter wrapper without Unwrap).
type Receiver struct {
	// keys sits behind a pointer: fmt does not follow nested pointers, so
	// no dump of the receiver shows them (both Formats are also redacted).
	keys *webhookx.MACKeys
	cfg  webhookOptions
	// seen remembers used tokens (nil without replay protection).
	seen *webhookx.Leases
	rc   webhookx.Receiver[*Event]
}

// NewReceiver returns the webhook endpoint for deliveries signed with
// secret (the secret key set on the webhook in the Develop Health admin
// panel), which gives each event to handle. It accepts the receiver
// options of this package (WithWebhookMaxBodyBytes,
// WithWebhookReadTimeout, WithWebhookLease, WithWebhookDeduplication, and
// the token options WithWebhookPreviousSecrets, WithWebhookLeeway,
// WithWebhookMaxAge, WithWebhookAllowTokensWithoutExpiry,
// WithWebhookReplayProtection, WithWebhookBodyDigestClaim,
// WithWebhookClock) and, from package rxbridge, WithStore (where events
// are de-duplicated and used tokens remembered: give every instance the
// same store), WithLogger (each delivery's outcome: status, reason, size,
// duration; never the body, headers or secrets) and WithTelemetry. It
// fails when handle is nil, secret is empty, or an option is invalid or
// is a client option. Errors never contain a secret.
func NewReceiver(secret string, handle Handler, opts ...Option) (*Receiver, error) {
	if handle == nil {
		return nil, errors.New("develophealth: NewReceiver: nil handler")
	}
	var settings rxbridge.Settings
	cfg := webhookOptions{leeway: 60 * time.Second, maxAge: DefaultWebhookMaxAge, now: time.Now}
	if err := rxbridge.Apply("develophealth", opts, &settings, &cfg); err != nil {
		return nil, err
	}
	if err := cfg.Settle("develophealth", &settings, DefaultMaxWebhookBytes); err != nil {
		return nil, err
	}
	if secret == "" {
		return nil, errors.New("develophealth: NewReceiver: secret is empty")
	}
	keys := newTokenKeys(append([]string{secret}, cfg.previous...)...)
	cfg.previous = nil
	store := settings.Store
	if store == nil {
		store = rxbridge.NewMemoryStore()
	}
	r := &Receiver{keys: keys, cfg: cfg}
	if !cfg.noReplay {
		// A token is remembered until it expires; the TTL bounds those
		// that have none (only with both opt-outs).
		r.seen = &webhookx.Leases{Store: store, Namespace: "webhook.develophealth.token", Lease: cfg.Lease,
			DoneTTL: max(cfg.maxAge, 5*time.Minute) + 2*cfg.leeway}
	}
	if l := cfg.Leases(store, "webhook.develophealth"); l != nil {
		var err error
		if handle, err = webhookx.LeaseDedup(*l, (*Event).ID, handle); err != nil {
			return nil, fmt.Errorf("develophealth: NewReceiver: %w", err)
		}
	}
	r.rc = r.receiver(handle, settings.Logger)
	var err error
	if r.rc.Telemetry, err = webhookx.NewTelemetry(settings.TracerProvider, settings.MeterProvider); err != nil {
		return nil, errors.New("develophealth: NewReceiver: telemetry: " + err.Error())
	}
	r.rc.EventType = webhookEventType
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
// or zero value): it has no secret to verify with.
var errNoReceiver = fmt.Errorf(webhookPrefix+"%w: the Receiver was not made by NewReceiver", ErrWebhookUnauthorized)

// ready reports whether r was made by NewReceiver.
func (r *Receiver) ready() error {
	if r == nil || r.keys == nil {
		return errNoReceiver
	}
	return nil
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

// Verify checks the delivery's X-Webhook-Secret token (an optional "Bearer "
// prefix is accepted): its signature, exp, nbf, iat and maximum age. It
// returns the claims. It does not record the token's use (Handler and
// VerifyAndParse do). Errors match ErrWebhookUnauthorized.
func (r *Receiver) Verify(h http.Header) (*WebhookClaims, error) {
	if err := r.ready(); err != nil {
		return nil, err
	}
	c, _, err := r.verify(h)
	return c, err
}

// verify is Verify that also returns the token.
func (r *Receiver) verify(h http.Header) (*WebhookClaims, string, error) {
	tok := strings.TrimSpace(h.Get(WebhookHeader))
	if len(tok) > 7 && strings.EqualFold(tok[:7], "bearer ") {
		tok = strings.TrimSpace(tok[7:])
	}
	c, err := verifyToken(tok, r.keys, r.rules())
	return c, tok, err
}

func (r *Receiver) rules() tokenRules {
	return tokenRules{now: r.cfg.now(), leeway: r.cfg.leeway, maxAge: r.cfg.maxAge, requireExp: !r.cfg.allowNoExp}
}

// authenticate verifies the token from the headers alone, before the body
// is read, and claims its use (replay protection): the claim is kept when
// the delivery is acknowledged and given back otherwise. The context it
// returns carries the token's claims, for Verify and Parse (decoded once).
func (r *Receiver) authenticate(ctx context.Context, h http.Header) (context.Context, func(context.Context, bool) error, error) {
	c, tok, err := r.verify(h)
	if err != nil {
		return nil, nil, err
	}
	ctx = context.WithValue(ctx, claimsKey{}, c)
	if r.seen == nil {
		return ctx, nil, nil
	}
	sum := sha256.Sum256([]byte(tok))
	now := r.cfg.now()
	done, err := r.seen.ClaimUse(ctx, hex.EncodeToString(sum[:]), r.rules().acceptableUntil(c), now)
	switch {
	case errors.Is(err, webhookx.ErrUsed):
		return nil, nil, ErrWebhookTokenReplayed
	case err != nil:
		// In progress elsewhere, or the store failed: 503, so that Develop
		// Health sends it again.
		return nil, nil, replayProtectionError(err)
	}
	return ctx, func(ctx context.Context, acknowledged bool) error {
		if err := done(ctx, acknowledged); err != nil {
			return replayProtectionError(err)
		}
		return nil
	}, nil
}

// replayProtectionError is a failure of the store that remembers tokens
// (ErrWebhookStoreUnavailable, ErrWebhookInProgress), or the context's
// error.
func replayProtectionError(err error) error {
	return fmt.Errorf(webhookPrefix+"replay protection: %w", err)
}

// claimsKey is the context key of the claims authenticate verified.
type claimsKey struct{}

// verifiedClaims are the claims authenticate verified for this delivery.
func verifiedClaims(ctx context.Context) *WebhookClaims {
	c, _ := ctx.Value(claimsKey{}).(*WebhookClaims)
	return c
}

// VerifyAndParse authenticates a delivery and decodes it, for programs that
// route requests themselves. The body is parsed only after the token is
// verified; the handler is not called and nothing is de-duplicated. With
// replay protection (the default) a token is used up when VerifyAndParse
// succeeds: a resend that carries the same token is refused even if your
// processing failed (ServeHTTP gives the token back in that case). Read
// the body through your own size limit and read deadline. Errors match
// ErrWebhookUnauthorized (answer 401), ErrWebhookTooLarge (413),
// ErrWebhookMalformed (400), or ErrWebhookInProgress or
// ErrWebhookStoreUnavailable (503: the store failed, or another delivery
// holds the token).
func (r *Receiver) VerifyAndParse(ctx context.Context, h http.Header, body []byte) (*Event, error) {
	if err := r.ready(); err != nil {
		return nil, err
	}
	if int64(len(body)) > r.rc.MaxBodyBytes {
		return nil, fmt.Errorf(webhookPrefix+"%w: %d bytes over the %d-byte limit", ErrWebhookTooLarge, len(body), r.rc.MaxBodyBytes)
	}
	return r.rc.VerifyAndParse(ctx, h, body)
}

func (r *Receiver) receiver(handle Handler, logger *slog.Logger) webhookx.Receiver[*Event] {
	return webhookx.Receiver[*Event]{
		Provider:     provider,
		MaxBodyBytes: r.cfg.MaxBodyBytes,
		ReadTimeout:  r.cfg.ReadTimeout,
		Logger:       logger,
		Authenticate: r.authenticate,
		Verify: func(ctx context.Context, _ http.Header, body []byte) error {
			if r.cfg.digestClaim == "" {
				return nil
			}
			// The token Authenticate verified: its claims, decoded once.
			c := verifiedClaims(ctx)
			if c == nil {
				return ErrWebhookBodyMismatch
			}
			return r.checkDigest(c, body)
		},
		Parse: func(ctx context.Context, _ http.Header, body []byte) (*Event, error) {
			// The body is the receiver's own: the Event keeps it.
			ev, err := parseEvent(body)
			if err != nil {
				return nil, err
			}
			ev.Claims = verifiedClaims(ctx)
			return ev, nil
		},
		Handle: handle,
	}
}

// checkDigest enforces WithWebhookBodyDigestClaim.
func (r *Receiver) checkDigest(c *WebhookClaims, body []byte) error {
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
