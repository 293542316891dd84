package mhv

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

// ActivePrescriptions returns the veteran's active VA prescriptions
// (prescription/getactiverx). Check Partial: when some VA stations did not
// answer, the list is incomplete.
func (u *User) ActivePrescriptions(ctx context.Context) (*PrescriptionList, error) {
	var out PrescriptionList
	if err := u.get(ctx, "ActivePrescriptions", u.routes().active, nil, expectPrescriptions, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// PrescriptionHistory returns all the veteran's VA prescriptions, active
// and historical (prescription/gethistoryrx).
func (u *User) PrescriptionHistory(ctx context.Context) (*PrescriptionList, error) {
	var out PrescriptionList
	if err := u.get(ctx, "PrescriptionHistory", u.routes().history, nil, expectPrescriptions, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Prescription returns one prescription from the veteran's history (MHV
// has no single-prescription call; vets-api filters the history the same
// way). A prescription not in the history gives an error matching
// ErrNotFound.
func (u *User) Prescription(ctx context.Context, prescriptionID int64) (*Prescription, error) {
	if err := checkID("Prescription", prescriptionID); err != nil {
		return nil, err
	}
	h, err := u.PrescriptionHistory(ctx)
	if err != nil {
		return nil, err
	}
	rx, ok := h.Find(prescriptionID)
	if !ok {
		return nil, fmt.Errorf("mhv: Prescription: not in the veteran's prescription history: %w", ErrNotFound)
	}
	return &rx, nil
}

// checkID refuses a prescription id that cannot be one.
func checkID(op string, id int64) error {
	if id <= 0 {
		return apierr.Input("mhv", op, "the prescription id must be positive")
	}
	return nil
}

// Refill asks MHV to refill one prescription (POST prescription/rxrefill/
// {id}). A nil error means MHV accepted the request: a 2xx with one of
// MHV's documented success answers ({"status":"success"}, plain text
// "Success" or "Successfully submitted to: …", or nothing); the
// prescription's refillStatus becomes "submitted" in the history.
//
// A refill is never retried once it may have reached MHV, and follows no
// redirect. The only exception is an answer that refused the veteran's
// session (MHV did not act): the session is replaced and the refill sent
// once more. When the connection dies after sending, MHV or a gateway
// answers 5xx or a redirect (a login page), or a 2xx whose body is none of
// the documented answers (an HTML page, other JSON; the error also matches
// ErrDecode), the error matches ErrOutcomeUnknown: MHV may have queued the
// refill. Look at the
// history before you try again (a pending refill makes MHV answer
// ErrNotRefillable, so a repeat is refused rather than doubled, but the
// veteran sees an error).
//
// Other answers: ErrNotRefillable (139), ErrPrescriptionNotFound (138),
// ErrNotPrescriptionOwner (136), ErrRefillFailed (140), ...
func (u *User) Refill(ctx context.Context, prescriptionID int64) error {
	if err := checkID("Refill", prescriptionID); err != nil {
		return err
	}
	req := httpx.Request{
		Op:          "Refill",
		Method:      http.MethodPost,
		Route:       u.routes().refill,
		PathParams:  []string{strconv.FormatInt(prescriptionID, 10)},
		Idempotency: httpx.NotIdempotent,
		Expect:      expectRefill,
	}
	_, err := u.send(ctx, &req)
	return err
}

// BatchRefillResponse is MHV's answer to a batch refill (the ICD's
// BatchRefillTO): HTTP 200 with the per-prescription failures in Errors
// (each naming its prescription only inside developerMessage).
type BatchRefillResponse struct {
	FailedStationList     StationList       `json:"failedStationList"`
	SuccessfulStationList StationList       `json:"successfulStationList"`
	LastUpdatedTime       rxbridge.RFC1123  `json:"lastUpdatedTime"`
	PrescriptionList      []Prescription    `json:"prescriptionList"`
	Errors                []ErrorEntry      `json:"errors"`
	InfoMessages          []json.RawMessage `json:"infoMessages"`
}

// RefillResult is the outcome of one prescription of a batch refill.
type RefillResult struct {
	PrescriptionID int64
	// Err is nil when MHV reported no failure for this prescription. It is
	// an *Error (errors.Is(err, ErrNotRefillable), ...) when MHV named it
	// in a failure, or ErrBatchUnattributed when MHV reported a failure
	// naming no requested prescription, so this one's fate is unclear.
	Err error
}

// BatchRefill is the outcome of RefillMany.
type BatchRefill struct {
	// Results has one entry per requested id, in the order given.
	Results []RefillResult
	// Unattributed are the failures that named no requested prescription.
	Unattributed []*Error
	// Response is the decoded answer (nil when MHV sent no JSON body).
	Response *BatchRefillResponse
}

// Failed returns the results with an error.
func (b *BatchRefill) Failed() []RefillResult {
	if b == nil {
		return nil
	}
	var out []RefillResult
	for _, r := range b.Results {
		if r.Err != nil {
			out = append(out, r)
		}
	}
	return out
}

// Submitted returns the ids MHV accepted.
func (b *BatchRefill) Submitted() []int64 {
	if b == nil {
		return nil
	}
	var out []int64
	for _, r := range b.Results {
		if r.Err == nil {
			out = append(out, r.PrescriptionID)
		}
	}
	return out
}

// maxBatch bounds a batch refill.
const maxBatch = 100

// RefillMany asks MHV to refill several prescriptions in one request
// (POST prescription/rxrefill with a JSON array of ids), as VA's mobile
// app does. MHV answers 200 with the failures inside; RefillMany returns
// one result per id. The returned error is for the request as a whole and
// follows Refill's rules: never retried once it may have reached MHV, no
// redirect followed, and ErrOutcomeUnknown when the answer was lost or is
// not the documented one (the batch object, or a single refill's success
// answers): some refills may have been queued.
func (u *User) RefillMany(ctx context.Context, prescriptionIDs []int64) (*BatchRefill, error) {
	if len(prescriptionIDs) == 0 || len(prescriptionIDs) > maxBatch {
		return nil, apierr.Input("mhv", "RefillMany", "between 1 and "+strconv.Itoa(maxBatch)+" prescription ids")
	}
	seen := make(map[int64]bool, len(prescriptionIDs))
	body := make([]byte, 0, 2+12*len(prescriptionIDs))
	body = append(body, '[')
	for i, id := range prescriptionIDs {
		if err := checkID("RefillMany", id); err != nil {
			return nil, err
		}
		if seen[id] {
			return nil, apierr.Input("mhv", "RefillMany", "a prescription id is repeated")
		}
		seen[id] = true
		if i > 0 {
			body = append(body, ',')
		}
		body = strconv.AppendInt(body, id, 10)
	}
	body = append(body, ']')
	req := httpx.Request{
		Op:          "RefillMany",
		Method:      http.MethodPost,
		Route:       u.routes().refillBatch,
		Body:        body,
		Idempotency: httpx.NotIdempotent,
		Expect:      expectBatchRefill,
	}
	resp, err := u.send(ctx, &req)
	if err != nil {
		return nil, err
	}
	return batchResults(resp, prescriptionIDs)
}

// batchResults attributes the failures of a batch answer to the requested
// ids. MHV names the id only inside developerMessage ("Prescription not
// found for id: 13650545"), so each failure is matched by the numbers in
// its messages. A batch object that does not decode is resp.Unexpected
// (outcome unknown): which refills were queued cannot be told.
func batchResults(resp *httpx.Response, ids []int64) (*BatchRefill, error) {
	out := &BatchRefill{Results: make([]RefillResult, len(ids))}
	for i, id := range ids {
		out.Results[i].PrescriptionID = id
	}
	var to BatchRefillResponse
	b := bytes.TrimSpace(bytes.TrimPrefix(resp.Body, bom))
	if len(b) == 0 || b[0] != '{' || batchMembers(resp) != nil {
		// A single refill's success answer (checked by expectBatchRefill):
		// nothing failed.
		return out, nil
	}
	if err := jsoncodec.Unmarshal(b, &to); err != nil {
		return nil, resp.Unexpected(err)
	}
	out.Response = &to
	index := make(map[int64]int, len(ids))
	for i, id := range ids {
		index[id] = i
	}
	for _, w := range to.Errors {
		e := &Error{APIError: rxbridge.APIError{Provider: "mhv", Op: resp.Op, Method: resp.Method, Route: resp.Route,
			Attempts: resp.Attempts, RequestID: resp.ErrorBase().RequestID}, BodyFormat: BodyJSON}
		e.setCode(w.ErrorCode.String())
		e.Message = apierr.Excerpt(w.Message.Value, maxMessage)
		e.DeveloperMessage = apierr.Excerpt(w.DeveloperMessage.Value, maxMessage)
		matched := false
		for _, n := range numbersIn(w.DeveloperMessage.Value + " " + w.Message.Value) {
			if i, ok := index[n]; ok && out.Results[i].Err == nil {
				out.Results[i].Err = e
				matched = true
				break
			}
		}
		if !matched {
			out.Unattributed = append(out.Unattributed, e)
		}
	}
	if len(out.Unattributed) > 0 {
		// A failure that names no requested prescription may belong to
		// any of those without a verdict: none of them is reported as
		// submitted.
		for i := range out.Results {
			if out.Results[i].Err == nil {
				out.Results[i].Err = ErrBatchUnattributed
			}
		}
	}
	return out, nil
}

// numbersIn returns the runs of digits in s, as numbers.
func numbersIn(s string) []int64 {
	var out []int64
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if n, err := strconv.ParseInt(s[i:j], 10, 64); err == nil {
			out = append(out, n)
		}
		i = j
	}
	return out
}
