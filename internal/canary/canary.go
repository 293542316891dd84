// Package canary helps tests prove that PHI and secrets never reach logs
// or error strings: plant canary values in requests and responses, capture
// every log line (text and JSON handlers, debug level) and every error
// string, then assert none of the canaries appears anywhere.
package canary

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
)

// Sink captures log output from several handlers.
type Sink struct {
	mu  sync.Mutex
	buf bytes.Buffer
	n   int
}

// Write implements io.Writer.
func (s *Sink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	return s.buf.Write(p)
}

// String returns everything logged so far.
func (s *Sink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// Records reports how many records were written (each handler counts).
func (s *Sink) Records() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// Logger returns a debug-level logger writing every record through both a
// TextHandler and a JSONHandler into the returned Sink.
func Logger() (*slog.Logger, *Sink) {
	s := &Sink{}
	o := &slog.HandlerOptions{Level: slog.LevelDebug}
	return slog.New(fanout{slog.NewTextHandler(s, o), slog.NewJSONHandler(s, o)}), s
}

// Errors renders errors every way a program might print them: Error(),
// %v, %+v, %#v, %s and %q.
func Errors(errs ...error) string {
	var b strings.Builder
	for _, err := range errs {
		if err == nil {
			continue
		}
		fmt.Fprintf(&b, "%s\n%v\n%+v\n%#v\n%q\n", err.Error(), err, err, err, err)
	}
	return b.String()
}

// AssertClean fails t for each canary found in any haystack.
func AssertClean(t testing.TB, haystack string, canaries ...string) {
	t.Helper()
	for _, c := range canaries {
		if c == "" {
			continue
		}
		if i := strings.Index(haystack, c); i >= 0 {
			lo := max(0, strings.LastIndexByte(haystack[:i], '\n')+1)
			hi := len(haystack)
			if j := strings.IndexByte(haystack[i:], '\n'); j >= 0 {
				hi = i + j
			}
			t.Errorf("canary %q leaked in: %s", c, haystack[lo:hi])
		}
	}
}

// fanout sends each record to several handlers.
type fanout []slog.Handler

func (f fanout) Enabled(ctx context.Context, l slog.Level) bool { return f[0].Enabled(ctx, l) }

func (f fanout) Handle(ctx context.Context, r slog.Record) error {
	for _, h := range f {
		if err := h.Handle(ctx, r.Clone()); err != nil {
			return err
		}
	}
	return nil
}

func (f fanout) WithAttrs(a []slog.Attr) slog.Handler {
	out := make(fanout, len(f))
	for i, h := range f {
		out[i] = h.WithAttrs(a)
	}
	return out
}

func (f fanout) WithGroup(n string) slog.Handler {
	out := make(fanout, len(f))
	for i, h := range f {
		out[i] = h.WithGroup(n)
	}
	return out
}
