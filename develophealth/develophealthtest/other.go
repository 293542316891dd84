package develophealthtest

import (
	"net/http"
	"strings"

	rxbridge "github.com/rxbridge/rxbridge-go"
	dh "github.com/rxbridge/rxbridge-go/develophealth"
)

// bvState is a benefit verification held by the fake.
type bvState struct {
	bv   dh.BenefitVerification
	mock *dh.MockResult
}

func (s *Server) createBV(w http.ResponseWriter, r *http.Request) {
	var req dh.CreateBenefitVerificationRequest
	keys, ok := decodeBody(w, r, &req)
	if !ok {
		return
	}
	problems := missing(keys, "drugs", "patient", "provider")
	if n := len(req.Drugs.Coded) + len(req.Drugs.Named); len(problems) == 0 && (n < 1 || n > 7) {
		problems = append(problems, [2]string{"drugs", "List should have at least 1 item and at most 7 items"})
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
	id := s.nextID("bv")
	prio := dh.PriorityLow
	if req.Priority != nil {
		prio = *req.Priority
	}
	bv := dh.BenefitVerification{
		ID: id, Object: "benefit_verification", Status: dh.BenefitVerificationStatusPending,
		StatusDescription: "The verification is in progress", ReviewStatus: dh.ReviewStatusNotReviewed,
		DrugHistory: req.DrugHistory, Diagnoses: req.Diagnoses, Patient: req.Patient, Provider: req.Provider,
		Entity: req.Entity, Insurance: insuranceInfo(id, req.Insurance, req.InsuranceContent),
		PatientCoverageStatus: dh.PatientCoverageStatusUnknown, VerificationMethods: []dh.BenefitVerificationMethodInfo{},
		MockResult: req.MockResult, PatientPlanFundSource: dh.PatientPlanFundSourceQuestionNotAsked,
		PatientCoverageType: dh.PatientCoverageTypeQuestionNotAsked, Priority: prio, Replaces: req.Replaces,
	}
	for _, d := range req.Drugs.Named {
		bv.Drugs = append(bv.Drugs, dh.DrugCoverageInfo{Name: d.Name, Dosage: d.Dosage, Quantity: d.Quantity})
	}
	for _, d := range req.Drugs.Coded {
		bv.Drugs = append(bv.Drugs, dh.DrugCoverageInfo{Name: "NDC " + d.NDC, Dosage: "", Quantity: float64(d.Quantity), NDC: d.NDC})
	}
	if req.Replaces != "" {
		if old, ok := s.bvs[req.Replaces]; ok {
			old.bv.ReplacedBy = id
		}
	}
	st := &bvState{bv: bv, mock: req.MockResult}
	s.bvs[id] = st
	if req.MockResult != nil && s.cfg.instantMock {
		s.stepBV(st)
	} else {
		s.schedule(id)
	}
	success(w, 200, dh.CreateBenefitVerificationResponseData{ID: id})
}

// stepBV completes a pending verification per its mock result. Caller
// holds s.mu.
func (s *Server) stepBV(st *bvState) {
	bv := &st.bv
	if bv.Status != dh.BenefitVerificationStatusPending {
		return
	}
	m := st.mock
	if m == nil {
		m = &dh.MockResult{Status: dh.MockResultStatusCompleted, Case: dh.MockResultCaseDrugsCoveredPriorAuthRequiredHasCopay}
	}
	bv.VerificationMethods = []dh.BenefitVerificationMethodInfo{{ID: "bva_" + bv.ID, Type: "ai_call",
		Transcript: "Call transcript", RecordingURL: "https://files.develophealth.test/" + bv.ID + "/recording"}}
	if m.Status == dh.MockResultStatusFailed {
		bv.Status = dh.BenefitVerificationStatusFailed
		bv.StatusDescription = "The verification failed"
		bv.Error = &dh.FailureDetails{Title: "Patient Consent Required", Code: dh.ClientErrorCodePatientConsentRequired,
			DetailCode: dh.FailureDetailCodePatientConsentRequired, Message: "The payer requires the patient's consent."}
		s.emitBV(st)
		return
	}
	bv.Status = dh.BenefitVerificationStatusCompleted
	bv.StatusDescription = "The verification was successful"
	bv.PatientCoverageStatus = dh.PatientCoverageStatusCovered
	bv.PharmacyBenefitManagerName = "Example PBM"
	c := string(m.Case)
	for i := range bv.Drugs {
		d := &bv.Drugs[i]
		d.CoverageDetailCode = dh.CoverageDetailCodeInsurerReportedValue
		d.DeterminationDetails = &dh.DrugCoverageDeterminationDetails{IsOnFormulary: rxbridge.Ptr(true)}
		switch {
		case strings.HasPrefix(c, "drugs_not_covered"):
			d.Coverage = dh.DrugCoverageNotCovered
			d.PriorAuthorizationRequired = dh.DrugPriorAuthorizationRequirementNotApplicable
			d.DeterminationDetails.IsOnFormulary = rxbridge.Ptr(false)
		default:
			d.Coverage = dh.DrugCoverageCovered
			d.PriorAuthorizationRequired = dh.DrugPriorAuthorizationRequirementYes
			if strings.Contains(c, "prior_auth_not_required") {
				d.PriorAuthorizationRequired = dh.DrugPriorAuthorizationRequirementNo
			}
		}
		if strings.HasSuffix(c, "has_copay") {
			d.Copay = "$30 for 28 days supply"
			d.CopayOptions = []dh.CopayOption{{AmountCents: rxbridge.Ptr(int64(3000)), SupplyDurationDays: rxbridge.Ptr(28)}}
		}
		if strings.HasPrefix(c, "reverification") {
			d.HasActivePriorAuth = rxbridge.Ptr(c == string(dh.MockResultCaseReverificationExistingPA))
		}
	}
	s.emitBV(st)
}

func (s *Server) getBV(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.bvs[r.PathValue("id")]
	if !ok {
		detail(w, 404, "Benefit Verification does not exist.")
		return
	}
	success(w, 200, st.bv)
}

func (s *Server) cancelBV(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.bvs[r.PathValue("id")]
	if !ok {
		detail(w, 404, "Benefit Verification does not exist.")
		return
	}
	if st.bv.Status != dh.BenefitVerificationStatusCancelled {
		if st.bv.Status.IsTerminal() {
			detail(w, 400, "Cannot cancel a benefit verification with status: "+strings.ToUpper(string(st.bv.Status)))
			return
		}
		st.bv.Status = dh.BenefitVerificationStatusCancelled
		s.stopTimer(st.bv.ID)
	}
	w.WriteHeader(http.StatusNoContent)
}

// BenefitVerification returns a copy of a benefit verification's state.
func (s *Server) BenefitVerification(id string) (*dh.BenefitVerification, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.bvs[id]
	if !ok {
		return nil, false
	}
	return clone(&st.bv), true
}

// cqState is a clinical qualification held by the fake.
type cqState struct{ cq dh.ClinicalQualification }

func (s *Server) createCQ(w http.ResponseWriter, r *http.Request) {
	var req dh.CreateClinicalQualificationRequest
	keys, ok := decodeBody(w, r, &req)
	if !ok {
		return
	}
	if p := missing(keys, "diagnoses", "patient", "insurance", "drugs", "provider"); len(p) > 0 {
		validation(w, p)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextID("cq")
	cq := dh.ClinicalQualification{ID: id, Object: "clinical_qualification", Diagnoses: req.Diagnoses,
		Patient: req.Patient, Insurance: insuranceInfo(id, req.Insurance, nil), Drugs: req.Drugs, Provider: req.Provider,
		Questionnaires: req.Questionnaires, VisitNotes: req.VisitNotes, Results: []dh.ClinicalQualificationResult{}}
	for _, e := range req.Evidence {
		cq.Evidence = append(cq.Evidence, dh.ResponseEvidenceItem{Content: e.Content, DateCreated: e.DateCreated, Title: e.Title})
	}
	for _, d := range req.Drugs {
		cq.Results = append(cq.Results, dh.ClinicalQualificationResult{Drug: d, Status: dh.ClinicalQualificationResultStatusPending,
			UnqualifiedReasons: []dh.UnqualifiedReason{}})
	}
	s.cqs[id] = &cqState{cq: cq}
	s.schedule(id)
	success(w, 200, dh.CreateClinicalQualificationResponseData{ID: id})
}

// stepCQ qualifies every pending drug. Caller holds s.mu.
func (s *Server) stepCQ(st *cqState) {
	for i := range st.cq.Results {
		if st.cq.Results[i].Status == dh.ClinicalQualificationResultStatusPending {
			st.cq.Results[i].Status = dh.ClinicalQualificationResultStatusQualified
		}
	}
}

func (s *Server) getCQ(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.cqs[r.PathValue("id")]
	if !ok {
		detail(w, 404, "Clinical Qualification does not exist.")
		return
	}
	success(w, 200, st.cq)
}

// --- providers

func (s *Server) authorizeProvider(w http.ResponseWriter, r *http.Request) {
	var req dh.AuthorizeProviderRequest
	keys, ok := decodeBody(w, r, &req)
	if !ok {
		return
	}
	if p := missing(keys, "npi", "first_name", "last_name"); len(p) > 0 {
		validation(w, p)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.providers {
		if p.NPI == req.NPI || (req.Email != "" && strings.EqualFold(p.Email, req.Email)) {
			apiError(w, 400, "Provider Authorization Already Initiated",
				"Authorization has already been initiated for a provider with this NPI or email",
				dh.CodeProviderAuthorizationAlreadyInitiated, nil)
			return
		}
	}
	s.providers = append(s.providers, &dh.AuthorizedProvider{NPI: req.NPI, FirstName: req.FirstName, LastName: req.LastName,
		Email: req.Email, FaxNumber: req.FaxNumber, PhoneNumber: req.PhoneNumber, Address: req.Address})
	writeJSON(w, 200, map[string]any{"status": "success", "error": nil, "data": nil})
}

// SignProvider marks an authorized provider as having signed the form.
func (s *Server) SignProvider(npi string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.providers {
		if p.NPI == npi {
			t := localTime(s.now())
			p.SignedAt = &t
			return true
		}
	}
	return false
}

// providerSigned reports an authorized, signed NPI. Caller holds s.mu.
func (s *Server) providerSigned(npi string) bool {
	for _, p := range s.providers {
		if p.NPI == npi && !p.Pending() {
			return true
		}
	}
	return false
}

func (s *Server) listProviders(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]dh.AuthorizedProvider, 0, len(s.providers))
	for _, p := range s.providers {
		out = append(out, *p)
	}
	success(w, 200, out)
}

// NotFoundNPI is an NPI the fake's registry never knows.
const NotFoundNPI = "0000000000"

func (s *Server) lookupProvider(w http.ResponseWriter, r *http.Request) {
	var req dh.ProviderLookupRequest
	if _, ok := decodeBody(w, r, &req); !ok {
		return
	}
	if req.NPI == "" && req.LastName == "" {
		validation(w, [][2]string{{"npi", "Either npi or last_name must be provided"}})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	identity := func(p *dh.AuthorizedProvider) dh.ProviderIdentity {
		id := dh.ProviderIdentity{NPI: p.NPI, FirstName: p.FirstName, LastName: p.LastName, Status: "A", Credential: "MD"}
		if p.Address != nil {
			a := *p.Address
			id.PracticeAddress = &a
			id.Addresses = []dh.PracticeLocation{{Address: a, Phone: p.PhoneNumber, Fax: p.FaxNumber}}
		}
		return id
	}
	if req.NPI != "" {
		if req.NPI == NotFoundNPI {
			success(w, 200, dh.ProviderLookupResponse{Status: dh.ProviderLookupStatusNotFound})
			return
		}
		for _, p := range s.providers {
			if p.NPI == req.NPI {
				id := identity(p)
				success(w, 200, dh.ProviderLookupResponse{Status: dh.ProviderLookupStatusActive, Individual: &id, Candidates: []dh.ProviderIdentity{}})
				return
			}
		}
		// Like a sandbox organization: a mock active identity.
		first, last := req.FirstName, req.LastName
		if last == "" {
			first, last = "Sandbox", "Provider"
		}
		id := dh.ProviderIdentity{NPI: req.NPI, FirstName: first, LastName: last, Status: "A"}
		success(w, 200, dh.ProviderLookupResponse{Status: dh.ProviderLookupStatusActive, Individual: &id, Candidates: []dh.ProviderIdentity{}})
		return
	}
	out := []dh.ProviderIdentity{}
	for _, p := range s.providers {
		if !strings.EqualFold(p.LastName, req.LastName) || req.FirstName != "" && !strings.EqualFold(p.FirstName, req.FirstName) {
			continue
		}
		if req.State != "" && (p.Address == nil || !strings.EqualFold(p.Address.StateProvince, req.State)) {
			continue
		}
		out = append(out, identity(p))
	}
	success(w, 200, dh.ProviderLookupResponse{Status: dh.ProviderLookupStatusSearchResults, Candidates: out})
}
