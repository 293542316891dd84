package mhvrefill_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"

	"example.com/usermodule/mhvrefill"
)

func TestRefillAll(t *testing.T) {
	srv := mhvtest.NewServer()
	defer srv.Close()
	client, err := srv.NewClient(rxbridge.WithRetry(rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	vet := client.User(mhvtest.DemoVeteran)
	ctx := context.Background()

	// The first refill happens at MHV but its answer is lost.
	srv.LoseAnswers(1)
	res, err := mhvrefill.RefillAll(ctx, vet)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Unknown, []int64{mhvtest.DemoRefillable}) || !slices.Equal(res.Refilled, []int64{mhvtest.DemoTrackable}) {
		t.Fatalf("RefillAll = %+v", res)
	}
	if n := srv.RefillRequests(mhvtest.DemoRefillable); n != 1 {
		t.Fatalf("the lost refill was sent %d times, want 1", n)
	}

	// A gateway error page in front of the list is retried (a read).
	srv.Faults.Enqueue(rxbridgetest.GatewayHTML(503))
	if _, err := vet.ActivePrescriptions(ctx); err != nil {
		t.Fatalf("list through a 503 page: %v", err)
	}

	// MHV ends every session early: the client opens a new one and the
	// call goes through.
	srv.RevokeCredentials()
	if _, err := vet.ActivePrescriptions(ctx); err != nil {
		t.Fatalf("list after the sessions were revoked: %v", err)
	}

	// An outage longer than the retries: a typed error.
	srv.Unavailable(10)
	_, err = vet.ActivePrescriptions(ctx)
	if !errors.Is(err, mhv.ErrServer) {
		t.Fatalf("outage: %v, want ErrServer", err)
	}
}
