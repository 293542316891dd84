package rxbridge

import (
	"context"
	"errors"
	"time"
)

// Store is the shared state of several instances of a service: MHV
// sessions and their creation locks, OAuth tokens, pending logins, refresh
// locks and webhook de-duplication all go through it, so that instances
// behind a load balancer behave as one. The in-process default is
// NewMemoryStore; package redisstore is the shared implementation.
//
// Every value has a lifetime: nothing is stored forever. Implementations
// must be safe for concurrent use and must honour these semantics, which
// callers rely on:
//
//   - Get returns the value stored under key and ok=true, or ok=false with
//     a nil error when there is none (never set, deleted, or its lifetime
//     ended). A miss is a result, not an error.
//   - Set stores value under key for ttl, replacing any value and lifetime.
//   - SetNX stores value under key for ttl only if key holds no value
//     (absent or expired), and reports whether it did. Of several callers
//     racing on one key, across every instance sharing the store, exactly
//     one sees true: it is the lock and lease primitive.
//   - CompareAndDelete deletes key only if it holds exactly old (byte for
//     byte), atomically, and reports whether it did. It releases a lock or
//     lease only if it is still the caller's, and drops a credential only
//     if no newer one replaced it.
//   - A value is visible until its lifetime ends and never after. A
//     lifetime is at least the ttl given (a shared store may round it up to
//     its clock's resolution: 1ms for Redis).
//   - Values are returned as stored: an implementation copies them in and
//     out, so callers may reuse or modify their slices. A nil or empty
//     value is stored as an empty value (Get returns a non-nil empty slice).
//   - ttl must be positive and key valid (see StoreKey.Validate);
//     otherwise the call fails with an error matching ErrStoreInvalid and
//     changes nothing.
//   - When ctx is done before the operation completes, the call returns an
//     error matching ctx.Err(); whether a write took effect is then unknown.
//   - Any other failure (unreachable, timed out, a value this instance
//     cannot read) is an error matching ErrStoreUnavailable, never a miss
//     and never a false "not set": callers decide what an unavailable store
//     means for them (degrade, or fail closed), they are never left unaware.
//
// There is no Delete and no compare-and-swap: every SDK deletion is
// conditional (a lock, a lease, a rejected credential), and every state
// change that must be exclusive is taken with SetNX first.
type Store interface {
	// Get returns the value under key; ok is false when there is none.
	Get(ctx context.Context, key StoreKey) (value []byte, ok bool, err error)
	// Set stores value under key for ttl, replacing any previous value.
	Set(ctx context.Context, key StoreKey, value []byte, ttl time.Duration) error
	// SetNX stores value under key for ttl if key holds no value, and
	// reports whether it did.
	SetNX(ctx context.Context, key StoreKey, value []byte, ttl time.Duration) (bool, error)
	// CompareAndDelete deletes key if its value is exactly old, and reports
	// whether it did.
	CompareAndDelete(ctx context.Context, key StoreKey, old []byte) (bool, error)
}

// StoreKey names a value in a Store. Namespace is a fixed name chosen by
// the SDK for one kind of value ("mhv.session", "webhook.carevalidate"),
// never data. ID is the identifier the value belongs to (a correlation id,
// a patient id, an OAuth state, an event id); it may identify a person, so
// a shared store never writes it in clear: package redisstore names keys
// with a keyed hash of it.
type StoreKey struct {
	Namespace string
	ID        string
}

// maxNamespace bounds a namespace's length: it is a name, not data.
const maxNamespace = 64

// Validate reports whether k is usable: its Namespace is 1 to 64
// characters among a-z, A-Z, 0-9, '.', '_', '-' and '/'. Any ID is valid,
// including "" (one value per namespace). The error matches ErrStoreInvalid
// and never contains the ID.
func (k StoreKey) Validate() error {
	if k.Namespace == "" || len(k.Namespace) > maxNamespace {
		return errStoreNamespace
	}
	for i := 0; i < len(k.Namespace); i++ {
		switch c := k.Namespace[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '.', c == '_', c == '-', c == '/':
		default:
			return errStoreNamespace
		}
	}
	return nil
}

// ValidateStoreWrite checks the arguments of a Store write (Set, SetNX):
// a valid key and a positive ttl. Store implementations call it (or
// StoreKey.Validate for Get and CompareAndDelete) first, so that they all
// reject the same calls with the same errors.
func ValidateStoreWrite(key StoreKey, ttl time.Duration) error {
	if err := key.Validate(); err != nil {
		return err
	}
	if ttl <= 0 {
		return errStoreTTL
	}
	return nil
}

var (
	// ErrStoreUnavailable matches every Store failure other than a done
	// context or an invalid call: the store is unreachable, timed out,
	// refused the command, or holds a value this instance cannot read.
	ErrStoreUnavailable = errors.New("rxbridge: store unavailable")
	// ErrStoreInvalid matches a Store call with an invalid key or a
	// lifetime that is not positive: a programming error, not an outage.
	ErrStoreInvalid = errors.New("rxbridge: invalid store call")

	errStoreNamespace = &storeInvalidError{"namespace must be 1-64 characters among [A-Za-z0-9._/-]"}
	errStoreTTL       = &storeInvalidError{"ttl must be positive"}
)

// storeInvalidError is an ErrStoreInvalid with its reason.
type storeInvalidError struct{ reason string }

func (e *storeInvalidError) Error() string        { return ErrStoreInvalid.Error() + ": " + e.reason }
func (e *storeInvalidError) Is(target error) bool { return target == ErrStoreInvalid }

// StoreError is a failed Store operation. It matches ErrStoreUnavailable
// and unwraps to its cause (a network error, a Redis error reply, a
// decryption failure). Its message names the operation and the cause,
// never a key, an identifier or a value.
type StoreError struct {
	// Op is the Store method: "get", "set", "setnx" or "compare-and-delete".
	Op string
	// Err is the cause.
	Err error
}

// Error implements error.
func (e *StoreError) Error() string {
	if e == nil {
		return ErrStoreUnavailable.Error()
	}
	if e.Err == nil {
		return ErrStoreUnavailable.Error() + ": " + e.Op
	}
	return ErrStoreUnavailable.Error() + ": " + e.Op + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *StoreError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// Is reports whether target is ErrStoreUnavailable.
func (e *StoreError) Is(target error) bool { return target == ErrStoreUnavailable }
