package httpx

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// An outage: 1,000 concurrent reads against an upstream that always
// answers 503. Without a budget that is 4,000 requests; with the default
// one, at most 1,000 first attempts plus 500/5 = 100 retries, and every
// call that was refused a retry says so.
func TestRetryBudgetBoundsAnOutage(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	f := faultserver.Status(503, `{"error":"down"}`)
	srv.Always(&f)
	c := newFaultClient(t, srv, nil)
	const calls = 1000
	var exhausted, typed atomic.Int32
	var wg sync.WaitGroup
	for range calls {
		wg.Go(func() {
			req := kinds[1].req
			_, err := c.Do(context.Background(), &req)
			if errors.Is(err, ErrRetryBudgetExhausted) {
				exhausted.Add(1)
			}
			var be *apierr.Base
			if errors.As(err, &be) && be.HTTPStatus == 503 {
				typed.Add(1)
			}
		})
	}
	wg.Wait()
	total := srv.Count()
	t.Logf("%d calls: %d requests, %d refused a retry", calls, total, exhausted.Load())
	assert.LessOrEqual(t, total, calls+DefaultRetryBudget/RetryCost)
	assert.GreaterOrEqual(t, total, calls+DefaultRetryBudget/RetryCost-1, "the budget is spent, not wasted")
	assert.Equal(t, int32(calls), typed.Load(), "every call still reports the upstream's 503")
	assert.GreaterOrEqual(t, int(exhausted.Load()), calls-DefaultRetryBudget/RetryCost)
	assert.Equal(t, 0, c.budget.Available())
}

func TestRetryBudgetIsEarnedBack(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	c := newFaultClient(t, srv, func(o *Options) {
		o.Retry = rxbridge.RetryPolicy(RetryPolicy{MaxRetries: 3, WaitMin: 1, WaitMax: 1, Budget: 10})
	})
	req := kinds[0].req
	do := func() error { r := req; _, err := c.Do(context.Background(), &r); return err }

	// A blip retried and recovered: the tokens come back.
	srv.Enqueue(faultserver.Status(503, ""))
	require.NoError(t, do())
	assert.Equal(t, 10, c.budget.Available())

	// An outage: two retries spend the budget, the third is refused.
	f := faultserver.Status(503, "")
	srv.Always(&f)
	before := srv.Count()
	err := do()
	require.ErrorIs(t, err, ErrRetryBudgetExhausted)
	assert.Contains(t, err.Error(), "(not retried: retry budget exhausted)")
	assert.Equal(t, before+3, srv.Count(), "the first attempt and two retries")
	assert.Equal(t, 0, c.budget.Available())
	before = srv.Count()
	require.ErrorIs(t, do(), ErrRetryBudgetExhausted)
	assert.Equal(t, before+1, srv.Count(), "no retry while the budget is empty")

	// Recovery: each answered call earns one token back; a 404 counts, as
	// the upstream answered as meant.
	srv.Reset()
	require.NoError(t, do())
	srv.Enqueue(faultserver.Status(404, ""))
	err = do()
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrRetryBudgetExhausted)
	assert.Equal(t, 2, c.budget.Available())
}

func TestRetryBudgetCostsMoreAfterTransportFailures(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	c := newFaultClient(t, srv, func(o *Options) {
		o.Retry = rxbridge.RetryPolicy(RetryPolicy{MaxRetries: 3, WaitMin: 1, WaitMax: 1, Budget: 25})
	})
	srv.Enqueue(faultserver.Fault{Kind: faultserver.ResetAfterRead}, faultserver.Fault{Kind: faultserver.ResetAfterRead},
		faultserver.Fault{Kind: faultserver.ResetAfterRead})
	req := kinds[0].req
	_, err := c.Do(context.Background(), &req)
	require.ErrorIs(t, err, ErrTransport)
	require.ErrorIs(t, err, ErrRetryBudgetExhausted)
	assert.Equal(t, 3, srv.Count(), "two retries at 10 tokens; the third would need 10 of the 5 left")
	assert.Equal(t, 5, c.budget.Available())
}

func TestRetryBudgetDisabledAndNonIdempotent(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	c := newFaultClient(t, srv, func(o *Options) {
		o.Retry = rxbridge.RetryPolicy(RetryPolicy{MaxRetries: 3, WaitMin: 1, WaitMax: 1, Budget: -1})
	})
	f := faultserver.Status(503, "")
	srv.Always(&f)
	for range 50 {
		req := kinds[0].req
		_, err := c.Do(context.Background(), &req)
		require.Error(t, err)
		require.NotErrorIs(t, err, ErrRetryBudgetExhausted)
	}
	assert.Equal(t, 200, srv.Count(), "no budget: every call makes its 4 attempts")
	assert.Nil(t, c.budget)

	// A non-idempotent call is retried on 429 only, and that retry is paid
	// for; when refused, the 429 is reported as it is (the upstream did
	// not act), not as outcome unknown.
	srv2 := faultserver.New(nil)
	t.Cleanup(srv2.Close)
	c2 := newFaultClient(t, srv2, func(o *Options) {
		o.Retry = rxbridge.RetryPolicy(RetryPolicy{MaxRetries: 3, WaitMin: 1, WaitMax: 1, Budget: 5})
	})
	f2 := faultserver.Status(http.StatusTooManyRequests, "")
	srv2.Always(&f2)
	req := kinds[2].req
	_, err := c2.Do(context.Background(), &req)
	require.ErrorIs(t, err, ErrRetryBudgetExhausted)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, 2, srv2.Count())
}

func TestRetryBudgetOption(t *testing.T) {
	var o Options
	o.Retry = rxbridge.RetryPolicy(RetryPolicy{Budget: 7})
	c, err := New(Config{Provider: "test", DefaultBaseURL: "https://example.test/"}, o)
	require.NoError(t, err)
	assert.Equal(t, 7, c.budget.Available())
	shared := NewRetryBudget(rxbridge.RetryPolicy{})
	c2, err := New(Config{Provider: "test", DefaultBaseURL: "https://example.test/", Budget: shared}, o)
	require.NoError(t, err)
	assert.Same(t, shared, c2.budget, "a provider's clients can share one budget")
	assert.Equal(t, DefaultRetryBudget, shared.Available())
	var nilBudget *RetryBudget
	assert.Equal(t, -1, nilBudget.Available())
}
