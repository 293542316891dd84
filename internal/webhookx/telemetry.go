package webhookx

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/telemetry"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// Telemetry: each delivery ServeHTTP receives is a server span (the
// provider's "provider webhook") carrying the verification result, the
// event type (a documented event name, else "other"), whether it was a
// duplicate, the status answered and the result, and it counts in the
// deliveries metric. Never a path, a header value, a body, an id or the
// sender's own text.

// Authentication failures that say more than ErrUnauthorized, for
// telemetry's verification result. Each matches ErrUnauthorized and reads
// exactly like it, so wrapping one changes no error text. Each is fmt's
// own wrapper: no type of this internal package reaches users.
var (
	// ErrMissing: the credential (header, signature) was not sent.
	ErrMissing = fmt.Errorf("%w", ErrUnauthorized)
	// ErrExpired: the credential is outside its validity window.
	ErrExpired = fmt.Errorf("%w", ErrUnauthorized)
	// ErrReplayed: the credential was already used.
	ErrReplayed = fmt.Errorf("%w", ErrUnauthorized)
)

// OtherEvent is the event type recorded for an event the provider does not
// document: the sender's text is not ours to export.
const OtherEvent = "other"

// NewTelemetry returns the recorder of a receiver configured with tp and mp
// (nil when both are nil: telemetry off).
func NewTelemetry(tp trace.TracerProvider, mp metric.MeterProvider) (*telemetry.Recorder, error) {
	return telemetry.New(tp, mp, rxbridge.Version)
}

// delivery is what telemetry learns of one delivery as it goes.
type delivery struct {
	d          *telemetry.Delivery
	event      string // "" until parsed
	dup        bool
	handlerErr error
}

type deliveryKey struct{}

// startDelivery starts the delivery's span and returns the request to
// serve (r itself, untouched, when telemetry is off).
func (rc *Receiver[E]) startDelivery(r *http.Request) *http.Request {
	if rc.Telemetry == nil {
		return r
	}
	ctx, d := rc.Telemetry.StartDelivery(r.Context(), rc.Provider, "")
	return r.WithContext(context.WithValue(ctx, deliveryKey{}, &delivery{d: d}))
}

func deliveryOf(ctx context.Context) *delivery {
	st, _ := ctx.Value(deliveryKey{}).(*delivery)
	return st
}

// noteVerification records the verification result of err (nil: ok).
func noteVerification(ctx context.Context, err error) {
	st := deliveryOf(ctx)
	if st == nil {
		return
	}
	st.d.Verified(VerificationOf(err))
}

// VerificationOf classifies an authentication error into one of
// telemetry's Verification results (nil: ok).
func VerificationOf(err error) string {
	switch {
	case err == nil:
		return telemetry.VerificationOK
	case errors.Is(err, ErrMissing):
		return telemetry.VerificationMissing
	case errors.Is(err, ErrExpired):
		return telemetry.VerificationExpired
	case errors.Is(err, ErrReplayed):
		return telemetry.VerificationReplay
	}
	return telemetry.VerificationInvalid
}

// noteEvent records the parsed event's type.
func (rc *Receiver[E]) noteEvent(ctx context.Context, ev E) {
	st := deliveryOf(ctx)
	if st == nil {
		return
	}
	st.event = OtherEvent
	if rc.EventType != nil {
		if t := rc.EventType(ev); t != "" {
			st.event = t
		}
	}
}

// noteDuplicate marks the delivery of ctx a duplicate (the de-duplication
// wrappers call it when they acknowledge one, or find it in progress).
func noteDuplicate(ctx context.Context) {
	if st := deliveryOf(ctx); st != nil {
		st.dup = true
	}
}

// noteHandlerError keeps the handler's error, for the result.
func noteHandlerError(ctx context.Context, err error) {
	if st := deliveryOf(ctx); st != nil {
		st.handlerErr = err
	}
}

// endDelivery ends the delivery's span with the status answered and the
// result its reason (respond's) names.
func endDelivery(ctx context.Context, status int, reason string) {
	st := deliveryOf(ctx)
	if st == nil {
		return
	}
	result := telemetry.ResultAccepted
	switch reason {
	case "":
		if st.dup {
			result = telemetry.ResultDuplicate
		}
	case reasonMethod:
		result = telemetry.ResultMethod
	case reasonUnauthorized:
		result = telemetry.ResultUnauthorized
	case reasonAuthUnavailable:
		result = telemetry.ResultStoreError
	case reasonTooLarge:
		result = telemetry.ResultTooLarge
	case reasonTimeout:
		result = telemetry.ResultTimeout
	case reasonHandler:
		switch {
		case errors.Is(st.handlerErr, ErrInProgress):
			st.dup = true
			result = telemetry.ResultDuplicate
		case errors.Is(st.handlerErr, ErrDedupUnavailable):
			result = telemetry.ResultStoreError
		default:
			result = telemetry.ResultHandlerError
		}
	default: // unreadable body, malformed payload
		result = telemetry.ResultBadRequest
	}
	if st.event != "" {
		st.d.Event(st.event, st.dup)
	}
	st.d.End(status, result)
}
