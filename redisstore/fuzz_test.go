package redisstore

import (
	"bytes"
	"errors"
	"testing"

	"github.com/redis/go-redis/v9"
)

// FuzzOpen feeds arbitrary bytes to the decoder of stored values (what a
// Redis that was tampered with, or shared with something else, returns):
// it never panics, refuses everything it did not seal with ErrUndecryptable,
// and opens what it sealed.
func FuzzOpen(f *testing.F) {
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}) // never dialled
	defer client.Close()
	s, err := New(client, Keys{Hash: bytes.Repeat([]byte{1}, 32), Encryption: bytes.Repeat([]byte{2}, 32)})
	if err != nil {
		f.Fatal(err)
	}
	const name = "rxbridge:fuzz:key"
	sealed, err := s.seal(name, []byte("session-token"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sealed, []byte("session-token"))
	f.Add(sealed[:len(sealed)-1], []byte(""))
	f.Add([]byte{version}, []byte{0})
	f.Fuzz(func(t *testing.T, stored, value []byte) {
		if v, err := s.open(name, stored); err != nil {
			if !errors.Is(err, ErrUndecryptable) {
				t.Fatalf("open: unexpected error %v", err)
			}
		} else if !bytes.Equal(stored[:headerLen], s.header(name, v)) {
			t.Fatalf("opened a value whose header is not its own")
		}
		sealed, err := s.seal(name, value)
		if err != nil {
			t.Fatal(err)
		}
		v, err := s.open(name, sealed)
		if err != nil || !bytes.Equal(v, value) {
			t.Fatalf("sealed value does not open: %v", err)
		}
		if _, err := s.open(name+"x", sealed); !errors.Is(err, ErrUndecryptable) {
			t.Fatalf("a value opened under another key name")
		}
	})
}
