package httpx

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// The cost of telemetry on one call (issue 14, item 4): off (no
// WithTelemetry), with OpenTelemetry's no-op providers, and with the SDK's
// tracer and meter recording into memory.

// cannedTransport answers every request with benchDoc, in memory: the
// allocation counts below depend on the pipeline alone.
type cannedTransport struct{}

func (cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, ContentLength: int64(len(benchDoc)),
		Body: io.NopCloser(strings.NewReader(benchDoc)), Request: r}, nil
}

// telemetryModes configure a client's Options for each mode.
var telemetryModes = []struct {
	name string
	set  func(tb testing.TB, o *Options)
}{
	{"off", func(testing.TB, *Options) {}},
	{"noop", func(_ testing.TB, o *Options) {
		o.TracerProvider, o.MeterProvider = tracenoop.NewTracerProvider(), metricnoop.NewMeterProvider()
	}},
	{"sdk", func(tb testing.TB, o *Options) {
		tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(tracetest.NewNoopExporter()))
		mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
		tb.Cleanup(func() { _ = tp.Shutdown(context.Background()); _ = mp.Shutdown(context.Background()) })
		o.TracerProvider, o.MeterProvider = tp, mp
	}},
}

func telemetryBenchCall(c *Client) error {
	req := Request{Op: "ListActive", Method: http.MethodGet, Route: "prescription/getactiverx/{id}", PathParams: []string{"1435525"}}
	var out benchList
	_, err := c.DoJSON(context.Background(), &req, &out)
	return err
}

// BenchmarkGETTelemetry is BenchmarkGET (over loopback) in each telemetry
// mode.
func BenchmarkGETTelemetry(b *testing.B) {
	srv := benchServer(b)
	for _, m := range telemetryModes {
		b.Run(m.name, func(b *testing.B) {
			c := benchClient(b, srv.URL+"/mhv-api/patient/v1", DefaultTransport(), m.set)
			b.ReportAllocs()
			for b.Loop() {
				if err := telemetryBenchCall(c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGETTelemetryInMemory is the same call over an in-memory
// transport: the pipeline's own cost, without the network's noise.
func BenchmarkGETTelemetryInMemory(b *testing.B) {
	for _, m := range telemetryModes {
		b.Run(m.name, func(b *testing.B) {
			c := benchClient(b, inMemoryBase, cannedTransport{}, m.set)
			b.ReportAllocs()
			for b.Loop() {
				if err := telemetryBenchCall(c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// With telemetry off, or on OpenTelemetry's no-op providers, a call
// allocates exactly what it does through a client configured with no
// WithTelemetry at all (the recorder is nil and every hook returns before
// allocating); the same measurement sees the allocations of the SDK's
// providers, so it would see any the off path added.
func TestTelemetryOffAllocatesLikeAClientWithoutTheOption(t *testing.T) {
	var s rxbridge.Settings
	require.NoError(t, rxbridge.Apply("bench", nil, &s, &struct{}{}))
	s.HTTPClient = &http.Client{Transport: cannedTransport{}}
	s.BaseURL = "http://api.example/mhv-api/patient/v1"
	plain, err := New(Config{Provider: "bench"}, Options(s))
	require.NoError(t, err)
	require.Nil(t, plain.Telemetry())

	allocs := func(c *Client) float64 {
		require.NoError(t, telemetryBenchCall(c))
		return testing.AllocsPerRun(200, func() { _ = telemetryBenchCall(c) })
	}
	base := allocs(plain)
	for _, m := range telemetryModes {
		got := allocs(benchClient(t, inMemoryBase, cannedTransport{}, m.set))
		t.Logf("%s: %.0f allocs/op (without the option: %.0f)", m.name, got, base)
		if m.name != "sdk" {
			// OpenTelemetry's no-op providers turn telemetry off.
			assert.Equal(t, base, got, "telemetry %s adds no allocation", m.name)
		} else {
			assert.Greater(t, got, base, "the measurement sees what %s adds", m.name)
		}
	}
}
