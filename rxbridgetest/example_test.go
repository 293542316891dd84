package rxbridgetest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"
)

// Every fake has an Injector in front of its API (srv.Faults): queue
// faults, one per request, and read what the fake received.
func ExampleInjector() {
	srv := mhvtest.NewServer()
	defer srv.Close()
	client, err := srv.NewClient(rxbridge.WithRetry(rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond}))
	if err != nil {
		log.Print(err)
		return
	}
	vet := client.User(mhvtest.DemoVeteran)
	ctx := context.Background()
	if err := vet.EnsureSession(ctx); err != nil { // the session request is not what we count
		log.Print(err)
		return
	}
	srv.Faults.Reset()

	// A read meets a gateway's error page, then a reset connection: it is
	// retried and succeeds on the third attempt.
	srv.Faults.Enqueue(rxbridgetest.GatewayHTML(503), rxbridgetest.ResetBeforeRead())
	_, err = vet.ActivePrescriptions(ctx)
	fmt.Println("read:", err, "after", srv.Faults.Count(), "requests")

	// A refill is never repeated once sent: its error says the outcome is unknown.
	srv.Faults.Enqueue(rxbridgetest.GatewayHTML(502))
	err = vet.Refill(ctx, mhvtest.DemoRefillable)
	fmt.Println("refill outcome unknown:", errors.Is(err, mhv.ErrOutcomeUnknown))
	for _, r := range srv.Faults.Requests() {
		fmt.Println(r.Method, r.Path)
	}
	// Output:
	// read: <nil> after 3 requests
	// refill outcome unknown: true
	// GET /mhv-api/patient/v1/prescription/getactiverx
	// GET /mhv-api/patient/v1/prescription/getactiverx
	// GET /mhv-api/patient/v1/prescription/getactiverx
	// POST /mhv-api/patient/v1/prescription/rxrefill/22000101
}
