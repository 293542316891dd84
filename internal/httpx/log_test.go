package httpx

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxbridge/rxbridge-go/internal/canary"
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

func TestNoCanaryInLogsOrErrors(t *testing.T) {
	logger, sink := canary.Logger()

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
			c := newFaultClient(t, srv, func(o *Options) { o.Logger = logger })
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
				errs = append(errs, canary.Errors(err))
			}
			srv.Close()
		}
	}
	require.NotEmpty(t, errs)
	logs := sink.String()
	require.Contains(t, logs, "rxbridge http attempt", "logging ran")
	require.Contains(t, logs, `"route":"items/{id}"`, "the route template is logged")
	canary.AssertClean(t, logs+strings.Join(errs, "\n"), canaries...)
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
	var buf strings.Builder
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	srv.Enqueue(faultserver.GatewayHTML(503))
	c := newFaultClient(t, srv, func(o *Options) { o.Logger = logger })
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
