package cvsspecialty

import (
	"errors"
	"strings"
	"testing"
)

// FuzzStatusResponse: decoding any 2xx body as a status answer never
// panics; a failure is a decode error or an *Error whose Error() does not
// quote the body; rows that decode are merged into one entry per id asked,
// in order.
func FuzzStatusResponse(f *testing.F) {
	seedBodies(f, "status-response.json", "intake-response.json", "error-500-statusdesc.json")
	f.Add([]byte(`{"statusCode":"0000","referralStatus":[{"transactionId":"a","status":"Pending"},{"transactionId":"A","status":"Shipped"},{"transactionId":"b"}]}`))
	f.Add([]byte(`{"statusCode":"0000","referralStatus":{"transactionId":"a"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var out struct {
			envelope
			ReferralStatus []ReferralStatus `json:"referralStatus"`
		}
		err := decodeSuccess(response(200, "application/json", string(body)), &out, &out.envelope)
		if err != nil {
			var e *Error
			if !errors.Is(err, ErrDecode) && !errors.As(err, &e) {
				t.Fatalf("untyped error %T", err)
			}
			if len(body) >= 12 && strings.Contains(err.Error(), string(body)) {
				t.Fatalf("Error() quotes the body: %q", err.Error())
			}
			return
		}
		ids := []string{"a", "A", "a", "b", "zz"}
		for _, r := range out.ReferralStatus {
			ids = append(ids, r.TransactionID)
		}
		first := map[string]int{}
		for i, id := range ids {
			if _, ok := first[id]; !ok {
				first[id] = i
			}
		}
		res := &StatusResult{Referrals: make([]StatusEntry, len(ids))}
		merge(res, ids, first, [][]ReferralStatus{out.ReferralStatus})
		found := 0
		for i, e := range res.Referrals {
			if e.TransactionID != ids[i] {
				t.Fatalf("entry %d is for %q, want %q", i, e.TransactionID, ids[i])
			}
			if e.Found && first[ids[i]] == i {
				found++
			}
		}
		if found+len(res.Unmatched) != len(out.ReferralStatus) {
			t.Fatalf("%d rows placed and %d unmatched, of %d", found, len(res.Unmatched), len(out.ReferralStatus))
		}
	})
}
