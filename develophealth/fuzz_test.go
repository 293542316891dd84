package develophealth

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// FuzzDecodeError: the error decoder never panics, always returns an
// *Error with the status, and its Error() never contains the body.
func FuzzDecodeError(f *testing.F) {
	for _, name := range []string{"pa_create_400.json", "pa_create_409.json", "pa_cancel_400.json",
		"pa_not_found_404.json", "validation_422.json", "provider_authorize_400.json"} {
		f.Add(400, fixture(f, name))
	}
	f.Add(502, []byte("<html>bad gateway</html>"))
	f.Add(200, []byte(`{"status":"error","error":{"code":"x"}}`))
	f.Add(422, []byte(`{"detail":[{"loc":["body",1,{"x":1}],"msg":null,"type":7}]}`))
	f.Add(400, []byte(`{"error":"plain","message":"m","detail":{"a":1}}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		resp := &httpx.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: body,
			Provider: provider, Op: opCreatePriorAuth, Method: "POST", Route: "prior-authorization"}
		err := decodeError(resp)
		e, ok := err.(*Error)
		if !ok {
			t.Fatalf("not an *Error: %T", err)
		}
		if e.HTTPStatus != status {
			t.Fatalf("status %d, want %d", e.HTTPStatus, status)
		}
		if len(e.Message) > maxMessageBytes || len(e.ValidationErrors) > maxValidation {
			t.Fatalf("unbounded error: %d bytes, %d items", len(e.Message), len(e.ValidationErrors))
		}
		msg := e.Error()
		if len(body) >= 12 && strings.Contains(msg, string(body)) {
			t.Fatalf("Error() contains the body: %q", msg)
		}
		if e.Message != "" && len(e.Message) >= 12 && strings.Contains(msg, e.Message) {
			t.Fatalf("Error() contains the server's message: %q", msg)
		}
		_ = e.Is(ErrNotFound)
		for _, v := range e.ValidationErrors {
			_ = v.Field()
		}
	})
}

// FuzzEnvelope: decoding any body as a prior authorization envelope (the
// path of every GET) never panics; a decoded value re-encodes and decodes
// again to the same JSON.
func FuzzEnvelope(f *testing.F) {
	for _, name := range []string{"pa_get.json", "pa_get_docs.json", "pa_get_full.json", "pa_get_pending.json",
		"pa_get_unknown_values.json", "pa_get_not_submitted.json", "pa_get_other.json", "status.json"} {
		f.Add(fixture(f, name))
	}
	f.Add([]byte(`{"status":"success","data":{"outcome":{"result":"Approved","authorization_start_date":5}}}`))
	f.Add([]byte(`{"status":"error","error":null,"data":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var env envelope[PriorAuthorization]
		if json.Unmarshal(body, &env) != nil || env.Data == nil {
			return
		}
		out, err := json.Marshal(env.Data)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		var again PriorAuthorization
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("decode of own output: %v\n%s", err, out)
		}
		out2, err := json.Marshal(&again)
		if err != nil {
			t.Fatalf("re-encode 2: %v", err)
		}
		if !jsonEqual(out, out2) {
			t.Fatalf("not stable:\n%s\n%s", out, out2)
		}
	})
}

// FuzzActivityLog: an activity log item never fails to decode (only
// invalid JSON does), and re-encoding is stable.
func FuzzActivityLog(f *testing.F) {
	var pa struct {
		Data struct {
			ActivityLog []json.RawMessage `json:"activity_log"`
		} `json:"data"`
	}
	for _, name := range []string{"pa_get.json", "pa_get_full.json", "pa_get_unknown_values.json"} {
		if err := json.Unmarshal(fixture(f, name), &pa); err != nil {
			f.Fatal(err)
		}
		for _, it := range pa.Data.ActivityLog {
			f.Add([]byte(it))
		}
	}
	f.Add([]byte(`{"type":"sent_fax","details":null}`))
	f.Add([]byte(`{"type":"follow_up_call","details":{"notes":1}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			return
		}
		var it ActivityLogItem
		if err := json.Unmarshal(b, &it); err != nil {
			t.Fatalf("valid JSON failed to decode: %v", err)
		}
		out, err := json.Marshal(it)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		if !it.Type.Known() && it.Raw != nil && !jsonEqual(bytes.TrimSpace(b), out) {
			t.Fatalf("unknown item not kept as received:\n%s\n%s", b, out)
		}
		var again ActivityLogItem
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("decode own output: %v", err)
		}
		if again.Type != it.Type || again.ID != it.ID {
			t.Fatalf("unstable: %q/%q vs %q/%q", it.Type, it.ID, again.Type, again.ID)
		}
		_ = it.Details()
	})
}

// FuzzWebhookEvent: the webhook event decoder never panics, accepts every
// JSON object, refuses everything else with ErrWebhookMalformed; the JWT
// verifier refuses every token it did not sign.
func FuzzWebhookEvent(f *testing.F) {
	for _, name := range []string{"webhook_pa_status_change.json", "webhook_pa_status_change_legacy.json",
		"webhook_bv_status_change.json", "webhook_provider_outreach_change.json", "webhook_unknown_event.json"} {
		f.Add(fixture(f, name), "")
	}
	f.Add([]byte(`{"event_type":7,"data":"x"}`), "eyJhbGciOiJub25lIn0.e30.")
	f.Add([]byte(`[]`), "a.b.c")
	secret := []byte("fuzz-secret")
	now := time.Unix(1_800_000_000, 0)
	f.Fuzz(func(t *testing.T, body []byte, token string) {
		ev, err := ParseEvent(body)
		if err != nil {
			if ev != nil {
				t.Fatal("event with error")
			}
			if !isErrMalformed(err) {
				t.Fatalf("unexpected error class: %v", err)
			}
		} else {
			if !isObject(bytes.TrimSpace(body)) {
				t.Fatalf("accepted a non-object: %q", body)
			}
			_ = ev.ID()
			_, _ = json.Marshal(ev)
		}
		if _, err := verifyToken(token, newTokenKeys(string(secret)), tokenRules{now: now, leeway: time.Minute}); err == nil {
			t.Fatalf("an unsigned token verified: %q", token)
		}
	})
}

func isErrMalformed(err error) bool {
	return err != nil && errors.Is(err, ErrWebhookMalformed)
}

func jsonEqual(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}
