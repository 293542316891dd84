package fleet

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/redis/go-redis/v9"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
	"github.com/rxbridge/rxbridge-go/internal/redistest"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
	"github.com/rxbridge/rxbridge-go/redisstore"
)

// Benchmarks: a warm call (the credential is already held by this
// instance) and a cold one (this instance's first call for the veteran, or
// a new instance for CVS; the credential is nowhere yet), with the Redis
// store and with the in-process default. Each reports redis-ops/op, the
// Redis commands per call counted by a go-redis hook: a warm call must
// make none.
//
//	go test -run '^$' -bench . -benchmem ./internal/fleet/

// opCounter counts the commands a go-redis client sends.
type opCounter struct{ n atomic.Int64 }

func (c *opCounter) DialHook(next redis.DialHook) redis.DialHook { return next }
func (c *opCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		c.n.Add(1)
		return next(ctx, cmd)
	}
}
func (c *opCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		c.n.Add(int64(len(cmds)))
		return next(ctx, cmds)
	}
}

// benchStore returns a counted Redis store for b, or nil (in-process).
func benchStore(b *testing.B, useRedis bool, opts ...redisstore.Option) (rxbridge.Store, *opCounter) {
	b.Helper()
	ops := &opCounter{}
	if !useRedis {
		return nil, ops
	}
	client := redistest.Start(b).Client()
	client.AddHook(ops)
	s, err := redisstore.New(client, keys, opts...)
	if err != nil {
		b.Fatal(err)
	}
	return s, ops
}

func withStore(s rxbridge.Store) []rxbridge.Option {
	if s == nil {
		return nil
	}
	return []rxbridge.Option{rxbridge.WithStore(s)}
}

func report(b *testing.B, ops *opCounter, before int64) {
	b.ReportMetric(float64(ops.n.Load()-before)/float64(b.N), "redis-ops/op")
}

func BenchmarkMHVActivePrescriptions(b *testing.B) {
	for _, useRedis := range []bool{false, true} {
		name := map[bool]string{false: "inprocess", true: "redis"}[useRedis]
		b.Run("warm/"+name, func(b *testing.B) {
			store, ops := benchStore(b, useRedis)
			srv := mhvtest.NewServer()
			b.Cleanup(srv.Close)
			c := mhvClient(b, srv, store)
			vet := c.User(mhvtest.DemoVeteran)
			if _, err := vet.ActivePrescriptions(context.Background()); err != nil {
				b.Fatal(err)
			}
			before := ops.n.Load()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := vet.ActivePrescriptions(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			report(b, ops, before)
		})
		b.Run("cold/"+name, func(b *testing.B) {
			store, ops := benchStore(b, useRedis)
			srv := mhvtest.NewServer()
			b.Cleanup(srv.Close)
			for i := range b.N {
				srv.AddVeteran(mhvtest.Veteran{CorrelationID: vetID(i)})
			}
			c := mhvClient(b, srv, store)
			before := ops.n.Load()
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				if _, err := c.User(vetID(i)).ActivePrescriptions(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			report(b, ops, before)
		})
	}
}

func mhvClient(b *testing.B, srv *mhvtest.Server, store rxbridge.Store) *mhv.Client {
	b.Helper()
	c, err := mhv.NewClient(srv.AppToken, append(withStore(store), rxbridge.WithBaseURL(srv.URL), rxbridge.WithHTTPClient(direct(srv.Faults)))...)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkCVSStatus(b *testing.B) {
	for _, useRedis := range []bool{false, true} {
		name := map[bool]string{false: "inprocess", true: "redis"}[useRedis]
		b.Run("warm/"+name, func(b *testing.B) {
			store, ops := benchStore(b, useRedis)
			srv := cvsspecialtytest.NewServer()
			b.Cleanup(srv.Close)
			c := cvsClient(b, srv, store)
			if _, err := c.Status(context.Background(), "ABC123"); err != nil {
				b.Fatal(err)
			}
			before := ops.n.Load()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := c.Status(context.Background(), "ABC123"); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			report(b, ops, before)
		})
		b.Run("cold/"+name, func(b *testing.B) {
			srv := cvsspecialtytest.NewServer()
			b.Cleanup(srv.Close)
			// A new instance per call, and (with Redis) a new key prefix,
			// so the token is nowhere yet: the whole creation path.
			var client *redis.Client
			ops := &opCounter{}
			if useRedis {
				client = redistest.Start(b).Client()
				client.AddHook(ops)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				var store rxbridge.Store
				if useRedis {
					s, err := redisstore.New(client, keys, redisstore.WithPrefix(fmt.Sprintf("bench%d:", i)))
					if err != nil {
						b.Fatal(err)
					}
					store = s
				}
				c := cvsClient(b, srv, store)
				if _, err := c.Status(context.Background(), "ABC123"); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			report(b, ops, 0)
		})
	}
}

func cvsClient(b *testing.B, srv *cvsspecialtytest.Server, store rxbridge.Store) *cvsspecialty.Client {
	b.Helper()
	c, err := srv.NewClient(append(withStore(store), rxbridge.WithHTTPClient(direct(srv.Faults)))...)
	if err != nil {
		b.Fatal(err)
	}
	return c
}
