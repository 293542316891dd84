package rxbridge_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"
)

// Which call failed, for a log record, without parsing the message; and
// the fields of the failure, with errors.As. Here MHV's fake resets the
// connection after reading a refill: its outcome is unknown.
func ExampleCallOf() {
	srv := mhvtest.NewServer()
	defer srv.Close()
	client, err := srv.NewClient()
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	vet := client.User(mhvtest.DemoVeteran)
	if err := vet.EnsureSession(ctx); err != nil {
		log.Print(err)
		return
	}
	srv.Faults.Enqueue(rxbridgetest.ResetAfterRead())

	err = vet.Refill(ctx, mhvtest.DemoRefillable)
	if call, ok := rxbridge.CallOf(err); ok {
		fmt.Println("failed call:", call.Provider, call.Op, call.Method, call.Route)
	}
	fmt.Println("outcome unknown:", errors.Is(err, mhv.ErrOutcomeUnknown))
	var te *rxbridge.TransportError
	if errors.As(err, &te) {
		fmt.Println("transport failure after", te.Attempts, "attempt")
	}
	// Output:
	// failed call: mhv Refill POST prescription/rxrefill/{id}
	// outcome unknown: true
	// transport failure after 1 attempt
}
