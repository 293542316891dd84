package mhv

import (
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/timefmt"
)

// FuzzBatchResults: any batch refill answer gives exactly one result per
// requested id, in order, or an error (a batch object that does not
// decode); a failure is attributed to at most one id, and an unattributed
// failure leaves no id reported as submitted.
func FuzzBatchResults(f *testing.F) {
	if b, err := os.ReadFile("../testdata/mhv/batch_refill_failure.json"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"errors":[{"errorCode":139,"developerMessage":"Prescription not refillable for id: 13650545"},{"errorCode":99,"message":"x"}]}`))
	f.Add([]byte(`Successfully submitted to: DAYT29`))
	f.Add([]byte(`{"errors":{"errorCode":"138"}}`))
	ids := []int64{13650545, 13650546, 7}
	f.Fuzz(func(t *testing.T, body []byte) {
		resp := &httpx.Response{StatusCode: 200, Header: http.Header{}, Body: body, Provider: "mhv", Op: "RefillMany",
			Method: "POST", Route: "prescription/rxrefill", Attempts: 1}
		out, err := batchResults(resp, ids)
		if err != nil {
			if out != nil {
				t.Fatal("results with an error")
			}
			return
		}
		if len(out.Results) != len(ids) {
			t.Fatalf("%d results for %d ids", len(out.Results), len(ids))
		}
		for i, r := range out.Results {
			if r.PrescriptionID != ids[i] {
				t.Fatalf("result %d is for %d", i, r.PrescriptionID)
			}
		}
		if len(out.Unattributed) > 0 && len(out.Submitted()) > 0 {
			t.Fatal("an unattributed failure, yet some ids reported as submitted")
		}
		for _, e := range out.Unattributed {
			_ = e.Error()
		}
	})
}

// FuzzSessionExpiry: any Expires and Date headers give either no expiry or
// one in the future (when both parse).
func FuzzSessionExpiry(f *testing.F) {
	f.Add("Tue, 02 Sep 2025 14:55:00 GMT", "Tue, 02 Sep 2025 14:45:00 GMT")
	f.Add("Fri, 05 Sep 2025 15:18:02 GMT+00:00", "")
	f.Add("Tue, 02 Sep 2025 14:45:00 EDT", "Tue, 02 Sep 2025 18:55:00 GMT")
	f.Add("garbage", "Tue, 02 Sep 2025 14:45:00 GMT")
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f.Fuzz(func(t *testing.T, expires, date string) {
		h := http.Header{}
		h.Set("Expires", expires)
		h.Set("Date", date)
		got := sessionExpiry(h, now)
		if got.IsZero() {
			return
		}
		_, _, errE := timefmt.ParseRFC1123(expires)
		_, _, errD := timefmt.ParseRFC1123(date)
		if errE == nil && errD == nil && !got.After(now) {
			t.Fatalf("expiry %v is not after now for Expires %q, Date %q", got, expires, date)
		}
	})
}
