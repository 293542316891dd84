package rxbridge_test

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

type provA struct{ gateway string }
type provB struct{ sandbox bool }

func withGateway(k string) rxbridge.Option {
	return rxbridge.ProviderOption("a.WithGateway", func(o *provA) { o.gateway = k })
}

func withSandbox() rxbridge.Option {
	return rxbridge.ProviderOption("b.WithSandbox", func(o *provB) { o.sandbox = true })
}

func TestApplyFillsSettingsAndTheProvidersOwnOptionsInOrder(t *testing.T) {
	hc := &http.Client{}
	l := slog.New(slog.DiscardHandler)
	var s rxbridge.Settings
	var a provA
	err := rxbridge.Apply("a", []rxbridge.Option{
		rxbridge.WithBaseURL("https://one.example.com"),
		withGateway("k1"),
		rxbridge.WithHTTPClient(hc),
		rxbridge.WithLogger(l),
		rxbridge.WithRetry(rxbridge.RetryPolicy{MaxRetries: 2}),
		rxbridge.WithTimeout(time.Second),
		rxbridge.WithUserAgent(" app/1 "),
		rxbridge.WithMaxResponseBytes(10),
		rxbridge.WithBaseURL("https://two.example.com"),
		withGateway("k2"),
	}, &s, &a)
	require.NoError(t, err)
	assert.Equal(t, "https://two.example.com", s.BaseURL, "the last option wins")
	assert.Same(t, hc, s.HTTPClient)
	assert.Same(t, l, s.Logger)
	assert.Equal(t, 2, s.Retry.MaxRetries)
	assert.Equal(t, time.Second, s.Timeout)
	assert.Equal(t, "app/1", s.UserAgent)
	assert.Equal(t, int64(10), s.MaxResponseBytes)
	assert.Equal(t, "k2", a.gateway)
}

func TestApplyRefusesAnotherProvidersOption(t *testing.T) {
	var s rxbridge.Settings
	var a provA
	err := rxbridge.Apply("a", []rxbridge.Option{withSandbox(), withGateway("k")}, &s, &a)
	require.Error(t, err)
	assert.Equal(t, "a: option b.WithSandbox belongs to another provider", err.Error())
	assert.Equal(t, "k", a.gateway, "the provider's own options still apply")

	var b provB
	err = rxbridge.Apply("b", []rxbridge.Option{withSandbox()}, &s, &b)
	require.NoError(t, err)
	assert.True(t, b.sandbox)
}

func TestApplyReportsEveryInvalidOption(t *testing.T) {
	var s rxbridge.Settings
	var a provA
	err := rxbridge.Apply("a", []rxbridge.Option{
		{},
		rxbridge.WithBaseURL(" "),
		rxbridge.WithHTTPClient(nil),
		rxbridge.WithRetry(rxbridge.RetryPolicy{MaxRetries: 21}),
		rxbridge.WithRetry(rxbridge.RetryPolicy{WaitMin: -1}),
		rxbridge.WithTimeout(0),
		rxbridge.WithUserAgent("a\r\nX-Evil: 1"),
		rxbridge.WithMaxResponseBytes(-1),
		rxbridge.ProviderOption[provA]("a.WithNothing", nil),
	}, &s, &a)
	require.Error(t, err)
	msg := err.Error()
	for _, want := range []string{
		"option 1 is a zero Option", "WithBaseURL: empty URL", "WithHTTPClient: nil client",
		"WithRetry: MaxRetries above 20", "WithRetry: negative wait", "WithTimeout: must be positive",
		"WithUserAgent: contains a line break", "WithMaxResponseBytes: must be positive", "option 9 is a zero Option",
	} {
		assert.Contains(t, msg, want)
	}
	assert.NotContains(t, msg, "X-Evil")
	for _, line := range strings.Split(msg, "\n") {
		assert.True(t, strings.HasPrefix(line, "a: option "), "every error names the provider once: %q", line)
	}
	assert.Equal(t, rxbridge.Settings{}, s, "invalid values are not kept")

	// The errors were reported once; the Settings can be reused.
	require.NoError(t, rxbridge.Apply("a", nil, &s, &a))
	assert.Equal(t, 9, strings.Count(msg, "\n")+1, "one line per invalid option")
}

func TestStoreAndTelemetryOptions(t *testing.T) {
	var s rxbridge.Settings
	var a provA
	store := rxbridge.NewMemoryStore()
	tp := tracenoop.NewTracerProvider()
	mp := metricnoop.NewMeterProvider()
	require.NoError(t, rxbridge.Apply("a", []rxbridge.Option{rxbridge.WithStore(store), rxbridge.WithTelemetry(tp, mp)}, &s, &a))
	assert.Same(t, store, s.Store)
	assert.Equal(t, tp, s.TracerProvider)
	assert.Equal(t, mp, s.MeterProvider)

	var s2 rxbridge.Settings
	err := rxbridge.Apply("a", []rxbridge.Option{rxbridge.WithStore(nil), rxbridge.WithTelemetry(nil, nil)}, &s2, &a)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "WithStore: nil store")
	assert.Contains(t, err.Error(), "WithTelemetry: no tracer provider and no meter provider")
	assert.Nil(t, s2.Store)
}
