package carevalidatetest

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them (a
// server, a webhook delivery, a credential fetch or a keep-alive
// connection left running).
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
