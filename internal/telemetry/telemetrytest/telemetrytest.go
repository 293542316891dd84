// Package telemetrytest records the SDK's spans and metrics in memory for
// tests, and lists every string an exporter would receive from them, for
// the canary scans.
package telemetrytest

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// Rig is a tracer provider and a meter provider recording into memory.
type Rig struct {
	Spans          *tracetest.InMemoryExporter
	Reader         *sdkmetric.ManualReader
	TracerProvider *sdktrace.TracerProvider
	MeterProvider  *sdkmetric.MeterProvider
}

// New returns a Rig, shut down when the test ends.
func New(t testing.TB) *Rig {
	t.Helper()
	r := &Rig{Spans: tracetest.NewInMemoryExporter(), Reader: sdkmetric.NewManualReader()}
	r.TracerProvider = sdktrace.NewTracerProvider(sdktrace.WithSyncer(r.Spans))
	r.MeterProvider = sdkmetric.NewMeterProvider(sdkmetric.WithReader(r.Reader))
	t.Cleanup(func() {
		_ = r.TracerProvider.Shutdown(context.Background())
		_ = r.MeterProvider.Shutdown(context.Background())
	})
	return r
}

// Ended returns the spans ended so far, in the order they ended.
func (r *Rig) Ended() tracetest.SpanStubs { return r.Spans.GetSpans() }

// Metrics collects the metrics recorded so far.
func (r *Rig) Metrics(t testing.TB) []metricdata.Metrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.Reader.Collect(context.Background(), &rm); err != nil {
		t.Fatalf("collect: %v", err)
	}
	var out []metricdata.Metrics
	for _, sm := range rm.ScopeMetrics {
		out = append(out, sm.Metrics...)
	}
	return out
}

// Named returns the ended spans named name.
func (r *Rig) Named(name string) tracetest.SpanStubs {
	var out tracetest.SpanStubs
	for _, s := range r.Spans.GetSpans() {
		if s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

// Attrs maps a span's attributes by key.
func Attrs(kvs []attribute.KeyValue) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range kvs {
		m[kv.Key] = kv.Value
	}
	return m
}

// Recorded is one string an exporter would receive, with where it was
// found.
type Recorded struct {
	Where string // "span name", "span attribute", "metric attribute", ...
	Text  string
}

// Strings lists every string the recorded spans and metrics carry: span
// names, attribute keys and values, events (names and attributes), status
// descriptions, links' attributes, metric names, descriptions and units,
// and every data point's attribute set.
func (r *Rig) Strings(t testing.TB) []Recorded {
	t.Helper()
	var out []Recorded
	add := func(where, s string) { out = append(out, Recorded{where, s}) }
	addKVs := func(where string, kvs []attribute.KeyValue) {
		for _, kv := range kvs {
			add(where+" key", string(kv.Key))
			add(where+" value", kv.Value.String())
		}
	}
	for _, s := range r.Spans.GetSpans() {
		add("span name", s.Name)
		addKVs("span attribute", s.Attributes)
		add("span status", s.Status.Description)
		for _, e := range s.Events {
			add("span event", e.Name)
			addKVs("span event attribute", e.Attributes)
		}
		for _, l := range s.Links {
			addKVs("span link attribute", l.Attributes)
		}
		addKVs("span resource", s.Resource.Attributes())
		add("span scope", s.InstrumentationScope.Name)
	}
	for _, m := range r.Metrics(t) {
		add("metric name", m.Name)
		add("metric description", m.Description)
		add("metric unit", m.Unit)
		for _, set := range pointSets(m.Data) {
			addKVs("metric attribute", set.ToSlice())
		}
	}
	return out
}

// pointSets returns the attribute sets of an aggregation's data points.
func pointSets(a metricdata.Aggregation) []attribute.Set {
	var out []attribute.Set
	switch d := a.(type) {
	case metricdata.Sum[int64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Sum[float64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Gauge[int64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Gauge[float64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Histogram[int64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Histogram[float64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	}
	return out
}

// Leaks returns the recorded strings that contain any of the needles
// (case-insensitively), as "where: text ~ needle".
func Leaks(recorded []Recorded, needles []string) []string {
	var out []string
	for _, r := range recorded {
		low := strings.ToLower(r.Text)
		for _, n := range needles {
			if n != "" && strings.Contains(low, strings.ToLower(n)) {
				out = append(out, r.Where+": "+r.Text+" ~ "+n)
			}
		}
	}
	return out
}

// Sum returns the total of an int64 counter's data points (0 for any other
// aggregation).
func Sum(a metricdata.Aggregation) int64 {
	s, ok := a.(metricdata.Sum[int64])
	if !ok {
		return 0
	}
	var total int64
	for _, p := range s.DataPoints {
		total += p.Value
	}
	return total
}
