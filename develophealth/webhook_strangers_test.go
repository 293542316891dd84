package develophealth

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingBody counts the bytes a receiver takes from the request body.
type countingBody struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// deliverCounted posts body with token and returns the status and the body
// bytes the receiver read.
func deliverCounted(h http.Handler, token string, body []byte) (int, int64) {
	cb := &countingBody{r: bytes.NewReader(body)}
	req := httptest.NewRequest(http.MethodPost, "/webhooks/develophealth", cb)
	req.ContentLength = int64(len(body))
	if token != "" {
		req.Header.Set(WebhookHeader, token)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w.Code, cb.n.Load()
}

// TestWebhookReadsNoBodyForStrangers: the token is checked before a byte
// of the body is read.
func TestWebhookReadsNoBodyForStrangers(t *testing.T) {
	body := bytes.Repeat([]byte(" "), 1<<20)
	rh := &recorderHandler{}
	h := newTestReceiver(t).Handler(rh.handle)
	for name, tok := range map[string]string{
		"no token":     "",
		"wrong secret": hs256("whsec_other", freshClaims()),
		"garbage":      "not-a-jwt",
		"expired":      hs256(whSecret, map[string]any{"iat": whNow.Add(-time.Hour).Unix(), "exp": whNow.Add(-50 * time.Minute).Unix()}),
	} {
		status, read := deliverCounted(h, tok, body)
		assert.Equal(t, http.StatusUnauthorized, status, name)
		assert.Zero(t, read, "%s: body bytes read before the 401", name)
	}
	assert.Zero(t, rh.n.Load())
}

// TestWebhookTokenLifetimeDefaults: by default a token must carry exp, be
// at most five minutes old, and (without iat) expire within five minutes.
func TestWebhookTokenLifetimeDefaults(t *testing.T) {
	r := newTestReceiver(t)
	verify := func(r *testReceiver, c map[string]any) error {
		_, err := r.Verify(http.Header{WebhookHeader: {hs256(whSecret, c)}})
		return err
	}
	assert.NoError(t, verify(r, freshClaims()))
	assert.NoError(t, verify(r, map[string]any{"iat": whNow.Add(-4 * time.Minute).Unix(), "exp": whNow.Add(time.Minute).Unix()}))
	assert.NoError(t, verify(r, map[string]any{"exp": whNow.Add(4 * time.Minute).Unix()}), "no iat, short-lived")

	assert.ErrorIs(t, verify(r, map[string]any{}), ErrWebhookTokenNoExpiry, "a token without exp is valid forever")
	assert.ErrorIs(t, verify(r, map[string]any{"iat": whNow.Unix()}), ErrWebhookTokenNoExpiry)
	assert.ErrorIs(t, verify(r, map[string]any{"iat": whNow.Add(-10 * time.Minute).Unix(), "exp": whNow.Add(time.Hour).Unix()}),
		ErrWebhookTokenExpired, "older than the maximum age")
	assert.ErrorIs(t, verify(r, map[string]any{"exp": whNow.Add(24 * time.Hour).Unix()}),
		ErrWebhookTokenExpired, "without iat, a lifetime beyond the maximum age")
	for _, err := range []error{ErrWebhookTokenNoExpiry, ErrWebhookTokenReplayed} {
		assert.ErrorIs(t, err, ErrWebhookUnauthorized)
	}

	// The opt-outs.
	loose := newTestReceiver(t, WithWebhookAllowTokensWithoutExpiry(), WithWebhookMaxAge(0))
	assert.NoError(t, verify(loose, map[string]any{}))
	assert.NoError(t, verify(loose, map[string]any{"iat": whNow.Add(-time.Hour).Unix()}))
	assert.ErrorIs(t, verify(loose, map[string]any{"exp": whNow.Add(-time.Hour).Unix()}), ErrWebhookTokenExpired, "a passed exp still counts")
	long := newTestReceiver(t, WithWebhookMaxAge(time.Hour))
	assert.NoError(t, verify(long, map[string]any{"iat": whNow.Add(-30 * time.Minute).Unix(), "exp": whNow.Add(time.Hour).Unix()}))
}

// TestWebhookReplayRefused: a token is accepted once; a captured header
// replayed with another body is refused, before its body is read.
func TestWebhookReplayRefused(t *testing.T) {
	body := fixture(t, "webhook_pa_status_change.json")
	rh := &recorderHandler{}
	h := newTestReceiver(t).Handler(rh.handle)
	tok := hs256(whSecret, freshClaims())
	status, _ := deliverCounted(h, tok, body)
	require.Equal(t, http.StatusOK, status)

	forged := bytes.Replace(body, []byte(`"Denied"`), []byte(`"Approved"`), 1)
	status, read := deliverCounted(h, tok, forged)
	assert.Equal(t, http.StatusUnauthorized, status, "the same token again")
	assert.Zero(t, read)
	assert.Equal(t, int32(1), rh.n.Load())

	r := newTestReceiver(t)
	_, err := r.VerifyAndParse(context.Background(), http.Header{WebhookHeader: {tok}}, body)
	require.NoError(t, err)
	_, err = r.VerifyAndParse(context.Background(), http.Header{WebhookHeader: {tok}}, body)
	assert.ErrorIs(t, err, ErrWebhookTokenReplayed)
	assert.ErrorIs(t, err, ErrWebhookUnauthorized)

	// A fresh token for the same event is a resend, not a replay.
	status, _ = deliverCounted(h, hs256(whSecret, map[string]any{"iat": whNow.Unix(), "exp": whNow.Add(4 * time.Minute).Unix()}), body)
	assert.Equal(t, http.StatusOK, status)

	// Opt-out.
	off := newTestReceiver(t, WithWebhookReplayProtection(false)).Handler(rh.handle)
	for range 2 {
		status, _ = deliverCounted(off, tok, body)
		assert.Equal(t, http.StatusOK, status)
	}
}

// TestWebhookReplayForgetsAFailedDelivery: a token whose delivery was not
// acknowledged may come again (the sender's retry), and is consumed by
// the one that is.
func TestWebhookReplayForgetsAFailedDelivery(t *testing.T) {
	body := fixture(t, "webhook_pa_status_change.json")
	tok := hs256(whSecret, freshClaims())
	rh := &recorderHandler{err: statusErr(503)}
	h := newTestReceiver(t).Handler(rh.handle)
	status, _ := deliverCounted(h, tok, body)
	require.Equal(t, 503, status)
	status, _ = deliverCounted(h, tok, []byte("not json"))
	require.Equal(t, 400, status)
	rh.err = nil
	status, _ = deliverCounted(h, tok, body)
	assert.Equal(t, 200, status)
	status, _ = deliverCounted(h, tok, body)
	assert.Equal(t, 401, status)
	assert.Equal(t, int32(2), rh.n.Load())
}

// recordingStore is an rxbridge.Store that records every write.
type recordingStore struct {
	rxbridge.Store
	mu     sync.Mutex
	writes []storeWrite
}

type storeWrite struct {
	op    string
	key   rxbridge.StoreKey
	value string
	ttl   time.Duration
}

func newRecordingStore() *recordingStore { return &recordingStore{Store: rxbridge.NewMemoryStore()} }

func (s *recordingStore) record(op string, k rxbridge.StoreKey, v []byte, ttl time.Duration) {
	s.mu.Lock()
	s.writes = append(s.writes, storeWrite{op, k, string(v), ttl})
	s.mu.Unlock()
}

func (s *recordingStore) Set(ctx context.Context, k rxbridge.StoreKey, v []byte, ttl time.Duration) error {
	s.record("set", k, v, ttl)
	return s.Store.Set(ctx, k, v, ttl)
}

func (s *recordingStore) SetNX(ctx context.Context, k rxbridge.StoreKey, v []byte, ttl time.Duration) (bool, error) {
	s.record("setnx", k, v, ttl)
	return s.Store.SetNX(ctx, k, v, ttl)
}

func (s *recordingStore) CompareAndDelete(ctx context.Context, k rxbridge.StoreKey, old []byte) (bool, error) {
	s.record("cad", k, old, 0)
	return s.Store.CompareAndDelete(ctx, k, old)
}

// TestWebhookReplayUsesTheStore: the tokens seen go to the rxbridge.WithStore
// store, beside the events' de-duplication (so instances sharing it share
// replay protection), as a hash, never the token: a lease while the
// delivery runs, then a used marker remembered until the token stops being
// acceptable.
func TestWebhookReplayUsesTheStore(t *testing.T) {
	store := newRecordingStore()
	rh := &recorderHandler{}
	h := newTestReceiver(t, rxbridge.WithStore(store)).Handler(rh.handle)
	claims := freshClaims()
	claims["exp"] = whNow.Add(2 * time.Minute).Unix()
	tok := hs256(whSecret, claims)
	status, _ := deliverCounted(h, tok, fixture(t, "webhook_pa_status_change.json"))
	require.Equal(t, 200, status)

	sum := sha256.Sum256([]byte(tok))
	want := hex.EncodeToString(sum[:])
	var ops []string
	for _, w := range store.writes {
		for _, part := range strings.Split(tok, ".") {
			assert.NotContains(t, w.key.ID, part, "the store never sees the token")
			assert.NotContains(t, w.value, part, "the store never sees the token")
		}
		if w.key.Namespace == "webhook.develophealth.token" {
			require.Equal(t, want, w.key.ID)
			ops = append(ops, w.op)
			if w.op == "set" {
				assert.Equal(t, 2*time.Minute+60*time.Second, w.ttl, "remembered until exp plus the leeway")
			}
		}
	}
	assert.Equal(t, []string{"setnx", "set"}, ops, "a lease, then the used marker")
	var events int
	for _, w := range store.writes {
		if w.key.Namespace == "webhook.develophealth" {
			events++
		}
	}
	assert.Equal(t, 2, events, "the event's lease and done marker, in the same store")

	// A second instance sharing the store refuses the replay.
	other := newTestReceiver(t, rxbridge.WithStore(store)).Handler(rh.handle)
	status, _ = deliverCounted(other, tok, fixture(t, "webhook_pa_status_change.json"))
	assert.Equal(t, 401, status)
}

// TestWebhookCutsOffASlowBody: a body that stops arriving is answered 408
// once the receiver's read timeout passed, over a real server that sets
// no timeout of its own.
func TestWebhookCutsOffASlowBody(t *testing.T) {
	rh := &recorderHandler{}
	r, err := NewReceiver(whSecret, rh.handle, WithWebhookReadTimeout(50*time.Millisecond))
	require.NoError(t, err)
	srv := httptest.NewServer(r)
	defer srv.Close()
	now := time.Now()
	tok := hs256(whSecret, map[string]any{"iat": now.Unix(), "exp": now.Add(time.Minute).Unix()})

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n%s: %s\r\n\r\n{\"event_type\":", WebhookHeader, tok)
	require.NoError(t, err)
	// The rest never comes: only the receiver's answer ends this read.
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(time.Minute)))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusRequestTimeout, resp.StatusCode)
	assert.Zero(t, rh.n.Load())

	_, err = NewReceiver(whSecret, rh.handle, WithWebhookReadTimeout(-time.Second))
	assert.Error(t, err)
}

// TestWebhookDataMemoryBound: data whose decode would take hundreds of
// times its size is not decoded; the authentic event is still delivered,
// with DataErr.
func TestWebhookDataMemoryBound(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`{"event_id":"wh_evt_1","title":"t","description":"d","event_type":"prior_authorization.status_change","data":{"id":"pa_1","object":"prior_authorization","activity_log":[`)
	for i := range 300_000 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("{}")
	}
	b.WriteString(`]}}`)
	body := b.Bytes()
	rh := &recorderHandler{}
	h := newTestReceiver(t, WithWebhookReplayProtection(false)).Handler(rh.handle)
	tok := hs256(whSecret, freshClaims())
	status := 0
	best := ^uint64(0)
	for range 3 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		status, _ = deliverCounted(h, tok, body)
		runtime.ReadMemStats(&after)
		best = min(best, after.TotalAlloc-before.TotalAlloc)
	}
	assert.Equal(t, 200, status)
	assert.LessOrEqual(t, best, uint64(12*len(body)), "allocated %d bytes for a %d-byte body", best, len(body))
	ev := rh.last.Load()
	assert.True(t, ev.PriorAuthorization == nil, "not decoded")
	assert.ErrorIs(t, ev.DataErr, ErrDecode)
}
