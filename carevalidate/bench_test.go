package carevalidate

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// BenchmarkParseEvent decodes the spec's full example payload (about 14 KB
// pretty-printed).
func BenchmarkParseEvent(b *testing.B) {
	raw := fixture(b, "case-update-order-top-level.json")
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		ev, err := ParseEvent(raw)
		if err != nil || ev.Payload.Case == nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReceiver is one delivery of the spec's example through the
// handler: read, verify the header secret and the HMAC, decode, handle.
func BenchmarkReceiver(b *testing.B) {
	raw := fixture(b, "case-update-order-top-level.json")
	rc, err := NewReceiver(WebhookConfig{HeaderName: "X-Auth", Secrets: []string{"s"}, SigningSecrets: []string{"k"}},
		func(context.Context, *Event) error { return nil })
	if err != nil {
		b.Fatal(err)
	}
	sig := Sign("k", raw)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(raw))
		req.Header.Set("X-Auth", "s")
		req.Header.Set(SignatureHeader, sig)
		w := httptest.NewRecorder()
		rc.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}

// caseDetailServer answers the case-detail route with the spec example's
// case.
func caseDetailServer(b *testing.B) *httptest.Server {
	raw := fixture(b, "case-update-order-top-level.json")
	var env struct {
		Payload struct {
			Case json.RawMessage `json:"case"`
		} `json:"payload"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	buf.WriteString(`{"status":200,"success":true,"caseDetail":`)
	if err := json.Compact(&buf, env.Payload.Case); err != nil {
		b.Fatal(err)
	}
	buf.WriteString(`}`)
	body := buf.Bytes()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("cv-api-key") != "bench-key" || r.URL.Query().Get("caseId") == "" {
			w.WriteHeader(400)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkGetCase is one GetCase through the SDK against a loopback
// server.
func BenchmarkGetCase(b *testing.B) {
	srv := caseDetailServer(b)
	c, err := NewClient("bench-key", rxbridge.WithBaseURL(srv.URL), rxbridge.WithHTTPClient(&http.Client{Transport: httpx.DefaultTransport()}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		cs, err := c.GetCase(ctx, "a265d7a3-d9e2-48b5-b46b-b91e15f9b515", nil)
		if err != nil || len(cs.Activity) != 15 {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetCaseHandwritten is the same call written by hand with
// net/http and encoding/json: the baseline.
func BenchmarkGetCaseHandwritten(b *testing.B) {
	srv := caseDetailServer(b)
	hc := &http.Client{Transport: httpx.DefaultTransport()}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		handGetCase(b, ctx, hc, srv.URL)
	}
}

// BenchmarkGetCaseRatio alternates the SDK call and the hand-written one
// in the same loop, so both meet the same machine load, and reports each
// one's time and the ratio (sdk/hand).
func BenchmarkGetCaseRatio(b *testing.B) {
	srv := caseDetailServer(b)
	c, err := NewClient("bench-key", rxbridge.WithBaseURL(srv.URL), rxbridge.WithHTTPClient(&http.Client{Transport: httpx.DefaultTransport()}))
	if err != nil {
		b.Fatal(err)
	}
	hc := &http.Client{Transport: httpx.DefaultTransport()}
	ctx := context.Background()
	var sdk, hand time.Duration
	for b.Loop() {
		t0 := time.Now()
		cs, err := c.GetCase(ctx, "a265d7a3-d9e2-48b5-b46b-b91e15f9b515", nil)
		if err != nil || len(cs.Activity) != 15 {
			b.Fatal(err)
		}
		t1 := time.Now()
		handGetCase(b, ctx, hc, srv.URL)
		t2 := time.Now()
		sdk += t1.Sub(t0)
		hand += t2.Sub(t1)
	}
	b.ReportMetric(float64(sdk.Nanoseconds())/float64(b.N), "sdk-ns/op")
	b.ReportMetric(float64(hand.Nanoseconds())/float64(b.N), "hand-ns/op")
	b.ReportMetric(float64(sdk)/float64(hand), "sdk/hand")
}

func handGetCase(b *testing.B, ctx context.Context, hc *http.Client, base string) {
	{
		q := url.Values{"caseId": {"a265d7a3-d9e2-48b5-b46b-b91e15f9b515"}}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/customer-case-detail?"+q.Encode(), nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("cv-api-key", "bench-key")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "hand/1")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var out struct {
			Status     int   `json:"status"`
			Success    bool  `json:"success"`
			CaseDetail *Case `json:"caseDetail"`
		}
		err = json.NewDecoder(resp.Body).Decode(&out)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || !out.Success || len(out.CaseDetail.Activity) != 15 {
			b.Fatal("decode")
		}
	}
}
