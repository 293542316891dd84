package cvsspecialty_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
)

const benchImageSize = 16 << 20

// benchServer is a minimal upstream: a token, an intake that drains the
// body without keeping it (so the benchmark measures the client), and a
// status that answers every id.
func benchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/oauth2/v1/token"):
			_, _ = io.WriteString(w, `{"access_token":"bench","token_type":"Bearer","expires_in":3600}`)
		case strings.HasSuffix(r.URL.Path, "/intake"):
			_, _ = io.Copy(io.Discard, r.Body)
			_, _ = io.WriteString(w, `{"transactionId":"605841b8-1cef-11ea-978f-2e728ce88125","statusDescription":"Success","statusCode":"0000"}`)
		case strings.HasSuffix(r.URL.Path, "/status"):
			var in cvsspecialty.StatusRequest
			_ = json.NewDecoder(r.Body).Decode(&in)
			out := cvsspecialty.StatusResponse{StatusCode: "0000", StatusDescription: "Success"}
			for _, id := range in.TransactionIDs {
				out.ReferralStatus = append(out.ReferralStatus, cvsspecialty.ReferralStatus{TransactionID: id, Status: "Pending"})
			}
			_ = json.NewEncoder(w).Encode(out)
		}
	}))
	b.Cleanup(srv.Close)
	return srv
}

func benchImage() []byte {
	img := make([]byte, benchImageSize)
	copy(img, cvsspecialtytest.SampleTIFF())
	r := rand.NewChaCha8([32]byte{1})
	_, _ = r.Read(img[200:])
	return img
}

func benchReferral(img []byte) *cvsspecialty.Referral {
	ref := cvsspecialtytest.SampleReferral()
	ref.RxImage.Content.Data = img
	return ref
}

// reportHeapRatio adds the bytes allocated per op divided by the image
// size (the target is at most 3).
func reportHeapRatio(b *testing.B, before *runtime.MemStats) {
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	perOp := float64(after.TotalAlloc-before.TotalAlloc) / float64(b.N)
	b.ReportMetric(perOp/benchImageSize, "alloc/image")
}

// BenchmarkSubmit16MiBImage is one intake with a 16 MiB rxImage through
// the SDK (validation, sniffing, streamed base64 body) to a loopback
// server. The server side drains the body into io.Discard.
func BenchmarkSubmit16MiBImage(b *testing.B) {
	srv := benchServer(b)
	c, err := cvsspecialty.NewClient("id", "secret", rxbridge.WithBaseURL(srv.URL))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	ref := benchReferral(benchImage())
	if _, err := c.Submit(ctx, ref); err != nil { // token and connection warm
		b.Fatal(err)
	}
	b.SetBytes(benchImageSize)
	b.ReportAllocs()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	for b.Loop() {
		if _, err := c.Submit(ctx, ref); err != nil {
			b.Fatal(err)
		}
	}
	reportHeapRatio(b, &ms)
}

// BenchmarkSubmit16MiBImageHandwritten is the same intake written by hand
// with json.Marshal and net/http: the baseline the streaming avoids.
func BenchmarkSubmit16MiBImageHandwritten(b *testing.B) {
	srv := benchServer(b)
	hc := &http.Client{}
	ctx := context.Background()
	ref := benchReferral(benchImage())
	ref.TransactionID = cvsspecialty.NewTransactionID()
	b.SetBytes(benchImageSize)
	b.ReportAllocs()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	for b.Loop() {
		body, err := json.Marshal(ref)
		if err != nil {
			b.Fatal(err)
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/specialty/patient/referral/v1/intake", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer bench")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var out cvsspecialty.IntakeResponse
		err = json.NewDecoder(resp.Body).Decode(&out)
		_ = resp.Body.Close()
		if err != nil || out.StatusCode != "0000" {
			b.Fatal(err)
		}
	}
	reportHeapRatio(b, &ms)
}

func benchIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("605841b8-1cef-11ea-978f-%012d", i)
	}
	return ids
}

// BenchmarkStatus50 is one status call for 50 ids (one batch) through the
// SDK.
func BenchmarkStatus50(b *testing.B) {
	srv := benchServer(b)
	c, err := cvsspecialty.NewClient("id", "secret", rxbridge.WithBaseURL(srv.URL))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	ids := benchIDs(50)
	b.ReportAllocs()
	for b.Loop() {
		res, err := c.Status(ctx, ids...)
		if err != nil || !res.Referrals[49].Found {
			b.Fatal(err)
		}
	}
}

// BenchmarkStatus50Handwritten is the same call written by hand.
func BenchmarkStatus50Handwritten(b *testing.B) {
	srv := benchServer(b)
	hc := &http.Client{}
	ctx := context.Background()
	ids := benchIDs(50)
	b.ReportAllocs()
	for b.Loop() {
		body, _ := json.Marshal(cvsspecialty.StatusRequest{TransactionIDs: ids})
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/specialty/patient/referral/v1/status", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer bench")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var out cvsspecialty.StatusResponse
		err = json.NewDecoder(resp.Body).Decode(&out)
		_ = resp.Body.Close()
		if err != nil || len(out.ReferralStatus) != 50 {
			b.Fatal(err)
		}
	}
}

// BenchmarkColdStartThousandGoroutines starts 1,000 status calls at once on a cold
// client (no token yet) against the fake and reports how many token
// requests reached the token endpoint per cold start (DESIGN.md: exactly 1).
func BenchmarkColdStartThousandGoroutines(b *testing.B) {
	srv := cvsspecialtytest.NewServer()
	b.Cleanup(srv.Close)
	ctx := context.Background()
	total := 0
	for b.Loop() {
		before := srv.TokenRequests()
		c, err := srv.NewClient()
		if err != nil {
			b.Fatal(err)
		}
		errs := make(chan error, 1000)
		for range 1000 {
			go func() {
				_, err := c.Status(ctx, "605841b8-1cef-11ea-978f-2e728ce88125")
				errs <- err
			}()
		}
		for range 1000 {
			if err := <-errs; err != nil {
				b.Fatal(err)
			}
		}
		total += srv.TokenRequests() - before
	}
	b.ReportMetric(float64(total)/float64(b.N), "tokens/op")
}
