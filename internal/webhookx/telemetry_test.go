package webhookx

import (
	"context"
	"errors"
	"fmt"
	rxbridge "github.com/rxbridge/rxbridge-go"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/trace"

	"github.com/rxbridge/rxbridge-go/internal/telemetry"
	"github.com/rxbridge/rxbridge-go/internal/telemetry/telemetrytest"
)

// telReceiver is newReceiver recording into a rig, with an
// authentication header check that tells a missing header from a wrong
// one, and "known" as the only documented event type.
func telReceiver(t *testing.T, handleErr error, dedup bool) (*Receiver[event], *telemetrytest.Rig) {
	t.Helper()
	rig := telemetrytest.New(t)
	tel, err := NewTelemetry(rig.TracerProvider, rig.MeterProvider)
	require.NoError(t, err)
	var handled atomic.Int32
	rc := newReceiver(&handled, handleErr)
	rc.Telemetry = tel
	rc.Authenticate = func(_ context.Context, h http.Header) (context.Context, func(context.Context, bool) error, error) {
		if h.Get("X-Secret") == "" {
			return nil, nil, fmt.Errorf("%w: header missing", ErrMissing)
		}
		return nil, nil, nil
	}
	rc.EventType = func(e event) string {
		if e.Type == "known" {
			return "known"
		}
		return ""
	}
	if dedup {
		h, err := LeaseDedup(Leases{Store: rxbridge.NewMemoryStore(), Namespace: "webhook.test"}, func(e event) string { return e.ID }, rc.Handle)
		require.NoError(t, err)
		rc.Handle = h
	}
	return rc, rig
}

func TestTelemetryDeliverySpans(t *testing.T) {
	cases := []struct {
		name, method, secret, body string
		handleErr                  error
		status                     int
		verification, event        string // "" when not recorded
		result                     string
	}{
		{"accepted", http.MethodPost, "s3cret", `{"id":"e1","type":"known"}`, nil, 200, telemetry.VerificationOK, "known", telemetry.ResultAccepted},
		{"undocumented event is other", http.MethodPost, "s3cret", `{"id":"e1","type":"SENDER-TEXT-4471"}`, nil, 200, telemetry.VerificationOK, OtherEvent, telemetry.ResultAccepted},
		{"missing credential", http.MethodPost, "", `{"id":"e1","type":"known"}`, nil, 401, telemetry.VerificationMissing, "", telemetry.ResultUnauthorized},
		{"wrong credential", http.MethodPost, "nope", `{"id":"e1","type":"known"}`, nil, 401, telemetry.VerificationInvalid, "", telemetry.ResultUnauthorized},
		{"malformed", http.MethodPost, "s3cret", `{"id":`, nil, 400, telemetry.VerificationOK, "", telemetry.ResultBadRequest},
		{"too large", http.MethodPost, "s3cret", `{"id":"` + strings.Repeat("x", 2000) + `"}`, nil, 413, "", "", telemetry.ResultTooLarge},
		{"method", http.MethodGet, "s3cret", ``, nil, 405, "", "", telemetry.ResultMethod},
		{"handler error", http.MethodPost, "s3cret", `{"id":"e1","type":"known"}`, errors.New("db down"), 500, telemetry.VerificationOK, "known", telemetry.ResultHandlerError},
		{"in progress elsewhere", http.MethodPost, "s3cret", `{"id":"e1","type":"known"}`, ErrInProgress, 503, telemetry.VerificationOK, "known", telemetry.ResultDuplicate},
		{"dedup store down", http.MethodPost, "s3cret", `{"id":"e1","type":"known"}`, ErrDedupUnavailable, 503, telemetry.VerificationOK, "known", telemetry.ResultStoreError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rc, rig := telReceiver(t, tc.handleErr, false)
			w := post(rc, tc.method, tc.secret, tc.body)
			require.Equal(t, tc.status, w.Code)
			spans := rig.Ended()
			require.Len(t, spans, 1)
			s := spans[0]
			assert.Equal(t, "test webhook", s.Name)
			assert.Equal(t, trace.SpanKindServer, s.SpanKind)
			a := telemetrytest.Attrs(s.Attributes)
			assert.Equal(t, int64(tc.status), a[telemetry.KeyStatusCode].AsInt64())
			assert.Equal(t, tc.result, a[telemetry.KeyResult].AsString())
			assert.Equal(t, tc.verification, a[telemetry.KeyVerification].AsString())
			assert.Equal(t, tc.event, a[telemetry.KeyEventType].AsString())
			if tc.event != "" {
				assert.Equal(t, tc.result == telemetry.ResultDuplicate, a[telemetry.KeyDuplicate].AsBool())
			}
			if tc.status >= 500 {
				assert.Equal(t, codes.Error, s.Status.Code)
			}
			_, hasRoute := a[telemetry.KeyRoute]
			assert.False(t, hasRoute, "the path is the user's: never recorded")
			for _, r := range rig.Strings(t) {
				assert.NotContains(t, r.Text, "SENDER-TEXT")
				assert.NotContains(t, r.Text, "/hook")
				assert.NotContains(t, r.Text, "e1")
			}
			// The deliveries metric counts it by result.
			var found bool
			for _, m := range rig.Metrics(t) {
				if m.Name != telemetry.MetricDeliveries {
					continue
				}
				for _, p := range m.Data.(metricdata.Sum[int64]).DataPoints {
					v, _ := p.Attributes.Value(telemetry.KeyResult)
					found = found || (v.AsString() == tc.result && p.Value == 1)
				}
			}
			assert.True(t, found, "deliveries{result=%s}", tc.result)
		})
	}
}

func TestTelemetryDuplicateDelivery(t *testing.T) {
	rc, rig := telReceiver(t, nil, true)
	body := `{"id":"e1","type":"known"}`
	require.Equal(t, 200, post(rc, http.MethodPost, "s3cret", body).Code)
	require.Equal(t, 200, post(rc, http.MethodPost, "s3cret", body).Code)
	spans := rig.Ended()
	require.Len(t, spans, 2)
	first, second := telemetrytest.Attrs(spans[0].Attributes), telemetrytest.Attrs(spans[1].Attributes)
	assert.False(t, first[telemetry.KeyDuplicate].AsBool())
	assert.Equal(t, telemetry.ResultAccepted, first[telemetry.KeyResult].AsString())
	assert.True(t, second[telemetry.KeyDuplicate].AsBool())
	assert.Equal(t, telemetry.ResultDuplicate, second[telemetry.KeyResult].AsString())
}

// The handler runs under the delivery's span.
func TestTelemetryHandlerRunsUnderTheDeliverySpan(t *testing.T) {
	rc, rig := telReceiver(t, nil, false)
	var seen trace.SpanContext
	rc.Handle = func(ctx context.Context, _ event) error {
		seen = trace.SpanContextFromContext(ctx)
		return nil
	}
	require.Equal(t, 200, post(rc, http.MethodPost, "s3cret", `{"id":"e1","type":"known"}`).Code)
	require.Len(t, rig.Ended(), 1)
	assert.Equal(t, rig.Ended()[0].SpanContext.SpanID(), seen.SpanID())
}

// The sentinels read exactly like ErrUnauthorized and match it.
func TestVerificationSentinels(t *testing.T) {
	for _, e := range []error{ErrMissing, ErrExpired, ErrReplayed} {
		assert.ErrorIs(t, e, ErrUnauthorized)
		assert.Equal(t, ErrUnauthorized.Error(), e.Error())
	}
	assert.Equal(t, telemetry.VerificationReplay, VerificationOf(fmt.Errorf("%w: x", ErrReplayed)))
	assert.Equal(t, telemetry.VerificationExpired, VerificationOf(fmt.Errorf("%w: x", ErrExpired)))
	assert.Equal(t, telemetry.VerificationInvalid, VerificationOf(ErrUnauthorized))
	assert.Equal(t, telemetry.VerificationOK, VerificationOf(nil))
}

// Off, a delivery allocates no more than before the telemetry hooks.
func TestTelemetryOffServesTheRequestUntouched(t *testing.T) {
	var handled atomic.Int32
	rc := newReceiver(&handled, nil)
	req := httptest.NewRequest(http.MethodPost, "/hook", nil)
	assert.Same(t, req, rc.startDelivery(req))
}
