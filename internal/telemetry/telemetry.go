// Package telemetry records the SDK's OpenTelemetry spans and metrics.
//
// Everything it records is named by provider, operation and route template,
// and classified by a small closed vocabulary (outcome classes, retry
// reasons, webhook results). It never takes a path, a query, a body, a
// header value, a token, an id or an upstream message: its methods accept
// only those names and classes, so nothing else can reach an exporter.
//
// A nil *Recorder is valid and records nothing, without allocating: the
// pipeline calls it unconditionally.
package telemetry

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"
)

// ScopeName is the instrumentation scope of every tracer and meter.
const ScopeName = "github.com/rxbridge/rxbridge-go"

// Attribute keys. The HTTP ones are OpenTelemetry's HTTP client semantic
// conventions; url.template is used, url.full never.
const (
	KeyProvider     = attribute.Key("rxbridge.provider")
	KeyOperation    = attribute.Key("rxbridge.operation")
	KeyOutcome      = attribute.Key("rxbridge.outcome")
	KeyAttempts     = attribute.Key("rxbridge.attempts")
	KeyRetryReason  = attribute.Key("rxbridge.retry.reason")
	KeyCredential   = attribute.Key("rxbridge.credential.kind")
	KeyVerification = attribute.Key("rxbridge.webhook.verification")
	KeyEventType    = attribute.Key("rxbridge.webhook.event_type")
	KeyDuplicate    = attribute.Key("rxbridge.webhook.duplicate")
	KeyResult       = attribute.Key("rxbridge.webhook.result")
	KeyMethod       = attribute.Key("http.request.method")
	KeyURLTemplate  = attribute.Key("url.template")
	KeyStatusCode   = attribute.Key("http.response.status_code")
	KeyResendCount  = attribute.Key("http.request.resend_count")
	KeyServerAddr   = attribute.Key("server.address")
	KeyRoute        = attribute.Key("http.route")
	KeyErrorType    = attribute.Key("error.type")
)

// Metric names.
const (
	MetricCallDuration    = "rxbridge.client.call.duration"
	MetricAttempts        = "rxbridge.client.attempts"
	MetricRetries         = "rxbridge.client.retries"
	MetricOutcomeUnknown  = "rxbridge.client.outcome_unknown"
	MetricBudgetExhausted = "rxbridge.client.retry_budget.exhausted"
	MetricCredentials     = "rxbridge.credentials.created"
	MetricDeliveries      = "rxbridge.webhook.deliveries"
)

// Outcome classifies how a call ended.
type Outcome string

// The outcome classes.
const (
	OutcomeOK              Outcome = "ok"
	OutcomeUpstreamError   Outcome = "upstream_error"
	OutcomeUnknown         Outcome = "outcome_unknown"
	OutcomeTransport       Outcome = "transport"
	OutcomeBudgetExhausted Outcome = "budget_exhausted"
	OutcomeRefused         Outcome = "refused_before_sending"
	OutcomeCanceled        Outcome = "canceled"
)

// Credential kinds of StartFetch.
const (
	CredentialSession = "session"
	CredentialToken   = "token"
)

// Recorder records spans and metrics for one client. The zero of a
// *Recorder (nil) records nothing.
type Recorder struct {
	tracer trace.Tracer // nil: no spans

	duration        metric.Float64Histogram // all nil: no metrics
	attempts        metric.Int64Counter
	retries         metric.Int64Counter
	outcomeUnknown  metric.Int64Counter
	budgetExhausted metric.Int64Counter
	credentials     metric.Int64Counter
	deliveries      metric.Int64Counter

	sets sync.Map // callKey -> attribute.Set (the static attributes of an operation)
}

// New returns a Recorder over the given providers; either may be nil,
// which turns that half off. Both nil returns nil (telemetry off).
//
// OpenTelemetry's no-op providers count as nil: they would record nothing
// at the cost of a span and its context per call.
func New(tp trace.TracerProvider, mp metric.MeterProvider, version string) (*Recorder, error) {
	if _, ok := tp.(tracenoop.TracerProvider); ok {
		tp = nil
	}
	if _, ok := mp.(metricnoop.MeterProvider); ok {
		mp = nil
	}
	if tp == nil && mp == nil {
		return nil, nil
	}
	r := &Recorder{}
	if tp != nil {
		r.tracer = tp.Tracer(ScopeName, trace.WithInstrumentationVersion(version))
	}
	if mp != nil {
		m := mp.Meter(ScopeName, metric.WithInstrumentationVersion(version))
		var errs []error
		var err error
		r.duration, err = m.Float64Histogram(MetricCallDuration, metric.WithUnit("s"),
			metric.WithDescription("Duration of an SDK call, all attempts and waits included."),
			metric.WithExplicitBucketBoundaries(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60))
		errs = append(errs, err)
		r.attempts, err = m.Int64Counter(MetricAttempts, metric.WithUnit("{attempt}"),
			metric.WithDescription("HTTP attempts made by SDK calls."))
		errs = append(errs, err)
		r.retries, err = m.Int64Counter(MetricRetries, metric.WithUnit("{retry}"),
			metric.WithDescription("Retries, by reason."))
		errs = append(errs, err)
		r.outcomeUnknown, err = m.Int64Counter(MetricOutcomeUnknown, metric.WithUnit("{call}"),
			metric.WithDescription("Non-idempotent calls that may have reached the upstream but whose answer was not seen."))
		errs = append(errs, err)
		r.budgetExhausted, err = m.Int64Counter(MetricBudgetExhausted, metric.WithUnit("{call}"),
			metric.WithDescription("Calls whose retry was refused by the client's retry budget."))
		errs = append(errs, err)
		r.credentials, err = m.Int64Counter(MetricCredentials, metric.WithUnit("{credential}"),
			metric.WithDescription("Sessions and tokens fetched from the upstream, by kind and outcome."))
		errs = append(errs, err)
		r.deliveries, err = m.Int64Counter(MetricDeliveries, metric.WithUnit("{delivery}"),
			metric.WithDescription("Webhook deliveries received, by result."))
		errs = append(errs, err)
		if err := errors.Join(errs...); err != nil {
			return nil, err
		}
	}
	return r, nil
}

type callKey struct{ provider, op, method, route string }

// staticSet returns the attribute set shared by every measurement of one
// operation, built once.
func (r *Recorder) staticSet(k callKey) attribute.Set {
	if v, ok := r.sets.Load(k); ok {
		return v.(attribute.Set)
	}
	s := attribute.NewSet(KeyProvider.String(k.provider), KeyOperation.String(k.op),
		KeyMethod.String(k.method), KeyURLTemplate.String(k.route))
	v, _ := r.sets.LoadOrStore(k, s)
	return v.(attribute.Set)
}

// Call is one SDK call in progress. A nil *Call records nothing.
type Call struct {
	r     *Recorder
	key   callKey
	span  trace.Span // nil when tracing is off
	start time.Time
}

// StartCall starts the span of one SDK call, named "provider.op", and
// returns the context its attempts run under.
func (r *Recorder) StartCall(ctx context.Context, provider, op, method, route string) (context.Context, *Call) {
	if r == nil {
		return ctx, nil
	}
	c := &Call{r: r, key: callKey{provider, op, method, route}, start: time.Now()}
	if r.tracer != nil {
		ctx, c.span = r.tracer.Start(ctx, provider+"."+op, trace.WithSpanKind(trace.SpanKindInternal),
			trace.WithAttributes(KeyProvider.String(provider), KeyOperation.String(op),
				KeyMethod.String(method), KeyURLTemplate.String(route)))
	}
	return ctx, c
}

// Attempt is one HTTP attempt of a call. A nil *Attempt records nothing.
type Attempt struct {
	c    *Call
	span trace.Span
}

// StartAttempt starts the client span of attempt n (1-based), a child of
// the call's span, named "METHOD route-template" as OpenTelemetry's HTTP
// conventions ask. host is the upstream's host name (never a path).
func (c *Call) StartAttempt(ctx context.Context, n int, host string) (context.Context, *Attempt) {
	if c == nil {
		return ctx, nil
	}
	a := &Attempt{c: c}
	if c.r.tracer != nil && c.span != nil && c.span.IsRecording() {
		ctx, a.span = c.r.tracer.Start(ctx, c.key.method+" "+c.key.route, trace.WithSpanKind(trace.SpanKindClient),
			trace.WithAttributes(KeyMethod.String(c.key.method), KeyURLTemplate.String(c.key.route),
				KeyServerAddr.String(host), KeyResendCount.Int(n-1)))
	}
	return ctx, a
}

// End ends the attempt: status is the HTTP status (0 when none arrived),
// class the error class when it failed ("" when it did not), retryReason
// the reason it will be retried ("" when it will not).
func (a *Attempt) End(status int, class Outcome, retryReason string) {
	if a == nil {
		return
	}
	r := a.c.r
	if r.attempts != nil {
		r.attempts.Add(context.Background(), 1, metric.WithAttributeSet(r.staticSet(a.c.key)))
		if retryReason != "" {
			r.retries.Add(context.Background(), 1, metric.WithAttributeSet(r.staticSet(a.c.key)),
				metric.WithAttributes(KeyRetryReason.String(retryReason)))
		}
	}
	if a.span == nil {
		return
	}
	if status != 0 {
		a.span.SetAttributes(KeyStatusCode.Int(status))
	}
	if retryReason != "" {
		a.span.SetAttributes(KeyRetryReason.String(retryReason))
	}
	if class != "" && class != OutcomeOK {
		a.span.SetAttributes(KeyErrorType.String(string(class)))
		a.span.SetStatus(codes.Error, string(class))
	}
	a.span.End()
}

// End ends the call with its final status (0 when none), the number of
// attempts made and its outcome class.
func (c *Call) End(status, attempts int, outcome Outcome) {
	if c == nil {
		return
	}
	r := c.r
	if r.duration != nil {
		set := r.staticSet(c.key)
		attrs := []attribute.KeyValue{KeyOutcome.String(string(outcome))}
		if status != 0 {
			attrs = append(attrs, KeyStatusCode.Int(status))
		}
		r.duration.Record(context.Background(), time.Since(c.start).Seconds(),
			metric.WithAttributeSet(set), metric.WithAttributes(attrs...))
		switch outcome {
		case OutcomeUnknown:
			r.outcomeUnknown.Add(context.Background(), 1, metric.WithAttributeSet(set))
		case OutcomeBudgetExhausted:
			r.budgetExhausted.Add(context.Background(), 1, metric.WithAttributeSet(set))
		}
	}
	if c.span == nil {
		return
	}
	c.span.SetAttributes(KeyOutcome.String(string(outcome)), KeyAttempts.Int(attempts))
	if status != 0 {
		c.span.SetAttributes(KeyStatusCode.Int(status))
	}
	if outcome != OutcomeOK {
		c.span.SetAttributes(KeyErrorType.String(string(outcome)))
		c.span.SetStatus(codes.Error, string(outcome))
	}
	c.span.End()
}

// Fetch is a session or token fetch in progress. A nil *Fetch records
// nothing.
type Fetch struct {
	r        *Recorder
	provider string
	kind     string
	span     trace.Span
	links    atomic.Int32
}

// StartFetch starts the span of a credential fetch ("provider.session.create"
// or "provider.token.fetch"). ctx is the context the fetch runs under (the
// first waiter's values, without its cancellation); the span is a new root
// linked to every call that waits for it (see Link), since one fetch serves
// many calls of many traces.
func (r *Recorder) StartFetch(ctx context.Context, provider, kind string) (context.Context, *Fetch) {
	if r == nil {
		return ctx, nil
	}
	f := &Fetch{r: r, provider: provider, kind: kind}
	if r.tracer != nil {
		name := provider + ".token.fetch"
		if kind == CredentialSession {
			name = provider + ".session.create"
		}
		opts := []trace.SpanStartOption{trace.WithNewRoot(), trace.WithSpanKind(trace.SpanKindInternal),
			trace.WithAttributes(KeyProvider.String(provider), KeyCredential.String(kind))}
		if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
			opts = append(opts, trace.WithLinks(trace.Link{SpanContext: sc}))
			f.links.Add(1)
		}
		ctx, f.span = r.tracer.Start(ctx, name, opts...)
	}
	return ctx, f
}

// Link records that the call running under waiter waited for this fetch.
func (f *Fetch) Link(waiter context.Context) {
	if f == nil || f.span == nil {
		return
	}
	if sc := trace.SpanContextFromContext(waiter); sc.IsValid() {
		f.span.AddLink(trace.Link{SpanContext: sc})
		f.links.Add(1)
	}
}

// Links reports how many waiting calls the fetch's span links to.
func (f *Fetch) Links() int {
	if f == nil {
		return 0
	}
	return int(f.links.Load())
}

// End ends the fetch with its outcome class.
func (f *Fetch) End(outcome Outcome) {
	if f == nil {
		return
	}
	if f.r.credentials != nil {
		f.r.credentials.Add(context.Background(), 1, metric.WithAttributes(
			KeyProvider.String(f.provider), KeyCredential.String(f.kind), KeyOutcome.String(string(outcome))))
	}
	if f.span == nil {
		return
	}
	f.span.SetAttributes(KeyOutcome.String(string(outcome)))
	if outcome != OutcomeOK {
		f.span.SetAttributes(KeyErrorType.String(string(outcome)))
		f.span.SetStatus(codes.Error, string(outcome))
	}
	f.span.End()
}

// Webhook verification results.
const (
	VerificationOK      = "ok"
	VerificationMissing = "missing"
	VerificationInvalid = "invalid"
	VerificationExpired = "expired"
	VerificationReplay  = "replayed"
)

// Webhook delivery results.
const (
	ResultAccepted     = "accepted"
	ResultDuplicate    = "duplicate"
	ResultUnauthorized = "unauthorized"
	ResultBadRequest   = "bad_request"
	ResultTooLarge     = "too_large"
	ResultTimeout      = "timeout"
	ResultMethod       = "method_not_allowed"
	ResultHandlerError = "handler_error"
	ResultStoreError   = "store_unavailable"
)

// Delivery is one webhook delivery being received. A nil *Delivery records
// nothing.
type Delivery struct {
	r        *Recorder
	provider string
	span     trace.Span
}

// StartDelivery starts the server span of one webhook delivery, named
// "provider webhook". route is the route template the receiver is mounted
// at, when the SDK knows it ("" records none: the request's path is the
// user's, and never recorded).
func (r *Recorder) StartDelivery(ctx context.Context, provider, route string) (context.Context, *Delivery) {
	if r == nil {
		return ctx, nil
	}
	d := &Delivery{r: r, provider: provider}
	if r.tracer != nil {
		attrs := []attribute.KeyValue{KeyProvider.String(provider), KeyMethod.String("POST")}
		if route != "" {
			attrs = append(attrs, KeyRoute.String(route))
		}
		ctx, d.span = r.tracer.Start(ctx, provider+" webhook", trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(attrs...))
	}
	return ctx, d
}

// Verified records the verification result (one of the Verification
// constants).
func (d *Delivery) Verified(result string) {
	if d == nil || d.span == nil {
		return
	}
	d.span.SetAttributes(KeyVerification.String(result))
}

// Event records the delivery's event type, which must be one of the
// provider's documented event names (callers pass "other" for anything
// else, since the sender's text is not ours to export), and whether it was
// a duplicate.
func (d *Delivery) Event(eventType string, duplicate bool) {
	if d == nil || d.span == nil {
		return
	}
	d.span.SetAttributes(KeyEventType.String(eventType), KeyDuplicate.Bool(duplicate))
}

// End ends the delivery with the HTTP status answered and its result (one
// of the Result constants).
func (d *Delivery) End(status int, result string) {
	if d == nil {
		return
	}
	if d.r.deliveries != nil {
		d.r.deliveries.Add(context.Background(), 1, metric.WithAttributes(
			KeyProvider.String(d.provider), KeyResult.String(result)))
	}
	if d.span == nil {
		return
	}
	d.span.SetAttributes(KeyStatusCode.Int(status), KeyResult.String(result))
	if status >= 500 {
		d.span.SetStatus(codes.Error, result)
	}
	d.span.End()
}
