// Package develophealthtest is an in-process fake of the Develop Health
// API, for your tests and the examples. It speaks the real wire format
// (envelopes, the three error shapes, statuses, activity log, outcomes)
// and keeps state:
//
//   - a prior authorization moves processing → awaiting_outcome →
//     completed (or not_submitted) one step at a time, on command (Advance,
//     Complete) or by itself (WithStepInterval), ending with the outcome
//     its mock_result asks for (approved when there is none);
//
//   - a benefit verification moves pending → completed or failed per its
//     mock_result; a clinical qualification pending → qualified;
//
//   - providers are authorized (pending until SignProvider) and looked up;
//
//   - every change is delivered as a webhook, signed with a JWT in
//     X-Webhook-Secret, to the URL you give (WithWebhook, SetWebhook);
//
//   - faults every fake names alike: LoseAnswers (a request that changes
//     state is processed, then the connection dies), Unavailable (503 bursts with
//     Develop Health's error body); Faults (the *rxbridgetest.Injector in
//     front of the API) takes any fault:
//     srv.Faults.Enqueue(rxbridgetest.GatewayHTML(502)).
//
//     srv := develophealthtest.NewServer(develophealthtest.WithStepInterval(50 * time.Millisecond))
//     defer srv.Close()
//     client, _ := srv.NewClient()
package develophealthtest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/develophealth"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"
)

// DefaultToken is the API token the fake accepts unless WithToken is given.
const DefaultToken = "develophealth-test-token"

// Option configures a Server.
type Option func(*config)

type config struct {
	token            string
	step             time.Duration
	instantMock      bool
	production       bool
	requireProvider  bool
	webhookURL       string
	webhookSecret    string
	legacyEnvelope   bool
	activityEvents   bool
	webhookClient    *http.Client
	webhookRetries   int
	webhookRetryWait time.Duration
	now              func() time.Time
}

// WithToken sets the API token the fake accepts.
func WithToken(tok string) Option { return func(c *config) { c.token = tok } }

// WithStepInterval makes prior authorizations, benefit verifications and
// clinical qualifications advance one step by themselves every d (by
// default they only move on Advance or Complete).
func WithStepInterval(d time.Duration) Option { return func(c *config) { c.step = d } }

// WithInstantMock completes a request carrying mock_result at once, as
// Develop Health's sandbox does (by default it walks the usual steps, so
// pollers see them).
func WithInstantMock() Option { return func(c *config) { c.instantMock = true } }

// WithProductionMode behaves as a production organization: mock_result is
// refused with 400 mock_result_not_allowed.
func WithProductionMode() Option { return func(c *config) { c.production = true } }

// WithRequireAuthorizedProvider refuses prior authorizations whose NPI was
// not authorized and signed (400 provider_not_authorized).
func WithRequireAuthorizedProvider() Option { return func(c *config) { c.requireProvider = true } }

// WithWebhook delivers events to url, signed with secret.
func WithWebhook(url, secret string) Option {
	return func(c *config) { c.webhookURL, c.webhookSecret = url, secret }
}

// WithLegacyWebhookEnvelope sends the original envelope (title,
// description, event_type, data) without event_id and occurred_at.
func WithLegacyWebhookEnvelope() Option { return func(c *config) { c.legacyEnvelope = true } }

// WithWebhookRetries sets how many times a delivery answered with a
// non-2xx (or not answered) is resent, and the wait between attempts
// (default 3 and 20ms).
func WithWebhookRetries(n int, wait time.Duration) Option {
	return func(c *config) { c.webhookRetries, c.webhookRetryWait = n, wait }
}

// Server is the fake. Its zero value is not usable: call NewServer.
type Server struct {
	// URL is the API root (pass it to rxbridge.WithBaseURL).
	URL string
	// Faults is in front of the API: queue faults on it
	// (srv.Faults.Enqueue(rxbridgetest.GatewayHTML(502))); it also records
	// and counts every request.
	Faults *rxbridgetest.Injector

	cfg config
	srv *httptest.Server

	mu         sync.Mutex
	closed     bool
	loseNext   int // answers LoseAnswers still has to lose
	seq        int
	pas        map[string]*paState
	bvs        map[string]*bvState
	cqs        map[string]*cqState
	providers  []*develophealth.AuthorizedProvider
	linked     map[string]string // prescription_message_id → PA id
	feedback   map[string][]develophealth.PriorAuthFeedbackRequest
	timers     map[string]*time.Timer
	deliveries []Delivery
	events     chan event
	delivered  *sync.Cond
	wg         sync.WaitGroup
	cancel     context.CancelFunc
	ctx        context.Context
}

// NewServer starts a fake. Close it when done.
func NewServer(opts ...Option) *Server {
	cfg := config{token: DefaultToken, webhookRetries: 3, webhookRetryWait: 20 * time.Millisecond, now: time.Now}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.webhookClient == nil {
		cfg.webhookClient = &http.Client{Timeout: 5 * time.Second}
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		cfg: cfg, pas: map[string]*paState{}, bvs: map[string]*bvState{}, cqs: map[string]*cqState{},
		linked: map[string]string{}, feedback: map[string][]develophealth.PriorAuthFeedbackRequest{},
		timers: map[string]*time.Timer{}, events: make(chan event, 4096), ctx: ctx, cancel: cancel,
	}
	s.delivered = sync.NewCond(&s.mu)
	s.Faults = rxbridgetest.NewInjector(s.routes())
	s.srv = httptest.NewServer(s.Faults)
	s.URL = s.srv.URL
	s.wg.Add(1)
	go s.deliverLoop()
	return s
}

// Close stops the server, its timers and webhook deliveries.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	for _, t := range s.timers {
		t.Stop()
	}
	close(s.events)
	s.delivered.Broadcast()
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// Token returns the API token the fake accepts.
func (s *Server) Token() string { return s.cfg.token }

// NewClient returns a develophealth.Client wired to the fake (its token
// and URL; your options come after).
func (s *Server) NewClient(opts ...rxbridge.Option) (*develophealth.Client, error) {
	base := []rxbridge.Option{rxbridge.WithBaseURL(s.URL)}
	return develophealth.NewClient(s.cfg.token, append(base, opts...)...)
}

// SetWebhook sets (or, with an empty url, removes) the webhook
// destination.
func (s *Server) SetWebhook(url, secret string) {
	s.mu.Lock()
	s.cfg.webhookURL, s.cfg.webhookSecret = url, secret
	s.mu.Unlock()
}

// LoseAnswers makes the next n API requests that change the fake's state
// (creates, cancels, feedback, NDP updates, provider authorizations) be
// processed normally and then lose their answer: the connection is reset
// before the response is written (the upstream acted; the client cannot
// know). Reads in between (GETs, a provider lookup) are answered. Every
// fake's LoseAnswers loses the answers of the requests that change its
// state.
func (s *Server) LoseAnswers(n int) {
	s.mu.Lock()
	s.loseNext += max(n, 0)
	s.mu.Unlock()
}

// lose wraps a handler of a request that changes state: while LoseAnswers
// has answers to lose, the request is processed and its answer lost.
func (s *Server) lose(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		lose := s.loseNext > 0
		if lose {
			s.loseNext--
		}
		s.mu.Unlock()
		if !lose {
			h(w, r)
			return
		}
		h(httptest.NewRecorder(), r)
		rxbridgetest.ResetConn(w)
	}
}

// now returns the fake's time.
func (s *Server) now() time.Time { return s.cfg.now().UTC() }

// nextID returns a new id with a prefix ("pa", "bv", "cq").
func (s *Server) nextID(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s_fake%05d", prefix, s.seq)
}

// localTime formats t as Develop Health does: zone-less, microseconds.
func localTime(t time.Time) rxbridge.DateTime {
	var d rxbridge.DateTime
	_ = d.UnmarshalJSON([]byte(`"` + t.UTC().Format("2006-01-02T15:04:05.000000") + `"`))
	return d
}

// --- HTTP plumbing

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /prior-authorization", s.auth(s.lose(s.createPA)))
	mux.HandleFunc("GET /prior-authorization/{id}", s.auth(s.getPA))
	mux.HandleFunc("POST /prior-authorization/{id}/cancel", s.auth(s.lose(s.cancelPA)))
	mux.HandleFunc("POST /prior-authorization/{id}/feedback", s.auth(s.lose(s.feedbackPA)))
	mux.HandleFunc("PATCH /prior-authorization/{id}/ndp-submission", s.auth(s.lose(s.updateNDP)))
	mux.HandleFunc("POST /prior-authorization/{id}/prescription-transfer/cancel", s.auth(s.lose(s.cancelTransfer)))
	mux.HandleFunc("POST /benefit-verification", s.auth(s.lose(s.createBV)))
	mux.HandleFunc("GET /benefit-verification/{id}", s.auth(s.getBV))
	mux.HandleFunc("POST /benefit-verification/{id}/cancel", s.auth(s.lose(s.cancelBV)))
	mux.HandleFunc("POST /clinical-qualification", s.auth(s.lose(s.createCQ)))
	mux.HandleFunc("GET /clinical-qualification/{id}", s.auth(s.getCQ))
	mux.HandleFunc("POST /provider/authorize", s.auth(s.lose(s.authorizeProvider)))
	mux.HandleFunc("GET /authorized-providers", s.auth(s.listProviders))
	mux.HandleFunc("POST /provider/lookup", s.auth(s.lookupProvider))
	mux.HandleFunc("GET /status", s.auth(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"status": "success", "error": nil, "data": map[string]string{"message": "API is operational"}})
	}))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, map[string]string{"detail": "Not Found"})
	})
	return mux
}

// auth checks the bearer token.
func (s *Server) auth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		got := r.Header.Get("Authorization")
		want := "Bearer " + s.cfg.token
		if !hmac.Equal([]byte(got), []byte(want)) {
			writeJSON(w, 401, map[string]string{"detail": "Invalid or expired token"})
			return
		}
		h(w, r)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Request-Id", fmt.Sprintf("req_%d", time.Now().UnixNano()))
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func success(w http.ResponseWriter, status int, data any) {
	writeJSON(w, status, map[string]any{"status": "success", "error": nil, "data": data})
}

func detail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"detail": msg})
}

func apiError(w http.ResponseWriter, status int, title, description, code string, extra map[string]string) {
	e := map[string]string{"title": title, "description": description, "code": code}
	for k, v := range extra {
		e[k] = v
	}
	writeJSON(w, status, map[string]any{"status": "error", "error": e})
}

// validation answers 422 in FastAPI's shape.
func validation(w http.ResponseWriter, problems [][2]string) {
	items := make([]map[string]any, 0, len(problems))
	for _, p := range problems {
		loc := []any{"body"}
		for _, part := range strings.Split(p[0], ".") {
			loc = append(loc, part)
		}
		items = append(items, map[string]any{"loc": loc, "msg": p[1], "type": "missing"})
	}
	writeJSON(w, 422, map[string]any{"detail": items})
}

// decodeBody reads a JSON object body into v and reports the keys present.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) (map[string]json.RawMessage, bool) {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, 32<<20)); err != nil {
		detail(w, 413, "Request body too large")
		return nil, false
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &keys); err != nil {
		writeJSON(w, 422, map[string]any{"detail": []map[string]any{{"loc": []any{"body"}, "msg": "Input should be a valid dictionary or object", "type": "model_attributes_type"}}})
		return nil, false
	}
	if err := json.Unmarshal(buf.Bytes(), v); err != nil {
		writeJSON(w, 422, map[string]any{"detail": []map[string]any{{"loc": []any{"body"}, "msg": "Invalid value", "type": "value_error"}}})
		return nil, false
	}
	return keys, true
}

// missing lists required keys absent from a request.
func missing(keys map[string]json.RawMessage, required ...string) [][2]string {
	var out [][2]string
	for _, k := range required {
		if v, ok := keys[k]; !ok || string(v) == "null" {
			out = append(out, [2]string{k, "Field required"})
		}
	}
	return out
}

// --- tokens

// SignToken returns an HS256 JWT over claims, signed with secret, as the
// fake puts in X-Webhook-Secret. Use it to test your receiver.
func SignToken(secret string, claims map[string]any) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	in := enc(map[string]string{"alg": "HS256", "typ": "JWT"}) + "." + enc(claims)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(in))
	return in + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// errClosed is returned by waits on a closed server.
var errClosed = errors.New("develophealthtest: server closed")

// Unavailable answers the next n API requests 503 with Develop Health's
// error body ({"detail": ...}), without processing them, as during an
// outage. Any other fault: srv.Faults.Enqueue(rxbridgetest...).
func (s *Server) Unavailable(n int) {
	for range n {
		s.Faults.Enqueue(rxbridgetest.Status(http.StatusServiceUnavailable, `{"detail":"Service Unavailable"}`))
	}
}
