package cvsspecialty_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
)

func TestInstancesSharingAStoreShareOneToken(t *testing.T) {
	srv := cvsspecialtytest.NewServer()
	t.Cleanup(srv.Close)
	store := rxbridge.NewMemoryStore()
	var clients []*cvsspecialty.Client
	for range 4 {
		c, err := srv.NewClient(rxbridge.WithStore(store))
		require.NoError(t, err)
		clients = append(clients, c)
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	for _, c := range clients {
		for range 25 {
			wg.Go(func() {
				_, err := c.Status(ctx, "ABC123")
				assert.NoError(t, err)
			})
		}
	}
	wg.Wait()
	assert.Equal(t, 1, srv.TokenRequests(), "one token for the client id, whichever instance")

	// CVS revokes it: the instances replace it once, together.
	srv.RevokeCredentials()
	for _, c := range clients {
		wg.Go(func() {
			_, err := c.Status(ctx, "ABC123")
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	assert.Equal(t, 2, srv.TokenRequests())

	// The token is stored under the client id (redisstore hashes it).
	id, _ := srv.Credentials()
	_, ok, err := store.Get(ctx, rxbridge.StoreKey{Namespace: "cvsspecialty.token", ID: id})
	require.NoError(t, err)
	assert.True(t, ok)
}

// unreachable is a shared store that is down.
type unreachable struct{}

var errUnreachable = &rxbridge.StoreError{Op: "get", Err: errors.New("dial tcp 127.0.0.1:6379: connect: connection refused")}

func (unreachable) Get(context.Context, rxbridge.StoreKey) ([]byte, bool, error) {
	return nil, false, errUnreachable
}
func (unreachable) Set(context.Context, rxbridge.StoreKey, []byte, time.Duration) error {
	return errUnreachable
}
func (unreachable) SetNX(context.Context, rxbridge.StoreKey, []byte, time.Duration) (bool, error) {
	return false, errUnreachable
}
func (unreachable) CompareAndDelete(context.Context, rxbridge.StoreKey, []byte) (bool, error) {
	return false, errUnreachable
}

func TestAnUnreachableStoreDegradesToOneTokenPerInstance(t *testing.T) {
	srv := cvsspecialtytest.NewServer()
	t.Cleanup(srv.Close)
	var logs strings.Builder
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return logs.Write(p)
	}), nil))
	c, err := srv.NewClient(rxbridge.WithStore(unreachable{}), rxbridge.WithLogger(logger))
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			_, err := c.Status(context.Background(), "ABC123")
			assert.NoError(t, err, "the calls keep working")
		})
	}
	wg.Wait()
	assert.Equal(t, 1, srv.TokenRequests(), "one token in this process")
	mu.Lock()
	defer mu.Unlock()
	out := logs.String()
	assert.Contains(t, out, "shared store failed")
	assert.Contains(t, out, "provider=cvsspecialty")
	assert.Contains(t, out, "credential=token")
	id, secret := srv.Credentials()
	assert.NotContains(t, out, id)
	assert.NotContains(t, out, secret)
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
