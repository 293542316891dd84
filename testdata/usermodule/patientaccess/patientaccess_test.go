package patientaccess_test

import (
	"context"
	"errors"
	"testing"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/allcarefhir/allcarefhirtest"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"

	"example.com/usermodule/patientaccess"
)

func TestClaimCount(t *testing.T) {
	srv := allcarefhirtest.NewServer(allcarefhirtest.WithEOBCount(12), allcarefhirtest.WithPageSize(5))
	defer srv.Close()
	c, err := srv.NewClient(rxbridge.WithRetry(rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	n, err := patientaccess.ClaimCount(ctx, c, srv.PatientID)
	if err != nil || n != 12 {
		t.Fatalf("ClaimCount = %d, %v; want 12", n, err)
	}

	// A reset in the middle of the pages is retried (reads are).
	srv.Faults.Enqueue(rxbridgetest.ResetAfterRead())
	if n, err := patientaccess.ClaimCount(ctx, c, srv.PatientID); err != nil || n != 12 {
		t.Fatalf("through a reset: %d, %v", n, err)
	}

	// An outage is a typed error.
	srv.Unavailable(10)
	if _, err := patientaccess.ClaimCount(ctx, c, srv.PatientID); !errors.Is(err, allcarefhir.ErrServer) {
		t.Fatalf("outage: %v, want ErrServer", err)
	}
}
