package carevalidate_test

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
		Secret: []string{"Client", "Receiver", "WebhookSecrets"},
		Record: []string{"CreateCaseRequest"},
	})
	t.Logf("%+v", rep)
}

// TestAPIZeroValues calls every exported function and method with zero
// values (see apitest.ZeroValues): none panics, a nil ctx is an error.
func TestAPIZeroValues(t *testing.T) {
	rep := apitest.ZeroValues(t, apiPackage, apitest.ZeroCalls{})
	t.Logf("%d calls; allowed panics (%d): %v", rep.Calls, len(rep.Allowed), rep.Allowed)
}
