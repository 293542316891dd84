package contract

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

var errNotFound = errors.New("not found")

type itemErr struct {
	apierr.Base
	Hint []any
}

func (e *itemErr) Is(t error) bool { return t == errNotFound && e.HTTPStatus == 404 }

// toyCall is a tiny provider built on httpx, enough to exercise the runner.
func toyCall(ctx context.Context, baseURL, op string, args json.RawMessage) (any, error) {
	var a struct{ ID string }
	if err := json.Unmarshal(args, &a); err != nil {
		return nil, err
	}
	var o httpx.Options
	o.BaseURL = baseURL
	o.Retry = rxbridge.RetryPolicy{MaxRetries: -1}
	tokens, err := httpx.New(httpx.Config{Provider: "toy"}, o)
	if err != nil {
		return nil, err
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if _, err := tokens.DoJSON(ctx, &httpx.Request{Op: "Token", Method: "POST", Route: "token",
		Body: []byte(url.Values{"grant_type": {"client_credentials"}}.Encode()), ContentType: "application/x-www-form-urlencoded",
		Header: http.Header{"Authorization": {"Basic eDp5"}}}, &tok); err != nil {
		return nil, err
	}
	api, err := httpx.New(httpx.Config{Provider: "toy", DecodeError: func(r *httpx.Response) error {
		var b struct {
			Code string
			Hint []any
		}
		_ = json.Unmarshal(r.Body, &b)
		e := &itemErr{Base: r.ErrorBase(), Hint: b.Hint}
		e.Code = b.Code
		return e
	}}, o)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	q := url.Values{}
	if a.ID != "missing" {
		q.Set("expand", "all")
	}
	_, err = api.DoJSON(ctx, &httpx.Request{Op: op, Method: "GET", Route: "items/{id}", PathParams: []string{a.ID}, Query: q,
		Header: http.Header{"Authorization": {"Bearer " + tok.AccessToken}}}, &out)
	return out, err
}

func toyProvider() Provider {
	return Provider{
		Name:      "toy",
		Call:      toyCall,
		Sentinels: map[string]error{"ErrNotFound": errNotFound},
		ErrorFields: func(err error) (int, string, bool) {
			var e *itemErr
			if errors.As(err, &e) {
				return e.HTTPStatus, e.Code, true
			}
			return 0, "", false
		},
		ErrorDetails: func(err error) map[string]any {
			var e *itemErr
			if errors.As(err, &e) {
				return map[string]any{"hint": e.Hint}
			}
			return nil
		},
		ErrorDetail: func(err error) any {
			var e *itemErr
			if !errors.As(err, &e) {
				return nil
			}
			return map[string]any{"status": e.HTTPStatus, "code": e.Code, "op": e.Op}
		},
	}
}

func TestRunnerReplaysContracts(t *testing.T) {
	p := toyProvider()
	covered := Run(t, "testdata/contract", p)
	RequireOps(t, covered, "GetItem")
	assert.Equal(t, 2, covered["GetItem"])
}

// fakeT records failures instead of failing the real test.
type fakeT struct {
	testing.TB
	errs []string
}

func (f *fakeT) Helper()                   {}
func (f *fakeT) Errorf(s string, a ...any) { f.errs = append(f.errs, s) }

func TestMatchRequestReportsEveryMismatch(t *testing.T) {
	want := Request{Method: "POST", Path: "/a/b", Query: url.Values{"x": {"1"}},
		Headers: map[string]string{"X-Need": "*", "Idempotency-Key": "-", "Accept": "application/json"},
		Body:    json.RawMessage(`{"a":1,"b":[1,2]}`)}
	r, _ := http.NewRequest("PUT", "http://h/a/c?x=2", nil)
	r.Header.Set("Idempotency-Key", "k")
	r.Header.Set("Accept", "text/html")
	out := matchRequest(1, want, r, []byte(`{"a":1,"b":[2,1]}`))
	joined := strings.Join(out, "\n")
	for _, s := range []string{"method PUT", "path /a/c", "query x=2", "header X-Need missing", "Idempotency-Key must be absent", "header Accept", "$.b[0]"} {
		assert.Contains(t, joined, s)
	}
	ok := matchRequest(1, Request{Method: "GET", Path: "/a", Body: json.RawMessage(`{"n":12.50}`)},
		mustReq("GET", "http://h/a"), []byte(`{"n":12.5}`))
	assert.Empty(t, ok, "numbers compare by value")
	ft := &fakeT{TB: t}
	RequireOps(ft, map[string]int{"Y": 1}, "X", "Y")
	assert.Len(t, ft.errs, 1, "the uncovered op is reported")
}

func TestErrorDetailMismatchIsReported(t *testing.T) {
	err := &itemErr{Base: apierr.Base{HTTPStatus: 404, Code: "not_found", Op: "GetItem"}}
	p := toyProvider()
	ft := &fakeT{TB: t}
	checkError(ft, err, ErrorExpect{Is: []string{"ErrNotFound"}, Detail: json.RawMessage(`{"status":404,"code":"not_found","op":"GetItem"}`)}, p)
	assert.Empty(t, ft.errs, "a matching detail passes")
	checkError(ft, err, ErrorExpect{Detail: json.RawMessage(`{"status":404,"code":"gone","op":"GetItem"}`)}, p)
	require.Len(t, ft.errs, 1, "a differing detail fails")
	assert.Contains(t, ft.errs[0], "error detail differs")
}

func mustReq(m, u string) *http.Request {
	r, _ := http.NewRequest(m, u, nil)
	return r
}

func TestLoadValidates(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		require.NoError(t, os.WriteFile(dir+"/"+name, []byte(body), 0o644))
	}
	write("a.json", `{"op":"X","steps":[{"request":{"method":"GET","path":"/"},"response":{"status":200}}],"result":{},"error":{}}`)
	_, err := Load(dir)
	require.ErrorContains(t, err, "exactly one")
	write("a.json", `{"op":"X","steps":[],"result":{}}`)
	_, err = Load(dir)
	require.ErrorContains(t, err, "required")
	write("a.json", `{"op":"X","stepz":[]}`)
	_, err = Load(dir)
	require.Error(t, err, "unknown fields are typos")
}

func TestHeaderSchemePattern(t *testing.T) {
	want := Request{Method: "GET", Path: "/a", Headers: map[string]string{"Authorization": "Bearer *", "Accept": "*/*"}}
	check := func(auth, accept string) []string {
		r := mustReq("GET", "http://h/a")
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		r.Header.Set("Accept", accept)
		return matchRequest(1, want, r, nil)
	}
	assert.Empty(t, check("Bearer s3cr3t", "*/*"))
	for _, auth := range []string{"Basic s3cr3t", "Bearer ", "Bearers3cr3t", "bearer s3cr3t", ""} {
		out := check(auth, "*/*")
		require.Len(t, out, 1, "%q", auth)
		assert.Contains(t, out[0], `header Authorization does not have the form "Bearer *"`)
		if auth != "" {
			assert.NotContains(t, out[0], "s3cr3t", "the credential is never printed")
		}
	}
	out := check("Bearer s3cr3t", "*/x")
	require.Len(t, out, 1, "a value merely ending in * is still exact")
	assert.Contains(t, out[0], `header Accept = "*/x", want "*/*"`)
}

// failT records failures instead of failing the real test; Fatalf ends the
// check like the real one does.
type failT struct {
	testing.TB
	errs []string
}

func (f *failT) Helper()                   {}
func (f *failT) Errorf(s string, a ...any) { f.errs = append(f.errs, fmt.Sprintf(s, a...)) }
func (f *failT) Fatalf(s string, a ...any) {
	f.errs = append(f.errs, fmt.Sprintf(s, a...))
	runtime.Goexit()
}

// runCheck runs checkError on its own goroutine (Fatalf ends it).
func runCheck(t *testing.T, err error, want ErrorExpect, p Provider) []string {
	ft := &failT{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		checkError(ft, err, want, p)
	}()
	<-done
	return ft.errs
}

func TestErrorDetails(t *testing.T) {
	p := toyProvider()
	err := &itemErr{Hint: []any{"a", 1.0}}
	err.HTTPStatus = 404
	detail := func(s string) map[string]json.RawMessage {
		return map[string]json.RawMessage{"hint": json.RawMessage(s)}
	}
	assert.Empty(t, runCheck(t, err, ErrorExpect{Details: detail(`["a", 1.00]`)}, p))
	out := runCheck(t, err, ErrorExpect{Details: detail(`["a", 2]`)}, p)
	require.Len(t, out, 1)
	assert.Contains(t, out[0], "error detail hint differs")
	out = runCheck(t, err, ErrorExpect{Details: map[string]json.RawMessage{"other": json.RawMessage(`1`)}}, p)
	require.Len(t, out, 1)
	assert.Contains(t, out[0], "error detail other: the provider does not report it")
	out = runCheck(t, errors.New("plain"), ErrorExpect{Details: detail(`[]`)}, p)
	require.Len(t, out, 1)
	assert.Contains(t, out[0], "not the provider's typed error")
	p.ErrorDetails = nil
	out = runCheck(t, err, ErrorExpect{Details: detail(`[]`)}, p)
	require.Len(t, out, 1)
	assert.Contains(t, out[0], "has no ErrorDetails")
}
