// Command fleet runs three instances of a service that share one Redis
// through rxbridge.WithStore: against the MHV and CVS fakes (MHV answers
// 500 to concurrent session creations, as the real one does), every
// instance calls for the same veteran and the same CVS client at once, and
// the fleet creates one MHV session and fetches one CVS token between them.
//
// It needs a Redis. Without REDIS_URL it says how to get one and exits 0
// (there is nothing to show without Redis; the other examples run on the
// in-process default):
//
//	go run ./examples/fleet                                   # how to get Redis
//	REDIS_URL=redis://localhost:6379/0 go run ./examples/fleet
//	REDIS_URL=redis://localhost:6379/0 go run ./examples/fleet -json
//
// The store's keys come from REDIS_HASH_KEY and REDIS_ENCRYPTION_KEY
// (base64, 32 bytes each: `openssl rand -base64 32`); when unset, the run
// uses random keys of its own. Everything it writes carries a prefix of
// its own (rxbridge-example-<random>:) and expires within minutes.
package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
	"github.com/rxbridge/rxbridge-go/examples/internal/cli"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
	"github.com/rxbridge/rxbridge-go/redisstore"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// envVars is the environment the program reads.
var envVars = []cli.Var{
	{Name: "REDIS_URL", Help: "the Redis the three instances share (redis://[user:password@]host:port/db)"},
	{Name: "REDIS_HASH_KEY", Help: "the store's hash key, base64 of 32 bytes (unset with REDIS_ENCRYPTION_KEY: random keys)"},
	{Name: "REDIS_ENCRYPTION_KEY", Help: "the store's encryption key, base64 of 32 bytes"},
}

// getRedis says how to run the example.
const getRedis = `fleet: REDIS_URL is not set; this example needs a Redis that its three instances share.
Start one, for example:
  docker run --rm -p 6379:6379 redis:7
  (or: apt-get install redis-server / brew install redis, then redis-server)
and run:
  REDIS_URL=redis://localhost:6379/0 go run ./examples/fleet
`

const (
	instances  = 3
	goroutines = 20 // per instance
)

// report is what the run prints (-json: as JSON).
type report struct {
	Instances int `json:"instances"`
	Calls     int `json:"callsPerInstance"`
	// MHV: sessions the fake created, creation requests it received,
	// and its 500s to concurrent creations.
	MHVSessions         int     `json:"mhvSessions"`
	MHVCreationRequests int     `json:"mhvCreationRequests"`
	MHV500s             int     `json:"mhvConcurrentCreation500s"`
	SessionsCreatedBy   []int64 `json:"sessionsCreatedByInstance"`
	// CVS: token requests the fake received.
	CVSTokenRequests int `json:"cvsTokenRequests"`
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fleet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the counts as JSON")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "usage: fleet [-json]\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), "\nEnvironment (REDIS_URL unset: the program says how to get a Redis and exits):\n")
		for _, v := range envVars {
			fmt.Fprintf(fs.Output(), "  %-20s  %s\n", v.Name, v.Help)
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	for _, req := range [][]string{
		{"REDIS_HASH_KEY", "REDIS_URL", "REDIS_ENCRYPTION_KEY"},
		{"REDIS_ENCRYPTION_KEY", "REDIS_URL", "REDIS_HASH_KEY"},
	} {
		if err := cli.Require(getenv, req[0], req[1:]...); err != nil {
			fmt.Fprintln(stderr, "fleet:", err)
			return 2
		}
	}
	url := getenv("REDIS_URL")
	if url == "" {
		fmt.Fprint(stdout, getRedis)
		return 0
	}
	ropts, err := redis.ParseURL(url)
	if err != nil {
		fmt.Fprintln(stderr, "fleet: REDIS_URL is not a Redis URL (redis://[user:password@]host:port/db)")
		return 2
	}
	keys, err := storeKeys(getenv)
	if err != nil {
		fmt.Fprintln(stderr, "fleet:", err)
		return 2
	}
	prefix := "rxbridge-example-" + randomHex(6) + ":"

	mhvSrv := mhvtest.NewServer(mhvtest.WithConcurrentSessionErrors(), mhvtest.WithSessionDelay(50*time.Millisecond))
	defer mhvSrv.Close()
	cvsSrv := cvsspecialtytest.NewServer()
	defer cvsSrv.Close()

	// Three instances: each has its own Redis connection pool and its own
	// clients, as three processes would.
	var vets []*mhv.User
	var mhvClients []*mhv.Client
	var cvsClients []*cvsspecialty.Client
	for range instances {
		rc := redis.NewClient(ropts)
		defer rc.Close()
		store, err := redisstore.New(rc, keys, redisstore.WithPrefix(prefix))
		if err != nil {
			fmt.Fprintln(stderr, "fleet:", err)
			return 1
		}
		mc, err := mhv.NewClient(mhvSrv.AppToken, rxbridge.WithBaseURL(mhvSrv.URL), rxbridge.WithStore(store))
		if err != nil {
			fmt.Fprintln(stderr, "fleet:", err)
			return 1
		}
		cc, err := cvsSrv.NewClient(rxbridge.WithStore(store))
		if err != nil {
			fmt.Fprintln(stderr, "fleet:", err)
			return 1
		}
		mhvClients = append(mhvClients, mc)
		vets = append(vets, mc.User(mhvtest.DemoVeteran))
		cvsClients = append(cvsClients, cc)
		if err := rc.Ping(ctx).Err(); err != nil {
			fmt.Fprintln(stderr, "fleet: Redis does not answer:", err)
			return 1
		}
	}

	// Every instance calls at once, for the same veteran and client id.
	start := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for i := range instances {
		for range goroutines {
			wg.Go(func() {
				<-start
				_, err := vets[i].ActivePrescriptions(ctx)
				if err == nil {
					_, err = cvsClients[i].Status(ctx, "ABC123")
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			})
		}
	}
	close(start)
	wg.Wait()
	if firstErr != nil {
		fmt.Fprintln(stderr, "fleet:", firstErr)
		return 1
	}

	rep := report{
		Instances:           instances,
		Calls:               goroutines,
		MHVSessions:         mhvSrv.SessionsCreated(mhvtest.DemoVeteran),
		MHVCreationRequests: mhvSrv.SessionRequests(mhvtest.DemoVeteran),
		MHV500s:             mhvSrv.SessionConflicts(),
		CVSTokenRequests:    cvsSrv.TokenRequests(),
	}
	for _, c := range mhvClients {
		rep.SessionsCreatedBy = append(rep.SessionsCreatedBy, c.SessionsCreated())
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return 1
		}
		return 0
	}
	fmt.Fprintf(stdout, "%d instances sharing Redis, %d concurrent calls each (MHV active prescriptions, then CVS status):\n",
		rep.Instances, rep.Calls)
	fmt.Fprintf(stdout, "  MHV: %d session(s) for the veteran, %d creation request(s), %d upstream 500(s); sessions created per instance: %v\n",
		rep.MHVSessions, rep.MHVCreationRequests, rep.MHV500s, rep.SessionsCreatedBy)
	fmt.Fprintf(stdout, "  CVS: %d token request(s) for the client id\n", rep.CVSTokenRequests)
	return 0
}

// storeKeys reads the store's keys, or makes random ones for this run.
func storeKeys(getenv func(string) string) (redisstore.Keys, error) {
	h, e := getenv("REDIS_HASH_KEY"), getenv("REDIS_ENCRYPTION_KEY")
	if h == "" && e == "" {
		return redisstore.Keys{Hash: randomBytes(32), Encryption: randomBytes(32)}, nil
	}
	hash, err1 := base64.StdEncoding.DecodeString(h)
	enc, err2 := base64.StdEncoding.DecodeString(e)
	if err1 != nil || err2 != nil {
		return redisstore.Keys{}, fmt.Errorf("REDIS_HASH_KEY and REDIS_ENCRYPTION_KEY must both be base64 (openssl rand -base64 32)")
	}
	return redisstore.Keys{Hash: hash, Encryption: enc}, nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails
	return b
}

func randomHex(n int) string { return hex.EncodeToString(randomBytes(n)) }
