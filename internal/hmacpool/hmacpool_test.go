package hmacpool

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"hash"
	"strings"
	"sync"
	"testing"
)

// A pooled HMAC gives what hmac.New gives, for every key and hash, however
// often and from however many goroutines it is reused.
func TestPooledHMACsMatchFreshOnes(t *testing.T) {
	hashes := map[string]func() hash.Hash{"sha256": sha256.New, "sha384": sha512.New384, "sha512": sha512.New}
	secrets := []string{"k1", "a much longer key than one block of sha256: " + strings.Repeat("x", 80), "k3"}
	var wg sync.WaitGroup
	for name, h := range hashes {
		for _, s := range secrets {
			k := New(h, []byte(s))
			for g := range 4 {
				wg.Go(func() {
					for i := range 50 {
						data := []byte(fmt.Sprintf("%s %d %d", name, g, i))
						fresh := hmac.New(h, []byte(s))
						fresh.Write(data)
						if got, want := k.Sum(nil, data), fresh.Sum(nil); !hmac.Equal(got, want) {
							t.Errorf("%s %q: pooled %x, fresh %x", name, s, got, want)
							return
						}
					}
				})
			}
		}
	}
	wg.Wait()
}

func TestKeyKeepsItsOwnCopyAndPrintsRedacted(t *testing.T) {
	key := []byte("s3cret-key")
	k := New(sha256.New, key)
	want := k.Sum(nil, []byte("x"))
	copy(key, "XXXXXXXXXX")
	if got := k.Sum(nil, []byte("x")); !hmac.Equal(got, want) {
		t.Error("the key changed with the caller's slice")
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x"} {
		if s := fmt.Sprintf(verb, k); s != "hmacpool.Key{[REDACTED]}" {
			t.Errorf("%s prints %q", verb, s)
		}
	}
}
