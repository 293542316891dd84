// Package hmacpool keeps HMACs already keyed, for the checks and names
// computed on every request with the same key (webhook signatures, the
// Redis store's key names and value tags): hmac.New hashes the key's two
// pads and allocates on every call, where a pooled HMAC is Reset to them.
package hmacpool

import (
	"crypto/hmac"
	"fmt"
	"hash"
	"sync"

	"github.com/rxbridge/rxbridge-go/internal/redact"
)

// Key is an HMAC key for one hash function, with a pool of HMACs keyed
// with it. It is safe for concurrent use, and prints as its name alone.
type Key struct {
	hash func() hash.Hash
	key  []byte
	pool sync.Pool
}

// New returns the key for hash (a copy of key is kept).
func New(hash func() hash.Hash, key []byte) *Key {
	return &Key{hash: hash, key: append([]byte(nil), key...)}
}

// Get returns an HMAC keyed with k and reset; give it back with Put.
func (k *Key) Get() hash.Hash {
	if m, ok := k.pool.Get().(hash.Hash); ok {
		m.Reset()
		return m
	}
	return hmac.New(k.hash, k.key)
}

// Put gives back an HMAC Get returned.
func (k *Key) Put(m hash.Hash) { k.pool.Put(m) }

// Sum appends to dst the HMAC of data under k.
func (k *Key) Sum(dst, data []byte) []byte {
	m := k.Get()
	m.Write(data)
	dst = m.Sum(dst)
	k.Put(m)
	return dst
}

// Format prints the key's holder without it, whatever the verb.
func (*Key) Format(f fmt.State, _ rune) { redact.Format(f, "hmacpool.Key") }
