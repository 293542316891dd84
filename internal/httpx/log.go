package httpx

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// Log records carry only: provider, op, method, host, route template,
// attempt, status, duration, the retry decision and an error class. Never
// bodies, header values, query strings, filled paths (ids), or tokens.

// logAttempt records one attempt at Debug level (Info when it will be
// retried, so retries are visible at the usual level).
func (c *Client) logAttempt(ctx context.Context, st *call, resp *http.Response, err error, retry bool) {
	l := c.logger
	if l == nil {
		return
	}
	level := slog.LevelDebug
	if retry {
		level = slog.LevelInfo
	}
	if !l.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 11)
	attrs = append(attrs,
		slog.String("provider", c.provider),
		slog.String("op", st.r.Op),
		slog.String("method", st.r.Method),
		slog.String("host", st.host),
		slog.String("route", st.r.Route),
		slog.Int("attempt", st.attempt),
		slog.Duration("duration", time.Since(st.attemptAt)),
	)
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", errorClass(err)))
	}
	if retry {
		attrs = append(attrs, slog.Bool("retry", true), slog.Duration("wait", st.wait))
	}
	l.LogAttrs(ctx, level, "rxbridge http attempt", attrs...)
}

// logCall records the end of a call: Info on success, Warn on failure.
func (c *Client) logCall(ctx context.Context, st *call, status int, err error) {
	l := c.logger
	if l == nil {
		return
	}
	level := slog.LevelInfo
	if err != nil {
		level = slog.LevelWarn
	}
	if !l.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 10)
	attrs = append(attrs,
		slog.String("provider", c.provider),
		slog.String("op", st.r.Op),
		slog.String("method", st.r.Method),
		slog.String("host", st.host),
		slog.String("route", st.r.Route),
		slog.Int("attempts", st.attempt),
		slog.Duration("duration", time.Since(st.start)),
	)
	if status != 0 {
		attrs = append(attrs, slog.Int("status", status))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", errorClass(err)))
	}
	l.LogAttrs(ctx, level, "rxbridge http call", attrs...)
}

// errorClass names an error for logs without its text where the text could
// carry anything: our own typed errors have safe messages; a foreign
// transport error is reduced to its sanitized form.
func errorClass(err error) string {
	return sanitize(err).Error()
}
