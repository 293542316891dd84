// Package contract replays recorded exchanges against the SDK, one runner for
// every provider.
//
// A contract file in testdata/<provider>/contract/ records, for one SDK
// operation, the requests the SDK must send and the responses the upstream
// gave (a token or session request first, then the API call, for example).
// The runner starts a server that checks each incoming request against the
// recording — method, path, query, required headers, JSON body compared
// semantically — and answers with the recorded response. It then checks
// what the operation returned: the decoded result against a golden JSON
// file, or the error against the expected sentinel, HTTP status and code.
//
//	{
//	  "name": "refill a prescription",
//	  "op": "RefillPrescription",
//	  "args": {"id": 1435525},
//	  "steps": [
//	    {"request": {"method": "GET", "path": "/mhv-api/patient/v1/session",
//	                 "headers": {"appToken": "*", "mhvCorrelationId": "*"}},
//	     "response": {"status": 200, "headers": {"Token": "t", "Expires": "..."}}},
//	    {"request": {"method": "POST", "path": "/mhv-api/patient/v1/prescription/rxrefill/1435525",
//	                 "headers": {"Token": "t"}},
//	     "response": {"status": 200, "body": {"status": "success"}}}
//	  ],
//	  "result": {"ok": true}
//	}
//
// Header values in a recorded request: "*" means present with any value,
// "-" means absent, and a value ending in " *" ("Bearer *") means one that
// starts with what comes before the "*" and has more after it (the
// credential's scheme is checked, the credential is not recorded); anything
// else must match exactly. Set UPDATE_GOLDEN=1 to write golden files from
// what the SDK returns.
//
// An expected error can pin more than its sentinels, status and code:
// "detail" compares the provider's whole view of the typed error
// (Provider.ErrorDetail) with the recording; "details" compares only the
// named fields (Provider.ErrorDetails). A provider offers either or both.
package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// File is one recorded contract.
type File struct {
	Name string `json:"name"`
	// Op is the SDK operation the provider's Call runs.
	Op string `json:"op"`
	// Args are the operation's arguments, interpreted by the provider.
	Args json.RawMessage `json:"args,omitempty"`
	// Steps are the exchanges, in order.
	Steps []Step `json:"steps"`
	// Result is the expected result (JSON of what the operation returned),
	// Golden a file (relative to the contract file) holding it, Error the
	// expected error. Exactly one is set.
	Result json.RawMessage `json:"result,omitempty"`
	Golden string          `json:"golden,omitempty"`
	Error  *ErrorExpect    `json:"error,omitempty"`

	path string
}

// Step is one request and the response it got.
type Step struct {
	Request  Request  `json:"request"`
	Response Response `json:"response"`
}

// Request is what the SDK must send.
type Request struct {
	Method string `json:"method"`
	// Path is the escaped path as the server sees it (including any base
	// path prefix of the provider's base URL in the test, which is empty).
	Path string `json:"path"`
	// Query, when set, must equal the request's query exactly.
	Query url.Values `json:"query,omitempty"`
	// Headers: value, "*" (present), "-" (absent) or "Scheme *" (a value
	// with that prefix and something after it).
	Headers map[string]string `json:"headers,omitempty"`
	// Body, when set, must equal the JSON body semantically.
	Body json.RawMessage `json:"body,omitempty"`
	// Form, when set, must equal the form-encoded body.
	Form url.Values `json:"form,omitempty"`
}

// Response is what the upstream answered.
type Response struct {
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	// Body is a JSON body; BodyText any other body.
	Body     json.RawMessage `json:"body,omitempty"`
	BodyText string          `json:"bodyText,omitempty"`
}

// ErrorExpect describes the error an operation must return.
type ErrorExpect struct {
	// Is lists sentinel names (resolved through Provider.Sentinels) the
	// error must match with errors.Is.
	Is []string `json:"is,omitempty"`
	// HTTPStatus and Code, when set, must equal what Provider.ErrorFields
	// extracts from the error.
	HTTPStatus int    `json:"httpStatus,omitempty"`
	Code       string `json:"code,omitempty"`
	// Details, when set, are fields of the typed error beyond status and
	// code (an existing resource's id, validation items), each compared
	// semantically as JSON with what Provider.ErrorDetails returns under
	// the same name. Fields not listed are not checked.
	Details map[string]json.RawMessage `json:"details,omitempty"`
	// Detail, when set, must equal (JSON compared semantically) what
	// Provider.ErrorDetail returns for the error: the fields the provider's
	// typed error decoded from the response (message, fault, body format,
	// the sentinels it matches, ...).
	Detail json.RawMessage `json:"detail,omitempty"`
}

// Provider tells the runner how to call one provider's SDK.
type Provider struct {
	// Name is used in test names.
	Name string
	// Call runs op with args against a client pointed at baseURL and
	// returns what the operation returned (marshalled to JSON for the
	// golden comparison).
	Call func(ctx context.Context, baseURL, op string, args json.RawMessage) (any, error)
	// Sentinels resolves the names used in ErrorExpect.Is.
	Sentinels map[string]error
	// ErrorFields extracts the HTTP status and provider code of a typed
	// error.
	ErrorFields func(err error) (status int, code string, ok bool)
	// ErrorDetails, needed only by contracts with error details, returns
	// the typed error's other fields by name (JSON-able values).
	ErrorDetails func(err error) map[string]any
	// ErrorDetail returns a JSON-able view of an error, compared with
	// ErrorExpect.Detail. Only contracts that set detail need it.
	ErrorDetail func(err error) any
}

// Load reads every contract file (*.json, except *.golden.json) in dir,
// sorted by name.
func Load(dir string) ([]File, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	files := make([]File, 0, len(paths))
	for _, p := range paths {
		if strings.HasSuffix(p, ".golden.json") {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var f File
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if f.Op == "" || len(f.Steps) == 0 {
			return nil, fmt.Errorf("%s: op and steps are required", p)
		}
		n := 0
		for _, set := range []bool{f.Result != nil, f.Golden != "", f.Error != nil} {
			if set {
				n++
			}
		}
		if n != 1 {
			return nil, fmt.Errorf("%s: exactly one of result, golden, error", p)
		}
		f.path = p
		files = append(files, f)
	}
	return files, nil
}

// Run replays every contract in dir against p, one subtest per file, and
// returns the operations covered.
func Run(t *testing.T, dir string, p Provider) map[string]int {
	t.Helper()
	files, err := Load(dir)
	if err != nil {
		t.Fatalf("contract: %v", err)
	}
	if len(files) == 0 {
		t.Fatalf("contract: no contract files in %s", dir)
	}
	covered := map[string]int{}
	for _, f := range files {
		covered[f.Op]++
		t.Run(p.Name+"/"+strings.TrimSuffix(filepath.Base(f.path), ".json"), func(t *testing.T) {
			replay(t, f, p)
		})
	}
	return covered
}

// RequireOps fails t unless every op in ops has at least one contract.
func RequireOps(t testing.TB, covered map[string]int, ops ...string) {
	t.Helper()
	for _, op := range ops {
		if covered[op] == 0 {
			t.Errorf("contract: no recorded exchange for operation %s", op)
		}
	}
}

// replay runs one contract.
func replay(t *testing.T, f File, p Provider) {
	srv := &server{t: t, steps: f.Steps}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got, err := p.Call(ctx, ts.URL, f.Op, f.Args)
	srv.mu.Lock()
	used, mismatches := srv.next, srv.mismatches
	srv.mu.Unlock()
	for _, m := range mismatches {
		t.Error(m)
	}
	if used != len(f.Steps) {
		t.Errorf("the SDK sent %d of the %d recorded requests", used, len(f.Steps))
	}
	if f.Error != nil {
		checkError(t, err, *f.Error, p)
		return
	}
	if err != nil {
		t.Fatalf("%s: unexpected error: %v", f.Op, err)
	}
	gotJSON, merr := json.MarshalIndent(got, "", "  ")
	if merr != nil {
		t.Fatalf("marshal result: %v", merr)
	}
	want := f.Result
	if f.Golden != "" {
		gp := filepath.Join(filepath.Dir(f.path), f.Golden)
		if os.Getenv("UPDATE_GOLDEN") == "1" {
			if err := os.WriteFile(gp, append(gotJSON, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		b, rerr := os.ReadFile(gp)
		if rerr != nil {
			t.Fatalf("golden: %v (run with UPDATE_GOLDEN=1 to create it)", rerr)
		}
		want = b
	}
	if ok, diff := jsonEqual(want, gotJSON); !ok {
		t.Errorf("%s: result differs from the recording:\n%s", f.Op, diff)
	}
}

func checkError(t testing.TB, err error, want ErrorExpect, p Provider) {
	t.Helper()
	if err == nil {
		t.Fatalf("expected an error, got none")
	}
	for _, name := range want.Is {
		s, ok := p.Sentinels[name]
		if !ok {
			t.Fatalf("contract names unknown sentinel %q", name)
		}
		if !errors.Is(err, s) {
			t.Errorf("error %q does not match %s", err, name)
		}
	}
	if want.HTTPStatus != 0 || want.Code != "" {
		status, code, ok := p.ErrorFields(err)
		if !ok {
			t.Fatalf("error %q is not the provider's typed error", err)
		}
		if want.HTTPStatus != 0 && status != want.HTTPStatus {
			t.Errorf("HTTP status %d, want %d", status, want.HTTPStatus)
		}
		if want.Code != "" && code != want.Code {
			t.Errorf("code %q, want %q", code, want.Code)
		}
	}
	if len(want.Details) > 0 {
		if p.ErrorDetails == nil {
			t.Fatalf("contract expects error details but the provider has no ErrorDetails")
		}
		got := p.ErrorDetails(err)
		if got == nil {
			t.Fatalf("error %q is not the provider's typed error", err)
		}
		names := make([]string, 0, len(want.Details))
		for k := range want.Details {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			v, ok := got[k]
			if !ok {
				t.Errorf("error detail %s: the provider does not report it", k)
				continue
			}
			b, merr := json.Marshal(v)
			if merr != nil {
				t.Errorf("error detail %s: %v", k, merr)
				continue
			}
			if ok, d := jsonEqual(want.Details[k], b); !ok {
				t.Errorf("error detail %s differs from the recording: %s", k, d)
			}
		}
	}
	if want.Detail != nil {
		if p.ErrorDetail == nil {
			t.Fatalf("contract sets error detail but provider %s has no ErrorDetail", p.Name)
		}
		got, merr := json.Marshal(p.ErrorDetail(err))
		if merr != nil {
			t.Fatalf("marshal error detail: %v", merr)
		}
		if ok, diff := jsonEqual(want.Detail, got); !ok {
			t.Errorf("error detail differs from the recording:\n%s", diff)
		}
	}
}

// server answers the recorded steps in order and records mismatches.
type server struct {
	t          *testing.T
	mu         sync.Mutex
	steps      []Step
	next       int
	mismatches []string
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	if s.next >= len(s.steps) {
		s.mismatches = append(s.mismatches, fmt.Sprintf("unexpected extra request %s %s", r.Method, r.URL.Path))
		s.mu.Unlock()
		http.Error(w, "no more recorded steps", http.StatusTeapot)
		return
	}
	st := s.steps[s.next]
	s.next++
	s.mismatches = append(s.mismatches, matchRequest(s.next, st.Request, r, body)...)
	s.mu.Unlock()

	for k, v := range st.Response.Headers {
		w.Header().Set(k, v)
	}
	if st.Response.Body != nil && w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	status := st.Response.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	if st.Response.Body != nil {
		_, _ = w.Write(st.Response.Body)
	} else {
		_, _ = io.WriteString(w, st.Response.BodyText)
	}
}

// matchRequest compares a received request with the recording.
func matchRequest(n int, want Request, r *http.Request, body []byte) []string {
	var out []string
	bad := func(format string, a ...any) {
		out = append(out, fmt.Sprintf("step %d: ", n)+fmt.Sprintf(format, a...))
	}
	if !strings.EqualFold(want.Method, r.Method) {
		bad("method %s, want %s", r.Method, want.Method)
	}
	if want.Path != r.URL.EscapedPath() {
		bad("path %s, want %s", r.URL.EscapedPath(), want.Path)
	}
	if want.Query != nil && r.URL.Query().Encode() != want.Query.Encode() {
		bad("query %s, want %s", r.URL.Query().Encode(), want.Query.Encode())
	}
	for k, v := range want.Headers {
		got, present := r.Header.Get(k), len(r.Header.Values(k)) > 0
		switch v {
		case "*":
			if !present {
				bad("header %s missing", k)
			}
		case "-":
			if present {
				bad("header %s must be absent", k)
			}
		default:
			if prefix, ok := strings.CutSuffix(v, " *"); ok {
				prefix += " "
				if !strings.HasPrefix(got, prefix) || len(got) == len(prefix) {
					bad("header %s does not have the form %q", k, v)
				}
				continue
			}
			if got != v {
				bad("header %s = %q, want %q", k, got, v)
			}
		}
	}
	if want.Body != nil {
		if ok, diff := jsonEqual(want.Body, body); !ok {
			bad("JSON body differs:\n%s", diff)
		}
	}
	if want.Form != nil {
		got, err := url.ParseQuery(string(body))
		if err != nil || got.Encode() != want.Form.Encode() {
			bad("form body %q, want %q", string(body), want.Form.Encode())
		}
	}
	return out
}

// jsonEqual compares two JSON documents semantically (numbers by their
// text) and describes the first difference.
func jsonEqual(a, b []byte) (bool, string) {
	var va, vb any
	da := json.NewDecoder(bytes.NewReader(a))
	da.UseNumber()
	db := json.NewDecoder(bytes.NewReader(b))
	db.UseNumber()
	if err := da.Decode(&va); err != nil {
		return false, "want is not JSON: " + err.Error()
	}
	if err := db.Decode(&vb); err != nil {
		return false, "got is not JSON: " + err.Error()
	}
	if d := diff("$", va, vb); d != "" {
		return false, d
	}
	return true, ""
}

// diff returns the first difference between two decoded JSON values.
func diff(path string, a, b any) string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: want object, got %T", path, b)
		}
		keys := make([]string, 0, len(x)+len(y))
		for k := range x {
			keys = append(keys, k)
		}
		for k := range y {
			if _, ok := x[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			av, aok := x[k]
			bv, bok := y[k]
			switch {
			case !aok:
				return fmt.Sprintf("%s.%s: unexpected member", path, k)
			case !bok:
				return fmt.Sprintf("%s.%s: missing", path, k)
			}
			if d := diff(path+"."+k, av, bv); d != "" {
				return d
			}
		}
		return ""
	case []any:
		y, ok := b.([]any)
		if !ok {
			return fmt.Sprintf("%s: want array, got %T", path, b)
		}
		if len(x) != len(y) {
			return fmt.Sprintf("%s: %d elements, want %d", path, len(y), len(x))
		}
		for i := range x {
			if d := diff(fmt.Sprintf("%s[%d]", path, i), x[i], y[i]); d != "" {
				return d
			}
		}
		return ""
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return fmt.Sprintf("%s: want number %s, got %v", path, x, b)
		}
		if x.String() != y.String() {
			fx, errx := x.Float64()
			fy, erry := y.Float64()
			if errx != nil || erry != nil || fx != fy {
				return fmt.Sprintf("%s: %s, want %s", path, y, x)
			}
		}
		return ""
	default:
		if a != b {
			return fmt.Sprintf("%s: %v, want %v", path, b, a)
		}
		return ""
	}
}
