package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// traceRecorder keeps the spans of a run in memory (-trace).
type traceRecorder struct {
	spans *tracetest.InMemoryExporter
	tp    *sdktrace.TracerProvider
}

func newTraceRecorder() *traceRecorder {
	exp := tracetest.NewInMemoryExporter()
	return &traceRecorder{spans: exp, tp: sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))}
}

// option turns the SDK's telemetry on for the flows' clients.
func (r *traceRecorder) option() rxbridge.Option { return rxbridge.WithTelemetry(r.tp, nil) }

// shownAttrs are the attributes printed beside a span, in this order.
var shownAttrs = []attribute.Key{
	"url.template", "http.response.status_code", "http.request.resend_count", "rxbridge.outcome",
	"rxbridge.attempts", "rxbridge.retry.reason", "rxbridge.credential.kind",
	"rxbridge.webhook.verification", "rxbridge.webhook.event_type", "rxbridge.webhook.duplicate", "rxbridge.webhook.result",
}

// print writes the spans as trees: each root (a call, a token fetch, a
// webhook delivery) in start order, its children indented below it.
func (r *traceRecorder) print(w io.Writer) {
	_ = r.tp.ForceFlush(context.Background())
	writeTree(w, r.spans.GetSpans())
}

func writeTree(w io.Writer, spans tracetest.SpanStubs) {
	children := map[trace.SpanID][]tracetest.SpanStub{}
	known := map[trace.SpanID]bool{}
	for _, s := range spans {
		known[s.SpanContext.SpanID()] = true
	}
	var roots []tracetest.SpanStub
	for _, s := range spans {
		if p := s.Parent.SpanID(); s.Parent.IsValid() && known[p] {
			children[p] = append(children[p], s)
		} else {
			roots = append(roots, s)
		}
	}
	byStart := func(ss []tracetest.SpanStub) {
		sort.SliceStable(ss, func(i, j int) bool { return ss[i].StartTime.Before(ss[j].StartTime) })
	}
	byStart(roots)
	fmt.Fprintf(w, "spans (%d):\n", len(spans))
	var walk func(s tracetest.SpanStub, depth int)
	walk = func(s tracetest.SpanStub, depth int) {
		fmt.Fprintf(w, "%s%s  %s%s\n", strings.Repeat("  ", depth+1), s.Name,
			s.EndTime.Sub(s.StartTime).Round(10*time.Microsecond), spanFacts(s))
		kids := children[s.SpanContext.SpanID()]
		byStart(kids)
		for _, k := range kids {
			walk(k, depth+1)
		}
	}
	for _, s := range roots {
		walk(s, 0)
	}
}

// spanFacts renders a span's key attributes and links.
func spanFacts(s tracetest.SpanStub) string {
	vals := map[attribute.Key]string{}
	for _, kv := range s.Attributes {
		vals[kv.Key] = kv.Value.String()
	}
	var parts []string
	for _, k := range shownAttrs {
		if v, ok := vals[k]; ok {
			parts = append(parts, string(k)+"="+v)
		}
	}
	if n := len(s.Links); n > 0 {
		parts = append(parts, fmt.Sprintf("links=%d", n))
	}
	if len(parts) == 0 {
		return ""
	}
	return "  [" + strings.Join(parts, " ") + "]"
}
