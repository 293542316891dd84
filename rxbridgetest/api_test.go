package rxbridgetest_test

import (
	"testing"

	"github.com/rxbridge/rxbridge-go/internal/apitest"
)

var apiPackage = apitest.Package{Dir: ".", Types: apiTypes, Funcs: apiFuncs}

// TestAPIRegistryComplete keeps api_gen_test.go in step with the package.
func TestAPIRegistryComplete(t *testing.T) { apitest.Complete(t, apiPackage) }

// TestAPIRedaction prints every exported type filled with canaries. The
// fault vocabulary holds no credential: what it records is the test's own
// traffic.
func TestAPIRedaction(t *testing.T) {
	rep := apitest.Redaction(t, apiPackage, apitest.Classes{})
	t.Logf("%+v", rep)
}

// TestAPIZeroValues calls every exported function and method with zero
// values (see apitest.ZeroValues): none panics, a nil ctx is an error.
func TestAPIZeroValues(t *testing.T) {
	rep := apitest.ZeroValues(t, apiPackage, apitest.ZeroCalls{Allow: map[string]string{
		"*Injector": nilInjector,
		"ResetConn": resetConn,
	}})
	t.Logf("%d calls; allowed panics (%d): %v", rep.Calls, len(rep.Allowed), rep.Allowed)
}

// nilInjector: an Injector is used as NewInjector returns it (or embedded
// in a fake); a nil *Injector has no queue to serve from.
const nilInjector = "a nil *Injector has no queue"

// resetConn: ResetConn panics with http.ErrAbortHandler on purpose when the
// connection cannot be hijacked (HTTP/2, a recorder): it is net/http's own
// way to abort a handler, which the server recovers and turns into a reset.
const resetConn = "ResetConn aborts the handler with http.ErrAbortHandler by design"
