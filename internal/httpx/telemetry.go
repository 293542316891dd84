package httpx

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/rxbridge/rxbridge-go/internal/telemetry"
)

// Telemetry: each call is a span ("provider.Op") with a child span per
// attempt ("METHOD route-template"), and the metrics of
// internal/telemetry. What they carry is the same as the logs': provider,
// operation, method, route template, status, attempt, a retry reason and an
// outcome class (OutcomeOf). Never a filled path, a query, a header value,
// a body or an error's text.

// noteAttempt records what checkRetry saw of the current attempt, for its
// span; a second pass (a failed read of the body) overrides the first.
func (st *call) noteAttempt(resp *http.Response, err error, retry bool) {
	if st.tc == nil {
		return
	}
	st.taStatus, st.taClass, st.taRetry = 0, "", ""
	if resp != nil {
		st.taStatus = resp.StatusCode
		if resp.StatusCode >= 400 {
			st.taClass = telemetry.OutcomeUpstreamError
		}
	}
	if err != nil {
		st.taClass = OutcomeOf(err)
		if st.taClass == telemetry.OutcomeUpstreamError {
			// A failed read of an answer, or a transport's own error.
			st.taClass = telemetry.OutcomeTransport
		}
	}
	if retry {
		st.taRetry = retryReason(resp, err)
	}
}

// endAttempt ends the current attempt's span, if any.
func (st *call) endAttempt() {
	if st.ta == nil {
		return
	}
	st.ta.End(st.taStatus, st.taClass, st.taRetry)
	st.ta = nil
}

// retryReason names why an attempt is retried: "status_503", or
// "connection_failed" (provably not sent), "transport" (sent, or may have
// been), "body_read" (a 2xx whose body could not be read).
func retryReason(resp *http.Response, err error) string {
	switch {
	case err == nil && resp != nil:
		return "status_" + strconv.Itoa(resp.StatusCode)
	case resp != nil:
		return "body_read"
	}
	var ns *NotSent
	if errors.As(err, &ns) {
		return "connection_failed"
	}
	return "transport"
}

// OutcomeOf classifies a call's error for telemetry: ok, the retry budget
// refused a retry, outcome unknown, the caller's context ended, a transport
// failure, refused before sending, or an error the upstream answered.
func OutcomeOf(err error) telemetry.Outcome {
	var te *TransportError
	switch {
	case err == nil:
		return telemetry.OutcomeOK
	case errors.Is(err, ErrRetryBudgetExhausted):
		return telemetry.OutcomeBudgetExhausted
	case errors.Is(err, ErrOutcomeUnknown):
		return telemetry.OutcomeUnknown
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return telemetry.OutcomeCanceled
	case errors.As(err, &te):
		return telemetry.OutcomeTransport
	case errors.Is(err, ErrBadRequest):
		return telemetry.OutcomeRefused
	}
	return telemetry.OutcomeUpstreamError
}
