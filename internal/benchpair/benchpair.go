// Package benchpair is what the benchmark pairs of the SDK's packages share
// (internal/benchratio runs them): the baselines' two HTTP clients, net/http's
// and go-retryablehttp's default client, sending a request as a hand-written
// client does; the decoding such a client writes, encoding/json into plain
// structs of its own; the reading and decoding of a hand-written webhook
// handler, and the in-process delivery both receivers of a pair are sent;
// the loop of a decoding benchmark, the same for the SDK's decoder and for
// encoding/json; and the MHV prescription list that more than one
// package's benchmarks read.
//
// It is for tests only. Each helper does, call for call, what a benchmark
// would otherwise write out (the request and its headers built on every
// call, the answer decoded through json.Decoder), so a benchmark measures
// the same thing through it as written by hand.
package benchpair

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	retryablehttp "github.com/hashicorp/go-retryablehttp"
)

// Client is a baseline's HTTP client: net/http's Client (NetHTTP) or
// go-retryablehttp's default client (Retryablehttp).
type Client struct {
	tb testing.TB
	hc *http.Client
	rc *retryablehttp.Client
}

// NetHTTP is net/http's Client over tr (nil: http.DefaultTransport), what
// a hand-written baseline uses. Its idle connections are closed when tb
// ends.
func NetHTTP(tb testing.TB, tr http.RoundTripper) *Client {
	hc := &http.Client{Transport: tr}
	tb.Cleanup(hc.CloseIdleConnections)
	return &Client{tb: tb, hc: hc}
}

// Retryablehttp is go-retryablehttp's default client with its logger off:
// what a user would otherwise pick. Its idle connections are closed when
// tb ends.
func Retryablehttp(tb testing.TB) *Client {
	return RetryablehttpOver(tb, nil)
}

// RetryablehttpOver is Retryablehttp over tr instead of its own pooled
// transport (nil: its own), for a pair whose transport is not the
// network (an in-memory one): the clients then differ only in what they
// do around the transport.
func RetryablehttpOver(tb testing.TB, tr http.RoundTripper) *Client {
	rc := retryablehttp.NewClient()
	rc.Logger = nil
	if tr != nil {
		rc.HTTPClient.Transport = tr
	}
	tb.Cleanup(rc.HTTPClient.CloseIdleConnections)
	return &Client{tb: tb, rc: rc}
}

// Do sends one request as a hand-written client does: the request is built
// for this call with body (nil: none) and the header given as name, value
// pairs, each set with Header.Set.
func (c *Client) Do(ctx context.Context, method, url string, body []byte, header ...string) (*http.Response, error) {
	if len(header)%2 != 0 {
		c.tb.Fatal("benchpair: the header is name, value pairs")
	}
	if c.rc != nil {
		var rb any // a nil []byte would be an empty body, not none
		if body != nil {
			rb = body
		}
		req, err := retryablehttp.NewRequestWithContext(ctx, method, url, rb)
		if err != nil {
			return nil, err
		}
		setHeader(req.Header, header)
		return c.rc.Do(req)
	}
	var rb io.Reader
	if body != nil {
		rb = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rb)
	if err != nil {
		return nil, err
	}
	setHeader(req.Header, header)
	return c.hc.Do(req)
}

func setHeader(h http.Header, pairs []string) {
	for i := 0; i < len(pairs); i += 2 {
		h.Set(pairs[i], pairs[i+1])
	}
}

// DecodeJSON reads an answer as a hand-written client does: encoding/json's
// Decoder into a new T (plain structs of the baseline's own), the rest of
// the body drained and the body closed. It fails tb on err, on a decoding
// error and on a status other than 200.
func DecodeJSON[T any](tb testing.TB, resp *http.Response, err error) *T {
	if err != nil {
		tb.Fatal(err)
	}
	out := new(T)
	err = json.NewDecoder(resp.Body).Decode(out)
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		tb.Fatal("decode", resp.StatusCode, err)
	}
	return out
}

// ReadBody reads a whole answer with io.ReadAll and closes it. It fails tb
// on err, on a read error and on a status other than 200.
func ReadBody(tb testing.TB, resp *http.Response, err error) []byte {
	if err != nil {
		tb.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		tb.Fatal("read", resp.StatusCode, err)
	}
	return body
}

// Decode is a decoding benchmark: b's loop decodes data with decode and
// checks each result with ok, data's length being b's bytes per
// operation. Both members of a decoding pair run it, the SDK's decoder and
// encoding/json.
func Decode[T any](b *testing.B, data []byte, decode func([]byte) (T, error), ok func(T) bool) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		v, err := decode(data)
		if err != nil || !ok(v) {
			b.Fatal("decode", err)
		}
	}
}

// Into is a decode function for Decode: unmarshal (json.Unmarshal, the
// SDK's decoder) into a new T.
func Into[T any](unmarshal func([]byte, any) error) func([]byte) (*T, error) {
	return func(data []byte) (*T, error) {
		out := new(T)
		return out, unmarshal(data, out)
	}
}

// ReadWebhook reads a delivery's body as a hand-written webhook handler
// does: io.ReadAll through a limit. When the body is longer than limit or
// cannot be read it answers 413 and returns false.
func ReadWebhook(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, bool) {
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil || int64(len(body)) > limit {
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		return nil, false
	}
	return body, true
}

// HandleWebhook ends a hand-written webhook handler: body decoded with
// json.Unmarshal into a new T (plain structs of the baseline's own), then
// handled. It answers 400 when the body does not decode, 500 when handle
// fails and 200 otherwise.
func HandleWebhook[T any](w http.ResponseWriter, body []byte, handle func(*T) error) {
	var ev T
	if err := json.Unmarshal(body, &ev); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if err := handle(&ev); err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// Deliver runs one webhook delivery of body through h in process, the same
// way for the SDK's receiver and for the baseline handler: a POST with the
// header given as name, value pairs. It fails tb unless h answers 200.
func Deliver(tb testing.TB, h http.Handler, body []byte, header ...string) {
	deliver(tb, func(r *httptest.ResponseRecorder) http.ResponseWriter { return serverWriter{r} }, h, body, header)
}

// DeliverToRecorder is Deliver through httptest's recorder alone, a
// ResponseWriter that takes no deadline (as a middleware wrapper without
// Unwrap): for the path a receiver takes without one.
func DeliverToRecorder(tb testing.TB, h http.Handler, body []byte, header ...string) {
	deliver(tb, func(r *httptest.ResponseRecorder) http.ResponseWriter { return r }, h, body, header)
}

// deliver is Deliver through the writer wrap makes of the recorder.
func deliver(tb testing.TB, wrap func(*httptest.ResponseRecorder) http.ResponseWriter, h http.Handler, body []byte, header []string) {
	req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(body))
	setHeader(req.Header, header)
	rec := httptest.NewRecorder()
	h.ServeHTTP(wrap(rec), req)
	if rec.Code != http.StatusOK {
		tb.Fatal(rec.Code, rec.Body.String())
	}
}

// serverWriter is a recorder with the read and write deadlines net/http's
// own ResponseWriter has (through http.ResponseController): a handler
// that bounds its body read with a deadline takes the path it takes in a
// real server. The body is in memory, so a deadline has nothing to cut.
type serverWriter struct{ *httptest.ResponseRecorder }

// SetReadDeadline accepts the deadline, as a server's connection does.
func (serverWriter) SetReadDeadline(time.Time) error { return nil }

// SetWriteDeadline accepts the deadline, as a server's connection does.
func (serverWriter) SetWriteDeadline(time.Time) error { return nil }
