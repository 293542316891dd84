package callmsg

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Cut takes exactly "provider: where" and its separator, nothing it has
// to guess.
func TestCut(t *testing.T) {
	for _, tc := range []struct {
		msg, provider, where, rest string
		ok                         bool
	}{
		{"mhv: Refill POST r/{id}: HTTP 503", "mhv", "Refill POST r/{id}", "HTTP 503", true},
		{"mhv: Refill POST r/{id} (ambiguous)", "mhv", "Refill POST r/{id}", "(ambiguous)", true},
		{"mhv: Refill: invalid input", "mhv", "Refill", "invalid input", true},
		{"mhv: Refill POST r/{id}: HTTP 503", "mhv", "Refill POST", "", false}, // not the whole call
		{"mhv: Refill POST r/{id}x: HTTP 503", "mhv", "Refill POST r/{id}", "", false},
		{"cvs: Refill POST r/{id}: HTTP 503", "mhv", "Refill POST r/{id}", "", false},
		{"mhv: Refill POST r/{id}", "mhv", "Refill POST r/{id}", "", false},
	} {
		rest, ok := Cut(tc.msg, tc.provider, tc.where)
		assert.Equal(t, tc.ok, ok, tc.msg)
		assert.Equal(t, tc.rest, rest, tc.msg)
	}
}

// reader names a call for errors of type *named, and treats *outcome as
// an outcome-unknown error.
type reader struct{}

type named struct {
	c   Call
	msg string
}

func (e *named) Error() string { return e.msg }

type outcome struct {
	named
	cause error
}

func (e *outcome) Unwrap() error { return e.cause }

func (reader) CallOf(err error) (Call, bool) {
	switch e := err.(type) {
	case *named:
		return e.c, true
	case *outcome:
		return e.c, true
	}
	return Call{}, false
}

func (reader) Outcome(err error) (Call, error, bool) {
	var o *outcome
	if errors.As(err, &o) {
		return o.c, o.cause, true
	}
	return Call{}, nil, false
}

// A message of the call's shape that is not a call error is not split:
// the words are never read as a call.
func TestSplitAndCauseReadTheCallFromTheError(t *testing.T) {
	refill := Call{Provider: "mhv", Op: "Refill", Where: "Refill POST r/{id}"}
	status := &named{c: refill, msg: "mhv: Refill POST r/{id}: HTTP 503"}
	c, rest, ok := Split(reader{}, "mhv", status)
	assert.True(t, ok)
	assert.Equal(t, refill, c)
	assert.Equal(t, "HTTP 503", rest)

	lookalike := errors.New("mhv: Refill POST r/{id}: HTTP 503")
	_, _, ok = Split(reader{}, "mhv", lookalike)
	assert.False(t, ok)
	assert.Equal(t, "Refill POST r/{id}: HTTP 503", Cause(reader{}, "mhv", "Refill", lookalike))

	assert.Equal(t, "HTTP 503", Cause(reader{}, "mhv", "Refill", status))
	assert.Equal(t, "Refill POST r/{id}: HTTP 503", Cause(reader{}, "mhv", "", status))
	assert.Equal(t, "Refill POST r/{id}: HTTP 503", Cause(reader{}, "mhv", "Prescription", status))
	// An outcome-unknown error of the same call gives its cause.
	ou := &outcome{named: named{c: refill, msg: "mhv: Refill POST r/{id}: outcome unknown: HTTP 503"}, cause: status}
	assert.Equal(t, "HTTP 503", Cause(reader{}, "mhv", "Refill", ou))
	assert.Equal(t, "<nil>", Cause(reader{}, "mhv", "Refill", nil))
}
