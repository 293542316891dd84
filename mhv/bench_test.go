package mhv_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/benchpair"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/mhv"
)

// benchList is an active list of 10 prescriptions in MHV's wire format
// (about 5 KiB), as the ICD's examples look.
var benchList = benchpair.MHVActiveList()

// benchServer answers sessions and the active list, checking the token.
func benchServer(b *testing.B, sessions *atomic.Int64, chunked bool) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/mhv-api/patient/v1/session":
			sessions.Add(1)
			now := time.Now().UTC()
			w.Header().Set("Token", "bench-token")
			w.Header().Set("Date", now.Format(http.TimeFormat))
			w.Header().Set("Expires", now.Add(time.Hour).Format(http.TimeFormat))
		case "/mhv-api/patient/v1/prescription/getactiverx":
			if r.Header.Get("Token") != "bench-token" {
				w.WriteHeader(401)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			if !chunked {
				// As the API gateway answers (2025 recordings carry a
				// Content-Length); the ICD's 2014 examples are chunked.
				w.Header().Set("Content-Length", strconv.Itoa(len(benchList)))
			}
			_, _ = io.WriteString(w, benchList)
		default:
			w.WriteHeader(404)
		}
	}))
	b.Cleanup(srv.Close)
	return srv
}

// The pairs below run in this order (SDK, hand-written, go-retryablehttp
// twin, then the chunked trio), so that each round of internal/benchratio
// runs the members of a pair back to back.

// BenchmarkActivePrescriptions is one SDK call (session cached): request,
// session transport, retry pipeline, typed decode with RFC 1123 dates. The
// answer carries a Content-Length, as the API gateway's do.
func BenchmarkActivePrescriptions(b *testing.B) { benchSDK(b, false) }

// BenchmarkActivePrescriptionsHandwritten is the same call by hand with
// net/http and encoding/json into plain structs (dates left as strings),
// the baseline of DESIGN.md's "Numbers we hold ourselves to".
func BenchmarkActivePrescriptionsHandwritten(b *testing.B) {
	benchHand(b, false, benchpair.NetHTTP(b, httpx.DefaultTransport()))
}

// BenchmarkActivePrescriptionsRetryablehttp is the same call through
// go-retryablehttp's default client (logger off), what a user would
// otherwise pick, into the same plain structs.
func BenchmarkActivePrescriptionsRetryablehttp(b *testing.B) {
	benchHand(b, false, benchpair.Retryablehttp(b))
}

// BenchmarkActivePrescriptionsChunked is the same with a chunked answer
// (no Content-Length), as in the ICD's 2014 examples.
func BenchmarkActivePrescriptionsChunked(b *testing.B) { benchSDK(b, true) }

// BenchmarkActivePrescriptionsChunkedHandwritten is the chunked baseline.
func BenchmarkActivePrescriptionsChunkedHandwritten(b *testing.B) {
	benchHand(b, true, benchpair.NetHTTP(b, httpx.DefaultTransport()))
}

// BenchmarkActivePrescriptionsChunkedRetryablehttp is the chunked
// go-retryablehttp twin.
func BenchmarkActivePrescriptionsChunkedRetryablehttp(b *testing.B) {
	benchHand(b, true, benchpair.Retryablehttp(b))
}

func benchSDK(b *testing.B, chunked bool) {
	var sessions atomic.Int64
	srv := benchServer(b, &sessions, chunked)
	c, err := mhv.NewClient("app", rxbridge.WithBaseURL(srv.URL+"/mhv-api/patient/v1"),
		rxbridge.WithHTTPClient(&http.Client{Transport: httpx.DefaultTransport()}))
	if err != nil {
		b.Fatal(err)
	}
	vet := c.User("7614")
	ctx := context.Background()
	if err := vet.EnsureSession(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		l, err := vet.ActivePrescriptions(ctx)
		if err != nil || len(l.PrescriptionList) != 10 {
			b.Fatal(err)
		}
	}
}

// handList is what a hand-written client would decode: every member of
// benchList's prescriptions, dates left as strings.
type handList = benchpair.MHVPlainList

// benchHand is the baselines of BenchmarkActivePrescriptions (chunked or
// not) through c.
func benchHand(b *testing.B, chunked bool, c *benchpair.Client) {
	var sessions atomic.Int64
	base := benchServer(b, &sessions, chunked).URL + "/mhv-api/patient/v1/"
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.Do(ctx, http.MethodGet, base+"prescription/getactiverx", nil,
			"Token", "bench-token", "Content-Type", "application/json", "Accept", "application/json")
		if out := benchpair.DecodeJSON[handList](b, resp, err); len(out.PrescriptionList) != 10 {
			b.Fatal("decode")
		}
	}
}

// TestHandListCoversBenchList: the baselines' plain structs know every
// member of the benchmark's answer, so they decode what the SDK decodes.
func TestHandListCoversBenchList(t *testing.T) {
	d := json.NewDecoder(strings.NewReader(benchList))
	d.DisallowUnknownFields()
	var l handList
	if err := d.Decode(&l); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkDecodeActiveList isolates the typed decode (dates parsed with
// their zones) from the exchange.
func BenchmarkDecodeActiveList(b *testing.B) {
	data := []byte(benchList)
	b.ReportAllocs()
	for b.Loop() {
		var l mhv.PrescriptionList
		if err := json.Unmarshal(data, &l); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeActiveListAsStrings decodes the same list with its dates
// left as plain strings: not the same work as BenchmarkDecodeActiveList
// (zone-aware dates), so benchratio does not pair them.
func BenchmarkDecodeActiveListAsStrings(b *testing.B) {
	data := []byte(benchList)
	b.ReportAllocs()
	for b.Loop() {
		var l handList
		if err := json.Unmarshal(data, &l); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkColdStartThousandGoroutines: a new client, 1,000 goroutines
// asking for one veteran at once. Reports the session requests per cold
// start (must be 1).
func BenchmarkColdStartThousandGoroutines(b *testing.B) {
	var sessions atomic.Int64
	srv := benchServer(b, &sessions, false)
	tr := &http.Transport{MaxConnsPerHost: 64, MaxIdleConnsPerHost: 64}
	b.Cleanup(tr.CloseIdleConnections)
	ctx := context.Background()
	sessions.Store(0)
	n := 0
	for b.Loop() {
		n++
		c, err := mhv.NewClient("app", rxbridge.WithBaseURL(srv.URL+"/mhv-api/patient/v1"), rxbridge.WithHTTPClient(&http.Client{Transport: tr}))
		if err != nil {
			b.Fatal(err)
		}
		vet := c.User("7614")
		var wg sync.WaitGroup
		var failed atomic.Int32
		for range 1000 {
			wg.Go(func() {
				if _, err := vet.ActivePrescriptions(ctx); err != nil {
					failed.Add(1)
				}
			})
		}
		wg.Wait()
		if failed.Load() > 0 {
			b.Fatal("calls failed")
		}
	}
	b.ReportMetric(float64(sessions.Load())/float64(n), "sessions/op")
	if sessions.Load() != int64(n) {
		b.Fatalf("%d session requests for %d cold starts", sessions.Load(), n)
	}
}
