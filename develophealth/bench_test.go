package develophealth

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// benchServer serves the spec's GET example (about 5 KiB) on loopback.
func benchServer(b *testing.B) *httptest.Server {
	body := fixture(b, "pa_get.json")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer bench-token" {
			w.WriteHeader(401)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkGetPriorAuthorization is one SDK call: GetPriorAuthorization
// through the whole pipeline (auth, retry wrapper, size-limited read,
// envelope unwrap, typed decode with unions and zone-less times).
func BenchmarkGetPriorAuthorization(b *testing.B) {
	srv := benchServer(b)
	c, err := NewClient("bench-token", rxbridge.WithBaseURL(srv.URL), rxbridge.WithHTTPClient(&http.Client{Transport: httpx.DefaultTransport()}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		pa, err := c.GetPriorAuthorization(ctx, "pa_sdkfj3f")
		if err != nil {
			b.Fatal(err)
		}
		if pa.Outcome.Denied == nil || len(pa.ActivityLog) != 3 {
			b.Fatal("decode")
		}
	}
}

// BenchmarkGetPriorAuthorizationHandwritten is the same GET written by
// hand with net/http and encoding/json into the same types: the baseline.
func BenchmarkGetPriorAuthorizationHandwritten(b *testing.B) {
	srv := benchServer(b)
	hc := &http.Client{Transport: httpx.DefaultTransport()}
	url := srv.URL + "/prior-authorization/pa_sdkfj3f"
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer bench-token")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "hand/1")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var env struct {
			Status string              `json:"status"`
			Data   *PriorAuthorization `json:"data"`
		}
		err = json.NewDecoder(resp.Body).Decode(&env)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || env.Data == nil || env.Data.Outcome.Denied == nil {
			b.Fatal("decode")
		}
	}
}
