package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// TestExpectRefusesAnUndocumentedSuccess: a 2xx whose body fails the
// request's Expect check is a *DecodeError whose cause is the check's
// error; for a non-idempotent request it is wrapped in an
// *OutcomeUnknownError (the upstream answered, so it may have acted, but
// the answer does not say it did). A body that passes is a success.
func TestExpectRefusesAnUndocumentedSuccess(t *testing.T) {
	page := faultserver.Fault{Kind: faultserver.Respond, Status: 200, Body: []byte("<html>Sign in</html>"), ContentType: "text/html"}
	for _, tc := range []struct {
		name      string
		fault     faultserver.Fault
		idem      Idempotency
		wantErr   bool
		wantUnkwn bool
	}{
		{"non-idempotent, HTML page", page, NotIdempotent, true, true},
		{"non-idempotent, empty body", faultserver.Status(200, ""), NotIdempotent, true, true},
		{"non-idempotent, other JSON", faultserver.Status(200, `{"status":"queued"}`), NotIdempotent, true, true},
		{"non-idempotent, documented", faultserver.Status(201, `{"id":"pa_1"}`), NotIdempotent, false, false},
		{"idempotent, HTML page", page, ByMethod, true, false},
		{"idempotent, documented", faultserver.Status(200, `{"id":"pa_1"}`), ByMethod, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := faultserver.New(nil)
			t.Cleanup(srv.Close)
			f := tc.fault
			srv.Always(&f)
			c := newFaultClient(t, srv, nil)
			method := http.MethodPost
			if tc.idem == ByMethod {
				method = http.MethodGet
			}
			req := Request{Op: "Create", Method: method, Route: "things", Idempotency: tc.idem, Expect: func(resp *Response) error {
				var v struct {
					ID string `json:"id"`
				}
				if json.Unmarshal(resp.Body, &v) != nil || v.ID == "" {
					return &ShapeError{Want: "the created id"}
				}
				return nil
			}}
			resp, err := c.Do(context.Background(), &req)
			assert.Equal(t, 1, srv.Count(), "never retried")
			if !tc.wantErr {
				require.NoError(t, err)
				return
			}
			require.NotNil(t, resp, "the response is returned with the error")
			require.ErrorIs(t, err, ErrDecode)
			var se *ShapeError
			require.ErrorAs(t, err, &se, "the cause is reachable")
			assert.Equal(t, "the created id", se.Want)
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, "Create", de.Op)
			if tc.wantUnkwn {
				require.ErrorIs(t, err, ErrOutcomeUnknown)
				var ou *OutcomeUnknownError
				require.ErrorAs(t, err, &ou)
				assert.Equal(t, 1, ou.Attempts)
			} else {
				assert.NotErrorIs(t, err, ErrOutcomeUnknown)
			}
			assert.NotContains(t, err.Error(), "Sign in", "never the body")
		})
	}
}

func TestExpectMembers(t *testing.T) {
	check := ExpectMembers("prescriptionList", "failedStationList")
	for _, tc := range []struct {
		body string
		ok   bool
	}{
		{`{"prescriptionList":[]}`, true},
		{"\xef\xbb\xbf  {\"failedStationList\":\"\"}", true},
		{`{"a":{"prescriptionList":[]},"b":[{"x":"}\"{"}],"c":null,"failedStationList":null}`, true},
		{`{"a":-1.5e3,"b":true,"prescriptionList":[1]}`, true},
		{`{"prescri\u0070tionList":[]}`, true},
		{`{}`, false},
		{``, false},
		{"  \n", false},
		{`[]`, false},
		{`null`, false},
		{`"prescriptionList"`, false},
		{`<html><body>{"prescriptionList":[]}</body></html>`, false},
		{`{"errors":[{"prescriptionList":1}]}`, false},
		{`{"a":"prescriptionList"}`, false},
		{`{"a":{"b":"c"`, false},
		{`{"a"`, false},
		{`{"a":"\"}`, false},
	} {
		resp := &Response{StatusCode: 200, Body: []byte(tc.body), Provider: "test", Op: "List"}
		err := check(resp)
		if tc.ok {
			assert.NoError(t, err, "%q", tc.body)
			continue
		}
		var se *ShapeError
		if assert.ErrorAs(t, err, &se, "%q", tc.body) {
			assert.Contains(t, se.Want, "prescriptionList")
		}
	}
}

func TestResponseUnexpected(t *testing.T) {
	cause := errors.New("no id")
	read := &Response{StatusCode: 200, Provider: "test", Op: "Get", Method: http.MethodGet, Route: "x", Attempts: 2}
	err := read.Unexpected(cause)
	require.ErrorIs(t, err, ErrDecode)
	require.ErrorIs(t, err, cause)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)

	create := &Response{StatusCode: 201, Provider: "test", Op: "Create", Method: http.MethodPost, Route: "x", Attempts: 1, notIdempotent: true}
	err = create.Unexpected(cause)
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	require.ErrorIs(t, err, ErrDecode)
	require.ErrorIs(t, err, cause)
}

// TestDecodeJSONUnexpectedMatchesBoth: a create's 2xx body that does not
// decode is outcome unknown and a decode error, with the decoder's error
// reachable.
func TestDecodeJSONUnexpectedMatchesBoth(t *testing.T) {
	create := &Response{StatusCode: 200, Body: []byte("<html>"), Provider: "test", Op: "Create", Method: http.MethodPost, notIdempotent: true}
	var v struct{}
	err := DecodeJSON(create, &v)
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	require.ErrorIs(t, err, ErrDecode)
	var se *json.SyntaxError
	assert.ErrorAs(t, err, &se, "the decoder's error is reachable")
}

// FuzzHasMember: on valid JSON, the scan agrees with encoding/json about
// the top-level members.
func FuzzHasMember(f *testing.F) {
	for _, s := range []string{`{"id":1}`, `{}`, `{"a":{"id":1}}`, `{"a":[1,"]",{"id":2}],"id":null}`, `[{"id":1}]`, `{"\u0069d":1}`, "<html>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got := hasMember(b, []string{"id"})
		if !json.Valid(b) {
			return
		}
		var m map[string]json.RawMessage
		_, want := m["id"]
		if json.Unmarshal(b, &m) == nil {
			_, want = m["id"]
		}
		if got != want {
			t.Fatalf("hasMember(%q) = %v, encoding/json says %v", b, got, want)
		}
	})
}
