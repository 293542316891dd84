package develophealthtest_test

import (
	"testing"

	"github.com/rxbridge/rxbridge-go/internal/apitest"
)

var apiPackage = apitest.Package{Dir: ".", Types: apiTypes, Funcs: apiFuncs}

// TestAPIRegistryComplete keeps api_gen_test.go in step with the package.
func TestAPIRegistryComplete(t *testing.T) { apitest.Complete(t, apiPackage) }

// TestAPIRedaction prints every exported type filled with canaries.
func TestAPIRedaction(t *testing.T) {
	rep := apitest.Redaction(t, apiPackage, apitest.Classes{
		Secret: []string{},
		Record: []string{},
	})
	t.Logf("%+v", rep)
}

// TestAPIZeroValues calls every exported function and method with zero
// values (see apitest.ZeroValues): none panics, a nil ctx is an error.
func TestAPIZeroValues(t *testing.T) {
	rep := apitest.ZeroValues(t, apiPackage, apitest.ZeroCalls{Allow: map[string]string{
		"*Server": fakeZero,
	}})
	t.Logf("%d calls; allowed panics (%d): %v", rep.Calls, len(rep.Allowed), rep.Allowed)
}

// fakeZero is why a fake Server's methods are allowed to panic on a nil or
// zero-value Server: a fake exists only as NewServer returns it; a Server
// built otherwise has no listener, no state and no lock, and a test that
// makes one fails at once on its own line. Its value methods, and those
// promoted from the embedded *httptest.Server, panic in Go's wrappers or
// in net/http before any code of the fake runs.
const fakeZero = "a fake Server exists only as NewServer returns it"
