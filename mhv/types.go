package mhv

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/internal/lenient"
)

// StationList is a list of VA station numbers. MHV sends it as one
// comma-separated string ("" when every station answered, "979,989" when
// some did not); it is exposed as a list and re-encoded as such a string.
type StationList struct {
	// Stations are the station numbers, trimmed, without empty entries.
	Stations []string
	form     uint8  // 0 built in code or absent, 1 null, 2 string, 3 array
	raw      string // the string as received (form 2)
}

const (
	formNone uint8 = iota
	formNull
	formString
	formArray
)

// Len returns the number of stations.
func (l StationList) Len() int { return len(l.Stations) }

// String returns the stations as MHV writes them ("979,989").
func (l StationList) String() string { return strings.Join(l.Stations, ",") }

// IsZero reports an absent list (for the omitzero option).
func (l StationList) IsZero() bool { return l.form == formNone && len(l.Stations) == 0 }

// UnmarshalJSON implements json.Unmarshaler: a comma-separated string, an
// array of strings, or null.
func (l *StationList) UnmarshalJSON(b []byte) error {
	*l = StationList{}
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		l.form = formNull
	case b[0] == '[':
		var items []lenient.String
		if err := jsoncodec.UnmarshalValid(b, &items); err != nil {
			return nil // lenient: an odd list decodes as empty
		}
		l.form = formArray
		l.Stations = make([]string, 0, len(items))
		for _, it := range items {
			if s := strings.TrimSpace(string(it)); s != "" {
				l.Stations = append(l.Stations, s)
			}
		}
	default:
		var s lenient.String
		if err := s.UnmarshalJSON(b); err != nil {
			return nil
		}
		l.form = formString
		l.raw = string(s)
		l.Stations = splitStations(l.raw)
	}
	return nil
}

// splitStations splits "979, 989" into its entries.
func splitStations(s string) []string {
	out := []string{}
	for part := range strings.SplitSeq(s, ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// MarshalJSON implements json.Marshaler: as received when unchanged (null,
// "979, 989"), otherwise the comma-separated string.
func (l StationList) MarshalJSON() ([]byte, error) {
	if l.form == formNull && len(l.Stations) == 0 {
		return []byte("null"), nil
	}
	if l.form == formString && slices.Equal(l.Stations, splitStations(l.raw)) {
		return json.Marshal(l.raw)
	}
	if l.form == formArray {
		if l.Stations == nil {
			return []byte("[]"), nil
		}
		return json.Marshal(l.Stations)
	}
	return json.Marshal(l.String())
}

// RefillStatus is a prescription's refillStatus. It is an open set: a
// value MHV adds later decodes as it is (Known reports false).
type RefillStatus string

// The refillStatus values of the ICD (Appendix A).
const (
	RefillStatusActive                 RefillStatus = "active"
	RefillStatusDeleted                RefillStatus = "deleted"
	RefillStatusDiscontinued           RefillStatus = "discontinued"
	RefillStatusDiscontinuedByProvider RefillStatus = "discontinuedByProvider"
	RefillStatusDiscontinuedEdit       RefillStatus = "discontinuedEdit"
	RefillStatusExpired                RefillStatus = "expired"
	RefillStatusHold                   RefillStatus = "hold"
	RefillStatusNonVerified            RefillStatus = "nonVerified"
	RefillStatusProviderHold           RefillStatus = "providerHold"
	RefillStatusRefillInProcess        RefillStatus = "refillinprocess"
	RefillStatusSubmitted              RefillStatus = "submitted"
	RefillStatusSuspended              RefillStatus = "suspended"
	RefillStatusUnknown                RefillStatus = "unknown"
)

// refillStatuses lists the documented values.
var refillStatuses = [...]RefillStatus{
	RefillStatusActive, RefillStatusDeleted, RefillStatusDiscontinued, RefillStatusDiscontinuedByProvider,
	RefillStatusDiscontinuedEdit, RefillStatusExpired, RefillStatusHold, RefillStatusNonVerified,
	RefillStatusProviderHold, RefillStatusRefillInProcess, RefillStatusSubmitted, RefillStatusSuspended,
	RefillStatusUnknown,
}

// KnownRefillStatuses returns the refillStatus values the ICD documents.
func KnownRefillStatuses() []RefillStatus { return append([]RefillStatus(nil), refillStatuses[:]...) }

// Known reports whether s is one of the documented values.
func (s RefillStatus) Known() bool {
	for _, v := range refillStatuses {
		if s == v {
			return true
		}
	}
	return false
}

// Prescription is one prescription (the ICD's PrescriptionTO, Appendix A). Dates are RFC1123 with
// their real offsets (DateOnly for the calendar date); prescriptionNumber
// and stationNumber are strings and stay strings ("2721263A", "0991");
// null decodes without error everywhere (to "", false, 0, or an unset
// date or Number).
//
// The fields after StationNumber are what MHV sends beyond the ICD in
// 2025 (sig, inCernerTransition, ...); they are absent in older answers.
type Prescription struct {
	RefillStatus     RefillStatus     `json:"refillStatus"`
	RefillSubmitDate rxbridge.RFC1123 `json:"refillSubmitDate"`
	// RefillDate is the last fill date (VistA LAST FILL DATE).
	RefillDate      rxbridge.RFC1123 `json:"refillDate"`
	RefillRemaining rxbridge.Number  `json:"refillRemaining"`
	FacilityName    string           `json:"facilityName"`
	IsRefillable    bool             `json:"isRefillable"`
	IsTrackable     bool             `json:"isTrackable"`
	// PrescriptionID is the MHV Rx id, used by Refill and Tracking.
	PrescriptionID int64            `json:"prescriptionId"`
	OrderedDate    rxbridge.RFC1123 `json:"orderedDate"`
	Quantity       rxbridge.Number  `json:"quantity"`
	ExpirationDate rxbridge.RFC1123 `json:"expirationDate"`
	// PrescriptionNumber is the VistA Rx number (may carry a letter
	// suffix: "2721263A").
	PrescriptionNumber string           `json:"prescriptionNumber"`
	PrescriptionName   string           `json:"prescriptionName"`
	DispensedDate      rxbridge.RFC1123 `json:"dispensedDate"`
	StationNumber      string           `json:"stationNumber"`

	Sig                         rxbridge.Optional[string] `json:"sig,omitzero"`
	InCernerTransition          rxbridge.Optional[bool]   `json:"inCernerTransition,omitzero"`
	NotRefillableDisplayMessage rxbridge.Optional[string] `json:"notRefillableDisplayMessage,omitzero"`
	CmopDivisionPhone           rxbridge.Optional[string] `json:"cmopDivisionPhone,omitzero"`
	CmopNdcNumber               rxbridge.Optional[string] `json:"cmopNdcNumber,omitzero"`
}

// PrescriptionList is a list of prescriptions (the ICD's PrescriptionsTO), the answer of
// the active and history calls.
type PrescriptionList struct {
	PrescriptionList []Prescription `json:"prescriptionList"`
	// FailedStationList names the VA stations whose data is missing from
	// this answer (MHV sends "" when none).
	FailedStationList StationList `json:"failedStationList"`
	// LastUpdatedTime is when MHV last refreshed the data. The tracking
	// answer spells it lastUpdatedtime; both spellings decode here.
	LastUpdatedTime rxbridge.RFC1123 `json:"lastUpdatedTime"`

	// SuccessfulStationList, Errors and InfoMessages are sent by MHV
	// beyond the ICD (2023 on); they are absent in older answers.
	SuccessfulStationList StationList       `json:"successfulStationList,omitzero"`
	Errors                []ErrorEntry      `json:"errors,omitzero"`
	InfoMessages          []json.RawMessage `json:"infoMessages,omitzero"`
}

// Prescriptions returns the list (never nil).
func (p *PrescriptionList) Prescriptions() []Prescription {
	if p == nil || p.PrescriptionList == nil {
		return []Prescription{}
	}
	return p.PrescriptionList
}

// Partial reports whether some VA stations did not answer (the list may be
// incomplete).
func (p *PrescriptionList) Partial() bool { return p != nil && p.FailedStationList.Len() > 0 }

// Find returns the prescription with this id.
func (p *PrescriptionList) Find(id int64) (Prescription, bool) {
	if p != nil {
		for _, rx := range p.PrescriptionList {
			if rx.PrescriptionID == id {
				return rx, true
			}
		}
	}
	return Prescription{}, false
}

// ErrorEntry is an MHV error object (ErrorTO) inside a 2xx answer (the "errors" of a
// batch refill). ErrorCode keeps the shape it came in (99 or "99").
type ErrorEntry struct {
	ErrorCode rxbridge.Number `json:"errorCode"`
	// DeveloperMessage and Message may name prescriptions: treat as PHI.
	DeveloperMessage rxbridge.Optional[string] `json:"developerMessage"`
	Message          rxbridge.Optional[string] `json:"message"`
}

// TrackingDetails is the tracking of a prescription's shipments (the
// ICD's TrackingInfoDetailsTO, Appendix A).
type TrackingDetails struct {
	PrescriptionName   string `json:"prescriptionName"`
	PrescriptionNumber string `json:"prescriptionNumber"`
	FacilityName       string `json:"facilityName"`
	RxInfoPhoneNumber  string `json:"rxInfoPhoneNumber"`
	// NdcNumber is the National Drug Code (may be null); see ImageURL.
	NdcNumber rxbridge.Optional[string] `json:"ndcNumber"`
	// LastUpdatedtime is spelled as MHV spells it here (lowercase t);
	// "lastUpdatedTime" decodes too.
	LastUpdatedtime rxbridge.RFC1123 `json:"lastUpdatedtime"`
	TrackingInfo    []Shipment       `json:"trackingInfo"`
}

// ImageURL returns the drug image URL for NdcNumber (DrugImageURL).
func (t *TrackingDetails) ImageURL() (string, error) {
	if t == nil {
		return DrugImageURL("")
	}
	return DrugImageURL(t.NdcNumber.Value)
}

// Shipments returns the tracking entries (never nil).
func (t *TrackingDetails) Shipments() []Shipment {
	if t == nil || t.TrackingInfo == nil {
		return []Shipment{}
	}
	return t.TrackingInfo
}

// Shipment is one shipment (the ICD's TrackingInfoTO, Appendix A). The ICD's table calls the
// list "OtherPrescriptionsIncluded", its example and MHV
// "otherPrescriptionListIncluded": both decode (the latter when both are
// present), and it encodes as otherPrescriptionListIncluded.
type Shipment struct {
	ShippedDate rxbridge.RFC1123 `json:"shippedDate"`
	// DeliveryService is the carrier ("USPS", "UPS").
	DeliveryService string `json:"deliveryService"`
	TrackingNumber  string `json:"trackingNumber"`
	// OtherPrescriptionListIncluded lists the other prescriptions in the
	// same package (may be empty).
	OtherPrescriptionListIncluded []OtherPrescription `json:"otherPrescriptionListIncluded"`
}

// shipmentWire is a Shipment with both spellings of its list.
type shipmentWire struct {
	*shipmentPlain
	Listed *[]OtherPrescription `json:"otherPrescriptionListIncluded"`
	Table  *[]OtherPrescription `json:"OtherPrescriptionsIncluded"`
}

type shipmentPlain Shipment

// UnmarshalJSON implements json.Unmarshaler: the other prescriptions come
// from otherPrescriptionListIncluded or, failing it, from the ICD table's
// OtherPrescriptionsIncluded. It is decoded once, by the SDK's decoder.
func (t *Shipment) UnmarshalJSON(b []byte) error {
	v := shipmentWire{shipmentPlain: (*shipmentPlain)(t)}
	if err := jsoncodec.UnmarshalValid(b, &v); err != nil {
		return err
	}
	switch {
	case v.Listed != nil:
		t.OtherPrescriptionListIncluded = *v.Listed
	case v.Table != nil:
		t.OtherPrescriptionListIncluded = *v.Table
	}
	return nil
}

// OtherPrescription is another prescription shipped in the same
// package (the ICD's OtherPresListIncluded, Appendix A).
type OtherPrescription struct {
	PrescriptionName   string                    `json:"prescriptionName"`
	PrescriptionNumber string                    `json:"prescriptionNumber"`
	NdcNumber          rxbridge.Optional[string] `json:"ndcNumber"`
	StationNumber      string                    `json:"stationNumber"`
}

// ImageURL returns the drug image URL for NdcNumber (DrugImageURL).
func (o OtherPrescription) ImageURL() (string, error) { return DrugImageURL(o.NdcNumber.Value) }
