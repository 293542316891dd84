package httpx

import (
	"sync"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// ErrRetryBudgetExhausted is rxbridge.ErrRetryBudgetExhausted.
var ErrRetryBudgetExhausted = rxbridge.ErrRetryBudgetExhausted

// Costs of the retry budget, in tokens (the AWS SDKs' "standard" retry
// quota): a retry after a response (429, 5xx) costs RetryCost, one after a
// transport failure (reset, timeout) TransportRetryCost. A call that ends
// with an answer the upstream meant (2xx, or a 4xx other than 429) returns
// the tokens it took, or SuccessRefund when it took none.
const (
	DefaultRetryBudget = 500
	RetryCost          = 5
	TransportRetryCost = 10
	SuccessRefund      = 1
)

// RetryBudget is a token bucket shared by every call of a client. It lets
// occasional failures be retried freely and stops retries when most calls
// fail (an outage), so that a fleet of callers does not multiply the load
// on a struggling upstream. A nil *RetryBudget is unlimited.
type RetryBudget struct {
	mu       sync.Mutex
	capacity int
	tokens   int
}

// NewRetryBudget returns the budget p asks for: p.Budget tokens (the
// default when zero), or nil (no budget) when p.Budget is negative.
func NewRetryBudget(p rxbridge.RetryPolicy) *RetryBudget {
	n := p.Budget
	if n < 0 {
		return nil
	}
	if n == 0 {
		n = DefaultRetryBudget
	}
	return &RetryBudget{capacity: n, tokens: n}
}

// Available returns the tokens left.
func (b *RetryBudget) Available() int {
	if b == nil {
		return -1
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.tokens
}

// take spends n tokens if there are that many.
func (b *RetryBudget) take(n int) bool {
	if b == nil {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tokens < n {
		return false
	}
	b.tokens -= n
	return true
}

// give returns n tokens, up to the capacity.
func (b *RetryBudget) give(n int) {
	if b == nil || n <= 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tokens = min(b.capacity, b.tokens+n)
}
