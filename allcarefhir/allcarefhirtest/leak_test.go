package allcarefhirtest

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them (a
// server, a detached token refresh, a JWKS fetch or a keep-alive
// connection left running).
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
