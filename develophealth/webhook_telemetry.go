package develophealth

import (
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// WithWebhookTelemetry records each delivery the Handler receives as an
// OpenTelemetry server span ("develophealth webhook") and in the
// rxbridge.webhook.deliveries metric, through tp and mp (either may be nil
// to record only the other): the verification result, the event type (a
// documented EventType, else "other"), whether it was a duplicate, the
// status answered and the result. Never the token, a header value, the
// body, an id or the path. See the README's Observability section.
func WithWebhookTelemetry(tp trace.TracerProvider, mp metric.MeterProvider) WebhookOption {
	return func(c *webhookConfig) { c.tracer, c.meter = tp, mp }
}

// webhookEventType names an event for telemetry: its type when documented,
// else "" (recorded as "other").
func webhookEventType(ev *WebhookEvent) string {
	if ev == nil || !ev.EventType.Known() {
		return ""
	}
	return string(ev.EventType)
}
