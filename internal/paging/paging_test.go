package paging

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

func pages(n, per int) Fetch[int] {
	return func(ctx context.Context, cursor string) (Page[int], error) {
		i := 0
		if cursor != "" {
			_, _ = fmt.Sscanf(cursor, "p%d", &i)
		}
		p := Page[int]{}
		for j := range per {
			p.Items = append(p.Items, i*per+j)
		}
		if i+1 < n {
			p.Next = fmt.Sprintf("p%d", i+1)
		}
		return p, nil
	}
}

func TestAllPages(t *testing.T) {
	var got []int
	for v, err := range All(context.Background(), "", pages(3, 2)) {
		require.NoError(t, err)
		got = append(got, v)
	}
	assert.Equal(t, []int{0, 1, 2, 3, 4, 5}, got)
}

func TestStopsEarlyWithoutFetchingMore(t *testing.T) {
	calls := 0
	f := pages(100, 10)
	counting := func(ctx context.Context, c string) (Page[int], error) { calls++; return f(ctx, c) }
	for v := range All(context.Background(), "", counting) {
		if v == 12 {
			break
		}
	}
	assert.Equal(t, 2, calls)
}

func TestErrorOnALaterPageIsYielded(t *testing.T) {
	boom := errors.New("page 2 failed")
	f := pages(5, 2)
	failing := func(ctx context.Context, c string) (Page[int], error) {
		if c == "p2" {
			return Page[int]{}, boom
		}
		return f(ctx, c)
	}
	var items []int
	var errs []error
	for v, err := range All(context.Background(), "", failing) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, v)
	}
	assert.Equal(t, []int{0, 1, 2, 3}, items)
	require.Len(t, errs, 1, "the error ends the iteration")
	assert.ErrorIs(t, errs[0], boom)
}

func TestCursorLoops(t *testing.T) {
	for name, next := range map[string]func(string) string{
		"same cursor": func(c string) string { return c },
		"cycle":       func(c string) string { return map[string]string{"": "a", "a": "b", "b": "a"}[c] },
	} {
		t.Run(name, func(t *testing.T) {
			calls := 0
			f := func(ctx context.Context, c string) (Page[int], error) {
				calls++
				n := next(c)
				if n == "" {
					n = "a"
				}
				return Page[int]{Items: []int{calls}, Next: n}, nil
			}
			var last error
			for _, err := range All(context.Background(), "", f) {
				last = err
			}
			require.ErrorIs(t, last, rxbridge.ErrPageLoop)
			assert.Less(t, calls, 5)
		})
	}
}

func TestCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	for _, err := range All(ctx, "", pages(100, 1)) {
		if err != nil {
			require.ErrorIs(t, err, context.Canceled)
			break
		}
		n++
		if n == 3 {
			cancel()
		}
	}
	assert.Equal(t, 3, n)
}
