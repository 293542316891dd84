package cvsreferral_test

import (
	"context"
	"errors"
	"testing"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"

	"example.com/usermodule/cvsreferral"
)

func TestEnroll(t *testing.T) {
	srv := cvsspecialtytest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient(rxbridge.WithRetry(rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	id, err := cvsreferral.Enroll(ctx, c, cvsspecialtytest.SampleReferral())
	if err != nil || id == "" {
		t.Fatalf("Enroll = %q, %v", id, err)
	}

	// The referral is created, then the answer is lost: Enroll finds it.
	srv.LoseAnswers(1)
	id, err = cvsreferral.Enroll(ctx, c, cvsspecialtytest.SampleReferral())
	if err != nil {
		t.Fatalf("after a lost answer: %v", err)
	}
	if got := srv.Submissions(id); got != 1 {
		t.Fatalf("submitted %d times, want 1", got)
	}

	// A gateway page in front of intake: the outcome is unknown, CVS has
	// nothing, and Enroll says so.
	srv.IntakeFaults.Enqueue(rxbridgetest.GatewayHTML(502))
	_, err = cvsreferral.Enroll(ctx, c, cvsspecialtytest.SampleReferral())
	if !errors.Is(err, cvsspecialty.ErrOutcomeUnknown) {
		t.Fatalf("gateway page: %v, want ErrOutcomeUnknown", err)
	}

	// CVS revokes its tokens: the client fetches a new one and replays.
	srv.RevokeCredentials()
	if _, err := c.Status(ctx, id); err != nil {
		t.Fatalf("status after the tokens were revoked: %v", err)
	}

	// An outage of reads is retried.
	srv.Unavailable(2)
	if _, err := c.Status(ctx, id); err != nil {
		t.Fatalf("status through two 503s: %v", err)
	}
	if n := len(srv.Referrals()); n != 2 {
		t.Fatalf("%d referrals, want 2", n)
	}
}
