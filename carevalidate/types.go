package carevalidate

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

// Text is free text that usually arrives as a JSON string. Any other JSON
// value (a number, a list of selected options) is kept as its JSON text,
// and null as "", so one odd answer never makes a case unreadable. It
// encodes as a JSON string.
type Text string

// UnmarshalJSON implements json.Unmarshaler.
func (t *Text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*t = ""
	case b[0] == '"':
		s, ok := jsoncodec.Unquote(b)
		if !ok {
			var s string
			return json.Unmarshal(b, &s) // not a JSON string: encoding/json's error
		}
		*t = Text(s)
	default:
		*t = Text(b)
	}
	return nil
}

// String returns the text.
func (t Text) String() string { return string(t) }

// Person is someone a case refers to by name: a clinician, a CareValidate
// support member, an activity's actor, an uploader. Names and email are PHI
// when the person is the patient.
type Person struct {
	ID        string `json:"id,omitempty"`
	FirstName string `json:"firstName,omitempty"`
	LastName  string `json:"lastName,omitempty"`
	Email     string `json:"email,omitempty"`
}

// Patient is a case's submitter: the patient. Every field is PHI.
type Patient struct {
	ID          string        `json:"id,omitempty"`
	FirstName   string        `json:"firstName,omitempty"`
	LastName    string        `json:"lastName,omitempty"`
	Email       string        `json:"email,omitempty"`
	DOB         rxbridge.Date `json:"dob,omitzero"`
	Gender      Gender        `json:"gender,omitempty"`
	PhoneNumber string        `json:"phoneNumber,omitempty"`
	Address     string        `json:"address,omitempty"`
	City        string        `json:"city,omitempty"`
	State       string        `json:"state,omitempty"`
	PostalCode  string        `json:"postalCode,omitempty"`
}

// Clinician is the prescriber who added a decision.
type Clinician struct {
	ID          string `json:"id,omitempty"`
	FirstName   string `json:"firstName,omitempty"`
	LastName    string `json:"lastName,omitempty"`
	Title       string `json:"title,omitempty"`
	Email       string `json:"email,omitempty"`
	PhoneNumber string `json:"phoneNumber,omitempty"`
	NPI         string `json:"npi,omitempty"`
	DEA         string `json:"dea,omitempty"`
	Address     string `json:"address,omitempty"`
	City        string `json:"city,omitempty"`
	State       string `json:"state,omitempty"`
	PostalCode  string `json:"postalCode,omitempty"`
}

// ProductBundle is the product bundle a case was opened for.
type ProductBundle struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// Assignee is one entry of a case's assignees.
type Assignee struct {
	Assignee Person `json:"assignee"`
}

// Case is a patient case, as webhooks deliver it (payload.case) and the
// REST API returns it. In "only event data" webhook mode most collections
// are absent (nil).
//
// Re-encoding a decoded Case gives back the JSON it came from for every
// field the spec's example carries, nulls and empty lists included. Fields
// a payload leaves out are re-encoded as follows: strings, objects, lists
// and the optional extensions are left out; booleans, numbers, timestamps
// and the nullable fields the example shows as null are written as false,
// 0 or null.
type Case struct {
	ID           string            `json:"id,omitempty"`
	Type         string            `json:"type,omitempty"`
	Title        string            `json:"title,omitempty"`
	Status       CaseStatus        `json:"status,omitempty"`
	ShortID      string            `json:"shortId,omitempty"`
	CreatedAt    rxbridge.DateTime `json:"createdAt"`
	UpdatedAt    rxbridge.DateTime `json:"updatedAt"`
	AssignedAt   rxbridge.DateTime `json:"assignedAt"`
	InProgressAt rxbridge.DateTime `json:"inProgressAt"`
	ClosedAt     rxbridge.DateTime `json:"closedAt"`
	IsArchived   bool              `json:"isArchived"`
	IsEscalated  bool              `json:"isEscalated"`
	IsImported   bool              `json:"isImported"`
	ReferralCode *string           `json:"referralCode"`
	// ProductBundle is the bundle the case was opened for.
	ProductBundle *ProductBundle `json:"productBundle,omitempty"`
	// AssignedTo is the doctor.
	AssignedTo *Person `json:"assignedTo,omitempty"`
	// HRRep is the point of contact (CareValidate support).
	HRRep *Person `json:"hrRep,omitempty"`
	// AssignedBy is the person who chose the doctor (CareValidate support).
	AssignedBy  *Person      `json:"assignedBy,omitempty"`
	Assignees   []Assignee   `json:"assignees,omitzero"`
	Submitter   *Patient     `json:"submitter,omitempty"`
	Activity    []Activity   `json:"activity,omitzero"`
	Decisions   []Decision   `json:"decisions,omitzero"`
	Comments    []Comment    `json:"comments,omitzero"`
	Payments    []Payment    `json:"payments,omitzero"`
	Attachments []Attachment `json:"attachments,omitzero"`
	// ClosedBy and InProgressBy are user ids.
	ClosedBy     string         `json:"closedBy,omitempty"`
	InProgressBy string         `json:"inProgressBy,omitempty"`
	Responses    []FormResponse `json:"responses,omitzero"`
	// Notes' shape is not documented; each is kept as raw JSON.
	Notes []json.RawMessage `json:"notes,omitzero"`

	// Fields documented on docs.careglp.com and by the case-detail endpoint.
	OrganizationID  string        `json:"organizationId,omitempty"`
	ArchiveReason   ArchiveReason `json:"archiveReason,omitempty"`
	ArchiveNote     string        `json:"archiveNote,omitempty"`
	ProductBundleID string        `json:"productBundleId,omitempty"`
	// Orders, CalendarEvents and CaseProducts arrive when the REST call asks
	// for them (includeOrders, includeCalendarEvents, includeCaseProducts).
	// The shapes of calendar events and case products are not documented.
	Orders         []Order           `json:"orders,omitzero"`
	CalendarEvents []json.RawMessage `json:"calendarEvents,omitzero"`
	CaseProducts   []json.RawMessage `json:"caseProducts,omitzero"`
}

// IsClosed reports whether the review is over: a decision status, or a
// closing time.
func (c *Case) IsClosed() bool {
	return c != nil && (c.Status.Decided() || c.ClosedAt.Valid())
}

// Answers returns the patient's answers across the case's forms as
// question/answer pairs, in the order received. Archived (superseded)
// answers are left out.
func (c *Case) Answers() []Answer {
	if c == nil {
		return nil
	}
	var out []Answer
	for i := range c.Responses {
		fr := &c.Responses[i]
		for j := range fr.Responses {
			if fr.Responses[j].IsArchived {
				continue
			}
			out = append(out, answerOf(fr.Form, fr.IsDraft, &fr.Responses[j]))
		}
	}
	return out
}

// Answer is one question of a form with the patient's answer. Both are
// PHI.
type Answer struct {
	// FormID and FormName identify the form.
	FormID   string `json:"formId,omitempty"`
	FormName string `json:"formName,omitempty"`
	// Draft reports that the form was not submitted.
	Draft bool `json:"draft,omitempty"`
	// Index is the question's position on the form.
	Index    int          `json:"index"`
	Question string       `json:"question"`
	Type     QuestionType `json:"type,omitempty"`
	Options  []Text       `json:"options,omitempty"`
	Answer   Text         `json:"answer"`
	// IsPHI is the question's PHI flag.
	IsPHI bool `json:"isPHI,omitempty"`
}

func answerOf(f *FormRef, draft bool, r *QuestionResponse) Answer {
	a := Answer{Draft: draft, Answer: r.Text}
	if f != nil {
		a.FormID, a.FormName = f.ID, f.Name
	}
	if q := r.Question; q != nil {
		a.Index, a.Question, a.Type, a.Options, a.IsPHI = q.Index, q.Text, q.Type, q.Options, q.IsPHI
	}
	return a
}

// Activity is an activity log entry: payload.activity (the entry that
// triggered the event) and each of case.activity.
type Activity struct {
	ID           string            `json:"id,omitempty"`
	Type         EventType         `json:"type,omitempty"`
	IsPHI        bool              `json:"isPHI"`
	IsRestricted bool              `json:"isRestricted"`
	Timestamp    rxbridge.DateTime `json:"timestamp"`
	// ValueBefore and ValueAfter describe the change ("ASSIGNED",
	// "$350.00", a tracking number, free text); nil when null.
	ValueBefore *string `json:"valueBefore"`
	ValueAfter  *string `json:"valueAfter"`
	// Actor made the change; TargetUser is who it was about. nil when null.
	Actor      *Person `json:"actor"`
	TargetUser *Person `json:"targetUser"`
	// CaseID is sent with ADD_PAYMENT_INFO_USING_LINK.
	CaseID string `json:"caseId,omitempty"`
}

// Before returns ValueBefore, or "" when it is null.
func (a *Activity) Before() string {
	if a == nil {
		return ""
	}
	return deref(a.ValueBefore)
}

// After returns ValueAfter, or "" when it is null.
func (a *Activity) After() string {
	if a == nil {
		return ""
	}
	return deref(a.ValueAfter)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Decision is a clinician's decision on a case, with the prescribed
// medicines.
type Decision struct {
	ID           string            `json:"id,omitempty"`
	IsApproved   bool              `json:"isApproved"`
	IsNoDecision bool              `json:"isNoDecision"`
	StartDate    rxbridge.DateTime `json:"startDate"`
	EndDate      rxbridge.DateTime `json:"endDate"`
	DecisionText string            `json:"decisionText"`
	Category     *string           `json:"category"`
	Cost         rxbridge.Number   `json:"cost"`
	CreatedAt    rxbridge.DateTime `json:"createdAt"`
	IsPaid       bool              `json:"isPaid"`
	VisitType    VisitType         `json:"visitType,omitempty"`
	// MedInfo is a list in the example and the docs, a single object in
	// one article; both decode.
	MedInfo rxbridge.OneOrMany[MedInfo] `json:"medInfo"`
	AddedBy *Clinician                  `json:"addedBy,omitempty"`
}

// Medicines returns the prescribed medicines.
func (d *Decision) Medicines() []MedInfo {
	if d == nil {
		return nil
	}
	return d.MedInfo.Items
}

// MedInfo is one prescribed medicine.
type MedInfo struct {
	ID                   string `json:"id,omitempty"`
	Medicine             string `json:"medicine,omitempty"`
	Dosage               string `json:"dosage,omitempty"`
	RefillCount          int    `json:"refillCount"`
	PharmacyInstructions string `json:"pharmacyInstructions"`
	DosingFrequency      string `json:"dosingFrequency,omitempty"`
}

// Payment is a payment on a case.
type Payment struct {
	ID          string `json:"id,omitempty"`
	IsDeleted   bool   `json:"isDeleted"`
	Description string `json:"description,omitempty"`
	// Amount is in dollars; it arrives as a number (350.5) or a numeric
	// string ("350"), kept exactly: Cents and Float64 read it.
	Amount           rxbridge.Number   `json:"amount"`
	Status           PaymentStatus     `json:"status,omitempty"`
	DueDate          rxbridge.DateTime `json:"dueDate"`
	PaymentDate      rxbridge.DateTime `json:"paymentDate"`
	CancellationDate rxbridge.DateTime `json:"cancellationDate"`
	IsScheduled      bool              `json:"isScheduled"`
	SchedulePosition *int              `json:"schedulePosition"`
	IsAutoCreated    bool              `json:"isAutoCreated"`
	CreatedAt        rxbridge.DateTime `json:"createdAt"`
	UpdatedAt        rxbridge.DateTime `json:"updatedAt"`
	CreatedBy        *Person           `json:"createdBy,omitempty"`
}

// Attachment is a document on a case. Its bytes arrive inline as base64
// (Content, the BASE64 document format) or as a signed URL valid for 15
// minutes (URL, the URL format).
type Attachment struct {
	ID string `json:"id,omitempty"`
	// IsRestricted marks an internal-only document.
	IsRestricted bool              `json:"isRestricted"`
	IsPHI        bool              `json:"isPHI"`
	FileName     string            `json:"fileName,omitempty"`
	IsDeleted    bool              `json:"isDeleted"`
	CreatedAt    rxbridge.DateTime `json:"createdAt"`
	UploadedBy   *Person           `json:"uploadedBy,omitempty"`
	// Content is the file, base64-encoded (BASE64 format).
	Content string `json:"content,omitempty"`
	// URL is a signed download link valid for 15 minutes (URL format).
	URL string `json:"url,omitempty"`
}

// ErrNoContent is returned by Attachment.Bytes when the attachment came as
// a URL (or without content).
var ErrNoContent = errors.New("carevalidate: attachment has no inline content (URL format?)")

// Bytes decodes the inline base64 content (standard or URL alphabet, with
// or without padding, line breaks ignored).
func (a *Attachment) Bytes() ([]byte, error) {
	if a == nil {
		return nil, ErrNoContent
	}
	s := a.Content
	if s == "" {
		return nil, ErrNoContent
	}
	if i := strings.Index(s, ";base64,"); i >= 0 && strings.HasPrefix(s, "data:") {
		s = s[i+len(";base64,"):]
	}
	s = strings.NewReplacer("\r", "", "\n", "", " ", "").Replace(s)
	enc := base64.StdEncoding
	if strings.ContainsAny(s, "-_") {
		enc = base64.URLEncoding
	}
	if !strings.HasSuffix(s, "=") && len(s)%4 != 0 {
		enc = enc.WithPadding(base64.NoPadding)
	}
	b, err := enc.DecodeString(s)
	if err != nil {
		return nil, errors.New("carevalidate: attachment content is not valid base64")
	}
	return b, nil
}

// Comment is a communication on a case (a comment, or an internal note
// when IsRestricted).
type Comment struct {
	ID           string            `json:"id,omitempty"`
	Text         string            `json:"text,omitempty"`
	IsRestricted bool              `json:"isRestricted"`
	CreatedAt    rxbridge.DateTime `json:"createdAt"`
	// Forms are the forms with a PHI-flagged question the comment refers
	// to; their shape is not documented.
	Forms       []json.RawMessage `json:"forms,omitzero"`
	Author      *CommentAuthor    `json:"author,omitempty"`
	Attachments []Attachment      `json:"attachments,omitzero"`
}

// CommentAuthor is who wrote a comment.
type CommentAuthor struct {
	ID                 string               `json:"id,omitempty"`
	FirstName          string               `json:"firstName,omitempty"`
	LastName           string               `json:"lastName,omitempty"`
	Email              string               `json:"email,omitempty"`
	Role               Role                 `json:"role,omitempty"`
	Title              string               `json:"title,omitempty"`
	TitleSuffix        string               `json:"titleSuffix,omitempty"`
	NPI                string               `json:"npi,omitempty"`
	DEA                string               `json:"dea,omitempty"`
	OrganizationAccess []OrganizationAccess `json:"organizationAccess,omitzero"`
}

// OrganizationAccess is a role a comment author holds in an organization.
type OrganizationAccess struct {
	Role Role `json:"role,omitempty"`
}

// FormRef names a form.
type FormRef struct {
	ID          string `json:"id,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
}

// FormResponse is one submitted form with the patient's answers
// (case.responses).
type FormResponse struct {
	ID        string             `json:"id,omitempty"`
	IsDraft   bool               `json:"isDraft"`
	Form      *FormRef           `json:"form,omitempty"`
	Responses []QuestionResponse `json:"responses,omitzero"`
}

// QuestionResponse is the answer to one question. Text is the patient's
// answer; Question.Text is what was asked.
type QuestionResponse struct {
	ID         string        `json:"id,omitempty"`
	IsArchived bool          `json:"isArchived"`
	Question   *FormQuestion `json:"question,omitempty"`
	// Text is the answer.
	Text       Text              `json:"text"`
	CreatedAt  rxbridge.DateTime `json:"createdAt"`
	Respondent *Person           `json:"respondent,omitempty"`
}

// FormQuestion is a question as it was asked.
type FormQuestion struct {
	Index    int          `json:"index"`
	Type     QuestionType `json:"type,omitempty"`
	Text     string       `json:"text,omitempty"`
	IsPHI    bool         `json:"isPHI"`
	Options  []Text       `json:"options,omitzero"`
	Required bool         `json:"required"`
}

// Order is a pharmacy order for a case.
type Order struct {
	ID         string            `json:"id,omitempty"`
	Status     OrderStatus       `json:"status,omitempty"`
	TrackingID string            `json:"trackingId,omitempty"`
	Message    string            `json:"message,omitempty"`
	CreatedAt  rxbridge.DateTime `json:"createdAt"`
}

// PaymentInfo is sent with ADD_PAYMENT_INFO_USING_LINK (newer docs). The
// address shapes are not documented and are kept as raw JSON.
type PaymentInfo struct {
	MaskedCardNumber string          `json:"maskedCardNumber,omitempty"`
	CardBrand        string          `json:"cardBrand,omitempty"`
	ShippingAddress  json.RawMessage `json:"shippingAddress,omitempty"`
	BillingAddress   json.RawMessage `json:"billingAddress,omitempty"`
}
