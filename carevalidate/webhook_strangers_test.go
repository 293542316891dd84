package carevalidate

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// deliverCounted posts body through a counting reader and returns the
// status and how many body bytes the receiver read.
func deliverCounted(h http.Handler, body []byte, hdr map[string]string) (int, int64) {
	cr := &countingReader{r: bytes.NewReader(body)}
	req := httptest.NewRequest(http.MethodPost, "/hook", cr)
	req.ContentLength = int64(len(body))
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w.Code, cr.n.Load()
}

// TestReceiverReadsNoBodyForStrangers: a delivery whose headers already
// fail authentication is refused before a byte of its body is read.
func TestReceiverReadsNoBodyForStrangers(t *testing.T) {
	body := bytes.Repeat([]byte(" "), 1<<20) // a stranger's megabyte
	var rec recorder
	header, err := NewReceiver(WebhookSecrets{HeaderName: hookHeader, Secrets: []string{hookSecret}, SigningSecrets: []string{signingKey}}, rec.handle)
	require.NoError(t, err)
	hmacOnly, err := NewReceiver(WebhookSecrets{SigningSecrets: []string{signingKey}}, rec.handle)
	require.NoError(t, err)

	for _, tc := range []struct {
		name string
		rc   *Receiver
		hdr  map[string]string
	}{
		{"header secret missing", header, map[string]string{SignatureHeader: Sign(signingKey, body)}},
		{"header secret wrong", header, map[string]string{hookHeader: "guess", SignatureHeader: Sign(signingKey, body)}},
		{"header right, signature missing", header, map[string]string{hookHeader: hookSecret}},
		{"HMAC only, signature missing", hmacOnly, nil},
		{"HMAC only, signature not hex", hmacOnly, map[string]string{SignatureHeader: "not-a-signature"}},
		{"HMAC only, signature too short", hmacOnly, map[string]string{SignatureHeader: "abcd"}},
	} {
		status, read := deliverCounted(tc.rc, body, tc.hdr)
		assert.Equal(t, http.StatusUnauthorized, status, tc.name)
		assert.Zero(t, read, "%s: body bytes read before the 401", tc.name)
	}

	// A well-formed signature can only be checked over the body: it is
	// read, through the limit, and refused.
	status, read := deliverCounted(hmacOnly, body, map[string]string{SignatureHeader: Sign("other-key", body)})
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.LessOrEqual(t, read, hmacOnly.MaxBodyBytes()+1)
	assert.Zero(t, rec.calls.Load())
}

// slowBodyServer serves rc on a loopback server and returns its address.
func slowBodyServer(t *testing.T, rc http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String()
}

// sendPartial writes the headers and part of a body announced longer, over
// a raw connection, then waits for the answer without sending the rest.
func sendPartial(t *testing.T, addr string, hdr map[string]string, announced int, part string) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	var b strings.Builder
	fmt.Fprintf(&b, "POST /hook HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n", addr, announced)
	for k, v := range hdr {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	b.WriteString("\r\n")
	b.WriteString(part)
	_, err = io.WriteString(conn, b.String())
	require.NoError(t, err)
	// The rest of the body never comes: the only way this read ends is the
	// receiver answering (or the test's own deadline, a failure).
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(time.Minute)))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

// TestReceiverCutsOffASlowBody: a body that stops arriving is answered 408
// once the receiver's read timeout passed, over a real server that sets
// no timeout of its own.
func TestReceiverCutsOffASlowBody(t *testing.T) {
	var rec recorder
	rc, err := NewReceiver(WebhookSecrets{HeaderName: hookHeader, Secrets: []string{hookSecret}}, rec.handle, WithWebhookReadTimeout(50*time.Millisecond))
	require.NoError(t, err)
	addr := slowBodyServer(t, rc)
	resp := sendPartial(t, addr, map[string]string{hookHeader: hookSecret}, 1000, `{"event":"ADD_CASE_COMMENT",`)
	assert.Equal(t, http.StatusRequestTimeout, resp.StatusCode)
	assert.Zero(t, rec.calls.Load())

	// A stranger is refused at once, whatever its body does.
	resp = sendPartial(t, addr, map[string]string{hookHeader: "guess"}, 1000, `{`)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

// TestReceiverDefaultReadTimeout: without ReadTimeout the receiver still
// bounds the body's arrival (the default, not forever).
func TestReceiverDefaultReadTimeout(t *testing.T) {
	rc, err := NewReceiver(WebhookSecrets{HeaderName: hookHeader, Secrets: []string{hookSecret}}, func(context.Context, *Event) error { return nil })
	require.NoError(t, err)
	assert.Equal(t, DefaultWebhookReadTimeout, rc.ReadTimeout())
	_, err = NewReceiver(WebhookSecrets{HeaderName: hookHeader, Secrets: []string{hookSecret}}, func(context.Context, *Event) error { return nil }, WithWebhookReadTimeout(-1))
	assert.Error(t, err, "a negative read timeout is refused")
}

// emptyObjects is a signed delivery whose payments are n empty objects:
// three bytes each on the wire, hundreds each once decoded.
func emptyObjects(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"event":"ADD_CASE_PAYMENT","payload":{"case":{"id":"c1","payments":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("{}")
	}
	b.WriteString(`]}}}`)
	return b.Bytes()
}

// allocatedBy returns the bytes allocated while f ran: the least of a few
// runs, so that another goroutine's allocations cannot make it pass or
// fail (counts of bytes are deterministic; time is not asserted).
func allocatedBy(f func()) uint64 {
	best := ^uint64(0)
	for range 3 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		best = min(best, after.TotalAlloc-before.TotalAlloc)
	}
	return best
}

// TestReceiverMemoryPerDelivery: a signed delivery costs a small multiple
// of its size in memory, however its JSON is shaped.
func TestReceiverMemoryPerDelivery(t *testing.T) {
	var rec recorder
	rc, err := NewReceiver(WebhookSecrets{SigningSecrets: []string{signingKey}}, rec.handle)
	require.NoError(t, err)
	const factor = 12 // reading (2x), decoding (within 8x), answering

	bomb := emptyObjects(300_000) // about 900 KB
	status := 0
	alloc := allocatedBy(func() {
		status, _ = deliverCounted(rc, bomb, map[string]string{SignatureHeader: Sign(signingKey, bomb)})
	})
	assert.Equal(t, http.StatusRequestEntityTooLarge, status, "decoding would cost hundreds of times the body")
	assert.LessOrEqual(t, alloc, uint64(factor*len(bomb)), "allocated %d bytes for a %d-byte body", alloc, len(bomb))
	_, err = ParseEvent(bomb)
	assert.ErrorIs(t, err, ErrWebhookTooLarge)

	// A real full-case delivery, made large with many activity entries and
	// payments, is accepted within the same bound.
	real := bigRealDelivery(t, 1000)
	alloc = allocatedBy(func() {
		status, _ = deliverCounted(rc, real, map[string]string{SignatureHeader: Sign(signingKey, real)})
	})
	assert.Equal(t, http.StatusOK, status)
	assert.Len(t, rec.last.Load().Payload.Case.Payments, 1000)
	assert.LessOrEqual(t, alloc, uint64(factor*len(real)), "allocated %d bytes for a %d-byte body", alloc, len(real))
}

// bigRealDelivery is the spec's example case with n activity entries and
// n payments, copied from its own.
func bigRealDelivery(t testing.TB, n int) []byte {
	t.Helper()
	ev, err := ParseEvent(fixture(t, "case-update-order-top-level.json"))
	require.NoError(t, err)
	c := ev.Payload.Case
	require.NotEmpty(t, c.Activity)
	require.NotEmpty(t, c.Payments)
	acts, pay := c.Activity, c.Payments[0]
	c.Activity, c.Payments = nil, nil
	for i := range n {
		a := acts[i%len(acts)]
		a.ID = fmt.Sprintf("activity-%d", i)
		p := pay
		p.ID = fmt.Sprintf("payment-%d", i)
		c.Activity, c.Payments = append(c.Activity, a), append(c.Payments, p)
	}
	out, err := json.Marshal(ev)
	require.NoError(t, err)
	return out
}

// BenchmarkReceiverMemoryPerByte reports the bytes a delivery allocates
// per byte of body: a real full-case delivery (many activity entries and payments), and a body
// of empty objects (refused before decoding).
func BenchmarkReceiverMemoryPerByte(b *testing.B) {
	rc, err := NewReceiver(WebhookSecrets{SigningSecrets: []string{signingKey}}, func(context.Context, *Event) error { return nil })
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		body   []byte
		status int
	}{
		{"full-case", bigRealDelivery(b, 1000), http.StatusOK},
		{"empty-objects", emptyObjects(300_000), http.StatusRequestEntityTooLarge},
	} {
		b.Run(tc.name, func(b *testing.B) {
			hdr := map[string]string{SignatureHeader: Sign(signingKey, tc.body)}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			n := 0
			for b.Loop() {
				if status, _ := deliverCounted(rc, tc.body, hdr); status != tc.status {
					b.Fatal(status)
				}
				n++
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(n)/float64(len(tc.body)), "alloc-bytes/body-byte")
		})
	}
}
