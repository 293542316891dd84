package cvsspecialty

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

func response(status int, ctype, body string) *httpx.Response {
	h := http.Header{}
	if ctype != "" {
		h.Set("Content-Type", ctype)
	}
	return &httpx.Response{StatusCode: status, Header: h, Body: []byte(body), Attempts: 2,
		Provider: "cvsspecialty", Op: "Status", Method: "POST", Route: routeStatus}
}

func TestDecodeErrorTable(t *testing.T) {
	html := "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1>" + strings.Repeat("<p>Aegon Targaryen</p>", 400) + "</body></html>"
	for _, tc := range []struct {
		name      string
		resp      *httpx.Response
		code      string
		message   string
		sentinels []error
		text      string
	}{
		{"spec 401", response(401, "application/json", string(fixture(t, "error-401-invalid-token.json"))),
			"1001", "Looks like your Bearer token is not valid. Please obtain a new token.",
			[]error{ErrInvalidToken, ErrUnauthorized},
			"cvsspecialty: Status POST specialty/patient/referral/v1/status: HTTP 401: code 1001 (bearer token is not valid; a new token is needed) [2 attempts]"},
		{"gateway html 502", response(502, "text/html; charset=utf-8", html), "", "",
			[]error{ErrServer},
			"cvsspecialty: Status POST specialty/patient/referral/v1/status: HTTP 502 (non-JSON response: text/html) [2 attempts]"},
		{"empty 403", response(403, "", ""), "", "", []error{ErrForbidden}, ""},
		{"429", response(429, "application/json", `{"message":"slow down"}`), "", "", []error{ErrRateLimited}, ""},
		{"json as text/plain", response(400, "text/plain", `{"statusCode":"5004","statusDescription":"MSG-5004"}`), "5004", "MSG-5004", []error{ErrRejected}, ""},
		{"statusDesc", response(500, "application/json", string(fixture(t, "error-500-statusdesc.json"))), "9999", "Message Not Processed:Internal Server Error", []error{ErrServer}, ""},
		{"both spellings", response(500, "application/json", `{"statusCode":"9999","statusDesc":"MSG-B","statusDescription":"MSG-A"}`), "9999", "MSG-A", []error{ErrServer}, ""},
		{"code is a sentence", response(400, "application/json", `{"statusCode":"Aegon Targaryen born 1993"}`), "", "", []error{ErrRejected},
			"cvsspecialty: Status POST specialty/patient/referral/v1/status: HTTP 400 (statusCode is not a numeric code) [2 attempts]"},
		{"numeric code", response(404, "application/json", `{"statusCode":5013}`), "5013", "", []error{ErrNotFound}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := decodeError(tc.resp)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.resp.StatusCode, e.HTTPStatus)
			assert.Equal(t, tc.code, e.Code)
			assert.Equal(t, tc.message, e.Message)
			for _, s := range tc.sentinels {
				assert.ErrorIs(t, err, s)
			}
			if tc.text != "" {
				assert.Equal(t, tc.text, err.Error())
			}
			all := fmt.Sprintf("%v %+v %#v %s %q", err, err, err, err, err)
			assert.NotContains(t, all, "Aegon")
			assert.NotContains(t, all, "Targaryen")
			if tc.message != "" {
				assert.NotContains(t, all, tc.message, "the server's description is kept out of Error()")
			}
		})
	}
}

func TestErrorIsMatchesOnlyItsFamily(t *testing.T) {
	all := []error{ErrInvalidToken, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrRejected, ErrRateLimited, ErrServer, ErrUnexpectedResponse}
	for _, tc := range []struct {
		e    *Error
		want []error
	}{
		{&Error{}, nil},
		{errWith(0, "1001"), []error{ErrInvalidToken, ErrUnauthorized}},
		{errWith(401, "1013"), []error{ErrUnauthorized}},
		{errWith(403, ""), []error{ErrForbidden}},
		{errWith(0, "1402"), []error{ErrForbidden}},
		{errWith(0, "5013"), []error{ErrNotFound}},
		{errWith(422, ""), []error{ErrRejected}},
		{errWith(429, ""), []error{ErrRateLimited}},
		{errWith(0, "9997"), []error{ErrServer}},
		{errWith(0, "9985"), []error{ErrServer}},
		{errWith(504, ""), []error{ErrServer}},
		{errWith(200, "7777"), nil},
	} {
		for _, s := range all {
			want := false
			for _, w := range tc.want {
				want = want || w == s
			}
			assert.Equal(t, want, errors.Is(tc.e, s), "%v is %v", tc.e, s)
		}
	}
}

func errWith(status int, code string) *Error {
	e := &Error{}
	e.HTTPStatus, e.Code = status, code
	return e
}

func TestOutcomeUnknownErrorWrapsAndMatches(t *testing.T) {
	inner := &httpx.OutcomeUnknownError{Provider: "cvsspecialty", Op: "Submit", Method: "POST", Route: routeIntake, Attempts: 1, Err: errWith(503, "5000")}
	err := fmt.Errorf("wrapped: %w", &OutcomeUnknownError{TransactionID: "tx-1", Attempts: 1, Err: inner})
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.ErrorIs(t, err, ErrServer)
	var ou *OutcomeUnknownError
	require.ErrorAs(t, err, &ou)
	assert.Equal(t, "tx-1", ou.TransactionID)
	var hou *httpx.OutcomeUnknownError
	require.ErrorAs(t, err, &hou)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "5000", e.Code)
	for _, s := range []string{fmt.Sprintf("%#v", ou), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), err.Error()} {
		assert.NotContains(t, s, "tx-1", "the transactionId is in its field only")
	}
	assert.Contains(t, fmt.Sprintf("%#v", ou), "Attempts:1")
}

func TestDuplicateKey(t *testing.T) {
	for body, want := range map[string]string{
		`{"statusCode":"0000"}`:                      "",
		`{"statusCode":"0000","StatusCode":"1001"}`:  "statusCode",
		`{"a":{"statusCode":1},"statusCode":"0000"}`: "",
		`{"transactionId":"a","TRANSACTIONID":"b"}`:  "transactionId",
		`[1,2]`:                 "",
		`{"statusCode":"0000",`: "",
		`{"x":[{"statusCode":1}],"y":"statusCode","statusCode":"0"}`: "",
	} {
		assert.Equal(t, want, duplicateKey([]byte(body), "statusCode", "transactionId"), body)
	}
}

// roundTrip decodes a fixture strictly (every field the spec shows is
// modelled, with the spec's name), re-encodes it and compares.
func roundTrip(t *testing.T, name string, v any) {
	t.Helper()
	raw := fixture(t, name)
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(v), name)
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, string(raw), string(out), name)
}

func TestFixturesRoundTrip(t *testing.T) {
	roundTrip(t, "intake-request.json", &Referral{})
	roundTrip(t, "intake-request-postman.json", &Referral{})
	roundTrip(t, "intake-response.json", &IntakeResponse{})
	roundTrip(t, "status-request.json", &StatusRequest{})
	roundTrip(t, "status-request-postman.json", &StatusRequest{})
	roundTrip(t, "status-response.json", &StatusResponse{})
	roundTrip(t, "error-401-invalid-token.json", &ErrorResponse{})
	roundTrip(t, "error-400-missing-field.json", &ErrorResponse{})
	roundTrip(t, "error-500-statusdesc.json", &ErrorResponse{})
}

func TestFixtureValues(t *testing.T) {
	r := sampleReferral(t)
	assert.Equal(t, "Targaryen", r.Patient.Name.Family)
	assert.True(t, r.Patient.BirthDate.Equal(rxbridge.NewDate(1993, time.October, 21)))
	assert.Equal(t, "1993-10-21T00:00:00.000Z", r.Patient.BirthDate.Raw())
	assert.True(t, r.Prescription[0].SubstitutionAllowed.Value())
	assert.Equal(t, 5, *r.Prescription[0].Refills)
	assert.Equal(t, 500.0, r.Prescription[0].Strength)
	assert.Equal(t, "self", r.Patient.Communication.Relationship)
	assert.Equal(t, "english", r.Patient.Communication.OptInPreferences.AcceptedLanguageTCPA)
	assert.Equal(t, "Northwest Community Hospital", r.Prescriber.Location.Name)
	assert.Equal(t, ImageTypeTIFF, SniffImageType(r.RxImage.Content.Data))

	var p Referral
	require.NoError(t, json.Unmarshal(fixture(t, "intake-request-postman.json"), &p))
	assert.True(t, p.Patient.BirthDate.Equal(r.Patient.BirthDate), "both date forms are the same date")
	assert.True(t, p.Prescription[0].AuthoredOn.Equal(r.Prescription[0].AuthoredOn))
	assert.True(t, p.Prescription[0].SubstitutionAllowed.Value(), `"yes" is true`)
	assert.Equal(t, ImageTypePNG, SniffImageType(p.RxImage.Content.Data))
	assert.Equal(t, "IMAGE/TIFF", p.RxImage.Content.Type)
}

// TestWireForms: Submit's copy of a referral holds each date in the
// client's DateFormat and each yes/no in the spec's string form, whatever
// way the values were built or decoded; the caller's values are unchanged.
func TestWireForms(t *testing.T) {
	forms := map[DateFormat]string{DateTimeUTC: `"1993-10-21T00:00:00.000Z"`, DateOnly: `"1993-10-21"`}
	for _, in := range []string{`"10/21/1993"`, `"1993-10-21"`, `"1993-10-21T00:00:00.000Z"`, `"1993-10-21T00:00:00Z"`, `"Thu, 21 Oct 1993 00:00:00 EDT"`} {
		var d rxbridge.Date
		require.NoError(t, json.Unmarshal([]byte(in), &d))
		for f, want := range forms {
			out, err := json.Marshal(wireDate(d, f.layout()))
			require.NoError(t, err)
			assert.Equal(t, want, string(out), "%s in format %d", in, f)
		}
		out, err := json.Marshal(d)
		require.NoError(t, err)
		assert.Equal(t, in, string(out), "the caller's date still re-encodes as received")
	}
	for f, want := range forms {
		out, err := json.Marshal(wireDate(rxbridge.NewDate(1993, time.October, 21), f.layout()))
		require.NoError(t, err)
		assert.Equal(t, want, string(out), "built in code, format %d", f)
	}
	// A decoded date changed in code is sent as changed.
	var changed rxbridge.Date
	require.NoError(t, json.Unmarshal([]byte(`"1993-10-21T00:00:00.000Z"`), &changed))
	changed.Day = 22
	out, err := json.Marshal(wireDate(changed, DateTimeUTC.layout()))
	require.NoError(t, err)
	assert.Equal(t, `"1993-10-22T00:00:00.000Z"`, string(out))
	// Unset and invalid dates are left as they are (Submit refuses an
	// invalid birth date before sending).
	assert.True(t, wireDate(rxbridge.Date{}, DateOnly.layout()).IsZero())
	var bad rxbridge.Date
	require.NoError(t, json.Unmarshal([]byte(`"someday"`), &bad))
	assert.Equal(t, "someday", wireDate(bad, DateOnly.layout()).Raw())

	for in, want := range map[string]string{
		`true`: `"true"`, `false`: `"false"`, `1`: `"true"`, `0`: `"false"`,
		`"true"`: `"true"`, `"yes"`: `"yes"`, `"N"`: `"N"`, `"maybe"`: `"maybe"`,
	} {
		var b rxbridge.Bool
		require.NoError(t, json.Unmarshal([]byte(in), &b))
		w := wireBool(b)
		assert.Equal(t, b.Value(), w.Value(), in)
		out, err := json.Marshal(w)
		require.NoError(t, err)
		assert.Equal(t, want, string(out), "%s is sent as %s", in, want)
		out, err = json.Marshal(b)
		require.NoError(t, err)
		assert.Equal(t, in, string(out), "the caller's flag still re-encodes as received")
	}
	out, err = json.Marshal(struct {
		A rxbridge.Bool `json:"a,omitzero"`
		B rxbridge.Bool `json:"b,omitzero"`
		C rxbridge.Bool `json:"c,omitzero"`
	}{A: wireBool(rxbridge.NewBool(true)), B: wireBool(rxbridge.NewBool(false)), C: wireBool(rxbridge.Bool{})})
	require.NoError(t, err)
	assert.Equal(t, `{"a":"true","b":"false"}`, string(out), "built in code: the spec's strings; unset stays omitted")
}

func TestErrorTypesHaveNoUnexpectedFields(t *testing.T) {
	// Error() is built from rxbridge.APIError alone; a new field holding server
	// text must be reviewed for PHI.
	typ := reflect.TypeOf(Error{})
	var names []string
	for i := range typ.NumField() {
		names = append(names, typ.Field(i).Name)
	}
	assert.Equal(t, []string{"APIError", "Fault", "RawStatusCode", "unexpected"}, names)
}
