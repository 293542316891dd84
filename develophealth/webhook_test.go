package develophealth

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/canary"
)

const whSecret = "whsec_test_0123456789"

var whNow = time.Date(2026, 7, 29, 18, 12, 4, 0, time.UTC)

func enc(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hmacToken signs header.claims with HMAC of the given hash.
func hmacToken(h func() hash.Hash, secret string, header, claims map[string]any) string {
	in := enc(header) + "." + enc(claims)
	m := hmac.New(h, []byte(secret))
	m.Write([]byte(in))
	return in + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func hs256(secret string, claims map[string]any) string {
	return hmacToken(sha256.New, secret, map[string]any{"alg": "HS256", "typ": "JWT"}, claims)
}

// tokenSeq makes each fresh token unique (a replayed token is refused).
var tokenSeq atomic.Int64

func freshClaims() map[string]any {
	return map[string]any{"iat": whNow.Unix(), "exp": whNow.Add(5 * time.Minute).Unix(), "iss": "develophealth",
		"jti": fmt.Sprint(tokenSeq.Add(1))}
}

// testReceiver builds receivers with the same options and one store
// (unless the options give theirs): Handler makes one per handler, and
// its own (with a handler that must not run) verifies and parses.
type testReceiver struct {
	*Receiver
	t    *testing.T
	opts []Option
}

func newTestReceiver(t *testing.T, opts ...Option) *testReceiver {
	t.Helper()
	opts = append([]Option{WithWebhookClock(func() time.Time { return whNow }), rxbridge.WithStore(rxbridge.NewMemoryStore())}, opts...)
	r, err := NewReceiver(whSecret, func(context.Context, *Event) error {
		t.Error("VerifyAndParse called the handler")
		return nil
	}, opts...)
	require.NoError(t, err)
	return &testReceiver{Receiver: r, t: t, opts: opts}
}

// Handler returns a receiver calling handle.
func (tr *testReceiver) Handler(handle Handler) http.Handler {
	tr.t.Helper()
	r, err := NewReceiver(whSecret, handle, tr.opts...)
	require.NoError(tr.t, err)
	return r
}

func deliver(h http.Handler, token, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/webhooks/develophealth", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set(WebhookHeader, token)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

type recorderHandler struct {
	n    atomic.Int32
	last atomic.Pointer[Event]
	err  error
}

func (rh *recorderHandler) handle(_ context.Context, ev *Event) error {
	rh.n.Add(1)
	rh.last.Store(ev)
	return rh.err
}

func TestWebhookAcceptsValidTokens(t *testing.T) {
	body := string(fixture(t, "webhook_pa_status_change.json"))
	for name, h := range map[string]func() hash.Hash{"HS256": sha256.New, "HS384": sha512.New384, "HS512": sha512.New} {
		rh := &recorderHandler{}
		handler := newTestReceiver(t).Handler(rh.handle)
		tok := hmacToken(h, whSecret, map[string]any{"alg": name, "typ": "JWT", "kid": "k1"}, freshClaims())
		w := deliver(handler, tok, body)
		require.Equal(t, 200, w.Code, name)
		require.Equal(t, int32(1), rh.n.Load())
		ev := rh.last.Load()
		assert.Equal(t, EventPriorAuthStatusChange, ev.Type())
		require.NotNil(t, ev.PriorAuthorization)
		assert.Equal(t, "pa_sdkfj3f", ev.PriorAuthorization.ID)
		assert.Equal(t, OutcomeDenied, ev.PriorAuthorization.Outcome.Result)
		require.NotNil(t, ev.Claims)
		assert.Equal(t, name, ev.Claims.Algorithm)
		assert.Equal(t, "k1", ev.Claims.KeyID)
		assert.Equal(t, "develophealth", ev.Claims.Issuer)
		assert.Equal(t, whNow.Add(5*time.Minute), ev.Claims.ExpiresAt)
	}
}

// TestWebhookRejections covers every way a delivery must be refused, and
// that the handler never sees a refused one.
func TestWebhookRejections(t *testing.T) {
	body := string(fixture(t, "webhook_pa_status_change.json"))
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	claims := freshClaims()

	rs256 := func() string {
		in := enc(map[string]any{"alg": "RS256", "typ": "JWT"}) + "." + enc(claims)
		d := sha256.Sum256([]byte(in))
		sig, err := rsa.SignPKCS1v15(rand.Reader, rsaKey, crypto.SHA256, d[:])
		require.NoError(t, err)
		return in + "." + base64.RawURLEncoding.EncodeToString(sig)
	}()
	es256 := func() string {
		in := enc(map[string]any{"alg": "ES256"}) + "." + enc(claims)
		d := sha256.Sum256([]byte(in))
		sig, err := ecdsa.SignASN1(rand.Reader, ecKey, d[:])
		require.NoError(t, err)
		return in + "." + base64.RawURLEncoding.EncodeToString(sig)
	}()
	// Algorithm confusion: the header says RS256, the signature is an
	// HMAC-SHA256 made with the shared secret (what a verifier that trusts
	// the key type instead of the header, or the reverse, would accept).
	confused := hmacToken(sha256.New, whSecret, map[string]any{"alg": "RS256", "typ": "JWT"}, claims)
	noneEmpty := enc(map[string]any{"alg": "none"}) + "." + enc(claims) + "."
	noneSigned := hmacToken(sha256.New, whSecret, map[string]any{"alg": "none"}, claims)
	lower := hmacToken(sha256.New, whSecret, map[string]any{"alg": "hs256"}, claims)
	noAlg := hmacToken(sha256.New, whSecret, map[string]any{"typ": "JWT"}, claims)
	crit := hmacToken(sha256.New, whSecret, map[string]any{"alg": "HS256", "crit": []string{"b64"}, "b64": false}, claims)
	valid := hs256(whSecret, claims)

	cases := []struct {
		name  string
		token string
		want  error
	}{
		{"missing header", "", ErrWebhookTokenMissing},
		{"wrong secret", hs256("whsec_other", claims), ErrWebhookSignature},
		{"secret prefix", hs256(whSecret[:len(whSecret)-1], claims), ErrWebhookSignature},
		{"alg none, empty signature", noneEmpty, ErrWebhookAlgorithm},
		{"alg none, HMAC signature", noneSigned, ErrWebhookAlgorithm},
		{"RS256 signed with an RSA key", rs256, ErrWebhookAlgorithm},
		{"RS256 header with HMAC-key signature (confusion)", confused, ErrWebhookAlgorithm},
		{"ES256", es256, ErrWebhookAlgorithm},
		{"lower-case alg", lower, ErrWebhookAlgorithm},
		{"no alg", noAlg, ErrWebhookTokenMalformed},
		{"critical extension", crit, ErrWebhookTokenMalformed},
		{"HS512 header over an HS256 signature", strings.Replace(valid, strings.Split(valid, ".")[0], enc(map[string]any{"alg": "HS512"}), 1), ErrWebhookSignature},
		{"signature stripped", valid[:strings.LastIndexByte(valid, '.')+1], ErrWebhookSignature},
		{"two parts", valid[:strings.LastIndexByte(valid, '.')], ErrWebhookTokenMalformed},
		{"four parts", valid + ".x", ErrWebhookTokenMalformed},
		{"padded signature", valid + "=", ErrWebhookSignature},
		{"garbage", "not-a-jwt", ErrWebhookTokenMalformed},
		{"oversized token", valid + strings.Repeat("A", maxTokenBytes), ErrWebhookTokenMalformed},
		{"expired", hs256(whSecret, map[string]any{"exp": whNow.Add(-2 * time.Minute).Unix()}), ErrWebhookTokenExpired},
		{"not yet valid", hs256(whSecret, map[string]any{"nbf": whNow.Add(2 * time.Minute).Unix()}), ErrWebhookTokenNotYetValid},
		{"issued in the future", hs256(whSecret, map[string]any{"iat": whNow.Add(10 * time.Minute).Unix()}), ErrWebhookTokenNotYetValid},
		{"exp as text", hs256(whSecret, map[string]any{"exp": "tomorrow"}), ErrWebhookTokenMalformed},
		{"payload not an object", hmacToken(sha256.New, whSecret, map[string]any{"alg": "HS256"}, nil), ErrWebhookTokenMalformed},
	}
	for _, tc := range cases {
		rh := &recorderHandler{}
		r := newTestReceiver(t)
		w := deliver(r.Handler(rh.handle), tc.token, body)
		assert.Equal(t, 401, w.Code, tc.name)
		assert.Equal(t, int32(0), rh.n.Load(), "%s: the handler never sees a refused delivery", tc.name)
		_, err := r.VerifyAndParse(context.Background(), http.Header{WebhookHeader: {tc.token}}, []byte(body))
		assert.ErrorIs(t, err, ErrWebhookUnauthorized, tc.name)
		assert.ErrorIs(t, err, tc.want, tc.name)
		if tc.token != "" {
			assert.NotContains(t, err.Error(), tc.token, "the token is not in the error")
		}
		assert.NotContains(t, err.Error(), whSecret)
	}
}

// TestWebhookFlippedBytes flips every byte of a valid token: each variant
// is refused.
func TestWebhookFlippedBytes(t *testing.T) {
	r := newTestReceiver(t)
	tok := hs256(whSecret, freshClaims())
	_, err := r.Verify(http.Header{WebhookHeader: {tok}})
	require.NoError(t, err)
	for i := 0; i < len(tok); i++ {
		for _, mask := range []byte{0x01, 0x02, 0x20} {
			b := []byte(tok)
			b[i] ^= mask
			if string(b) == tok {
				continue
			}
			_, err := r.Verify(http.Header{WebhookHeader: {string(b)}})
			require.ErrorIs(t, err, ErrWebhookUnauthorized, "byte %d ^ %#x accepted", i, mask)
		}
	}
}

func TestWebhookLeewayAndMaxAge(t *testing.T) {
	r := newTestReceiver(t, WithWebhookLeeway(30*time.Second))
	exp := whNow.Add(time.Minute).Unix()
	for _, c := range []map[string]any{
		{"exp": whNow.Add(-20 * time.Second).Unix()},
		{"nbf": whNow.Add(20 * time.Second).Unix(), "exp": exp},
		{"iat": whNow.Add(20 * time.Second).Unix(), "exp": exp},
		{"exp": float64(whNow.Unix()) + 0.5},
	} {
		_, err := r.Verify(http.Header{WebhookHeader: {hs256(whSecret, c)}})
		assert.NoError(t, err, "%v is within the leeway", c)
	}
	_, err := r.Verify(http.Header{WebhookHeader: {hs256(whSecret, map[string]any{"exp": whNow.Add(-31 * time.Second).Unix()})}})
	assert.ErrorIs(t, err, ErrWebhookTokenExpired)

	aged := newTestReceiver(t, WithWebhookMaxAge(5*time.Minute))
	_, err = aged.Verify(http.Header{WebhookHeader: {hs256(whSecret, map[string]any{"iat": whNow.Add(-4 * time.Minute).Unix(), "exp": exp})}})
	assert.NoError(t, err)
	_, err = aged.Verify(http.Header{WebhookHeader: {hs256(whSecret, map[string]any{"iat": whNow.Add(-10 * time.Minute).Unix(), "exp": exp})}})
	assert.ErrorIs(t, err, ErrWebhookTokenExpired)
	_, err = aged.Verify(http.Header{WebhookHeader: {hs256(whSecret, map[string]any{"exp": whNow.Add(10 * time.Minute).Unix()})}})
	assert.ErrorIs(t, err, ErrWebhookTokenExpired, "without iat, exp within the max age")
}

func TestWebhookSecretRotationAndBearerPrefix(t *testing.T) {
	r, err := NewReceiver("whsec_new", func(context.Context, *Event) error { return nil }, WithWebhookPreviousSecrets("whsec_old"), WithWebhookClock(func() time.Time { return whNow }))
	require.NoError(t, err)
	for _, s := range []string{"whsec_new", "whsec_old"} {
		_, err := r.Verify(http.Header{WebhookHeader: {hs256(s, freshClaims())}})
		assert.NoError(t, err, s)
	}
	_, err = r.Verify(http.Header{WebhookHeader: {"Bearer " + hs256("whsec_new", freshClaims())}})
	assert.NoError(t, err)
	_, err = r.Verify(http.Header{WebhookHeader: {hs256("whsec_other", freshClaims())}})
	assert.ErrorIs(t, err, ErrWebhookSignature)

	_, err = NewReceiver("", func(context.Context, *Event) error { return nil })
	assert.Error(t, err)
	_, err = NewReceiver(whSecret, nil)
	assert.Error(t, err)
}

// TestWebhookPooledMACsKeepTheirKeys verifies, from many goroutines and
// many times over (so that pooled HMACs are reused), tokens signed with
// each secret and algorithm: each verifies, and one signed with a secret
// the receiver does not hold never does, whichever HMAC was pooled last.
func TestWebhookPooledMACsKeepTheirKeys(t *testing.T) {
	r, err := NewReceiver("whsec_new", func(context.Context, *Event) error { return nil },
		WithWebhookPreviousSecrets("whsec_old"), WithWebhookClock(func() time.Time { return whNow }))
	require.NoError(t, err)
	type tok struct {
		name, token string
		ok          bool
	}
	var toks []tok
	for alg, h := range map[string]func() hash.Hash{"HS256": sha256.New, "HS384": sha512.New384, "HS512": sha512.New} {
		for _, s := range []string{"whsec_new", "whsec_old", "whsec_other"} {
			toks = append(toks, tok{alg + " " + s, hmacToken(h, s, map[string]any{"alg": alg}, freshClaims()), s != "whsec_other"})
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*20*len(toks))
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 * len(toks) {
				tk := toks[(g+i)%len(toks)]
				_, err := r.Verify(http.Header{WebhookHeader: {tk.token}})
				if (err == nil) != tk.ok || (err != nil && !errors.Is(err, ErrWebhookSignature)) {
					errs <- fmt.Sprintf("%s: %v", tk.name, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		assert.NotContains(t, fmt.Sprintf(verb, r.keys), "whsec_", verb)
	}
}

func TestWebhookHTTPStatuses(t *testing.T) {
	body := string(fixture(t, "webhook_pa_status_change.json"))
	tok := hs256(whSecret, freshClaims())

	rh := &recorderHandler{}
	h := newTestReceiver(t, WithWebhookMaxBodyBytes(int64(len(body)))).Handler(rh.handle)
	assert.Equal(t, 200, deliver(h, hs256(whSecret, freshClaims()), body).Code)

	// Oversized body, with and without Content-Length.
	big := body + strings.Repeat(" ", 10)
	assert.Equal(t, 413, deliver(h, tok, big).Code)
	req := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(strings.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set(WebhookHeader, tok)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	assert.Equal(t, 413, w.Code)

	// Method.
	req = httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set(WebhookHeader, tok)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, req)
	assert.Equal(t, 405, w.Code)

	// A verified token over a body that is not an event.
	for _, b := range []string{"", "[]", "not json", `"text"`, `{"event_type":`} {
		assert.Equal(t, 400, deliver(h, tok, b).Code, "%q", b)
	}
	// The token is checked before the body is even parsed.
	assert.Equal(t, 401, deliver(h, hs256("bad", freshClaims()), "not json").Code)
	assert.Equal(t, int32(1), rh.n.Load())

	// Handler failures are not acknowledged.
	failing := &recorderHandler{err: errors.New("database down")}
	assert.Equal(t, 500, deliver(newTestReceiver(t).Handler(failing.handle), tok, body).Code)
	unavailable := &recorderHandler{err: statusErr(503)}
	assert.Equal(t, 503, deliver(newTestReceiver(t).Handler(unavailable.handle), tok, body).Code)
}

type statusErr int

func (s statusErr) Error() string   { return "status" }
func (s statusErr) HTTPStatus() int { return int(s) }

func TestWebhookEveryEventType(t *testing.T) {
	cases := map[string]EventType{
		"webhook_pa_status_change.json":                   EventPriorAuthStatusChange,
		"webhook_pa_status_change_legacy.json":            EventPriorAuthStatusChange,
		"webhook_bv_status_change.json":                   EventBenefitVerificationStatusChange,
		"webhook_pa_activity_log_updated.json":            EventPriorAuthActivityLogUpdated,
		"webhook_pa_message.json":                         EventPriorAuthMessage,
		"webhook_pa_prescription_transfer_change.json":    EventPriorAuthPrescriptionTransferChange,
		"webhook_pa_real_time_benefits_check_change.json": EventPriorAuthRealTimeBenefitsCheckChange,
		"webhook_provider_outreach_change.json":           EventPriorAuthProviderOutreachChange,
		"webhook_unknown_event.json":                      "clinical_qualification.completed",
	}
	r := newTestReceiver(t)
	for name, want := range cases {
		body := fixture(t, name)
		ev, err := r.VerifyAndParse(context.Background(), http.Header{WebhookHeader: {hs256(whSecret, freshClaims())}}, body)
		require.NoError(t, err, name)
		assert.Equal(t, want, ev.Type(), name)
		assert.NoError(t, ev.DataErr, name)
		assert.Equal(t, want.Known(), name != "webhook_unknown_event.json")
		switch {
		case want == EventBenefitVerificationStatusChange:
			require.NotNil(t, ev.BenefitVerification, name)
			assert.Equal(t, "bv_dj3wiu", ev.BenefitVerification.ID)
		case want == EventPriorAuthProviderOutreachChange:
			require.NotNil(t, ev.ProviderOutreach, name)
			assert.Equal(t, "prov_outreach_seq_rStUvWx", ev.ProviderOutreach.OutreachSequenceID)
			var raw map[string]any
			require.NoError(t, json.Unmarshal(ev.ProviderOutreach.Raw, &raw))
			assert.Equal(t, "fax", raw["channel"], "undocumented fields are kept")
		case !want.Known():
			require.NotNil(t, ev.ClinicalQualification, "an unknown event is typed by its data's object")
			assert.Equal(t, "cq_sdkfj3f", ev.ClinicalQualification.ID)
		default:
			require.NotNil(t, ev.PriorAuthorization, name)
		}
		legacy := strings.HasSuffix(name, "_legacy.json") || name == "webhook_bv_status_change.json"
		assert.Equal(t, !legacy, ev.Versioned(), name)
		if legacy {
			assert.True(t, strings.HasPrefix(ev.ID(), "body:"))
		} else {
			assert.Equal(t, "event:"+ev.EventID, ev.ID())
			assert.Equal(t, 2026, ev.OccurredAt.Year())
		}
		// The envelope re-encodes as received.
		out, err := json.Marshal(ev)
		require.NoError(t, err)
		assert.JSONEq(t, string(body), string(out), name)
	}
	ev, _ := r.VerifyAndParse(context.Background(), http.Header{WebhookHeader: {hs256(whSecret, freshClaims())}}, fixture(t, "webhook_pa_message.json"))
	assert.Len(t, ev.PriorAuthorization.MessageThread.Messages, 2)
}

func TestWebhookUndecodableDataIsStillDelivered(t *testing.T) {
	body := `{"event_id":"wh_evt_1","title":"t","description":"d","event_type":"prior_authorization.status_change","data":{"id":5,"status":"completed"}}`
	rh := &recorderHandler{}
	w := deliver(newTestReceiver(t).Handler(rh.handle), hs256(whSecret, freshClaims()), body)
	assert.Equal(t, 200, w.Code)
	ev := rh.last.Load()
	assert.Nil(t, ev.PriorAuthorization)
	assert.ErrorIs(t, ev.DataErr, ErrDecode)
	assert.NotContains(t, ev.DataErr.Error(), "completed")
	assert.JSONEq(t, `{"id":5,"status":"completed"}`, string(ev.Data))

	ev, err := ParseEvent([]byte(`{"event_type":"something.new","data":[1,2]}`))
	require.NoError(t, err)
	assert.NoError(t, ev.DataErr)
	assert.False(t, ev.Type().Known())
}

// TestWebhookDedup: de-duplication is on by default.
func TestWebhookDedup(t *testing.T) {
	rh := &recorderHandler{}
	h := newTestReceiver(t).Handler(rh.handle)
	v2 := string(fixture(t, "webhook_pa_status_change.json"))
	legacy := string(fixture(t, "webhook_pa_status_change_legacy.json"))
	for range 3 { // each resend with a fresh token
		assert.Equal(t, 200, deliver(h, hs256(whSecret, freshClaims()), v2).Code)
		assert.Equal(t, 200, deliver(h, hs256(whSecret, freshClaims()), legacy).Code)
	}
	assert.Equal(t, int32(2), rh.n.Load(), "six deliveries, two events")
}

func TestWebhookLogsNoPHIOrSecrets(t *testing.T) {
	logger, sink := canary.Logger()
	rh := &recorderHandler{err: errors.New("CANARY-HANDLER-ERR")}
	h := newTestReceiver(t, rxbridge.WithLogger(logger)).Handler(rh.handle)
	body := strings.ReplaceAll(string(fixture(t, "webhook_pa_status_change.json")), "John", "CANARY-PATIENT")
	tok := hs256(whSecret, freshClaims())
	deliver(h, tok, body)
	deliver(h, hs256("CANARY-WRONG-SECRET", freshClaims()), body)
	deliver(h, tok, "CANARY-BODY")
	require.Greater(t, sink.Records(), 0)
	canary.AssertClean(t, sink.String(), "CANARY-PATIENT", "CANARY-WRONG-SECRET", "CANARY-BODY", whSecret, tok, "CANARY-HANDLER-ERR")
	r := newTestReceiver(t)
	_, err := r.VerifyAndParse(context.Background(), http.Header{WebhookHeader: {tok}}, []byte("CANARY-BODY"))
	require.Error(t, err)
	canary.AssertClean(t, canary.Errors(err), "CANARY-BODY", whSecret)
	// The receiver never prints its secret.
	canary.AssertClean(t, fmt.Sprintf("%v %+v %#v %v", r, r, r, *r), whSecret)
	logger.Info("receiver", "r", r)
	canary.AssertClean(t, sink.String(), whSecret)
}

func TestWebhookBodyDigest(t *testing.T) {
	body := string(fixture(t, "webhook_pa_status_change.json"))
	sum := sha256.Sum256([]byte(body))
	claims := freshClaims()
	claims["body_sha256"] = hex.EncodeToString(sum[:])
	tok := hs256(whSecret, claims)

	bound := newTestReceiver(t, WithWebhookBodyDigestClaim("body_sha256"), WithWebhookDeduplication(false)) // one event, several tokens
	rh := &recorderHandler{}
	h := bound.Handler(rh.handle)
	claims["jti"] = "first"
	assert.Equal(t, 200, deliver(h, hs256(whSecret, claims), body).Code)
	b64claims := freshClaims()
	b64claims["body_sha256"] = base64.StdEncoding.EncodeToString(sum[:])
	assert.Equal(t, 200, deliver(h, hs256(whSecret, b64claims), body).Code, "base64 digest")

	// A flipped byte anywhere in the body is refused.
	for _, i := range []int{0, len(body) / 3, len(body) / 2, len(body) - 2} {
		flipped := []byte(body)
		flipped[i] ^= 0x01
		w := deliver(h, tok, string(flipped))
		assert.Equal(t, 401, w.Code, "byte %d", i)
		_, err := bound.VerifyAndParse(context.Background(), http.Header{WebhookHeader: {tok}}, flipped)
		assert.ErrorIs(t, err, ErrWebhookBodyMismatch)
	}
	assert.Equal(t, 401, deliver(h, hs256(whSecret, freshClaims()), body).Code, "no digest claim")
	assert.Equal(t, int32(2), rh.n.Load())

	// Without the option the token authenticates the sender only.
	loose := newTestReceiver(t)
	flipped := strings.Replace(body, `"completed"`, `"cancelled"`, 1)
	_, err := loose.VerifyAndParse(context.Background(), http.Header{WebhookHeader: {tok}}, []byte(flipped))
	assert.NoError(t, err)
}

// TestWebhookHandlerNilAnswers500: Handler(nil) given a valid delivery
// answers 500 (the sender retries; the event is not lost), and never
// panics; nor does a zero-value or nil receiver's handler.
func TestWebhookHandlerNilAnswers500(t *testing.T) {
	body := string(fixture(t, "webhook_pa_status_change.json"))
	if r, err := NewReceiver(whSecret, nil); err == nil {
		w := deliver(r, hs256(whSecret, freshClaims()), body)
		require.Equal(t, http.StatusInternalServerError, w.Code)
	}
	for name, r := range map[string]*Receiver{"zero": {}, "nil": nil} {
		w := deliver(r, hs256(whSecret, freshClaims()), body)
		require.GreaterOrEqual(t, w.Code, 400, name)
		_, err := r.VerifyAndParse(context.Background(), http.Header{}, []byte(body))
		require.Error(t, err, name)
		_, err = r.Verify(http.Header{})
		require.Error(t, err, name)
	}
}
