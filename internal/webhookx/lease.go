package webhookx

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// Lease de-duplication defaults.
const (
	// DefaultLease is how long a delivery holds an event while its handler
	// runs. If its instance dies, the event is processed again after this.
	DefaultLease = 60 * time.Second
	// DefaultDoneTTL is how long a processed event is remembered.
	DefaultDoneTTL = 24 * time.Hour
	// leaseStoreTimeout bounds the release or completion write, which runs
	// detached from the request (it must happen even if the request ended).
	leaseStoreTimeout = 5 * time.Second
	// leaseClaims bounds the claim attempts of one delivery (a lease can
	// end between a failed claim and the read that follows).
	leaseClaims = 3
)

var (
	// ErrInProgress: another delivery of the same event holds its lease.
	// The delivery is answered 503 so the sender retries: the retry is
	// acknowledged once the holder completes, or processed if the holder
	// failed or died.
	ErrInProgress = errors.New("event is being processed by another delivery")
	// ErrDedupUnavailable: the de-duplication store failed. De-duplication
	// fails closed: the delivery is answered 503 and the sender retries.
	ErrDedupUnavailable = errors.New("de-duplication store unavailable")
)

// doneMarker is the value of a processed event; a lease's value is
// "lease:" and a random token, so only its holder releases it.
var doneMarker = []byte("done")

// Leases configures lease-based de-duplication on a shared rxbridge.Store,
// so that instances sharing the store process each event once between
// them, and never lose one:
//
//   - a delivery claims its event with a lease (SetNX, Lease long) before
//     the handler runs; a delivery that finds a lease answers 503
//     (ErrInProgress), never 2xx: if the holder fails, the sender's retry
//     is still owed processing;
//   - when the handler returns nil, the lease becomes a done marker (Set,
//     DoneTTL long), and deliveries that find it are acknowledged without
//     calling the handler;
//   - when the handler fails, the lease is released (CompareAndDelete with
//     the holder's token, so a lease another delivery took since is left
//     alone) and the sender's retry is processed;
//   - when the holder's instance dies mid-handler, nothing is released:
//     the lease ends after Lease and the next retry is processed;
//   - when the store fails, the delivery fails (ErrDedupUnavailable, 503):
//     the handler does not run unclaimed, and a processed event whose done
//     marker could not be written is answered 503 too (the retry is
//     processed again after the lease: at least once, never lost).
//
// Lease should exceed the handler's longest run: a handler still running
// when its lease ends may run concurrently with a retry's.
type Leases struct {
	// Store is shared by the instances (rxbridge.NewMemoryStore when nil:
	// de-duplication within one process).
	Store rxbridge.Store
	// Namespace names the provider's events in the store, for example
	// "webhook.carevalidate". Required.
	Namespace string
	// Lease is how long a delivery holds an event (DefaultLease when 0).
	Lease time.Duration
	// DoneTTL is how long a processed event is remembered (DefaultDoneTTL
	// when 0).
	DoneTTL time.Duration
}

// LeaseDedup wraps next so that each event id is processed once across
// every instance sharing l.Store (see Leases). Events whose id is "" are
// always processed. It fails only on an invalid configuration.
func LeaseDedup[E any](l Leases, id func(E) string, next func(context.Context, E) error) (func(context.Context, E) error, error) {
	if l.Store == nil {
		l.Store = rxbridge.NewMemoryStore()
	}
	if l.Lease <= 0 {
		l.Lease = DefaultLease
	}
	if l.DoneTTL <= 0 {
		l.DoneTTL = DefaultDoneTTL
	}
	if err := (rxbridge.StoreKey{Namespace: l.Namespace}).Validate(); err != nil {
		return nil, err
	}
	return func(ctx context.Context, e E) error {
		eventID := id(e)
		if eventID == "" {
			return next(ctx, e)
		}
		key := rxbridge.StoreKey{Namespace: l.Namespace, ID: eventID}
		lease := []byte("lease:" + rand.Text())
		if err := l.claim(ctx, key, lease); err != nil {
			if errors.Is(err, errDone) {
				noteDuplicate(ctx)
				return nil // processed: acknowledge the duplicate
			}
			return err
		}

		herr := next(ctx, e)
		// Detached: the release or the done marker must be written even if
		// the request ended meanwhile.
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), leaseStoreTimeout)
		defer cancel()
		if herr != nil {
			if _, err := l.Store.CompareAndDelete(wctx, key, lease); err != nil {
				// The lease ends by itself; the retry is processed then.
				return errors.Join(herr, dedupFailure(wctx, err))
			}
			return herr
		}
		if err := l.Store.Set(wctx, key, doneMarker, l.DoneTTL); err != nil {
			return dedupFailure(wctx, err)
		}
		return nil
	}, nil
}

// errDone reports that the event was processed already.
var errDone = errors.New("event processed")

// claim takes the lease on key, or returns errDone, ErrInProgress or the
// store's failure.
func (l *Leases) claim(ctx context.Context, key rxbridge.StoreKey, lease []byte) error {
	for range leaseClaims {
		won, err := l.Store.SetNX(ctx, key, lease, l.Lease)
		if err != nil {
			return dedupFailure(ctx, err)
		}
		if won {
			return nil
		}
		v, ok, err := l.Store.Get(ctx, key)
		if err != nil {
			return dedupFailure(ctx, err)
		}
		if ok {
			if bytes.Equal(v, doneMarker) {
				return errDone
			}
			return ErrInProgress
		}
		// The holder's lease ended or was released in between: claim again.
	}
	return ErrInProgress
}

// dedupFailure is a store failure: the context's error when it ended,
// otherwise ErrDedupUnavailable (503, see retryLater) wrapping the cause.
func dedupFailure(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil && errors.Is(err, cerr) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrDedupUnavailable, err)
}

// retryLater reports a de-duplication outcome that asks the sender to
// retry (503): the event or token is held by another delivery, or the
// store failed.
func retryLater(err error) bool {
	return errors.Is(err, ErrInProgress) || errors.Is(err, ErrDedupUnavailable)
}

// ErrUsed: a one-time token (see Leases.ClaimUse) was already used by an
// acknowledged delivery.
var ErrUsed = errors.New("token already used")

// ClaimUse claims the one-time use of id (a token's hash) until the time
// it stops being acceptable, the way LeaseDedup claims an event: a lease
// (Lease long, or until `until` if that comes first) while the delivery
// is processed, which done turns into a used marker lasting until `until`
// when the delivery is acknowledged, and releases otherwise. A delivery
// whose instance died leaves the lease, which ends after Lease: a resend
// carrying the same token is accepted then.
//
// It returns ErrUsed when id was used, an error matching ErrInProgress
// (503) while another delivery holds it, and one matching
// ErrDedupUnavailable (503) when the store failed. done reports a store
// failure the same way: the caller must not acknowledge the delivery then.
func (l Leases) ClaimUse(ctx context.Context, id string, until time.Time, now time.Time) (done func(ctx context.Context, used bool) error, err error) {
	if l.Store == nil {
		return nil, errors.New("ClaimUse: nil store")
	}
	if l.Lease <= 0 {
		l.Lease = DefaultLease
	}
	if err := (rxbridge.StoreKey{Namespace: l.Namespace}).Validate(); err != nil {
		return nil, err
	}
	remember := until.Sub(now)
	if until.IsZero() || remember <= 0 {
		remember = l.DoneTTL
		if remember <= 0 {
			remember = DefaultDoneTTL
		}
	}
	l.Lease = min(l.Lease, remember)
	l.DoneTTL = remember
	key := rxbridge.StoreKey{Namespace: l.Namespace, ID: id}
	lease := []byte("lease:" + rand.Text())
	if err := l.claim(ctx, key, lease); err != nil {
		if errors.Is(err, errDone) {
			return nil, ErrUsed
		}
		return nil, err
	}
	return func(ctx context.Context, used bool) error {
		// Detached: the outcome must be recorded even if the request ended.
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), leaseStoreTimeout)
		defer cancel()
		if used {
			if err := l.Store.Set(wctx, key, doneMarker, l.DoneTTL); err != nil {
				return dedupFailure(wctx, err)
			}
			return nil
		}
		if _, err := l.Store.CompareAndDelete(wctx, key, lease); err != nil {
			// The lease ends by itself; the resend is accepted then.
			return dedupFailure(wctx, err)
		}
		return nil
	}, nil
}
