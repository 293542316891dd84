// Package paging turns a "fetch one page" function into an iter.Seq2 over
// every item of every page, with the guards each provider needs: it stops
// at the first error (yielding it), stops when a cursor repeats instead of
// looping forever (go-github #3976; it yields rxbridge.ErrPageLoop, which
// the provider prefixes with its name and operation), and fetches the next page only when
// the caller has consumed the current one, so memory stays flat.
package paging

import (
	"context"
	"iter"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// Page is one page's items and the cursor of the next page ("" at the end).
type Page[T any] struct {
	Items []T
	Next  string
}

// Fetch returns the page at cursor ("" for the first page).
type Fetch[T any] func(ctx context.Context, cursor string) (Page[T], error)

// All iterates over the items of every page, starting at cursor first.
// An error ends the iteration after being yielded with a zero item.
func All[T any](ctx context.Context, first string, fetch Fetch[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		seen := map[string]struct{}{}
		cursor := first
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			if cursor != "" {
				if _, dup := seen[cursor]; dup {
					yield(zero, rxbridge.ErrPageLoop)
					return
				}
				seen[cursor] = struct{}{}
			}
			page, err := fetch(ctx, cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range page.Items {
				if !yield(it, nil) {
					return
				}
			}
			if page.Next == "" || page.Next == cursor {
				if page.Next != "" {
					yield(zero, rxbridge.ErrPageLoop)
				}
				return
			}
			cursor = page.Next
		}
	}
}
