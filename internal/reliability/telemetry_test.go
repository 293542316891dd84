package reliability

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	rxbridge "github.com/rxbridge/rxbridge-go"
	cv "github.com/rxbridge/rxbridge-go/carevalidate"
	dh "github.com/rxbridge/rxbridge-go/develophealth"
	"github.com/rxbridge/rxbridge-go/develophealth/develophealthtest"
	"github.com/rxbridge/rxbridge-go/internal/telemetry"
	"github.com/rxbridge/rxbridge-go/internal/telemetry/telemetrytest"
)

// The telemetry canary scan: every case of the fault matrix (and of the
// wrapped-transport matrix) runs its client with rxbridge.WithTelemetry on
// an in-memory exporter and a manual metric reader. After the call,
// scanTelemetry checks every span name, attribute key and value, event,
// status description, link attribute, metric name and data point
// attribute for every canary the suite knows (the fixed ones and every
// credential seen on the wire): zero hits. It also checks that the client
// under test recorded its call (every provider honours the option).
// TestTelemetryWebhookCanaries does the same for every webhook case of
// both receivers.

// withTelemetry gives the case's client a fresh in-memory rig.
func withTelemetry(t *testing.T, cfg *clientConfig) *telemetrytest.Rig {
	rig := telemetrytest.New(t)
	cfg.telemetry = []rxbridge.Option{rxbridge.WithTelemetry(rig.TracerProvider, rig.MeterProvider)}
	return rig
}

// recordedText is everything the rig holds, one "where: text" line each.
func recordedText(t testing.TB, rig *telemetrytest.Rig) string {
	var b strings.Builder
	for _, r := range rig.Strings(t) {
		b.WriteString(r.Where + ": " + r.Text + "\n")
	}
	return b.String()
}

// scanTelemetry checks what the case recorded.
func scanTelemetry(t *testing.T, o op, rig *telemetrytest.Rig) {
	t.Helper()
	for _, leak := range leaks(suite.matcher(), recordedText(t, rig), 200) {
		t.Error("telemetry: " + leak)
	}
	// The client under test recorded its call: a span named
	// "provider.Op" for its provider.
	var calls []string
	for _, s := range rig.Ended() {
		if strings.HasPrefix(s.Name, o.p.name+".") && telemetrytest.Attrs(s.Attributes)[telemetry.KeyProvider].AsString() == o.p.name {
			calls = append(calls, s.Name)
		}
	}
	assert.NotEmpty(t, calls, "%s recorded no span for %s", o.p.name, o.name)
}

// The scan finds a canary wherever telemetry could carry it: were one
// recorded, the matrix would fail.
func TestTelemetryScanFindsAPlantedCanary(t *testing.T) {
	places := map[string]func(tr trace.Tracer, rig *telemetrytest.Rig){
		"span name": func(tr trace.Tracer, _ *telemetrytest.Rig) {
			_, s := tr.Start(context.Background(), "GET Patient/"+canaryACPatient)
			s.End()
		},
		"attribute value": func(tr trace.Tracer, _ *telemetrytest.Rig) {
			_, s := tr.Start(context.Background(), "x", trace.WithAttributes(attribute.String("url.template", "ndc/"+canaryNDC)))
			s.End()
		},
		"attribute key": func(tr trace.Tracer, _ *telemetrytest.Rig) {
			_, s := tr.Start(context.Background(), "x", trace.WithAttributes(attribute.Bool(canaryMember, true)))
			s.End()
		},
		"event": func(tr trace.Tracer, _ *telemetrytest.Rig) {
			_, s := tr.Start(context.Background(), "x")
			s.RecordError(errors.New(canaryUpstream))
			s.End()
		},
		"status": func(tr trace.Tracer, _ *telemetrytest.Rig) {
			_, s := tr.Start(context.Background(), "x")
			s.SetStatus(codes.Error, "upstream said "+canaryUpstream)
			s.End()
		},
		"link attribute": func(tr trace.Tracer, _ *telemetrytest.Rig) {
			_, p := tr.Start(context.Background(), "p")
			_, s := tr.Start(context.Background(), "x", trace.WithLinks(trace.Link{SpanContext: p.SpanContext(),
				Attributes: []attribute.KeyValue{attribute.String("token", canaryCVSSecret)}}))
			s.End()
			p.End()
		},
		"metric attribute": func(_ trace.Tracer, rig *telemetrytest.Rig) {
			c, _ := rig.MeterProvider.Meter("x").Int64Counter("calls")
			c.Add(context.Background(), 1, metricAttr("patient", canaryACPatient))
		},
	}
	for name, record := range places {
		t.Run(name, func(t *testing.T) {
			rig := telemetrytest.New(t)
			record(rig.TracerProvider.Tracer("x"), rig)
			assert.NotEmpty(t, leaks(suite.matcher(), recordedText(t, rig), 20))
		})
	}
}

// Canaries of the webhook cases: the receivers' secrets, and PHI, ids
// and the sender's own text in the deliveries.
const (
	canaryCVHookAuth    = "CANARY-CVHOOKAUTH-9d"
	canaryCVHookSigning = "CANARY-CVHOOKSIGN-3e"
	canaryDHHookSecret  = "CANARY-DHHOOKSECRET-7a"
	canaryHookEvent     = "CANARY_HOOK_EVENT_TYPE"
	canaryHookID        = "CANARYHOOKID-5501"
	canaryHookPath      = "/hooks/CANARYHOOKPATH"
	canaryHookQuery     = "CANARYHOOKQUERY"
	canaryHookHandler   = "CANARY-HANDLER-ERROR"
)

var hookCanaries = []string{canaryCVHookAuth, canaryCVHookSigning, canaryDHHookSecret, canaryHookEvent, canaryHookID,
	canaryHookPath, canaryHookQuery, canaryHookHandler}

type hookCase struct {
	name                 string
	method               string
	header               http.Header
	body                 string
	handlerErr           error
	status               int
	result, verification string
	event                string // "" when not parsed
}

func TestTelemetryWebhookCanaries(t *testing.T) {
	t.Run("carevalidate", func(t *testing.T) {
		rig := telemetrytest.New(t)
		var handlerErr error
		r, err := cv.NewReceiver(cv.WebhookSecrets{HeaderName: "X-Partner-Auth", Secrets: []string{canaryCVHookAuth},
			SigningSecrets: []string{canaryCVHookSigning}},
			func(context.Context, *cv.Event) error { return handlerErr },
			cv.WithWebhookMaxBodyBytes(4096), rxbridge.WithTelemetry(rig.TracerProvider, rig.MeterProvider))
		require.NoError(t, err)
		body := func(event string) string {
			return `{"event":"` + event + `","payload":{"activity":{"id":"` + canaryHookID + `"},"case":{"id":"` + canaryHookID +
				`","patient":{"firstName":"` + canaryGiven + `","email":"` + canaryEmail + `"}}}}`
		}
		signed := func(b string) http.Header {
			return http.Header{"X-Partner-Auth": {canaryCVHookAuth}, "X-Cv-Signature": {cv.Sign(canaryCVHookSigning, []byte(b))}}
		}
		ok := body("CHANGE_CASE_STATUS")
		other := body(canaryHookEvent)
		big := body("CHANGE_CASE_STATUS" + strings.Repeat("X", 5000))
		cases := []hookCase{
			{"accepted", "POST", signed(ok), ok, nil, 200, telemetry.ResultAccepted, telemetry.VerificationOK, "CHANGE_CASE_STATUS"},
			{"duplicate", "POST", signed(ok), ok, nil, 200, telemetry.ResultDuplicate, telemetry.VerificationOK, "CHANGE_CASE_STATUS"},
			{"undocumented event", "POST", signed(other), other, nil, 200, telemetry.ResultAccepted, telemetry.VerificationOK, "other"},
			{"handler error", "POST", signed(body("ARCHIVE_CASE")), body("ARCHIVE_CASE"), errors.New(canaryHookHandler), 500, telemetry.ResultHandlerError, telemetry.VerificationOK, "ARCHIVE_CASE"},
			{"missing auth header", "POST", http.Header{"X-Cv-Signature": signed(ok)["X-Cv-Signature"]}, ok, nil, 401, telemetry.ResultUnauthorized, telemetry.VerificationMissing, ""},
			{"missing signature", "POST", http.Header{"X-Partner-Auth": {canaryCVHookAuth}}, ok, nil, 401, telemetry.ResultUnauthorized, telemetry.VerificationMissing, ""},
			{"wrong auth header", "POST", http.Header{"X-Partner-Auth": {canaryCVHookAuth + "x"}, "X-Cv-Signature": signed(ok)["X-Cv-Signature"]}, ok, nil, 401, telemetry.ResultUnauthorized, telemetry.VerificationInvalid, ""},
			{"bad signature", "POST", signed(ok), other, nil, 401, telemetry.ResultUnauthorized, telemetry.VerificationInvalid, ""},
			{"malformed", "POST", signed(`{"payload":"` + canaryHookID + `"}`), `{"payload":"` + canaryHookID + `"}`, nil, 400, telemetry.ResultBadRequest, telemetry.VerificationOK, ""},
			{"too large", "POST", signed(big), big, nil, 413, telemetry.ResultTooLarge, "", ""},
			{"method", "GET", signed(ok), "", nil, 405, telemetry.ResultMethod, "", ""},
		}
		runHookCases(t, rig, r, cases, func(c hookCase) { handlerErr = c.handlerErr })
	})
	t.Run("develophealth", func(t *testing.T) {
		rig := telemetrytest.New(t)
		now := time.Now()
		var handlerErr error
		h, err := dh.NewReceiver(canaryDHHookSecret, func(context.Context, *dh.Event) error { return handlerErr },
			rxbridge.WithTelemetry(rig.TracerProvider, rig.MeterProvider),
			dh.WithWebhookMaxBodyBytes(4096), dh.WithWebhookClock(func() time.Time { return now }))
		require.NoError(t, err)
		jti := 0
		token := func(secret string, exp time.Time) string {
			jti++
			return develophealthtest.SignToken(secret, map[string]any{"iat": now.Unix(), "exp": exp.Unix(),
				"jti": canaryHookID + string(rune('a'+jti)), "sub": canaryMember})
		}
		fresh := func() http.Header {
			return http.Header{dh.WebhookHeader: {token(canaryDHHookSecret, now.Add(time.Minute))}}
		}
		body := func(event, id string) string {
			return `{"event_id":"` + id + `","event_type":"` + event + `","title":"` + canaryNote + `","data":{"object":"prior_authorization","id":"` +
				canaryHookID + `","patient":{"first_name":"` + canaryGiven + `"}}}`
		}
		ok := body("prior_authorization.status_change", canaryHookID+"-1")
		used := fresh()
		cases := []hookCase{
			{"accepted", "POST", used, ok, nil, 200, telemetry.ResultAccepted, telemetry.VerificationOK, "prior_authorization.status_change"},
			{"replayed token", "POST", used, ok, nil, 401, telemetry.ResultUnauthorized, telemetry.VerificationReplay, ""},
			{"duplicate event", "POST", fresh(), ok, nil, 200, telemetry.ResultDuplicate, telemetry.VerificationOK, "prior_authorization.status_change"},
			{"undocumented event", "POST", fresh(), body(canaryHookEvent, canaryHookID+"-2"), nil, 200, telemetry.ResultAccepted, telemetry.VerificationOK, "other"},
			{"handler error", "POST", fresh(), body("prior_authorization.message", canaryHookID+"-3"), errors.New(canaryHookHandler), 500, telemetry.ResultHandlerError, telemetry.VerificationOK, "prior_authorization.message"},
			{"missing token", "POST", http.Header{}, ok, nil, 401, telemetry.ResultUnauthorized, telemetry.VerificationMissing, ""},
			{"expired token", "POST", http.Header{dh.WebhookHeader: {token(canaryDHHookSecret, now.Add(-time.Hour))}}, ok, nil, 401, telemetry.ResultUnauthorized, telemetry.VerificationExpired, ""},
			{"wrong secret", "POST", http.Header{dh.WebhookHeader: {token(canaryDHHookSecret+"x", now.Add(time.Minute))}}, ok, nil, 401, telemetry.ResultUnauthorized, telemetry.VerificationInvalid, ""},
			{"malformed", "POST", fresh(), `[` + canaryHookID + `]`, nil, 400, telemetry.ResultBadRequest, telemetry.VerificationOK, ""},
			{"too large", "POST", fresh(), body(strings.Repeat("X", 5000), "x"), nil, 413, telemetry.ResultTooLarge, "", ""},
			{"method", "GET", fresh(), "", nil, 405, telemetry.ResultMethod, "", ""},
		}
		runHookCases(t, rig, h, cases, func(c hookCase) { handlerErr = c.handlerErr })
	})
}

// runHookCases sends each delivery to h, checks its span, then scans
// everything recorded for every canary.
func runHookCases(t *testing.T, rig *telemetrytest.Rig, h http.Handler, cases []hookCase, set func(hookCase)) {
	t.Helper()
	for i, c := range cases {
		set(c)
		req := httptest.NewRequest(c.method, canaryHookPath+"?k="+canaryHookQuery, strings.NewReader(c.body))
		for k, v := range c.header {
			req.Header[k] = v
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		require.Equal(t, c.status, w.Code, c.name)
		spans := rig.Ended()
		require.Len(t, spans, i+1, c.name)
		a := telemetrytest.Attrs(spans[i].Attributes)
		assert.Equal(t, trace.SpanKindServer, spans[i].SpanKind, c.name)
		assert.Equal(t, c.result, a[telemetry.KeyResult].AsString(), c.name)
		assert.Equal(t, c.verification, a[telemetry.KeyVerification].AsString(), c.name)
		assert.Equal(t, c.event, a[telemetry.KeyEventType].AsString(), c.name)
		assert.Equal(t, int64(c.status), a[telemetry.KeyStatusCode].AsInt64(), c.name)
	}
	needles := append(append([]string(nil), fixedCanaries...), hookCanaries...)
	for _, c := range cases {
		for _, vs := range c.header {
			needles = append(needles, vs...)
		}
	}
	leaked := telemetrytest.Leaks(rig.Strings(t), needles)
	sort.Strings(leaked)
	assert.Empty(t, leaked)
	var delivered int64
	for _, m := range rig.Metrics(t) {
		if m.Name == telemetry.MetricDeliveries {
			delivered = telemetrytest.Sum(m.Data)
		}
	}
	assert.Equal(t, int64(len(cases)), delivered)
}

func metricAttr(k, v string) metric.AddOption {
	return metric.WithAttributes(attribute.String(k, v))
}
