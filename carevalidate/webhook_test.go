package carevalidate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

const (
	hookHeader = "X-Partner-Auth"
	hookSecret = "s3cret-header-value"
	signingKey = "signing-key-1"
)

// recorder is a Handler that counts calls and keeps the last event.
type recorder struct {
	calls atomic.Int32
	last  atomic.Pointer[Event]
	err   error
}

func (r *recorder) handle(_ context.Context, ev *Event) error {
	r.calls.Add(1)
	r.last.Store(ev)
	return r.err
}

func deliver(t *testing.T, h http.Handler, body []byte, hdr map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func TestReceiverSecretHeader(t *testing.T) {
	body := fixture(t, "case-update-order-top-level.json")
	var rec recorder
	rc, err := NewReceiver(WebhookSecrets{HeaderName: "x-partner-auth", Secrets: []string{"old-value", hookSecret}}, rec.handle,
		WithWebhookDeduplication(false)) // the same event is delivered each time
	require.NoError(t, err)

	cases := []struct {
		name   string
		hdr    map[string]string
		status int
	}{
		{"right secret", map[string]string{hookHeader: hookSecret}, 200},
		{"the other secret during a rotation", map[string]string{hookHeader: "old-value"}, 200},
		{"missing", nil, 401},
		{"wrong", map[string]string{hookHeader: "s3cret-header-valuE"}, 401},
		{"prefix of the secret", map[string]string{hookHeader: hookSecret[:len(hookSecret)-1]}, 401},
		{"secret plus a suffix", map[string]string{hookHeader: hookSecret + "x"}, 401},
		{"empty", map[string]string{hookHeader: ""}, 401},
		{"in another header", map[string]string{"Authorization": hookSecret}, 401},
	}
	for _, tc := range cases {
		rec.calls.Store(0)
		w := deliver(t, rc, body, tc.hdr)
		assert.Equal(t, tc.status, w.Code, tc.name)
		if tc.status == 200 {
			assert.Equal(t, int32(1), rec.calls.Load(), tc.name)
			assert.Equal(t, EventOrderTrackingAdded, rec.last.Load().Type())
		} else {
			assert.Equal(t, int32(0), rec.calls.Load(), "%s: the handler never sees a rejected delivery", tc.name)
			assert.NotContains(t, w.Body.String(), hookSecret)
		}
	}

	// The header sent twice is refused.
	req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(body))
	req.Header.Add(hookHeader, hookSecret)
	req.Header.Add(hookHeader, "other")
	w := httptest.NewRecorder()
	rc.ServeHTTP(w, req)
	assert.Equal(t, 401, w.Code)
}

func TestReceiverSignature(t *testing.T) {
	body := fixture(t, "case-update-order-in-payload.json")
	var rec recorder
	rc, err := NewReceiver(WebhookSecrets{SigningSecrets: []string{"previous-key", signingKey}}, rec.handle,
		WithWebhookDeduplication(false)) // the same event is delivered each time
	require.NoError(t, err)
	sig := Sign(signingKey, body)
	assert.Regexp(t, `^[0-9a-f]{64}$`, sig)

	assert.Equal(t, 200, deliver(t, rc, body, map[string]string{"x-cv-signature": sig}).Code)
	assert.Equal(t, 200, deliver(t, rc, body, map[string]string{"X-CV-SIGNATURE": strings.ToUpper(sig)}).Code)
	assert.Equal(t, 200, deliver(t, rc, body, map[string]string{"x-cv-signature": Sign("previous-key", body)}).Code, "rotation")
	assert.Equal(t, int32(3), rec.calls.Load())

	flipped := bytes.Clone(body)
	i := bytes.Index(flipped, []byte("1Z73W7724497173000"))
	flipped[i+5] ^= 1
	for name, tc := range map[string]struct {
		body []byte
		sig  string
	}{
		"a flipped body byte":     {flipped, sig},
		"a flipped signature bit": {body, flipHex(sig)},
		"another key":             {body, Sign("not-the-key", body)},
		"missing":                 {body, ""},
		"truncated":               {body, sig[:40]},
		"not hex":                 {body, strings.Repeat("z", 64)},
		"re-encoded JSON":         {compactJSON(t, body), sig},
	} {
		hdr := map[string]string{}
		if tc.sig != "" {
			hdr[SignatureHeader] = tc.sig
		}
		assert.Equal(t, 401, deliver(t, rc, tc.body, hdr).Code, name)
	}
	assert.Equal(t, int32(3), rec.calls.Load())
}

func flipHex(s string) string {
	b := []byte(s)
	if b[10] == '0' {
		b[10] = '1'
	} else {
		b[10] = '0'
	}
	return string(b)
}

func compactJSON(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	require.NoError(t, json.Compact(&buf, b))
	return buf.Bytes()
}

func TestReceiverBothChecksRequired(t *testing.T) {
	body := fixture(t, "event-only-payment-added.json")
	var rec recorder
	rc, err := NewReceiver(WebhookSecrets{HeaderName: hookHeader, Secrets: []string{hookSecret}, SigningSecrets: []string{signingKey}}, rec.handle)
	require.NoError(t, err)
	sig := Sign(signingKey, body)
	assert.Equal(t, 200, deliver(t, rc, body, map[string]string{hookHeader: hookSecret, SignatureHeader: sig}).Code)
	assert.Equal(t, 401, deliver(t, rc, body, map[string]string{hookHeader: hookSecret}).Code, "signature missing")
	assert.Equal(t, 401, deliver(t, rc, body, map[string]string{SignatureHeader: sig}).Code, "header missing")
	assert.Equal(t, 401, deliver(t, rc, body, map[string]string{hookHeader: "nope", SignatureHeader: sig}).Code)
	assert.Equal(t, int32(1), rec.calls.Load())
}

func TestReceiverStatuses(t *testing.T) {
	var rec recorder
	rc, err := NewReceiver(WebhookSecrets{HeaderName: hookHeader, Secrets: []string{hookSecret}}, rec.handle)
	require.NoError(t, err)
	auth := map[string]string{hookHeader: hookSecret}

	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		req := httptest.NewRequest(m, "/hook", nil)
		req.Header.Set(hookHeader, hookSecret)
		w := httptest.NewRecorder()
		rc.ServeHTTP(w, req)
		assert.Equal(t, 405, w.Code, m)
		assert.Equal(t, "POST", w.Header().Get("Allow"))
	}
	assert.Equal(t, 400, deliver(t, rc, []byte(`{"event":`), auth).Code)
	assert.Equal(t, 400, deliver(t, rc, []byte(`{"payload":{}}`), auth).Code, "no event name")
	assert.Equal(t, 401, deliver(t, rc, []byte(`{"event":`), nil).Code, "authentication comes before parsing")
	assert.Equal(t, int32(0), rec.calls.Load())

	// An unknown event type reaches the handler.
	w := deliver(t, rc, fixture(t, "unknown-event.json"), auth)
	assert.Equal(t, 200, w.Code)
	assert.Equal(t, EventType("CASE_PRODUCT_STATUS_CHANGED"), rec.last.Load().Type())
}

func TestReceiverHandlerFailureIsNotAcknowledged(t *testing.T) {
	body := fixture(t, "event-only-add-case-comment.json")
	auth := map[string]string{hookHeader: hookSecret}
	rec := recorder{err: errors.New("database down")}
	rc, err := NewReceiver(WebhookSecrets{HeaderName: hookHeader, Secrets: []string{hookSecret}}, rec.handle)
	require.NoError(t, err)
	w := deliver(t, rc, body, auth)
	assert.Equal(t, 500, w.Code, "CareValidate must send it again")
	assert.NotContains(t, w.Body.String(), "database down")

	rec.err = statusErr(503)
	assert.Equal(t, 503, deliver(t, rc, body, auth).Code)
	rec.err = nil
	assert.Equal(t, 200, deliver(t, rc, body, auth).Code)
}

type statusErr int

func (s statusErr) Error() string   { return "status" }
func (s statusErr) HTTPStatus() int { return int(s) }

// countingReader counts the bytes the receiver pulled from the body.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func TestReceiverOversizeStopsAtTheLimit(t *testing.T) {
	var rec recorder
	const limit = 4096
	rc, err := NewReceiver(WebhookSecrets{HeaderName: hookHeader, Secrets: []string{hookSecret}}, rec.handle, WithWebhookMaxBodyBytes(limit))
	require.NoError(t, err)
	assert.Equal(t, int64(limit), rc.MaxBodyBytes())

	huge := append([]byte(`{"event":"ADD_CASE_ATTACHMENT","payload":{"attachment":{"content":"`), bytes.Repeat([]byte("QUJD"), 1<<18)...)
	huge = append(huge, `"}}}`...)

	// Streamed (no Content-Length): read up to the limit, not past it.
	cr := &countingReader{r: bytes.NewReader(huge)}
	req := httptest.NewRequest(http.MethodPost, "/hook", cr)
	req.ContentLength = -1
	req.Header.Set(hookHeader, hookSecret)
	w := httptest.NewRecorder()
	rc.ServeHTTP(w, req)
	assert.Equal(t, 413, w.Code)
	assert.LessOrEqual(t, cr.n.Load(), int64(limit+1), "read past the limit")

	// Declared too large: refused before reading anything.
	cr = &countingReader{r: bytes.NewReader(huge)}
	req = httptest.NewRequest(http.MethodPost, "/hook", cr)
	req.ContentLength = int64(len(huge))
	req.Header.Set(hookHeader, hookSecret)
	w = httptest.NewRecorder()
	rc.ServeHTTP(w, req)
	assert.Equal(t, 413, w.Code)
	assert.Equal(t, int64(0), cr.n.Load())
	assert.Equal(t, int32(0), rec.calls.Load())

	// The default limit is generous: the spec example with a 5 MiB
	// attachment passes.
	big := bytes.Replace(fixture(t, "case-update-order-top-level.json"), []byte("JVBERi0xLjMKJf////8KOS..."),
		bytes.Repeat([]byte("QUJD"), 5<<20/4), 1)
	rc2, err := NewReceiver(WebhookSecrets{SigningSecrets: []string{signingKey}}, rec.handle)
	require.NoError(t, err)
	assert.Equal(t, int64(DefaultMaxWebhookBytes), rc2.MaxBodyBytes())
	assert.Equal(t, 200, deliver(t, rc2, big, map[string]string{SignatureHeader: Sign(signingKey, big)}).Code)
	b, err := rec.last.Load().Payload.Case.Attachments[0].Bytes()
	require.NoError(t, err)
	assert.Len(t, b, 5<<20/4*3)
}

func TestReceiverDedupRunsTheHandlerOnce(t *testing.T) {
	body := fixture(t, "case-update-order-top-level.json")
	var rec recorder
	rc, err := NewReceiver(WebhookSecrets{HeaderName: hookHeader, Secrets: []string{hookSecret}}, rec.handle)
	require.NoError(t, err)
	for range 5 {
		assert.Equal(t, 200, deliver(t, rc, body, map[string]string{hookHeader: hookSecret}).Code)
	}
	assert.Equal(t, int32(1), rec.calls.Load(), "5 deliveries, 1 processing, 5 acknowledgements")

	// Another event of the same case is processed.
	assert.Equal(t, 200, deliver(t, rc, fixture(t, "event-only-payment-added.json"), map[string]string{hookHeader: hookSecret}).Code)
	assert.Equal(t, int32(2), rec.calls.Load())
}

func TestDeduplicationReleasesAFailedEvent(t *testing.T) {
	body := fixture(t, "event-only-add-case-comment.json")
	var calls atomic.Int32
	fail := true
	h := Handler(func(ctx context.Context, ev *Event) error {
		calls.Add(1)
		if fail {
			fail = false
			return errors.New("transient")
		}
		return nil
	})
	rc, err := NewReceiver(WebhookSecrets{HeaderName: hookHeader, Secrets: []string{hookSecret}}, h)
	require.NoError(t, err)
	auth := map[string]string{hookHeader: hookSecret}
	assert.Equal(t, 500, deliver(t, rc, body, auth).Code)
	assert.Equal(t, 200, deliver(t, rc, body, auth).Code, "the retry is processed")
	assert.Equal(t, 200, deliver(t, rc, body, auth).Code, "and a third delivery is a duplicate")
	assert.Equal(t, int32(2), calls.Load())
}

func TestVerifyAndParse(t *testing.T) {
	body := fixture(t, "case-update-order-top-level.json")
	var rec recorder
	rc, err := NewReceiver(WebhookSecrets{SigningSecrets: []string{signingKey}}, rec.handle, WithWebhookMaxBodyBytes(1<<20))
	require.NoError(t, err)
	h := http.Header{}
	h.Set(SignatureHeader, Sign(signingKey, body))
	ev, err := rc.VerifyAndParse(context.Background(), h, body)
	require.NoError(t, err)
	assert.Equal(t, "a265d7a3-d9e2-48b5-b46b-b91e15f9b515", ev.CaseID())

	_, err = rc.VerifyAndParse(context.Background(), http.Header{}, body)
	assert.ErrorIs(t, err, ErrWebhookUnauthorized)
	assert.Contains(t, err.Error(), "x-cv-signature missing")

	bad := []byte(`{"event":`)
	h.Set(SignatureHeader, Sign(signingKey, bad))
	_, err = rc.VerifyAndParse(context.Background(), h, bad)
	assert.ErrorIs(t, err, ErrWebhookMalformed)

	large := bytes.Repeat([]byte(" "), 1<<20+1)
	h.Set(SignatureHeader, Sign(signingKey, large))
	_, err = rc.VerifyAndParse(context.Background(), h, large)
	assert.ErrorIs(t, err, ErrWebhookTooLarge)
	assert.Equal(t, int32(0), rec.calls.Load())
}

func TestNewReceiverValidates(t *testing.T) {
	h := func(context.Context, *Event) error { return nil }
	for name, cfg := range map[string]WebhookSecrets{
		"nothing configured":   {},
		"header without value": {HeaderName: hookHeader},
		"value without header": {Secrets: []string{"CANARY-SECRET-VALUE"}},
		"empty secret":         {HeaderName: hookHeader, Secrets: []string{""}},
		"empty signing secret": {SigningSecrets: []string{""}},
		"bad header name":      {HeaderName: "X Bad Header", Secrets: []string{"CANARY-SECRET-VALUE"}},
		"signature header":     {HeaderName: "x-cv-signature", Secrets: []string{"CANARY-SECRET-VALUE"}},
	} {
		_, err := NewReceiver(cfg, h)
		require.Error(t, err, name)
		assert.NotContains(t, err.Error(), "CANARY-SECRET-VALUE", name)
	}
	valid := WebhookSecrets{SigningSecrets: []string{"k"}}
	for name, opt := range map[string]Option{
		"negative limit":   WithWebhookMaxBodyBytes(-1),
		"zero limit":       WithWebhookMaxBodyBytes(0),
		"negative timeout": WithWebhookReadTimeout(-1),
		"zero lease":       WithWebhookLease(0),
		"client option":    rxbridge.WithTimeout(time.Second),
		"base URL":         rxbridge.WithBaseURL("https://example.com"),
		"staging":          WithStaging(),
	} {
		_, err := NewReceiver(valid, h, opt)
		require.Error(t, err, name)
	}
	_, err := NewReceiver(valid, h, rxbridge.WithStore(rxbridge.NewMemoryStore()), rxbridge.WithLogger(slog.New(slog.DiscardHandler)),
		WithWebhookLease(time.Second), WithWebhookDeduplication(false))
	require.NoError(t, err, "the receiver's options")
	_, err = NewReceiver(WebhookSecrets{SigningSecrets: []string{"k"}}, nil)
	assert.Error(t, err)
}

func TestPackageVerifyAndParse(t *testing.T) {
	body := fixture(t, "event-only-payment-added.json")
	cfg := WebhookSecrets{HeaderName: hookHeader, Secrets: []string{hookSecret}, SigningSecrets: []string{signingKey}}
	h := http.Header{}
	h.Set(hookHeader, hookSecret)
	h.Set(SignatureHeader, Sign(signingKey, body))
	ev, err := VerifyAndParse(context.Background(), cfg, h, body)
	require.NoError(t, err)
	assert.Equal(t, EventPaymentAdded, ev.Type())
	h.Set(hookHeader, "wrong")
	_, err = VerifyAndParse(context.Background(), cfg, h, body)
	assert.ErrorIs(t, err, ErrWebhookUnauthorized)
	_, err = VerifyAndParse(context.Background(), WebhookSecrets{}, h, body)
	assert.Error(t, err, "an unauthenticated configuration is refused")
	assert.NotErrorIs(t, err, ErrWebhookUnauthorized)
}
