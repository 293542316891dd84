package httpx

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rxbridge/rxbridge-go/internal/benchpair"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hasDotSegmentSplit is the reference hasDotSegment: split on slashes and
// compare each lowered segment with the six dot forms.
func hasDotSegmentSplit(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		switch strings.ToLower(seg) {
		case ".", "..", "%2e", "%2e%2e", ".%2e", "%2e.":
			return true
		}
	}
	return false
}

func TestHasDotSegmentMatchesTheSplitReference(t *testing.T) {
	for _, p := range []string{
		"", "/", "//", "a", "a/b", ".", "..", "...", "a/./b", "a/../b", "a/.../b", "./", "/..",
		"%2e", "%2E", "%2e%2e", "%2E%2e", ".%2e", "%2e.", "%2e%2e%2e", "%2", "%2f", "a.b", ".a", "a.",
		"x/%2e%2E/y", "x/%2e%2E", "%2e%2e/admin", "v1/Patient", "p/..%2e", "%%2e", "%2e%", ". ",
	} {
		assert.Equal(t, hasDotSegmentSplit(p), hasDotSegment(p), "%q", p)
	}
	assert.Zero(t, testing.AllocsPerRun(100, func() { hasDotSegment("mhv-api/patient/v1/prescription/getactiverx/1435525") }))
}

func FuzzHasDotSegment(f *testing.F) {
	for _, s := range []string{"a/../b", "%2e%2E", "x/.%2e/y", "v1/Patient"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if hasDotSegment(p) != hasDotSegmentSplit(p) {
			t.Fatalf("%q: %v", p, hasDotSegment(p))
		}
	})
}

// lyingTransport answers 200 with body and a Content-Length of cl, which a
// transport that is not net/http's may not enforce.
type lyingTransport struct {
	body string
	cl   int64
}

func (t lyingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{}, ContentLength: t.cl,
		Body: io.NopCloser(strings.NewReader(t.body)), Request: r}, nil
}

// The exact-length read keeps the limits and the truncation check of the
// buffered one: fewer bytes than announced is a failed read (retried, then
// a transport error), more is read on within the limit, and past the limit
// is ErrResponseTooLarge.
func TestBodyReadAgainstContentLength(t *testing.T) {
	for _, tc := range []struct {
		name    string
		body    string
		cl      int64
		want    string
		wantErr error
	}{
		{"exact", "0123456789", 10, "0123456789", nil},
		{"shorter than announced", "01234", 10, "", ErrTransport},
		{"empty, announced", "", 10, "", ErrTransport},
		{"longer than announced", "0123456789abcdef", 10, "0123456789abcdef", nil},
		{"longer than announced, over the limit", strings.Repeat("x", 40), 10, "", ErrResponseTooLarge},
		{"announced at the limit", strings.Repeat("y", 32), 32, strings.Repeat("y", 32), nil},
		{"unknown length", "0123456789", -1, "0123456789", nil},
		{"unknown length, over the limit", strings.Repeat("x", 33), -1, "", ErrResponseTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var o Options
			o.BaseURL = "http://api.example/"
			o.MaxResponseBytes = 32
			o.Retry.MaxRetries = -1
			o.HTTPClient = &http.Client{Transport: lyingTransport{tc.body, tc.cl}}
			c, err := New(Config{Provider: "test"}, o)
			require.NoError(t, err)
			resp, err := c.Do(context.Background(), &Request{Op: "Get", Method: http.MethodGet, Route: "x"})
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(resp.Body))
		})
	}
}

// A GET that succeeds on its first attempt allocates at most 3 objects
// more than the same GET through net/http's Client.Do and io.ReadAll over
// the same in-memory transport (the call state, its three httptrace hooks,
// the trace's context and the Response, less what reading the body to its
// announced length saves).
func TestPipelineAllocatesLikeClientDo(t *testing.T) {
	c := benchClient(t, inMemoryBase, cannedTransport{}, nil)
	ctx := context.Background()
	pipeline := func() {
		req := Request{Op: "ListActive", Method: http.MethodGet, Route: "prescription/getactiverx/{id}", PathParams: []string{"1435525"}}
		resp, err := c.Do(ctx, &req)
		if err != nil || len(resp.Body) != len(benchDoc) {
			t.Fatal("pipeline", err)
		}
	}
	hc := benchpair.NetHTTP(t, cannedTransport{})
	hand := func() {
		resp, err := hc.Do(ctx, http.MethodGet, inMemoryBase+"/prescription/getactiverx/"+url.PathEscape("1435525"), nil, handHeader...)
		if body := benchpair.ReadBody(t, resp, err); len(body) != len(benchDoc) {
			t.Fatal("handwritten")
		}
	}
	p, h := testing.AllocsPerRun(200, pipeline), testing.AllocsPerRun(200, hand)
	t.Logf("pipeline %.0f allocs/op, net/http %.0f", p, h)
	assert.LessOrEqual(t, p, h+3)
}
