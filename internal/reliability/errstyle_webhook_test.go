package reliability

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	cv "github.com/rxbridge/rxbridge-go/carevalidate"
	dh "github.com/rxbridge/rxbridge-go/develophealth"
	"github.com/rxbridge/rxbridge-go/develophealth/develophealthtest"
)

// webhookFailure is one error a user can receive from a webhook API, and
// the sentinels it must match.
type webhookFailure struct {
	provider, name string
	call           func() error
	is             []error
}

// TestErrorStyleOfWebhookErrors holds every error a user can receive from
// the webhook receivers' own API (Verify, VerifyAndParse, ParseEvent,
// Event.UnmarshalJSON, Develop Health's Event.DataErr) to the SDK's style:
// one line, starting with "provider: webhook: " (or "provider: Op: " for
// a configuration refused by the package-level VerifyAndParse), the
// prefix said once, no phrase repeated, every sentinel still matched, and
// no type in its chain from internal/.
func TestErrorStyleOfWebhookErrors(t *testing.T) {
	var failures []webhookFailure
	failures = append(failures, developHealthWebhookFailures(t)...)
	failures = append(failures, careValidateWebhookFailures(t)...)
	for _, f := range failures {
		t.Run(f.provider+"/"+f.name, func(t *testing.T) {
			err := f.call()
			require.Error(t, err)
			checkErrorText(t, f.provider, err)
			checkPublicChain(t, err)
			msg := err.Error()
			assert.NotContains(t, msg, "\n", "one line")
			if !strings.HasPrefix(msg, f.provider+": VerifyAndParse: ") {
				assert.True(t, strings.HasPrefix(msg, f.provider+": webhook: "), "starts with %q: %s", f.provider+": webhook: ", msg)
			}
			assert.LessOrEqual(t, strings.Count(msg, "webhook: "), 1, "says %q at most once: %s", "webhook: ", msg)
			for _, want := range f.is {
				assert.ErrorIs(t, err, want)
			}
		})
	}
}

func developHealthWebhookFailures(t *testing.T) []webhookFailure {
	ctx := context.Background()
	const secret = "whsec_style"
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := dh.WithWebhookClock(func() time.Time { return now })
	fresh := func() map[string]any {
		return map[string]any{"iat": now.Unix(), "exp": now.Add(time.Minute).Unix()}
	}
	handle := func(context.Context, *dh.Event) error { return nil }
	newReceiver := func(opts ...dh.Option) *dh.Receiver {
		r, err := dh.NewReceiver(secret, handle, append([]dh.Option{clock}, opts...)...)
		require.NoError(t, err)
		return r
	}
	r := newReceiver()
	hdr := func(tok string) http.Header { return http.Header{dh.WebhookHeader: {tok}} }
	signed := func(claims map[string]any) http.Header { return hdr(develophealthtest.SignToken(secret, claims)) }
	body := []byte(`{"event_id":"evt_1","title":"t","description":"d","event_type":"prior_authorization.status_change","data":{"id":"pa_1","object":"prior_authorization"}}`)
	enc := func(v any) string {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	verify := func(h http.Header) func() error {
		return func() error { _, err := r.Verify(h); return err }
	}
	claims := func(edit func(map[string]any)) map[string]any { c := fresh(); edit(c); return c }
	parse := func(b string) func() error { return func() error { _, err := dh.ParseEvent([]byte(b)); return err } }
	dataErr := func(b string) func() error {
		return func() error {
			ev, err := dh.ParseEvent([]byte(b))
			require.NoError(t, err)
			return ev.DataErr
		}
	}
	var huge bytes.Buffer
	huge.WriteString(`{"event_type":"prior_authorization.status_change","data":{"id":"pa_1","activity_log":[`)
	for i := range 100_000 {
		if i > 0 {
			huge.WriteByte(',')
		}
		huge.WriteString("{}")
	}
	huge.WriteString(`]}}`)

	unauthorized := dh.ErrWebhookUnauthorized
	return []webhookFailure{
		{"develophealth", "Verify/missing", verify(http.Header{}), []error{unauthorized, dh.ErrWebhookTokenMissing}},
		{"develophealth", "Verify/malformed", verify(hdr("a.b")), []error{unauthorized, dh.ErrWebhookTokenMalformed}},
		{"develophealth", "Verify/algorithm", verify(hdr(enc(map[string]string{"alg": "none"}) + "." + enc(fresh()) + ".")), []error{unauthorized, dh.ErrWebhookAlgorithm}},
		{"develophealth", "Verify/signature", verify(hdr(develophealthtest.SignToken("other", fresh()))), []error{unauthorized, dh.ErrWebhookSignature}},
		{"develophealth", "Verify/expired", verify(signed(claims(func(c map[string]any) { c["exp"] = now.Add(-time.Hour).Unix() }))), []error{unauthorized, dh.ErrWebhookTokenExpired}},
		{"develophealth", "Verify/no expiry", verify(signed(claims(func(c map[string]any) { delete(c, "exp") }))), []error{unauthorized, dh.ErrWebhookTokenNoExpiry}},
		{"develophealth", "Verify/not yet valid", verify(signed(claims(func(c map[string]any) { c["nbf"] = now.Add(time.Hour).Unix() }))), []error{unauthorized, dh.ErrWebhookTokenNotYetValid}},
		{"develophealth", "Verify/zero receiver", func() error { _, err := (&dh.Receiver{}).Verify(signed(fresh())); return err }, []error{unauthorized}},
		{"develophealth", "VerifyAndParse/zero receiver", func() error {
			_, err := (*dh.Receiver)(nil).VerifyAndParse(ctx, signed(fresh()), body)
			return err
		}, []error{unauthorized}},
		{"develophealth", "VerifyAndParse/too large", func() error {
			_, err := newReceiver(dh.WithWebhookMaxBodyBytes(16)).VerifyAndParse(ctx, signed(fresh()), body)
			return err
		}, []error{dh.ErrWebhookTooLarge}},
		{"develophealth", "VerifyAndParse/bad token", func() error {
			_, err := r.VerifyAndParse(ctx, hdr(develophealthtest.SignToken("other", fresh())), body)
			return err
		}, []error{unauthorized, dh.ErrWebhookSignature}},
		{"develophealth", "VerifyAndParse/not an object", func() error {
			_, err := r.VerifyAndParse(ctx, signed(fresh()), []byte(`[1]`))
			return err
		}, []error{dh.ErrWebhookMalformed}},
		{"develophealth", "VerifyAndParse/body mismatch", func() error {
			_, err := newReceiver(dh.WithWebhookBodyDigestClaim("body_sha256")).VerifyAndParse(ctx, signed(claims(func(c map[string]any) {
				c["body_sha256"] = strings.Repeat("0", 64)
			})), body)
			return err
		}, []error{unauthorized, dh.ErrWebhookBodyMismatch}},
		{"develophealth", "VerifyAndParse/replayed", func() error {
			h := signed(claims(func(c map[string]any) { c["jti"] = "replayed" }))
			_, err := r.VerifyAndParse(ctx, h, body)
			require.NoError(t, err)
			_, err = r.VerifyAndParse(ctx, h, body)
			return err
		}, []error{unauthorized, dh.ErrWebhookTokenReplayed}},
		{"develophealth", "VerifyAndParse/token in progress", func() error {
			_, err := newReceiver(rxbridge.WithStore(heldStore{})).VerifyAndParse(ctx, signed(fresh()), body)
			return err
		}, []error{dh.ErrWebhookInProgress}},
		{"develophealth", "VerifyAndParse/store down", func() error {
			_, err := newReceiver(rxbridge.WithStore(downStore{})).VerifyAndParse(ctx, signed(fresh()), body)
			return err
		}, []error{dh.ErrWebhookStoreUnavailable, errStoreDown}},
		{"develophealth", "VerifyAndParse/token use not recorded", func() error {
			_, err := newReceiver(rxbridge.WithStore(&noSetStore{Store: rxbridge.NewMemoryStore()})).VerifyAndParse(ctx, signed(fresh()), body)
			return err
		}, []error{dh.ErrWebhookStoreUnavailable, errStoreDown}},
		{"develophealth", "ParseEvent/not an object", parse(`"x"`), []error{dh.ErrWebhookMalformed}},
		{"develophealth", "ParseEvent/not an envelope", parse(`{"data": [}`), []error{dh.ErrWebhookMalformed}},
		{"develophealth", "UnmarshalJSON", func() error { var ev dh.Event; return json.Unmarshal([]byte(`[]`), &ev) }, []error{dh.ErrWebhookMalformed}},
		{"develophealth", "DataErr/no data", dataErr(`{"event_type":"prior_authorization.status_change"}`), nil},
		{"develophealth", "DataErr/undecodable", dataErr(`{"event_type":"prior_authorization.status_change","data":{"id":5}}`), []error{dh.ErrDecode}},
		{"develophealth", "DataErr/too costly", dataErr(huge.String()), []error{dh.ErrDecode, dh.ErrWebhookTooLarge}},
	}
}

func careValidateWebhookFailures(t *testing.T) []webhookFailure {
	ctx := context.Background()
	secrets := cv.WebhookSecrets{HeaderName: "X-Partner-Auth", Secrets: []string{"partner"}, SigningSecrets: []string{"signing"}}
	r, err := cv.NewReceiver(secrets, func(context.Context, *cv.Event) error { return nil })
	require.NoError(t, err)
	small, err := cv.NewReceiver(secrets, func(context.Context, *cv.Event) error { return nil }, cv.WithWebhookMaxBodyBytes(8))
	require.NoError(t, err)
	body := []byte(`{"event":"ADD_CASE_COMMENT","payload":{"case":{"id":"case-1"}}}`)
	signed := func(b []byte) http.Header {
		return http.Header{"X-Partner-Auth": {"partner"}, cv.SignatureHeader: {cv.Sign("signing", b)}}
	}
	with := func(edit func(http.Header)) http.Header { h := signed(body); edit(h); return h }
	verify := func(h http.Header) func() error { return func() error { return r.Verify(h, body) } }
	verifyAndParse := func(b []byte) func() error {
		return func() error { _, err := r.VerifyAndParse(ctx, signed(b), b); return err }
	}
	var huge bytes.Buffer
	huge.WriteString(`{"event":"ADD_CASE_COMMENT","payload":{"assignees":[`)
	for i := range 100_000 {
		if i > 0 {
			huge.WriteByte(',')
		}
		huge.WriteString("{}")
	}
	huge.WriteString(`]}}`)

	unauthorized := cv.ErrWebhookUnauthorized
	return []webhookFailure{
		{"carevalidate", "Verify/header missing", verify(with(func(h http.Header) { h.Del("X-Partner-Auth") })), []error{unauthorized}},
		{"carevalidate", "Verify/header twice", verify(with(func(h http.Header) { h.Add("X-Partner-Auth", "partner") })), []error{unauthorized}},
		{"carevalidate", "Verify/header mismatch", verify(with(func(h http.Header) { h.Set("X-Partner-Auth", "wrong") })), []error{unauthorized}},
		{"carevalidate", "Verify/signature missing", verify(with(func(h http.Header) { h.Del(cv.SignatureHeader) })), []error{unauthorized}},
		{"carevalidate", "Verify/signature twice", verify(with(func(h http.Header) { h.Add(cv.SignatureHeader, cv.Sign("signing", body)) })), []error{unauthorized}},
		{"carevalidate", "Verify/signature not hex", verify(with(func(h http.Header) { h.Set(cv.SignatureHeader, "zz") })), []error{unauthorized}},
		{"carevalidate", "Verify/signature mismatch", verify(with(func(h http.Header) { h.Set(cv.SignatureHeader, cv.Sign("other", body)) })), []error{unauthorized}},
		{"carevalidate", "Verify/zero receiver", func() error { return (&cv.Receiver{}).Verify(signed(body), body) }, []error{unauthorized}},
		{"carevalidate", "VerifyAndParse/zero receiver", func() error {
			_, err := (*cv.Receiver)(nil).VerifyAndParse(ctx, signed(body), body)
			return err
		}, []error{unauthorized}},
		{"carevalidate", "VerifyAndParse/too large", func() error {
			_, err := small.VerifyAndParse(ctx, signed(body), body)
			return err
		}, []error{cv.ErrWebhookTooLarge}},
		{"carevalidate", "VerifyAndParse/bad signature", func() error {
			_, err := r.VerifyAndParse(ctx, with(func(h http.Header) { h.Set(cv.SignatureHeader, cv.Sign("other", body)) }), body)
			return err
		}, []error{unauthorized}},
		{"carevalidate", "VerifyAndParse/invalid JSON", verifyAndParse([]byte(`{"event":`)), []error{cv.ErrWebhookMalformed}},
		{"carevalidate", "VerifyAndParse/no event name", verifyAndParse([]byte(`{"payload":{}}`)), []error{cv.ErrWebhookMalformed}},
		{"carevalidate", "VerifyAndParse/too costly", verifyAndParse(huge.Bytes()), []error{cv.ErrWebhookTooLarge}},
		{"carevalidate", "VerifyAndParse/configuration", func() error {
			_, err := cv.VerifyAndParse(ctx, cv.WebhookSecrets{HeaderName: "X-Partner-Auth"}, signed(body), body)
			return err
		}, nil},
		{"carevalidate", "VerifyAndParse/package, bad signature", func() error {
			_, err := cv.VerifyAndParse(ctx, secrets, with(func(h http.Header) { h.Set(cv.SignatureHeader, cv.Sign("other", body)) }), body)
			return err
		}, []error{unauthorized}},
		{"carevalidate", "ParseEvent/invalid JSON", func() error { _, err := cv.ParseEvent([]byte(`{`)); return err }, []error{cv.ErrWebhookMalformed}},
		{"carevalidate", "ParseEvent/wrong type", func() error {
			_, err := cv.ParseEvent([]byte(`{"event":"X","payload":{"case":7}}`))
			return err
		}, []error{cv.ErrWebhookMalformed}},
		{"carevalidate", "ParseEvent/too costly", func() error { _, err := cv.ParseEvent(huge.Bytes()); return err }, []error{cv.ErrWebhookTooLarge}},
		{"carevalidate", "UnmarshalJSON", func() error { var ev cv.Event; return json.Unmarshal([]byte(`{}`), &ev) }, []error{cv.ErrWebhookMalformed}},
	}
}

// errStoreDown is the failure of the stores below.
var errStoreDown = errors.New("store down")

// downStore fails every operation.
type downStore struct{}

func (downStore) Get(context.Context, rxbridge.StoreKey) ([]byte, bool, error) {
	return nil, false, errStoreDown
}
func (downStore) Set(context.Context, rxbridge.StoreKey, []byte, time.Duration) error {
	return errStoreDown
}
func (downStore) SetNX(context.Context, rxbridge.StoreKey, []byte, time.Duration) (bool, error) {
	return false, errStoreDown
}
func (downStore) CompareAndDelete(context.Context, rxbridge.StoreKey, []byte) (bool, error) {
	return false, errStoreDown
}

// heldStore holds every key under another delivery's lease.
type heldStore struct{ downStore }

func (heldStore) Get(context.Context, rxbridge.StoreKey) ([]byte, bool, error) {
	return []byte("lease:another"), true, nil
}
func (heldStore) SetNX(context.Context, rxbridge.StoreKey, []byte, time.Duration) (bool, error) {
	return false, nil
}

// noSetStore claims but cannot record: Set fails.
type noSetStore struct{ rxbridge.Store }

func (*noSetStore) Set(context.Context, rxbridge.StoreKey, []byte, time.Duration) error {
	return errStoreDown
}
