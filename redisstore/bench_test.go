package redisstore_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/redistest"
	"github.com/rxbridge/rxbridge-go/redisstore"
)

// BenchmarkStore measures each Store operation on the in-process store
// and on redisstore against a local redis-server (one round trip, HMAC
// key naming and AES-GCM included), with a 64-byte value (a session token
// or an OAuth token's size). "redis-raw" is the same command through
// go-redis alone: the difference is the store's own cost.
func BenchmarkStore(b *testing.B) {
	srv := redistest.Start(b)
	client := redis.NewClient(&redis.Options{Addr: srv.Addr(), DisableIdentity: true})
	b.Cleanup(func() { _ = client.Close() })
	rs, err := redisstore.New(client, keys())
	if err != nil {
		b.Fatal(err)
	}
	value := make([]byte, 64)
	for name, s := range map[string]rxbridge.Store{"memory": rxbridge.NewMemoryStore(), "redis": rs} {
		b.Run(name, func(b *testing.B) { benchStore(b, s, value) })
	}
	b.Run("redis-raw", func(b *testing.B) {
		b.Run("Get", func(b *testing.B) {
			if err := client.Set(ctx, "raw", value, time.Hour).Err(); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := client.Get(ctx, "raw").Bytes(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("Set", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := client.Set(ctx, "raw", value, time.Hour).Err(); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

func benchStore(b *testing.B, s rxbridge.Store, value []byte) {
	claimed := new(int)
	k := rxbridge.StoreKey{Namespace: "bench", ID: "veteran-1"}
	b.Run("Get", func(b *testing.B) {
		if err := s.Set(ctx, k, value, time.Hour); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, ok, err := s.Get(ctx, k); err != nil || !ok {
				b.Fatal(ok, err)
			}
		}
	})
	b.Run("GetMiss", func(b *testing.B) {
		miss := rxbridge.StoreKey{Namespace: "bench", ID: "absent"}
		b.ReportAllocs()
		for b.Loop() {
			if _, ok, err := s.Get(ctx, miss); err != nil || ok {
				b.Fatal(ok, err)
			}
		}
	})
	b.Run("Set", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := s.Set(ctx, k, value, time.Hour); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("SetNX", func(b *testing.B) {
		// Each iteration claims a fresh key (the lock/lease case), unique
		// across the benchmark's runs.
		ids := make([]rxbridge.StoreKey, b.N)
		for i := range ids {
			ids[i] = rxbridge.StoreKey{Namespace: "bench.nx", ID: fmt.Sprint("event-", *claimed)}
			*claimed++
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			if ok, err := s.SetNX(ctx, ids[i], value, time.Minute); err != nil || !ok {
				b.Fatal(ok, err)
			}
		}
	})
	// A lease taken and given back: SetNX, then CompareAndDelete of the
	// same key and value. (Timing CompareAndDelete alone would stop the
	// timer around a Set in every iteration: the benchmark then sizes N by
	// the short timed part and runs for minutes of untimed Sets.)
	b.Run("ClaimRelease", func(b *testing.B) {
		lease := rxbridge.StoreKey{Namespace: "bench.lease", ID: "veteran-1"}
		b.ReportAllocs()
		for b.Loop() {
			if ok, err := s.SetNX(ctx, lease, value, time.Minute); err != nil || !ok {
				b.Fatal(ok, err)
			}
			if ok, err := s.CompareAndDelete(ctx, lease, value); err != nil || !ok {
				b.Fatal(ok, err)
			}
		}
	})
}
