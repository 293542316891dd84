package httpx

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newTestClient(t *testing.T, base string) *Client {
	t.Helper()
	var o Options
	o.BaseURL = base
	c, err := New(Config{Provider: "test"}, o)
	require.NoError(t, err)
	return c
}

func TestBuildURL(t *testing.T) {
	type listOpts struct {
		Status string `url:"status,omitempty"`
		Count  *int   `url:"_count,omitempty"`
		Active *bool  `url:"active,omitempty"`
	}
	zero, no := 0, false
	c := newTestClient(t, "https://api.example.com/mhv-api/patient/v1")
	cases := []struct {
		name string
		req  Request
		want string
	}{
		{"prefix kept, trailing slash added", Request{Route: "session"}, "https://api.example.com/mhv-api/patient/v1/session"},
		{"params escaped", Request{Route: "prescription/rxrefill/{id}", PathParams: []string{"12 34/5?x#y"}},
			"https://api.example.com/mhv-api/patient/v1/prescription/rxrefill/12%2034%2F5%3Fx%23y"},
		{"two params", Request{Route: "a/{x}/b/{y}", PathParams: []string{"1", "2"}}, "https://api.example.com/mhv-api/patient/v1/a/1/b/2"},
		{"url.Values", Request{Route: "Patient", Query: url.Values{"name": {"O'Brien & Sons"}}},
			"https://api.example.com/mhv-api/patient/v1/Patient?name=O%27Brien+%26+Sons"},
		{"struct query with meaningful zeros", Request{Route: "x", Query: listOpts{Status: "active", Count: &zero, Active: &no}},
			"https://api.example.com/mhv-api/patient/v1/x?_count=0&active=false&status=active"},
		{"empty struct query", Request{Route: "x", Query: &listOpts{}}, "https://api.example.com/mhv-api/patient/v1/x"},
		{"same-host link", Request{URL: "https://api.example.com/fhir/Patient?_getpages=abc&_offset=50"},
			"https://api.example.com/fhir/Patient?_getpages=abc&_offset=50"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.buildURL(&tc.req)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestBuildURLRejects(t *testing.T) {
	c := newTestClient(t, "https://api.example.com/v1/")
	for name, r := range map[string]Request{
		"dot-dot param":        {Route: "p/{id}", PathParams: []string{".."}},
		"dot param":            {Route: "p/{id}", PathParams: []string{"."}},
		"empty param":          {Route: "p/{id}", PathParams: []string{""}},
		"missing param":        {Route: "p/{id}/{x}", PathParams: []string{"1"}},
		"extra param":          {Route: "p/{id}", PathParams: []string{"1", "2"}},
		"absolute route":       {Route: "/p"},
		"dot-dot route":        {Route: "../admin"},
		"encoded dot-dot":      {Route: "%2e%2e/admin"},
		"foreign link":         {URL: "https://evil.example.net/v1/Patient"},
		"scheme downgrade":     {URL: "http://api.example.com/v1/Patient"},
		"relative link":        {URL: "/v1/Patient"},
		"dot segment in link":  {URL: "https://api.example.com/v1/../admin"},
		"string query":         {Route: "x", Query: "a=b"},
		"unclosed placeholder": {Route: "p/{id", PathParams: []string{"1"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.buildURL(&r)
			require.ErrorIs(t, err, ErrBadRequest)
		})
	}
}

func TestBuildURLErrorNamesPlaceholderNotValue(t *testing.T) {
	c := newTestClient(t, "https://api.example.com/")
	_, err := c.buildURL(&Request{Op: "Get", Route: "Patient/{id}/{version}", PathParams: []string{"SECRET-MRN-991"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "{version}")
	assert.NotContains(t, err.Error(), "SECRET-MRN-991")
}

func TestBaseURLValidation(t *testing.T) {
	for _, bad := range []string{"ftp://x", "https://", "https://u:p@host/", "https://host/?q=1", "https://host/#f", "https://host/a/../b", "::"} {
		var o Options
		o.BaseURL = bad
		_, err := New(Config{Provider: "test", DefaultBaseURL: "https://ok.example.com"}, o)
		require.Error(t, err, "%q", bad)
	}
	_, err := New(Config{Provider: "test"}, Options{})
	require.Error(t, err, "no base URL at all")
	c, err := New(Config{Provider: "test", DefaultBaseURL: "https://ok.example.com/api"}, Options{})
	require.NoError(t, err, "no option means the default")
	assert.Equal(t, "https://ok.example.com/api/", c.BaseURL().String())
}

func TestPathParam(t *testing.T) {
	require.NoError(t, PathParam("test", "Get", "id", "123"))
	require.ErrorIs(t, PathParam("test", "Get", "id", ".."), ErrBadRequest)
	require.ErrorIs(t, PathParam("test", "Get", "id", ""), ErrBadRequest)
	require.EqualError(t, PathParam("test", "Get", "id", ""), "test: Get: invalid input, nothing was sent: id is empty or a dot segment")
}
