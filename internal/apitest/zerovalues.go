package apitest

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// ZeroCalls configures ZeroValues.
type ZeroCalls struct {
	// Receivers are values made by the package's constructors (a client
	// wired to a transport that fails every request, a fake), whose
	// exported methods are called with zero and nil arguments too. Nothing
	// may reach the network: give clients a transport that fails (see
	// OfflineClient).
	Receivers []any
	// Allow names calls that may still panic, each with the reason: a
	// method ("*Server.Close": on a nil or zero *Server; "Server.Count": on
	// a zero Server value), every method of a receiver ("*Server"), or a
	// function ("NewServer"). An entry that matches no panic fails the test,
	// so the list only shrinks.
	Allow map[string]string
}

// ZeroReport is what ZeroValues did.
type ZeroReport struct {
	// Calls is the number of calls made (each function or method once per
	// argument set).
	Calls int
	// Allowed lists the calls that panicked and were allowed, by name.
	Allowed []string
}

// CallTimeout bounds one call of ZeroValues: a call with zero values has
// nothing to wait for (no server, no base URL, a nil or cancelled ctx), so
// one that has not returned by then hangs, and is reported by name rather
// than stalling the suite. It detects a hang; it never decides the outcome
// of a call that returns.
const CallTimeout = 30 * time.Second

// ZeroValues calls every exported function of p, and every exported method
// of every exported non-interface type on a zero value T{}, a pointer to a
// zero value &T{}, a nil *T (and on c.Receivers), each with three sets of
// arguments: all zero (a nil ctx, nil pointers, nil slices and maps, "",
// nil funcs, no variadic arguments); the same with a live ctx; and a live
// ctx, "1" for strings, pointers to zero structs and one zero variadic
// argument (a nil Option). What the calls return is used too: iterators
// are ranged over, handlers serve a valid-looking JSON POST, errors are
// printed, and anything with a Close method is closed.
//
// The rules it enforces:
//
//   - no call panics (unless c.Allow lists it), and every call returns
//     within CallTimeout;
//   - a function or method that takes a ctx and returns an error returns
//     an error when its ctx is nil (it never substitutes
//     context.Background());
//   - nothing reaches http.DefaultTransport: a zero-value client has no
//     base URL and must fail before it would dial.
//
// On a nil *T, only the methods declared on *T in the package's source are
// called. A value method (declared on T) or a method promoted from an
// embedded field, reached through a nil *T, panics in the wrapper Go
// generates for the pointer's method set, before any code of the method
// runs: no guard in the method can prevent it, and the caller who holds a
// nil *T and calls such a method has dereferenced nil himself.
// Decoder methods (UnmarshalJSON, Scan, ...) are not called on a nil
// pointer: their callers never do.
//
// Arguments that their callers never pass as nil are not nil: fmt.State,
// http.ResponseWriter, *http.Request (net/http), testing.TB and *testing.T
// (the testing package) get live values.
func ZeroValues(t *testing.T, p Package, c ZeroCalls) ZeroReport {
	t.Helper()
	declared, err := pointerMethods(p.Dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	// Catch any request a zero-value client would send through the
	// default transport. No other test of the package runs meanwhile
	// (ZeroValues is called from a sequential test).
	sent := &offlineRecorder{}
	saved := http.DefaultTransport
	http.DefaultTransport = sent
	z := &zeroCaller{t: t, ctx: ctx, allow: c.Allow, used: map[string]bool{}}
	defer func() {
		http.DefaultTransport = saved
		// A call that hung may still return: what it would report is
		// dropped (its hang has been reported).
		z.mu.Lock()
		z.closed = true
		z.mu.Unlock()
	}()

	for _, name := range sortedKeys(p.Funcs) {
		fn := reflect.ValueOf(p.Funcs[name])
		z.callAll(name, name, func() reflect.Value { return fn })
	}
	for _, name := range sortedKeys(p.Types) {
		rt := p.Types[name]
		if rt.Kind() == reflect.Interface {
			continue
		}
		z.methods(func() reflect.Value { return reflect.Zero(rt) }, nil)
		z.methods(func() reflect.Value { return reflect.Zero(reflect.PointerTo(rt)) }, declared[baseName(name)])
		z.methods(func() reflect.Value { return reflect.New(rt) }, nil)
	}
	for _, r := range c.Receivers {
		v := reflect.ValueOf(r)
		z.methods(func() reflect.Value { return v }, nil)
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	for _, k := range sortedKeys(c.Allow) {
		if !z.used[k] {
			t.Errorf("allow-list entry %q matched no panic: remove it", k)
		}
	}
	if n := sent.count(); n > 0 {
		t.Errorf("%d request(s) reached http.DefaultTransport (first: %s): a zero-value client must fail before sending", n, sent.first())
	}
	slices.Sort(z.allowed)
	return ZeroReport{Calls: z.calls, Allowed: z.allowed}
}

// pointerMethods lists, by receiver type name, the exported methods
// declared on pointer receivers in the package in dir.
func pointerMethods(dir string) (map[string]map[string]bool, error) {
	bp, err := build.Default.ImportDir(dir, 0)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, dir+"/"+name, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || !fd.Name.IsExported() {
				continue
			}
			star, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			x := star.X
			switch e := x.(type) {
			case *ast.IndexExpr:
				x = e.X
			case *ast.IndexListExpr:
				x = e.X
			}
			id, ok := x.(*ast.Ident)
			if !ok {
				continue
			}
			if out[id.Name] == nil {
				out[id.Name] = map[string]bool{}
			}
			out[id.Name][fd.Name.Name] = true
		}
	}
	return out, nil
}

// baseName strips a generic type's arguments ("Page[...]" → "Page").
func baseName(name string) string {
	if i := strings.IndexByte(name, '['); i >= 0 {
		return name[:i]
	}
	return name
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
	allow map[string]string

	mu      sync.Mutex
	closed  bool
	calls   int
	used    map[string]bool
	allowed []string
}

// methods calls every exported method of the receivers recv makes; on a
// nil pointer, only those in declared (see ZeroValues). Each method gets a
// fresh receiver from recv (a zero value that a panicking call left
// locked cannot hang the next one); once a call on a shared receiver (one
// of ZeroCalls.Receivers) has hung, its other methods are not called.
func (z *zeroCaller) methods(recv func() reflect.Value, declared map[string]bool) {
	v := recv()
	vt := v.Type()
	nilPtr := vt.Kind() == reflect.Pointer && v.IsNil()
	name := typeLabel(vt)
	for i := range vt.NumMethod() {
		m := vt.Method(i)
		if nilPtr && (!declared[m.Name] || slices.Contains(decoders, m.Name)) {
			continue
		}
		label := name + "." + m.Name
		if nilPtr {
			label = "(nil)" + label
		}
		if !z.callAll(label, name+"."+m.Name, func() reflect.Value { return recv().Method(i) }) {
			z.errorf("%s: the other methods of this receiver were not called", label)
			return
		}
	}
}

// typeLabel is "*Server" or "Server": the type's name without its package
// (generic arguments are kept).
func typeLabel(t reflect.Type) string {
	star := ""
	if t.Kind() == reflect.Pointer {
		star, t = "*", t.Elem()
	}
	return star + t.Name()
}

// allowedBy returns the allow-list entry covering key ("*Server.Close"),
// or "".
func (z *zeroCaller) allowedBy(key string) string {
	if _, ok := z.allow[key]; ok {
		return key
	}
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		if _, ok := z.allow[key[:i]]; ok {
			return key[:i]
		}
	}
	return ""
}

// callAll calls the function fn makes with each set of arguments. It
// reports false when a call has hung.
func (z *zeroCaller) callAll(label, key string, fn func() reflect.Value) bool {
	for set := range 3 {
		if !z.call(label, key, fn(), set) {
			return false
		}
	}
	return true
}

func (z *zeroCaller) call(label, key string, fn reflect.Value, set int) bool {
	ft := fn.Type()
	n := ft.NumIn()
	var args []reflect.Value
	nilCtx := false
	for i := range n {
		pt := ft.In(i)
		if ft.IsVariadic() && i == n-1 {
			if set == 2 {
				args = append(args, reflect.Zero(pt.Elem()))
			}
			break
		}
		a := z.arg(pt, set)
		if pt == ctxType && a.IsNil() {
			nilCtx = true
		}
		args = append(args, a)
	}
	z.mu.Lock()
	z.calls++
	z.mu.Unlock()
	label = fmt.Sprintf("%s (argument set %d)", label, set)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				if k := z.allowedBy(key); k != "" {
					z.mu.Lock()
					if !slices.Contains(z.allowed, key) {
						z.allowed = append(z.allowed, key)
					}
					z.used[k] = true
					z.mu.Unlock()
					return
				}
				z.errorf("%s panics: %v\n%s", label, r, trimStack(debug.Stack()))
			}
		}()
		out := fn.Call(args)
		if nilCtx && ft.NumOut() > 0 && ft.Out(ft.NumOut()-1) == errorType && out[len(out)-1].IsNil() {
			z.errorf("%s: a nil ctx returned no error", label)
		}
		for _, r := range out {
			z.use(r)
		}
	}()
	timer := time.NewTimer(CallTimeout)
	defer timer.Stop()
	select {
	case <-done:
		return true
	case <-timer.C:
		z.errorf("%s has not returned after %v", label, CallTimeout)
		return false
	}
}

// errorf fails the test, unless ZeroValues has returned.
func (z *zeroCaller) errorf(format string, args ...any) {
	z.mu.Lock()
	defer z.mu.Unlock()
	if !z.closed {
		z.t.Errorf(format, args...)
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
	errorType   = reflect.TypeFor[error]()
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
// handler, prints an error, closes what can be closed.
func (z *zeroCaller) use(r reflect.Value) {
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

// offline is a transport whose every request fails before it is sent:
// nothing reaches the network.
type offline struct{}

func (offline) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
	return nil, errOffline
}

var errOffline = errors.New("apitest: the network is off")

// offlineRecorder replaces http.DefaultTransport during ZeroValues: it
// fails every request and records where it was going.
type offlineRecorder struct {
	mu   sync.Mutex
	urls []string
}

func (o *offlineRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	o.mu.Lock()
	o.urls = append(o.urls, r.Method+" "+r.URL.Redacted())
	o.mu.Unlock()
	return offline{}.RoundTrip(r)
}

func (o *offlineRecorder) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.urls)
}

func (o *offlineRecorder) first() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.urls) == 0 {
		return ""
	}
	return o.urls[0]
}

// decoders are the methods only decoders call, always on a non-nil
// pointer (encoding/json, encoding/gob, database/sql).
var decoders = []string{"UnmarshalJSON", "UnmarshalText", "UnmarshalBinary", "GobDecode", "Scan"}
