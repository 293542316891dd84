package carevalidatetest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"sync/atomic"
	"time"

	"github.com/rxbridge/rxbridge-go/carevalidate"
	"github.com/rxbridge/rxbridge-go/carevalidate/carevalidatetest"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"
)

// A test of your own webhook handling: the fake creates a case, drives it
// through its life and delivers signed events to your receiver, resending
// those your handler failed; faults script the REST API's failures.
func ExampleNewServer() {
	var failedOnce atomic.Bool
	rc, err := carevalidate.NewReceiver(carevalidate.WebhookSecrets{HeaderName: "X-Partner-Auth", Secrets: []string{"test-secret"}},
		func(ctx context.Context, ev *carevalidate.Event) error {
			// Your handler under test; this one fails once, as a database might.
			if ev.Type() == carevalidate.EventPaymentAdded && failedOnce.CompareAndSwap(false, true) {
				return errors.New("database unavailable")
			}
			return nil
		})
	if err != nil {
		log.Print(err)
		return
	}
	hook := httptest.NewServer(rc)
	defer hook.Close()

	srv := carevalidatetest.NewServer(carevalidatetest.WithWebhook(carevalidatetest.Webhook{
		URL: hook.URL, HeaderName: "X-Partner-Auth", Secret: "test-secret"}))
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		log.Print(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := c.CreateCase(ctx, &carevalidate.CreateCaseRequest{FirstName: "Test", LastName: "Patient",
		Email: "test@example.com", FormTitle: "Intake",
		Questions: []carevalidate.Question{{QuestionID: "q1", Question: "Test?", Type: "text", Answer: "yes"}}})
	if err != nil {
		log.Print(err)
		return
	}
	if err := srv.RunLifecycle(res.CaseID); err != nil {
		log.Print(err)
		return
	}
	if err := srv.WaitIdle(ctx); err != nil {
		log.Print(err)
		return
	}
	delivered := 0
	for _, d := range srv.Deliveries() {
		if d.Delivered {
			delivered++
		}
		if d.Attempts > 1 {
			fmt.Println(d.Type, "delivered after", d.Attempts, "attempts")
		}
	}
	fmt.Println(delivered, "of", len(srv.Deliveries()), "events delivered")

	srv.Faults.Enqueue(rxbridgetest.GatewayHTML(503)) // the next REST call meets a gateway error page
	cs, err := c.GetCase(ctx, res.CaseID, nil)        // a read: retried
	if err != nil {
		log.Print(err)
		return
	}
	fmt.Println("case", cs.Status, "archived:", cs.IsArchived)
	// Output:
	// PAYMENT_ADDED delivered after 2 attempts
	// 14 of 14 events delivered
	// case APPROVED archived: true
}
