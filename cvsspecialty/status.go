package cvsspecialty

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// ReferralState is a referral's status as CVS reports it. The spec
// documents only "Pending" (in progress; its one example pairs it with the
// reason "Insurance Denied"); any other value decodes unchanged. Which
// statuses are final is not documented: WaitStatus takes them from the
// caller.
type ReferralState string

// StatePending is the documented status of a referral being worked on.
const StatePending ReferralState = "Pending"

// Known reports whether the state is one the spec documents.
func (s ReferralState) Known() bool { return strings.EqualFold(string(s), string(StatePending)) }

// StatusRequest is the status endpoint's request body.
type StatusRequest struct {
	TransactionIDs []string `json:"transactionIds"`
}

// StatusResponse is the status endpoint's answer.
type StatusResponse struct {
	StatusCode        string           `json:"statusCode"`
	StatusDescription string           `json:"statusDescription,omitempty"`
	ReferralStatus    []ReferralStatus `json:"referralStatus"`
}

// ReferralStatus is one row of a status answer.
type ReferralStatus struct {
	TransactionID string        `json:"transactionId"`
	Status        ReferralState `json:"status"`
	// Reason explains the status ("Insurance Denied").
	Reason string `json:"reason,omitempty"`
}

// StatusEntry is the status of one id you asked about.
type StatusEntry struct {
	// TransactionID is the id as you passed it.
	TransactionID string `json:"transactionId"`
	// Found reports whether CVS returned a row for it.
	Found  bool          `json:"found"`
	Status ReferralState `json:"status,omitempty"`
	Reason string        `json:"reason,omitempty"`
}

// StatusResult is the answer to a Status call.
type StatusResult struct {
	// Referrals has one entry per id passed to Status, in the same order
	// (an id passed twice appears twice). Rows are matched to ids by the
	// transactionId CVS returns, never by position: exactly, or else
	// ignoring letter case.
	Referrals []StatusEntry `json:"referrals"`
	// Unmatched holds rows whose transactionId matched no id that was asked
	// about (the spec's own example answers a request for one id with a row
	// for another) and second rows for the same id.
	Unmatched []ReferralStatus `json:"unmatched,omitempty"`
	// Requests is how many status requests (batches) were made.
	Requests int `json:"requests"`
}

// Lookup returns the entry for id.
func (r *StatusResult) Lookup(id string) (StatusEntry, bool) {
	if r == nil {
		return StatusEntry{}, false
	}
	for _, e := range r.Referrals {
		if e.TransactionID == id {
			return e, true
		}
	}
	return StatusEntry{}, false
}

// Status returns the current status of each referral id (the
// transactionIds Submit returned).
//
// The ids are de-duplicated and sent in batches of the client's batch size
// (WithStatusBatchSize), at most WithStatusConcurrency at a time. The
// status endpoint only reads, so each batch is retried on 429, 5xx and
// transport failures. If a batch fails, the others are cancelled and the
// error is returned (naming the batch, never the ids). No ids: an empty
// result and no request.
func (c *Client) Status(ctx context.Context, ids ...string) (*StatusResult, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	var p problems
	for i, id := range ids {
		if msg := checkID(id); msg != "" {
			p.add("transactionIds["+strconv.Itoa(i)+"]", msg)
		}
	}
	if err := p.err("Status"); err != nil {
		return nil, err
	}
	res := &StatusResult{Referrals: make([]StatusEntry, len(ids))}
	if len(ids) == 0 {
		return res, nil
	}
	// Unique ids, in first-seen order, and where each is first.
	unique := make([]string, 0, len(ids))
	first := make(map[string]int, len(ids))
	for i, id := range ids {
		if _, ok := first[id]; !ok {
			first[id] = i
			unique = append(unique, id)
		}
	}
	size := c.batchSize
	nb := (len(unique) + size - 1) / size
	rows := make([][]ReferralStatus, nb)
	if nb == 1 {
		r, err := c.statusBatch(ctx, unique)
		if err != nil {
			return nil, newBatchError(err, 0, 1)
		}
		rows[0] = r
		res.Requests = 1
		merge(res, ids, first, rows)
		return res, nil
	}
	errs := make([]error, nb)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sem := make(chan struct{}, c.concurrency)
	var wg sync.WaitGroup
	for b := range nb {
		lo, hi := b*size, min((b+1)*size, len(unique))
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-sem }()
			r, err := c.statusBatch(ctx, unique[lo:hi])
			if err != nil {
				errs[b] = err
				cancel()
				return
			}
			rows[b] = r
		})
	}
	wg.Wait()
	if err := firstBatchError(errs, nb); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Requests = nb
	merge(res, ids, first, rows)
	return res, nil
}

// firstBatchError returns the first failure that is not a cancellation
// caused by another batch's failure.
func firstBatchError(errs []error, nb int) error {
	var first error
	for b, err := range errs {
		if err == nil {
			continue
		}
		wrapped := newBatchError(err, b, nb)
		if !errors.Is(err, context.Canceled) {
			return wrapped
		}
		if first == nil {
			first = wrapped
		}
	}
	return first
}

// newBatchError is the error of batch b (from 0) of nb: the batch's own
// error, which names the operation and route, with the batch when there
// are several ("cvsspecialty: Status POST specialty/...: HTTP 503 [4
// attempts] (batch 2 of 3)"); never the ids.
func newBatchError(err error, b, nb int) *batchError {
	text := err.Error()
	if !strings.HasPrefix(text, "cvsspecialty: ") {
		text = "cvsspecialty: Status: " + text
	}
	if nb > 1 {
		text += " (batch " + strconv.Itoa(b+1) + " of " + strconv.Itoa(nb) + ")"
	}
	return &batchError{text: text, err: err}
}

// statusBatch sends one status request.
func (c *Client) statusBatch(ctx context.Context, ids []string) ([]ReferralStatus, error) {
	body, err := json.Marshal(StatusRequest{TransactionIDs: ids})
	if err != nil {
		return nil, err
	}
	req := &httpx.Request{
		Op:          "Status",
		Method:      http.MethodPost,
		Route:       routeStatus,
		Body:        body,
		Idempotency: httpx.Idempotent,
	}
	resp, err := c.hc.Do(ctx, req)
	if err != nil {
		c.dropTokenOn(err)
		return nil, err
	}
	var out struct {
		envelope
		ReferralStatus []ReferralStatus `json:"referralStatus"`
	}
	if err := decodeSuccess(resp, &out, &out.envelope); err != nil {
		c.dropTokenOn(err)
		return nil, err
	}
	return out.ReferralStatus, nil
}

// merge fills res.Referrals in the order of ids from the batches' rows;
// first maps each id to its first position.
func merge(res *StatusResult, ids []string, first map[string]int, batches [][]ReferralStatus) {
	for i, id := range ids {
		res.Referrals[i].TransactionID = id
	}
	var loose []ReferralStatus
	for _, rows := range batches {
		for _, row := range rows {
			if i, ok := first[row.TransactionID]; !ok || !assign(res, i, row) {
				loose = append(loose, row)
			}
		}
	}
	// Rows whose id differs from a requested one only in letter case.
	if len(loose) > 0 {
		folded := make(map[string][]int, len(first))
		for i, id := range ids {
			if first[id] == i {
				k := strings.ToLower(id)
				folded[k] = append(folded[k], i)
			}
		}
		for _, row := range loose {
			matched := false
			for _, i := range folded[strings.ToLower(row.TransactionID)] {
				if matched = assign(res, i, row); matched {
					break
				}
			}
			if !matched {
				res.Unmatched = append(res.Unmatched, row)
			}
		}
	}
	// An id passed more than once gets the same answer everywhere.
	for i, id := range ids {
		if j := first[id]; j != i {
			res.Referrals[i] = res.Referrals[j]
		}
	}
}

// assign stores row at position i unless it is filled already.
func assign(res *StatusResult, i int, row ReferralStatus) bool {
	e := &res.Referrals[i]
	if e.Found {
		return false
	}
	e.Found, e.Status, e.Reason = true, row.Status, row.Reason
	return true
}

// batchError names the failed batch of a Status call and unwraps to its
// cause, whose prefix it does not repeat.
type batchError struct {
	text string
	err  error
}

func (e *batchError) Error() string { return e.text }
func (e *batchError) Unwrap() error { return e.err }
