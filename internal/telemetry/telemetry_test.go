package telemetry

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"
)

type rig struct {
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
	rec    *Recorder
}

func newRig(t *testing.T) *rig {
	t.Helper()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	rec, err := New(tp, mp, "test")
	require.NoError(t, err)
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()); _ = mp.Shutdown(context.Background()) })
	return &rig{spans: exp, reader: reader, rec: rec}
}

func (r *rig) metrics(t *testing.T) map[string]metricdata.Aggregation {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, r.reader.Collect(context.Background(), &rm))
	out := map[string]metricdata.Aggregation{}
	for _, sm := range rm.ScopeMetrics {
		assert.Equal(t, ScopeName, sm.Scope.Name)
		for _, m := range sm.Metrics {
			out[m.Name] = m.Data
		}
	}
	return out
}

func attrMap(kvs []attribute.KeyValue) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range kvs {
		m[kv.Key] = kv.Value
	}
	return m
}

func sum(t *testing.T, a metricdata.Aggregation) (total int64, points []metricdata.DataPoint[int64]) {
	t.Helper()
	s, ok := a.(metricdata.Sum[int64])
	require.True(t, ok, "%T", a)
	for _, p := range s.DataPoints {
		total += p.Value
	}
	return total, s.DataPoints
}

func TestOffRecordsNothingAndAllocatesNothing(t *testing.T) {
	rec, err := New(nil, nil, "x")
	require.NoError(t, err)
	require.Nil(t, rec)
	ctx := context.Background()
	allocs := testing.AllocsPerRun(100, func() {
		cctx, c := rec.StartCall(ctx, "mhv", "Refill", "POST", "prescription/rxrefill/{id}")
		_, a := c.StartAttempt(cctx, 1, "api.example")
		a.End(503, OutcomeUpstreamError, "status_503")
		c.End(200, 2, OutcomeOK)
		fctx, f := rec.StartFetch(ctx, "mhv", CredentialSession)
		f.Link(fctx)
		f.End(OutcomeOK)
		_, d := rec.StartDelivery(ctx, "carevalidate", "/webhook")
		d.Verified(VerificationOK)
		d.Event("case.updated", false)
		d.End(200, ResultAccepted)
	})
	assert.Zero(t, allocs)
}

func TestCallWithARetry(t *testing.T) {
	r := newRig(t)
	ctx, c := r.rec.StartCall(context.Background(), "mhv", "Refill", "POST", "prescription/rxrefill/{id}")
	_, a1 := c.StartAttempt(ctx, 1, "api.example")
	a1.End(503, OutcomeUpstreamError, "status_503")
	_, a2 := c.StartAttempt(ctx, 2, "api.example")
	a2.End(200, "", "")
	c.End(200, 2, OutcomeOK)

	spans := r.spans.GetSpans()
	require.Len(t, spans, 3)
	call := spans[2]
	assert.Equal(t, "mhv.Refill", call.Name)
	assert.Equal(t, trace.SpanKindInternal, call.SpanKind)
	ca := attrMap(call.Attributes)
	assert.Equal(t, "ok", ca[KeyOutcome].AsString())
	assert.Equal(t, int64(2), ca[KeyAttempts].AsInt64())
	assert.Equal(t, "prescription/rxrefill/{id}", ca[KeyURLTemplate].AsString())
	assert.Equal(t, codes.Unset, call.Status.Code)

	for i, s := range spans[:2] {
		assert.Equal(t, "POST prescription/rxrefill/{id}", s.Name)
		assert.Equal(t, trace.SpanKindClient, s.SpanKind)
		assert.Equal(t, call.SpanContext.SpanID(), s.Parent.SpanID(), "attempt %d is a child of the call", i+1)
		assert.Equal(t, int64(i), attrMap(s.Attributes)[KeyResendCount].AsInt64())
	}
	a1a := attrMap(spans[0].Attributes)
	assert.Equal(t, int64(503), a1a[KeyStatusCode].AsInt64())
	assert.Equal(t, "status_503", a1a[KeyRetryReason].AsString())
	assert.Equal(t, codes.Error, spans[0].Status.Code)
	assert.Equal(t, "upstream_error", spans[0].Status.Description)

	m := r.metrics(t)
	total, _ := sum(t, m[MetricAttempts])
	assert.Equal(t, int64(2), total)
	total, pts := sum(t, m[MetricRetries])
	assert.Equal(t, int64(1), total)
	reason, _ := pts[0].Attributes.Value(KeyRetryReason)
	assert.Equal(t, "status_503", reason.AsString())
	h, ok := m[MetricCallDuration].(metricdata.Histogram[float64])
	require.True(t, ok)
	require.Len(t, h.DataPoints, 1)
	assert.Equal(t, uint64(1), h.DataPoints[0].Count)
	out, _ := h.DataPoints[0].Attributes.Value(KeyOutcome)
	assert.Equal(t, "ok", out.AsString())
	_, hasUnknown := m[MetricOutcomeUnknown]
	assert.False(t, hasUnknown, "no outcome-unknown point on success")
}

func TestOutcomeCounters(t *testing.T) {
	r := newRig(t)
	for _, o := range []Outcome{OutcomeUnknown, OutcomeUnknown, OutcomeBudgetExhausted} {
		_, c := r.rec.StartCall(context.Background(), "develophealth", "CreatePriorAuthorization", "POST", "prior-authorizations")
		c.End(0, 1, o)
	}
	m := r.metrics(t)
	total, _ := sum(t, m[MetricOutcomeUnknown])
	assert.Equal(t, int64(2), total)
	total, _ = sum(t, m[MetricBudgetExhausted])
	assert.Equal(t, int64(1), total)
	for _, s := range r.spans.GetSpans() {
		assert.Equal(t, codes.Error, s.Status.Code)
	}
}

func TestFetchIsLinkedToEveryWaiter(t *testing.T) {
	r := newRig(t)
	tr := sdktrace.NewTracerProvider().Tracer("callers")
	ctx1, s1 := tr.Start(context.Background(), "caller-1")
	ctx2, s2 := tr.Start(context.Background(), "caller-2")
	fctx, f := r.rec.StartFetch(ctx1, "cvsspecialty", CredentialToken)
	f.Link(ctx2)
	f.End(OutcomeOK)

	spans := r.spans.GetSpans()
	require.Len(t, spans, 1)
	fs := spans[0]
	assert.Equal(t, "cvsspecialty.token.fetch", fs.Name)
	assert.False(t, fs.Parent.IsValid(), "a fetch serves many traces: it is a root")
	assert.NotEqual(t, s1.SpanContext().TraceID(), fs.SpanContext.TraceID())
	require.Len(t, fs.Links, 2)
	assert.Equal(t, s1.SpanContext().SpanID(), fs.Links[0].SpanContext.SpanID())
	assert.Equal(t, s2.SpanContext().SpanID(), fs.Links[1].SpanContext.SpanID())
	assert.Equal(t, fs.SpanContext.SpanID(), trace.SpanContextFromContext(fctx).SpanID())

	m := r.metrics(t)
	_, pts := sum(t, m[MetricCredentials])
	require.Len(t, pts, 1)
	kind, _ := pts[0].Attributes.Value(KeyCredential)
	assert.Equal(t, "token", kind.AsString())

	_, f2 := r.rec.StartFetch(context.Background(), "mhv", CredentialSession)
	f2.End(OutcomeTransport)
	spans = r.spans.GetSpans()
	assert.Equal(t, "mhv.session.create", spans[1].Name)
	assert.Equal(t, codes.Error, spans[1].Status.Code)
}

func TestDelivery(t *testing.T) {
	r := newRig(t)
	_, d := r.rec.StartDelivery(context.Background(), "carevalidate", "/webhooks/carevalidate")
	d.Verified(VerificationOK)
	d.Event("case.updated", true)
	d.End(200, ResultDuplicate)
	_, d = r.rec.StartDelivery(context.Background(), "carevalidate", "/webhooks/carevalidate")
	d.Verified(VerificationInvalid)
	d.End(401, ResultUnauthorized)

	spans := r.spans.GetSpans()
	require.Len(t, spans, 2)
	assert.Equal(t, "carevalidate webhook", spans[0].Name)
	assert.Equal(t, trace.SpanKindServer, spans[0].SpanKind)
	a := attrMap(spans[0].Attributes)
	assert.True(t, a[KeyDuplicate].AsBool())
	assert.Equal(t, "case.updated", a[KeyEventType].AsString())
	assert.Equal(t, "ok", a[KeyVerification].AsString())
	assert.Equal(t, codes.Unset, spans[1].Status.Code, "a 4xx is the sender's error, not the server's")

	m := r.metrics(t)
	total, pts := sum(t, m[MetricDeliveries])
	assert.Equal(t, int64(2), total)
	assert.Len(t, pts, 2)
}

func TestHalfOff(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	rec, err := New(nil, sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)), "v")
	require.NoError(t, err)
	ctx, c := rec.StartCall(context.Background(), "p", "Op", "GET", "r")
	assert.False(t, trace.SpanContextFromContext(ctx).IsValid(), "no tracer: no span")
	_, a := c.StartAttempt(ctx, 1, "h")
	a.End(200, "", "")
	c.End(200, 1, OutcomeOK)
	var rm metricdata.ResourceMetrics
	require.NoError(t, reader.Collect(context.Background(), &rm))
	require.NotEmpty(t, rm.ScopeMetrics)

	exp := tracetest.NewInMemoryExporter()
	rec, err = New(sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp)), nil, "v")
	require.NoError(t, err)
	ctx, c = rec.StartCall(context.Background(), "p", "Op", "GET", "r")
	_, a = c.StartAttempt(ctx, 1, "h")
	a.End(200, "", "")
	c.End(200, 1, OutcomeOK)
	assert.Len(t, exp.GetSpans(), 2)
}

func TestNoopProvidersTurnTelemetryOff(t *testing.T) {
	rec, err := New(tracenoop.NewTracerProvider(), metricnoop.NewMeterProvider(), "x")
	require.NoError(t, err)
	assert.Nil(t, rec)
	rec, err = New(tracenoop.NewTracerProvider(), sdkmetric.NewMeterProvider(), "x")
	require.NoError(t, err)
	require.NotNil(t, rec, "a real meter provider still records metrics")
	assert.Nil(t, rec.tracer)
}
