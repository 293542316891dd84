package casecreate_test

import (
	"context"
	"errors"
	"testing"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/carevalidate"
	"github.com/rxbridge/rxbridge-go/carevalidate/carevalidatetest"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"

	"example.com/usermodule/casecreate"
)

func TestOpen(t *testing.T) {
	srv := carevalidatetest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient(rxbridge.WithRetry(rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	in := casecreate.Intake{FirstName: "Jordan", LastName: "Sample", Email: "jordan.sample@example.com", HeightCM: "180"}

	id, err := casecreate.Open(ctx, c, in, "")
	if err != nil || id == "" {
		t.Fatalf("Open = %q, %v", id, err)
	}

	// Without a key, a lost answer is not repeated.
	srv.LoseAnswers(1)
	_, err = casecreate.Open(ctx, c, in, "")
	if !errors.Is(err, carevalidate.ErrOutcomeUnknown) {
		t.Fatalf("lost answer: %v, want ErrOutcomeUnknown", err)
	}
	if n := len(srv.CaseIDs()); n != 2 {
		t.Fatalf("%d cases, want 2", n)
	}

	// With a key, the SDK repeats it with the same key: one case.
	srv.LoseAnswers(1)
	id, err = casecreate.Open(ctx, c, in, carevalidate.NewIdempotencyKey())
	if err != nil || id == "" {
		t.Fatalf("keyed create after a lost answer = %q, %v", id, err)
	}
	if n := len(srv.CaseIDs()); n != 3 {
		t.Fatalf("%d cases, want 3", n)
	}

	// A gateway page on a read is retried; an outage is a typed error.
	srv.Faults.Enqueue(rxbridgetest.GatewayHTML(502))
	if _, err := c.GetCase(ctx, id, nil); err != nil {
		t.Fatalf("read through a 502 page: %v", err)
	}
	srv.Unavailable(10)
	if _, err := c.GetCase(ctx, id, nil); !errors.Is(err, carevalidate.ErrServer) {
		t.Fatalf("outage: %v, want ErrServer", err)
	}
}
