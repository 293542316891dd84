package carevalidate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/redistest"
	"github.com/rxbridge/rxbridge-go/redisstore"
)

// fleetKeys are the keys every instance of the fleet shares.
var fleetKeys = redisstore.Keys{Hash: bytes.Repeat([]byte{7}, 32), Encryption: bytes.Repeat([]byte{8}, 32)}

// fleetStore is one instance's store on the Redis at addr: its own
// client, no retries (a stopped server fails the next command at once).
func fleetStore(t *testing.T, addr string) rxbridge.Store {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: addr, DisableIdentity: true, MaxRetries: -1, DialerRetries: 1})
	t.Cleanup(func() { _ = c.Close() })
	s, err := redisstore.New(c, fleetKeys)
	require.NoError(t, err)
	return s
}

// fleet is n receivers, each with its own store client on the Redis at
// addr, all calling handle.
func fleet(t *testing.T, n int, addr string, handle Handler, opts ...Option) []*Receiver {
	t.Helper()
	out := make([]*Receiver, n)
	for i := range out {
		r, err := NewReceiver(WebhookSecrets{HeaderName: hookHeader, Secrets: []string{hookSecret}}, handle,
			append([]Option{rxbridge.WithStore(fleetStore(t, addr))}, opts...)...)
		require.NoError(t, err)
		out[i] = r
	}
	return out
}

func fleetEvent(n int) []byte {
	return fmt.Appendf(nil, `{"event":"ADD_CASE_COMMENT","payload":{"activity":{"id":"act-%d","caseId":"case-1"},"comment":{"id":"c-%d"}}}`, n, n)
}

// sendUntilAcknowledged is CareValidate's sender: it delivers body to
// instance (next(attempt)) until it answers 2xx, retrying 5xx, and
// returns the 5xx answers it got. answered, when set, is called after the
// first answer.
func sendUntilAcknowledged(t *testing.T, next func(attempt int) *Receiver, body []byte, answered ...func()) (retries int) {
	for attempt := 0; ; attempt++ {
		code := deliver(t, next(attempt), body, map[string]string{hookHeader: hookSecret}).Code
		if attempt == 0 {
			for _, f := range answered {
				f()
			}
		}
		switch {
		case code == 200:
			return retries
		case code >= 500 && attempt < 10_000:
			retries++
			time.Sleep(time.Millisecond) // the sender's backoff
		default:
			t.Errorf("delivery answered %d after %d attempts", code, attempt+1)
			return retries
		}
	}
}

// TestFleetOneEventDeliveredEverywhere: one event delivered 24 times at
// once across 8 instances sharing a real redis-server runs the handler
// once; every delivery is acknowledged in the end. The handler holds the
// event until the 23 other deliveries got their first answer: a 503 (in
// progress), so they are sent again, and acknowledged once it is done.
func TestFleetOneEventDeliveredEverywhere(t *testing.T) {
	srv := redistest.Start(t)
	var runs atomic.Int32
	var first sync.WaitGroup
	first.Add(23)
	allAnswered := make(chan struct{})
	go func() { first.Wait(); close(allAnswered) }()
	rcs := fleet(t, 8, srv.Addr(), func(context.Context, *Event) error {
		runs.Add(1)
		select {
		case <-allAnswered:
		case <-time.After(30 * time.Second): // only when the test fails: several handlers hold the event
			t.Error("the other deliveries were not answered while the handler held the event")
		}
		return nil
	})
	body := fleetEvent(1)
	var wg sync.WaitGroup
	var retries atomic.Int32
	var answered atomic.Int32
	for i := range 24 {
		wg.Go(func() {
			retries.Add(int32(sendUntilAcknowledged(t, func(a int) *Receiver { return rcs[(i+a)%8] }, body, func() {
				if answered.Add(1) <= 23 {
					first.Done()
				}
			})))
		})
	}
	wg.Wait()
	assert.GreaterOrEqual(t, retries.Load(), int32(23), "the 23 deliveries that found the event in progress were answered 503")
	assert.Equal(t, int32(1), runs.Load(), "24 deliveries across 8 instances, one handler run")
	t.Logf("carevalidate fleet: 24 deliveries, 8 instances: %d handler run(s), %d 503 answers retried", runs.Load(), retries.Load())
}

// TestFleetInstanceDiesMidHandler: the instance that claimed an event dies
// before its handler returns (its lease is left in Redis); the sender's
// retries are answered 503 on the other instances until the lease ends,
// and then processed. The dead holder cannot undo the done marker.
// (miniredis: time must move.)
func TestFleetInstanceDiesMidHandler(t *testing.T) {
	m := miniredis.RunT(t)
	var runs atomic.Int32
	entered, stop := make(chan struct{}), make(chan struct{})
	dying := func(context.Context, *Event) error {
		runs.Add(1)
		close(entered)
		<-stop // the instance is gone: this handler never completes
		return errors.New("instance stopped")
	}
	const lease = 30 * time.Second
	a := fleet(t, 1, m.Addr(), dying, WithWebhookLease(lease))[0]
	others := fleet(t, 7, m.Addr(), func(context.Context, *Event) error { runs.Add(1); return nil }, WithWebhookLease(lease))
	body := fleetEvent(2)

	done := make(chan int, 1)
	go func() { done <- deliver(t, a, body, map[string]string{hookHeader: hookSecret}).Code }()
	<-entered
	for _, rc := range others {
		assert.Equal(t, 503, deliver(t, rc, body, map[string]string{hookHeader: hookSecret}).Code, "in progress on the dead instance")
	}
	m.FastForward(lease)
	assert.Equal(t, 200, deliver(t, others[0], body, map[string]string{hookHeader: hookSecret}).Code, "processed once the lease ended")
	assert.Equal(t, int32(2), runs.Load(), "the dead instance's run, then the retry's")
	for _, rc := range others {
		assert.Equal(t, 200, deliver(t, rc, body, map[string]string{hookHeader: hookSecret}).Code)
	}
	close(stop) // the dead instance's handler returns: it releases nothing of the retry's
	assert.Equal(t, 500, <-done)
	assert.Equal(t, 200, deliver(t, others[1], body, map[string]string{hookHeader: hookSecret}).Code)
	assert.Equal(t, int32(2), runs.Load())
	t.Logf("carevalidate fleet, instance died mid-handler: %d handler runs (the dead one and the retry after the lease)", runs.Load())
}

// TestFleetRedisRestart: Redis stops mid-run: deliveries are answered 5xx
// (the handler does not run unclaimed) and the sender retries; once
// Redis is back, every event is processed, once.
func TestFleetRedisRestart(t *testing.T) {
	srv := redistest.Start(t)
	var mu sync.Mutex
	runs := map[string]int{}
	rcs := fleet(t, 8, srv.Addr(), func(_ context.Context, ev *Event) error {
		mu.Lock()
		runs[ev.ID()]++
		mu.Unlock()
		return nil
	})
	const events = 30
	outage := 0
	for n := range events {
		body := fleetEvent(100 + n)
		if n == 10 {
			srv.Stop()
			for a := range 16 { // the sender keeps retrying while Redis is down
				code := deliver(t, rcs[a%8], body, map[string]string{hookHeader: hookSecret}).Code
				require.Equal(t, 503, code, "a store failure is a 503, never a 2xx")
				outage++
			}
			srv.Restart()
		}
		sendUntilAcknowledged(t, func(a int) *Receiver { return rcs[(n+a)%8] }, body)
	}
	require.Len(t, runs, events, "no event lost")
	for id, n := range runs {
		assert.Equal(t, 1, n, id)
	}
	t.Logf("carevalidate fleet, Redis restarted: %d events, %d handler runs, %d deliveries answered 503 during the outage", events, len(runs), outage)
}
