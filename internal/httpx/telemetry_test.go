package httpx

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/rxbridge/rxbridge-go/internal/faultserver"
	"github.com/rxbridge/rxbridge-go/internal/telemetry"
)

type telRig struct {
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
	c      *Client
	srv    *faultserver.Server
}

func newTelRig(t *testing.T) *telRig {
	t.Helper()
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	exp := tracetest.NewInMemoryExporter()
	reader := sdkmetric.NewManualReader()
	c := newFaultClient(t, srv, func(o *Options) {
		o.TracerProvider = sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
		o.MeterProvider = sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	})
	return &telRig{spans: exp, reader: reader, c: c, srv: srv}
}

func spanAttrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

func TestTelemetryCallAndAttemptSpans(t *testing.T) {
	r := newTelRig(t)
	r.srv.Enqueue(faultserver.GatewayHTML(503))
	req := Request{Op: "Read", Method: http.MethodGet, Route: "items/{id}", PathParams: []string{"rx-4471"}, Query: url.Values{"ndc": {"00071015523"}}}
	_, err := r.c.Do(context.Background(), &req)
	require.NoError(t, err)

	spans := r.spans.GetSpans().Snapshots()
	require.Len(t, spans, 3, "the call and its two attempts")
	call := spans[2]
	assert.Equal(t, "test.Read", call.Name())
	ca := spanAttrs(call)
	assert.Equal(t, "ok", ca[telemetry.KeyOutcome].AsString())
	assert.Equal(t, int64(2), ca[telemetry.KeyAttempts].AsInt64())
	assert.Equal(t, "items/{id}", ca[telemetry.KeyURLTemplate].AsString())
	assert.Equal(t, int64(200), ca[telemetry.KeyStatusCode].AsInt64())

	first, second := spans[0], spans[1]
	for _, s := range []sdktrace.ReadOnlySpan{first, second} {
		assert.Equal(t, "GET items/{id}", s.Name())
		assert.Equal(t, trace.SpanKindClient, s.SpanKind())
		assert.Equal(t, call.SpanContext().SpanID(), s.Parent().SpanID())
	}
	fa := spanAttrs(first)
	assert.Equal(t, int64(503), fa[telemetry.KeyStatusCode].AsInt64())
	assert.Equal(t, "status_503", fa[telemetry.KeyRetryReason].AsString())
	assert.Equal(t, codes.Error, first.Status().Code)
	sa := spanAttrs(second)
	assert.Equal(t, int64(1), sa[telemetry.KeyResendCount].AsInt64())
	assert.Equal(t, codes.Unset, second.Status().Code)

	// Nothing of the filled path or the query anywhere.
	for _, s := range spans {
		for _, kv := range s.Attributes() {
			assert.NotContains(t, kv.Value.String(), "rx-4471")
			assert.NotContains(t, kv.Value.String(), "00071015523")
		}
	}

	var rm metricdata.ResourceMetrics
	require.NoError(t, r.reader.Collect(context.Background(), &rm))
	names := map[string]bool{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			names[m.Name] = true
		}
	}
	assert.True(t, names[telemetry.MetricCallDuration])
	assert.True(t, names[telemetry.MetricAttempts])
	assert.True(t, names[telemetry.MetricRetries])
}

func TestTelemetryOutcomeClasses(t *testing.T) {
	post := func() *Request {
		return &Request{Op: "Refill", Method: http.MethodPost, Route: "refill/{id}", PathParams: []string{"7"}, Body: []byte(`{}`)}
	}
	cases := []struct {
		name  string
		fault *faultserver.Fault
		req   *Request
		want  telemetry.Outcome
	}{
		{"lost answer", &faultserver.Fault{Kind: faultserver.ResetAfterRead}, post(), telemetry.OutcomeUnknown},
		{"upstream 400", faultPtr(faultserver.Status(400, `{"message":"no"}`)), post(), telemetry.OutcomeUpstreamError},
		{"undocumented 2xx", faultPtr(faultserver.Status(200, `<html>login</html>`)),
			&Request{Op: "Refill", Method: http.MethodPost, Route: "refill", Body: []byte(`{}`), Expect: ExpectMembers("id")}, telemetry.OutcomeUnknown},
		{"refused before sending", nil, &Request{Op: "Read", Method: http.MethodGet, Route: "items/{id}", PathParams: []string{".."}}, telemetry.OutcomeRefused},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newTelRig(t)
			if tc.fault != nil {
				r.srv.Enqueue(*tc.fault)
			}
			_, err := r.c.Do(context.Background(), tc.req)
			require.Error(t, err)
			assert.Equal(t, tc.want, OutcomeOf(err))
			spans := r.spans.GetSpans().Snapshots()
			require.NotEmpty(t, spans)
			call := spans[len(spans)-1]
			assert.Equal(t, string(tc.want), spanAttrs(call)[telemetry.KeyOutcome].AsString())
			assert.Equal(t, codes.Error, call.Status().Code)
			assert.Equal(t, string(tc.want), call.Status().Description, "the status says the class, never the error's text")
		})
	}
}

// A DoJSON whose body does not decode ends its span with the decode's
// outcome, not "ok".
func TestTelemetryDecodeFailureIsTheCallsOutcome(t *testing.T) {
	r := newTelRig(t)
	r.srv.Enqueue(faultserver.Status(200, `{"items":`))
	var out struct{ Items []int }
	_, err := r.c.DoJSON(context.Background(), &Request{Op: "List", Method: http.MethodGet, Route: "items"}, &out)
	require.Error(t, err)
	spans := r.spans.GetSpans().Snapshots()
	require.Len(t, spans, 2)
	assert.Equal(t, "upstream_error", spanAttrs(spans[1])[telemetry.KeyOutcome].AsString())
}

func TestTelemetryOffAddsNoAllocation(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	c := newFaultClient(t, srv, nil)
	require.Nil(t, c.Telemetry())
	req := &Request{Op: "Read", Method: http.MethodGet, Route: "items"}
	// Warm the connection pool, then compare with telemetry on: off must
	// be strictly cheaper, and the recorder itself allocates nothing when
	// nil (internal/telemetry's own test).
	_, err := c.Do(context.Background(), req)
	require.NoError(t, err)
	off := testing.AllocsPerRun(50, func() { _, _ = c.Do(context.Background(), req) })
	on := newTelRig(t)
	_, err = on.c.Do(context.Background(), req)
	require.NoError(t, err)
	with := testing.AllocsPerRun(50, func() { _, _ = on.c.Do(context.Background(), req) })
	assert.Less(t, off, with)
}

func faultPtr(f faultserver.Fault) *faultserver.Fault { return &f }
