package credcache

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/rxbridge/rxbridge-go/internal/telemetry"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestThousandGoroutinesOneFetch(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	c := New(Config[string]{Fetch: func(ctx context.Context, key string) (string, time.Time, error) {
		calls.Add(1)
		<-release
		return "tok-" + key, time.Now().Add(time.Hour), nil
	}})
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	for range 1000 {
		wg.Go(func() {
			v, err := c.Get(context.Background(), "app")
			if err == nil && v != "tok-app" {
				err = fmt.Errorf("got %q", v)
			}
			if err != nil {
				errs <- err
			}
		})
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	assert.Equal(t, int32(1), calls.Load())
	assert.Equal(t, int64(1), c.Fetches())
}

func TestCredentialsAreBoundToTheirKey(t *testing.T) {
	c := New(Config[string]{Fetch: func(ctx context.Context, key string) (string, time.Time, error) {
		return "session-of-" + key, time.Now().Add(time.Hour), nil
	}})
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Go(func() {
			key := fmt.Sprintf("vet-%d", i%10)
			v, err := c.Get(context.Background(), key)
			assert.NoError(t, err)
			assert.Equal(t, "session-of-"+key, v)
		})
	}
	wg.Wait()
	assert.Equal(t, int64(10), c.Fetches(), "one fetch per veteran")
}

func TestEarlyRefreshAndDefaultTTL(t *testing.T) {
	clk := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	n := 0
	var exp time.Time
	c := New(Config[string]{Now: clk.Now, Early: 20 * time.Second, DefaultTTL: time.Minute,
		Fetch: func(ctx context.Context, key string) (string, time.Time, error) {
			n++
			return fmt.Sprint("t", n), exp, nil
		}})
	exp = clk.Now().Add(10 * time.Minute)
	v, _ := c.Get(context.Background(), "k")
	assert.Equal(t, "t1", v)
	clk.Add(9*time.Minute + 39*time.Second)
	v, _ = c.Get(context.Background(), "k")
	assert.Equal(t, "t1", v, "21s left: still good")
	clk.Add(2 * time.Second)
	exp = time.Time{} // the next fetch gives no expiry
	v, _ = c.Get(context.Background(), "k")
	assert.Equal(t, "t2", v, "19s left: refreshed 20s early")
	clk.Add(59 * time.Second)
	v, _ = c.Get(context.Background(), "k")
	assert.Equal(t, "t3", v, "no expiry means DefaultTTL (1m), refreshed within half its life, never forever")

	// A short-lived credential (30s) is refreshed at half its life, not
	// immediately because Early (20s) would leave only 10s of use.
	exp = clk.Now().Add(30 * time.Second)
	c.Invalidate("k", "t3")
	v, _ = c.Get(context.Background(), "k")
	assert.Equal(t, "t4", v)
	clk.Add(14 * time.Second)
	v, _ = c.Get(context.Background(), "k")
	assert.Equal(t, "t4", v)

	// Already expired on arrival (clock skew): used for DefaultTTL.
	exp = clk.Now().Add(-time.Hour)
	c.Invalidate("k", "t4")
	v, _ = c.Get(context.Background(), "k")
	assert.Equal(t, "t5", v)
	v, _ = c.Get(context.Background(), "k")
	assert.Equal(t, "t5", v, "not refetched on every call")
}

func TestWaiterCanLeaveWithoutCancellingTheFetch(t *testing.T) {
	release := make(chan struct{})
	var fetchCtxErr atomic.Value
	c := New(Config[string]{Fetch: func(ctx context.Context, key string) (string, time.Time, error) {
		<-release
		fetchCtxErr.Store(fmt.Sprint(ctx.Err()))
		return "tok", time.Now().Add(time.Hour), nil
	}})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	// The fetch cannot end before Get returns (release is closed after):
	// Get returning proves the caller left without waiting for it. The
	// minute is only a guard.
	done := make(chan error, 1)
	go func() {
		_, err := c.Get(ctx, "k")
		done <- err
	}()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.DeadlineExceeded)
	case <-time.After(time.Minute):
		close(release)
		<-done
		t.Fatal("Get waited for the fetch, past its deadline")
	}
	close(release)
	v, err := c.Get(context.Background(), "k")
	require.NoError(t, err)
	assert.Equal(t, "tok", v)
	assert.Equal(t, "<nil>", fetchCtxErr.Load(), "the fetch's own context was not cancelled by the caller")
	assert.Equal(t, int64(1), c.Fetches())
}

func TestFetchTimeout(t *testing.T) {
	c := New(Config[string]{FetchTimeout: 20 * time.Millisecond, Fetch: func(ctx context.Context, key string) (string, time.Time, error) {
		<-ctx.Done()
		return "", time.Time{}, ctx.Err()
	}})
	_, err := c.Get(context.Background(), "k")
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestErrorsAreSharedThenRetried(t *testing.T) {
	boom := errors.New("token endpoint down")
	var calls atomic.Int32
	release := make(chan struct{})
	// The fetch records its waiters (links to their spans), so the test
	// knows when every caller has joined it: only then does the first
	// fetch fail. (A fetch failing after a fixed sleep could fail before a
	// caller slowed down by a busy machine joined; that caller would start
	// the next fetch.)
	rec, err := telemetry.New(sdktrace.NewTracerProvider(), nil, "test")
	require.NoError(t, err)
	callers := sdktrace.NewTracerProvider().Tracer("callers")
	c := New(Config[string]{Telemetry: rec, Provider: "cvsspecialty", Kind: telemetry.CredentialToken,
		Fetch: func(ctx context.Context, key string) (string, time.Time, error) {
			if calls.Add(1) == 1 {
				<-release
				return "", time.Time{}, boom
			}
			return "ok", time.Time{}, nil
		}})
	const waiters = 50
	var wg sync.WaitGroup
	for range waiters {
		ctx, span := callers.Start(context.Background(), "call")
		wg.Go(func() {
			defer span.End()
			_, err := c.Get(ctx, "k")
			assert.ErrorIs(t, err, boom)
		})
	}
	require.Eventually(t, func() bool { return c.Fetches() == 1 && waitingLinks(c) == waiters }, time.Minute, time.Millisecond)
	close(release)
	wg.Wait()
	v, err := c.Get(context.Background(), "k")
	require.NoError(t, err)
	assert.Equal(t, "ok", v)
	assert.Equal(t, int32(2), calls.Load())

	empty := New(Config[string]{Fetch: func(ctx context.Context, key string) (string, time.Time, error) { return "", time.Time{}, nil }})
	_, err = empty.Get(context.Background(), "k")
	require.ErrorIs(t, err, ErrNoCredential)
}

func TestInvalidateOnlyTheStaleCredential(t *testing.T) {
	n := 0
	c := New(Config[string]{Fetch: func(ctx context.Context, key string) (string, time.Time, error) {
		n++
		return fmt.Sprint("t", n), time.Now().Add(time.Hour), nil
	}})
	v1, _ := c.Get(context.Background(), "k")
	c.Invalidate("k", v1)
	v2, _ := c.Get(context.Background(), "k")
	assert.Equal(t, "t2", v2)
	c.Invalidate("k", v1) // a late 401 for the old token
	v, _ := c.Get(context.Background(), "k")
	assert.Equal(t, "t2", v, "the newer credential survives")
	_, ok := c.Peek("k")
	assert.True(t, ok)
}

func TestExpiredCredentialsAreSwept(t *testing.T) {
	clk := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c := New(Config[string]{Now: clk.Now, Fetch: func(ctx context.Context, key string) (string, time.Time, error) {
		return "v-" + key, clk.Now().Add(time.Minute), nil
	}})
	for i := range sweepEvery {
		_, err := c.Get(context.Background(), fmt.Sprint("a", i))
		require.NoError(t, err)
	}
	assert.Equal(t, sweepEvery, c.Len(), "nothing expired yet")
	clk.Add(2 * time.Minute)
	for i := range sweepEvery {
		_, err := c.Get(context.Background(), fmt.Sprint("b", i))
		require.NoError(t, err)
	}
	assert.Equal(t, sweepEvery, c.Len(), "the expired keys of the first round are gone")
	v, err := c.Get(context.Background(), "a1")
	require.NoError(t, err)
	assert.Equal(t, "v-a1", v, "a swept key is fetched again when asked")
}

func TestFetchKeepsTheCallersValuesNotItsCancellation(t *testing.T) {
	// The caller's values (a trace id, logger attributes) reach the fetch
	// it started, so the fetch's logs and spans correlate; its
	// cancellation, its deadline and its HTTP tracing do not.
	type traceKey struct{}
	started := make(chan context.Context, 1)
	release := make(chan struct{})
	c := New(Config[string]{FetchTimeout: time.Hour, Fetch: func(ctx context.Context, key string) (string, time.Time, error) {
		started <- ctx
		<-release
		return "tok", time.Now().Add(time.Hour), nil
	}})
	var traced atomic.Int32
	ctx := context.WithValue(context.Background(), traceKey{}, "trace-1")
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GetConn: func(string) { traced.Add(1) }})
	ctx, cancel := context.WithDeadline(ctx, time.Now().Add(24*time.Hour))
	errc := make(chan error, 1)
	go func() {
		_, err := c.Get(ctx, "k")
		errc <- err
	}()
	fctx := <-started
	assert.Equal(t, "trace-1", fctx.Value(traceKey{}), "the caller's value reached the fetch")
	assert.Nil(t, httptrace.ContextClientTrace(fctx), "the caller's HTTP tracing does not see the fetch")
	dl, ok := fctx.Deadline()
	require.True(t, ok)
	assert.WithinDuration(t, time.Now().Add(time.Hour), dl, time.Minute, "FetchTimeout bounds the fetch, not the caller's deadline")

	cancel()
	require.ErrorIs(t, <-errc, context.Canceled)
	assert.NoError(t, fctx.Err(), "cancelling the caller does not cancel the shared fetch")
	other := make(chan string, 1)
	go func() {
		v, _ := c.Get(context.Background(), "k")
		other <- v
	}()
	close(release)
	assert.Equal(t, "tok", <-other, "another waiter gets the fetch's credential")
	assert.Equal(t, int64(1), c.Fetches())
	assert.Zero(t, traced.Load())
}
