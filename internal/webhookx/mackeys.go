package webhookx

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"

	"github.com/rxbridge/rxbridge-go/internal/hmacpool"
	"github.com/rxbridge/rxbridge-go/internal/redact"
)

// MACKeys are the secrets a signature may be made with (several during a
// rotation), each keyed for each hash with its pooled HMACs (see
// hmacpool). Safe for concurrent use. It prints as its name alone,
// whatever prints it.
type MACKeys struct {
	hashes int
	keys   []*hmacpool.Key // per secret, per hash: len(secrets) × hashes
}

// NewMACKeys keys the non-empty secrets for each of hashes (a hash's
// place in hashes is its number in Matches).
func NewMACKeys(hashes []func() hash.Hash, secrets ...string) *MACKeys {
	k := &MACKeys{hashes: len(hashes)}
	for _, s := range secrets {
		if s == "" {
			continue
		}
		for _, h := range hashes {
			k.keys = append(k.keys, hmacpool.New(h, []byte(s)))
		}
	}
	return k
}

// Len is the number of secrets (0 for a nil MACKeys).
func (k *MACKeys) Len() int {
	if k == nil || k.hashes == 0 {
		return 0
	}
	return len(k.keys) / k.hashes
}

// Matches reports whether sig is the HMAC of input with hash number h
// under one of the secrets. Every secret is compared, so the time taken
// does not depend on which one matched. A nil MACKeys, or h out of range,
// matches nothing.
func (k *MACKeys) Matches(h int, input, sig []byte) bool {
	if k == nil || h < 0 || h >= k.hashes {
		return false
	}
	var sum [sha512.Size]byte
	match := false
	for i := h; i < len(k.keys); i += k.hashes {
		if hmac.Equal(k.keys[i].Sum(sum[:0], input), sig) {
			match = true
		}
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
