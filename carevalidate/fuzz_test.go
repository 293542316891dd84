package carevalidate

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

func addFixtureSeeds(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("..", "testdata", "carevalidate", "*.json"))
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		`{"event":"X"}`,
		`{"event":"ADD_CASE_COMMENT","payload":{"comments":[{"id":"1"}],"comment":null}}`,
		`{"event":"PAYMENT_ADDED","payload":{"payment":{"amount":{"x":1}}}}`,
		`{"event":"ADD_CASE_DECISION","payload":{"decision":{"medInfo":{"medicine":"m"},"cost":"12"}}}`,
		`{"event":"E","payload":{"case":{"createdAt":12345,"closedAt":"garbage","submitter":{"dob":"05/30/2000"}}}}`,
		`{"event":"E","payload":{"response":{"text":{"a":[1,2]},"question":{"options":[null,1,"x",{}]}}}}`,
		`{"event":"E","order":null,"payload":null}`,
	} {
		f.Add([]byte(s))
	}
}

// FuzzParseEvent: decoding never panics, and whatever decodes re-encodes,
// decodes again, and keeps its event name and id.
func FuzzParseEvent(f *testing.F) {
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := ParseEvent(body)
		if err != nil {
			return
		}
		_ = ev.ID()
		_ = ev.Answers()
		_ = ev.Comments()
		_ = ev.Order()
		_ = ev.CaseID()
		_, _ = ev.PayloadField("case")
		if c := ev.Case(); c != nil {
			_ = c.IsClosed()
			for i := range c.Attachments {
				_, _ = c.Attachments[i].Bytes()
			}
		}
		out, err := json.Marshal(ev)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		ev2, err := ParseEvent(out)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if ev2.Type() != ev.Type() {
			t.Fatalf("event name changed: %q -> %q", ev.Type(), ev2.Type())
		}
	})
}

// FuzzVerify: verification never panics and never accepts a body signed
// with another key.
func FuzzVerify(f *testing.F) {
	f.Add([]byte(`{"event":"CREATE_CASE"}`), "sig", "secret")
	f.Add([]byte{}, "", "")
	rc, err := NewReceiver(WebhookSecrets{HeaderName: "X-Auth", Secrets: []string{"header-secret"}, SigningSecrets: []string{"signing-key"}},
		func(context.Context, *Event) error { return nil })
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte, sig, headerValue string) {
		h := http.Header{}
		h.Set("X-Auth", headerValue)
		h.Set(SignatureHeader, sig)
		if rc.Verify(h, body) == nil && (headerValue != "header-secret" || !validSig(body, sig)) {
			t.Fatalf("accepted a delivery it should refuse")
		}
		h.Set("X-Auth", "header-secret")
		h.Set(SignatureHeader, Sign("another-key", body))
		if rc.Verify(h, body) == nil {
			t.Fatal("accepted a signature made with another key")
		}
	})
}

// validSig is the accepted form of a signature: hex, any case, with an
// optional "sha256=" prefix and surrounding space.
func validSig(body []byte, sig string) bool {
	s := strings.TrimSpace(sig)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "sha256="), "SHA256=")
	return strings.ToLower(s) == Sign("signing-key", body)
}

// FuzzDecodeError: the error decoder never panics and always gives a
// typed error with a sentinel.
func FuzzDecodeError(f *testing.F) {
	for _, s := range []string{
		`{"status":400,"success":false,"message":"Invalid case data","error":"No Case found for provided details!","code":"CASE_ERROR"}`,
		`{"status":401,"error":"Invalid API key"}`,
		`{"error":{"message":"x"}}`, `<html></html>`, ``, `null`, `[1]`, `{"status":"abc","error":7}`,
	} {
		f.Add(400, s)
	}
	f.Fuzz(func(t *testing.T, status int, body string) {
		resp := &httpx.Response{StatusCode: status, Header: http.Header{}, Body: []byte(body), Provider: "carevalidate", Op: "Op", Route: "r"}
		err := decodeError(resp)
		e, ok := err.(*Error)
		if !ok || e.Kind() == nil {
			t.Fatalf("untyped error %T", err)
		}
		_ = e.Error()
		_ = e.GoString()
	})
}
