package develophealthtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	dh "github.com/rxbridge/rxbridge-go/develophealth"
)

// paState is a prior authorization held by the fake.
type paState struct {
	pa       dh.PriorAuthorization
	mock     *dh.PriorAuthMockResult
	transfer bool // a transfer was attempted
}

func (s *Server) createPA(w http.ResponseWriter, r *http.Request) {
	var req dh.CreatePriorAuthRequest
	keys, ok := decodeBody(w, r, &req)
	if !ok {
		return
	}
	problems := missing(keys, "diagnoses", "patient", "provider")
	if req.Prescription == nil && (req.NDPSubmission == nil || req.NDPSubmission.PrescriptionMessageID == "") {
		problems = append(problems, [2]string{"prescription", "Field required unless ndp_submission.prescription_message_id is provided"})
	}
	if len(problems) > 0 {
		validation(w, problems)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if req.MockResult != nil && s.cfg.production {
		apiError(w, 400, "Mock Result Not Allowed", "mock_result may only be used by sandbox organizations.", dh.CodeMockResultNotAllowed, nil)
		return
	}
	if s.cfg.requireProvider && !s.providerSigned(req.Provider.NPI) {
		apiError(w, 400, "Provider Not Authorized", "The NPI provided is not authorized to submit requests.",
			string(dh.PriorAuthErrorCodeProviderNotAuthorized), nil)
		return
	}
	if rs := req.ResubmissionInfo; rs != nil && rs.PreviousPriorAuthRequestID != "" {
		if prev, ok := s.pas[rs.PreviousPriorAuthRequestID]; ok && !prev.pa.Status.IsTerminal() {
			apiError(w, 400, "Previous Request In Progress", "The previous prior authorization request is still in progress.",
				string(dh.PriorAuthErrorCodePreviousPARequestInProgress), nil)
			return
		}
	}
	if n := req.NDPSubmission; n != nil && n.PrescriptionMessageID != "" {
		if id, ok := s.linked[n.PrescriptionMessageID]; ok {
			if ex := s.pas[id]; ex != nil && ex.pa.Status != dh.PriorAuthRequestStatusCancelled &&
				!(ex.pa.Status.IsTerminal() && ex.pa.Outcome.Result != dh.OutcomeApproved) {
				apiError(w, 409, "Prescription Already Linked",
					"The prescription_message_id provided is already linked to a prior authorization request that is in progress or has already been completed as approved. The existing PA request must be cancelled before submitting a new request for the same prescription.",
					string(dh.PriorAuthErrorCodePrescriptionMessageAlreadyLinked), map[string]string{"existing_prior_auth_request_id": id})
				return
			}
		}
	}
	id := s.nextID("pa")
	st := &paState{mock: req.MockResult, pa: s.buildPA(id, &req)}
	s.pas[id] = st
	if n := req.NDPSubmission; n != nil && n.PrescriptionMessageID != "" {
		s.linked[n.PrescriptionMessageID] = id
	}
	s.emitPA(st, dh.EventPriorAuthStatusChange)
	if req.MockResult != nil && s.cfg.instantMock {
		for !st.pa.Status.IsTerminal() {
			s.stepPA(st)
		}
	} else {
		s.schedule(id)
	}
	success(w, 200, dh.CreatePriorAuthResponseData{ID: id})
}

// buildPA turns a create request into the GET representation.
func (s *Server) buildPA(id string, req *dh.CreatePriorAuthRequest) dh.PriorAuthorization {
	pa := dh.PriorAuthorization{
		ID: id, Object: "prior_authorization", URL: "https://platform.develophealth.ai/prior-authorizations/" + id,
		Status: dh.PriorAuthRequestStatusProcessing, Diagnoses: req.Diagnoses, Patient: req.Patient,
		Provider: req.Provider, Pharmacy: req.Pharmacy, Questionnaires: req.Questionnaires, VisitNotes: req.VisitNotes,
		NDPSubmission: req.NDPSubmission, ResubmissionInfo: req.ResubmissionInfo, MockResult: req.MockResult,
		IsAppeal: rxbridge.Ptr(req.AppealDetails != nil), PatientConsentRequired: rxbridge.Ptr(false),
		Outcome:     dh.Outcome{Result: dh.OutcomePending, Pending: &dh.PriorAuthSubmissionPendingOutcome{}},
		SubmittedBy: &dh.User{FirstName: "API", LastName: "User", Email: "api@example.com"},
	}
	if pa.Diagnoses == nil {
		pa.Diagnoses = []dh.Diagnosis{}
	}
	for i, e := range req.Evidence {
		re := dh.ResponseEvidenceItem{Content: e.Content, DateCreated: e.DateCreated, Title: e.Title}
		if e.Asset != nil {
			re.Asset = &dh.AssetResponse{URL: fmt.Sprintf("https://files.develophealth.test/%s/evidence/%d.pdf", id, i), FileType: dh.DocTypeApplicationPDF}
		}
		pa.Evidence = append(pa.Evidence, re)
	}
	pa.Insurance = insuranceInfo(id, req.Insurance, req.InsuranceContent)
	if p := req.Prescription; p != nil {
		switch {
		case p.Named != nil:
			named := *p.Named
			pa.Prescription = &named
		case p.Coded != nil:
			pa.Prescription = &dh.Prescription{DaysSupply: p.Coded.DaysSupply, Quantity: p.Coded.Quantity,
				Directions: p.Coded.Directions, DrugName: "NDC " + p.Coded.NDC, Extra: p.Coded.Extra,
				ExpectedLengthOfTherapy: p.Coded.ExpectedLengthOfTherapy, PrescriptionDate: p.Coded.PrescriptionDate}
		}
	}
	if req.TriggerBenefitVerification != nil && req.TriggerBenefitVerification.Enabled {
		pa.TriggeredBenefitVerificationID = s.nextID("bv")
	}
	return pa
}

// insuranceInfo is the fake OCR: synthetic card values, overridden by the
// discrete content sent.
func insuranceInfo(id string, docs []dh.InsuranceDocument, content *dh.PartialInsuranceInfo) []dh.InsuranceDocumentInfo {
	out := []dh.InsuranceDocumentInfo{}
	var discrete dh.PartialInsuranceInfo
	if content != nil {
		discrete = *content
	}
	for i := range docs {
		scanned := dh.ScannedContent{ClientName: "Company", GroupNumber: "12345678", MemberName: "Card Holder",
			MemberNumber: "M00000001", PayerName: "Example Payer", PlanName: "Plus Plan", RxBIN: "123456", RxGroup: "ADV", RxPCN: "FAC"}
		if i > 0 {
			scanned = dh.ScannedContent{Error: "Unable to extract information from card"}
		}
		out = append(out, dh.InsuranceDocumentInfo{ScannedContent: scanned, DiscreteContent: discrete,
			URL: fmt.Sprintf("https://files.develophealth.test/%s/insurance/%d", id, i)})
	}
	if len(docs) == 0 && content != nil {
		out = append(out, dh.InsuranceDocumentInfo{DiscreteContent: discrete})
	}
	return out
}

// stepPA moves a prior authorization one step. Caller holds s.mu.
func (s *Server) stepPA(st *paState) {
	now := s.now()
	pa := &st.pa
	switch pa.Status {
	case dh.PriorAuthRequestStatusProcessing, dh.PriorAuthRequestStatusAwaitingReview,
		dh.PriorAuthRequestStatusAwaitingProviderResponse:
		if st.mock != nil && st.mock.NotSubmitted != nil {
			s.finishPA(st)
			return
		}
		pa.Status = dh.PriorAuthRequestStatusAwaitingOutcome
		pa.ActivityLog = append(pa.ActivityLog, dh.ActivityLogItem{
			ID: fmt.Sprintf("sent_fax__%s_%d", pa.ID, len(pa.ActivityLog)), CreatedAt: localTime(now),
			Type: dh.ActivityLogSentFax, Fax: &dh.PriorAuthActivityLogFaxDetails{URL: "https://files.develophealth.test/" + pa.ID + "/fax/sent"},
		})
		s.emitPA(st, dh.EventPriorAuthStatusChange)
		if s.cfg.activityEvents {
			s.emitPA(st, dh.EventPriorAuthActivityLogUpdated)
		}
	case dh.PriorAuthRequestStatusAwaitingOutcome, dh.PriorAuthRequestStatusValidatingOutcome:
		s.finishPA(st)
	}
}

// finishPA gives a prior authorization its outcome. Caller holds s.mu.
func (s *Server) finishPA(st *paState) {
	now := s.now()
	pa := &st.pa
	m := st.mock
	if m == nil || m.IsZero() || !m.Result().Known() {
		m = dh.MockApproved(dh.PriorAuthOutcomeApprovalDetailApproval)
	}
	pa.Status = dh.PriorAuthRequestStatusCompleted
	switch {
	case m.Approved != nil:
		code := m.Approved.DetailCode
		if code == "" {
			code = dh.PriorAuthOutcomeApprovalDetailApproval
		}
		start := rxbridge.NewDate(now.Year(), now.Month(), now.Day())
		end := rxbridge.NewDate(now.Year()+1, now.Month(), now.Day())
		pa.Outcome = dh.Outcome{Result: dh.OutcomeApproved, Approved: &dh.PriorAuthSubmissionApprovalOutcome{
			Detail: "Prior authorization approved", Result: dh.OutcomeApproved, DetailCode: code,
			AuthorizationStartDate: &start, AuthorizationExpiration: &end}}
	case m.Denied != nil:
		code := m.Denied.DetailCode
		if code == "" {
			code = dh.PriorAuthOutcomeDenialDetailMedicalNecessityCriteriaNotMet
		}
		pa.Outcome = dh.Outcome{Result: dh.OutcomeDenied, Denied: &dh.PriorAuthSubmissionDenialOutcome{
			Detail: humanize(string(code)), Result: dh.OutcomeDenied, DetailCode: code, ClientCode: m.Denied.ClientCode}}
		pa.DenialReasonAnalysis = &dh.DenialReasonAnalysis{
			Categories:           []string{humanize(string(code))},
			Explanation:          "The health plan denied the request: " + strings.ToLower(humanize(string(code))) + ".",
			NextSteps:            "Discuss with Provider",
			NextStepsExplanation: "Review the plan's criteria with the prescriber and consider an appeal or an alternative.",
		}
	case m.Other != nil:
		code := m.Other.DetailCode
		if code == "" {
			code = dh.PriorAuthOutcomeOtherDetailPublicOther
		}
		pa.Outcome = dh.Outcome{Result: dh.OutcomeOther, Other: &dh.PriorAuthSubmissionOtherOutcome{
			Detail: humanize(string(code)), Result: dh.OutcomeOther, DetailCode: code}}
	case m.NotSubmitted != nil:
		code := m.NotSubmitted.DetailCode
		if code == "" {
			code = dh.PriorAuthOutcomeNotSubmittedDetailEligibilityCheckError
		}
		pa.Status = dh.PriorAuthRequestStatusNotSubmitted
		pa.Outcome = dh.Outcome{Result: dh.OutcomeNotSubmitted, NotSubmitted: &dh.PriorAuthSubmissionNotSubmittedOutcome{
			Detail: humanize(string(code)), Result: dh.OutcomeNotSubmitted, DetailCode: code}}
		if code == dh.PriorAuthOutcomeNotSubmittedDetailEligibilityCheckError {
			pa.EligibilityCheckResponse = []dh.EligibilityCheckResponseItem{{Error: &dh.EligibilityCheckResponseErrorItem{
				ErrorCode: dh.EligibilityCheckErrorCodeSubscriberInsuredNotFound, ErrorMessage: "Subscriber/Insured Not Found",
				ActionCode: dh.EligibilityCheckActionCodeResubmissionNotAllowed}}}
		}
	}
	if pa.Status == dh.PriorAuthRequestStatusCompleted {
		pa.ReviewedBy = &dh.User{FirstName: "Review", LastName: "Team", Email: "review@example.com"}
		pa.ActivityLog = append(pa.ActivityLog, dh.ActivityLogItem{
			ID: fmt.Sprintf("rec_fax__%s_%d", pa.ID, len(pa.ActivityLog)), CreatedAt: localTime(now),
			Type: dh.ActivityLogReceivedFax, Fax: &dh.PriorAuthActivityLogFaxDetails{URL: "https://files.develophealth.test/" + pa.ID + "/fax/received"},
		})
	}
	s.emitPA(st, dh.EventPriorAuthStatusChange)
	if s.cfg.activityEvents {
		s.emitPA(st, dh.EventPriorAuthActivityLogUpdated)
	}
	if m.Approved != nil && pa.NDPSubmission != nil && pa.NDPSubmission.PreferredPharmacyNCPDPID != "" {
		st.transfer = true
		t := &dh.PrescriptionTransfer{Status: dh.PrescriptionTransferStatusCompleted, Confirmed: rxbridge.Ptr(true),
			TransferAttempts: []dh.PrescriptionTransferAttempt{{Timestamp: localTime(now), PharmacyNCPDPID: pa.NDPSubmission.PreferredPharmacyNCPDPID}},
			ConfirmationAttempts: []dh.PrescriptionTransferConfirmationAttempt{{Timestamp: localTime(now),
				Outcome: dh.PrescriptionTransferConfirmationAttemptOutcomeSuccess}}}
		if code := m.Approved.PrescriptionTransferErrorCode; code != "" {
			t = &dh.PrescriptionTransfer{Status: dh.PrescriptionTransferStatusError, Confirmed: rxbridge.Ptr(false), ErrorCode: code,
				TransferAttempts: []dh.PrescriptionTransferAttempt{{Timestamp: localTime(now), PharmacyNCPDPID: pa.NDPSubmission.PreferredPharmacyNCPDPID}}}
		}
		pa.PrescriptionTransfer = t
		s.emitPA(st, dh.EventPriorAuthPrescriptionTransferChange)
	}
	if m.Other != nil && m.Other.TriggerMessage != nil && *m.Other.TriggerMessage {
		s.addMessage(st, "Develop Health", "Please confirm the patient's current coverage.", dh.MessageReceived)
	}
}

// addMessage appends to the thread and sends the message event. Caller
// holds s.mu.
func (s *Server) addMessage(st *paState, from, content string, dir dh.MessageDirection) {
	if st.pa.MessageThread == nil {
		st.pa.MessageThread = &dh.PlatformMessageThread{Messages: []dh.PlatformMessage{}}
	}
	th := st.pa.MessageThread
	th.Messages = append(th.Messages, dh.PlatformMessage{ID: fmt.Sprintf("msg_%s_%d", st.pa.ID, len(th.Messages)+1),
		Timestamp: localTime(s.now()), Content: content, SentByName: from, Direction: dir})
	th.IsResolved = false
	s.emitPA(st, dh.EventPriorAuthMessage)
}

func humanize(code string) string {
	words := strings.Split(code, "_")
	for i, w := range words {
		if i == 0 && w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

func (s *Server) getPA(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.pas[r.PathValue("id")]
	if !ok {
		detail(w, 404, "Prior Authorization Request does not exist.")
		return
	}
	success(w, 200, st.pa)
}

func (s *Server) cancelPA(w http.ResponseWriter, r *http.Request) {
	var req dh.CancelPriorAuthRequest
	keys, ok := decodeBody(w, r, &req)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.pas[r.PathValue("id")]
	if !ok {
		detail(w, 404, "Prior Authorization Request does not exist.")
		return
	}
	if p := missing(keys, "cancellation_reason"); len(p) > 0 || req.CancellationReason == "" {
		validation(w, [][2]string{{"cancellation_reason", "Field required"}})
		return
	}
	if st.pa.Status.IsTerminal() {
		detail(w, 400, "Cannot cancel a prior authorization request with status: "+strings.ToUpper(string(st.pa.Status)))
		return
	}
	st.pa.Status = dh.PriorAuthRequestStatusCancelled
	s.stopTimer(st.pa.ID)
	s.emitPA(st, dh.EventPriorAuthStatusChange)
	writeJSON(w, 200, map[string]any{"status": "success", "error": nil, "data": nil})
}

func (s *Server) feedbackPA(w http.ResponseWriter, r *http.Request) {
	var req dh.PriorAuthFeedbackRequest
	keys, ok := decodeBody(w, r, &req)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.PathValue("id")
	if _, ok := s.pas[id]; !ok {
		detail(w, 404, "Prior Authorization Request does not exist.")
		return
	}
	if p := missing(keys, "category", "message"); len(p) > 0 {
		validation(w, p)
		return
	}
	s.feedback[id] = append(s.feedback[id], req)
	writeJSON(w, 201, map[string]any{"status": "success", "error": nil, "data": nil})
}

func (s *Server) updateNDP(w http.ResponseWriter, r *http.Request) {
	var req dh.UpdateNDPSubmissionRequest
	if _, ok := decodeBody(w, r, &req); !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.pas[r.PathValue("id")]
	if !ok {
		detail(w, 404, "Prior Authorization Request does not exist.")
		return
	}
	switch {
	case st.pa.Status.IsTerminal():
		detail(w, 400, "Cannot update preferred pharmacy for a prior authorization request with status: "+strings.ToUpper(string(st.pa.Status)))
		return
	case st.pa.NDPSubmission == nil:
		detail(w, 400, "Prior authorization request has no NDP submission")
		return
	case st.transfer:
		detail(w, 400, "Cannot update preferred pharmacy after a transfer attempt")
		return
	}
	n := *st.pa.NDPSubmission
	n.PreferredPharmacyNCPDPID = req.PreferredPharmacyNCPDPID
	st.pa.NDPSubmission = &n
	success(w, 200, dh.UpdateNDPSubmissionResponseData{PreferredPharmacyNCPDPID: n.PreferredPharmacyNCPDPID})
}

func (s *Server) cancelTransfer(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.pas[r.PathValue("id")]
	if !ok {
		detail(w, 404, "Prior Authorization Request does not exist.")
		return
	}
	t := st.pa.PrescriptionTransfer
	switch {
	case st.pa.NDPSubmission == nil:
		detail(w, 400, "Prior authorization request has no NDP submission")
		return
	case t != nil && t.Status != dh.PrescriptionTransferStatusInProgress && t.Status != dh.PrescriptionTransferStatusAwaitingProviderResponse:
		detail(w, 400, "Cannot cancel prescription transfer due to "+string(t.Status)+" status")
		return
	}
	if t == nil {
		t = &dh.PrescriptionTransfer{}
		st.pa.PrescriptionTransfer = t
	}
	t.Status = dh.PrescriptionTransferStatusCancelled
	st.transfer = true
	s.emitPA(st, dh.EventPriorAuthPrescriptionTransferChange)
	writeJSON(w, 200, map[string]any{"status": "success", "error": nil, "data": nil})
}

// --- control API for tests

// Advance moves a prior authorization, benefit verification or clinical
// qualification one step and returns its new status.
func (s *Server) Advance(id string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.advance(id)
}

func (s *Server) advance(id string) (string, error) {
	if st, ok := s.pas[id]; ok {
		s.stepPA(st)
		return string(st.pa.Status), nil
	}
	if st, ok := s.bvs[id]; ok {
		s.stepBV(st)
		return string(st.bv.Status), nil
	}
	if st, ok := s.cqs[id]; ok {
		s.stepCQ(st)
		return "completed", nil
	}
	return "", fmt.Errorf("develophealthtest: no request %q", id)
}

// Complete advances a request until it is terminal.
func (s *Server) Complete(id string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range 10 {
		status, err := s.advance(id)
		if err != nil {
			return "", err
		}
		switch status {
		case "completed", "failed", "cancelled", "not_submitted":
			s.stopTimer(id)
			return status, nil
		}
	}
	return "", fmt.Errorf("develophealthtest: %q did not complete", id)
}

// SetPriorAuthStatus forces a status (for transitions such as
// validating_outcome → awaiting_outcome) and sends the status event.
func (s *Server) SetPriorAuthStatus(id string, status dh.PriorAuthRequestStatus) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.pas[id]
	if !ok {
		return fmt.Errorf("develophealthtest: no prior authorization %q", id)
	}
	st.pa.Status = status
	s.emitPA(st, dh.EventPriorAuthStatusChange)
	return nil
}

// AddMessage adds a received message to a prior authorization's thread
// and sends the prior_authorization.message event.
func (s *Server) AddMessage(id, content string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.pas[id]
	if !ok {
		return fmt.Errorf("develophealthtest: no prior authorization %q", id)
	}
	s.addMessage(st, "Develop Health", content, dh.MessageReceived)
	return nil
}

// PriorAuthorization returns a copy of a prior authorization's state.
func (s *Server) PriorAuthorization(id string) (*dh.PriorAuthorization, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.pas[id]
	if !ok {
		return nil, false
	}
	return clone(&st.pa), true
}

// PriorAuthorizationIDs returns the ids of every prior authorization.
func (s *Server) PriorAuthorizationIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.pas))
	for id := range s.pas {
		ids = append(ids, id)
	}
	return ids
}

// Feedback returns the feedback recorded for a prior authorization.
func (s *Server) Feedback(id string) []dh.PriorAuthFeedbackRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]dh.PriorAuthFeedbackRequest(nil), s.feedback[id]...)
}

// clone deep-copies through JSON (the wire format is the truth).
func clone[T any](v *T) *T {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	out := new(T)
	if json.Unmarshal(b, out) != nil {
		return nil
	}
	return out
}

// schedule arms the auto-advance timer of a request. Caller holds s.mu.
func (s *Server) schedule(id string) {
	if s.cfg.step <= 0 || s.closed {
		return
	}
	s.stopTimer(id)
	s.timers[id] = time.AfterFunc(s.cfg.step, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.closed {
			return
		}
		status, err := s.advance(id)
		if err != nil {
			return
		}
		switch status {
		case "completed", "failed", "cancelled", "not_submitted":
			delete(s.timers, id)
			return
		}
		s.schedule(id)
	})
}

func (s *Server) stopTimer(id string) {
	if t, ok := s.timers[id]; ok {
		t.Stop()
		delete(s.timers, id)
	}
}
