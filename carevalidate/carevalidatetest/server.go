// Package carevalidatetest is an in-process fake of CareValidate for tests
// and examples. It keeps cases, serves the partner REST API (with
// CareValidate's wire format and its habit of answering failures with HTTP
// 400), and delivers signed case-update webhooks to a URL you give it,
// retrying when your receiver fails, as cases move through their life.
//
//	srv := carevalidatetest.NewServer()
//	defer srv.Close()
//	srv.SetWebhook(carevalidatetest.Webhook{URL: hook.URL, HeaderName: "X-Partner-Auth", Secret: "s", SigningSecret: "k"})
//	c, _ := srv.NewClient()
//	res, _ := c.CreateCase(ctx, req)
//	srv.RunLifecycle(res.CaseID)        // assign, review, approve, pay, order, ship, deliver, archive
//	srv.WaitIdle(ctx)                   // every event delivered (or given up)
//
// Faults every fake names alike: LoseAnswers (the case is created, its
// answer lost) and Unavailable (503 bursts with CareValidate's error
// body); any other through Faults (an *rxbridgetest.Injector in front of
// the REST API): srv.Faults.Enqueue(rxbridgetest.GatewayHTML(502)).
// Every value it makes up is synthetic.
package carevalidatetest

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/carevalidate"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"
)

// Default credentials the fake accepts.
const (
	DefaultAPIKey      = "fake-cv-api-key"
	DefaultAccessToken = "fake-cv-access-token"
)

// Option configures a Server.
type Option func(*Server)

// WithAPIKey sets the API key the fake accepts (DefaultAPIKey otherwise).
func WithAPIKey(k string) Option { return func(s *Server) { s.APIKey = k } }

// WithAccessToken sets the bearer token the Case Products API accepts.
func WithAccessToken(t string) Option { return func(s *Server) { s.AccessToken = t } }

// WithWebhook configures webhook delivery from the start (see SetWebhook).
func WithWebhook(w Webhook) Option { return func(s *Server) { s.hook = w } }

// WithClock sets the clock used for timestamps.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// Server is a fake CareValidate. It is safe for concurrent use.
type Server struct {
	// URL is the API root (pass it to rxbridge.WithBaseURL).
	URL string
	// APIKey and AccessToken are the credentials it accepts.
	APIKey      string
	AccessToken string
	// Faults injects faults into the REST API and records every request.
	Faults *rxbridgetest.Injector

	srv *httptest.Server
	now func() time.Time

	mu       sync.Mutex
	cases    map[string]*fakeCase
	order    []string // case ids in creation order
	idem     map[string]string
	users    map[string]*carevalidate.Patient // by email
	forms    map[string]string                // form id by title
	files    map[string][]byte                // attachment bytes by id
	setups   map[string]bool                  // SetupIntent ids
	events   []Delivery
	hook     Webhook
	seq      int
	deliv    *deliverer
	closed   bool
	payments int
	loseNext int // answers LoseAnswers still has to lose
}

// fakeCase is a case with what the wire object does not hold.
type fakeCase struct {
	c      carevalidate.Case
	orders []carevalidate.Order
	phone  string
}

// NewServer starts a fake on a loopback port. Close it when done.
func NewServer(opts ...Option) *Server {
	s := &Server{
		APIKey:      DefaultAPIKey,
		AccessToken: DefaultAccessToken,
		now:         func() time.Time { return time.Now().UTC() },
		cases:       map[string]*fakeCase{},
		idem:        map[string]string{},
		users:       map[string]*carevalidate.Patient{},
		forms:       map[string]string{},
		files:       map[string][]byte{},
		setups:      map[string]bool{},
	}
	for _, o := range opts {
		if o != nil { // a nil Option is ignored
			o(s)
		}
	}
	s.Faults = rxbridgetest.NewInjector(s.lose(s.routes()))
	s.srv = httptest.NewServer(s.Faults)
	s.URL = s.srv.URL
	s.deliv = newDeliverer(s)
	return s
}

// Close stops deliveries and shuts the server down.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.deliv.stop()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// NewClient returns a carevalidate.Client wired to the fake: its API key
// and URL, then opts (CreateCaseWithProducts takes srv.AccessToken).
func (s *Server) NewClient(opts ...rxbridge.Option) (*carevalidate.Client, error) {
	all := []rxbridge.Option{rxbridge.WithBaseURL(s.URL)}
	return carevalidate.NewClient(s.APIKey, append(all, opts...)...)
}

// LoseAnswers makes the next n REST requests that change the fake's state
// (every POST: a case, a comment, a form response, a payment is created)
// be processed and then lose their answer: the connection is reset before
// the response is written. Reads in between (GETs) are answered. Every
// fake's LoseAnswers loses the answers of the requests that change its
// state.
func (s *Server) LoseAnswers(n int) {
	s.mu.Lock()
	s.loseNext += max(n, 0)
	s.mu.Unlock()
}

// lose processes a request that changes state and loses its answer while
// LoseAnswers has answers to lose.
func (s *Server) lose(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		s.mu.Lock()
		lose := s.loseNext > 0
		if lose {
			s.loseNext--
		}
		s.mu.Unlock()
		if !lose {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(httptest.NewRecorder(), r)
		rxbridgetest.ResetConn(w)
	})
}

// Unavailable answers the next n REST requests 503 with CareValidate's
// error body, without processing them, as during an outage.
func (s *Server) Unavailable(n int) {
	for range n {
		s.Faults.Enqueue(rxbridgetest.Status(http.StatusServiceUnavailable,
			`{"status":503,"success":false,"error":"Service Unavailable"}`))
	}
}

// ErrNoCase is returned by the lifecycle methods for an unknown case id.
var ErrNoCase = errors.New("carevalidatetest: no such case")

// Case returns a copy of a case as the REST API would show it (with its
// orders).
func (s *Server) Case(id string) (carevalidate.Case, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fc, ok := s.cases[id]
	if !ok {
		return carevalidate.Case{}, false
	}
	c := s.render(fc, renderOpts{attachments: carevalidate.DocumentBase64, orders: true})
	return *c, true
}

// CaseIDs returns the ids of every case, oldest first.
func (s *Server) CaseIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.order...)
}

// newID returns a random UUID v4.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func (s *Server) timestamp() rxbridge.DateTime {
	var d rxbridge.DateTime
	d.Time = s.now().UTC().Truncate(time.Millisecond)
	return d
}

func (s *Server) shortID() string {
	s.seq++
	return fmt.Sprintf("FAK-%05d", s.seq)
}

// sortedCases returns the cases in creation order.
func (s *Server) sortedCases() []*fakeCase {
	out := make([]*fakeCase, 0, len(s.order))
	for _, id := range s.order {
		out = append(out, s.cases[id])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].c.CreatedAt.Before(out[j].c.CreatedAt.Time) })
	return out
}
