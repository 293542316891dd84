package develophealth

import (
	"bytes"
	"encoding/json"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

// ActivityLogType is the discriminator ("type") of an activity log item.
// Develop Health adds types over time: an unknown one is not an error.
type ActivityLogType string

// The documented activity log types.
const (
	// ActivityLogSentFax: a fax was sent (spec schema
	// PriorAuthActivityLogSentFax).
	ActivityLogSentFax ActivityLogType = "sent_fax"
	// ActivityLogReceivedFax: a fax was received (spec schema
	// PriorAuthActivityLogReceivedFax).
	ActivityLogReceivedFax ActivityLogType = "received_fax"
	// ActivityLogFollowUpCall: a follow-up call was made (spec schema
	// PriorAuthActivityLogFollowUpCall).
	ActivityLogFollowUpCall ActivityLogType = "follow_up_call"
)

// Known reports whether t is a documented type.
func (t ActivityLogType) Known() bool {
	switch t {
	case ActivityLogSentFax, ActivityLogReceivedFax, ActivityLogFollowUpCall:
		return true
	}
	return false
}

// PriorAuthActivityLogFaxDetails is the spec schema of a fax item's
// details. URL is a short-lived signed link: download the fax at once.
type PriorAuthActivityLogFaxDetails struct {
	URL string `json:"url"`
}

// PriorAuthActivityLogFollowUpCallDetails is the spec schema of a
// follow-up call's details.
type PriorAuthActivityLogFollowUpCallDetails struct {
	Notes        string `json:"notes,omitzero"`
	RecordingURL string `json:"recording_url,omitzero"`
	Transcript   string `json:"transcript,omitzero"`
}

// ActivityLogItem is one item of a prior authorization's activity_log: a
// union keyed on Type. For sent_fax and received_fax, Fax is set; for
// follow_up_call, FollowUpCall. An item of another type, or one whose
// details do not decode, keeps ID, CreatedAt and Type when it can, and the
// whole item as received in Raw; it re-encodes unchanged. Decoding an item
// never fails.
type ActivityLogItem struct {
	ID        string
	CreatedAt rxbridge.DateTime
	Type      ActivityLogType

	Fax          *PriorAuthActivityLogFaxDetails
	FollowUpCall *PriorAuthActivityLogFollowUpCallDetails

	// Raw is the item as received, when it is not of a known shape.
	Raw json.RawMessage
}

// activityFax is the wire form of both fax items.
type activityFax struct {
	ID        string                          `json:"id"`
	CreatedAt rxbridge.DateTime               `json:"created_at"`
	Type      ActivityLogType                 `json:"type"`
	Details   *PriorAuthActivityLogFaxDetails `json:"details"`
}

// activityCall is the wire form of a follow-up call item.
type activityCall struct {
	ID        string                                   `json:"id"`
	CreatedAt rxbridge.DateTime                        `json:"created_at"`
	Type      ActivityLogType                          `json:"type"`
	Details   *PriorAuthActivityLogFollowUpCallDetails `json:"details"`
}

// activityHead reads what every item has, leniently.
type activityHead struct {
	ID        json.RawMessage   `json:"id"`
	CreatedAt rxbridge.DateTime `json:"created_at"`
	Type      json.RawMessage   `json:"type"`
}

// UnmarshalJSON implements json.Unmarshaler; it never returns an error.
// It reads the type member with a cursor, then decodes the item once.
func (a *ActivityLogItem) UnmarshalJSON(b []byte) error {
	*a = ActivityLogItem{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] != '{' {
		a.Raw = append(json.RawMessage(nil), b...)
		return nil
	}
	typRaw, _ := jsoncodec.Member(b, "type")
	switch ActivityLogType(jsoncodec.StringValue(typRaw)) {
	case ActivityLogSentFax, ActivityLogReceivedFax:
		var f activityFax
		if jsoncodec.UnmarshalValid(b, &f) == nil && f.Details != nil {
			a.ID, a.CreatedAt, a.Type, a.Fax = f.ID, f.CreatedAt, f.Type, f.Details
			return nil
		}
	case ActivityLogFollowUpCall:
		var c activityCall
		if jsoncodec.UnmarshalValid(b, &c) == nil && c.Details != nil {
			a.ID, a.CreatedAt, a.Type, a.FollowUpCall = c.ID, c.CreatedAt, c.Type, c.Details
			return nil
		}
	}
	// An item of another type, or one whose details do not fit: what every
	// item has, read leniently, and the item as received.
	var h activityHead
	_ = jsoncodec.UnmarshalValid(b, &h)
	a.ID, a.CreatedAt, a.Type = jsoncodec.StringValue(h.ID), h.CreatedAt, ActivityLogType(jsoncodec.StringValue(h.Type))
	a.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// MarshalJSON implements json.Marshaler: a known item from its fields, any
// other as received.
func (a ActivityLogItem) MarshalJSON() ([]byte, error) {
	switch {
	case a.Fax != nil && (a.Type == ActivityLogSentFax || a.Type == ActivityLogReceivedFax):
		return json.Marshal(activityFax{ID: a.ID, CreatedAt: a.CreatedAt, Type: a.Type, Details: a.Fax})
	case a.FollowUpCall != nil && a.Type == ActivityLogFollowUpCall:
		return json.Marshal(activityCall{ID: a.ID, CreatedAt: a.CreatedAt, Type: a.Type, Details: a.FollowUpCall})
	case len(a.Raw) > 0:
		return a.Raw, nil
	}
	type plain struct {
		ID        string            `json:"id"`
		CreatedAt rxbridge.DateTime `json:"created_at"`
		Type      ActivityLogType   `json:"type"`
	}
	return json.Marshal(plain{ID: a.ID, CreatedAt: a.CreatedAt, Type: a.Type})
}

// Details returns the item's details as JSON (the raw ones for an unknown
// type), for logging-free inspection of types the SDK does not model.
func (a ActivityLogItem) Details() json.RawMessage {
	var v any
	switch {
	case a.Fax != nil:
		v = a.Fax
	case a.FollowUpCall != nil:
		v = a.FollowUpCall
	default:
		if !jsoncodec.Valid(a.Raw) {
			return nil
		}
		d, _ := exactMember(a.Raw, "details")
		return d
	}
	b, _ := json.Marshal(v)
	return b
}
