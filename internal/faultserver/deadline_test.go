package faultserver

import (
	"context"
	"errors"
	"net"
	"runtime"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type ctxKey struct{}

// A NewDeadline context ends when expire is called, with the error of a
// deadline, and only then; what derives from it ends with it.
func TestNewDeadlineEndsOnExpire(t *testing.T) {
	parent := context.WithValue(context.Background(), ctxKey{}, "v")
	ctx, expire := NewDeadline(parent)
	child, cancel := context.WithCancel(ctx)
	defer cancel()
	assert.NoError(t, ctx.Err())
	select {
	case <-ctx.Done():
		t.Fatal("done before expire")
	default:
	}
	_, has := ctx.Deadline()
	assert.False(t, has)
	assert.Equal(t, "v", ctx.Value(ctxKey{}))

	expire()
	expire()
	<-ctx.Done()
	<-child.Done()
	assert.ErrorIs(t, ctx.Err(), context.DeadlineExceeded)
	assert.ErrorIs(t, child.Err(), context.DeadlineExceeded)
	assert.ErrorIs(t, context.Cause(child), context.DeadlineExceeded)
}

// Its parent ending ends it, with the parent's error.
func TestNewDeadlineFollowsItsParent(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	ctx, expire := NewDeadline(parent)
	cancel()
	<-ctx.Done()
	assert.ErrorIs(t, ctx.Err(), context.Canceled)
	expire()
	assert.ErrorIs(t, ctx.Err(), context.Canceled)
}

// A RefusingAddr refuses connections, and no server can take its port.
func TestRefusingAddr(t *testing.T) {
	addr := RefusingAddr(t)
	_, err := net.Dial("tcp", addr)
	require.Error(t, err)
	if runtime.GOOS != "windows" {
		assert.True(t, errors.Is(err, syscall.ECONNREFUSED), "%v", err)
	}
	if runtime.GOOS == "linux" || runtime.GOOS == "darwin" {
		ln, err := net.Listen("tcp", addr)
		if err == nil {
			_ = ln.Close()
		}
		assert.Error(t, err, "the port is held")
	}
}
