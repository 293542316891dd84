package cvsspecialty

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
