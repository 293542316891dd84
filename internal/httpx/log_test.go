package httpx

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// Canary values: if any of them shows up in a log line or error string,
// PHI or a secret leaked.
const (
	canaryPath   = "CANARYPATHMRN778"
	canaryQuery  = "CANARYQUERYDOE"
	canaryHeader = "CANARYHEADERTOKEN"
	canaryBody   = "CANARYBODYPATIENT"
	canaryResp   = "CANARYRESPONSEDOB"
	canaryRespH  = "CANARYRESPONSEHEADER"
)

var canaries = []string{canaryPath, canaryQuery, canaryHeader, canaryBody, canaryResp, canaryRespH}

// syncBuffer is a bytes.Buffer safe for concurrent log writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestNoCanaryInLogsOrErrors(t *testing.T) {
	var text, js syncBuffer
	opts := &slog.HandlerOptions{Level: slog.LevelDebug}
	logger := slog.New(fanout{slog.NewTextHandler(&text, opts), slog.NewJSONHandler(&js, opts)})

	respBody := fmt.Sprintf(`{"errorCode":139,"message":"Rx for %s not refillable","developerMessage":"%s"}`, canaryResp, canaryResp)
	hdr := http.Header{"X-Echo": {canaryRespH}, "Retry-After": {"0"}}
	faults := []faultserver.Fault{
		{Kind: faultserver.Respond, Status: 200, Body: []byte(`{"name":"` + canaryResp + `"}`), Header: hdr},
		{Kind: faultserver.Respond, Status: 400, Body: []byte(respBody), Header: hdr, ContentType: "application/json"},
		{Kind: faultserver.Respond, Status: 429, Body: []byte(respBody), Header: hdr},
		{Kind: faultserver.Respond, Status: 503, Body: []byte("<html>" + canaryResp + "</html>"), Header: hdr, ContentType: "text/html"},
		{Kind: faultserver.ResetAfterRead},
		{Kind: faultserver.Truncate, Status: 200, Body: []byte(`{"name":"` + canaryResp + `"}`)},
		{Kind: faultserver.Respond, Status: 200, Body: []byte(`<html>` + canaryResp), ContentType: "text/html"},
	}
	var errs []string
	for _, f := range faults {
		for _, k := range kinds {
			srv := faultserver.New(nil)
			fc := f
			srv.Always(&fc)
			c := newFaultClient(t, srv, func(o *Options) { o.SetLogger(logger) })
			req := k.req
			req.PathParams = []string{canaryPath}
			if req.Route == "status" {
				req.Route = "status/{id}"
			}
			req.Query = url.Values{"name": {canaryQuery}}
			req.Header = http.Header{"Authorization": {"Bearer " + canaryHeader}}
			req.Body = []byte(`{"patient":"` + canaryBody + `"}`)
			var out map[string]any
			_, err := c.DoJSON(context.Background(), &req, &out)
			if err != nil {
				errs = append(errs, err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
			}
			srv.Close()
		}
	}
	require.NotEmpty(t, errs)
	logs := text.String() + js.String()
	require.Contains(t, logs, "rxbridge http attempt", "logging ran")
	require.Contains(t, logs, `"route":"items/{id}"`, "the route template is logged")
	for _, c := range canaries {
		assert.NotContains(t, logs, c, "log leak")
		for _, e := range errs {
			assert.NotContains(t, e, c, "error string leak")
		}
	}
}

func TestSilentByDefault(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	srv.Enqueue(faultserver.GatewayHTML(503))
	c := newFaultClient(t, srv, nil)
	assert.Nil(t, c.Logger())
	// No logger: nothing to capture, and no panic on any path.
	req := kinds[0].req
	_, err := c.Do(context.Background(), &req)
	require.NoError(t, err)
}

func TestLogRecordFields(t *testing.T) {
	var buf syncBuffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	srv.Enqueue(faultserver.GatewayHTML(503))
	c := newFaultClient(t, srv, func(o *Options) { o.SetLogger(logger) })
	req := kinds[0].req
	_, err := c.Do(context.Background(), &req)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 3, "two attempts and the call")
	assert.Contains(t, lines[0], `"level":"INFO"`)
	assert.Contains(t, lines[0], `"retry":true`)
	assert.Contains(t, lines[0], `"status":503`)
	assert.Contains(t, lines[1], `"level":"DEBUG"`)
	for _, k := range []string{`"provider":"test"`, `"op":"Read"`, `"method":"GET"`, `"host":"127.0.0.1`, `"route":"items/{id}"`, `"attempts":2`, `"duration"`} {
		assert.Contains(t, lines[2], k)
	}
}

// fanout sends records to several handlers.
type fanout []slog.Handler

func (f fanout) Enabled(ctx context.Context, l slog.Level) bool { return f[0].Enabled(ctx, l) }
func (f fanout) Handle(ctx context.Context, r slog.Record) error {
	for _, h := range f {
		if err := h.Handle(ctx, r.Clone()); err != nil {
			return err
		}
	}
	return nil
}
func (f fanout) WithAttrs(a []slog.Attr) slog.Handler {
	out := make(fanout, len(f))
	for i, h := range f {
		out[i] = h.WithAttrs(a)
	}
	return out
}
func (f fanout) WithGroup(n string) slog.Handler {
	out := make(fanout, len(f))
	for i, h := range f {
		out[i] = h.WithGroup(n)
	}
	return out
}
