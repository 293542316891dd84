package httpx

import (
	"context"
	"reflect"
)

// Detach returns a context for work that one caller starts and others
// share, such as a token fetch or an MHV session creation that every
// waiting call depends on. It keeps ctx's values (trace and span ids,
// logger attributes), so the shared work's logs and spans correlate with
// the call that started it, but neither ctx's cancellation nor its
// deadline: one caller giving up must not fail the work for the others.
// The caller bounds it (context.WithTimeout).
//
// It hides what belongs to the caller's own request: the pipeline's call
// state and any net/http/httptrace ClientTrace (and net/http's internal
// dial trace). The shared work's HTTP traffic is not the caller's, and the
// pipeline reads the request's trace events to prove that a request was
// never sent.
func Detach(ctx context.Context) context.Context {
	return detached{context.WithoutCancel(ctx)}
}

// detached is a context.WithoutCancel that hides the request-scoped
// values listed in Detach.
type detached struct{ context.Context }

// Value implements context.Context.
func (d detached) Value(key any) any {
	if _, ok := key.(ctxKey); ok {
		return nil
	}
	if t := reflect.TypeOf(key); t != nil {
		switch t.PkgPath() {
		case "net/http/httptrace", "internal/nettrace":
			return nil
		}
	}
	return d.Context.Value(key)
}
