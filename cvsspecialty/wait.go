package cvsspecialty

import (
	"context"
	"strings"
	"time"

	"github.com/rxbridge/rxbridge-go/internal/apierr"
)

// What the spec says about a referral's states, and what it does not:
//
//   - "Pending" (StatePending) is the only status the spec shows: the
//     referral is being worked on.
//   - The spec's one example pairs it with the reason "Insurance Denied":
//     a referral can stay Pending while CVS reports a problem in Reason.
//   - No other status is documented, nor which statuses are final, nor
//     whether CVS lists a referral at once after intake. Other values
//     decode unchanged (ReferralState.Known reports false).
//
// So the SDK does not decide which states are final: WaitStatus takes them
// from the caller (WaitStatusOptions.Terminal) and, by default, returns as
// soon as the referral is no longer Pending, the only state known to mean
// "still in progress". The fake's lifecycle (Pending, Processing, Shipped)
// is the fake's own.

// WaitStatusOptions tune WaitStatus.
type WaitStatusOptions struct {
	// Interval between status reads (default 30s, at least 1ms). Each read
	// is one status request, retried like Status.
	Interval time.Duration
	// Terminal are the statuses that end the wait, compared ignoring
	// letter case. Empty: any status other than Pending ends it (see
	// above: Pending is the only state the spec documents as in progress).
	Terminal []ReferralState
	// StopOnReason also ends the wait when CVS gives a reason, whatever
	// the status (the spec's example: Pending with "Insurance Denied").
	StopOnReason bool
	// OnUpdate, when set, is called with the first read and every read
	// whose status, reason or presence differs from the previous one.
	OnUpdate func(StatusEntry)
}

// terminal reports whether e ends the wait.
func (o *WaitStatusOptions) terminal(e StatusEntry) bool {
	if !e.Found {
		return false
	}
	if o.StopOnReason && strings.TrimSpace(e.Reason) != "" {
		return true
	}
	if len(o.Terminal) == 0 {
		return !strings.EqualFold(string(e.Status), string(StatePending))
	}
	for _, s := range o.Terminal {
		if strings.EqualFold(string(e.Status), string(s)) {
			return true
		}
	}
	return false
}

// WaitStatus reads the status of one referral (an id Submit returned)
// every Interval until it reaches a terminal status (see
// WaitStatusOptions.Terminal), and returns that entry. A referral that CVS
// does not list yet (Found false) is waited for too, so bound the wait
// with ctx: when ctx ends first, WaitStatus returns the last entry read
// with ctx.Err(). An error of a read is returned at once, with the last
// entry (each read already retried transient failures).
//
// CVS offers no status callback: polling is the only way to follow a
// referral. Keep Interval in minutes in production; referrals move in
// hours or days.
func (c *Client) WaitStatus(ctx context.Context, id string, o WaitStatusOptions) (StatusEntry, error) {
	if ctx == nil {
		return StatusEntry{TransactionID: id}, apierr.Input("cvsspecialty", "WaitStatus", "nil context.Context")
	}
	interval := o.Interval
	if interval <= 0 {
		interval = 30 * time.Second
	}
	interval = max(interval, time.Millisecond)
	last := StatusEntry{TransactionID: id}
	first := true
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return last, ctx.Err()
		case <-t.C:
		}
		res, err := c.Status(ctx, id)
		if err != nil {
			if ctx.Err() != nil {
				return last, ctx.Err()
			}
			return last, err
		}
		e, _ := res.Lookup(id)
		if o.OnUpdate != nil && (first || e.Found != last.Found || e.Status != last.Status || e.Reason != last.Reason) {
			o.OnUpdate(e)
		}
		first, last = false, e
		if o.terminal(e) {
			return e, nil
		}
		t.Reset(interval)
	}
}
