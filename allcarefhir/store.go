package allcarefhir

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// What a Login keeps in its rxbridge.Store (rxbridge.WithStore; an
// in-process store by default), so that the instances of a service behave
// as one:
//
//   - pending logins, by state, from AuthCodeURL until the callback takes
//     them (once: the first callback to take one deletes it);
//   - each member's tokens (access, refresh, id_token, patient id), by
//     issuer and patient id, written after a login and after each refresh;
//   - each member's refresh lock, held while one instance refreshes;
//   - a digest of the member's last refresh token whose refresh failed
//     after it may have reached AllCare (refused, answer lost): it is
//     never sent again, by any instance (a rotated refresh token sent
//     twice can revoke the member's grant).
//
// Failure policy. Pending logins fail closed: a store that cannot save or
// take one fails the login with ErrLoginUnavailable (the member sees an
// error and tries again; nothing was sent to AllCare, and a pending login
// the store still holds stays usable). Tokens and locks degrade: when the
// shared store is unavailable, that operation uses this instance's memory
// instead (one refresh per member in this instance, tokens kept here), and
// the fallback is logged (rxbridge.WithLogger) without keys or values.
const (
	pendingNamespace = "allcarefhir.login"
	tokenNamespace   = "allcarefhir.token"
	lockNamespace    = "allcarefhir.refresh"
	spentNamespace   = "allcarefhir.spent"
)

// DefaultTokenTTL is how long the store keeps a member's tokens that carry
// a refresh token, after the login or the last refresh (OAuthConfig.TokenTTL).
const DefaultTokenTTL = 30 * 24 * time.Hour

// refreshLockTTL is the lifetime of a member's refresh lock: longer than
// one refresh (refreshTimeout), so that a live holder keeps it, and short
// enough that the lock of an instance that died mid-refresh ends soon.
const refreshLockTTL = refreshTimeout + 5*time.Second

// Waiting for another instance's refresh: the store is read again after
// lockPollMin, then at growing intervals up to lockPollMax.
const (
	lockPollMin = 5 * time.Millisecond
	lockPollMax = 200 * time.Millisecond
)

// unlockTimeout bounds the release of a refresh lock, which runs detached
// from the caller (it must happen even if the caller gave up).
const unlockTimeout = 5 * time.Second

// storedLogin is a pending login as the store keeps it.
type storedLogin struct {
	State        string    `json:"state"`
	Nonce        string    `json:"nonce"`
	CodeVerifier string    `json:"code_verifier,omitempty"`
	Issuer       string    `json:"issuer"`
	RedirectURL  string    `json:"redirect_url"`
	Scopes       []string  `json:"scopes"`
	Created      time.Time `json:"created"`
}

// putPending saves a pending login until l.ttl has passed. A store failure
// is the login's failure (pending logins fail closed).
func (l *Login) putPending(ctx context.Context, req *AuthRequest) error {
	b, err := json.Marshal(storedLogin{State: req.State, Nonce: req.Nonce, CodeVerifier: req.CodeVerifier,
		Issuer: req.Issuer, RedirectURL: req.RedirectURL, Scopes: req.Scopes, Created: req.Created})
	if err != nil {
		return loginErr("store", "the pending login cannot be encoded", ErrLoginUnavailable, nil)
	}
	if err := l.store.Set(ctx, rxbridge.StoreKey{Namespace: pendingNamespace, ID: req.State}, b, l.ttl); err != nil {
		return pendingStoreErr("the pending login could not be saved; nothing was sent, try again", err)
	}
	return nil
}

// takePending returns and deletes the pending login of state: of several
// callbacks with one state, on any instance, exactly one gets it. It
// returns nil when there is none (unknown, used or expired); a store
// failure is an error (fail closed) and leaves the pending login in place
// when the store still holds it.
func (l *Login) takePending(ctx context.Context, state string) (*AuthRequest, error) {
	key := rxbridge.StoreKey{Namespace: pendingNamespace, ID: state}
	b, ok, err := l.store.Get(ctx, key)
	if err != nil {
		return nil, pendingStoreErr("the pending login could not be read; try again", err)
	}
	if !ok {
		return nil, nil
	}
	taken, err := l.store.CompareAndDelete(ctx, key, b)
	if err != nil {
		return nil, pendingStoreErr("the pending login could not be taken; try again", err)
	}
	if !taken {
		return nil, nil // another callback took it first
	}
	var p storedLogin
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, loginErr("state", "the pending login is unreadable", ErrStateMismatch, nil)
	}
	return &AuthRequest{State: p.State, Nonce: p.Nonce, CodeVerifier: p.CodeVerifier, Issuer: p.Issuer,
		RedirectURL: p.RedirectURL, Scopes: p.Scopes, Created: p.Created}, nil
}

// pendingStoreErr is a login failed closed by the store: it matches
// ErrLoginUnavailable and the store's error (rxbridge.ErrStoreUnavailable,
// or the context's).
func pendingStoreErr(reason string, err error) error {
	return loginErr("store", reason, ErrLoginUnavailable, err)
}

// memberKey names a member's tokens and refresh lock: the issuer and
// AllCare's patient id (a shared store hashes it).
func (l *Login) memberKey(namespace, patientID string) rxbridge.StoreKey {
	return rxbridge.StoreKey{Namespace: namespace, ID: strings.TrimSuffix(l.cfg.Issuer, "/") + " " + patientID}
}

// degrade runs op on the shared store and, when it is unavailable, logs it
// and runs op on this instance's memory instead (tokens and locks only).
// It returns the store op ran on.
func (l *Login) degrade(ctx context.Context, what string, op func(rxbridge.Store) error) (rxbridge.Store, error) {
	err := op(l.store)
	if err == nil || l.local == nil || !errors.Is(err, rxbridge.ErrStoreUnavailable) {
		return l.store, err
	}
	if lg := l.logger; lg != nil {
		lg.LogAttrs(ctx, slog.LevelWarn, "allcarefhir: store unavailable; using this instance's memory",
			slog.String("provider", "allcarefhir"), slog.String("what", what), slog.String("error", err.Error()))
	}
	return l.local, op(l.local)
}

// loadToken returns the member's token the store holds, or nil.
func (l *Login) loadToken(ctx context.Context, patientID string) (*Token, error) {
	key := l.memberKey(tokenNamespace, patientID)
	var b []byte
	var ok bool
	st, err := l.degrade(ctx, "token read", func(st rxbridge.Store) (err error) {
		b, ok, err = st.Get(ctx, key)
		return err
	})
	if err == nil && !ok && st != rxbridge.Store(l.local) && l.local != nil {
		// A token this instance kept while the shared store was
		// unavailable (a Redis restarted empty, a write that failed).
		b, ok, err = l.local.Get(ctx, key)
	}
	if err != nil || !ok {
		return nil, err
	}
	var t Token
	if json.Unmarshal(b, &t) != nil || t.PatientID != patientID {
		return nil, nil // unreadable: as if absent (it is replaced at the next save)
	}
	return &t, nil
}

// saveToken stores the member's token: for TokenTTL when it can be
// refreshed, until it expires otherwise.
func (l *Login) saveToken(ctx context.Context, tok *Token) error {
	b, err := json.Marshal(tok)
	if err != nil {
		return err
	}
	ttl := l.tokenTTL
	if tok.RefreshToken == "" && !tok.Expiry.IsZero() {
		ttl = min(ttl, tok.Expiry.Sub(l.now()))
	}
	if ttl < time.Second {
		ttl = time.Second
	}
	key := l.memberKey(tokenNamespace, tok.PatientID)
	_, err = l.degrade(ctx, "token write", func(st rxbridge.Store) error { return st.Set(ctx, key, b, ttl) })
	return err
}

// refreshLock is a member's refresh lock, held on the store it was taken
// on (the shared one, or this instance's memory when the shared one was
// unavailable).
type refreshLock struct {
	st  rxbridge.Store
	key rxbridge.StoreKey
	val []byte
}

// tryLock takes the member's refresh lock, or reports that another caller
// (on any instance) holds it.
func (l *Login) tryLock(ctx context.Context, patientID string) (*refreshLock, bool, error) {
	val := make([]byte, 16)
	if _, err := rand.Read(val); err != nil {
		return nil, false, err
	}
	key := l.memberKey(lockNamespace, patientID)
	var ok bool
	st, err := l.degrade(ctx, "refresh lock", func(st rxbridge.Store) (err error) {
		ok, err = st.SetNX(ctx, key, val, refreshLockTTL)
		return err
	})
	if err != nil || !ok {
		return nil, false, err
	}
	return &refreshLock{st: st, key: key, val: val}, true, nil
}

// unlock releases the lock if it is still this caller's. A failure is
// logged: the lock then ends with its lifetime.
func (l *Login) unlock(ctx context.Context, lk *refreshLock) {
	ctx, cancel := context.WithTimeout(httpx.Detach(ctx), unlockTimeout)
	defer cancel()
	if _, err := lk.st.CompareAndDelete(ctx, lk.key, lk.val); err != nil {
		if lg := l.logger; lg != nil {
			lg.LogAttrs(ctx, slog.LevelWarn, "allcarefhir: refresh lock not released; it ends with its lifetime",
				slog.String("provider", "allcarefhir"), slog.String("error", err.Error()))
		}
	}
}

// fresher reports whether the store's token cur replaces the caller's old
// one: another login or refresh wrote it (its tokens differ).
func fresher(cur *Token, old *Token) bool {
	return cur != nil && (cur.AccessToken != old.AccessToken || cur.RefreshToken != old.RefreshToken)
}

// usable reports whether tok's access token can be used now (not within
// refreshEarly of its expiry).
func (l *Login) usable(tok *Token) bool {
	return tok.AccessToken != "" && (tok.Expiry.IsZero() || l.now().Add(refreshEarly).Before(tok.Expiry))
}

// wait sleeps d or until ctx ends, and returns the next interval.
func wait(ctx context.Context, d time.Duration) (time.Duration, error) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return min(2*d, lockPollMax), nil
	case <-ctx.Done():
		return d, ctx.Err()
	}
}

// spentValue is what marks a refresh token spent: its digest.
func spentValue(tok *Token) []byte {
	sum := sha256.Sum256([]byte("allcarefhir spent refresh token\x00" + tok.RefreshToken))
	return sum[:]
}

// markSpent records that tok's refresh token must not be sent again.
func (l *Login) markSpent(ctx context.Context, tok *Token) {
	key := l.memberKey(spentNamespace, tok.PatientID)
	ctx, cancel := context.WithTimeout(httpx.Detach(ctx), unlockTimeout)
	defer cancel()
	if _, err := l.degrade(ctx, "spent refresh token", func(st rxbridge.Store) error {
		return st.Set(ctx, key, spentValue(tok), l.tokenTTL)
	}); err != nil {
		if lg := l.logger; lg != nil {
			lg.LogAttrs(ctx, slog.LevelWarn, "allcarefhir: a spent refresh token could not be recorded",
				slog.String("provider", "allcarefhir"), slog.String("error", err.Error()))
		}
	}
}

// isSpent reports whether tok's refresh token was recorded as spent.
func (l *Login) isSpent(ctx context.Context, tok *Token) bool {
	key := l.memberKey(spentNamespace, tok.PatientID)
	var b []byte
	var ok bool
	st, err := l.degrade(ctx, "spent refresh token", func(st rxbridge.Store) (err error) {
		b, ok, err = st.Get(ctx, key)
		return err
	})
	if err == nil && !ok && st != rxbridge.Store(l.local) && l.local != nil {
		b, ok, _ = l.local.Get(ctx, key)
	}
	return ok && subtle.ConstantTimeCompare(b, spentValue(tok)) == 1
}
