package carevalidate

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/internal/lenient"
	"github.com/rxbridge/rxbridge-go/internal/paging"
)

// Routes, relative to the API root.
const (
	routeDynamicCase   = "api/v1/dynamic-case"
	routeCases         = "api/v1/cases"
	routeCaseAction    = "api/v1/cases/{caseId}"
	routeCaseDetail    = "api/v1/customer-case-detail"
	routeLatestCaseID  = "api/v1/customer-latest-case-id"
	routeAddForm       = "api/v1/customer-dynamic-case-form"
	routePaymentIntent = "api/v1/payments/intent"
	routePaymentSetup  = "api/v1/payments/setup"
	routeCompleteSetup = "api/v1/complete-payment-setup"
)

// Question is a form question with the patient's answer, as the create-case
// and add-form endpoints take it. Question and Answer are PHI.
type Question struct {
	// QuestionID identifies the question on its form (your id).
	QuestionID string `json:"questionId"`
	// Question is the text asked.
	Question string `json:"question"`
	// Type is the question's type ("text", "file", "multiselect", ...).
	Type QuestionType `json:"type"`
	// Answer is the answer, any JSON value (a string, a list of choices).
	Answer any `json:"answer"`
	// Required, PHI: sent only when true (CareValidate's defaults apply
	// otherwise).
	Required    bool     `json:"required,omitempty"`
	PHI         bool     `json:"phi,omitempty"`
	Hint        string   `json:"hint,omitempty"`
	Placeholder string   `json:"placeholder,omitempty"`
	Options     []string `json:"options,omitempty"`
}

// ShippingAddress is a patient's shipping address.
type ShippingAddress struct {
	AddressLine1 string `json:"addressLine1"`
	AddressLine2 string `json:"addressLine2,omitempty"`
	City         string `json:"city"`
	State        string `json:"state"`
	Country      string `json:"country"`
	PostalCode   string `json:"postalCode"`
}

// CreateCaseRequest creates a patient and a case with one form submission
// (POST /api/v1/dynamic-case). Give FormTitle (a form is created, or reused
// by title) or FormID (an existing form; answers are validated against it).
type CreateCaseRequest struct {
	FirstName string     `json:"firstName"`
	LastName  string     `json:"lastName"`
	Email     string     `json:"email"`
	Questions []Question `json:"questions"`

	FormTitle       string `json:"formTitle,omitempty"`
	FormDescription string `json:"formDescription,omitempty"`
	FormID          string `json:"formId,omitempty"`

	// DOB is sent as YYYY-MM-DD.
	DOB    rxbridge.Date `json:"dob,omitzero"`
	Gender Gender        `json:"gender,omitempty"`
	// PhoneNumber in E.164 ("+12255550123").
	PhoneNumber string `json:"phoneNumber,omitempty"`
	// Password, when set, becomes the patient's password.
	Password            string           `json:"password,omitempty"`
	ShippingAddress     *ShippingAddress `json:"shippingAddress,omitempty"`
	LanguagePreferences []string         `json:"languagePreferences,omitempty"`
	// Status is OPEN (the default) or ABANDONED.
	Status CaseStatus `json:"status,omitempty"`

	// IdempotencyKey, when set, lets CareValidate refuse to create a second
	// case for the same key (scoped to your organization). With a key the
	// SDK retries a create whose response was lost, sending the same key;
	// without one a lost response is ErrOutcomeUnknown and nothing is
	// repeated. Persist the key with your intake so you can repeat the call
	// yourself with the same key. See NewIdempotencyKey.
	IdempotencyKey string `json:"idempotencyKey,omitempty"`
}

// NewIdempotencyKey returns a random key (a UUID v4) for
// CreateCaseRequest.IdempotencyKey.
func NewIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// CreateCaseResult is what CareValidate answered to a create. Its success
// body is not in the public documentation: CaseID is read from "caseId",
// "case.id" or "id", at the top level or under "data"; Raw has the body.
// A 2xx without a case id is not reported as a success: the error matches
// ErrOutcomeUnknown (and ErrDecode), since the case may have been created.
type CreateCaseResult struct {
	CaseID         string
	FormResponseID string
	// IdempotencyKey is the key the request carried.
	IdempotencyKey string
	// Raw is the success body (it may contain PHI).
	Raw json.RawMessage
}

// CreateCase creates a patient and a case (the Dynamic Case API). Without
// an IdempotencyKey it is never repeated once it may have reached
// CareValidate and follows no redirect: a lost response, a redirect or a
// 2xx without a case id gives ErrOutcomeUnknown (look the case up with
// LatestCaseID before you try again). With a key, a lost response is
// retried with the same key.
func (c *Client) CreateCase(ctx context.Context, req *CreateCaseRequest) (*CreateCaseResult, error) {
	const op = "CreateCase"
	if req == nil {
		return nil, invalidArg(op, "nil request")
	}
	if err := req.validate(op); err != nil {
		return nil, err
	}
	r := *req
	r.DOB = normalDate(r.DOB)
	body, err := jsonBody(op, &r)
	if err != nil {
		return nil, err
	}
	idem := httpx.NotIdempotent
	if req.IdempotencyKey != "" {
		idem = httpx.Idempotent
	}
	var out createResponse
	resp, err := c.call(ctx, &httpx.Request{Op: op, Method: http.MethodPost, Route: routeDynamicCase, Body: body, Idempotency: idem}, &out)
	if err != nil {
		return nil, err
	}
	res := out.result(resp.Body)
	res.IdempotencyKey = req.IdempotencyKey
	return res, nil
}

func (r *CreateCaseRequest) validate(op string) error {
	switch {
	case strings.TrimSpace(r.FirstName) == "":
		return invalidArg(op, "FirstName is required")
	case strings.TrimSpace(r.LastName) == "":
		return invalidArg(op, "LastName is required")
	case strings.TrimSpace(r.Email) == "":
		return invalidArg(op, "Email is required")
	case len(r.Questions) == 0:
		return invalidArg(op, "at least one question is required")
	case r.FormTitle == "" && r.FormID == "":
		return invalidArg(op, "FormTitle or FormID is required")
	case r.Status != "" && r.Status != CaseOpen && r.Status != CaseAbandoned:
		return invalidArg(op, "Status must be OPEN or ABANDONED")
	case !r.DOB.IsZero() && !r.DOB.Valid():
		return invalidArg(op, "DOB is not a valid date")
	}
	if a := r.ShippingAddress; a != nil {
		if err := a.validate(op); err != nil {
			return err
		}
	}
	return validateQuestions(op, r.Questions)
}

func (a *ShippingAddress) validate(op string) error {
	if a.AddressLine1 == "" || a.City == "" || a.State == "" || a.Country == "" || a.PostalCode == "" {
		return invalidArg(op, "ShippingAddress needs AddressLine1, City, State, Country and PostalCode")
	}
	return nil
}

func validateQuestions(op string, qs []Question) error {
	for i := range qs {
		q := &qs[i]
		switch {
		case q.QuestionID == "":
			return invalidArg(op, fmt.Sprintf("Questions[%d].QuestionID is required", i))
		case q.Question == "":
			return invalidArg(op, fmt.Sprintf("Questions[%d].Question is required", i))
		case q.Type == "":
			return invalidArg(op, fmt.Sprintf("Questions[%d].Type is required", i))
		case q.Answer == nil:
			return invalidArg(op, fmt.Sprintf("Questions[%d].Answer is required", i))
		}
	}
	return nil
}

// normalDate rebuilds a date so it is sent as YYYY-MM-DD whatever form it
// was decoded from.
func normalDate(d rxbridge.Date) rxbridge.Date {
	if d.IsZero() {
		return rxbridge.Date{}
	}
	return rxbridge.NewDate(d.Year, d.Month, d.Day)
}

// createResponse reads the ids out of a create's success body, whose
// shape is not documented.
type createResponse struct {
	envelope
	ids
	Data json.RawMessage `json:"data"`
}

type ids struct {
	CaseID         lenient.String `json:"caseId"`
	ID             lenient.String `json:"id"`
	FormResponseID lenient.String `json:"formResponseId"`
	Case           idObj          `json:"case"`
}

func (i *ids) caseID() string {
	switch {
	case i.CaseID != "":
		return string(i.CaseID)
	case i.Case.ID != "":
		return i.Case.ID
	}
	return string(i.ID)
}

func (r *createResponse) result(raw []byte) *CreateCaseResult {
	res := &CreateCaseResult{CaseID: r.caseID(), FormResponseID: string(r.FormResponseID)}
	if d := bytes.TrimSpace(r.Data); len(d) > 0 && d[0] == '{' {
		var in ids
		if jsoncodec.UnmarshalValid(d, &in) == nil {
			if res.CaseID == "" {
				res.CaseID = in.caseID()
			}
			if res.FormResponseID == "" {
				res.FormResponseID = string(in.FormResponseID)
			}
		}
	}
	if len(raw) > 0 {
		res.Raw = append(json.RawMessage(nil), raw...)
	}
	return res
}

// CreateCaseWithProductsRequest creates a case with a patient, an optional
// payment and one or more products (POST /api/v1/cases, the Case Products
// API).
type CreateCaseWithProductsRequest struct {
	// Status is OPEN (the default) or ABANDONED.
	Status CaseStatus `json:"status,omitempty"`
	// IsTest creates a test case.
	IsTest bool `json:"isTest"`
	// ForceCreate creates the case even if the patient has an open one.
	ForceCreate bool          `json:"forceCreate"`
	User        CaseUser      `json:"user"`
	Payment     *CasePayment  `json:"payment,omitempty"`
	Products    []CaseProduct `json:"products"`
}

// CaseUser is the patient of a Case Products create. Every field is PHI.
type CaseUser struct {
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	Email     string `json:"email"`
	Gender    Gender `json:"gender,omitempty"`
	// PhoneNumber in E.164.
	PhoneNumber string `json:"phoneNumber"`
	// DOB is sent as YYYY-MM-DD.
	DOB                 rxbridge.Date    `json:"dob"`
	LanguagePreferences []string         `json:"languagePreferences,omitempty"`
	ShippingAddress     *ShippingAddress `json:"shippingAddress,omitempty"`
}

// CasePayment is the payment of a Case Products create.
type CasePayment struct {
	// Amount in dollars (rxbridge.NewNumber("350.00")).
	Amount rxbridge.Number `json:"amount"`
	// Currency is the ISO 4217 code ("USD").
	Currency    string `json:"currency"`
	Description string `json:"description,omitempty"`
	// Status is UNPAID when there is no payment method.
	Status            PaymentStatus      `json:"status,omitempty"`
	ProviderReference *ProviderReference `json:"providerReference,omitempty"`
}

// ProviderReference points at the payment provider's object (a Stripe
// SetupIntent, PaymentIntent or token).
type ProviderReference struct {
	Type ProviderReferenceType `json:"type"`
	ID   string                `json:"id"`
}

// CaseProduct is one product of a Case Products create, with its intake
// form.
type CaseProduct struct {
	// ID is the product's UUID.
	ID   string       `json:"id"`
	Form *ProductForm `json:"form,omitempty"`
}

// ProductForm is a product's intake form with the patient's answers.
type ProductForm struct {
	Title       string     `json:"title,omitempty"`
	Description string     `json:"description,omitempty"`
	Questions   []Question `json:"questions,omitempty"`
}

// CreateCaseWithProducts creates a case with products (the Case Products
// API). It authenticates with an access token instead of the API key:
// accessToken is sent as "Authorization: Bearer" on this call only (the
// public documentation does not say how the token is issued). It is never
// repeated once it may have reached CareValidate: a lost response gives
// ErrOutcomeUnknown.
func (c *Client) CreateCaseWithProducts(ctx context.Context, accessToken string, req *CreateCaseWithProductsRequest) (*CreateCaseResult, error) {
	const op = "CreateCaseWithProducts"
	if strings.TrimSpace(accessToken) == "" || !validCredential(accessToken) {
		return nil, invalidArg(op, "accessToken is empty or contains spaces or control characters")
	}
	if req == nil {
		return nil, invalidArg(op, "nil request")
	}
	u := &req.User
	switch {
	case u.FirstName == "" || u.LastName == "" || u.Email == "":
		return nil, invalidArg(op, "User needs FirstName, LastName and Email")
	case u.PhoneNumber == "":
		return nil, invalidArg(op, "User.PhoneNumber is required")
	case !u.DOB.Valid():
		return nil, invalidArg(op, "User.DOB is required")
	case len(req.Products) == 0:
		return nil, invalidArg(op, "at least one product is required")
	case req.Status != "" && req.Status != CaseOpen && req.Status != CaseAbandoned:
		return nil, invalidArg(op, "Status must be OPEN or ABANDONED")
	}
	if a := u.ShippingAddress; a != nil {
		if err := a.validate(op); err != nil {
			return nil, err
		}
	}
	if p := req.Payment; p != nil {
		if !p.Amount.Valid() || p.Currency == "" {
			return nil, invalidArg(op, "Payment needs a numeric Amount and a Currency")
		}
	}
	for i := range req.Products {
		if req.Products[i].ID == "" {
			return nil, invalidArg(op, fmt.Sprintf("Products[%d].ID is required", i))
		}
		if f := req.Products[i].Form; f != nil {
			if err := validateQuestions(op, f.Questions); err != nil {
				return nil, err
			}
		}
	}
	r := *req
	r.User.DOB = normalDate(r.User.DOB)
	body, err := jsonBody(op, &r)
	if err != nil {
		return nil, err
	}
	var out createResponse
	resp, err := c.call(ctx, &httpx.Request{Op: op, Method: http.MethodPost, Route: routeCases, Body: body,
		Idempotency: httpx.NotIdempotent, CredentialKey: accessToken}, &out)
	if err != nil {
		return nil, err
	}
	return out.result(resp.Body), nil
}

// MaxListWindow is the longest date window one list call accepts.
const MaxListWindow = 60 * 24 * time.Hour

// MaxRecordsPerPage is the largest page the list call returns.
const MaxRecordsPerPage = 100

// ListCasesQuery selects cases created in [StartTime, EndTime).
type ListCasesQuery struct {
	// StartTime and EndTime bound the window (required; EndTime after
	// StartTime; at most MaxListWindow apart for ListCases, any span for
	// Cases, which walks it in windows).
	StartTime, EndTime time.Time
	// Statuses filters by status (any when empty).
	Statuses []CaseStatus
	// RecordsPerPage is 1..100 (CareValidate's default, 20, when 0; Cases
	// uses 100).
	RecordsPerPage int
	// After is the cursor of the page to read (PageInfo.NextCursor).
	After string
	// IncludeAttachments adds attachments in DocumentFormat (base64 when
	// empty).
	IncludeAttachments bool
	DocumentFormat     DocumentFormat
	// IncludeOrders and IncludeCalendarEvents add those lists.
	IncludeOrders         bool
	IncludeCalendarEvents bool
}

// listParams is the wire form of a ListCasesQuery.
type listParams struct {
	StartTime             string `url:"startTime"`
	EndTime               string `url:"endTime"`
	Status                string `url:"status,omitempty"`
	RecordsPerPage        int    `url:"recordsPerPage,omitempty"`
	After                 string `url:"after,omitempty"`
	IncludeAttachments    bool   `url:"includeAttachments,omitempty"`
	DocumentFormat        string `url:"documentFormat,omitempty"`
	IncludeOrders         bool   `url:"includeOrders,omitempty"`
	IncludeCalendarEvents bool   `url:"includeCalendarEvents,omitempty"`
}

// wireTime is how times travel in queries: ISO 8601 in UTC, milliseconds.
const wireTime = "2006-01-02T15:04:05.000Z07:00"

func (q *ListCasesQuery) params(op string) (*listParams, error) {
	switch {
	case q.StartTime.IsZero() || q.EndTime.IsZero():
		return nil, invalidArg(op, "StartTime and EndTime are required")
	case !q.EndTime.After(q.StartTime):
		return nil, invalidArg(op, "EndTime must be after StartTime")
	case q.EndTime.Sub(q.StartTime) > MaxListWindow:
		return nil, invalidArg(op, "the window is longer than 60 days (use Cases, which splits it)")
	case q.RecordsPerPage < 0 || q.RecordsPerPage > MaxRecordsPerPage:
		return nil, invalidArg(op, "RecordsPerPage must be 1..100")
	case q.DocumentFormat != "" && !q.DocumentFormat.Known():
		return nil, invalidArg(op, "DocumentFormat must be base64 or url")
	}
	p := &listParams{
		StartTime:             q.StartTime.UTC().Format(wireTime),
		EndTime:               q.EndTime.UTC().Format(wireTime),
		RecordsPerPage:        q.RecordsPerPage,
		After:                 q.After,
		IncludeAttachments:    q.IncludeAttachments,
		IncludeOrders:         q.IncludeOrders,
		IncludeCalendarEvents: q.IncludeCalendarEvents,
	}
	if len(q.Statuses) > 0 {
		s := make([]string, len(q.Statuses))
		for i, st := range q.Statuses {
			s[i] = string(st)
		}
		p.Status = strings.Join(s, ",")
	}
	if q.IncludeAttachments {
		p.DocumentFormat = strings.ToLower(string(q.DocumentFormat))
		if p.DocumentFormat == "" {
			p.DocumentFormat = string(DocumentBase64)
		}
	}
	return p, nil
}

// CasePage is one page of a case list.
type CasePage struct {
	Cases    []Case   `json:"cases"`
	PageInfo PageInfo `json:"pageInfo"`
}

// PageInfo is a page's cursor information.
type PageInfo struct {
	Cursor          Cursor `json:"cursor"`
	HasNextPage     bool   `json:"hasNextPage"`
	HasPreviousPage bool   `json:"hasPreviousPage"`
}

// Cursor holds the ids of a page's first and last case.
type Cursor struct {
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

// NextCursor returns the After value of the next page, or "" on the last
// page.
func (p *PageInfo) NextCursor() string {
	if p == nil {
		return ""
	}
	if !p.HasNextPage {
		return ""
	}
	return p.Cursor.End
}

// listResponse accepts the list under "cases" or "data" (a list, or an
// object with "cases"/"data" and "pageInfo"), with "pageInfo" beside it or
// inside "data". The top-level key names are not in the public
// documentation.
type listResponse struct {
	envelope
	Cases    []Case    `json:"cases"`
	Data     listData  `json:"data"`
	PageInfo *PageInfo `json:"pageInfo"`
}

type listData struct {
	Cases    []Case
	PageInfo *PageInfo
}

// UnmarshalJSON implements json.Unmarshaler.
func (d *listData) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case '[':
		return jsoncodec.UnmarshalValid(b, &d.Cases)
	case '{':
		var o struct {
			Cases    []Case    `json:"cases"`
			Data     []Case    `json:"data"`
			Items    []Case    `json:"items"`
			PageInfo *PageInfo `json:"pageInfo"`
		}
		if err := jsoncodec.UnmarshalValid(b, &o); err != nil {
			return err
		}
		d.Cases, d.PageInfo = o.Cases, o.PageInfo
		if d.Cases == nil {
			d.Cases = o.Data
		}
		if d.Cases == nil {
			d.Cases = o.Items
		}
	}
	return nil
}

// ListCases returns one page of the cases created in the query's window
// (at most 60 days). Pass PageInfo.NextCursor as After for the next page,
// or use Cases.
func (c *Client) ListCases(ctx context.Context, q ListCasesQuery) (*CasePage, error) {
	const op = "ListCases"
	p, err := q.params(op)
	if err != nil {
		return nil, err
	}
	var out listResponse
	if _, err := c.call(ctx, &httpx.Request{Op: op, Method: http.MethodGet, Route: routeCases, Query: p, Expect: expectCaseList}, &out); err != nil {
		return nil, err
	}
	page := &CasePage{Cases: out.Cases}
	if page.Cases == nil {
		page.Cases = out.Data.Cases
	}
	switch {
	case out.PageInfo != nil:
		page.PageInfo = *out.PageInfo
	case out.Data.PageInfo != nil:
		page.PageInfo = *out.Data.PageInfo
	}
	return page, nil
}

// ErrCursorMissing is yielded by Cases when a page says there is a next
// page but gives no cursor for it.
var ErrCursorMissing = errors.New("carevalidate: page has a next page but no cursor")

// missingCursor stands for "a next page without a cursor"; no case id
// looks like it.
const missingCursor = "\x00missing"

// Cases iterates over every case created in the query's window, page after
// page (q.RecordsPerPage, 100 when 0), walking windows longer than 60 days
// one window at a time. It stops at the first error, which it yields, and
// on a cursor that does not advance or comes back (ErrPageLoop). Like every iterator
// of the SDK it yields pointers; the case is nil when the error is not.
func (c *Client) Cases(ctx context.Context, q ListCasesQuery) iter.Seq2[*Case, error] {
	return func(yield func(*Case, error) bool) {
		if q.StartTime.IsZero() || q.EndTime.IsZero() || !q.EndTime.After(q.StartTime) {
			yield(nil, invalidArg("Cases", "StartTime and EndTime are required, EndTime after StartTime"))
			return
		}
		if q.RecordsPerPage == 0 {
			q.RecordsPerPage = MaxRecordsPerPage
		}
		first := q.After
		// Windows share their boundary instant. Whether CareValidate's
		// endTime is inclusive is not documented, so a case created exactly
		// at a boundary is asked for twice and yielded once.
		var edge, nextEdge map[string]struct{}
		for start := q.StartTime; start.Before(q.EndTime); start = start.Add(MaxListWindow) {
			w := q
			w.StartTime, w.EndTime = start, minTime(start.Add(MaxListWindow), q.EndTime)
			edge, nextEdge = nextEdge, nil
			fetch := func(ctx context.Context, cursor string) (paging.Page[*Case], error) {
				if cursor == missingCursor {
					return paging.Page[*Case]{}, ErrCursorMissing
				}
				w.After = cursor
				p, err := c.ListCases(ctx, w)
				if err != nil {
					return paging.Page[*Case]{}, err
				}
				next := p.PageInfo.NextCursor()
				if p.PageInfo.HasNextPage && next == "" {
					next = missingCursor
				}
				items := make([]*Case, len(p.Cases))
				for i := range p.Cases {
					items[i] = &p.Cases[i]
				}
				return paging.Page[*Case]{Items: items, Next: next}, nil
			}
			for cs, err := range paging.All(ctx, first, fetch) {
				if errors.Is(err, ErrPageLoop) {
					err = fmt.Errorf("carevalidate: Cases: %w", err)
				}
				if err == nil {
					if _, dup := edge[cs.ID]; dup && cs.ID != "" {
						continue
					}
					if cs.CreatedAt.Equal(w.EndTime) {
						if nextEdge == nil {
							nextEdge = map[string]struct{}{}
						}
						nextEdge[cs.ID] = struct{}{}
					}
				}
				if !yield(cs, err) || err != nil {
					return
				}
			}
			first = ""
		}
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// CaseDetailOptions asks for more of a case.
type CaseDetailOptions struct {
	// IncludeAttachments adds attachments in DocumentFormat (base64 when
	// empty; url gives signed links valid for 15 minutes).
	IncludeAttachments bool
	DocumentFormat     DocumentFormat
	// IncludeCalendarEvents, IncludeOrders and IncludeCaseProducts add
	// those lists.
	IncludeCalendarEvents bool
	IncludeOrders         bool
	IncludeCaseProducts   bool
}

type detailParams struct {
	CaseID                string `url:"caseId,omitempty"`
	Email                 string `url:"email,omitempty"`
	IncludeAttachments    bool   `url:"includeAttachments,omitempty"`
	DocumentFormat        string `url:"documentFormat,omitempty"`
	IncludeCalendarEvents bool   `url:"includeCalendarEvents,omitempty"`
	IncludeOrders         bool   `url:"includeOrders,omitempty"`
	IncludeCaseProducts   bool   `url:"includeCaseProducts,omitempty"`
}

type detailResponse struct {
	envelope
	CaseDetail *Case `json:"caseDetail"`
}

// GetCase returns a case by id (GET /api/v1/customer-case-detail). opts
// may be nil.
func (c *Client) GetCase(ctx context.Context, caseID string, opts *CaseDetailOptions) (*Case, error) {
	if strings.TrimSpace(caseID) == "" {
		return nil, invalidArg("GetCase", "caseID is empty")
	}
	return c.caseDetail(ctx, "GetCase", detailParams{CaseID: caseID}, opts)
}

// GetCaseByEmail returns the case of the patient with this email. opts may
// be nil.
func (c *Client) GetCaseByEmail(ctx context.Context, email string, opts *CaseDetailOptions) (*Case, error) {
	if strings.TrimSpace(email) == "" {
		return nil, invalidArg("GetCaseByEmail", "email is empty")
	}
	return c.caseDetail(ctx, "GetCaseByEmail", detailParams{Email: email}, opts)
}

func (c *Client) caseDetail(ctx context.Context, op string, p detailParams, opts *CaseDetailOptions) (*Case, error) {
	if opts != nil {
		if opts.DocumentFormat != "" && !opts.DocumentFormat.Known() {
			return nil, invalidArg(op, "DocumentFormat must be base64 or url")
		}
		p.IncludeAttachments = opts.IncludeAttachments
		p.IncludeCalendarEvents = opts.IncludeCalendarEvents
		p.IncludeOrders = opts.IncludeOrders
		p.IncludeCaseProducts = opts.IncludeCaseProducts
		p.DocumentFormat = strings.ToLower(string(opts.DocumentFormat))
		if opts.IncludeAttachments && p.DocumentFormat == "" {
			p.DocumentFormat = string(DocumentBase64)
		}
	}
	var out detailResponse
	resp, err := c.call(ctx, &httpx.Request{Op: op, Method: http.MethodGet, Route: routeCaseDetail, Query: &p, Expect: expectCaseDetail}, &out)
	if err != nil {
		return nil, err
	}
	if out.CaseDetail == nil {
		return nil, emptyResult(resp, "the response carried no case")
	}
	return out.CaseDetail, nil
}

// emptyResult is the ErrNotFound of a success response without the
// object asked for.
func emptyResult(resp *httpx.Response, meaning string) error {
	e := &Error{APIError: resp.ErrorBase(), kind: ErrNotFound}
	e.HTTPStatus = 0
	e.Meaning = meaning
	return e
}

// LatestCaseQuery finds a patient's latest case.
type LatestCaseQuery struct {
	// Email is the patient's email (required).
	Email string `url:"email"`
	// PhoneNumber narrows the search (newer documentation).
	PhoneNumber string `url:"phoneNumber,omitempty"`
}

type latestResponse struct {
	envelope
	Case *struct {
		ID string `json:"id"`
	} `json:"case"`
}

// LatestCaseID returns the id of the patient's most recent case (GET
// /api/v1/customer-latest-case-id). No case gives ErrNotFound.
func (c *Client) LatestCaseID(ctx context.Context, q LatestCaseQuery) (string, error) {
	const op = "LatestCaseID"
	if strings.TrimSpace(q.Email) == "" {
		return "", invalidArg(op, "Email is required")
	}
	var out latestResponse
	resp, err := c.call(ctx, &httpx.Request{Op: op, Method: http.MethodGet, Route: routeLatestCaseID, Query: &q, Expect: expectLatestCase}, &out)
	if err != nil {
		return "", err
	}
	if out.Case == nil || out.Case.ID == "" {
		return "", emptyResult(resp, "the response carried no case id")
	}
	return out.Case.ID, nil
}

// AddFormRequest adds a form submission to an existing case (POST
// /api/v1/customer-dynamic-case-form). Give FormTitle or FormID.
type AddFormRequest struct {
	CaseID          string     `json:"caseId"`
	FormTitle       string     `json:"formTitle,omitempty"`
	FormDescription string     `json:"formDescription,omitempty"`
	FormID          string     `json:"formId,omitempty"`
	Questions       []Question `json:"questions"`
}

// FormResult identifies the form response added.
type FormResult struct {
	CaseID         string
	FormResponseID string
}

type formResponse struct {
	envelope
	Data ids `json:"data"`
}

// AddFormResponse adds a form submission to a case. It is never repeated
// once it may have reached CareValidate: a lost response gives
// ErrOutcomeUnknown (check the case's responses with GetCase).
func (c *Client) AddFormResponse(ctx context.Context, req *AddFormRequest) (*FormResult, error) {
	const op = "AddFormResponse"
	switch {
	case req == nil:
		return nil, invalidArg(op, "nil request")
	case strings.TrimSpace(req.CaseID) == "":
		return nil, invalidArg(op, "CaseID is required")
	case len(req.Questions) == 0:
		return nil, invalidArg(op, "at least one question is required")
	case req.FormTitle == "" && req.FormID == "":
		return nil, invalidArg(op, "FormTitle or FormID is required")
	}
	if err := validateQuestions(op, req.Questions); err != nil {
		return nil, err
	}
	body, err := jsonBody(op, req)
	if err != nil {
		return nil, err
	}
	var out formResponse
	if _, err := c.call(ctx, &httpx.Request{Op: op, Method: http.MethodPost, Route: routeAddForm, Body: body,
		Idempotency: httpx.NotIdempotent}, &out); err != nil {
		return nil, err
	}
	res := FormResult{CaseID: out.Data.caseID(), FormResponseID: string(out.Data.FormResponseID)}
	if res.CaseID == "" {
		res.CaseID = req.CaseID
	}
	return &res, nil
}
