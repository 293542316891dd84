package priorauth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/develophealth"
	"github.com/rxbridge/rxbridge-go/develophealth/develophealthtest"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"

	"example.com/usermodule/priorauth"
)

func TestSubmit(t *testing.T) {
	srv := develophealthtest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient(rxbridge.WithRetry(rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	req, err := develophealthtest.PriorAuthRequestExample()
	if err != nil {
		t.Fatal(err)
	}

	status, err := priorauth.Submit(ctx, c, req)
	if err != nil || status == "" {
		t.Fatalf("Submit = %q, %v", status, err)
	}

	// Created, answer lost: the caller is told to check, nothing is resent.
	srv.LoseAnswers(1)
	_, err = priorauth.Submit(ctx, c, req)
	if !errors.Is(err, priorauth.ErrCheckBeforeResending) || !errors.Is(err, develophealth.ErrOutcomeUnknown) {
		t.Fatalf("lost answer: %v", err)
	}
	if n := len(srv.PriorAuthorizationIDs()); n != 2 {
		t.Fatalf("%d prior authorizations, want 2 (never resent)", n)
	}

	// A 429 is refused before acting: retried even for a create.
	srv.Faults.Enqueue(rxbridgetest.RetryAfter(429, "0"))
	if _, err := priorauth.Submit(ctx, c, req); err != nil {
		t.Fatalf("through a 429: %v", err)
	}

	// An outage of the reads.
	srv.Unavailable(10)
	_, err = c.GetPriorAuthorization(ctx, srv.PriorAuthorizationIDs()[0])
	if !errors.Is(err, develophealth.ErrServer) {
		t.Fatalf("outage: %v, want ErrServer", err)
	}
}
