package redisstore_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/redis/go-redis/v9"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/redisstore"
)

// The README's setup: keys from the environment (base64, from
// `openssl rand -base64 32`).
//
// This example has no Output: it needs a real Redis (redisstore's own tests
// start a redis-server), and no fake stands in for one.
func ExampleNew() {
	hashKey, err := base64.StdEncoding.DecodeString(os.Getenv("RXBRIDGE_STORE_HASH_KEY"))
	if err != nil {
		log.Fatal(err)
	}
	encryptionKey, err := base64.StdEncoding.DecodeString(os.Getenv("RXBRIDGE_STORE_ENCRYPTION_KEY"))
	if err != nil {
		log.Fatal(err)
	}

	client := redis.NewClient(&redis.Options{Addr: "redis:6379", Password: os.Getenv("REDIS_PASSWORD")})
	store, err := redisstore.New(client, redisstore.Keys{
		Hash:       hashKey,       // >= 32 random bytes; keep it stable
		Encryption: encryptionKey, // 32 random bytes (AES-256)
	})
	if err != nil {
		log.Fatal(err)
	}

	ctx := context.Background()
	key := rxbridge.StoreKey{Namespace: "example", ID: "member-1"}
	if err := store.Set(ctx, key, []byte("token"), time.Hour); err != nil {
		log.Fatal(err) // matches rxbridge.ErrStoreUnavailable when Redis cannot answer
	}
	v, ok, err := store.Get(ctx, key)
	fmt.Println(string(v), ok, err)
}
