package redisstore

import (
	"bytes"
	"encoding/hex"
	"testing"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// goldenStore is a Store with fixed keys, for names and tags that must not
// change between releases: another name is another key, so a store whose
// names changed would start empty, and a changed tag would make
// CompareAndDelete miss values written before.
func goldenStore(t *testing.T) *Store {
	t.Helper()
	names, tags, aeads, err := Keys{Hash: bytes.Repeat([]byte{7}, 32), Encryption: bytes.Repeat([]byte{9}, 32)}.derive()
	if err != nil {
		t.Fatal(err)
	}
	return &Store{prefix: DefaultPrefix, names: names, tags: tags, aeads: aeads}
}

func TestKeyNamesAndTagsAreStable(t *testing.T) {
	s := goldenStore(t)
	for _, c := range []struct {
		key  rxbridge.StoreKey
		want string
	}{
		{rxbridge.StoreKey{Namespace: "mhv.session", ID: "15176497"}, "rxbridge:mhv.session:38ZPpkuE5R-96sK-ROo2cK2rAzFB9n7LnYFugA1-Kuc"},
		{rxbridge.StoreKey{Namespace: "webhook.develophealth.token", ID: "abc"}, "rxbridge:webhook.develophealth.token:aW-n7MxbX41AjWvAnVKAXGksDItSeRrWzbEdF7EKnxI"},
	} {
		if got := s.name(c.key); got != c.want {
			t.Errorf("name(%v) = %q, want %q", c.key, got, c.want)
		}
	}
	if got, want := hex.EncodeToString(s.header("rxbridge:ns:x", []byte("value"))), "01ed9deb4470919dd35e005ab668972243"; got != want {
		t.Errorf("header = %s, want %s", got, want)
	}
}
