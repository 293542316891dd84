package carevalidatetest_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/carevalidate"
	"github.com/rxbridge/rxbridge-go/carevalidate/carevalidatetest"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"
)

// A test of your own webhook handling: the fake creates a case, drives it
// through its life and delivers signed events to your receiver.
func ExampleNewServer() {
	rc, err := carevalidate.NewReceiver(carevalidate.WebhookSecrets{HeaderName: "X-Partner-Auth", Secrets: []string{"test-secret"}},
		func(ctx context.Context, ev *carevalidate.Event) error {
			fmt.Println(ev.Type()) // your handler under test
			return nil
		})
	if err != nil {
		log.Fatal(err)
	}
	hook := httptest.NewServer(rc)
	defer hook.Close()

	srv := carevalidatetest.NewServer(carevalidatetest.WithWebhook(carevalidatetest.Webhook{
		URL: hook.URL, HeaderName: "X-Partner-Auth", Secret: "test-secret"}))
	defer srv.Close()
	c, err := carevalidate.NewClient(srv.APIKey, rxbridge.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := c.CreateCase(ctx, &carevalidate.CreateCaseRequest{FirstName: "Test", LastName: "Patient",
		Email: "test@example.com", FormTitle: "Intake",
		Questions: []carevalidate.Question{{QuestionID: "q1", Question: "Test?", Type: "text", Answer: "yes"}}})
	if err != nil {
		log.Fatal(err)
	}
	srv.Faults.Enqueue(rxbridgetest.GatewayHTML(503)) // the next REST call meets a gateway error
	if err := srv.RunLifecycle(res.CaseID); err != nil {
		log.Fatal(err)
	}
	if err := srv.WaitForDeliveries(ctx); err != nil {
		log.Fatal(err)
	}
	for _, d := range srv.Deliveries() {
		_ = d.Delivered
	}
}
