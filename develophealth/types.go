package develophealth

import (
	"bytes"
	"encoding/base64"
	"errors"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// Priority is the spec schema Priority: lower numbers are processed first.
type Priority int

// Priority values.
const (
	PriorityCritical Priority = 0
	PriorityHigh     Priority = 1
	// PriorityMedium is the default of a prior authorization.
	PriorityMedium Priority = 2
	// PriorityLow is the default of a benefit verification.
	PriorityLow Priority = 3
)

// Known reports whether p is one of the documented levels.
func (p Priority) Known() bool { return p >= PriorityCritical && p <= PriorityLow }

// Address is the spec schema Address: a postal address whose street, city,
// state_province, zip_postal_code and country are required. Send
// zip_postal_code as text (leading zeros) and country as "USA".
type Address struct {
	Street        string `json:"street"`
	StreetLine2   string `json:"street_line_2,omitzero"`
	City          string `json:"city"`
	StateProvince string `json:"state_province"`
	ZipPostalCode string `json:"zip_postal_code"`
	Country       string `json:"country"`
}

// OptionalAddress is the spec schema OptionalAddress: an address whose
// fields may all be missing (a provider's practice address).
type OptionalAddress struct {
	Street        string `json:"street,omitzero"`
	StreetLine2   string `json:"street_line_2,omitzero"`
	City          string `json:"city,omitzero"`
	StateProvince string `json:"state_province,omitzero"`
	ZipPostalCode string `json:"zip_postal_code,omitzero"`
	Country       string `json:"country,omitzero"`
}

// Patient is the spec schema Patient: the patient of a prior authorization
// or clinical qualification.
type Patient struct {
	Address     Address       `json:"address"`
	DateOfBirth rxbridge.Date `json:"date_of_birth"`
	Email       string        `json:"email,omitzero"`
	FirstName   string        `json:"first_name"`
	LastName    string        `json:"last_name"`
	Gender      Gender        `json:"gender"`
	// InternalID is your id for the patient; it links their requests.
	InternalID string `json:"internal_id"`
	// MRN is the medical record number.
	MRN   string `json:"mrn,omitzero"`
	Phone string `json:"phone,omitzero"`
}

// PatientInfo is the patient of a benefit verification (spec schema
// api__schemas__platform__public_api__common__PatientInfo).
type PatientInfo struct {
	InternalID  string        `json:"internal_id"`
	FirstName   string        `json:"first_name"`
	LastName    string        `json:"last_name"`
	Gender      Gender        `json:"gender"`
	DateOfBirth rxbridge.Date `json:"date_of_birth"`
	Address     Address       `json:"address"`
	Phone       string        `json:"phone,omitzero"`
	Email       string        `json:"email,omitzero"`
}

// Provider is the spec schema Provider: the prescriber of a prior
// authorization or clinical qualification. Address is required but its
// fields are optional.
type Provider struct {
	Address    OptionalAddress `json:"address"`
	Fax        string          `json:"fax,omitzero"`
	FirstName  string          `json:"first_name"`
	InternalID string          `json:"internal_id,omitzero"`
	LastName   string          `json:"last_name"`
	NPI        string          `json:"npi"`
	Phone      string          `json:"phone,omitzero"`
}

// ProviderInfo is the spec schema ProviderInfo: the provider whose NPI a
// benefit verification uses.
type ProviderInfo struct {
	FirstName string  `json:"first_name"`
	LastName  string  `json:"last_name"`
	Address   Address `json:"address"`
	Phone     string  `json:"phone,omitzero"`
	Fax       string  `json:"fax,omitzero"`
	NPI       string  `json:"npi"`
	// InNetworkPayers is optional and, per the spec, of little effect.
	InNetworkPayers []string `json:"in_network_payers,omitzero"`
}

// EntityInfo is the spec schema EntityInfo: the legal entity a provider is
// associated with (many payers ask for it during a benefit verification).
type EntityInfo struct {
	LegalName string `json:"legal_name,omitzero"`
	TaxID     string `json:"tax_id,omitzero"`
}

// Pharmacy is the spec schema Pharmacy.
type Pharmacy struct {
	Name    string   `json:"name"`
	Address *Address `json:"address,omitzero"`
}

// Diagnosis is the spec schema Diagnosis: an ICD-10 code ("E66.9").
type Diagnosis struct {
	Code string `json:"code"`
}

// User is the spec schema User: who submitted or reviewed a request.
type User struct {
	FirstName string `json:"first_name,omitzero"`
	LastName  string `json:"last_name,omitzero"`
	Email     string `json:"email"`
}

// Question is the spec schema Question. When the question is multiple
// choice, list Choices: it tells which options the patient did not pick.
type Question struct {
	Answer   string   `json:"answer"`
	Choices  []string `json:"choices,omitzero"`
	Question string   `json:"question"`
}

// Questionnaire is the spec schema Questionnaire: structured Q&A such as an
// intake form, with the time it was answered.
type Questionnaire struct {
	Questions   []Question        `json:"questions"`
	DateCreated rxbridge.DateTime `json:"date_created"`
}

// VisitNote is the spec schema VisitNote.
type VisitNote struct {
	Title       string            `json:"title,omitzero"`
	Content     string            `json:"content"`
	DateCreated rxbridge.DateTime `json:"date_created"`
}

// Asset is the spec schema Asset: a file sent inline as base64
// (FileContent, PDF only) or by URL (FileURL, downloaded at once), never
// both. Build one with NewPDFAsset or URLAsset.
type Asset struct {
	FileContent string `json:"file_content,omitzero"`
	FileURL     string `json:"file_url,omitzero"`
}

// ErrNotPDF is returned by NewPDFAsset for content that is not a PDF.
var ErrNotPDF = errors.New("develophealth: asset content is not a PDF (Develop Health accepts only PDF files inline)")

// NewPDFAsset returns an Asset carrying pdf as base64. It refuses content
// that does not start with the PDF signature, which Develop Health would
// reject after the upload.
func NewPDFAsset(pdf []byte) (*Asset, error) {
	if !IsPDF(pdf) {
		return nil, ErrNotPDF
	}
	return &Asset{FileContent: base64.StdEncoding.EncodeToString(pdf)}, nil
}

// URLAsset returns an Asset that Develop Health downloads from u (at most
// 2083 characters).
func URLAsset(u string) *Asset { return &Asset{FileURL: u} }

// Content decodes FileContent (standard or URL-safe base64, padded or not).
func (a *Asset) Content() ([]byte, error) {
	if a == nil {
		return nil, errors.New("develophealth: nil *Asset")
	}
	return decodeBase64(a.FileContent)
}

// IsPDF reports whether b starts with the PDF signature "%PDF-" (after
// optional whitespace).
func IsPDF(b []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n\x00\xef\xbb\xbf"), []byte("%PDF-"))
}

// AssetResponse is the spec schema AssetResponse: a stored file, by URL.
type AssetResponse struct {
	URL      string  `json:"url"`
	FileType DocType `json:"file_type"`
}

// EvidenceItem is the spec schema EvidenceItem: supporting evidence for a
// request. Content is a JSON object (map[string]any or any struct) or a
// string; Asset is the alternative, and Content must then be empty.
type EvidenceItem struct {
	Asset       *Asset            `json:"asset,omitzero"`
	Content     any               `json:"content,omitzero"`
	DateCreated rxbridge.DateTime `json:"date_created"`
	Title       string            `json:"title"`
}

// ResponseEvidenceItem is the spec schema ResponseEvidenceItem: evidence
// as returned by the API (a stored asset is a URL).
type ResponseEvidenceItem struct {
	Asset *AssetResponse `json:"asset,omitzero"`
	// Content is the JSON object that was sent (map[string]any), or a
	// string.
	Content     any               `json:"content,omitzero"`
	DateCreated rxbridge.DateTime `json:"date_created"`
	Title       string            `json:"title"`
}

// InsuranceDocument is an insurance card image sent as base64 (spec
// schemas api__schemas__platform__public_api__insurance_document__InsuranceDocument
// and api__schemas__platform__public_api__benefit_verification__InsuranceDocument,
// which are the same). Send the front and the back of the card.
type InsuranceDocument struct {
	FileContent string `json:"file_content"`
}

// NewInsuranceDocument encodes one card image (PNG, JPEG or PDF bytes).
func NewInsuranceDocument(image []byte) InsuranceDocument {
	return InsuranceDocument{FileContent: base64.StdEncoding.EncodeToString(image)}
}

// InsuranceCardImages encodes the images of a card (front, then back).
func InsuranceCardImages(images ...[]byte) []InsuranceDocument {
	docs := make([]InsuranceDocument, 0, len(images))
	for _, img := range images {
		docs = append(docs, NewInsuranceDocument(img))
	}
	return docs
}

// Image decodes FileContent.
func (d InsuranceDocument) Image() ([]byte, error) { return decodeBase64(d.FileContent) }

// decodeBase64 accepts standard and URL-safe alphabets, with or without
// padding, and ignores line breaks.
func decodeBase64(s string) ([]byte, error) {
	s = string(bytes.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, []byte(s)))
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, errors.New("develophealth: content is not valid base64")
}

// PartialInsuranceInfo is the spec schema PartialInsuranceInfo: insurance
// details you provide (insurance_content) or that were provided
// (discrete_content). Values are as on the card and are not normalized.
type PartialInsuranceInfo struct {
	ClientName   string `json:"client_name,omitzero"`
	GroupNumber  string `json:"group_number,omitzero"`
	MemberName   string `json:"member_name,omitzero"`
	MemberNumber string `json:"member_number,omitzero"`
	PayerName    string `json:"payer_name,omitzero"`
	PlanName     string `json:"plan_name,omitzero"`
	// RxBIN must be 6 digits (else insurance_content_invalid_rx_bin).
	RxBIN   string `json:"rx_bin,omitzero"`
	RxGroup string `json:"rx_group,omitzero"`
	RxPCN   string `json:"rx_pcn,omitzero"`
}

// ScannedContent is the spec schema ScannedContent: what was read from the
// card images. Error is set when nothing could be read.
type ScannedContent struct {
	ClientName   string `json:"client_name,omitzero"`
	GroupNumber  string `json:"group_number,omitzero"`
	MemberName   string `json:"member_name,omitzero"`
	MemberNumber string `json:"member_number,omitzero"`
	PayerName    string `json:"payer_name,omitzero"`
	PlanName     string `json:"plan_name,omitzero"`
	RxBIN        string `json:"rx_bin,omitzero"`
	RxGroup      string `json:"rx_group,omitzero"`
	RxPCN        string `json:"rx_pcn,omitzero"`
	Error        string `json:"error,omitzero"`
}

// InsuranceDocumentInfo is the spec schema InsuranceDocumentInfo: an
// insurance document as returned. URL is a short-lived signed link to the
// stored card image: download it at once if you need it.
type InsuranceDocumentInfo struct {
	ScannedContent  ScannedContent       `json:"scanned_content"`
	DiscreteContent PartialInsuranceInfo `json:"discrete_content"`
	URL             string               `json:"url,omitzero"`
}

// CopayOption is the spec schema CopayOption. Nil fields were not sent
// (or were null: unknown).
type CopayOption struct {
	AmountCents        *int64 `json:"amount_cents,omitzero"`
	SupplyDurationDays *int   `json:"supply_duration_days,omitzero"`
}

// Prescription is the spec schema Prescription: a prescription named by
// drug name, strength, form and route. Prefer CodedPrescription when you
// have the NDC.
type Prescription struct {
	DaysSupply            int                   `json:"days_supply"`
	Quantity              int                   `json:"quantity"`
	Directions            string                `json:"directions"`
	DrugName              string                `json:"drug_name"`
	Strength              string                `json:"strength"`
	DoseForm              DoseForm              `json:"dose_form"`
	RouteOfAdministration RouteOfAdministration `json:"route_of_administration"`
	// Extra holds additional information about the drug or prescription.
	Extra map[string]any `json:"extra,omitzero"`
	// ExpectedLengthOfTherapy defaults to "Until No Longer Needed".
	ExpectedLengthOfTherapy string            `json:"expected_length_of_therapy,omitzero"`
	PrescriptionDate        rxbridge.DateTime `json:"prescription_date"`
}

// CodedPrescription is the spec schema CodedPrescription: a prescription
// named by NDC (10 or 11 digits), closer to NCPDP and preferred by payers.
type CodedPrescription struct {
	NDC        string `json:"ndc"`
	Directions string `json:"directions"`
	Quantity   int    `json:"quantity"`
	// QuantityUnitOfMeasure is an NCIt code or term of subset C89510
	// (default C38046, unspecified).
	QuantityUnitOfMeasure   string            `json:"quantity_unit_of_measure,omitzero"`
	DaysSupply              int               `json:"days_supply"`
	ExpectedLengthOfTherapy string            `json:"expected_length_of_therapy,omitzero"`
	Extra                   map[string]any    `json:"extra,omitzero"`
	PrescriptionDate        rxbridge.DateTime `json:"prescription_date"`
}

// Drug is the spec schema Drug: a medication of a clinical qualification
// (a Prescription without a prescription date).
type Drug struct {
	DaysSupply              int                   `json:"days_supply"`
	Quantity                int                   `json:"quantity"`
	Directions              string                `json:"directions"`
	DrugName                string                `json:"drug_name"`
	Strength                string                `json:"strength"`
	DoseForm                DoseForm              `json:"dose_form"`
	RouteOfAdministration   RouteOfAdministration `json:"route_of_administration"`
	Extra                   map[string]any        `json:"extra,omitzero"`
	ExpectedLengthOfTherapy string                `json:"expected_length_of_therapy,omitzero"`
}
