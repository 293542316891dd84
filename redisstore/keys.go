package redisstore

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/hmacpool"
)

// Keys are the secrets a Store needs. Generate each with a cryptographic
// random source (for example `openssl rand -base64 32`) and keep them in
// the service's secret manager, never beside Redis's own credentials.
type Keys struct {
	// Hash keys the HMAC that names Redis keys and tags values: at least
	// 32 bytes. Required. Keep it stable: another hash key names other
	// keys, so the store starts empty.
	Hash []byte
	// Encryption is the AES-256 key (exactly 32 bytes) every value is
	// encrypted with, and read with first. Required.
	Encryption []byte
	// PreviousEncryption, when set (32 bytes), is a second key values are
	// also read with, never written with: the previous key during a
	// rotation (see the package documentation).
	PreviousEncryption []byte
}

// ErrUndecryptable is the cause of a Get failure when the stored value is
// not a value this store wrote under its keys: written under an unknown
// encryption key, by another prefix, or altered. The Get error matches
// rxbridge.ErrStoreUnavailable and wraps it.
var ErrUndecryptable = errors.New("redisstore: stored value cannot be decrypted with the configured keys")

const (
	minHashKey = 32
	aesKey     = 32
	version    = 1
	tagLen     = 16
	headerLen  = 1 + tagLen
)

// Labels that derive the two HMAC keys from Keys.Hash.
const (
	labelNames = "rxbridge/redisstore/key-names/v1"
	labelTags  = "rxbridge/redisstore/value-tags/v1"
)

// derive checks k and returns the key-name HMAC key, the tag HMAC key and
// the AEADs (encryption first). Its errors never contain key material.
func (k Keys) derive() (names, tags *hmacpool.Key, aeads []cipher.AEAD, err error) {
	if len(k.Hash) < minHashKey {
		return nil, nil, nil, fmt.Errorf("redisstore: Keys.Hash is required and must be at least %d bytes", minHashKey)
	}
	if len(k.Encryption) != aesKey {
		return nil, nil, nil, fmt.Errorf("redisstore: Keys.Encryption is required and must be %d bytes (AES-256)", aesKey)
	}
	if k.PreviousEncryption != nil && len(k.PreviousEncryption) != aesKey {
		return nil, nil, nil, fmt.Errorf("redisstore: Keys.PreviousEncryption must be %d bytes (AES-256) when set", aesKey)
	}
	if bytes.Equal(k.Hash, k.Encryption) || bytes.Equal(k.Hash, k.PreviousEncryption) {
		return nil, nil, nil, errors.New("redisstore: Keys.Hash must differ from the encryption keys")
	}
	for _, key := range [][]byte{k.Encryption, k.PreviousEncryption} {
		if key == nil {
			continue
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return nil, nil, nil, errors.New("redisstore: invalid encryption key")
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, nil, nil, errors.New("redisstore: invalid encryption key")
		}
		aeads = append(aeads, aead)
	}
	root := hmacpool.New(sha256.New, k.Hash)
	names = hmacpool.New(sha256.New, mac(nil, root, []byte(labelNames)))
	tags = hmacpool.New(sha256.New, mac(nil, root, []byte(labelTags)))
	return names, tags, aeads, nil
}

// mac appends to dst HMAC-SHA256(key, parts...), each part
// length-prefixed so that ("ab", "c") and ("a", "bc") differ. The HMAC is
// a pooled one (see hmacpool): a key name and a value tag are computed on
// every store call.
func mac(dst []byte, key *hmacpool.Key, parts ...[]byte) []byte {
	h := key.Get()
	var n [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write(p)
	}
	dst = h.Sum(dst)
	key.Put(h)
	return dst
}

// name is key's Redis key name: the prefix, the namespace (a fixed name,
// never data) and a keyed hash of the identifier.
func (s *Store) name(key rxbridge.StoreKey) string {
	var buf [sha256.Size]byte
	sum := mac(buf[:0], s.names, []byte(key.Namespace), []byte(key.ID))
	b := make([]byte, 0, len(s.prefix)+len(key.Namespace)+1+base64.RawURLEncoding.EncodedLen(len(sum)))
	b = append(b, s.prefix...)
	b = append(b, key.Namespace...)
	b = append(b, ':')
	b = base64.RawURLEncoding.AppendEncode(b, sum)
	return string(b)
}

// header is the version byte and the tag of value under name: what
// CompareAndDelete matches, and the associated data of the ciphertext.
func (s *Store) header(name string, value []byte) []byte {
	h := make([]byte, headerLen, headerLen+12+len(value)+16)
	h[0] = version
	var buf [sha256.Size]byte
	copy(h[1:], mac(buf[:0], s.tags, []byte(name), value)[:tagLen])
	return h
}

// seal encrypts value for name with the primary key.
func (s *Store) seal(name string, value []byte) ([]byte, error) {
	out := s.header(name, value)
	aead := s.aeads[0]
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	out = append(out, nonce...)
	return aead.Seal(out, nonce, value, additional(name, out[:headerLen])), nil
}

// open decrypts a stored value of name with the primary key, then the
// previous one.
func (s *Store) open(name string, stored []byte) ([]byte, error) {
	if len(stored) < headerLen || stored[0] != version {
		return nil, ErrUndecryptable
	}
	header, rest := stored[:headerLen], stored[headerLen:]
	ad := additional(name, header)
	for _, aead := range s.aeads {
		ns := aead.NonceSize()
		if len(rest) < ns+aead.Overhead() {
			return nil, ErrUndecryptable
		}
		if v, err := aead.Open(make([]byte, 0, len(rest)-ns-aead.Overhead()), rest[:ns], rest[ns:], ad); err == nil {
			return v, nil
		}
	}
	return nil, ErrUndecryptable
}

// additional is the GCM associated data: the header (so the tag cannot be
// swapped) and the key name (so a value cannot be moved to another key).
func additional(name string, header []byte) []byte {
	ad := make([]byte, 0, len(header)+len(name))
	ad = append(ad, header...)
	return append(ad, name...)
}
