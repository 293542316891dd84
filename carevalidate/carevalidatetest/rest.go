package carevalidatetest

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/carevalidate"
)

// routes is the REST API.
func (s *Server) routes() http.Handler {
	m := http.NewServeMux()
	m.HandleFunc("POST /api/v1/dynamic-case", s.apiKey(s.handleDynamicCase))
	m.HandleFunc("POST /api/v1/cases", s.handleCaseProducts)
	m.HandleFunc("GET /api/v1/cases", s.apiKey(s.handleListCases))
	m.HandleFunc("POST /api/v1/cases/{caseId}", s.apiKey(s.handleCaseAction))
	m.HandleFunc("GET /api/v1/customer-case-detail", s.apiKey(s.handleCaseDetail))
	m.HandleFunc("GET /api/v1/customer-latest-case-id", s.apiKey(s.handleLatestCaseID))
	m.HandleFunc("POST /api/v1/customer-dynamic-case-form", s.apiKey(s.handleAddForm))
	m.HandleFunc("POST /api/v1/payments/intent", s.paymentKey(s.handlePaymentIntent))
	m.HandleFunc("POST /api/v1/payments/setup", s.paymentKey(s.handlePaymentSetup))
	m.HandleFunc("POST /api/v1/complete-payment-setup", s.paymentKey(s.handleCompleteSetup))
	m.HandleFunc("GET /files/{id}", s.handleFile)
	return m
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// fail answers the way CareValidate does: HTTP 400 (or status) with
// {status, success:false, message?, error, code?}.
func fail(w http.ResponseWriter, status int, message, errText, code string) {
	body := map[string]any{"status": status, "success": false, "error": errText}
	if message != "" {
		body["message"] = message
	}
	if code != "" {
		body["code"] = code
	}
	writeJSON(w, status, body)
}

func succeed(w http.ResponseWriter, fields map[string]any) {
	body := map[string]any{"status": 200, "success": true}
	for k, v := range fields {
		body[k] = v
	}
	writeJSON(w, http.StatusOK, body)
}

func equalSecret(got, want string) bool {
	g, x := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return want != "" && subtle.ConstantTimeCompare(g[:], x[:]) == 1
}

// apiKey checks cv-api-key; a bad key gets the documented HTTP 400.
func (s *Server) apiKey(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("cv-api-key") == "" {
			fail(w, 400, "", "Secret key not provided!", "")
			return
		}
		if !equalSecret(r.Header.Get("cv-api-key"), s.APIKey) {
			fail(w, 400, "Invalid case data", "Organization with [CV-Api-Key-Hash] not found!", "CASE_ERROR")
			return
		}
		next(w, r)
	}
}

// paymentKey checks cv-api-key the way the payment endpoints do (401).
func (s *Server) paymentKey(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !equalSecret(r.Header.Get("cv-api-key"), s.APIKey) {
			writeJSON(w, 401, map[string]any{"status": 401, "error": "Invalid API key"})
			return
		}
		next(w, r)
	}
}

func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		fail(w, 400, "", "Invalid JSON body", "")
		return false
	}
	return true
}

// answerText renders an answer the way the case shows it: strings as they
// are, anything else as JSON.
func answerText(v any) carevalidate.Text {
	if s, ok := v.(string); ok {
		return carevalidate.Text(s)
	}
	b, _ := json.Marshal(v)
	return carevalidate.Text(b)
}

func checkQuestions(qs []carevalidate.Question) string {
	if len(qs) == 0 {
		return "The 'questions' field is required"
	}
	for i, q := range qs {
		switch {
		case q.QuestionID == "":
			return fmt.Sprintf("The 'questions[%d].questionId' field is required", i)
		case q.Question == "":
			return fmt.Sprintf("The 'questions[%d].question' field is required", i)
		case q.Type == "":
			return fmt.Sprintf("The 'questions[%d].type' field is required", i)
		case q.Answer == nil:
			return fmt.Sprintf("The 'questions[%d].answer' field is required", i)
		}
	}
	return ""
}

// formResponse builds a case's form response from submitted questions.
// The caller holds s.mu.
func (s *Server) formResponse(title, formID string, qs []carevalidate.Question, who *carevalidate.Person) carevalidate.FormResponse {
	if formID == "" {
		formID = s.forms[title]
		if formID == "" {
			formID = newID()
			s.forms[title] = formID
		}
	}
	if title == "" {
		for t, id := range s.forms {
			if id == formID {
				title = t
			}
		}
	}
	fr := carevalidate.FormResponse{ID: newID(), Form: &carevalidate.FormRef{ID: formID, Name: title}}
	for i, q := range qs {
		opts := make([]carevalidate.Text, len(q.Options))
		for j, o := range q.Options {
			opts[j] = carevalidate.Text(o)
		}
		fr.Responses = append(fr.Responses, carevalidate.QuestionResponse{
			ID: newID(),
			Question: &carevalidate.FormQuestion{Index: i + 1, Type: carevalidate.QuestionType(strings.ToUpper(string(q.Type))),
				Text: q.Question, IsPHI: q.PHI, Options: opts, Required: q.Required},
			Text: answerText(q.Answer), CreatedAt: s.timestamp(), Respondent: who,
		})
	}
	return fr
}

// newCase creates a case for a patient; the caller holds s.mu.
func (s *Server) newCase(p carevalidate.Patient, title string, status carevalidate.CaseStatus) *fakeCase {
	u := s.users[strings.ToLower(p.Email)]
	if u == nil {
		p.ID = newID()
		u = &p
		s.users[strings.ToLower(p.Email)] = u
	}
	if status == "" {
		status = carevalidate.CaseOpen
	}
	now := s.timestamp()
	fc := &fakeCase{c: carevalidate.Case{
		ID: newID(), Type: "GLP", Title: title, Status: status, ShortID: s.shortID(),
		CreatedAt: now, UpdatedAt: now, Submitter: u,
		Activity: []carevalidate.Activity{}, Decisions: []carevalidate.Decision{}, Comments: []carevalidate.Comment{},
		Payments: []carevalidate.Payment{}, Attachments: []carevalidate.Attachment{}, Responses: []carevalidate.FormResponse{},
		Notes: []json.RawMessage{}, Assignees: []carevalidate.Assignee{},
		ProductBundle: &carevalidate.ProductBundle{Name: "Synthetic Bundle"},
	}}
	s.cases[fc.c.ID] = fc
	s.order = append(s.order, fc.c.ID)
	return fc
}

func personOf(p *carevalidate.Patient) *carevalidate.Person {
	return &carevalidate.Person{ID: p.ID, FirstName: p.FirstName, LastName: p.LastName}
}

func (s *Server) handleDynamicCase(w http.ResponseWriter, r *http.Request) {
	var req carevalidate.CreateCaseRequest
	if !decodeBody(w, r, &req) {
		return
	}
	switch {
	case req.FirstName == "" || req.LastName == "" || req.Email == "":
		fail(w, 400, "Invalid case data", "The 'firstName', 'lastName' and 'email' fields are required", "CASE_ERROR")
		return
	case req.FormTitle == "" && req.FormID == "":
		fail(w, 400, "Invalid case data", "The 'formTitle' or 'formId' field is required", "CASE_ERROR")
		return
	case req.Status != "" && req.Status != carevalidate.CaseOpen && req.Status != carevalidate.CaseAbandoned:
		fail(w, 400, "Invalid case data", "The 'status' field must be OPEN or ABANDONED", "CASE_ERROR")
		return
	}
	if msg := checkQuestions(req.Questions); msg != "" {
		fail(w, 400, "", msg, "")
		return
	}
	s.mu.Lock()
	if id, ok := s.idem[req.IdempotencyKey]; ok && req.IdempotencyKey != "" {
		fc := s.cases[id]
		frID := ""
		if len(fc.c.Responses) > 0 {
			frID = fc.c.Responses[0].ID
		}
		s.mu.Unlock()
		succeed(w, map[string]any{"data": map[string]any{"caseId": id, "formResponseId": frID}})
		return
	}
	p := carevalidate.Patient{FirstName: req.FirstName, LastName: req.LastName, Email: req.Email, DOB: req.DOB,
		Gender: carevalidate.Gender(strings.ToUpper(string(req.Gender))), PhoneNumber: req.PhoneNumber}
	if a := req.ShippingAddress; a != nil {
		p.Address, p.City, p.State, p.PostalCode = strings.TrimSpace(a.AddressLine1+" "+a.AddressLine2), a.City, a.State, a.PostalCode
	}
	title := req.FormTitle
	if title == "" {
		title = "Case"
	}
	fc := s.newCase(p, "Case for "+req.FirstName+" "+s.now().Format("2006-01-02"), req.Status)
	fc.phone = req.PhoneNumber
	fr := s.formResponse(req.FormTitle, req.FormID, req.Questions, personOf(fc.c.Submitter))
	fc.c.Responses = append(fc.c.Responses, fr)
	if req.IdempotencyKey != "" {
		s.idem[req.IdempotencyKey] = fc.c.ID
	}
	s.record(fc, carevalidate.EventCreateCase, nil, nil, personOf(fc.c.Submitter), nil, nil)
	id := fc.c.ID
	s.mu.Unlock()
	succeed(w, map[string]any{"data": map[string]any{"caseId": id, "formResponseId": fr.ID}})
}

func (s *Server) handleCaseProducts(w http.ResponseWriter, r *http.Request) {
	tok, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !found || !equalSecret(tok, s.AccessToken) {
		writeJSON(w, 401, map[string]any{"status": 401, "success": false, "error": "Invalid or expired access token"})
		return
	}
	var req carevalidate.CreateCaseWithProductsRequest
	if !decodeBody(w, r, &req) {
		return
	}
	u := req.User
	switch {
	case u.FirstName == "" || u.LastName == "" || u.Email == "" || u.PhoneNumber == "" || !u.DOB.Valid():
		fail(w, 400, "Invalid case data", "The 'user' object is missing required fields", "CASE_ERROR")
		return
	case len(req.Products) == 0:
		fail(w, 400, "Invalid case data", "The 'products' field is required", "CASE_ERROR")
		return
	}
	s.mu.Lock()
	if !req.ForceCreate {
		for _, fc := range s.cases {
			if fc.c.Submitter != nil && strings.EqualFold(fc.c.Submitter.Email, u.Email) && !fc.c.Status.Decided() && !fc.c.IsArchived {
				s.mu.Unlock()
				fail(w, 400, "Invalid case data", "An open case already exists for this user", "CASE_ERROR")
				return
			}
		}
	}
	p := carevalidate.Patient{FirstName: u.FirstName, LastName: u.LastName, Email: u.Email, DOB: u.DOB, Gender: u.Gender, PhoneNumber: u.PhoneNumber}
	if a := u.ShippingAddress; a != nil {
		p.Address, p.City, p.State, p.PostalCode = a.AddressLine1, a.City, a.State, a.PostalCode
	}
	fc := s.newCase(p, "Case for "+u.FirstName+" "+s.now().Format("2006-01-02"), req.Status)
	fc.phone = u.PhoneNumber
	for _, pr := range req.Products {
		if pr.Form != nil && len(pr.Form.Questions) > 0 {
			fc.c.Responses = append(fc.c.Responses, s.formResponse(pr.Form.Title, "", pr.Form.Questions, personOf(fc.c.Submitter)))
		}
	}
	s.record(fc, carevalidate.EventCreateCase, nil, nil, personOf(fc.c.Submitter), nil, nil)
	if req.Payment != nil {
		s.addPayment(fc, req.Payment.Amount.String(), req.Payment.Description)
	}
	id := fc.c.ID
	s.mu.Unlock()
	succeed(w, map[string]any{"data": map[string]any{"caseId": id}})
}

func (s *Server) handleListCases(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	start, err1 := time.Parse(time.RFC3339Nano, q.Get("startTime"))
	end, err2 := time.Parse(time.RFC3339Nano, q.Get("endTime"))
	switch {
	case err1 != nil || err2 != nil:
		fail(w, 400, "Invalid case data", "startTime and endTime are required ISO-8601 dates", "CASE_ERROR")
		return
	case !end.After(start):
		fail(w, 400, "Invalid case data", "endTime must be after startTime", "CASE_ERROR")
		return
	case end.Sub(start) > carevalidate.MaxListWindow:
		fail(w, 400, "Invalid case data", "The date range can not exceed 60 days", "CASE_ERROR")
		return
	}
	per := 20
	if v := q.Get("recordsPerPage"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			fail(w, 400, "Invalid case data", "recordsPerPage must be between 1 and 100", "CASE_ERROR")
			return
		}
		per = n
	}
	statuses := map[carevalidate.CaseStatus]bool{}
	if v := q.Get("status"); v != "" {
		for _, st := range strings.Split(v, ",") {
			statuses[carevalidate.CaseStatus(strings.TrimSpace(st))] = true
		}
	}
	ro, msg := detailOpts(q)
	if msg != "" {
		fail(w, 400, "Invalid case data", msg, "CASE_ERROR")
		return
	}
	after := q.Get("after")

	s.mu.Lock()
	var match []*fakeCase
	for _, fc := range s.sortedCases() {
		t := fc.c.CreatedAt.Time
		if t.Before(start) || !t.Before(end) || (len(statuses) > 0 && !statuses[fc.c.Status]) {
			continue
		}
		match = append(match, fc)
	}
	from := 0
	if after != "" {
		from = -1
		for i, fc := range match {
			if fc.c.ID == after {
				from = i + 1
			}
		}
		if from < 0 {
			s.mu.Unlock()
			fail(w, 400, "Invalid case data", "Invalid cursor", "CASE_ERROR")
			return
		}
	}
	to := min(from+per, len(match))
	items := make([]*carevalidate.Case, 0, to-from)
	for _, fc := range match[from:to] {
		items = append(items, s.render(fc, ro))
	}
	body, _ := json.Marshal(items)
	s.mu.Unlock()
	info := carevalidate.PageInfo{HasNextPage: to < len(match), HasPreviousPage: from > 0}
	if len(items) > 0 {
		info.Cursor = carevalidate.Cursor{Start: items[0].ID, End: items[len(items)-1].ID}
	}
	succeed(w, map[string]any{"cases": json.RawMessage(body), "pageInfo": info})
}

// detailOpts reads the include* and documentFormat parameters.
func detailOpts(q map[string][]string) (renderOpts, string) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	var ro renderOpts
	if get("includeAttachments") == "true" {
		f := carevalidate.DocumentFormat(strings.ToLower(get("documentFormat")))
		switch f {
		case carevalidate.DocumentBase64, carevalidate.DocumentURL:
			ro.attachments = f
		case "":
			return ro, "documentFormat is required when includeAttachments is true"
		default:
			return ro, "documentFormat must be base64 or url"
		}
	}
	ro.orders = get("includeOrders") == "true"
	ro.calendar = get("includeCalendarEvents") == "true"
	ro.products = get("includeCaseProducts") == "true"
	return ro, ""
}

func (s *Server) handleCaseDetail(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ro, msg := detailOpts(q)
	if msg != "" {
		fail(w, 400, "Invalid case data", msg, "CASE_ERROR")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var fc *fakeCase
	switch {
	case q.Get("caseId") != "":
		fc = s.cases[q.Get("caseId")]
	case q.Get("email") != "":
		fc = s.latestFor(q.Get("email"), "")
	default:
		fail(w, 400, "Invalid case data", "caseId or email is required", "CASE_ERROR")
		return
	}
	if fc == nil {
		fail(w, 400, "Invalid case data", "No Case found for provided details!", "CASE_ERROR")
		return
	}
	succeed(w, map[string]any{"caseDetail": s.render(fc, ro)})
}

// latestFor returns the patient's newest case; the caller holds s.mu.
func (s *Server) latestFor(email, phone string) *fakeCase {
	var out *fakeCase
	for _, fc := range s.sortedCases() {
		if fc.c.Submitter != nil && strings.EqualFold(fc.c.Submitter.Email, email) && (phone == "" || fc.phone == phone) {
			out = fc
		}
	}
	return out
}

func (s *Server) handleLatestCaseID(w http.ResponseWriter, r *http.Request) {
	email := r.URL.Query().Get("email")
	if email == "" {
		fail(w, 400, "", "Email id not provided!", "")
		return
	}
	s.mu.Lock()
	fc := s.latestFor(email, r.URL.Query().Get("phoneNumber"))
	s.mu.Unlock()
	if fc == nil {
		fail(w, 400, "Invalid case data", "No Case found for provided details!", "CASE_ERROR")
		return
	}
	succeed(w, map[string]any{"case": map[string]string{"id": fc.c.ID}})
}

func (s *Server) handleAddForm(w http.ResponseWriter, r *http.Request) {
	var req carevalidate.AddFormRequest
	if !decodeBody(w, r, &req) {
		return
	}
	if msg := checkQuestions(req.Questions); msg != "" {
		fail(w, 400, "", msg, "")
		return
	}
	if req.FormTitle == "" && req.FormID == "" {
		fail(w, 400, "", "The 'formTitle' field is required", "")
		return
	}
	s.mu.Lock()
	fc := s.cases[req.CaseID]
	switch {
	case fc == nil:
		s.mu.Unlock()
		fail(w, 400, "", "Provided case is not valid", "")
		return
	case fc.c.IsArchived:
		s.mu.Unlock()
		fail(w, 400, "", "Case Form can't be Submitted.", "")
		return
	}
	fr := s.formResponse(req.FormTitle, req.FormID, req.Questions, personOf(fc.c.Submitter))
	fc.c.Responses = append(fc.c.Responses, fr)
	after := fr.Form.Name
	s.record(fc, carevalidate.EventAddFormResponse, nil, &after, personOf(fc.c.Submitter), nil, func(p *carevalidate.Payload) {
		p.Form = fr.Form
		if len(fr.Responses) > 0 {
			p.Response = &fr.Responses[0]
		}
	})
	id := fc.c.ID
	s.mu.Unlock()
	succeed(w, map[string]any{"data": map[string]any{"caseId": id, "formResponseId": fr.ID}})
}

// communication is the case action body.
type communication struct {
	Action        string `json:"action"`
	Communication *struct {
		Text          string `json:"text"`
		IsRestricted  bool   `json:"isRestricted"`
		WebhookNotify *bool  `json:"webhookNotify"`
		Author        struct {
			Email     string `json:"email"`
			FirstName string `json:"firstName"`
			LastName  string `json:"lastName"`
		} `json:"author"`
		Attachments []struct {
			FileName     string `json:"fileName"`
			Content      string `json:"content"`
			IsRestricted bool   `json:"isRestricted"`
			IsPHI        bool   `json:"isPHI"`
		} `json:"attachments"`
	} `json:"communication"`
}

func (s *Server) handleCaseAction(w http.ResponseWriter, r *http.Request) {
	var req communication
	if !decodeBody(w, r, &req) {
		return
	}
	if req.Action != "ADD_COMMUNICATION" {
		fail(w, 400, "", "Unsupported action", "")
		return
	}
	cm := req.Communication
	if cm == nil || cm.Text == "" || cm.Author.Email == "" {
		fail(w, 400, "", "The 'communication.text' and 'communication.author.email' fields are required", "")
		return
	}
	s.mu.Lock()
	fc := s.cases[r.PathValue("caseId")]
	if fc == nil {
		s.mu.Unlock()
		fail(w, 400, "", "Provided case is not valid", "")
		return
	}
	author := &carevalidate.Person{Email: cm.Author.Email, FirstName: cm.Author.FirstName, LastName: cm.Author.LastName}
	c := carevalidate.Comment{ID: newID(), Text: cm.Text, IsRestricted: cm.IsRestricted, CreatedAt: s.timestamp(),
		Author: &carevalidate.CommentAuthor{Email: cm.Author.Email, FirstName: cm.Author.FirstName, LastName: cm.Author.LastName, Role: carevalidate.RoleUser}}
	for _, a := range cm.Attachments {
		b, err := base64.StdEncoding.DecodeString(a.Content)
		if err != nil || a.FileName == "" {
			s.mu.Unlock()
			fail(w, 400, "", "The 'attachments' content must be base64", "")
			return
		}
		at := s.addFile(a.FileName, b, a.IsPHI, a.IsRestricted, author)
		c.Attachments = append(c.Attachments, at)
		fc.c.Attachments = append(fc.c.Attachments, at)
	}
	fc.c.Comments = append(fc.c.Comments, c)
	if cm.WebhookNotify == nil || *cm.WebhookNotify {
		s.record(fc, carevalidate.EventAddCaseComment, nil, nil, author, nil, func(p *carevalidate.Payload) {
			cc := c
			p.Comment = &cc
		})
	}
	s.mu.Unlock()
	succeed(w, map[string]any{"data": map[string]any{"id": c.ID}})
}

// addFile stores an attachment's bytes; the caller holds s.mu.
func (s *Server) addFile(name string, b []byte, phi, restricted bool, by *carevalidate.Person) carevalidate.Attachment {
	at := carevalidate.Attachment{ID: newID(), FileName: name, IsPHI: phi, IsRestricted: restricted, CreatedAt: s.timestamp(),
		UploadedBy: &carevalidate.Person{FirstName: by.FirstName, LastName: by.LastName}}
	s.files[at.ID] = b
	return at
}

// fileSig signs a file link until expires.
func (s *Server) fileSig(id string, expires int64) string {
	m := hmac.New(sha256.New, []byte("fake-file-signing:"+s.APIKey))
	fmt.Fprintf(m, "%s:%d", id, expires)
	return hex.EncodeToString(m.Sum(nil))
}

func (s *Server) fileURL(id string) string {
	exp := s.now().Add(15 * time.Minute).Unix()
	return fmt.Sprintf("%s/files/%s?expires=%d&signature=%s", s.URL, id, exp, s.fileSig(id, exp))
}

func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	exp, _ := strconv.ParseInt(r.URL.Query().Get("expires"), 10, 64)
	if !hmac.Equal([]byte(r.URL.Query().Get("signature")), []byte(s.fileSig(id, exp))) || s.now().Unix() > exp {
		http.Error(w, "link expired or invalid", http.StatusForbidden)
		return
	}
	s.mu.Lock()
	b, found := s.files[id]
	s.mu.Unlock()
	if !found {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	_, _ = w.Write(b)
}

func (s *Server) handlePaymentIntent(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Amount rxbridge.Number `json:"amount"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	if f, valid := req.Amount.Float64(); !valid || f <= 0 {
		fail(w, 400, "", "The 'amount' field must be a positive number", "")
		return
	}
	s.mu.Lock()
	s.payments++
	n := s.payments
	s.mu.Unlock()
	succeed(w, map[string]any{"message": "payment Intent initiated successfully",
		"data": map[string]string{"paymentIntentSecret": fmt.Sprintf("pi_fake%d_secret_%s", n, newID()[:8])}})
}

func (s *Server) handlePaymentSetup(w http.ResponseWriter, r *http.Request) {
	var req map[string]any
	if !decodeBody(w, r, &req) {
		return
	}
	s.mu.Lock()
	s.payments++
	id := fmt.Sprintf("seti_fake%d", s.payments)
	s.setups[id] = true
	s.mu.Unlock()
	writeJSON(w, 200, map[string]any{"success": true, "paymentSecret": id + "_secret_" + newID()[:8]})
}

func (s *Server) handleCompleteSetup(w http.ResponseWriter, r *http.Request) {
	var req carevalidate.CompletePaymentSetupRequest
	if !decodeBody(w, r, &req) {
		return
	}
	a := req.ShippingAddress
	if a.Line1 == "" || a.City == "" || a.State == "" || a.Country == "" || a.PostalCode == "" {
		fail(w, 400, "", "The 'shippingAddress' object is missing required fields", "")
		return
	}
	s.mu.Lock()
	known := s.setups[req.StripeSetupID]
	s.mu.Unlock()
	if !known {
		fail(w, 400, "", "Setup intent not found", "")
		return
	}
	succeed(w, nil)
}

// renderOpts says what a rendered case includes.
type renderOpts struct {
	// attachments: "" leaves them out; base64 or url renders them.
	attachments carevalidate.DocumentFormat
	orders      bool
	calendar    bool
	products    bool
	// basic renders "only event data" case information.
	basic bool
}

// render returns the wire form of a case; the caller holds s.mu. The
// result shares nothing mutable with the fake's state.
func (s *Server) render(fc *fakeCase, o renderOpts) *carevalidate.Case {
	src := &fc.c
	if o.basic {
		return &carevalidate.Case{ID: src.ID, Type: src.Type, Title: src.Title, Status: src.Status, ShortID: src.ShortID,
			CreatedAt: src.CreatedAt, UpdatedAt: src.UpdatedAt, AssignedAt: src.AssignedAt, InProgressAt: src.InProgressAt,
			ClosedAt: src.ClosedAt, IsArchived: src.IsArchived, IsEscalated: src.IsEscalated, IsImported: src.IsImported,
			ReferralCode: src.ReferralCode, ArchiveReason: src.ArchiveReason}
	}
	var c carevalidate.Case
	b, _ := json.Marshal(src)
	_ = json.Unmarshal(b, &c) // deep copy
	if o.attachments == "" {
		c.Attachments = nil
	} else {
		for i := range c.Attachments {
			s.renderAttachment(&c.Attachments[i], o.attachments)
		}
	}
	for i := range c.Comments {
		for j := range c.Comments[i].Attachments {
			s.renderAttachment(&c.Comments[i].Attachments[j], o.attachments)
		}
	}
	if o.orders {
		c.Orders = append([]carevalidate.Order{}, fc.orders...)
	}
	if o.calendar {
		c.CalendarEvents = []json.RawMessage{}
	}
	if o.products {
		c.CaseProducts = []json.RawMessage{}
	}
	return &c
}

func (s *Server) renderAttachment(a *carevalidate.Attachment, f carevalidate.DocumentFormat) {
	switch f {
	case carevalidate.DocumentURL:
		a.URL = s.fileURL(a.ID)
	case carevalidate.DocumentBase64:
		a.Content = base64.StdEncoding.EncodeToString(s.files[a.ID])
	}
}

// syntheticPDF is a tiny valid PDF used for prescription attachments.
var syntheticPDF = []byte("%PDF-1.3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
