package develophealth

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// The unions used to probe their discriminator with encoding/json, then
// decode again. They now read it with a cursor and decode once. The
// legacy decoders below are the former implementations, kept as the
// reference: FuzzUnionsMatchLegacy checks that the new ones decode every
// input to the same value and error.

func legacyOutcome(b []byte) (Outcome, error) {
	var o Outcome
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return o, nil
	}
	var c struct {
		Result     OutcomeResult   `json:"result"`
		Detail     json.RawMessage `json:"detail"`
		DetailCode json.RawMessage `json:"detail_code"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		o.Raw = append(json.RawMessage(nil), b...)
		return o, nil
	}
	o.Result = c.Result
	var err error
	switch c.Result {
	case OutcomeApproved:
		o.Approved = new(PriorAuthSubmissionApprovalOutcome)
		err = json.Unmarshal(b, o.Approved)
	case OutcomeDenied:
		o.Denied = new(PriorAuthSubmissionDenialOutcome)
		err = json.Unmarshal(b, o.Denied)
	case OutcomeOther:
		o.Other = new(PriorAuthSubmissionOtherOutcome)
		err = json.Unmarshal(b, o.Other)
	case OutcomePending:
		o.Pending = new(PriorAuthSubmissionPendingOutcome)
		err = json.Unmarshal(b, o.Pending)
	case OutcomeNotSubmitted:
		o.NotSubmitted = new(PriorAuthSubmissionNotSubmittedOutcome)
		err = json.Unmarshal(b, o.NotSubmitted)
	default:
		err = errUnknownVariant
	}
	if err != nil {
		o = Outcome{Result: c.Result, Raw: append(json.RawMessage(nil), b...)}
	}
	return o, nil
}

func legacyMockResult(b []byte) (PriorAuthMockResult, error) {
	var m PriorAuthMockResult
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return m, nil
	}
	var c struct {
		Result OutcomeResult `json:"result"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		m.Raw = append(json.RawMessage(nil), b...)
		return m, nil
	}
	var err error
	switch c.Result {
	case OutcomeApproved:
		m.Approved = new(PriorAuthMockResultApproved)
		err = json.Unmarshal(b, m.Approved)
	case OutcomeDenied:
		m.Denied = new(PriorAuthMockResultDenied)
		err = json.Unmarshal(b, m.Denied)
	case OutcomeOther:
		m.Other = new(PriorAuthMockResultOther)
		err = json.Unmarshal(b, m.Other)
	case OutcomeNotSubmitted:
		m.NotSubmitted = new(PriorAuthMockResultNotSubmitted)
		err = json.Unmarshal(b, m.NotSubmitted)
	default:
		err = errUnknownVariant
	}
	if err != nil {
		m = PriorAuthMockResult{Raw: append(json.RawMessage(nil), b...)}
	}
	return m, nil
}

func legacyEligibility(b []byte) (EligibilityCheckResponseItem, error) {
	var e EligibilityCheckResponseItem
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return e, nil
	}
	var probe struct {
		Status json.RawMessage `json:"status"`
	}
	var st string
	if json.Unmarshal(b, &probe) == nil {
		_ = json.Unmarshal(probe.Status, &st)
	}
	var err error = errUnknownVariant
	switch st {
	case "success":
		e.Success = new(EligibilityCheckResponseSuccessItem)
		err = json.Unmarshal(b, e.Success)
	case "error":
		e.Error = new(EligibilityCheckResponseErrorItem)
		err = json.Unmarshal(b, e.Error)
	}
	if err != nil {
		e = EligibilityCheckResponseItem{Raw: append(json.RawMessage(nil), b...)}
	}
	return e, nil
}

func legacyActivity(b []byte) (ActivityLogItem, error) {
	var a ActivityLogItem
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return a, nil
	}
	var h activityHead
	if json.Unmarshal(b, &h) != nil {
		a.Raw = append(json.RawMessage(nil), b...)
		return a, nil
	}
	var id, typ string
	_ = json.Unmarshal(h.ID, &id)
	_ = json.Unmarshal(h.Type, &typ)
	a.ID, a.CreatedAt, a.Type = id, h.CreatedAt, ActivityLogType(typ)
	switch a.Type {
	case ActivityLogSentFax, ActivityLogReceivedFax:
		var f activityFax
		if json.Unmarshal(b, &f) == nil && f.Details != nil {
			a.Fax = f.Details
			return a, nil
		}
	case ActivityLogFollowUpCall:
		var c activityCall
		if json.Unmarshal(b, &c) == nil && c.Details != nil {
			a.FollowUpCall = c.Details
			return a, nil
		}
	}
	a.Raw = append(json.RawMessage(nil), b...)
	return a, nil
}

func legacyDrugs(b []byte) (BenefitVerificationDrugs, error) {
	var d BenefitVerificationDrugs
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return d, nil
	}
	var probe []map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return d, err
	}
	named := false
	for _, it := range probe {
		if _, ok := it["name"]; ok {
			named = true
		}
	}
	if named {
		return d, json.Unmarshal(b, &d.Named)
	}
	return d, json.Unmarshal(b, &d.Coded)
}

func legacyPrescription(b []byte) (PrescriptionInput, error) {
	var p PrescriptionInput
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return p, nil
	}
	var probe struct {
		NDC      *json.RawMessage `json:"ndc"`
		DrugName *json.RawMessage `json:"drug_name"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return p, err
	}
	if probe.NDC != nil && probe.DrugName == nil {
		p.Coded = new(CodedPrescription)
		return p, json.Unmarshal(b, p.Coded)
	}
	p.Named = new(Prescription)
	return p, json.Unmarshal(b, p.Named)
}

// decodeNew decodes b with the type's UnmarshalJSON.
func decodeNew[T any](b []byte) (T, error) {
	var v T
	err := any(&v).(json.Unmarshaler).UnmarshalJSON(b)
	return v, err
}

func sameUnion[T any](t *testing.T, b []byte, legacy func([]byte) (T, error)) {
	t.Helper()
	want, wantErr := legacy(b)
	got, gotErr := decodeNew[T](b)
	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("%T from %q: error %v, formerly %v", got, b, gotErr, wantErr)
	}
	if wantErr != nil {
		return // the probe's type error now names the variant's type
	}
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("%T from %q:\n got  %#v\n want %#v", got, b, got, want)
	}
}

func checkUnions(t *testing.T, b []byte) {
	if !json.Valid(b) {
		return // an Unmarshaler is only ever given valid JSON
	}
	sameUnion(t, b, legacyOutcome)
	sameUnion(t, b, legacyMockResult)
	sameUnion(t, b, legacyEligibility)
	sameUnion(t, b, legacyActivity)
	sameUnion(t, b, legacyDrugs)
	sameUnion(t, b, legacyPrescription)
}

var unionSeeds = []string{
	`null`, `{}`, `[]`, `"x"`, `1`, `true`,
	`{"result":"Approved","detail":"ok","detail_code":"approved","approval_start_date":"2024-01-01"}`,
	`{"result":"Denied","detail":"no","detail_code":"x","denial_reason":[1]}`,
	`{"result":1,"result":"Approved"}`, `{"RESULT":"Other"}`, `{"result":null}`, `{"result":"Pending","detail":null}`,
	`{"result":"NotSubmitted","detail":"d"}`, `{"result":"Unknown","extra":1}`, `{"result":"\u0041pproved"}`,
	`{"status":"success","health_plan_name":"p","effective_start_date":"2024-01-01"}`,
	`{"status":"error","error_code":"x","error_message":"m","action_code":"y"}`,
	`{"STATUS":"success","status":null}`, `{"status":"success","rx_bin":5}`,
	`{"id":"a","created_at":"2024-02-14T05:46:07.764000","type":"sent_fax","details":{"fax_number":"1"}}`,
	`{"id":1,"type":"sent_fax","details":{}}`, `{"type":"follow_up_call","details":{"note":"n"}}`,
	`{"type":"unknown","id":"z"}`, `{"type":"sent_fax"}`, `{"TYPE":"received_fax","details":null}`,
	`[{"ndc":"1","quantity":2}]`, `[{"name":"d"},null]`, `[1]`, `[{"NAME":"x"}]`, `{"name":"x"}`,
	`{"ndc":"1"}`, `{"ndc":"1","drug_name":"x"}`, `{"ndc":null}`, `{"ndc":"1","ndc":null}`, `{"NDC":"2"}`,
}

func TestUnionsMatchLegacy(t *testing.T) {
	for _, s := range unionSeeds {
		checkUnions(t, []byte(s))
	}
	for _, b := range fixtureBodies(t) {
		checkUnions(t, b)
	}
}

func FuzzUnionsMatchLegacy(f *testing.F) {
	for _, s := range unionSeeds {
		f.Add([]byte(s))
	}
	for _, b := range fixtureBodies(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkUnions(t, b) })
}

// fixtureBodies returns every object and array inside the recorded
// fixtures, as seeds that look like real unions.
func fixtureBodies(t testing.TB) [][]byte {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "develophealth", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if b, err := json.Marshal(x); err == nil && len(b) < 4096 {
				out = append(out, b)
			}
			for _, y := range x {
				walk(y)
			}
		case []any:
			if b, err := json.Marshal(x); err == nil && len(b) < 4096 {
				out = append(out, b)
			}
			for _, y := range x {
				walk(y)
			}
		}
	}
	for _, f := range files {
		if filepath.Base(f) == "openapi.json" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if json.Unmarshal(b, &v) == nil {
			walk(v)
		}
	}
	return out
}
