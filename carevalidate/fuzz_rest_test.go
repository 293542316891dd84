package carevalidate

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// FuzzRESTResponses: every REST success decoder (list, case detail,
// create, latest case id, form, comment, payment intent and setup) never
// panics on any body; a body that reports a failure gives a typed *Error
// whose Error() does not quote the body.
func FuzzRESTResponses(f *testing.F) {
	for _, s := range []string{
		`{"success":true,"cases":[{"id":"c1","status":"OPEN","createdAt":"2025-01-02T03:04:05.000Z"}],"pageInfo":{"hasNextPage":true,"cursor":{"start":"c1","end":"c1"}}}`,
		`{"data":{"cases":[{"id":"c1"}],"pageInfo":{"hasNextPage":false}}}`,
		`{"items":[{"id":"c2","submitter":{"dob":"05/30/2000"}}]}`,
		`{"success":true,"caseDetail":{"id":"c1","responses":[{"id":"r1","responses":[{"text":["a","b"]}]}],"comments":[{"id":"m1"}]}}`,
		`{"success":true,"data":{"caseId":"c1","formResponseId":"r1"}}`,
		`{"case":{"id":"c1"},"id":7}`,
		`{"success":true,"data":{"id":"m1"},"comment":{"id":"m2"}}`,
		`{"success":true,"message":"payment Intent initiated successfully","data":{"paymentIntentSecret":"pi_1_secret_x"}}`,
		`{"success":true,"paymentSecret":"seti_1_secret_x"}`,
		`{"status":400,"success":false,"message":"Invalid case data","error":"No Case found for provided details!","code":"CASE_ERROR"}`,
		`{"error":{"message":"x"},"success":"false"}`, `<html></html>`, ``, `null`, `[1]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		resp := &httpx.Response{StatusCode: 200, Header: http.Header{}, Body: body, Provider: "carevalidate", Op: "Op", Method: "GET", Route: "r"}
		var list listResponse
		var detail detailResponse
		var create createResponse
		var latest latestResponse
		var form formResponse
		var comment commentResponse
		var intent intentResponse
		var setup setupResponse
		for _, out := range []responseBody{&list, &detail, &create, &latest, &form, &comment, &intent, &setup} {
			if json.Unmarshal(body, out) != nil {
				continue
			}
			if env := out.env(); env.failed() {
				err := envelopeError(resp, env)
				e, ok := err.(*Error)
				if !ok || e.Kind() == nil {
					t.Fatalf("untyped failure %T", err)
				}
				if len(body) >= 12 && strings.Contains(e.Error(), string(body)) {
					t.Fatalf("Error() quotes the body: %q", e.Error())
				}
			}
		}
		_ = create.result(body)
		_ = form.Data.caseID()
		for _, pi := range []*PageInfo{list.PageInfo, list.Data.PageInfo} {
			if pi != nil {
				_ = pi.NextCursor()
			}
		}
	})
}
