package carevalidate_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/carevalidate"
)

// saveEvent stands for your durable store (a table, a queue).
func saveEvent(ctx context.Context, id string, raw []byte) error { return nil }

// A receiver for case updates: authenticated with the header you gave
// CareValidate and the x-cv-signature HMAC, de-duplicated (across your
// instances when they share a store, see rxbridge.WithStore), and
// acknowledged only once the event is stored.
func ExampleNewReceiver() {
	rc, err := carevalidate.NewReceiver(carevalidate.WebhookSecrets{
		HeaderName:     "X-Partner-Auth",
		Secrets:        []string{os.Getenv("CAREVALIDATE_WEBHOOK_SECRET")},
		SigningSecrets: []string{os.Getenv("CAREVALIDATE_SIGNING_KEY")},
	}, func(ctx context.Context, ev *carevalidate.Event) error {
		switch ev.Type() {
		case carevalidate.EventAddCaseDecision:
			for _, d := range ev.Payload.Case.Decisions {
				_ = d.Medicines()
			}
		case carevalidate.EventOrderTrackingAdded:
			if o := ev.Order(); o != nil {
				_ = o.TrackingID
			}
		}
		return saveEvent(ctx, ev.ID(), ev.Raw())
	}, carevalidate.WithWebhookLease(2*time.Minute))
	if err != nil {
		log.Print(err)
		return
	}
	http.Handle("/carevalidate/webhook", rc)
}

// Verifying and parsing a delivery read by your own router.
func ExampleReceiver_VerifyAndParse() {
	rc, err := carevalidate.NewReceiver(carevalidate.WebhookSecrets{SigningSecrets: []string{os.Getenv("CAREVALIDATE_SIGNING_KEY")}},
		func(context.Context, *carevalidate.Event) error { return nil })
	if err != nil {
		log.Print(err)
		return
	}
	var header http.Header // from your framework
	var body []byte        // the raw body, unmodified
	ev, err := rc.VerifyAndParse(context.Background(), header, body)
	switch {
	case errors.Is(err, carevalidate.ErrWebhookUnauthorized):
		// answer 401
	case err != nil:
		// answer 400 or 413
	default:
		for _, a := range ev.Answers() {
			_ = a.Question + ": " + string(a.Answer)
		}
	}
}

// Creating a case with an idempotency key you keep with your intake.
func ExampleClient_CreateCase() {
	c, err := carevalidate.NewClient(os.Getenv("CAREVALIDATE_API_KEY"), carevalidate.WithStaging())
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	res, err := c.CreateCase(ctx, &carevalidate.CreateCaseRequest{
		FirstName: "Jordan", LastName: "Sample", Email: "jordan.sample@example.com",
		FormTitle: "Weight Loss Intake",
		Questions: []carevalidate.Question{
			{QuestionID: "height", Question: "Height (cm)?", Type: "text", Answer: "180"},
			{QuestionID: "goals", Question: "Goals?", Type: "multiselect", Answer: []string{"Lose weight"}},
		},
		DOB:            rxbridge.NewDate(1990, time.March, 4),
		IdempotencyKey: carevalidate.NewIdempotencyKey(),
	})
	switch {
	case errors.Is(err, carevalidate.ErrOutcomeUnknown):
		// The case may exist: look it up before trying again.
		id, lerr := c.LatestCaseID(ctx, carevalidate.LatestCaseQuery{Email: "jordan.sample@example.com"})
		fmt.Println(id, lerr)
	case errors.Is(err, carevalidate.ErrUnauthorized):
		// The API key was refused (CareValidate says so with HTTP 400).
	case err != nil:
		log.Print(err)
	default:
		fmt.Println(res.CaseID)
	}
}

// Reading every case created in the last 90 days, page after page.
func ExampleClient_Cases() {
	c, err := carevalidate.NewClient(os.Getenv("CAREVALIDATE_API_KEY"))
	if err != nil {
		log.Print(err)
		return
	}
	end := time.Now()
	q := carevalidate.ListCasesQuery{StartTime: end.AddDate(0, 0, -90), EndTime: end,
		Statuses: []carevalidate.CaseStatus{carevalidate.CaseApproved}}
	for cs, err := range c.Cases(context.Background(), q) {
		if err != nil {
			log.Print(err)
			break
		}
		fmt.Println(cs.ShortID, cs.Status)
	}
}

// Adding a comment with a document, without echoing it back as a webhook.
func ExampleClient_AddComment() {
	c, err := carevalidate.NewClient(os.Getenv("CAREVALIDATE_API_KEY"))
	if err != nil {
		log.Print(err)
		return
	}
	pdf := []byte("%PDF-1.3 ...")
	_, err = c.AddComment(context.Background(), "case-id", &carevalidate.NewComment{
		Text:          "Lab results attached",
		WebhookNotify: rxbridge.Ptr(false),
		Author:        carevalidate.CommentAuthorRef{Email: "care-team@example.com"},
		Attachments:   []carevalidate.NewAttachment{{FileName: "labs.pdf", Content: pdf, IsPHI: true}},
	})
	if err != nil {
		log.Print(err)
	}
}

// Saving a card: a SetupIntent for Stripe.js, then completing it.
func ExampleClient_CreatePaymentSetup() {
	c, err := carevalidate.NewClient(os.Getenv("CAREVALIDATE_API_KEY"))
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	setup, err := c.CreatePaymentSetup(ctx, &carevalidate.PaymentSetupRequest{Metadata: &carevalidate.PaymentMetadata{Email: "jordan.sample@example.com"}})
	if err != nil {
		log.Print(err)
		return
	}
	_ = setup.ClientSecret.Reveal() // hand to Stripe.js; it prints as [REDACTED]
	err = c.CompletePaymentSetup(ctx, &carevalidate.CompletePaymentSetupRequest{
		StripeSetupID:   setup.SetupIntentID(),
		ShippingAddress: carevalidate.StripeAddress{Line1: "1 Main St", City: "Baton Rouge", State: "LA", Country: "US", PostalCode: "70801"},
	})
	if err != nil {
		log.Print(err)
	}
}
