package redistest

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestStartStopRestart(t *testing.T) {
	s := Start(t)
	c := s.Client()
	ctx := context.Background()
	require.NoError(t, c.Set(ctx, "k", "v", 0).Err())
	require.Equal(t, "v", c.Get(ctx, "k").Val())

	s.Stop()
	require.Error(t, c.Ping(ctx).Err(), "server still answers after Stop")
	s.Stop() // idempotent

	s.Restart()
	require.NoError(t, c.Ping(ctx).Err(), "same address after Restart")
	require.Zero(t, c.Exists(ctx, "k").Val(), "a restarted server is empty")
}

func TestTwoServersAreIndependent(t *testing.T) {
	a, b := Start(t), Start(t)
	require.NotEqual(t, a.Addr(), b.Addr())
	ctx := context.Background()
	require.NoError(t, a.Client().Set(ctx, "k", "a", 0).Err())
	require.Zero(t, b.Client().Exists(ctx, "k").Val())
}

// recorder records a Skipf or Fatalf and ends the goroutine, as testing.T
// does.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper() {}

func (r *recorder) Skipf(format string, args ...any) {
	r.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func startWithout(t *testing.T, ci string) *recorder {
	t.Setenv("PATH", t.TempDir()) // no redis-server there
	t.Setenv("CI", ci)
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Start(r)
	}()
	<-done
	return r
}

// TestMissingServerSkipsOnALaptop: without redis-server, the test is
// skipped with a message saying how to install it.
func TestMissingServerSkipsOnALaptop(t *testing.T) {
	r := startWithout(t, "")
	require.Empty(t, r.failed)
	require.Contains(t, r.skipped, "redis-server not found")
	require.Contains(t, r.skipped, "apt-get install redis-server")
}

// TestMissingServerFailsInCI: CI must run the Redis tests, never skip.
func TestMissingServerFailsInCI(t *testing.T) {
	r := startWithout(t, "true")
	require.Empty(t, r.skipped)
	require.Contains(t, r.failed, "CI=true")
	require.Contains(t, r.failed, "apt-get install redis-server")
}
