package faultserver

import (
	"context"
	"sync"
	"time"
)

// NewDeadline returns a context that ends with context.DeadlineExceeded
// when expire is called, as if its deadline had passed at that moment, and
// not before. A test that needs a call's deadline to pass at a given point
// (once the request is sent, once a first answer was read) calls expire
// there, from a handler or a responder, instead of racing a short
// context.WithTimeout against the machine's load. Its values are
// parent's; parent ending ends it too. expire may be called more than
// once.
func NewDeadline(parent context.Context) (ctx context.Context, expire func()) {
	d := &deadline{parent: parent, done: make(chan struct{})}
	d.mu.Lock()
	d.stop = context.AfterFunc(parent, d.expire)
	d.mu.Unlock()
	return d, d.expire
}

type deadline struct {
	parent context.Context
	done   chan struct{}
	once   sync.Once

	mu   sync.Mutex
	stop func() bool // ends the watch of parent
}

func (d *deadline) expire() {
	d.once.Do(func() {
		close(d.done)
		d.mu.Lock()
		stop := d.stop
		d.mu.Unlock()
		stop()
	})
}

// Deadline reports no deadline: the context ends on expire.
func (d *deadline) Deadline() (time.Time, bool) { return time.Time{}, false }

// Done is closed by expire.
func (d *deadline) Done() <-chan struct{} { return d.done }

// Err is context.DeadlineExceeded once expired (parent's error if parent
// ended first), else nil.
func (d *deadline) Err() error {
	select {
	case <-d.done:
		if err := d.parent.Err(); err != nil {
			return err
		}
		return context.DeadlineExceeded
	default:
		return nil
	}
}

// Value is parent's.
func (d *deadline) Value(key any) any { return d.parent.Value(key) }
