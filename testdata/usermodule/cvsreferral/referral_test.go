package cvsreferral_test

import (
	"context"
	"encoding/json"
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

// TestBuiltReferral builds a referral's values with the SDK's value types
// (rxbridge.NewDate, rxbridge.NewBool, rxbridge.Ptr) and checks the form
// CVS receives them in.
func TestBuiltReferral(t *testing.T) {
	srv := cvsspecialtytest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient(cvsspecialty.WithDateFormat(cvsspecialty.DateOnly))
	if err != nil {
		t.Fatal(err)
	}
	ref := cvsspecialtytest.SampleReferral()
	ref.Patient.BirthDate = rxbridge.NewDate(1993, time.October, 21)
	ref.Prescription[0].AuthoredOn = rxbridge.NewDate(2019, time.November, 22)
	ref.Prescription[0].SubstitutionAllowed = rxbridge.NewBool(true)
	ref.Prescription[0].Refills = rxbridge.Ptr(0)
	id, err := cvsreferral.Enroll(context.Background(), c, ref)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := srv.Referral(id)
	if !ok {
		t.Fatalf("the fake has no referral %q", id)
	}
	rx := got.Request.Prescription[0]
	flag, err := json.Marshal(rx.SubstitutionAllowed)
	if err != nil {
		t.Fatal(err)
	}
	if b, a := got.Request.Patient.BirthDate.Raw(), rx.AuthoredOn.Raw(); b != "1993-10-21" || a != "2019-11-22" {
		t.Errorf("CVS received birthDate %q and authoredOn %q, want the client's DateOnly form", b, a)
	}
	if string(flag) != `"true"` || !rx.SubstitutionAllowed.Value() {
		t.Errorf("CVS received substitutionAllowed %s, want \"true\"", flag)
	}
	if rx.Refills == nil || *rx.Refills != 0 {
		t.Errorf("CVS received refills %v, want 0", rx.Refills)
	}
}
