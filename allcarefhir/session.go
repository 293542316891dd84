package allcarefhir

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/telemetry"
)

// TokenSource hands out a member's access token, refreshing it a minute
// before it expires (when a refresh token was granted) and after the FHIR
// server rejects it. It keeps the token it holds: a call while that token
// is valid touches neither the store nor the network. On a miss, near
// expiry or after a rejection it renews through Login.Refresh: it takes
// the newer token another instance stored, or refreshes under the
// member's fleet-wide lock (one refresh runs at a time; the patient id is
// carried forward and the rotated token is stored for every instance).
// Give it to NewClient. It is safe for concurrent use.
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
	tel  *telemetry.Fetch // the refresh's span, linked to every waiter
}

// refreshEarly is how long before expiry a token is renewed.
const refreshEarly = time.Minute

// refreshTimeout bounds one refresh, which runs detached from the waiters'
// cancellation (see TokenContext).
const refreshTimeout = 30 * time.Second

// TokenSource returns a refreshing token source that starts with tok (from
// HandleCallback on this instance).
func (l *Login) TokenSource(tok *Token) *TokenSource {
	s := &TokenSource{l: l}
	if tok != nil {
		s.cur = *tok
	}
	return s
}

// MemberTokenSource returns a refreshing token source for the member with
// this patient id (Token.PatientID), whose login may have completed on any
// instance sharing the store: its first call reads the member's token from
// the store. When the store holds none, calls fail with an error matching
// ErrReauthorizationRequired: the member must log in.
func (l *Login) MemberTokenSource(patientID string) *TokenSource {
	return &TokenSource{l: l, cur: Token{PatientID: patientID}}
}

// Token implements oauth2.TokenSource.
func (s *TokenSource) Token() (*oauth2.Token, error) { return s.TokenContext(context.Background()) }

// TokenContext returns a usable access token, refreshing it when needed.
// A waiter whose ctx ends gets ctx.Err(); the refresh continues for the
// others. A refresh runs with the values of the ctx that started it (trace
// ids, logger attributes: its logs correlate, and the store sees them),
// not with its cancellation. Without a refresh token (here or in the
// store), an expired or rejected token gives an error matching
// ErrReauthorizationRequired.
func (s *TokenSource) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	if s == nil || s.l == nil {
		return nil, errNoTokenSource
	}
	if err := httpx.CheckContext(ctx, "allcarefhir", "Token"); err != nil {
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
	if s.cur.RefreshToken == "" && !s.stale && s.cur.AccessToken != "" && s.l.now().Before(s.cur.Expiry) {
		// Not renewable here: a token still inside its lifetime is used
		// to the end.
		t := s.cur.OAuth2()
		s.mu.Unlock()
		return t, nil
	}
	// A miss, near expiry or rejected: Refresh takes the fleet's newer
	// token from the store, or refreshes; without a refresh token there
	// or here, the member must log in again.
	f := s.flight
	if f == nil {
		f = &refreshFlight{done: make(chan struct{})}
		s.flight = f
		old := s.cur
		var fctx context.Context
		fctx, f.tel = s.l.hx.Telemetry().StartFetch(httpx.Detach(ctx), "allcarefhir", telemetry.CredentialToken)
		go s.refresh(fctx, f, old)
	} else {
		f.tel.Link(ctx)
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
	s.mu.Lock()
	if err == nil {
		s.cur, s.stale = *nt, false
		f.tok = nt.OAuth2()
	} else {
		f.err = err
	}
	s.flight = nil
	s.mu.Unlock()
	// No waiter links to f any more (Link runs under s.mu while it flies).
	f.tel.End(httpx.OutcomeOf(err))
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

// MaxCallbackBytes bounds the callback form.
const MaxCallbackBytes = 64 << 10

// CallbackDone receives the outcome of a callback and writes the response
// (a redirect into the application, an error page). tok is nil when err is
// not nil. An err matching ErrLoginUnavailable means the store could not
// give the pending login: the member may try again (the default answer is
// 503).
type CallbackDone func(w http.ResponseWriter, r *http.Request, tok *Token, err error)

// CallbackHandler serves the redirect URL: it accepts only POST with a
// form body of at most MaxCallbackBytes (405, 413, 415 otherwise), runs
// HandleCallback (which takes the pending login of the form's state from
// the store, once) and hands the outcome to done. When done is nil it
// answers 200 "login complete", 503 "login unavailable, try again" when
// the store failed (ErrLoginUnavailable), or 400 "login failed", with no
// details. Exempt this route from CSRF middleware: the state is its CSRF
// check.
func (l *Login) CallbackHandler(done CallbackDone) http.Handler {
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
		tok, err := l.HandleCallback(r.Context(), r.PostForm)
		if err != nil {
			tok = nil
		}
		done(w, r, tok, err)
	})
}

func defaultDone(w http.ResponseWriter, _ *http.Request, tok *Token, err error) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if errors.Is(err, ErrLoginUnavailable) {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("login unavailable, try again\n"))
		return
	}
	if err != nil || tok == nil {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte("login failed\n"))
		return
	}
	_, _ = w.Write([]byte("login complete\n"))
}

// errNoTokenSource is returned by a TokenSource not made by
// Login.TokenSource (a nil or zero value).
var errNoTokenSource = apierr.Input("allcarefhir", "", "the TokenSource was not made by Login.TokenSource")
