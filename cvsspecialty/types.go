package cvsspecialty

import (
	"encoding/json"
	"strconv"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/lenient"
	"github.com/rxbridge/rxbridge-go/internal/timefmt"
)

// Date is a calendar date (birthDate, authoredOn). It decodes both forms
// the spec uses, "1993-10-21T00:00:00.000Z" and "1993-10-21" (and other
// ISO and US forms), taking the date as written; a decoded value re-encodes
// in the form it came in. Submit always writes the client's DateFormat.
// Build one with NewDate or ParseDate.
type Date struct {
	rxbridge.Date
	// layout, when set, forces the encoding (Submit sets it on copies).
	layout string
}

// NewDate returns a date.
func NewDate(year int, month time.Month, day int) Date {
	return Date{Date: rxbridge.NewDate(year, month, day)}
}

// ParseDate parses a date in any form Date decodes.
func ParseDate(s string) (Date, error) {
	t, _, err := timefmt.Parse(s)
	if err != nil {
		return Date{}, err
	}
	return Date{Date: rxbridge.DateOf(t)}, nil
}

// MarshalJSON implements json.Marshaler.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.layout != "" && d.Valid() {
		b := make([]byte, 0, len(d.layout)+8)
		b = append(b, '"')
		b = d.In(time.UTC).AppendFormat(b, d.layout)
		return append(b, '"'), nil
	}
	return d.Date.MarshalJSON()
}

// Equal reports whether d and e are the same date, however they arrived.
func (d Date) Equal(e Date) bool { return d.Date.Equal(e.Date) }

// withLayout returns d encoded with layout.
func (d Date) withLayout(layout string) Date {
	d.layout = layout
	return d
}

// Flag is a yes/no value the spec writes as a string ("true" in one
// example, "yes" in another). It decodes true/false, "true"/"false",
// "yes"/"no", "Y"/"N" and 1/0; a decoded value re-encodes as received, and
// one built with NewFlag encodes as the string "true" or "false".
type Flag struct {
	b    lenient.Bool
	code bool
}

// NewFlag returns a flag built in code.
func NewFlag(v bool) Flag { return Flag{b: lenient.NewBool(v), code: true} }

// UnmarshalJSON implements json.Unmarshaler.
func (f *Flag) UnmarshalJSON(data []byte) error {
	*f = Flag{}
	return f.b.UnmarshalJSON(data)
}

// MarshalJSON implements json.Marshaler.
func (f Flag) MarshalJSON() ([]byte, error) {
	if f.code {
		return json.Marshal(strconv.FormatBool(f.b.Value()))
	}
	return f.b.MarshalJSON()
}

// Value returns the flag (false when unset or unrecognized).
func (f Flag) Value() bool { return f.b.Value() }

// IsSet reports whether a recognizable value is present.
func (f Flag) IsSet() bool { return f.b.IsSet() }

// IsZero reports an absent flag (for omitzero).
func (f Flag) IsZero() bool { return !f.code && f.b.IsZero() }

// HumanName is a person's name (patient, prescriber, office contact).
type HumanName struct {
	// Use is the name's use ("official").
	Use    string `json:"use,omitempty"`
	Given  string `json:"given,omitempty"`
	Family string `json:"family,omitempty"`
	Prefix string `json:"prefix,omitempty"`
}

// Address is a postal address.
type Address struct {
	// Use is "home", "work", ...
	Use        string `json:"use,omitempty"`
	Line1      string `json:"line1,omitempty"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city,omitempty"`
	County     string `json:"county,omitempty"`
	StateCode  string `json:"stateCode,omitempty"`
	PostalCode string `json:"postalCode,omitempty"`
}

// ContactPoint is a phone number, fax number or e-mail address.
type ContactPoint struct {
	// System is "email", "phone" or "fax".
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
	// Use is "home", "personal", "office", "work", ...
	Use string `json:"use,omitempty"`
}

// Contact point systems used by the spec.
const (
	ContactEmail = "email"
	ContactPhone = "phone"
	ContactFax   = "fax"
)

// Communication holds contact points and, for the patient, messaging
// preferences and the relationship of the contact.
type Communication struct {
	Contact          []ContactPoint    `json:"contact,omitempty"`
	OptInPreferences *OptInPreferences `json:"optInPreferences,omitempty"`
	// Relationship is the contact's relationship to the patient ("self").
	Relationship string `json:"relationship,omitempty"`
}

// OptInPreferences are the patient's messaging preferences.
type OptInPreferences struct {
	// AcceptedLanguageTCPA is the language of the TCPA consent ("english").
	AcceptedLanguageTCPA string `json:"acceptedLanguageTCPA,omitempty"`
	// MessagingType is the preferred channel ("email").
	MessagingType string `json:"messagingType,omitempty"`
}

// Consent is a consent given ("patientMessagingConsent" = "Y").
type Consent struct {
	System string `json:"system,omitempty"`
	// Value is "Y" or "N" in the spec.
	Value string `json:"value,omitempty"`
	Use   string `json:"use,omitempty"`
}

// Values the spec uses. Other values are passed through unchanged.
const (
	// ConsentPatientMessaging and ConsentPatientViewMedRec are consent systems.
	ConsentPatientMessaging  = "patientMessagingConsent"
	ConsentPatientViewMedRec = "patientViewMedRecConsent"
	// IdentifierSystemNPI and IdentifierSystemDEA are prescriber identifier systems.
	IdentifierSystemNPI = "NPI"
	IdentifierSystemDEA = "DEA"
	// DiagnosticSystemICD10 is the diagnostic identifier system.
	DiagnosticSystemICD10 = "ICD10"
	// SubmissionChannelERx is the submission channel of an e-prescription.
	SubmissionChannelERx = "eRx"
	// NameUseOfficial is a name's use.
	NameUseOfficial = "official"
	// RelationshipSelf is the patient's own contact.
	RelationshipSelf = "self"
)

// Image types accepted in rxImage.content.type (lower case; Submit
// lower-cases what you give and checks it against the bytes).
const (
	ImageTypeTIFF = "image/tiff"
	ImageTypePNG  = "image/png"
	ImageTypeJPEG = "image/jpeg"
	ImageTypeGIF  = "image/gif"
	ImageTypePDF  = "application/pdf"
)

// Identifier is a coded identifier: a prescriber's NPI or DEA number, a
// drug or a diagnosis (ICD-10).
type Identifier struct {
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
	// Name is the display name (drug and diagnostic identifiers).
	Name string `json:"name,omitempty"`
}
