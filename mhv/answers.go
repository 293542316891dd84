package mhv

import (
	"bytes"
	"strings"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

// The documented answers of MHV's calls (DESIGN rule 19): a 2xx whose body
// is not one of them is a decode error (ErrDecode), and for a refill also
// ErrOutcomeUnknown, never a success or an empty list.
var (
	// A prescription list (getactiverx, gethistoryrx).
	expectPrescriptions = httpx.ExpectMembers("prescriptionList", "failedStationList", "successfulStationList", "lastUpdatedTime")
	// The medications list.
	expectMedications = httpx.ExpectMembers("medicationList", "failedStationList", "successfulStationList", "lastUpdatedTime")
	// A prescription's tracking.
	expectTracking = httpx.ExpectMembers("trackingInfo", "prescriptionName", "prescriptionNumber", "lastUpdatedtime", "lastUpdatedTime")
	// The leaflet ({"html": ...}).
	expectRxDoc = httpx.ExpectMembers("html")
	// The preferences.
	expectEmail        = httpx.ExpectMembers("emailAddress")
	expectRxPreference = httpx.ExpectMembers("flag")
	// The batch refill object (its failures inside a 200).
	batchMembers = httpx.ExpectMembers("errors", "prescriptionList", "failedStationList", "successfulStationList", "lastUpdatedTime", "infoMessages")
)

// refillWant describes a refill's documented success answers.
const refillWant = `an empty body, {"status":"success"}, or text starting "Success" ("Successfully submitted to: DAYT29")`

// expectRefill accepts the documented answers of a refill: nothing, the
// JSON status object {"status":"success"} (2017, 2025), or plain text
// "Success" (the ICD) / "Successfully submitted to: DAYT29" (2016), even
// when labelled application/json or sent as a JSON string. An HTML page
// (a login or gateway page) or JSON of another shape does not say MHV
// queued the refill.
func expectRefill(resp *httpx.Response) error {
	b := bytes.TrimSpace(bytes.TrimPrefix(resp.Body, bom))
	switch {
	case len(b) == 0, successText(b):
		return nil
	case b[0] == '{':
		var v struct {
			Status *string `json:"status"`
		}
		if jsoncodec.Unmarshal(b, &v) == nil && v.Status != nil && strings.EqualFold(strings.TrimSpace(*v.Status), "success") {
			return nil
		}
	}
	return &httpx.ShapeError{Want: refillWant}
}

// successText reports a body that starts with "success" (any case), bare
// or as a JSON string: what vets-api's parser takes for a refill's success.
func successText(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte(`"`))
	const word = "success"
	return len(b) >= len(word) && strings.EqualFold(string(b[:len(word)]), word)
}

// expectBatchRefill accepts the batch refill's documented object, or one
// of a single refill's success answers.
func expectBatchRefill(resp *httpx.Response) error {
	if batchMembers(resp) == nil || expectRefill(resp) == nil {
		return nil
	}
	return &httpx.ShapeError{Want: "a JSON object with errors or prescriptionList, or " + refillWant}
}
