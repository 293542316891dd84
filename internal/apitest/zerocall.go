package apitest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"
)

// Calls configures NoPanics.
type Calls struct {
	// Receivers are values made by the package's constructors (a client
	// wired to a transport that fails every request, a fake), whose
	// exported methods are called with zero and nil arguments too. Nothing
	// may reach the network: give clients a dead 127.0.0.1 URL or a
	// transport that fails.
	Receivers []any
	// Skip names the functions ("NewServer") and methods
	// ("*Server.Serve") not to call, each with the reason.
	Skip map[string]string
}

// hangLimit reports a call that never returns (the test then fails; it
// does not decide the outcome of a call that returns).
const hangLimit = 2 * time.Minute

// NoPanics calls every exported function of p, and every exported method
// of every exported type on a zero value, a nil pointer and a pointer to a
// zero value (and on c.Receivers), each with three sets of arguments:
// all zero (a nil ctx, nil pointers, nil slices, "", no variadic
// arguments); the same with a live ctx; and a live ctx, "1" for strings,
// pointers to zero structs and one zero variadic argument (a nil Option).
// What the calls return is used too: iterators are ranged over, handlers
// serve a valid-looking POST, and anything with a Close method is closed.
// Any panic fails t. It returns the number of calls made.
func NoPanics(t *testing.T, p Package, c Calls) int {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	z := &zeroCaller{t: t, ctx: ctx, skip: c.Skip}
	for _, name := range sortedKeys(p.Funcs) {
		if _, ok := c.Skip[name]; ok {
			continue
		}
		z.callAll(name, reflect.ValueOf(p.Funcs[name]))
	}
	for _, name := range sortedKeys(p.Types) {
		rt := p.Types[name]
		if rt.Kind() == reflect.Interface {
			continue
		}
		z.methods(reflect.Zero(rt))
		z.methods(reflect.Zero(reflect.PointerTo(rt)))
		z.methods(reflect.New(rt))
	}
	for _, r := range c.Receivers {
		z.methods(reflect.ValueOf(r))
	}
	return z.calls
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

type zeroCaller struct {
	t     *testing.T
	ctx   context.Context
	skip  map[string]string
	calls int
}

// methods calls every exported method of v.
func (z *zeroCaller) methods(v reflect.Value) {
	vt := v.Type()
	for i := range vt.NumMethod() {
		m := vt.Method(i)
		name := vt.String() + "." + m.Name
		if z.skipped(vt, m.Name) {
			continue
		}
		z.callAll(name, v.Method(i))
	}
}

func (z *zeroCaller) skipped(vt reflect.Type, method string) bool {
	for k := range z.skip {
		if strings.HasSuffix(vt.String()+"."+method, strings.TrimPrefix(k, "*")) &&
			(strings.HasPrefix(k, "*") == (vt.Kind() == reflect.Pointer) || !strings.HasPrefix(k, "*")) && strings.Contains(k, ".") {
			return true
		}
	}
	return false
}

// callAll calls fn with each set of arguments.
func (z *zeroCaller) callAll(name string, fn reflect.Value) {
	for set := range 3 {
		z.call(name, fn, set)
	}
}

func (z *zeroCaller) call(name string, fn reflect.Value, set int) {
	ft := fn.Type()
	n := ft.NumIn()
	var args []reflect.Value
	for i := range n {
		pt := ft.In(i)
		if ft.IsVariadic() && i == n-1 {
			if set == 2 {
				args = append(args, reflect.Zero(pt.Elem()))
			}
			break
		}
		args = append(args, z.arg(pt, set))
	}
	z.calls++
	label := fmt.Sprintf("%s (argument set %d)", name, set)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				z.t.Errorf("%s panics: %v\n%s", label, r, trimStack(debug.Stack()))
			}
		}()
		out := fn.Call(args)
		for _, r := range out {
			z.use(label, r)
		}
	}()
	timer := time.NewTimer(hangLimit)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		z.t.Errorf("%s has not returned after %v", label, hangLimit)
	}
}

// trimStack keeps the frames below the panic.
func trimStack(s []byte) string {
	lines := strings.Split(string(s), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") && i+2 < len(lines) {
			lines = lines[i+2:]
			break
		}
	}
	if len(lines) > 16 {
		lines = lines[:16]
	}
	return strings.Join(lines, "\n")
}

var (
	ctxType     = reflect.TypeFor[context.Context]()
	stateType   = reflect.TypeFor[fmt.State]()
	writerType  = reflect.TypeFor[http.ResponseWriter]()
	requestType = reflect.TypeFor[*http.Request]()
	tbType      = reflect.TypeFor[testing.TB]()
	tType       = reflect.TypeFor[*testing.T]()
	readerType  = reflect.TypeFor[io.Reader]()
)

// arg is the argument of type pt in a set.
func (z *zeroCaller) arg(pt reflect.Type, set int) reflect.Value {
	switch pt {
	case ctxType:
		if set == 0 {
			return reflect.Zero(pt)
		}
		return reflect.ValueOf(z.ctx)
	case stateType:
		// fmt never passes a nil State, nor net/http a nil writer or
		// request, nor the testing package a nil T.
		return reflect.ValueOf(&fmtState{})
	case writerType:
		return reflect.ValueOf(httptest.NewRecorder())
	case requestType:
		return reflect.ValueOf(validLookingRequest())
	case tbType, tType:
		return reflect.ValueOf(z.t)
	case readerType:
		if set == 0 {
			return reflect.Zero(pt)
		}
		return reflect.ValueOf(strings.NewReader("{}"))
	}
	if set < 2 {
		return reflect.Zero(pt)
	}
	switch pt.Kind() {
	case reflect.String:
		return reflect.ValueOf("1").Convert(pt)
	case reflect.Pointer:
		if pt.Elem().Kind() == reflect.Struct {
			return reflect.New(pt.Elem())
		}
	}
	return reflect.Zero(pt)
}

// use exercises a result: ranges over an iterator, serves a request with a
// handler, reads an error, closes what can be closed.
func (z *zeroCaller) use(label string, r reflect.Value) {
	if !r.IsValid() {
		return
	}
	switch r.Kind() {
	case reflect.Func, reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice:
		if r.IsNil() {
			return
		}
	}
	if r.Kind() == reflect.Func && isIterator(r.Type()) {
		n := 0
		yt := r.Type().In(0)
		yield := reflect.MakeFunc(yt, func([]reflect.Value) []reflect.Value {
			n++
			return []reflect.Value{reflect.ValueOf(n < 1000)}
		})
		r.Call([]reflect.Value{yield})
		return
	}
	if !r.CanInterface() {
		return
	}
	x := r.Interface()
	if e, ok := x.(error); ok {
		_ = e.Error()
	}
	if h, ok := x.(http.Handler); ok {
		h.ServeHTTP(httptest.NewRecorder(), validLookingRequest())
	}
	switch c := x.(type) {
	case interface{ Close() }:
		c.Close()
	case interface{ Close() error }:
		_ = c.Close()
	}
}

// isIterator reports func(yield func(...) bool).
func isIterator(ft reflect.Type) bool {
	if ft.NumIn() != 1 || ft.NumOut() != 0 {
		return false
	}
	y := ft.In(0)
	return y.Kind() == reflect.Func && y.NumOut() == 1 && y.Out(0).Kind() == reflect.Bool
}

// validLookingRequest is a JSON POST such as a webhook sender makes.
func validLookingRequest() *http.Request {
	r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1/webhook",
		strings.NewReader(`{"id":"evt_1","event":"case.updated","event_type":"prior_authorization.status_change","data":{}}`))
	r.Header.Set("Content-Type", "application/json")
	return r
}

// fmtState is a fmt.State writing nowhere.
type fmtState struct{}

func (*fmtState) Write(b []byte) (int, error) { return len(b), nil }
func (*fmtState) Width() (int, bool)          { return 0, false }
func (*fmtState) Precision() (int, bool)      { return 0, false }
func (*fmtState) Flag(int) bool               { return false }
