package rxbridge_test

import (
	"errors"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	rxbridge "github.com/rxbridge/rxbridge-go"
	ac "github.com/rxbridge/rxbridge-go/allcarefhir"
	cv "github.com/rxbridge/rxbridge-go/carevalidate"
	dh "github.com/rxbridge/rxbridge-go/develophealth"
)

// providers are the five provider packages, each with its fake.
var providers = []string{"cvsspecialty", "mhv", "develophealth", "carevalidate", "allcarefhir"}

// TestFakesShareOneShape checks what every fake offers alike (the
// README's "one dialect for the five fakes"): NewServer(opts ...Option)
// *Server; srv.NewClient(opts ...rxbridge.Option) returning the provider's
// *Client; srv.Faults, an *rxbridgetest.Injector; srv.Close();
// srv.LoseAnswers(n) and srv.Unavailable(n); and that a fault helper
// several fakes have (RevokeCredentials, ...) has one signature.
func TestFakesShareOneShape(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every package's export data")
	}
	imp, _ := publicPackages(t)
	want := map[string]string{
		"Close":             "func()",
		"LoseAnswers":       "func(int)",
		"Unavailable":       "func(int)",
		"RevokeCredentials": "func()",
	}
	for _, p := range providers {
		path := modulePath + "/" + p + "/" + p + "test"
		pkg, err := imp.Import(path)
		if err != nil {
			t.Fatalf("import %s: %v", path, err)
		}
		q := types.RelativeTo(pkg)
		newServer, ok := pkg.Scope().Lookup("NewServer").(*types.Func)
		if !ok || sigString(newServer.Type(), q) != "func(...Option) *Server" {
			t.Errorf("%s.NewServer is %v, want func(opts ...Option) *Server", p+"test", newServer)
			continue
		}
		srv := pkg.Scope().Lookup("Server").Type()
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(srv), false, pkg, "NewClient")
		wantNC := "func(..." + modulePath + ".Option) (*" + modulePath + "/" + p + ".Client, error)"
		if obj == nil || sigString(obj.Type(), nil) != wantNC {
			t.Errorf("%stest.Server.NewClient is %v, want %s", p, obj, wantNC)
		}
		obj, _, _ = types.LookupFieldOrMethod(srv, false, pkg, "Faults")
		if v, ok := obj.(*types.Var); !ok || !v.IsField() || types.TypeString(v.Type(), nil) != "*"+modulePath+"/rxbridgetest.Injector" {
			t.Errorf("%stest.Server.Faults is %v, want a field *rxbridgetest.Injector", p, obj)
		}
		for name, sig := range want {
			obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(srv), false, pkg, name)
			if obj == nil {
				if name != "RevokeCredentials" { // only fakes that issue credentials have it
					t.Errorf("%stest.Server has no %s", p, name)
				}
				continue
			}
			if got := sigString(obj.Type(), q); got != sig {
				t.Errorf("%stest.Server.%s is %s, want %s", p, name, got, sig)
			}
		}
	}
}

// fakeSignatureExceptions are the methods several fakes' Servers have
// with different signatures, and why the name still has one meaning.
var fakeSignatureExceptions = map[string]string{
	// Where and how to deliver webhooks: each takes its provider's
	// settings (CareValidate's header, secrets, payload options; Develop
	// Health's URL and token secret).
	"SetWebhook": "each provider's webhook settings",
}

// TestFakeHelpersHaveOneSignature checks that a method name the fakes'
// Servers share has one signature everywhere (types of the fake's own
// package, such as Delivery, and of its provider, such as *Client, are
// compared by name), so that it does the same thing in every fake:
// WaitForDeliveries, Advance, Deliveries...
func TestFakeHelpersHaveOneSignature(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every package's export data")
	}
	imp, _ := publicPackages(t)
	sigs := map[string]map[string][]string{} // name -> signature -> fakes
	for _, p := range providers {
		path := modulePath + "/" + p + "/" + p + "test"
		pkg, err := imp.Import(path)
		if err != nil {
			t.Fatalf("import %s: %v", path, err)
		}
		q := func(other *types.Package) string {
			switch other.Path() {
			case path:
				return ""
			case modulePath + "/" + p:
				return "provider"
			}
			return other.Path()
		}
		ms := types.NewMethodSet(types.NewPointer(pkg.Scope().Lookup("Server").Type()))
		for i := range ms.Len() {
			obj := ms.At(i).Obj()
			if !obj.Exported() {
				continue
			}
			if sigs[obj.Name()] == nil {
				sigs[obj.Name()] = map[string][]string{}
			}
			sig := sigString(obj.Type(), q)
			sigs[obj.Name()][sig] = append(sigs[obj.Name()][sig], p+"test")
		}
	}
	for name, bySig := range sigs {
		if _, ok := fakeSignatureExceptions[name]; len(bySig) > 1 && !ok {
			t.Errorf("Server.%s has several signatures: %v", name, bySig)
		}
	}
}

// TestWebhookReceiversShareOneShape checks that CareValidate's and Develop
// Health's receivers are built, configured and used alike: NewReceiver(
// credentials, Handler, ...Option) (*Receiver, error); a Handler
// func(context.Context, *Event) error; Event.Type() and Event.ID(); the
// same receiver options and methods; and the same webhook sentinels, by
// value.
func TestWebhookReceiversShareOneShape(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every package's export data")
	}
	imp, _ := publicPackages(t)
	for _, p := range []string{"carevalidate", "develophealth"} {
		pkg, err := imp.Import(modulePath + "/" + p)
		if err != nil {
			t.Fatal(err)
		}
		q := types.RelativeTo(pkg)
		fn := func(name string) string {
			if f, ok := pkg.Scope().Lookup(name).(*types.Func); ok {
				return sigString(f.Type(), q)
			}
			return "missing"
		}
		if got := fn("NewReceiver"); !strings.HasSuffix(got, ", Handler, ...Option) (*Receiver, error)") {
			t.Errorf("%s.NewReceiver is %s", p, got)
		}
		for name, want := range map[string]string{
			"WithWebhookDeduplication": "func(bool) Option",
			"WithWebhookLease":         "func(time.Duration) Option",
			"WithWebhookMaxBodyBytes":  "func(int64) Option",
			"WithWebhookReadTimeout":   "func(time.Duration) Option",
			"ParseEvent":               "func([]byte) (*Event, error)",
		} {
			if got := fn(name); got != want {
				t.Errorf("%s.%s is %s, want %s", p, name, got, want)
			}
		}
		if h := pkg.Scope().Lookup("Handler"); h == nil || sigString(h.Type().Underlying(), q) != "func(context.Context, *Event) error" {
			t.Errorf("%s.Handler is %v, want func(ctx context.Context, ev *Event) error", p, h)
		}
		method := func(typ, name string) string {
			obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(pkg.Scope().Lookup(typ).Type()), false, pkg, name)
			if obj == nil {
				return "missing"
			}
			return sigString(obj.Type(), q)
		}
		for _, m := range [][3]string{
			{"Event", "Type", "func() EventType"},
			{"Event", "ID", "func() string"},
			{"Receiver", "ServeHTTP", "func(net/http.ResponseWriter, *net/http.Request)"},
			{"Receiver", "VerifyAndParse", "func(context.Context, net/http.Header, []byte) (*Event, error)"},
			{"Receiver", "MaxBodyBytes", "func() int64"},
			{"Receiver", "ReadTimeout", "func() time.Duration"},
		} {
			if got := method(m[0], m[1]); got != m[2] {
				t.Errorf("%s.%s.%s is %s, want %s", p, m[0], m[1], got, m[2])
			}
		}
	}
	for name, pair := range map[string][2]error{
		"ErrWebhookUnauthorized":     {cv.ErrWebhookUnauthorized, dh.ErrWebhookUnauthorized},
		"ErrWebhookMalformed":        {cv.ErrWebhookMalformed, dh.ErrWebhookMalformed},
		"ErrWebhookTooLarge":         {cv.ErrWebhookTooLarge, dh.ErrWebhookTooLarge},
		"ErrWebhookInProgress":       {cv.ErrWebhookInProgress, dh.ErrWebhookInProgress},
		"ErrWebhookStoreUnavailable": {cv.ErrWebhookStoreUnavailable, dh.ErrWebhookStoreUnavailable},
	} {
		if pair[0] == nil || !errors.Is(pair[0], pair[1]) || !errors.Is(pair[1], pair[0]) {
			t.Errorf("carevalidate.%s and develophealth.%s are different errors", name, name)
		}
	}
}

// sigString prints a function type without its parameter and result
// names, so that renaming a parameter does not change the shape.
func sigString(t types.Type, q types.Qualifier) string {
	sig, ok := t.(*types.Signature)
	if !ok {
		return types.TypeString(t, q)
	}
	unnamed := func(tu *types.Tuple) *types.Tuple {
		vars := make([]*types.Var, tu.Len())
		for i := range vars {
			vars[i] = types.NewParam(token.NoPos, nil, "", tu.At(i).Type())
		}
		return types.NewTuple(vars...)
	}
	return types.TypeString(types.NewSignatureType(nil, nil, nil, unnamed(sig.Params()), unnamed(sig.Results()), sig.Variadic()), q)
}

// TestPageLoopHasOneName checks that an upstream whose paging loops has
// one name in the SDK, rxbridge.ErrPageLoop, re-exported by value by the
// packages whose iterators page (carevalidate.Cases, allcarefhir's
// searches), and no other name (carevalidate called it ErrCursorLoop).
func TestPageLoopHasOneName(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every package's export data")
	}
	imp, public := publicPackages(t)
	has := map[string]bool{}
	for _, path := range public {
		pkg, err := imp.Import(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range pkg.Scope().Names() {
			if strings.HasPrefix(name, "Err") && strings.Contains(name, "Loop") {
				has[strings.TrimPrefix(strings.TrimPrefix(path, modulePath), "/")+"."+name] = true
			}
		}
	}
	want := map[string]bool{".ErrPageLoop": true, "carevalidate.ErrPageLoop": true, "allcarefhir.ErrPageLoop": true}
	assert.Equal(t, want, has)
	assert.Equal(t, rxbridge.ErrPageLoop, cv.ErrPageLoop, "by value")
	assert.Equal(t, rxbridge.ErrPageLoop, ac.ErrPageLoop, "by value")
}
