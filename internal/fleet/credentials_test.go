// Package fleet tests several client instances sharing one real Redis
// (internal/redistest: in CI these tests run, never skip), against the
// fakes: each credential is created once for the fleet, and a Redis that
// goes away and comes back does not stop the calls.
package fleet

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
	"github.com/rxbridge/rxbridge-go/internal/redistest"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
	"github.com/rxbridge/rxbridge-go/redisstore"
)

const (
	instances  = 8
	veterans   = 50
	goroutines = 4 // per veteran and instance
)

var keys = redisstore.Keys{
	Hash:       bytes.Repeat([]byte("h"), 32),
	Encryption: bytes.Repeat([]byte("e"), 32),
}

// stores returns one redisstore.Store per instance, each on its own
// go-redis client (as separate processes would have), all on srv.
func stores(t *testing.T, srv *redistest.Server) []*redisstore.Store {
	t.Helper()
	out := make([]*redisstore.Store, instances)
	for i := range out {
		s, err := redisstore.New(srv.Client(), keys)
		require.NoError(t, err)
		out[i] = s
	}
	return out
}

// inProcess carries an instance's requests to a fake's handler without a
// socket: thousands of calls stay cheap on a loaded machine, and the
// credential traffic (what this test counts) is the same.
type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	in := r.Clone(r.Context()) // as a server would see it
	in.Header = http.Header{}
	for k, vs := range r.Header {
		for _, v := range vs {
			in.Header.Add(k, v) // canonical names, as from the wire
		}
	}
	if in.Body == nil {
		in.Body = http.NoBody
	}
	defer in.Body.Close()
	in.RequestURI = r.URL.RequestURI()
	in.RemoteAddr = "127.0.0.1:1"
	w := httptest.NewRecorder()
	t.h.ServeHTTP(w, in)
	resp := w.Result()
	resp.Request = r
	return resp, nil
}

func direct(h http.Handler) *http.Client { return &http.Client{Transport: inProcess{h}} }

// vetID is the correlation id of the fleet test's i-th veteran.
func vetID(i int) string { return fmt.Sprintf("7%07d", i) }

// mhvFleet is the MHV fake (500 to concurrent session creations, as MHV
// does; creations take 10 ms so that overlaps would happen) and one client
// per store.
func mhvFleet(t *testing.T, ss []*redisstore.Store, opts ...rxbridge.Option) (*mhvtest.Server, []*mhv.Client) {
	t.Helper()
	srv := mhvtest.NewServer(mhvtest.WithConcurrentSessionErrors(), mhvtest.WithSessionDelay(10*time.Millisecond))
	t.Cleanup(srv.Close)
	for i := range veterans {
		srv.AddVeteran(mhvtest.Veteran{CorrelationID: vetID(i)})
	}
	clients := make([]*mhv.Client, len(ss))
	for i, s := range ss {
		all := append([]rxbridge.Option{rxbridge.WithBaseURL(srv.URL), rxbridge.WithStore(s), rxbridge.WithHTTPClient(direct(srv.Faults)),
			rxbridge.WithRetry(rxbridge.RetryPolicy{MaxRetries: 20, WaitMin: 2 * time.Millisecond, WaitMax: 50 * time.Millisecond})}, opts...)
		c, err := mhv.NewClient(srv.AppToken, all...)
		require.NoError(t, err)
		clients[i] = c
	}
	return srv, clients
}

// callAll runs ActivePrescriptions for each veteran in vets, goroutines
// times on every client, all released at once, and returns the first
// errors.
func callAll(clients []*mhv.Client, vets []int) []error {
	start := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for _, c := range clients {
		for _, v := range vets {
			for range goroutines {
				wg.Go(func() {
					<-start
					if _, err := c.User(vetID(v)).ActivePrescriptions(context.Background()); err != nil {
						mu.Lock()
						if len(errs) < 3 {
							errs = append(errs, err)
						}
						mu.Unlock()
					}
				})
			}
		}
	}
	close(start)
	wg.Wait()
	return errs
}

func span(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

// counts sums the fake's session counters over vets.
func counts(srv *mhvtest.Server, vets []int) (sessions, requests int) {
	for _, v := range vets {
		sessions += srv.SessionsCreated(vetID(v))
		requests += srv.SessionRequests(vetID(v))
	}
	return sessions, requests
}

func created(clients []*mhv.Client) int64 {
	var n int64
	for _, c := range clients {
		n += c.SessionsCreated()
	}
	return n
}

func TestFleetMHVOneSessionPerVeteran(t *testing.T) {
	redis := redistest.Start(t)
	srv, clients := mhvFleet(t, stores(t, redis))
	all := span(0, veterans)

	errs := callAll(clients, all)
	require.Empty(t, errs)
	sessions, requests := counts(srv, all)
	t.Logf("cold: %d instances × %d veterans × %d goroutines: %d sessions, %d creation requests, %d upstream 500s",
		instances, veterans, goroutines, sessions, requests, srv.SessionConflicts())
	assert.Equal(t, veterans, sessions, "exactly one session per veteran for the fleet")
	assert.Equal(t, veterans, requests)
	assert.Zero(t, srv.SessionConflicts(), "no concurrent creation reached MHV")
	assert.Equal(t, int64(veterans), created(clients))
	for _, v := range all {
		require.Equal(t, 1, srv.SessionsCreated(vetID(v)))
	}

	// MHV rejects every session: each is replaced once, fleet-wide.
	srv.RevokeCredentials()
	errs = callAll(clients, all)
	require.Empty(t, errs)
	sessions, requests = counts(srv, all)
	t.Logf("after MHV rejected every session: %d sessions, %d creation requests, %d upstream 500s, %d rejections",
		sessions, requests, srv.SessionConflicts(), srv.Rejections())
	for _, v := range all {
		assert.Equal(t, 2, srv.SessionsCreated(vetID(v)), "replaced once")
	}
	assert.Zero(t, srv.SessionConflicts())
	assert.Equal(t, int64(2*veterans), created(clients))
}

func TestFleetCVSOneToken(t *testing.T) {
	redis := redistest.Start(t)
	srv := cvsspecialtytest.NewServer()
	t.Cleanup(srv.Close)
	var clients []*cvsspecialty.Client
	for _, s := range stores(t, redis) {
		c, err := srv.NewClient(rxbridge.WithStore(s), rxbridge.WithHTTPClient(direct(srv.Faults)))
		require.NoError(t, err)
		clients = append(clients, c)
	}
	const perInstance = 1000
	start := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for _, c := range clients {
		for range perInstance {
			wg.Go(func() {
				<-start
				if _, err := c.Status(context.Background(), "ABC123"); err != nil {
					mu.Lock()
					if len(errs) < 3 {
						errs = append(errs, err)
					}
					mu.Unlock()
				}
			})
		}
	}
	close(start)
	wg.Wait()
	require.Empty(t, errs)
	t.Logf("cold: %d instances × %d goroutines: %d token requests", instances, perInstance, srv.TokenRequests())
	assert.Equal(t, 1, srv.TokenRequests(), "one token for the fleet")
}

// logBuffer collects the instances' log records.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitReachable waits until every store answers (a restarted Redis
// accepts connections), bounded.
func waitReachable(t *testing.T, ss []*redisstore.Store) {
	t.Helper()
	k := rxbridge.StoreKey{Namespace: "fleet.ping"}
	for _, s := range ss {
		require.Eventually(t, func() bool {
			_, _, err := s.Get(context.Background(), k)
			return err == nil
		}, 20*time.Second, 5*time.Millisecond)
	}
}

func TestFleetKeepsWorkingWhenRedisStopsAndStartsAgain(t *testing.T) {
	redis := redistest.Start(t)
	ss := stores(t, redis)
	var logs logBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	srv, clients := mhvFleet(t, ss, rxbridge.WithLogger(logger))
	cvs := cvsspecialtytest.NewServer()
	t.Cleanup(cvs.Close)
	var tokens []*cvsspecialty.Client
	for _, s := range ss {
		c, err := cvs.NewClient(rxbridge.WithStore(s), rxbridge.WithLogger(logger), rxbridge.WithHTTPClient(direct(cvs.Faults)))
		require.NoError(t, err)
		tokens = append(tokens, c)
	}
	status := func() []error {
		var errs []error
		for _, c := range tokens {
			if _, err := c.Status(context.Background(), "ABC123"); err != nil {
				errs = append(errs, err)
			}
		}
		return errs
	}

	// Up: veterans 0-9 get their sessions, the fleet its token.
	warm := span(0, 10)
	require.Empty(t, callAll(clients, warm))
	require.Empty(t, status())
	sessions, requests := counts(srv, warm)
	require.Equal(t, len(warm), sessions)
	require.Equal(t, 1, cvs.TokenRequests())

	// Down.
	redis.Stop()
	// Warm calls need no Redis.
	require.Empty(t, callAll(clients, warm), "warm calls while Redis is down")
	require.Empty(t, status())
	s, r := counts(srv, warm)
	assert.Equal(t, sessions, s, "no new session for a warm veteran")
	assert.Equal(t, requests, r)
	assert.Equal(t, 1, cvs.TokenRequests())
	assert.NotContains(t, logs.String(), "shared store failed", "warm calls did not touch Redis")
	// Cold veterans: each instance creates its own session (MHV's 500s to
	// overlapping creations are retried), and says so in its log.
	cold := span(10, 15)
	require.Empty(t, callAll(clients, cold), "cold calls while Redis is down")
	coldSessions, coldRequests := counts(srv, cold)
	// A rejected session is replaced by each instance on its own.
	srv.RevokeVeteranCredentials(vetID(0))
	require.Empty(t, callAll(clients, []int{0}), "a rejected session while Redis is down")
	cvs.RevokeCredentials()
	require.Empty(t, status(), "a revoked token while Redis is down")
	t.Logf("Redis down: %d cold veterans: %d sessions, %d creation requests, %d upstream 500s (retried); "+
		"a rejected session was replaced by %d instances; a revoked token by %d",
		len(cold), coldSessions, coldRequests, srv.SessionConflicts(), srv.SessionsCreated(vetID(0))-1, cvs.TokenRequests()-1)
	assert.GreaterOrEqual(t, coldSessions, len(cold))
	assert.LessOrEqual(t, coldSessions, len(cold)*instances, "at most one per instance (single-flight in each)")
	out := logs.String()
	assert.Contains(t, out, "level=WARN")
	assert.Contains(t, out, "shared store failed")
	assert.Contains(t, out, "connection refused")
	for i := range 15 {
		assert.NotContains(t, out, vetID(i), "no correlation id in the logs")
	}
	clientID, secret := cvs.Credentials()
	assert.NotContains(t, out, clientID)
	assert.NotContains(t, out, secret)

	// Up again (empty: no persistence). The fleet shares again.
	redis.Restart()
	waitReachable(t, ss)
	before := srv.SessionConflicts()
	require.Empty(t, callAll(clients, span(0, 15)), "known veterans after the restart")
	fresh := span(15, veterans)
	require.Empty(t, callAll(clients, fresh), "new veterans after the restart")
	sessions, requests = counts(srv, fresh)
	t.Logf("Redis back: %d new veterans: %d sessions, %d creation requests, %d upstream 500s",
		len(fresh), sessions, requests, srv.SessionConflicts()-before)
	assert.Equal(t, len(fresh), sessions, "one session per new veteran again")
	assert.Equal(t, before, srv.SessionConflicts())
	tokensBefore := cvs.TokenRequests()
	cvs.RevokeCredentials()
	require.Empty(t, status())
	require.Empty(t, status())
	assert.Equal(t, tokensBefore+1, cvs.TokenRequests(), "a revoked token is replaced once for the fleet again")
}

// TestMain silences go-redis's own log of every refused dial while Redis
// is stopped (the SDK's records, through each client's logger, are what
// the tests read).
func TestMain(m *testing.M) {
	redis.SetLogger(quiet{})
	os.Exit(m.Run())
}

type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}
