package mhv

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/redact"
	"github.com/rxbridge/rxbridge-go/internal/timefmt"
)

// Session is a veteran's MHV session as a SessionStore keeps it.
//
// Every way of printing a Session (fmt verbs, slog) hides the token. To
// persist one, write Token and Expires yourself, and protect the stored
// token as you would a password: it reads that veteran's prescriptions.
type Session struct {
	// Token is the session token MHV returned in the Token header.
	Token string
	// Expires is when the session ends, on this machine's clock: MHV's
	// Expires header corrected by the skew between its Date header and
	// the local clock.
	Expires time.Time
}

// String prints the session without its token.
func (s Session) String() string {
	return "mhv.Session{Token:" + redact.Redacted + ", Expires:" + s.Expires.UTC().Format(time.RFC3339) + "}"
}

// GoString prints the session without its token.
func (s Session) GoString() string { return s.String() }

// Format prints the session without its token, whatever the verb.
func (s Session) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// LogValue logs the session without its token.
func (s Session) LogValue() slog.Value {
	return slog.GroupValue(slog.String("token", redact.Redacted), slog.Time("expires", s.Expires))
}

// MarshalJSON encodes the session without its token (String's text).
func (s Session) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(s.String())), nil }

// SessionStore keeps veterans' sessions outside the process, so several
// instances of a service share them (Redis, a database). Implementations
// must be safe for concurrent use. Keys are MHV correlation ids, which
// identify a veteran: do not log them.
type SessionStore interface {
	// LoadSession returns the veteran's session; ok is false when there
	// is none. An expired session may be returned (the client checks).
	LoadSession(ctx context.Context, correlationID string) (s Session, ok bool, err error)
	// SaveSession stores the veteran's session, at least until s.Expires.
	SaveSession(ctx context.Context, correlationID string, s Session) error
	// DeleteSession removes the veteran's session only if its token is
	// still token (compare-and-delete), so a session another instance
	// created since is kept.
	DeleteSession(ctx context.Context, correlationID, token string) error
}

// SessionLocker is implemented by a SessionStore that can serialize
// session creation across processes (Redis SET NX PX, a database row
// lock). MHV answers 500 when sessions for one veteran are created
// concurrently; with a locker, one instance creates the session and the
// others wait for it in the store.
type SessionLocker interface {
	// TryLockSession tries to take the lock on creating the veteran's
	// session, held for at most ttl. ok is false when someone else holds
	// it. unlock releases the lock if this caller still holds it.
	TryLockSession(ctx context.Context, correlationID string, ttl time.Duration) (unlock func(), ok bool, err error)
}

// MemorySessionStore is an in-process SessionStore and SessionLocker. One
// store shared by several Clients makes them share sessions and creation
// locks. (A Client with no store keeps sessions in memory by itself.)
type MemorySessionStore struct {
	mu       sync.Mutex
	sessions map[string]Session
	locks    map[string]memLock
	saves    int
	now      func() time.Time
}

type memLock struct {
	id      uint64
	expires time.Time
}

// Format prints the store without its sessions or correlation ids,
// whatever the verb.
func (m *MemorySessionStore) Format(f fmt.State, _ rune) { redact.Format(f, "mhv.MemorySessionStore") }

// LogValue keeps the sessions and correlation ids out of slog.
func (m *MemorySessionStore) LogValue() slog.Value { return redact.LogValue("mhv.MemorySessionStore") }

// MarshalJSON keeps the sessions and correlation ids out of JSON.
func (m *MemorySessionStore) MarshalJSON() ([]byte, error) {
	return redact.JSON("mhv.MemorySessionStore")
}

// NewMemorySessionStore returns an empty in-memory store.
func NewMemorySessionStore() *MemorySessionStore {
	return &MemorySessionStore{sessions: map[string]Session{}, locks: map[string]memLock{}, now: time.Now}
}

// LoadSession implements SessionStore.
func (m *MemorySessionStore) LoadSession(ctx context.Context, correlationID string) (Session, bool, error) {
	if err := m.check(ctx); err != nil {
		return Session{}, false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[correlationID]
	if ok && !m.clock().Before(s.Expires) {
		delete(m.sessions, correlationID)
		return Session{}, false, nil
	}
	return s, ok, nil
}

// SaveSession implements SessionStore.
func (m *MemorySessionStore) SaveSession(ctx context.Context, correlationID string, s Session) error {
	if err := m.check(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sessions == nil {
		m.sessions = map[string]Session{}
	}
	m.sessions[correlationID] = s
	m.saves++
	if m.saves%1024 == 0 {
		now := m.clock()
		for k, v := range m.sessions {
			if !now.Before(v.Expires) {
				delete(m.sessions, k)
			}
		}
	}
	return nil
}

// DeleteSession implements SessionStore.
func (m *MemorySessionStore) DeleteSession(ctx context.Context, correlationID, token string) error {
	if err := m.check(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.sessions[correlationID]; ok && s.Token == token {
		delete(m.sessions, correlationID)
	}
	return nil
}

// TryLockSession implements SessionLocker.
func (m *MemorySessionStore) TryLockSession(ctx context.Context, correlationID string, ttl time.Duration) (func(), bool, error) {
	if err := m.check(ctx); err != nil {
		return nil, false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.clock()
	if l, held := m.locks[correlationID]; held && now.Before(l.expires) {
		return nil, false, nil
	}
	l := memLock{id: rand.Uint64(), expires: now.Add(ttl)}
	if m.locks == nil {
		m.locks = map[string]memLock{}
	}
	m.locks[correlationID] = l
	return func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if cur, ok := m.locks[correlationID]; ok && cur.id == l.id {
			delete(m.locks, correlationID)
		}
	}, true, nil
}

// Len reports how many sessions the store holds (expired ones included
// until they are swept).
func (m *MemorySessionStore) Len() int {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.sessions)
}

// errNilSessionStore is returned by the methods of a nil
// *MemorySessionStore (mhv.WithSessionStore((*MemorySessionStore)(nil))).
var errNilSessionStore = fmt.Errorf("%w: mhv: nil *MemorySessionStore", httpx.ErrBadRequest)

// check refuses a nil ctx (an error, never context.Background()) and a
// nil store.
func (m *MemorySessionStore) check(ctx context.Context) error {
	if err := httpx.CheckContext(ctx); err != nil {
		return err
	}
	if m == nil {
		return errNilSessionStore
	}
	return nil
}

// clock is the store's time; a zero-value store uses time.Now.
func (m *MemorySessionStore) clock() time.Time {
	if m.now == nil {
		return time.Now()
	}
	return m.now()
}

// storeAdapter makes a SessionStore a credcache.Store.
type storeAdapter struct{ s SessionStore }

// Load implements credcache.Store.
func (a storeAdapter) Load(ctx context.Context, key string) (string, time.Time, bool, error) {
	s, ok, err := a.s.LoadSession(ctx, key)
	if err != nil || !ok || s.Token == "" {
		return "", time.Time{}, false, err
	}
	return s.Token, s.Expires, true, nil
}

// Save implements credcache.Store.
func (a storeAdapter) Save(ctx context.Context, key, token string, expires time.Time) error {
	return a.s.SaveSession(ctx, key, Session{Token: token, Expires: expires})
}

// Delete implements credcache.Store.
func (a storeAdapter) Delete(ctx context.Context, key, token string) error {
	return a.s.DeleteSession(ctx, key, token)
}

// Session timing defaults.
const (
	defaultEarly    = 20 * time.Second
	defaultLockWait = 12 * time.Second
	// sessionFetchTimeout bounds one session creation, retries included
	// (the ICD promises an answer within 10 s).
	sessionFetchTimeout = 30 * time.Second
	// lockTTL bounds a creation lock if its holder dies.
	lockTTL = sessionFetchTimeout
	// lockPoll is how often a waiter looks for the session another
	// instance is creating.
	lockPoll = 100 * time.Millisecond
	// defaultSessionTTL applies when Expires is missing or unreadable.
	defaultSessionTTL = 5 * time.Minute
	// maxSessionTTL caps an absurd Expires (the cache's own cap).
	maxSessionTTL = 24 * time.Hour
)

// opSession names session creation in logs and errors.
const opSession = "CreateSession"

// fetchSession is the credential cache's Fetch: it returns a session for
// the veteran, created by this process or, with a SessionLocker, possibly
// by another instance that held the creation lock. It runs detached from
// the caller that started it (the cache gives it that caller's values, so
// its logs correlate, without its cancellation, and a timeout).
func (c *Client) fetchSession(ctx context.Context, id string) (string, time.Time, error) {
	if c.locker == nil {
		return c.createSession(ctx, id)
	}
	deadline := c.now().Add(c.lockWait)
	for {
		unlock, ok, err := c.locker.TryLockSession(ctx, id, lockTTL)
		if err != nil {
			// The store cannot lock: go ahead without it. A 500 from a
			// concurrent creation elsewhere is retried with backoff.
			break
		}
		if ok {
			defer unlock()
			// Another instance may have finished while we asked.
			if s, ok := c.storedSession(ctx, id); ok {
				return s.Token, s.Expires, nil
			}
			tok, exp, err := c.createSession(ctx, id)
			if err == nil {
				// Publish before the lock is released, so the instances
				// waiting for it find the session instead of making one.
				_ = c.store.SaveSession(ctx, id, Session{Token: tok, Expires: c.storeExpiry(exp)})
			}
			return tok, exp, err
		}
		wait := lockPoll + rand.N(lockPoll/2)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return "", time.Time{}, &httpx.Permanent{Err: &SessionError{Err: c.sessionTimeout(ctx.Err())}}
		case <-t.C:
		}
		if s, ok := c.storedSession(ctx, id); ok {
			return s.Token, s.Expires, nil
		}
		if !c.now().Before(deadline) {
			// The holder is slow or gone: create one ourselves, as
			// vets-api does after its lock retries run out.
			break
		}
	}
	return c.createSession(ctx, id)
}

// storeExpiry is the expiry the cache will give a fetched session (it
// replaces a missing or past one with the default lifetime).
func (c *Client) storeExpiry(exp time.Time) time.Time {
	now := c.now()
	if exp.IsZero() || !exp.After(now) {
		return now.Add(defaultSessionTTL)
	}
	if limit := now.Add(maxSessionTTL); exp.After(limit) {
		return limit
	}
	return exp
}

// storedSession returns a usable session from the store.
func (c *Client) storedSession(ctx context.Context, id string) (Session, bool) {
	s, ok, err := c.store.LoadSession(ctx, id)
	if err != nil || !ok || s.Token == "" || !c.now().Add(c.early).Before(s.Expires) {
		return Session{}, false
	}
	return s, true
}

// createSession asks MHV for a new session: GET session with appToken and
// mhvCorrelationId. The token is the Token header; the expiry the Expires
// header. Failures are *httpx.Permanent wrapping a *SessionError: the
// session client already retried what retrying can fix (429, 5xx such as
// MHV's answer to concurrent creations, transport failures).
func (c *Client) createSession(ctx context.Context, id string) (string, time.Time, error) {
	req := httpx.Request{
		Op:     opSession,
		Method: http.MethodGet,
		Route:  c.routes.session,
		Header: http.Header{
			"appToken":         {c.appToken.Reveal()},
			"mhvCorrelationId": {id},
			"Content-Type":     {"application/json"},
		},
	}
	resp, err := c.sess.Do(ctx, &req)
	if err != nil {
		var te *httpx.TransportError
		if !errors.As(err, &te) && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)) {
			// The creation's own deadline ended (a bare context error);
			// an attempt that timed out is already a *TransportError
			// with its attempt count.
			err = c.sessionTimeout(err)
		}
		return "", time.Time{}, &httpx.Permanent{Err: &SessionError{Err: err}}
	}
	tok := strings.TrimSpace(resp.Header.Get("Token"))
	if tok == "" || !headerSafe(tok) {
		e := &Error{APIError: resp.ErrorBase(), BodyFormat: bodyFormat(resp.Body)}
		e.Meaning = "the session response carried no usable Token header"
		return "", time.Time{}, &httpx.Permanent{Err: &SessionError{Err: e}}
	}
	return tok, sessionExpiry(resp.Header, c.now()), nil
}

// sessionTimeout reports a session creation that ran out of time.
func (c *Client) sessionTimeout(cause error) error {
	return &httpx.TransportError{Provider: "mhv", Op: opSession, Method: http.MethodGet,
		Host: c.host, Route: c.routes.session, Err: cause}
}

// sessionExpiry reads the session's end from the Expires header (RFC 1123
// in GMT, or the gateway's "... GMT+00:00"), moved onto the local clock by
// the server's Date header: now + (Expires - Date). Without a readable
// Date, Expires is used as it is; without a readable Expires, the zero
// time (the cache then uses its default lifetime).
func sessionExpiry(h http.Header, now time.Time) time.Time {
	exp, _, err := timefmt.ParseRFC1123(h.Get("Expires"))
	if err != nil {
		return time.Time{}
	}
	date, _, err := timefmt.ParseRFC1123(h.Get("Date"))
	if err != nil {
		return exp
	}
	life := exp.Sub(date)
	if life <= 0 {
		return time.Time{}
	}
	return now.Add(life)
}

// headerSafe reports whether v can travel in a header as it is (visible
// ASCII and spaces inside, no control characters).
func headerSafe(v string) bool {
	if v == "" || len(v) > 4096 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c == 0x7f {
			return false
		}
	}
	return true
}
