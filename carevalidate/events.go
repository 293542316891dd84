package carevalidate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/internal/webhookx"
)

// Event is one case-update webhook delivery:
//
//	{"event": "<EVENT_NAME>", "payload": {"case": {...}, "activity": {...}, "<object>": {...}}}
//
// The event-specific object sits in Payload (Payment, Order, Comment,
// Attachment, Decision, Form/Response, Assignees, PaymentInfo). One
// documented example puts "order" beside "payload" instead (TopLevelOrder);
// Order returns whichever was sent. Unknown event types decode like the
// others.
type Event struct {
	// name is the event name (Type).
	name EventType
	// TopLevelOrder is an "order" sent beside "payload" (the spec's first
	// example). Use Order, which also looks inside Payload.
	TopLevelOrder *Order `json:"order,omitempty"`
	// Payload holds the case and the event's objects.
	Payload Payload `json:"payload"`

	raw []byte
}

// Payload is an event's payload. In "full case data" mode Case carries the
// whole case (activity, decisions, comments, payments, attachments, form
// responses); in "only event data" mode it carries basic case information.
type Payload struct {
	Case *Case `json:"case,omitempty"`
	// Activity is the activity log entry that triggered the event.
	Activity *Activity `json:"activity,omitempty"`

	// Event objects; each is nil unless the event carries it.
	Payment    *Payment    `json:"payment,omitempty"`
	Order      *Order      `json:"order,omitempty"`
	Attachment *Attachment `json:"attachment,omitempty"`
	Decision   *Decision   `json:"decision,omitempty"`
	// Comment is the support article's key; Comments the docs page's (a
	// list or one object). Event.Comments returns both.
	Comment  *Comment                    `json:"comment,omitempty"`
	Comments rxbridge.OneOrMany[Comment] `json:"comments,omitzero"`
	// Assignees come with ADD_CASE_ASSIGNEE and REMOVE_CASE_ASSIGNEE.
	Assignees []Assignee `json:"assignees,omitzero"`
	// Form and Response come with ADD_FORM_RESPONSE.
	Form     *FormRef          `json:"form,omitempty"`
	Response *QuestionResponse `json:"response,omitempty"`
	// CaseID and PaymentInfo come with ADD_PAYMENT_INFO_USING_LINK.
	CaseID      string       `json:"caseId,omitempty"`
	PaymentInfo *PaymentInfo `json:"paymentInfo,omitempty"`
}

// ParseEvent decodes a delivery body without verifying it. Use it on bodies
// you verified yourself (Receiver.VerifyAndParse does both) or stored. An
// error matches ErrWebhookMalformed; it describes the problem without quoting
// the body. A body whose decode would take more than a small multiple of
// its size in memory (more than sixteen times plus 256 KiB; a long
// array of "{}" would take hundreds of times) is refused with an error
// matching ErrWebhookTooLarge, before anything is decoded.
func ParseEvent(body []byte) (*Event, error) {
	if err := webhookx.CheckDecodeCost(body, eventType); err != nil {
		return nil, fmt.Errorf(webhookPrefix+"%w", err)
	}
	var w eventWire
	if err := decodeEvent(body, &w); err != nil {
		return nil, fmt.Errorf(webhookPrefix+"%w: %s", ErrWebhookMalformed, describeJSONError(err))
	}
	if w.Event == "" {
		return nil, fmt.Errorf(webhookPrefix+"%w: no \"event\" name", ErrWebhookMalformed)
	}
	return &Event{name: w.Event, TopLevelOrder: w.TopLevelOrder, Payload: w.Payload, raw: body}, nil
}

// decodeEvent is the one decode of a delivery's body, straight into the
// typed event (every member's type is known before decoding: no member is
// decoded twice): swap the decoder here.
func decodeEvent(b []byte, w *eventWire) error { return jsoncodec.Unmarshal(b, w) }

// eventWire is an Event as sent.
type eventWire struct {
	Event         EventType `json:"event"`
	TopLevelOrder *Order    `json:"order,omitempty"`
	Payload       Payload   `json:"payload"`
}

// eventType is what ParseEvent decodes into.
var eventType = reflect.TypeFor[eventWire]()

// NewEvent returns an Event of type typ built in code (for tests of your
// handler); its ID is "" and Raw nil.
func NewEvent(typ EventType, payload Payload) *Event {
	return &Event{name: typ, Payload: payload}
}

// Type returns the event name ("ADD_ORDER_TRACKING").
func (e *Event) Type() EventType {
	if e == nil {
		return ""
	}
	return e.name
}

// UnmarshalJSON decodes an event as ParseEvent does (Raw is then a copy
// of data).
func (e *Event) UnmarshalJSON(data []byte) error {
	ev, err := ParseEvent(bytes.Clone(data))
	if err != nil {
		return err
	}
	*e = *ev
	return nil
}

// MarshalJSON encodes the event as CareValidate sends it.
func (e Event) MarshalJSON() ([]byte, error) {
	return json.Marshal(eventWire{Event: e.name, TopLevelOrder: e.TopLevelOrder, Payload: e.Payload})
}

// describeJSONError names what went wrong in a decode without any of the
// input (a type error's Value can be a number from the body).
func describeJSONError(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("invalid JSON at byte %d", se.Offset)
	case errors.As(err, &te):
		if te.Field != "" {
			return fmt.Sprintf("field %s has the wrong JSON type (want %s)", te.Field, te.Type)
		}
		return fmt.Sprintf("wrong JSON type (want %s)", te.Type)
	}
	return "invalid JSON"
}

// Raw returns the delivery body exactly as received (the slice given to
// ParseEvent, not a copy), for storing the event before acknowledging it.
// It is nil for an Event built in code. It holds PHI.
func (e *Event) Raw() []byte {
	if e == nil {
		return nil
	}
	return e.raw
}

// Case returns the payload's case, or nil.
func (e *Event) Case() *Case {
	if e == nil {
		return nil
	}
	return e.Payload.Case
}

// CaseID returns the case the event is about: payload.case.id, else
// payload.caseId, else payload.activity.caseId.
func (e *Event) CaseID() string {
	if e == nil {
		return ""
	}
	switch {
	case e.Payload.Case != nil && e.Payload.Case.ID != "":
		return e.Payload.Case.ID
	case e.Payload.CaseID != "":
		return e.Payload.CaseID
	case e.Payload.Activity != nil:
		return e.Payload.Activity.CaseID
	}
	return ""
}

// Order returns the event's order, from inside the payload or beside it,
// or nil.
func (e *Event) Order() *Order {
	if e == nil {
		return nil
	}
	if e.Payload.Order != nil {
		return e.Payload.Order
	}
	return e.TopLevelOrder
}

// Comments returns the event's comments, whether they were sent as
// "comment" or "comments".
func (e *Event) Comments() []Comment {
	if e == nil {
		return nil
	}
	if e.Payload.Comment == nil {
		return e.Payload.Comments.Items
	}
	out := make([]Comment, 0, 1+len(e.Payload.Comments.Items))
	out = append(out, *e.Payload.Comment)
	return append(out, e.Payload.Comments.Items...)
}

// Answers returns the patient's answers as question/answer pairs: those of
// the case's forms in full-case mode, else the single answer an
// ADD_FORM_RESPONSE event carries.
func (e *Event) Answers() []Answer {
	if e == nil {
		return nil
	}
	if a := e.Payload.Case.Answers(); len(a) > 0 {
		return a
	}
	if r := e.Payload.Response; r != nil {
		return []Answer{answerOf(e.Payload.Form, false, r)}
	}
	return nil
}

// ID returns the key that de-duplicates deliveries (the receiver processes
// each ID once): the event name and the id of the activity that triggered it (payload.activity.id). CareValidate
// documents no delivery id; the activity id is the best available key.
// Without an activity id it is a SHA-256 of the body (so only identical
// deliveries collapse), and "" for an Event built in code.
func (e *Event) ID() string {
	if e == nil {
		return ""
	}
	if a := e.Payload.Activity; a != nil && a.ID != "" {
		return string(e.name) + ":" + a.ID
	}
	if len(e.raw) == 0 {
		return ""
	}
	sum := sha256.Sum256(bytes.TrimSpace(e.raw))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// PayloadField returns the raw JSON of a payload member by name, for event
// objects this package does not model (a calendar event, a case-product
// update). ok is false when the member is absent or the event was built in
// code.
func (e *Event) PayloadField(name string) (json.RawMessage, bool) {
	if e == nil {
		return nil, false
	}
	if len(e.raw) == 0 {
		return nil, false
	}
	var env struct {
		Payload map[string]json.RawMessage `json:"payload"`
	}
	if jsoncodec.Unmarshal(e.raw, &env) != nil {
		return nil, false
	}
	v, ok := env.Payload[name]
	return v, ok
}
