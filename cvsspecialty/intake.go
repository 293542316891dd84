package cvsspecialty

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/lenient"
)

// Routes, relative to the base URL.
const (
	routeIntake = "specialty/patient/referral/v1/intake"
	routeStatus = "specialty/patient/referral/v1/status"
	routeToken  = "oauth2/v1/token"
)

// Referral is the intake request: one patient's profile, coverage,
// clinical information, prescriber and prescriptions, with the e-Rx or
// fax image. Field names are the spec's.
//
// What the client requires before sending (Validate): the patient's
// given and family name and a valid birthDate; at least one prescription,
// each naming its drug (drugIdentifier value or name); and the e-Rx or fax
// image the spec calls for: an rxImage, or an eRxNumber in every
// prescription's submission. An rxImage's bytes must be a TIFF, PNG, JPEG,
// GIF or PDF matching its declared type.
type Referral struct {
	// TransactionID is your id for this referral. Submit generates one
	// (NewTransactionID) when it is empty; set it yourself and store it
	// before submitting, so that after a crash or an ErrOutcomeUnknown you
	// can look the referral up with Status instead of submitting twice.
	TransactionID string         `json:"transactionId,omitempty"`
	Clinical      *Clinical      `json:"clinical,omitempty"`
	Coverage      *Coverage      `json:"coverage,omitempty"`
	Patient       Patient        `json:"patient"`
	Prescriber    Prescriber     `json:"prescriber,omitzero"`
	Prescription  []Prescription `json:"prescription"`
	// RxImage is the e-Rx or fax image.
	RxImage *RxImage `json:"rxImage,omitempty"`
}

// Clinical is the patient's clinical information.
type Clinical struct {
	AllergyIntolerance *AllergyIntolerance `json:"allergyIntolerance,omitempty"`
	// Height and Weight are decimal text ("165", "129.38").
	Height     string `json:"height,omitempty"`
	Weight     string `json:"weight,omitempty"`
	DoctorNote string `json:"doctorNote,omitempty"`
}

// AllergyIntolerance lists allergies, or why there are none.
type AllergyIntolerance struct {
	Allergies []Allergy `json:"allergies,omitempty"`
	// EmptyReasonCode says why Allergies is empty.
	EmptyReasonCode string `json:"emptyReasonCode"`
}

// Allergy is one allergy or intolerance.
type Allergy struct {
	// Category is "Food", ...
	Category string `json:"category,omitempty"`
	// ClinicalStatus is "active", ...
	ClinicalStatus     string     `json:"clinicalStatus,omitempty"`
	Note               string     `json:"note,omitempty"`
	LastOccurrence     string     `json:"lastOccurrence,omitempty"`
	OnsetString        string     `json:"onsetString,omitempty"`
	Reactions          []Reaction `json:"reactions,omitempty"`
	Substance          string     `json:"substance,omitempty"`
	VerificationStatus string     `json:"verificationStatus,omitempty"`
}

// Reaction is one reaction to an allergen.
type Reaction struct {
	Description   string `json:"description,omitempty"`
	Manifestation string `json:"manifestation,omitempty"`
	// Severity is "mild", ...
	Severity string `json:"severity,omitempty"`
}

// Coverage is the patient's pharmacy insurance.
type Coverage struct {
	Primary                *Insurance  `json:"primary,omitempty"`
	Secondary              []Insurance `json:"secondary,omitempty"`
	PolicyHolderGivenName  string      `json:"policyHolderGivenName,omitempty"`
	PolicyHolderFamilyName string      `json:"policyHolderFamilyName,omitempty"`
}

// Insurance is one plan.
type Insurance struct {
	CompanyName         string `json:"companyName,omitempty"`
	HelpDeskPhoneNumber string `json:"helpDeskPhoneNumber,omitempty"`
	BIN                 string `json:"bin,omitempty"`
	GroupNumber         string `json:"groupNumber,omitempty"`
	MemberID            string `json:"memberId,omitempty"`
	PCN                 string `json:"pcn,omitempty"`
	PersonCode          string `json:"personCode,omitempty"`
}

// Patient is the patient's profile.
type Patient struct {
	Name      HumanName `json:"name"`
	Addresses []Address `json:"addresses,omitempty"`
	// BirthDate is required: rxbridge.NewDate(1993, time.October, 21).
	// It decodes both forms the spec uses ("1993-10-21T00:00:00.000Z" and
	// "1993-10-21"); Submit writes the client's DateFormat.
	BirthDate rxbridge.Date `json:"birthDate,omitzero"`
	// GenderCode is "M", "F", ...
	GenderCode    string         `json:"genderCode,omitempty"`
	Communication *Communication `json:"communication,omitempty"`
	Consents      []Consent      `json:"consents,omitempty"`
}

// Prescriber is the prescribing clinician.
type Prescriber struct {
	// Identifiers are the NPI, DEA, ... numbers.
	Identifiers   []Identifier   `json:"identifiers,omitempty"`
	Name          HumanName      `json:"name,omitzero"`
	Consents      []Consent      `json:"consents,omitempty"`
	Communication *Communication `json:"communication,omitempty"`
	Location      *Location      `json:"location,omitempty"`
}

// Location is the prescriber's practice.
type Location struct {
	Name              string     `json:"name,omitempty"`
	OfficeContactName *HumanName `json:"officeContactName,omitempty"`
	Address           *Address   `json:"address,omitempty"`
}

// Prescription is one prescription in the referral.
type Prescription struct {
	DrugIdentifier       Identifier   `json:"drugIdentifier,omitzero"`
	DiagnosticIdentifier []Identifier `json:"diagnosticIdentifier,omitempty"`
	// AuthoredOn is the prescription's date; Submit writes the client's
	// DateFormat.
	AuthoredOn rxbridge.Date `json:"authoredOn,omitzero"`
	Submission *Submission   `json:"submission,omitempty"`
	// MDOConsentRefID is the spec's mDOConsentRefId.
	MDOConsentRefID       string `json:"mDOConsentRefId,omitempty"`
	Note                  string `json:"note,omitempty"`
	QuantityQualifierCode string `json:"quantityQualifierCode,omitempty"`
	// Refills is a pointer because 0 refills is meaningful.
	Refills       *int    `json:"refills,omitempty"`
	Sig           string  `json:"sig,omitempty"`
	Strength      float64 `json:"strength,omitempty"`
	StrengthUnits string  `json:"strengthUnits,omitempty"`
	// SubstitutionAllowed is written "true" or "yes" in the spec. Set it
	// with rxbridge.NewBool(true): Submit sends a value built in code (or
	// decoded from a JSON boolean or number) as the string "true" or
	// "false", as the spec's example does, and one decoded from a string
	// ("yes") as it came.
	SubstitutionAllowed rxbridge.Bool `json:"substitutionAllowed,omitzero"`
	DaysSupply          int           `json:"daysSupply,omitempty"`
}

// Submission says where the prescription came from.
type Submission struct {
	ERxVendorID string `json:"eRxVendorId,omitempty"`
	ERxNumber   string `json:"eRxNumber,omitempty"`
	// Channel is "eRx", ...
	Channel string `json:"channel,omitempty"`
}

// RxImage is the e-Rx or fax image.
type RxImage struct {
	Content RxImageContent `json:"content"`
}

// RxImageContent is the image itself.
type RxImageContent struct {
	ID string `json:"id,omitempty"`
	// Type is the MIME type. Submit lower-cases it, fills it in from the
	// bytes when empty, and refuses one the bytes contradict (the spec's
	// own sample declares image/tiff for PNG bytes).
	Type string `json:"type,omitempty"`
	// Data is the image bytes (base64 on the wire; Submit streams the
	// encoding, so a large image is not copied).
	Data []byte `json:"data,omitempty"`
}

// IntakeResponse is the intake endpoint's answer.
type IntakeResponse struct {
	TransactionID     string `json:"transactionId"`
	StatusDescription string `json:"statusDescription,omitempty"`
	StatusCode        string `json:"statusCode"`
}

// SubmitResult is the outcome of a successful Submit.
type SubmitResult struct {
	// TransactionID is the id to track the referral with: the one CVS
	// returned (the spec calls it encrypted), or the one sent when CVS
	// returned none.
	TransactionID string `json:"transactionId"`
	// SentTransactionID is the transactionId the request carried (yours,
	// or the one Submit generated).
	SentTransactionID string `json:"sentTransactionId"`
	// StatusCode is "0000".
	StatusCode string `json:"statusCode"`
	// StatusDescription is CVS's text ("Success").
	StatusDescription string `json:"statusDescription,omitempty"`
	// Attempts is how many attempts the call took; attempts that failed
	// before sending (a token fetch, a refused connection) count.
	Attempts int `json:"attempts"`
}

// NewTransactionID returns a random (version 4) UUID for
// Referral.TransactionID.
func NewTransactionID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}

// Validate reports what the client would refuse to send, as a
// *ValidationError naming each field (never its value), or nil.
func (r *Referral) Validate() error {
	if r == nil {
		return &ValidationError{Problems: []FieldProblem{{Field: "referral", Problem: "is nil"}}}
	}
	var p problems
	r.check(&p, time.Now())
	return p.err("")
}

// check validates the referral and returns the image type to send.
func (r *Referral) check(p *problems, now time.Time) string {
	if r.TransactionID != "" {
		if err := checkID(r.TransactionID); err != "" {
			p.add("transactionId", err)
		}
	}
	pt := &r.Patient
	if blank(pt.Name.Given) {
		p.add("patient.name.given", "is required")
	}
	if blank(pt.Name.Family) {
		p.add("patient.name.family", "is required")
	}
	switch {
	case pt.BirthDate.Raw() != "" && !pt.BirthDate.Valid():
		p.add("patient.birthDate", "is not a valid date")
	case pt.BirthDate.IsZero():
		p.add("patient.birthDate", "is required")
	case !pt.BirthDate.Valid():
		p.add("patient.birthDate", "is not a valid date")
	case pt.BirthDate.In(time.UTC).After(now.UTC().Add(24 * time.Hour)):
		p.add("patient.birthDate", "is in the future")
	}
	if len(r.Prescription) == 0 {
		p.add("prescription", "needs at least one prescription")
	}
	for i := range r.Prescription {
		rx := &r.Prescription[i]
		f := "prescription[" + strconv.Itoa(i) + "]"
		if blank(rx.DrugIdentifier.Value) && blank(rx.DrugIdentifier.Name) {
			p.add(f+".drugIdentifier", "needs a value or a name")
		}
		if (rx.AuthoredOn.Raw() != "" || !rx.AuthoredOn.IsZero()) && !rx.AuthoredOn.Valid() {
			p.add(f+".authoredOn", "is not a valid date")
		}
		if rx.Refills != nil && *rx.Refills < 0 {
			p.add(f+".refills", "is negative")
		}
		if rx.DaysSupply < 0 {
			p.add(f+".daysSupply", "is negative")
		}
		if rx.Strength < 0 || math.IsNaN(rx.Strength) || math.IsInf(rx.Strength, 0) {
			p.add(f+".strength", "is not a non-negative number")
		}
		if r.RxImage == nil && (rx.Submission == nil || blank(rx.Submission.ERxNumber)) {
			p.add(f+".submission.eRxNumber", "is required when there is no rxImage (the spec needs an e-Rx or a fax image)")
		}
	}
	if r.RxImage != nil {
		return checkImage(r.RxImage, p)
	}
	return ""
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// checkID returns what is wrong with a transaction id, or "".
func checkID(id string) string {
	if id == "" {
		return "is empty"
	}
	if len(id) > 128 {
		return "is longer than 128 bytes"
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return "contains a space, a control or a non-ASCII character"
		}
	}
	return ""
}

// Submit sends a referral to the intake endpoint and returns the id to
// track it with.
//
// The referral is validated first (see Referral); a *ValidationError
// means nothing was sent. Submit never repeats the request once it may
// have reached CVS: when the answer is lost (reset, timeout, truncated or
// unreadable response, a 5xx or a server-failure statusCode), it returns
// an *OutcomeUnknownError matching ErrOutcomeUnknown and carrying the
// transactionId; check Status before submitting again. It is retried only
// when the failure proves nothing was sent (connection refused, DNS) or on
// 429, and replayed once when CVS rejects the token (1001), since CVS did
// not act on it.
//
// Submit does not modify ref. A large rxImage is streamed: it is base64
// encoded while it is sent, never copied whole.
func (c *Client) Submit(ctx context.Context, ref *Referral) (*SubmitResult, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	if ref == nil {
		return nil, &ValidationError{Problems: []FieldProblem{{Field: "referral", Problem: "is nil"}}, op: "Submit"}
	}
	var p problems
	imgType := ref.check(&p, time.Now())
	if err := p.err("Submit"); err != nil {
		return nil, err
	}
	txID := ref.TransactionID
	if txID == "" {
		txID = NewTransactionID()
	}
	req, err := c.intakeRequest(ref, txID, imgType)
	if err != nil {
		return nil, err
	}
	resp, err := c.hc.Do(ctx, req)
	if err != nil {
		return nil, c.submitError(err, txID)
	}
	var out struct {
		TransactionID lenient.String `json:"transactionId"`
		envelope
	}
	if err := decodeSuccess(resp, &out, &out.envelope, "transactionId"); err != nil {
		c.dropTokenOn(err)
		var e *Error
		if !errors.As(err, &e) || e.unexpected || serverCode(e.Code) {
			// The server answered 2xx but not clearly: it may have
			// created the referral.
			return nil, &OutcomeUnknownError{TransactionID: txID, Attempts: resp.Attempts, Err: err}
		}
		return nil, err
	}
	res := &SubmitResult{
		TransactionID:     strings.TrimSpace(string(out.TransactionID)),
		SentTransactionID: txID,
		StatusCode:        string(out.StatusCode),
		StatusDescription: out.description(),
		Attempts:          resp.Attempts,
	}
	if res.TransactionID == "" {
		res.TransactionID = txID
	}
	return res, nil
}

// submitError turns a failed intake into the error Submit returns.
func (c *Client) submitError(err error, txID string) error {
	c.dropTokenOn(err)
	var ou *httpx.OutcomeUnknownError
	if errors.As(err, &ou) {
		return &OutcomeUnknownError{TransactionID: txID, Attempts: ou.Attempts, Err: err}
	}
	if errors.Is(err, ErrResponseTooLarge) {
		// A 2xx too large to read: CVS answered, so it may have acted.
		return &OutcomeUnknownError{TransactionID: txID, Attempts: 1, Err: err}
	}
	return err
}

// intakeRequest builds the intake request. Without an image the body is
// marshalled bytes; with one, it is streamed: the JSON of everything else,
// then the image's base64 produced while sending, then the closing
// braces. Each attempt (and a token replay) gets a fresh reader.
func (c *Client) intakeRequest(ref *Referral, txID, imgType string) (*httpx.Request, error) {
	cp := *ref
	cp.TransactionID = txID
	wireForms(&cp, c.dateFormat.layout())
	cp.RxImage = nil
	// Sized for a typical referral, with room for the image's prefix, so
	// the encoder rarely grows it and the prefix is built in place.
	var buf bytes.Buffer
	buf.Grow(4096)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&cp); err != nil {
		return nil, apierr.Input("cvsspecialty", "Submit", "cannot encode the referral")
	}
	obj := bytes.TrimRight(buf.Bytes(), "\n")
	req := &httpx.Request{
		Op:          "Submit",
		Method:      http.MethodPost,
		Route:       routeIntake,
		Idempotency: httpx.NotIdempotent,
	}
	if ref.RxImage == nil {
		req.Body = obj
		return req, nil
	}
	content := ref.RxImage.Content
	prefix := obj[:len(obj)-1] // drop the closing brace; append in place
	if len(obj) > 2 {
		prefix = append(prefix, ',')
	}
	prefix = append(prefix, `"rxImage":{"content":{`...)
	if content.ID != "" {
		prefix = append(prefix, `"id":`...)
		prefix = lenient.AppendString(prefix, content.ID)
		prefix = append(prefix, ',')
	}
	prefix = append(prefix, `"type":`...)
	prefix = lenient.AppendString(prefix, imgType)
	prefix = append(prefix, `,"data":"`...)
	suffix := []byte(`"}}}`)
	data := content.Data
	req.BodyLength = int64(len(prefix) + base64.StdEncoding.EncodedLen(len(data)) + len(suffix))
	req.BodyFunc = func() (io.Reader, error) {
		return newBase64Reader(prefix, data, suffix), nil
	}
	return req, nil
}

// wireForms puts the values of ref, a copy of the caller's referral, in
// the forms Submit sends, whatever way each was built or decoded: the
// dates in the client's DateFormat (layout), and a yes/no that is not a
// string in the spec's string form ("true" or "false"). The values stay
// the SDK's own types (rxbridge.Date and rxbridge.Bool re-encode the text
// they were decoded from), so the encoder writes them as given; the
// caller's referral and its prescriptions are not changed.
func wireForms(ref *Referral, layout string) {
	ref.Patient.BirthDate = wireDate(ref.Patient.BirthDate, layout)
	if len(ref.Prescription) == 0 {
		return
	}
	ref.Prescription = append([]Prescription(nil), ref.Prescription...)
	for i := range ref.Prescription {
		rx := &ref.Prescription[i]
		rx.AuthoredOn = wireDate(rx.AuthoredOn, layout)
		rx.SubstitutionAllowed = wireBool(rx.SubstitutionAllowed)
	}
}

// wireDate returns d as a date that encodes as its text in layout: d
// itself when that is the text it was decoded from, otherwise a date
// decoded from that text. An unset or invalid date
// is returned as it is (Submit refuses an invalid one before sending).
func wireDate(d rxbridge.Date, layout string) rxbridge.Date {
	if !d.Valid() {
		return d
	}
	var buf [40]byte
	text := d.In(time.UTC).AppendFormat(buf[:0], layout)
	if d.Raw() == string(text) {
		return d
	}
	var w rxbridge.Date
	if err := w.UnmarshalText(text); err != nil || !w.Equal(d) {
		// Not reached: every DateFormat is a form Date reads.
		return d
	}
	return w
}

// wireBool returns b as Submit sends it: a yes/no received as a JSON
// string ("yes", "true") as it came, any other (built with rxbridge.NewBool,
// or decoded from true or 1) as the string "true" or "false", the form of
// the spec's example.
func wireBool(b rxbridge.Bool) rxbridge.Bool {
	if !b.Valid() {
		return b
	}
	if j, err := b.MarshalJSON(); err == nil && len(j) > 0 && j[0] == '"' {
		return b
	}
	text := `"false"`
	if b.Value() {
		text = `"true"`
	}
	var w rxbridge.Bool
	if err := w.UnmarshalJSON([]byte(text)); err != nil {
		return b // not reached: both are forms Bool reads
	}
	return w
}
