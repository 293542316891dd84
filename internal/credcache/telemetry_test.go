package credcache

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/rxbridge/rxbridge-go/internal/telemetry"
)

// One fetch serves many calls of many traces: its span is a root linked to
// every call that waited for it, and the fetch's own work (the token
// request) runs under it.
func TestFetchSpanIsLinkedToEveryWaiter(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	rec, err := telemetry.New(sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp)), nil, "test")
	require.NoError(t, err)
	callers := sdktrace.NewTracerProvider().Tracer("callers")

	release := make(chan struct{})
	started := make(chan trace.SpanContext, 1)
	c := New(Config[string]{
		Telemetry: rec, Provider: "cvsspecialty", Kind: telemetry.CredentialToken,
		Fetch: func(ctx context.Context, _ string) (string, time.Time, error) {
			started <- trace.SpanContextFromContext(ctx)
			<-release
			return "tok", time.Now().Add(time.Hour), nil
		},
	})

	const waiters = 5
	ids := make([]trace.SpanID, waiters)
	var wg sync.WaitGroup
	ctx0, s0 := callers.Start(context.Background(), "call-0")
	ids[0] = s0.SpanContext().SpanID()
	wg.Add(1)
	go func() { defer wg.Done(); _, _ = c.Get(ctx0, "k") }()
	fetchSpan := <-started
	for i := 1; i < waiters; i++ {
		ctx, s := callers.Start(context.Background(), "call")
		ids[i] = s.SpanContext().SpanID()
		wg.Add(1)
		go func() { defer wg.Done(); _, _ = c.Get(ctx, "k") }()
	}
	// Every waiter has joined the flight once the links are there; the
	// flight is held open until then.
	require.Eventually(t, func() bool { return c.Fetches() == 1 && waitingLinks(c) == waiters }, 10*time.Second, time.Millisecond)
	close(release)
	wg.Wait()

	spans := exp.GetSpans()
	require.Len(t, spans, 1)
	s := spans[0]
	assert.Equal(t, "cvsspecialty.token.fetch", s.Name)
	assert.False(t, s.Parent.IsValid())
	assert.Equal(t, s.SpanContext.SpanID(), fetchSpan.SpanID(), "the fetch runs under its span")
	var linked []trace.SpanID
	for _, l := range s.Links {
		linked = append(linked, l.SpanContext.SpanID())
	}
	assert.ElementsMatch(t, ids, linked)
}

// waitingLinks counts the links of the flight in progress (test only).
func waitingLinks(c *Cache[string]) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range c.inflight {
		return f.tel.Links()
	}
	return 0
}
