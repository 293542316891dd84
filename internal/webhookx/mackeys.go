package webhookx

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
	"sync"

	"github.com/rxbridge/rxbridge-go/internal/redact"
)

// MACKeys are the secrets a signature may be made with (several during a
// rotation) and, for each secret and hash, a pool of HMACs already keyed
// with it: hmac.New hashes the key's two pads on every call, where a
// pooled HMAC is Reset to them. Safe for concurrent use. It prints as its
// name alone, whatever prints it.
type MACKeys struct {
	hashes []func() hash.Hash
	keys   [][]byte
	pools  []sync.Pool // len(keys) × len(hashes)
}

// NewMACKeys keys the non-empty secrets for each of hashes (a hash's
// place in hashes is its number in Matches).
func NewMACKeys(hashes []func() hash.Hash, secrets ...string) *MACKeys {
	k := &MACKeys{hashes: hashes}
	for _, s := range secrets {
		if s != "" {
			k.keys = append(k.keys, []byte(s))
		}
	}
	k.pools = make([]sync.Pool, len(k.keys)*len(hashes))
	return k
}

// Len is the number of keys (0 for a nil MACKeys).
func (k *MACKeys) Len() int {
	if k == nil {
		return 0
	}
	return len(k.keys)
}

// Matches reports whether sig is the HMAC of input with hash number h
// under one of the keys. Every key is compared, so the time taken does not
// depend on which one matched. A nil MACKeys, or h out of range, matches
// nothing.
func (k *MACKeys) Matches(h int, input, sig []byte) bool {
	if k == nil || h < 0 || h >= len(k.hashes) {
		return false
	}
	var sum [sha512.Size]byte
	match := false
	for i, key := range k.keys {
		pool := &k.pools[i*len(k.hashes)+h]
		m, _ := pool.Get().(hash.Hash)
		if m == nil {
			m = hmac.New(k.hashes[h], key)
		} else {
			m.Reset()
		}
		m.Write(input)
		if hmac.Equal(m.Sum(sum[:0]), sig) {
			match = true
		}
		pool.Put(m)
	}
	return match
}

// Format prints the keys' holder without them, whatever the verb.
func (*MACKeys) Format(f fmt.State, _ rune) { redact.Format(f, "webhookx.MACKeys") }

// SHA256 is the hash list of a MACKeys that verifies HMAC-SHA256 alone
// (hash number 0).
func SHA256() []func() hash.Hash { return []func() hash.Hash{sha256.New} }

// VerifySHA256Hex checks a hex HMAC-SHA256 signature of body (an optional
// "sha256=" prefix and upper case are accepted) against any of the keys,
// in constant time. k's hash number 0 must be SHA-256 (see SHA256).
func (k *MACKeys) VerifySHA256Hex(body []byte, sigHex string) bool {
	sigHex = strings.TrimSpace(sigHex)
	sigHex = strings.TrimPrefix(strings.TrimPrefix(sigHex, "sha256="), "SHA256=")
	var sig [sha256.Size]byte
	if len(sigHex) != hex.EncodedLen(sha256.Size) {
		return false
	}
	if _, err := hex.Decode(sig[:], []byte(sigHex)); err != nil {
		return false
	}
	return k.Matches(0, body, sig[:])
}
