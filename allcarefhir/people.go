package allcarefhir

import rxbridge "github.com/rxbridge/rxbridge-go"

// Administrative gender codes (Patient.gender and others). Other values
// decode as they are.
const (
	GenderMale    = "male"
	GenderFemale  = "female"
	GenderOther   = "other"
	GenderUnknown = "unknown"
)

// Patient is the member: demographics and administrative information
// (US Core Patient, CARIN BB C4BB-Patient). Every field can be PHI.
type Patient struct {
	DomainResource
	Identifier           []Identifier           `json:"identifier,omitempty"`
	Active               *bool                  `json:"active,omitempty"`
	Name                 []HumanName            `json:"name,omitempty"`
	Telecom              []ContactPoint         `json:"telecom,omitempty"`
	Gender               string                 `json:"gender,omitempty"`
	BirthDate            Date                   `json:"birthDate,omitempty"`
	DeceasedBoolean      *bool                  `json:"deceasedBoolean,omitempty"`
	DeceasedDateTime     DateTime               `json:"deceasedDateTime,omitempty"`
	Address              []Address              `json:"address,omitempty"`
	MaritalStatus        *CodeableConcept       `json:"maritalStatus,omitempty"`
	MultipleBirthBoolean *bool                  `json:"multipleBirthBoolean,omitempty"`
	MultipleBirthInteger *int                   `json:"multipleBirthInteger,omitempty"`
	Photo                []Attachment           `json:"photo,omitempty"`
	Contact              []PatientContact       `json:"contact,omitempty"`
	Communication        []PatientCommunication `json:"communication,omitempty"`
	GeneralPractitioner  []Reference            `json:"generalPractitioner,omitempty"`
	ManagingOrganization *Reference             `json:"managingOrganization,omitempty"`
	Link                 []PatientLink          `json:"link,omitempty"`
}

// PatientContact is a contact party (guardian, partner, friend).
type PatientContact struct {
	BackboneElement
	Relationship []CodeableConcept `json:"relationship,omitempty"`
	Name         *HumanName        `json:"name,omitempty"`
	Telecom      []ContactPoint    `json:"telecom,omitempty"`
	Address      *Address          `json:"address,omitempty"`
	Gender       string            `json:"gender,omitempty"`
	Organization *Reference        `json:"organization,omitempty"`
	Period       *Period           `json:"period,omitempty"`
}

// PatientCommunication is a language the patient speaks.
type PatientCommunication struct {
	BackboneElement
	Language  *CodeableConcept `json:"language,omitempty"`
	Preferred *bool            `json:"preferred,omitempty"`
}

// PatientLink links to another Patient or RelatedPerson resource.
type PatientLink struct {
	BackboneElement
	Other *Reference `json:"other,omitempty"`
	Type  string     `json:"type,omitempty"`
}

// RelatedPerson is a person related to the patient (CARIN BB subscriber).
type RelatedPerson struct {
	DomainResource
	Identifier    []Identifier           `json:"identifier,omitempty"`
	Active        *bool                  `json:"active,omitempty"`
	Patient       *Reference             `json:"patient,omitempty"`
	Relationship  []CodeableConcept      `json:"relationship,omitempty"`
	Name          []HumanName            `json:"name,omitempty"`
	Telecom       []ContactPoint         `json:"telecom,omitempty"`
	Gender        string                 `json:"gender,omitempty"`
	BirthDate     Date                   `json:"birthDate,omitempty"`
	Address       []Address              `json:"address,omitempty"`
	Photo         []Attachment           `json:"photo,omitempty"`
	Period        *Period                `json:"period,omitempty"`
	Communication []PatientCommunication `json:"communication,omitempty"`
}

// Practitioner is a person who provides care (NPI in Identifier).
type Practitioner struct {
	DomainResource
	Identifier    []Identifier                `json:"identifier,omitempty"`
	Active        *bool                       `json:"active,omitempty"`
	Name          []HumanName                 `json:"name,omitempty"`
	Telecom       []ContactPoint              `json:"telecom,omitempty"`
	Address       []Address                   `json:"address,omitempty"`
	Gender        string                      `json:"gender,omitempty"`
	BirthDate     Date                        `json:"birthDate,omitempty"`
	Photo         []Attachment                `json:"photo,omitempty"`
	Qualification []PractitionerQualification `json:"qualification,omitempty"`
	Communication []CodeableConcept           `json:"communication,omitempty"`
}

// PractitionerQualification is a certification, license or training.
type PractitionerQualification struct {
	BackboneElement
	Identifier []Identifier     `json:"identifier,omitempty"`
	Code       *CodeableConcept `json:"code,omitempty"`
	Period     *Period          `json:"period,omitempty"`
	Issuer     *Reference       `json:"issuer,omitempty"`
}

// PractitionerRole is what a practitioner does for an organization.
type PractitionerRole struct {
	DomainResource
	Identifier             []Identifier                    `json:"identifier,omitempty"`
	Active                 *bool                           `json:"active,omitempty"`
	Period                 *Period                         `json:"period,omitempty"`
	Practitioner           *Reference                      `json:"practitioner,omitempty"`
	Organization           *Reference                      `json:"organization,omitempty"`
	Code                   []CodeableConcept               `json:"code,omitempty"`
	Specialty              []CodeableConcept               `json:"specialty,omitempty"`
	Location               []Reference                     `json:"location,omitempty"`
	HealthcareService      []Reference                     `json:"healthcareService,omitempty"`
	Telecom                []ContactPoint                  `json:"telecom,omitempty"`
	AvailableTime          []PractitionerRoleAvailableTime `json:"availableTime,omitempty"`
	NotAvailable           []PractitionerRoleNotAvailable  `json:"notAvailable,omitempty"`
	AvailabilityExceptions string                          `json:"availabilityExceptions,omitempty"`
	Endpoint               []Reference                     `json:"endpoint,omitempty"`
}

// PractitionerRoleAvailableTime is when the practitioner is available
// (days of the week, hours).
type PractitionerRoleAvailableTime struct {
	BackboneElement
	DaysOfWeek         []string `json:"daysOfWeek,omitempty"`
	AllDay             *bool    `json:"allDay,omitempty"`
	AvailableStartTime string   `json:"availableStartTime,omitempty"`
	AvailableEndTime   string   `json:"availableEndTime,omitempty"`
}

// PractitionerRoleNotAvailable is a period the practitioner is not
// available, and why.
type PractitionerRoleNotAvailable struct {
	BackboneElement
	Description string  `json:"description,omitempty"`
	During      *Period `json:"during,omitempty"`
}

// Organization is a payer, provider organization or facility.
type Organization struct {
	DomainResource
	Identifier []Identifier          `json:"identifier,omitempty"`
	Active     *bool                 `json:"active,omitempty"`
	Type       []CodeableConcept     `json:"type,omitempty"`
	Name       string                `json:"name,omitempty"`
	Alias      []string              `json:"alias,omitempty"`
	Telecom    []ContactPoint        `json:"telecom,omitempty"`
	Address    []Address             `json:"address,omitempty"`
	PartOf     *Reference            `json:"partOf,omitempty"`
	Contact    []OrganizationContact `json:"contact,omitempty"`
	Endpoint   []Reference           `json:"endpoint,omitempty"`
}

// OrganizationContact is a contact for an organization.
type OrganizationContact struct {
	BackboneElement
	Purpose *CodeableConcept `json:"purpose,omitempty"`
	Name    *HumanName       `json:"name,omitempty"`
	Telecom []ContactPoint   `json:"telecom,omitempty"`
	Address *Address         `json:"address,omitempty"`
}

// Location is a place where services are provided.
type Location struct {
	DomainResource
	Identifier             []Identifier               `json:"identifier,omitempty"`
	Status                 string                     `json:"status,omitempty"`
	OperationalStatus      *Coding                    `json:"operationalStatus,omitempty"`
	Name                   string                     `json:"name,omitempty"`
	Alias                  []string                   `json:"alias,omitempty"`
	Description            string                     `json:"description,omitempty"`
	Mode                   string                     `json:"mode,omitempty"`
	Type                   []CodeableConcept          `json:"type,omitempty"`
	Telecom                []ContactPoint             `json:"telecom,omitempty"`
	Address                *Address                   `json:"address,omitempty"`
	PhysicalType           *CodeableConcept           `json:"physicalType,omitempty"`
	Position               *LocationPosition          `json:"position,omitempty"`
	ManagingOrganization   *Reference                 `json:"managingOrganization,omitempty"`
	PartOf                 *Reference                 `json:"partOf,omitempty"`
	HoursOfOperation       []LocationHoursOfOperation `json:"hoursOfOperation,omitempty"`
	AvailabilityExceptions string                     `json:"availabilityExceptions,omitempty"`
	Endpoint               []Reference                `json:"endpoint,omitempty"`
}

// LocationHoursOfOperation is when the location is open (days of the
// week, hours).
type LocationHoursOfOperation struct {
	BackboneElement
	DaysOfWeek  []string `json:"daysOfWeek,omitempty"`
	AllDay      *bool    `json:"allDay,omitempty"`
	OpeningTime string   `json:"openingTime,omitempty"`
	ClosingTime string   `json:"closingTime,omitempty"`
}

// LocationPosition is a WGS84 position.
type LocationPosition struct {
	BackboneElement
	Longitude rxbridge.Number `json:"longitude,omitzero"`
	Latitude  rxbridge.Number `json:"latitude,omitzero"`
	Altitude  rxbridge.Number `json:"altitude,omitzero"`
}
