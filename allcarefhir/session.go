package allcarefhir

import (
	"context"
	"crypto/sha256"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// TokenSource hands out a member's access token, refreshing it a minute
// before it expires (when a refresh token was granted) and after the FHIR
// server rejects it. One refresh runs at a time; the patient id is carried
// forward and every new token goes to OAuthConfig.TokenStore. Give it to
// NewClient. It is safe for concurrent use.
type TokenSource struct {
	l  *Login
	mu sync.Mutex
	// cur is the current token; stale marks it rejected by the server.
	cur    Token
	stale  bool
	flight *refreshFlight
}

type refreshFlight struct {
	done chan struct{}
	tok  *oauth2.Token
	err  error
}

// refreshEarly is how long before expiry a token is renewed.
const refreshEarly = time.Minute

// refreshTimeout bounds one refresh, which runs detached from the waiters'
// cancellation (see TokenContext).
const refreshTimeout = 30 * time.Second

// TokenSource returns a refreshing token source for a member's token (from
// HandleCallback, or loaded from your TokenStore).
func (l *Login) TokenSource(tok *Token) *TokenSource {
	s := &TokenSource{l: l}
	if tok != nil {
		s.cur = *tok
	}
	return s
}

// Token implements oauth2.TokenSource.
func (s *TokenSource) Token() (*oauth2.Token, error) { return s.TokenContext(context.Background()) }

// TokenContext returns a usable access token, refreshing it when needed.
// A waiter whose ctx ends gets ctx.Err(); the refresh continues for the
// others. A refresh runs with the values of the ctx that started it (trace
// ids, logger attributes: its logs correlate, and the TokenStore's
// SaveToken sees them), not with its cancellation. Without a refresh
// token, an expired or rejected token gives an error matching
// ErrReauthorizationRequired.
func (s *TokenSource) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	if s == nil || s.l == nil {
		return nil, errNoTokenSource
	}
	if err := httpx.CheckContext(ctx); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	if !s.stale && s.cur.AccessToken != "" && (s.cur.Expiry.IsZero() || s.l.now().Add(refreshEarly).Before(s.cur.Expiry)) {
		t := s.cur.OAuth2()
		s.mu.Unlock()
		return t, nil
	}
	if s.cur.RefreshToken == "" {
		// Not renewable: a token still inside its lifetime is used to the
		// end; a rejected or expired one needs the member again.
		if !s.stale && s.cur.AccessToken != "" && s.l.now().Before(s.cur.Expiry) {
			t := s.cur.OAuth2()
			s.mu.Unlock()
			return t, nil
		}
		s.mu.Unlock()
		return nil, loginErr("refresh", "the token expired or was rejected and cannot be refreshed", ErrReauthorizationRequired, nil)
	}
	f := s.flight
	if f == nil {
		f = &refreshFlight{done: make(chan struct{})}
		s.flight = f
		old := s.cur
		go s.refresh(httpx.Detach(ctx), f, old)
	}
	s.mu.Unlock()
	select {
	case <-f.done:
		return f.tok, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// refresh runs one refresh on parent (detached from the waiter that
// started it: its values, not its cancellation), bounded by
// refreshTimeout, and publishes it.
func (s *TokenSource) refresh(parent context.Context, f *refreshFlight, old Token) {
	ctx, cancel := context.WithTimeout(parent, refreshTimeout)
	defer cancel()
	nt, err := s.l.Refresh(ctx, &old)
	if errors.Is(err, ErrTokenStore) && nt != nil {
		// The token is good; only persisting it failed.
		if lg := s.l.logger; lg != nil {
			lg.LogAttrs(ctx, slog.LevelWarn, "allcarefhir: token store failed after a refresh", slog.String("provider", "allcarefhir"))
		}
		err = nil
	}
	s.mu.Lock()
	if err == nil {
		s.cur, s.stale = *nt, false
		f.tok = nt.OAuth2()
	} else {
		f.err = err
	}
	s.flight = nil
	s.mu.Unlock()
	close(f.done)
}

// Invalidate marks the access token as rejected (the FHIR server answered
// 401), so the next call refreshes it. A token that is no longer the
// current one is ignored.
func (s *TokenSource) Invalidate(accessToken string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	if accessToken != "" && accessToken == s.cur.AccessToken {
		s.stale = true
	}
	s.mu.Unlock()
}

// Current returns a copy of the current token (with PatientID).
func (s *TokenSource) Current() Token {
	if s == nil {
		return Token{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur
}

// PatientID returns AllCare's member id for this token.
func (s *TokenSource) PatientID() string {
	if s == nil {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur.PatientID
}

// PendingStore keeps pending logins between AuthCodeURL and the callback.
// AllCare posts the callback cross-site (form_post), so a SameSite=Lax
// cookie does not come with it: key the pending login by its state,
// server-side (MemoryPendingStore), or use a SameSite=None; Secure cookie.
type PendingStore interface {
	// Take returns and removes the pending login with this state, or nil
	// when there is none (unknown, already used or expired).
	Take(ctx context.Context, state string) (*AuthRequest, error)
}

// MemoryPendingStore is an in-process PendingStore with expiry and a size
// bound. States are kept as SHA-256 digests. Use a shared store (Redis, a
// database) when several instances serve the callback.
type MemoryPendingStore struct {
	mu      sync.Mutex
	ttl     time.Duration
	max     int
	now     func() time.Time
	pending map[[32]byte]*AuthRequest
}

// NewMemoryPendingStore returns a store that forgets logins after ttl
// (default 10 minutes) and holds at most max of them (default 10000; the
// oldest are dropped first).
func NewMemoryPendingStore(ttl time.Duration, max int) *MemoryPendingStore {
	if ttl <= 0 {
		ttl = 10 * time.Minute
	}
	if max <= 0 {
		max = 10000
	}
	return &MemoryPendingStore{ttl: ttl, max: max, now: time.Now, pending: map[[32]byte]*AuthRequest{}}
}

// Put keeps a pending login.
func (m *MemoryPendingStore) Put(ctx context.Context, req *AuthRequest) error {
	if err := m.check(ctx); err != nil {
		return err
	}
	if req == nil || req.State == "" {
		return errors.New("allcarefhir: pending login without state")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gc()
	for len(m.pending) >= m.max {
		var oldest [32]byte
		var at time.Time
		for k, v := range m.pending {
			if at.IsZero() || v.Created.Before(at) {
				oldest, at = k, v.Created
			}
		}
		delete(m.pending, oldest)
	}
	cp := *req
	m.pending[sha256.Sum256([]byte(req.State))] = &cp
	return nil
}

// Take implements PendingStore.
func (m *MemoryPendingStore) Take(ctx context.Context, state string) (*AuthRequest, error) {
	if err := m.check(ctx); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gc()
	k := sha256.Sum256([]byte(state))
	req := m.pending[k]
	delete(m.pending, k)
	return req, nil
}

// errNoTokenSource is returned by a TokenSource not made by
// Login.TokenSource (a nil or zero value).
var errNoTokenSource = errors.Join(ErrInvalidInput, errors.New("allcarefhir: the TokenSource was not made by Login.TokenSource"))

// errNilPendingStore is returned by a MemoryPendingStore not made by
// NewMemoryPendingStore (a nil or zero value: it has no bounds).
var errNilPendingStore = errors.Join(ErrInvalidInput, errors.New("allcarefhir: the MemoryPendingStore was not made by NewMemoryPendingStore"))

// check refuses a nil ctx (an error, never context.Background()) and a
// store not made by NewMemoryPendingStore.
func (m *MemoryPendingStore) check(ctx context.Context) error {
	if err := httpx.CheckContext(ctx); err != nil {
		return err
	}
	if m == nil || m.pending == nil || m.now == nil {
		return errNilPendingStore
	}
	return nil
}

// Len returns how many logins are pending.
func (m *MemoryPendingStore) Len() int {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.pending)
}

func (m *MemoryPendingStore) gc() {
	now := m.now()
	for k, v := range m.pending {
		if now.Sub(v.Created) > m.ttl {
			delete(m.pending, k)
		}
	}
}

// MaxCallbackBytes bounds the callback form.
const MaxCallbackBytes = 64 << 10

// CallbackDone receives the outcome of a callback and writes the response
// (a redirect into the application, an error page). tok is nil when err is
// not nil, except when err matches ErrTokenStore: the login worked and only
// saving the token failed, so tok is given too.
type CallbackDone func(w http.ResponseWriter, r *http.Request, tok *Token, err error)

// CallbackHandler serves the redirect URL: it accepts only POST with a
// form body of at most MaxCallbackBytes (405, 413, 415 otherwise), takes
// the pending login by the form's state from store (single use), runs
// HandleCallback and hands the outcome to done. When done is nil it
// answers 200 "login complete" or 400 "login failed" with no details.
// Exempt this route from CSRF middleware: the state is its CSRF check.
func (l *Login) CallbackHandler(store PendingStore, done CallbackDone) http.Handler {
	if done == nil {
		done = defaultDone
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/x-www-form-urlencoded" {
			http.Error(w, "unsupported media type", http.StatusUnsupportedMediaType)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxCallbackBytes)
		if err := r.ParseForm(); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		form := r.PostForm
		var pending *AuthRequest
		if st := form.Get("state"); st != "" && store != nil {
			p, err := store.Take(r.Context(), st)
			if err != nil {
				done(w, r, nil, loginErr("state", "the pending login store failed", ErrStateMismatch, err))
				return
			}
			pending = p
		}
		tok, err := l.HandleCallback(r.Context(), form, pending)
		if err != nil && !errors.Is(err, ErrTokenStore) {
			tok = nil
		}
		done(w, r, tok, err)
	})
}

func defaultDone(w http.ResponseWriter, _ *http.Request, tok *Token, err error) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err != nil || tok == nil {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte("login failed\n"))
		return
	}
	_, _ = w.Write([]byte("login complete\n"))
}
