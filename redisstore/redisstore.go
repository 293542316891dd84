// Package redisstore is the Redis implementation of rxbridge.Store: the
// state several instances of a service share (MHV sessions and their
// creation locks, OAuth tokens, pending logins, refresh locks, webhook
// de-duplication).
//
//	client := redis.NewClient(&redis.Options{Addr: "redis:6379"})
//	store, err := redisstore.New(client, redisstore.Keys{
//		Hash:       hashKey,       // 32+ random bytes, stable
//		Encryption: encryptionKey, // 32 random bytes (AES-256)
//	})
//
// What Redis holds:
//
//   - Key names are Prefix + Namespace + ":" + base64url(HMAC-SHA256(hash
//     key, Namespace, ID)), for example
//     "rxbridge:mhv.session:3q2-7wYhN0…". The identifier a value belongs to
//     (a correlation id, a patient id, an OAuth state, an event id) never
//     appears in clear, and cannot be recovered or guessed from the name
//     without the hash key.
//   - Every value is encrypted with AES-256-GCM under the encryption key,
//     with a random nonce and the key name as associated data (a value
//     moved to another key does not decrypt). All values are encrypted,
//     not only credentials: the SDK's values are small, and the store need
//     not know which ones are secret. A stored value is
//     version (1 byte) | tag (16) | nonce (12) | ciphertext | GCM tag (16).
//   - The tag is an HMAC of the key name and the plaintext under a key
//     derived from the hash key. Random nonces make ciphertexts differ for
//     equal values, so CompareAndDelete compares tags inside Redis, in one
//     Lua script: the caller hands the plaintext it expects, the store
//     computes its tag, and the script deletes the key only if the stored
//     tag is the same. The tag reveals only whether a key's value equals an
//     earlier value of the same key.
//
// Operations: Get is GET; Set is SET PX; SetNX is SET NX PX (atomic);
// CompareAndDelete is the Lua script (atomic). Lifetimes are rounded up to
// whole milliseconds. Each operation touches one key, so a Redis Cluster
// client works as well as a single server's.
//
// Keys: the hash key names keys, so changing it starts from an empty store
// (every session and token is created again, de-duplication markers are
// forgotten): keep it stable. The encryption key rotates without loss:
//
//  1. deploy every instance with Keys{Encryption: old, PreviousEncryption: new}:
//     all instances can read values written under either key, and still
//     write with the old one;
//  2. deploy every instance with Keys{Encryption: new, PreviousEncryption: old}:
//     new writes use the new key, values written earlier remain readable;
//  3. once the longest lifetime has passed (24 hours: webhook
//     de-duplication markers), deploy with Keys{Encryption: new}.
//
// Reads try the encryption key first, then the previous one. A value
// neither key opens is an error matching rxbridge.ErrStoreUnavailable
// (with ErrUndecryptable as its cause), never a miss.
//
// Failures (connection refused, timeouts, Redis error replies) are errors
// matching rxbridge.ErrStoreUnavailable, wrapping go-redis's error; a done
// context returns an error matching ctx.Err(). Nothing is swallowed.
package redisstore

import (
	"context"
	"crypto/cipher"
	"errors"
	"math"
	"time"

	"github.com/redis/go-redis/v9"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/hmacpool"
)

// DefaultPrefix starts every key name unless WithPrefix sets another.
const DefaultPrefix = "rxbridge:"

// Store is an rxbridge.Store on Redis. It is safe for concurrent use.
type Store struct {
	client redis.UniversalClient
	prefix string
	names  *hmacpool.Key // HMAC key for key names
	tags   *hmacpool.Key // HMAC key for value tags
	aeads  []cipher.AEAD // [0] writes and reads first; [1], if any, reads
	cad    *redis.Script
}

var _ rxbridge.Store = (*Store)(nil)

// Option configures a Store.
type Option func(*Store)

// WithPrefix sets the prefix of every key name (DefaultPrefix by default),
// to share one Redis database between applications or environments.
func WithPrefix(prefix string) Option {
	return func(s *Store) { s.prefix = prefix }
}

// compareAndDelete deletes KEYS[1] if its value starts with ARGV[1] (the
// version byte and the tag of the expected plaintext).
const compareAndDelete = `
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, string.len(ARGV[1])) == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0
`

// New returns a Store on client. It does not touch the network. keys.Hash
// and keys.Encryption are required (see Keys). The caller keeps ownership
// of client (Store never closes it).
func New(client redis.UniversalClient, keys Keys, opts ...Option) (*Store, error) {
	if client == nil {
		return nil, errors.New("redisstore: a Redis client is required")
	}
	names, tags, aeads, err := keys.derive()
	if err != nil {
		return nil, err
	}
	s := &Store{
		client: client,
		prefix: DefaultPrefix,
		names:  names,
		tags:   tags,
		aeads:  aeads,
		cad:    redis.NewScript(compareAndDelete),
	}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// errNoStore is returned by a Store not made by New (a nil or zero
// value: it has no client and no keys).
var errNoStore = errors.Join(rxbridge.ErrInvalidInput, errors.New("redisstore: the Store was not made by New"))

// check refuses a nil ctx (an error, never context.Background()), a Store
// not made by New, and a ctx that is done.
func (s *Store) check(ctx context.Context) error {
	if ctx == nil {
		return errors.Join(rxbridge.ErrInvalidInput, errors.New("redisstore: nil context.Context"))
	}
	if s == nil || s.client == nil || len(s.aeads) == 0 {
		return errNoStore
	}
	return ctx.Err()
}

// Get implements rxbridge.Store.
func (s *Store) Get(ctx context.Context, key rxbridge.StoreKey) ([]byte, bool, error) {
	if err := s.check(ctx); err != nil {
		return nil, false, err
	}
	if err := key.Validate(); err != nil {
		return nil, false, err
	}
	name := s.name(key)
	stored, err := s.client.Get(ctx, name).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, s.fail(ctx, "get", err)
	}
	v, err := s.open(name, stored)
	if err != nil {
		return nil, false, &rxbridge.StoreError{Op: "get", Err: err}
	}
	return v, true, nil
}

// Set implements rxbridge.Store.
func (s *Store) Set(ctx context.Context, key rxbridge.StoreKey, value []byte, ttl time.Duration) error {
	if err := s.check(ctx); err != nil {
		return err
	}
	if err := rxbridge.ValidateStoreWrite(key, ttl); err != nil {
		return err
	}
	name := s.name(key)
	sealed, err := s.seal(name, value)
	if err != nil {
		return &rxbridge.StoreError{Op: "set", Err: err}
	}
	if err := s.client.Set(ctx, name, sealed, px(ttl)).Err(); err != nil {
		return s.fail(ctx, "set", err)
	}
	return nil
}

// SetNX implements rxbridge.Store.
func (s *Store) SetNX(ctx context.Context, key rxbridge.StoreKey, value []byte, ttl time.Duration) (bool, error) {
	if err := s.check(ctx); err != nil {
		return false, err
	}
	if err := rxbridge.ValidateStoreWrite(key, ttl); err != nil {
		return false, err
	}
	name := s.name(key)
	sealed, err := s.seal(name, value)
	if err != nil {
		return false, &rxbridge.StoreError{Op: "setnx", Err: err}
	}
	ok, err := s.client.SetNX(ctx, name, sealed, px(ttl)).Result()
	if err != nil {
		return false, s.fail(ctx, "setnx", err)
	}
	return ok, nil
}

// CompareAndDelete implements rxbridge.Store.
func (s *Store) CompareAndDelete(ctx context.Context, key rxbridge.StoreKey, old []byte) (bool, error) {
	if err := s.check(ctx); err != nil {
		return false, err
	}
	if err := key.Validate(); err != nil {
		return false, err
	}
	name := s.name(key)
	n, err := s.cad.Run(ctx, s.client, []string{name}, s.header(name, old)).Int64()
	if err != nil {
		return false, s.fail(ctx, "compare-and-delete", err)
	}
	return n == 1, nil
}

// fail turns a go-redis error into the caller's context error, when the
// context ended, or a StoreError.
func (s *Store) fail(ctx context.Context, op string, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	return &rxbridge.StoreError{Op: op, Err: err}
}

// px rounds ttl up to whole milliseconds, Redis's resolution, so that a
// lifetime is never shorter than asked.
func px(ttl time.Duration) time.Duration {
	if ttl > math.MaxInt64-time.Millisecond {
		return ttl.Truncate(time.Millisecond)
	}
	return (ttl + time.Millisecond - 1).Truncate(time.Millisecond)
}
