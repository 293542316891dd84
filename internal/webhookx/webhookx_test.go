package webhookx

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxbridge/rxbridge-go/internal/canary"
)

type event struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

func newReceiver(handled *atomic.Int32, handleErr error) *Receiver[event] {
	return &Receiver[event]{
		Provider:     "test",
		MaxBodyBytes: 1024,
		Verify: func(_ context.Context, h http.Header, body []byte) error {
			if !EqualSecret(h.Get("X-Secret"), "s3cret") {
				return ErrUnauthorized
			}
			return nil
		},
		Parse: func(_ context.Context, _ http.Header, body []byte) (event, error) {
			var e event
			if err := json.Unmarshal(body, &e); err != nil || e.Type == "" {
				return e, fmt.Errorf("%w: bad event", ErrMalformed)
			}
			return e, nil
		},
		Handle: func(ctx context.Context, e event) error {
			handled.Add(1)
			return handleErr
		},
	}
}

func post(h http.Handler, method, secret, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/hook", strings.NewReader(body))
	if secret != "" {
		req.Header.Set("X-Secret", secret)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func TestReceiverStatuses(t *testing.T) {
	var handled atomic.Int32
	rc := newReceiver(&handled, nil)
	good := `{"id":"1","type":"case.created"}`
	cases := []struct {
		name, method, secret, body string
		want                       int
	}{
		{"ok", http.MethodPost, "s3cret", good, 200},
		{"GET", http.MethodGet, "s3cret", good, 405},
		{"PUT", http.MethodPut, "s3cret", good, 405},
		{"no secret", http.MethodPost, "", good, 401},
		{"wrong secret", http.MethodPost, "s3creT", good, 401},
		{"prefix of secret", http.MethodPost, "s3cre", good, 401},
		{"malformed", http.MethodPost, "s3cret", `{"id":`, 400},
		{"not an event", http.MethodPost, "s3cret", `{"id":"1"}`, 400},
		{"too large", http.MethodPost, "s3cret", `{"id":"` + strings.Repeat("x", 2000) + `","type":"t"}`, 413},
	}
	for _, tc := range cases {
		handled.Store(0)
		w := post(rc, tc.method, tc.secret, tc.body)
		assert.Equal(t, tc.want, w.Code, tc.name)
		if tc.want == 200 {
			assert.Equal(t, int32(1), handled.Load())
		} else {
			assert.Equal(t, int32(0), handled.Load(), "%s: the handler never sees a rejected delivery", tc.name)
		}
		if tc.want == 405 {
			assert.Equal(t, "POST", w.Header().Get("Allow"))
		}
	}
}

func TestTooLargeWithoutContentLength(t *testing.T) {
	var handled atomic.Int32
	rc := newReceiver(&handled, nil)
	body := `{"id":"` + strings.Repeat("x", 5000) + `","type":"t"}`
	req := httptest.NewRequest(http.MethodPost, "/hook", io.MultiReader(strings.NewReader(body)))
	req.ContentLength = -1
	req.Header.Set("X-Secret", "s3cret")
	w := httptest.NewRecorder()
	rc.ServeHTTP(w, req)
	assert.Equal(t, 413, w.Code)
}

type conflict struct{}

func (conflict) Error() string   { return "duplicate order" }
func (conflict) HTTPStatus() int { return 409 }

func TestHandlerFailureIsNotAcknowledged(t *testing.T) {
	var handled atomic.Int32
	w := post(newReceiver(&handled, errors.New("db down")), http.MethodPost, "s3cret", `{"id":"1","type":"t"}`)
	assert.Equal(t, 500, w.Code, "the sender must retry")
	w = post(newReceiver(&handled, conflict{}), http.MethodPost, "s3cret", `{"id":"1","type":"t"}`)
	assert.Equal(t, 409, w.Code)
}

func TestVerifyAndParseVerifiesFirst(t *testing.T) {
	var handled atomic.Int32
	rc := newReceiver(&handled, nil)
	parsed := false
	rc.Parse = func(context.Context, http.Header, []byte) (event, error) { parsed = true; return event{}, nil }
	_, err := rc.VerifyAndParse(context.Background(), http.Header{}, []byte(`{}`))
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.False(t, parsed)
}

func TestReceiverLogsNoBodyOrSecret(t *testing.T) {
	var handled atomic.Int32
	rc := newReceiver(&handled, nil)
	logger, sink := canary.Logger()
	rc.Logger = logger
	post(rc, http.MethodPost, "s3cret", `{"id":"CANARY-PATIENT","type":"t"}`)
	post(rc, http.MethodPost, "CANARY-WRONG-SECRET", `{"id":"CANARY-PATIENT","type":"t"}`)
	require.Greater(t, sink.Records(), 0)
	canary.AssertClean(t, sink.String(), "CANARY-PATIENT", "CANARY-WRONG-SECRET", "s3cret")
}

func TestEqualSecret(t *testing.T) {
	assert.True(t, EqualSecret("abc", "abc"))
	assert.False(t, EqualSecret("abc", "abd"))
	assert.False(t, EqualSecret("", ""), "an unset secret never matches")
	assert.False(t, EqualSecret("abcd", "abc"))
	assert.True(t, EqualAnySecret("new", "old", "new"))
	assert.False(t, EqualAnySecret("x", "old", "new"))
}

func TestHMACKnownAnswer(t *testing.T) {
	// GitHub's published test vector.
	const sig = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
	secret, body := []byte("It's a Secret to Everybody"), []byte("Hello, World!")
	assert.Equal(t, sig, HMACSHA256Hex(secret, body))
	keys := NewMACKeys(SHA256(), string(secret))
	rotating := NewMACKeys(SHA256(), "old", string(secret))
	for range 3 { // again and again: the pooled HMACs keep their keys
		assert.True(t, keys.VerifySHA256Hex(body, "sha256="+sig))
		assert.True(t, rotating.VerifySHA256Hex(body, strings.ToUpper(sig)), "rotation")
		flipped := append([]byte(nil), body...)
		flipped[0] ^= 1
		assert.False(t, keys.VerifySHA256Hex(flipped, sig))
		assert.False(t, keys.VerifySHA256Hex(body, sig[:10]))
		assert.False(t, keys.VerifySHA256Hex(body, "zz"))
		assert.False(t, NewMACKeys(SHA256()).VerifySHA256Hex(body, sig), "no secret, no match")
		assert.False(t, NewMACKeys(SHA256(), "").VerifySHA256Hex(body, sig), "an empty secret is no key")
		assert.False(t, (*MACKeys)(nil).VerifySHA256Hex(body, sig), "nil: no match")
	}
	assert.False(t, keys.Matches(1, body, nil), "a hash number out of range matches nothing")
	assert.Equal(t, "webhookx.MACKeys{[REDACTED]}", fmt.Sprintf("%+v", keys))
}

// A provider's Verify or Parse error that does not match the kind the
// receiver answers by is given it without a change to its text, and
// without a type of this package in its chain.
func TestVerifyAndParseGivesErrorsTheirKind(t *testing.T) {
	verifyErr := errors.New("test: webhook: signature does not match")
	parseErr := errors.New("test: webhook: not an event")
	rc := &Receiver[event]{
		Provider:     "test",
		MaxBodyBytes: 1024,
		Verify: func(_ context.Context, h http.Header, _ []byte) error {
			if h.Get("X-Secret") != "s3cret" {
				return verifyErr
			}
			return nil
		},
		Parse:  func(context.Context, http.Header, []byte) (event, error) { return event{}, parseErr },
		Handle: func(context.Context, event) error { return nil },
	}
	for _, c := range []struct {
		secret string
		cause  error
		kind   error
		status int
	}{
		{"", verifyErr, ErrUnauthorized, http.StatusUnauthorized},
		{"s3cret", parseErr, ErrMalformed, http.StatusBadRequest},
	} {
		_, err := rc.VerifyAndParse(context.Background(), http.Header{"X-Secret": {c.secret}}, []byte(`{}`))
		require.ErrorIs(t, err, c.kind)
		require.ErrorIs(t, err, c.cause)
		assert.Equal(t, c.cause.Error(), err.Error(), "the text is the provider's")
		assert.NotContains(t, fmt.Sprintf("%T", err), "webhookx", "a type users can name")
		assert.Equal(t, c.status, post(rc, http.MethodPost, c.secret, `{}`).Code)
	}
}
