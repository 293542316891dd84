package allcarefhir_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/trace"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/internal/telemetry"
	"github.com/rxbridge/rxbridge-go/internal/telemetry/telemetrytest"
)

// doneSignal is a context that reports the first time a waiter selects on
// its Done channel: TokenContext links the waiter to the refresh before it
// waits, so after the signal the link is in place.
type doneSignal struct {
	context.Context
	once    atomic.Bool
	waiting chan struct{}
}

func (c *doneSignal) Done() <-chan struct{} {
	if c.once.CompareAndSwap(false, true) {
		close(c.waiting)
	}
	return c.Context.Done()
}

func TestTelemetryLoginAndRefreshAreTokenFetches(t *testing.T) {
	rig := telemetrytest.New(t)
	srv := newFake(t)
	clock := time.Now()
	var refreshing atomic.Bool
	saving := make(chan struct{}, 1)
	release := make(chan struct{})
	cfg := allcarefhir.OAuthConfig{
		Issuer: srv.Issuer, ClientID: srv.ClientID, ClientSecret: srv.ClientSecret, RedirectURL: redirectURL,
		Scopes: []string{"patientapi.demographics.read", "offline_access"},
		Now:    func() time.Time { return clock },
	}
	// The store holds the refreshed token back until both waiters wait.
	store := &holdingStore{Store: rxbridge.NewMemoryStore(), hold: func() {
		if refreshing.Load() {
			select {
			case saving <- struct{}{}:
			default:
			}
			<-release
		}
	}}
	l, err := allcarefhir.NewLogin(cfg, rxbridge.WithRetry(fastRetry), rxbridge.WithStore(store), rxbridge.WithTelemetry(rig.TracerProvider, rig.MeterProvider))
	require.NoError(t, err)
	tracer := rig.TracerProvider.Tracer("test")

	// The login's code exchange: a token fetch linked to the callback's
	// span, with the token endpoint's call under it.
	form, _ := begin(t, srv, l)
	cbctx, cb := tracer.Start(context.Background(), "callback")
	tok, err := l.HandleCallback(cbctx, form)
	require.NoError(t, err)
	cb.End()
	fetches := rig.Named("allcarefhir.token.fetch")
	require.Len(t, fetches, 1)
	ex := fetches[0]
	require.Len(t, ex.Links, 1)
	assert.Equal(t, cb.SpanContext().SpanID(), ex.Links[0].SpanContext.SpanID())
	assert.False(t, ex.Parent.IsValid(), "a fetch is a root of its own")
	assert.Equal(t, "ok", telemetrytest.Attrs(ex.Attributes)[telemetry.KeyOutcome].AsString())
	assert.Equal(t, telemetry.CredentialToken, telemetrytest.Attrs(ex.Attributes)[telemetry.KeyCredential].AsString())
	calls := rig.Named("allcarefhir.Exchange")
	require.Len(t, calls, 1)
	assert.Equal(t, ex.SpanContext.SpanID(), calls[0].Parent.SpanID(), "the exchange's call runs under the fetch")

	// A refresh two calls wait for: one fetch span linked to both.
	tok.Expiry = clock.Add(30 * time.Second) // inside the early-refresh window
	ts := l.TokenSource(tok)
	refreshing.Store(true)
	ctx1, w1 := tracer.Start(context.Background(), "waiter-1")
	ctx2, w2 := tracer.Start(context.Background(), "waiter-2")
	got := make(chan error, 2)
	go func() { _, err := ts.TokenContext(ctx1); got <- err }()
	<-saving // the refresh is in flight
	second := &doneSignal{Context: ctx2, waiting: make(chan struct{})}
	go func() { _, err := ts.TokenContext(second); got <- err }()
	<-second.waiting
	close(release)
	require.NoError(t, <-got)
	require.NoError(t, <-got)
	w1.End()
	w2.End()

	fetches = rig.Named("allcarefhir.token.fetch")
	require.Len(t, fetches, 2)
	rf := fetches[1]
	var linked []trace.SpanID
	for _, lk := range rf.Links {
		linked = append(linked, lk.SpanContext.SpanID())
	}
	assert.ElementsMatch(t, []trace.SpanID{w1.SpanContext().SpanID(), w2.SpanContext().SpanID()}, linked)
	assert.Equal(t, "ok", telemetrytest.Attrs(rf.Attributes)[telemetry.KeyOutcome].AsString())
	refresh := rig.Named("allcarefhir.Refresh")
	require.Len(t, refresh, 1)
	assert.Equal(t, rf.SpanContext.SpanID(), refresh[0].Parent.SpanID())

	// And the credentials metric counts both.
	var created int64
	for _, m := range rig.Metrics(t) {
		if m.Name == telemetry.MetricCredentials {
			created += telemetrytest.Sum(m.Data)
		}
	}
	assert.Equal(t, int64(2), created)

	// The FHIR client honours the option too.
	c, err := allcarefhir.NewClient(ts, rxbridge.WithBaseURL(srv.FHIRBaseURL), rxbridge.WithRetry(fastRetry),
		rxbridge.WithTelemetry(rig.TracerProvider, rig.MeterProvider))
	require.NoError(t, err)
	_, err = c.Patient(context.Background(), tok.PatientID)
	require.NoError(t, err)
	var attempt bool
	for _, s := range rig.Ended() {
		if s.SpanKind == trace.SpanKindClient && telemetrytest.Attrs(s.Attributes)[telemetry.KeyURLTemplate].AsString() == "Patient/{id}" {
			attempt = true
		}
	}
	assert.True(t, attempt, "the FHIR read's attempt span")
}

// holdingStore calls hold before each Set (once refreshing: the new token).
type holdingStore struct {
	rxbridge.Store
	hold func()
}

func (s *holdingStore) Set(ctx context.Context, k rxbridge.StoreKey, v []byte, ttl time.Duration) error {
	if k.Namespace != "" {
		s.hold()
	}
	return s.Store.Set(ctx, k, v, ttl)
}
