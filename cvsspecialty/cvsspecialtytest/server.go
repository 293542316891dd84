// Package cvsspecialtytest is an in-process fake of the CVS Specialty
// Patient Enrollment API, for your tests and the examples: the OAuth token
// endpoint (HTTP Basic client credentials), intake and status, with the
// spec's wire format and status codes.
//
// It keeps state: each accepted referral starts "Pending" and moves
// through a lifecycle (WithLifecycle) over time (WithProgression) or on
// command (Advance, SetStatus). Status answers rows in an order of its own
// (sorted by transactionId), never the request's, and answers unknown ids
// as WithUnknownIDs says.
//
// Faults: Faults (an *rxbridgetest.Injector) applies to every request;
// TokenFaults, IntakeFaults and StatusFaults to one route each; and
// helpers script the ones every fake names alike: Unavailable (503 bursts
// with CVS's own error body) and LoseAnswers (the referral is created,
// then the connection is reset before the answer), RevokeCredentials
// (every token issued so far is refused; the fakes that issue credentials
// name it alike); and the CVS-specific RejectCredentials (401/1001 for the
// next n requests although their token is valid).
//
//	srv := cvsspecialtytest.NewServer()
//	defer srv.Close()
//	c, _ := srv.NewClient()                // a client pointed at the fake
//	res, _ := c.Submit(ctx, cvsspecialtytest.SampleReferral())
//	srv.Advance(res.TransactionID)        // Pending -> Processing
package cvsspecialtytest

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"
)

// Credentials the fake accepts unless WithCredentials says otherwise.
// They are synthetic.
const (
	ClientID     = "rxbridge-fake-client-id"
	ClientSecret = "rxbridge-fake-client-secret"
)

// Routes (under the server's URL and any WithPathPrefix).
const (
	TokenPath  = "/oauth2/v1/token"
	IntakePath = "/specialty/patient/referral/v1/intake"
	StatusPath = "/specialty/patient/referral/v1/status"
)

// DefaultLifecycle is the statuses a referral moves through. Only
// "Pending" is in the spec; the others are the fake's.
var DefaultLifecycle = []string{"Pending", "Processing", "Shipped"}

// UnknownIDs says how status answers an id it does not know.
type UnknownIDs int

const (
	// UnknownOmit leaves unknown ids out of referralStatus (the default).
	UnknownOmit UnknownIDs = iota
	// UnknownRow answers a row with status "Not Found".
	UnknownRow
	// UnknownError answers the whole request 404 with statusCode 5013.
	UnknownError
)

// Option configures a Server.
type Option func(*Server)

// WithCredentials sets the client id and secret the token endpoint
// accepts (compared as sent, without URL-decoding, as API gateways do).
func WithCredentials(id, secret string) Option {
	return func(s *Server) { s.clientID, s.clientSecret = id, secret }
}

// WithTokenTTL sets the tokens' lifetime and expires_in (default 1h). With
// 0, tokens never expire at the fake and expires_in is left out.
func WithTokenTTL(d time.Duration) Option { return func(s *Server) { s.tokenTTL = d } }

// WithLifecycle sets the statuses a referral moves through; the first is
// where it starts.
func WithLifecycle(states ...string) Option {
	return func(s *Server) {
		if len(states) > 0 {
			s.lifecycle = append([]string(nil), states...)
		}
	}
}

// WithProgression moves every referral one status along its lifecycle
// each time d passes (0, the default: only on command).
func WithProgression(d time.Duration) Option { return func(s *Server) { s.every = d } }

// WithProgressionPerPoll moves a referral one status along its lifecycle
// after every n status answers that include it (0, the default: only on
// command or with WithProgression). With n = 2 the first two answers give
// the first status and the third gives the next. Unlike WithProgression,
// the pace does not depend on the clock, so a program or test that polls
// sees every status, however busy the machine.
func WithProgressionPerPoll(n int) Option { return func(s *Server) { s.everyPolls = max(n, 0) } }

// WithUnknownIDs sets how status answers unknown ids.
func WithUnknownIDs(m UnknownIDs) Option { return func(s *Server) { s.unknown = m } }

// WithIssuedIDs makes intake answer a transactionId of the fake's own (an
// opaque, "encrypted" id) instead of echoing the one sent.
func WithIssuedIDs() Option { return func(s *Server) { s.issueIDs = true } }

// WithMaxStatusIDs makes status refuse (400, 5004) requests with more
// than n ids.
func WithMaxStatusIDs(n int) Option { return func(s *Server) { s.maxIDs = n } }

// WithPathPrefix serves the routes under a gateway prefix ("/gw"); URL
// includes it.
func WithPathPrefix(p string) Option {
	return func(s *Server) { s.prefix = "/" + strings.Trim(p, "/") }
}

// WithClock sets the fake's clock (token expiry and progression).
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// Referral is what the fake holds about one accepted referral.
type Referral struct {
	// TransactionID is the id intake answered (the one to ask status for).
	TransactionID string
	// SentTransactionID is the transactionId the request carried.
	SentTransactionID string
	Status            string
	Reason            string
	SubmittedAt       time.Time
	// MockMode reports the request carried x-mock: Y.
	MockMode bool
	// Request is the decoded intake body.
	Request cvsspecialty.Referral
}

type record struct {
	Referral
	seq    int
	stage  int
	since  time.Time
	custom bool
	polls  int // status answers that included it, for WithProgressionPerPoll
}

// Server is the fake. Its URL is the base URL to give a client.
type Server struct {
	// Faults applies faults to every request (token, intake, status), and
	// records them all.
	Faults *rxbridgetest.Injector
	// TokenFaults, IntakeFaults and StatusFaults apply to one route each,
	// and record that route's requests.
	TokenFaults, IntakeFaults, StatusFaults *rxbridgetest.Injector
	// URL is the base URL (with any path prefix).
	URL string

	srv *httptest.Server

	clientID, clientSecret string
	tokenTTL               time.Duration
	lifecycle              []string
	every                  time.Duration
	everyPolls             int
	unknown                UnknownIDs
	issueIDs               bool
	maxIDs                 int
	prefix                 string
	now                    func() time.Time

	mu           sync.Mutex
	tokens       map[string]time.Time // token -> expiry (zero: none)
	issued       int
	referrals    map[string]*record
	seq          int
	submissions  map[string]int
	rejectValid  int
	unavailable  int
	resetIntakes int
}

// NewServer starts a fake on a loopback port. Close it when done.
func NewServer(opts ...Option) *Server {
	s := &Server{
		clientID:     ClientID,
		clientSecret: ClientSecret,
		tokenTTL:     time.Hour,
		lifecycle:    DefaultLifecycle,
		now:          time.Now,
		tokens:       map[string]time.Time{},
		referrals:    map[string]*record{},
		submissions:  map[string]int{},
	}
	for _, o := range opts {
		if o != nil { // a nil Option is ignored
			o(s)
		}
	}
	s.TokenFaults = rxbridgetest.NewInjector(http.HandlerFunc(s.handleToken))
	s.IntakeFaults = rxbridgetest.NewInjector(s.api(s.handleIntake))
	s.StatusFaults = rxbridgetest.NewInjector(s.api(s.handleStatus))
	mux := http.NewServeMux()
	mux.Handle(s.prefix+TokenPath, s.TokenFaults)
	mux.Handle(s.prefix+IntakePath, s.IntakeFaults)
	mux.Handle(s.prefix+StatusPath, s.StatusFaults)
	s.Faults = rxbridgetest.NewInjector(mux)
	s.srv = httptest.NewServer(s.Faults)
	s.URL = s.srv.URL + s.prefix
	return s
}

// Close shuts the fake down.
func (s *Server) Close() {
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// Credentials returns the client id and secret the fake accepts.
func (s *Server) Credentials() (clientID, clientSecret string) { return s.clientID, s.clientSecret }

// NewClient returns a client for the fake: its credentials and URL, then
// opts.
func (s *Server) NewClient(opts ...rxbridge.Option) (*cvsspecialty.Client, error) {
	all := append([]rxbridge.Option{rxbridge.WithBaseURL(s.URL)}, opts...)
	return cvsspecialty.NewClient(s.clientID, s.clientSecret, all...)
}

// TokenRequests returns how many requests reached the token endpoint.
func (s *Server) TokenRequests() int { return s.TokenFaults.Count() }

// TokensIssued returns how many tokens the fake has issued.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}

// RevokeCredentials makes every token issued so far invalid: the next API
// call with one gets 401 with statusCode 1001; new tokens are accepted.
// Every fake that issues credentials names this fault RevokeCredentials.
func (s *Server) RevokeCredentials() {
	s.mu.Lock()
	clear(s.tokens)
	s.mu.Unlock()
}

// RejectCredentials answers the next n intake or status requests 401 with
// statusCode 1001 although their token is valid (as an upstream that
// revoked it early would), without revoking anything.
func (s *Server) RejectCredentials(n int) {
	s.mu.Lock()
	s.rejectValid += n
	s.mu.Unlock()
}

// Unavailable answers the next n intake or status requests 503 with
// statusCode 5000 (a burst of outages).
func (s *Server) Unavailable(n int) {
	s.mu.Lock()
	s.unavailable += n
	s.mu.Unlock()
}

// LoseAnswers makes the next n accepted intakes create the referral and
// then reset the connection instead of answering: the client cannot know
// the referral exists (every fake's LoseAnswers loses the answers of the
// requests that change its state).
func (s *Server) LoseAnswers(n int) {
	s.mu.Lock()
	s.resetIntakes += n
	s.mu.Unlock()
}

// Submissions returns how many accepted intake requests carried the
// transactionId sent.
func (s *Server) Submissions(sentTransactionID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.submissions[sentTransactionID]
}

// Referral returns the referral with the transactionId intake answered.
func (s *Server) Referral(id string) (Referral, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.referrals[id]
	if !ok {
		return Referral{}, false
	}
	s.settle(r)
	return r.Referral, true
}

// Referrals returns every accepted referral, oldest first.
func (s *Server) Referrals() []Referral {
	s.mu.Lock()
	defer s.mu.Unlock()
	recs := make([]*record, 0, len(s.referrals))
	for _, r := range s.referrals {
		s.settle(r)
		recs = append(recs, r)
	}
	slices.SortFunc(recs, func(a, b *record) int { return a.seq - b.seq })
	out := make([]Referral, len(recs))
	for i, r := range recs {
		out[i] = r.Referral
	}
	return out
}

// Advance moves a referral to the next status of the lifecycle (it stays
// at the last one) and returns the new status, or an error when the fake
// has no referral with this transactionId. (Every fake's Advance moves
// one request one step and returns its new status.)
func (s *Server) Advance(id string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.referrals[id]
	if !ok {
		return "", errNoReferral(id)
	}
	s.settle(r)
	r.custom = false
	s.step(r)
	return r.Status, nil
}

// step moves r to the next status of the lifecycle (it stays at the last
// one). s.mu is held.
func (s *Server) step(r *record) {
	r.stage = min(r.stage+1, len(s.lifecycle)-1)
	r.since = s.now()
	r.Status = s.lifecycle[r.stage]
}

// SetStatus sets a referral's status and reason; it stays there until the
// next Advance or SetStatus. It fails when the fake has no referral with
// this transactionId.
func (s *Server) SetStatus(id, status, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.referrals[id]
	if !ok {
		return errNoReferral(id)
	}
	r.custom = true
	r.Status, r.Reason = status, reason
	return nil
}

// errNoReferral reports a transactionId the fake did not accept.
func errNoReferral(id string) error {
	return fmt.Errorf("cvsspecialtytest: no referral %q", id)
}

// settle applies time-based progression. s.mu is held.
func (s *Server) settle(r *record) {
	if r.custom || s.every <= 0 {
		return
	}
	steps := int(s.now().Sub(r.since) / s.every)
	if steps <= 0 {
		return
	}
	r.stage = min(r.stage+steps, len(s.lifecycle)-1)
	r.since = r.since.Add(time.Duration(steps) * s.every)
	r.Status = s.lifecycle[r.stage]
}

// polled counts a status answer that included r and, every
// WithProgressionPerPoll answers, moves it one status along. s.mu is held.
func (s *Server) polled(r *record) {
	if r.custom || s.everyPolls <= 0 {
		return
	}
	r.polls++
	if r.polls%s.everyPolls == 0 {
		s.step(r)
	}
}

// The spec's envelopes.
const (
	moreInfo       = "https://developer.cvshealth.com/common/error-codes"
	bodyBadToken   = `{"statusCode":"1001","statusDescription":"Looks like your Bearer token is not valid. Please obtain a new token.","fault":{"moreInfo":"` + moreInfo + `","type":"","title":""}}`
	bodyNoService  = `{"statusCode":"5000","statusDescription":"Service Unavailable","fault":{"moreInfo":"` + moreInfo + `","type":"SERVICE_UNAVAILABLE","title":"Service Unavailable"}}`
	titleBadInput  = "missing/incorrect input request"
	typeMissingKey = "KEY_MISSING_IN_REQUEST"
	typeBadValue   = "INVALID_VALUE"
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	switch b := v.(type) {
	case string:
		_, _ = io.WriteString(w, b)
	default:
		_ = json.NewEncoder(w).Encode(v)
	}
}

type faultError = cvsspecialty.FaultError

// badInput answers 400 with statusCode 5004 naming the fields.
func badInput(w http.ResponseWriter, errs ...faultError) {
	writeJSON(w, http.StatusBadRequest, cvsspecialty.ErrorResponse{
		StatusCode:        cvsspecialty.CodeMissingField,
		StatusDescription: titleBadInput,
		Fault:             &cvsspecialty.Fault{MoreInfo: moreInfo, Type: "REQUIRED_FIELD_MISSING", Title: titleBadInput, Errors: errs},
	})
}

func oauthError(w http.ResponseWriter, status int, code string) {
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="oauth2"`)
	}
	writeJSON(w, status, map[string]string{"error": code})
}

// handleToken is POST /oauth2/v1/token.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		oauthError(w, http.StatusMethodNotAllowed, "invalid_request")
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		oauthError(w, http.StatusBadRequest, "invalid_request")
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request")
		return
	}
	if r.PostForm.Has("client_secret") || r.PostForm.Has("client_id") {
		// The spec sends the credentials in the Basic header only.
		oauthError(w, http.StatusBadRequest, "invalid_request")
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok || subtle.ConstantTimeCompare([]byte(id), []byte(s.clientID)) != 1 ||
		subtle.ConstantTimeCompare([]byte(secret), []byte(s.clientSecret)) != 1 {
		oauthError(w, http.StatusUnauthorized, "invalid_client")
		return
	}
	if r.PostForm.Get("grant_type") != "client_credentials" {
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type")
		return
	}
	tok := "fake-" + randomHex(16)
	s.mu.Lock()
	var exp time.Time
	if s.tokenTTL > 0 {
		exp = s.now().Add(s.tokenTTL)
	}
	s.tokens[tok] = exp
	s.issued++
	s.mu.Unlock()
	out := map[string]any{"access_token": tok, "token_type": "Bearer"}
	if s.tokenTTL > 0 {
		out["expires_in"] = int64(s.tokenTTL / time.Second)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
}

// api wraps an API handler with the outage and bearer token checks.
func (s *Server) api(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		down := s.unavailable > 0
		if down {
			s.unavailable--
		}
		s.mu.Unlock()
		if down {
			writeJSON(w, http.StatusServiceUnavailable, bodyNoService)
			return
		}
		if !s.validToken(r.Header.Get("Authorization")) {
			writeJSON(w, http.StatusUnauthorized, bodyBadToken)
			return
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			writeJSON(w, http.StatusMethodNotAllowed, `{"statusCode":"5004","statusDescription":"method not allowed"}`)
			return
		}
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
			badInput(w, faultError{Title: "Content-Type must be application/json", Field: "Content-Type", Type: typeBadValue})
			return
		}
		next(w, r)
	})
}

// validToken checks a bearer token (and the scripted 1001s).
func (s *Server) validToken(h string) bool {
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.tokens[strings.TrimSpace(tok)]
	if !ok || (!exp.IsZero() && !s.now().Before(exp)) {
		return false
	}
	if s.rejectValid > 0 {
		s.rejectValid--
		return false
	}
	return true
}

// handleIntake is POST .../intake.
func (s *Server) handleIntake(w http.ResponseWriter, r *http.Request) {
	var ref cvsspecialty.Referral
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ref); err != nil {
		badInput(w, faultError{Title: "request body is not a valid referral", Field: "body", Type: typeBadValue})
		return
	}
	if errs := checkReferral(&ref); len(errs) > 0 {
		badInput(w, errs...)
		return
	}
	s.mu.Lock()
	now := s.now()
	id := ref.TransactionID
	if s.issueIDs {
		id = "enc-" + randomHex(16)
	}
	s.referrals[id] = &record{
		Referral: Referral{
			TransactionID: id, SentTransactionID: ref.TransactionID, Status: s.lifecycle[0],
			SubmittedAt: now, MockMode: strings.EqualFold(r.Header.Get("X-Mock"), "Y"), Request: ref,
		},
		seq:   s.seq,
		since: now,
	}
	s.seq++
	s.submissions[ref.TransactionID]++
	reset := s.resetIntakes > 0
	if reset {
		s.resetIntakes--
	}
	s.mu.Unlock()
	if reset {
		rxbridgetest.ResetConn(w)
		return
	}
	writeJSON(w, http.StatusOK, cvsspecialty.IntakeResponse{TransactionID: id, StatusDescription: "Success", StatusCode: cvsspecialty.CodeSuccess})
}

// checkReferral is the fake's own view of what intake requires: the
// fields that identify the patient and the prescription, and an image
// whose type matches its bytes.
func checkReferral(ref *cvsspecialty.Referral) []faultError {
	var errs []faultError
	missing := func(field string) {
		errs = append(errs, faultError{Title: titleBadInput, Field: field, Type: typeMissingKey})
	}
	if ref.TransactionID == "" {
		missing("transactionId")
	}
	if strings.TrimSpace(ref.Patient.Name.Given) == "" {
		missing("patient.name.given")
	}
	if strings.TrimSpace(ref.Patient.Name.Family) == "" {
		missing("patient.name.family")
	}
	if !ref.Patient.BirthDate.Valid() {
		missing("patient.birthDate")
	}
	if len(ref.Prescription) == 0 {
		missing("prescription")
	}
	if img := ref.RxImage; img != nil {
		declared := strings.ToLower(img.Content.Type)
		if len(img.Content.Data) == 0 {
			missing("rxImage.content.data")
		} else if sniffed := cvsspecialty.SniffImageType(img.Content.Data); sniffed == "" || sniffed != declared {
			errs = append(errs, faultError{Title: "rxImage type does not match its content", Field: "rxImage.content.type", Type: typeBadValue})
		}
	}
	return errs
}

// handleStatus is POST .../status.
func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request) {
	var req struct {
		TransactionIDs []string `json:"transactionIds"`
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		badInput(w, faultError{Title: "request body is not valid", Field: "body", Type: typeBadValue})
		return
	}
	if len(req.TransactionIDs) == 0 {
		badInput(w, faultError{Title: titleBadInput, Field: "transactionIds", Type: typeMissingKey})
		return
	}
	if s.maxIDs > 0 && len(req.TransactionIDs) > s.maxIDs {
		badInput(w, faultError{Title: fmt.Sprintf("at most %d transactionIds", s.maxIDs), Field: "transactionIds", Type: typeBadValue})
		return
	}
	rows := make([]cvsspecialty.ReferralStatus, 0, len(req.TransactionIDs))
	unknown := false
	s.mu.Lock()
	for _, id := range req.TransactionIDs {
		rec, ok := s.referrals[id]
		if !ok {
			unknown = true
			if s.unknown == UnknownRow {
				rows = append(rows, cvsspecialty.ReferralStatus{TransactionID: id, Status: "Not Found"})
			}
			continue
		}
		s.settle(rec)
		rows = append(rows, cvsspecialty.ReferralStatus{TransactionID: id, Status: cvsspecialty.ReferralState(rec.Status), Reason: rec.Reason})
		s.polled(rec)
	}
	mode := s.unknown
	s.mu.Unlock()
	if unknown && mode == UnknownError {
		writeJSON(w, http.StatusNotFound, `{"statusCode":"5013","statusDescription":"The parameters in the request does not seem to be valid","fault":{"moreInfo":"`+moreInfo+`","type":"NOT_FOUND","title":"Not Found"}}`)
		return
	}
	// Deliberately not the request's order.
	slices.SortFunc(rows, func(a, b cvsspecialty.ReferralStatus) int { return strings.Compare(a.TransactionID, b.TransactionID) })
	writeJSON(w, http.StatusOK, cvsspecialty.StatusResponse{StatusCode: cvsspecialty.CodeSuccess, StatusDescription: "Success", ReferralStatus: rows})
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
