// Package mhvtest is an in-process fake of the My HealtheVet prescription
// API, for tests and examples. It speaks MHV's wire format (the ICD's JSON,
// RFC 1123 dates in US Eastern time, errorCode bodies, the Token and
// Expires headers) on the legacy routes (.../mhv-api/patient/v1) or, with
// WithGateway, the API gateway's (.../v1 with x-api-key).
//
// It holds veterans and their prescriptions; refills change state
// (submitted → refillinprocess → shipped, with tracking); a drug's
// documentation (getrxdoc/{ndc}) is a short synthetic leaflet named after
// the prescription with that NDC; sessions expire
// after their lifetime or when a test revokes them (RevokeCredentials,
// RevokeVeteranCredentials); it can
// answer 500 to concurrent session creations for one veteran as MHV does
// (WithConcurrentSessionErrors); and every request passes through a
// rxbridgetest.Injector (Faults) for scripted faults.
//
//	srv := mhvtest.NewServer()
//	defer srv.Close()
//	client, _ := srv.NewClient()
//	vet := client.User(mhvtest.DemoVeteran)
//
// Faults every fake names alike: LoseAnswers (the refill happens, its
// answer is lost), Unavailable (503 bursts with MHV's error body), and
// srv.Faults.Enqueue with rxbridgetest's constructors.
//
// All data is synthetic.
package mhvtest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // US Eastern dates without relying on the host's zoneinfo

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"
)

// Credentials and ids the fake accepts by default.
const (
	// DefaultAppToken is the appToken the fake accepts unless WithAppToken
	// sets another.
	DefaultAppToken = "mhvtest-app-token"
	// DemoVeteran is the correlation id of the seeded demo veteran, who has
	// active, refillable, trackable and expired prescriptions.
	DemoVeteran = "15176497"
	// UnknownVeteran is a correlation id the fake does not know (session
	// creation answers errorCode 105).
	UnknownVeteran = "99999999"
)

// RefillBody is what the fake answers to a successful refill.
type RefillBody int

const (
	// RefillBodyJSON answers {"status":"success"} (MHV 2017 and 2025).
	RefillBodyJSON RefillBody = iota
	// RefillBodyText answers "Successfully submitted to: DAYT29" labelled
	// application/json (MHV 2016).
	RefillBodyText
	// RefillBodyEmpty answers nothing.
	RefillBodyEmpty
)

// RejectStyle is how the fake refuses an expired session.
type RejectStyle int

const (
	// RejectExpired110 answers HTTP 400 {"errorCode":110} (the ICD).
	RejectExpired110 RejectStyle = iota
	// RejectUnauthorized answers HTTP 401 {"errorCode":0,
	// "developerMessage":"Error:Invalid session token;"} (MHV's Apache
	// front end).
	RejectUnauthorized
)

// Option configures a Server.
type Option func(*config)

type config struct {
	appToken     string
	gateway      bool
	apiKey       string
	lifetime     time.Duration
	sessionDelay time.Duration
	sessionHold  <-chan struct{}
	conflicts    bool
	clock        func() time.Time
	refillBody   RefillBody
	reject       RejectStyle
	demo         bool
	tokenFunc    func(correlationID string) string
}

// WithAppToken sets the appToken the fake accepts.
func WithAppToken(tok string) Option { return func(c *config) { c.appToken = tok } }

// WithGateway serves the API gateway's routes under /v1 and requires
// apiKey in x-api-key on every request (403 otherwise). Session Expires
// headers use the gateway's "... GMT+00:00" form.
func WithGateway(apiKey string) Option {
	return func(c *config) { c.gateway, c.apiKey = true, apiKey }
}

// WithSessionLifetime sets how long sessions last (default 10 minutes).
func WithSessionLifetime(d time.Duration) Option { return func(c *config) { c.lifetime = d } }

// WithSessionDelay makes each session creation take d (default 0), which
// widens the window for concurrent creations.
func WithSessionDelay(d time.Duration) Option { return func(c *config) { c.sessionDelay = d } }

// WithSessionHold makes each session creation wait until release is closed
// (or the client leaves), after it is counted by SessionRequests: a test
// of a caller that gives up while its session is being created can wait
// for that request, then act, without racing a clock.
func WithSessionHold(release <-chan struct{}) Option {
	return func(c *config) { c.sessionHold = release }
}

// WithConcurrentSessionErrors makes the fake answer 500 to a session
// creation for a veteran whose previous creation has not finished, as MHV
// does.
func WithConcurrentSessionErrors() Option { return func(c *config) { c.conflicts = true } }

// WithClock sets the fake's clock (Date and Expires headers, session
// expiry, refill dates). Default time.Now.
func WithClock(now func() time.Time) Option { return func(c *config) { c.clock = now } }

// WithRefillBody sets the body of a successful refill.
func WithRefillBody(b RefillBody) Option { return func(c *config) { c.refillBody = b } }

// WithRejectStyle sets how an expired session is refused.
func WithRejectStyle(s RejectStyle) Option { return func(c *config) { c.reject = s } }

// WithoutDemoData starts with no veterans.
func WithoutDemoData() Option { return func(c *config) { c.demo = false } }

// WithTokens makes session tokens with f instead of at random (for canary
// tests that need to know them).
func WithTokens(f func(correlationID string) string) Option {
	return func(c *config) { c.tokenFunc = f }
}

// Veteran is an MHV user.
type Veteran struct {
	CorrelationID string
	// Blocked veterans get errorCode 106 at session creation.
	Blocked bool
	// AgreementNotAccepted veterans get errorCode 135 at session creation.
	AgreementNotAccepted bool
	// Email and RxNotifications are the notification preferences.
	Email           string
	RxNotifications bool
}

// Prescription is the fake's record of a prescription. Zero dates are sent
// as null; dates are sent as midnight US Eastern of their calendar day.
type Prescription struct {
	ID               int64 // assigned by AddPrescription when zero
	Number           string
	Name             string
	Status           string // refillStatus
	Refillable       bool
	Trackable        bool
	RefillsRemaining int
	Quantity         int
	Facility         string
	Station          string
	NDC              string
	Sig              string
	Ordered          time.Time
	Expires          time.Time
	LastFilled       time.Time
	RefillSubmitted  time.Time
	Dispensed        time.Time
	Shipments        []Shipment
}

// Shipment is a package sent for a prescription.
type Shipment struct {
	Shipped        time.Time
	Carrier        string
	TrackingNumber string
	Others         []OtherRx
}

// OtherRx is another prescription in the same package.
type OtherRx struct {
	Name, Number, NDC, Station string
}

type session struct {
	vet     string
	expires time.Time
	revoked bool
}

type rxState struct {
	owner string
	rx    Prescription
}

// Server is the fake MHV.
type Server struct {
	// URL is the API base to give rxbridge.WithBaseURL.
	URL string
	// AppToken is the appToken the fake accepts.
	AppToken string
	// APIKey is the gateway key it requires (WithGateway), or "".
	APIKey string
	// Faults applies scripted faults before the fake answers, and records
	// every request (Faults.Requests, Faults.Count).
	Faults *rxbridgetest.Injector

	cfg      config
	srv      *httptest.Server
	prefix   string
	east     *time.Location
	mu       sync.Mutex
	veterans map[string]*Veteran
	rxs      map[int64]*rxState
	sessions map[string]*session
	creating map[string]int
	nextID   int64
	failed   []string
	loseNext int
	// unavailable counts the API requests still to answer 503.
	unavailable int

	sessionRequests map[string]int
	sessionsCreated map[string]int
	conflicts       int
	rejections      int
	refillRequests  map[int64]int
}

// NewServer starts a fake MHV on a loopback port. Close it when done.
func NewServer(opts ...Option) *Server {
	cfg := config{appToken: DefaultAppToken, lifetime: 10 * time.Minute, clock: time.Now, demo: true}
	for _, o := range opts {
		if o != nil { // a nil Option is ignored
			o(&cfg)
		}
	}
	east, err := time.LoadLocation("America/New_York")
	if err != nil {
		east = time.FixedZone("EST", -5*3600)
	}
	s := &Server{
		AppToken:        cfg.appToken,
		APIKey:          cfg.apiKey,
		cfg:             cfg,
		east:            east,
		veterans:        map[string]*Veteran{},
		rxs:             map[int64]*rxState{},
		sessions:        map[string]*session{},
		creating:        map[string]int{},
		nextID:          22000000,
		sessionRequests: map[string]int{},
		sessionsCreated: map[string]int{},
		refillRequests:  map[int64]int{},
	}
	s.prefix = "/mhv-api/patient/v1/"
	if cfg.gateway {
		s.prefix = "/v1/"
	}
	s.Faults = rxbridgetest.NewInjector(http.HandlerFunc(s.serve))
	s.srv = httptest.NewServer(s.Faults)
	s.URL = s.srv.URL + strings.TrimSuffix(s.prefix, "/")
	if cfg.demo {
		s.seed()
	}
	return s
}

// Close shuts the server down.
func (s *Server) Close() {
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// NewClient returns an mhv.Client wired to the fake: its appToken, URL and
// gateway key (WithGateway), then opts. Hand it a veteran with
// client.User(DemoVeteran).
func (s *Server) NewClient(opts ...rxbridge.Option) (*mhv.Client, error) {
	all := []rxbridge.Option{rxbridge.WithBaseURL(s.URL)}
	if s.APIKey != "" {
		all = append(all, mhv.WithGateway(s.APIKey))
	}
	return mhv.NewClient(s.AppToken, append(all, opts...)...)
}

// AddVeteran adds (or replaces) a veteran.
func (s *Server) AddVeteran(v Veteran) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cp := v
	s.veterans[v.CorrelationID] = &cp
}

// AddPrescription gives a veteran a prescription and returns its id.
func (s *Server) AddPrescription(correlationID string, rx Prescription) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.veterans[correlationID]; !ok {
		s.veterans[correlationID] = &Veteran{CorrelationID: correlationID}
	}
	if rx.ID == 0 {
		s.nextID++
		rx.ID = s.nextID
	}
	s.rxs[rx.ID] = &rxState{owner: correlationID, rx: rx}
	return rx.ID
}

// Prescription returns the fake's current record of a prescription.
func (s *Server) Prescription(id int64) (Prescription, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.rxs[id]
	if !ok {
		return Prescription{}, false
	}
	return st.rx, true
}

// Prescriptions returns a veteran's prescriptions, by id.
func (s *Server) Prescriptions(correlationID string) []Prescription {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.listLocked(correlationID, false)
}

// SetFailedStations makes list answers report these stations as failed
// (failedStationList "979,989"); nil clears it.
func (s *Server) SetFailedStations(stations ...string) {
	s.mu.Lock()
	s.failed = stations
	s.mu.Unlock()
}

// RevokeVeteranCredentials is RevokeCredentials for one veteran: every
// current session of that veteran becomes invalid, the next call with one
// is refused (errorCode 110 or 401, see WithRejectStyle), and the
// veteran's next session is accepted.
func (s *Server) RevokeVeteranCredentials(correlationID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ss := range s.sessions {
		if ss.vet == correlationID {
			ss.revoked = true
		}
	}
}

// RevokeCredentials makes every session issued so far invalid: the next
// call with one is refused (errorCode 110 or 401, see WithRejectStyle), as
// when MHV ends sessions early; new sessions are accepted. Every fake that
// issues credentials names this fault RevokeCredentials.
func (s *Server) RevokeCredentials() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ss := range s.sessions {
		ss.revoked = true
	}
}

// LoseAnswers makes the next n refills (single or batch) succeed on the
// fake's side and then reset the connection before answering: the refill
// happened, the client never hears of it (every fake's LoseAnswers loses
// the answers of the requests that change its state).
func (s *Server) LoseAnswers(n int) {
	s.mu.Lock()
	s.loseNext += n
	s.mu.Unlock()
}

// Unavailable answers the next n API requests (not session creations) 503
// with MHV's error body, as during an outage.
func (s *Server) Unavailable(n int) {
	s.mu.Lock()
	s.unavailable += n
	s.mu.Unlock()
}

// SessionRequests returns how many session creations were asked for the
// veteran (successful or not).
func (s *Server) SessionRequests(correlationID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessionRequests[correlationID]
}

// SessionsCreated returns how many sessions were created for the veteran.
func (s *Server) SessionsCreated(correlationID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessionsCreated[correlationID]
}

// TotalSessionRequests returns how many session creations were asked, for
// all veterans.
func (s *Server) TotalSessionRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, v := range s.sessionRequests {
		n += v
	}
	return n
}

// SessionConflicts returns how many session creations were refused with
// 500 because another was in flight for the same veteran.
func (s *Server) SessionConflicts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conflicts
}

// Rejections returns how many calls were refused for a missing, unknown or
// expired session.
func (s *Server) Rejections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rejections
}

// RefillRequests returns how many refill requests (single or in a batch)
// reached the fake for a prescription.
func (s *Server) RefillRequests(id int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refillRequests[id]
}

// ProcessRefill moves a submitted refill to "refillinprocess".
func (s *Server) ProcessRefill(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.rxs[id]
	if !ok || st.rx.Status != "submitted" {
		return false
	}
	st.rx.Status = "refillinprocess"
	return true
}

// ShipRefill completes a submitted or in-process refill: the prescription
// is active again, filled and dispensed today, trackable, with a new
// shipment (carrier "USPS" or "UPS").
func (s *Server) ShipRefill(id int64, carrier, trackingNumber string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.rxs[id]
	if !ok || (st.rx.Status != "submitted" && st.rx.Status != "refillinprocess") {
		return false
	}
	today := s.today()
	rx := &st.rx
	rx.Status = "active"
	if rx.RefillsRemaining > 0 {
		rx.RefillsRemaining--
	}
	rx.LastFilled, rx.Dispensed = today, today
	rx.Trackable = true
	rx.Refillable = rx.RefillsRemaining > 0
	rx.Shipments = append([]Shipment{{Shipped: today, Carrier: carrier, TrackingNumber: trackingNumber}}, rx.Shipments...)
	return true
}

// today is midnight US Eastern of the fake's current day.
func (s *Server) today() time.Time {
	now := s.cfg.clock().In(s.east)
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.east)
}

// listLocked returns a veteran's prescriptions sorted by id.
func (s *Server) listLocked(vet string, activeOnly bool) []Prescription {
	out := []Prescription{}
	for _, st := range s.rxs {
		if st.owner != vet || (activeOnly && !isActive(st.rx.Status)) {
			continue
		}
		out = append(out, st.rx)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// isActive reports the statuses the active list shows.
func isActive(status string) bool {
	switch status {
	case "expired", "discontinued", "discontinuedByProvider", "discontinuedEdit", "deleted":
		return false
	}
	return true
}

// newToken returns a session token like MHV's.
func (s *Server) newToken(vet string) string {
	if s.cfg.tokenFunc != nil {
		return s.cfg.tokenFunc(vet)
	}
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// gatewayToLegacy maps the gateway's routes to the legacy names.
var gatewayToLegacy = map[string]string{
	"usermgmt/auth/session":       "session",
	"pharmacy/ess/getactiverx":    "prescription/getactiverx",
	"pharmacy/ess/gethistoryrx":   "prescription/gethistoryrx",
	"pharmacy/ess/medications":    "prescription/medications",
	"pharmacy/ess/rxrefill":       "prescription/rxrefill",
	"usermgmt/notification/email": "preferences/email",
	"usermgmt/notification/rx":    "preferences/rx",
}

// gatewayPrefixes maps the gateway's routes with an id.
var gatewayPrefixes = [][2]string{
	{"pharmacy/ess/rxtracking/", "prescription/rxtracking/"},
	{"pharmacy/ess/rxrefill/", "prescription/rxrefill/"},
	{"pharmacy/ess/getrxdoc/", "prescription/getrxdoc/"},
}

// legacyPath maps a request path to the legacy route name ("" when the
// deployment does not serve it).
func (s *Server) legacyPath(p string) string {
	if !strings.HasPrefix(p, s.prefix) {
		return ""
	}
	rest := strings.TrimPrefix(p, s.prefix)
	if !s.cfg.gateway {
		return rest
	}
	if v, ok := gatewayToLegacy[rest]; ok {
		return v
	}
	for _, pp := range gatewayPrefixes {
		if strings.HasPrefix(rest, pp[0]) {
			return pp[1] + strings.TrimPrefix(rest, pp[0])
		}
	}
	return ""
}

// serve routes a request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.cfg.gateway && r.Header.Get("x-api-key") != s.cfg.apiKey {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`{"message":"Forbidden"}`))
		return
	}
	p := s.legacyPath(r.URL.Path)
	switch {
	case p == "session" && r.Method == http.MethodGet:
		s.handleSession(w, r)
		return
	case p == "":
		writeNotFound(w)
		return
	}
	s.mu.Lock()
	down := s.unavailable > 0
	if down {
		s.unavailable--
	}
	s.mu.Unlock()
	if down {
		writeError(w, http.StatusServiceUnavailable, 99, "Service Unavailable", "")
		return
	}
	vet, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	switch {
	case p == "prescription/getactiverx" && r.Method == http.MethodGet:
		s.handleList(w, vet, true)
	case p == "prescription/gethistoryrx" && r.Method == http.MethodGet:
		s.handleList(w, vet, false)
	case p == "prescription/medications" && r.Method == http.MethodGet:
		s.handleMedications(w, vet)
	case strings.HasPrefix(p, "prescription/rxtracking/") && r.Method == http.MethodGet:
		s.handleTracking(w, vet, strings.TrimPrefix(p, "prescription/rxtracking/"))
	case strings.HasPrefix(p, "prescription/getrxdoc/") && r.Method == http.MethodGet:
		s.handleRxDoc(w, vet, strings.TrimPrefix(p, "prescription/getrxdoc/"))
	case strings.HasPrefix(p, "prescription/rxrefill/") && r.Method == http.MethodPost:
		s.handleRefill(w, vet, strings.TrimPrefix(p, "prescription/rxrefill/"))
	case p == "prescription/rxrefill" && r.Method == http.MethodPost:
		s.handleBatchRefill(w, r, vet)
	case p == "preferences/email":
		s.handleEmail(w, r, vet)
	case p == "preferences/rx":
		s.handleRxPreference(w, r, vet)
	default:
		writeNotFound(w)
	}
}

// writeNotFound answers an unknown route.
func writeNotFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte("<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"))
}

// writeError answers an MHV error body.
func writeError(w http.ResponseWriter, status int, code any, message, developerMessage string) {
	body := map[string]any{"errorCode": code, "message": message, "developerMessage": developerMessage}
	if message == "" {
		body["message"] = nil
	}
	b, _ := json.Marshal(body)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeJSON answers 200 with v.
func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, _ = w.Write(b)
}
