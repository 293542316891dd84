package carevalidate_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/carevalidate"
	"github.com/rxbridge/rxbridge-go/carevalidate/carevalidatetest"
)

// saveEvent stands for your durable store (a table, a queue).
func saveEvent(ctx context.Context, id string, raw []byte) error { return nil }

// A receiver for case updates: authenticated with the header you gave
// CareValidate and the x-cv-signature HMAC, de-duplicated (across your
// instances when they share a store, see rxbridge.WithStore), and
// acknowledged only once the event is stored. Here carevalidatetest's
// fake takes a case through its life and delivers the events.
func ExampleNewReceiver() {
	const header, secret, signingKey = "X-Partner-Auth", "partner-secret", "signing-key" // from your secret store
	rc, err := carevalidate.NewReceiver(carevalidate.WebhookSecrets{
		HeaderName:     header,
		Secrets:        []string{secret},
		SigningSecrets: []string{signingKey},
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
		fmt.Println(ev.Type())
		return saveEvent(ctx, ev.ID(), ev.Raw())
	}, carevalidate.WithWebhookLease(2*time.Minute))
	if err != nil {
		log.Print(err)
		return
	}
	mux := http.NewServeMux()
	mux.Handle("/carevalidate/webhook", rc)
	hooks := httptest.NewServer(mux) // your service
	defer hooks.Close()

	srv := carevalidatetest.NewServer(carevalidatetest.WithWebhook(carevalidatetest.Webhook{
		URL: hooks.URL + "/carevalidate/webhook", HeaderName: header, Secret: secret, SigningSecret: signingKey}))
	defer srv.Close()
	c, _ := srv.NewClient()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
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
	}
	// Output:
	// CREATE_CASE
	// PAYMENT_ADDED
	// ADD_CASE_ASSIGNEE
	// CHANGE_CASE_STATUS
	// CHANGE_CASE_STATUS
	// CHANGE_CASE_STATUS
	// ADD_CASE_DECISION
	// PAYMENT_COMPLETED
	// ORDER_CREATED
	// ADD_CASE_ATTACHMENT
	// ORDER_STATUS_CHANGED
	// ORDER_TRACKING_ADDED
	// ORDER_STATUS_CHANGED
	// ARCHIVE_CASE
}

// Verifying and parsing a delivery read by your own router.
func ExampleReceiver_VerifyAndParse() {
	const signingKey = "signing-key" // os.Getenv("CAREVALIDATE_SIGNING_KEY")
	rc, err := carevalidate.NewReceiver(carevalidate.WebhookSecrets{SigningSecrets: []string{signingKey}},
		func(context.Context, *carevalidate.Event) error { return nil }) // not called by VerifyAndParse
	if err != nil {
		log.Print(err)
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/hooks", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 32<<20)) // the raw body, unmodified
		ev, err := rc.VerifyAndParse(r.Context(), r.Header, body)
		switch {
		case errors.Is(err, carevalidate.ErrWebhookUnauthorized):
			fmt.Println("refused: bad signature")
			w.WriteHeader(http.StatusUnauthorized)
		case err != nil:
			w.WriteHeader(http.StatusBadRequest) // or 413
		default:
			fmt.Println(ev.Type())
			if ev.Type() == carevalidate.EventCreateCase {
				for _, a := range ev.Answers() {
					fmt.Println(a.Question, string(a.Answer))
				}
			}
			w.WriteHeader(http.StatusOK)
		}
	})
	hooks := httptest.NewServer(mux)
	defer hooks.Close()

	srv := carevalidatetest.NewServer(carevalidatetest.WithWebhook(carevalidatetest.Webhook{
		URL: hooks.URL + "/hooks", SigningSecret: signingKey}))
	defer srv.Close()
	c, _ := srv.NewClient()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := c.CreateCase(ctx, &carevalidate.CreateCaseRequest{FirstName: "Test", LastName: "Patient",
		Email: "test@example.com", FormTitle: "Intake",
		Questions: []carevalidate.Question{{QuestionID: "q1", Question: "Goals?", Type: "text", Answer: "Feel better"}}})
	if err != nil {
		log.Print(err)
		return
	}
	if err := srv.AddComment(res.CaseID, "Welcome"); err != nil {
		log.Print(err)
		return
	}
	if err := srv.WaitIdle(ctx); err != nil {
		log.Print(err)
	}
	resp, err := http.Post(hooks.URL+"/hooks", "application/json", strings.NewReader(`{"event":"CASE_CREATED"}`))
	if err == nil {
		resp.Body.Close()
	}
	// Output:
	// CREATE_CASE
	// Goals? Feel better
	// ADD_CASE_COMMENT
	// refused: bad signature
}

// Creating a case with an idempotency key you keep with your intake: a
// lost answer is retried with the same key, and CareValidate creates one
// case. (Here carevalidatetest's fake; against CareValidate the client is
// carevalidate.NewClient(os.Getenv("CAREVALIDATE_API_KEY"), carevalidate.WithStaging()).)
func ExampleClient_CreateCase() {
	srv := carevalidatetest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	srv.LoseAnswers(1) // the case is created, the answer lost
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
		// Without a key: the case may exist, look it up before trying again.
		id, lerr := c.LatestCaseID(ctx, carevalidate.LatestCaseQuery{Email: "jordan.sample@example.com"})
		fmt.Println(id, lerr)
	case errors.Is(err, carevalidate.ErrUnauthorized):
		// The API key was refused (CareValidate says so with HTTP 400).
	case err != nil:
		log.Print(err)
	default:
		fmt.Println("created:", res.CaseID == srv.CaseIDs()[0], "cases:", len(srv.CaseIDs()))
	}
	// Output:
	// created: true cases: 1
}

// Reading every case created in the last 90 days, page after page.
func ExampleClient_Cases() {
	now := time.Date(2025, time.March, 3, 12, 0, 0, 0, time.UTC) // time.Now() in your code
	srv := carevalidatetest.NewServer(carevalidatetest.WithClock(func() time.Time { return now }))
	defer srv.Close()
	c, err := srv.NewClient() // carevalidate.NewClient(os.Getenv("CAREVALIDATE_API_KEY"))
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	for _, name := range []string{"Ada", "Grace"} {
		if _, err := c.CreateCase(ctx, &carevalidate.CreateCaseRequest{FirstName: name, LastName: "Sample",
			Email: strings.ToLower(name) + "@example.com", FormTitle: "Intake",
			Questions: []carevalidate.Question{{QuestionID: "q1", Question: "Test?", Type: "text", Answer: "yes"}}}); err != nil {
			log.Print(err)
			return
		}
	}
	end := now.Add(time.Minute)
	q := carevalidate.ListCasesQuery{StartTime: end.AddDate(0, 0, -90), EndTime: end,
		Statuses: []carevalidate.CaseStatus{carevalidate.CaseOpen}}
	for cs, err := range c.Cases(ctx, q) { // 60-day windows, every page of each
		if err != nil {
			log.Print(err)
			break
		}
		fmt.Println(cs.ShortID, cs.Status, cs.CreatedAt.Time.Format(time.DateOnly))
	}
	// Output:
	// FAK-00001 OPEN 2025-03-03
	// FAK-00002 OPEN 2025-03-03
}

// Adding a comment with a document, without echoing it back as a webhook.
func ExampleClient_AddComment() {
	srv := carevalidatetest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient() // carevalidate.NewClient(os.Getenv("CAREVALIDATE_API_KEY"))
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	res, err := c.CreateCase(ctx, &carevalidate.CreateCaseRequest{FirstName: "Test", LastName: "Patient",
		Email: "test@example.com", FormTitle: "Intake",
		Questions: []carevalidate.Question{{QuestionID: "q1", Question: "Test?", Type: "text", Answer: "yes"}}})
	if err != nil {
		log.Print(err)
		return
	}
	pdf := []byte("%PDF-1.3 ...")
	_, err = c.AddComment(ctx, res.CaseID, &carevalidate.NewComment{
		Text:          "Lab results attached",
		WebhookNotify: rxbridge.Ptr(false),
		Author:        carevalidate.CommentAuthorRef{Email: "care-team@example.com"},
		Attachments:   []carevalidate.NewAttachment{{FileName: "labs.pdf", Content: pdf, IsPHI: true}},
	})
	if err != nil {
		log.Print(err)
		return
	}
	cs, err := c.GetCase(ctx, res.CaseID, nil)
	if err != nil {
		log.Print(err)
		return
	}
	for _, cm := range cs.Comments {
		fmt.Println(cm.Text, len(cm.Attachments))
	}
	// Output:
	// Lab results attached 1
}

// Saving a card: a SetupIntent for Stripe.js, then completing it.
func ExampleClient_CreatePaymentSetup() {
	srv := carevalidatetest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient() // carevalidate.NewClient(os.Getenv("CAREVALIDATE_API_KEY"))
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
	_ = setup.ClientSecret.Reveal() // hand to Stripe.js
	fmt.Println(setup.ClientSecret) // it prints as [REDACTED]
	err = c.CompletePaymentSetup(ctx, &carevalidate.CompletePaymentSetupRequest{
		StripeSetupID:   setup.SetupIntentID(),
		ShippingAddress: carevalidate.StripeAddress{Line1: "1 Main St", City: "Baton Rouge", State: "LA", Country: "US", PostalCode: "70801"},
	})
	fmt.Println("completed:", err == nil)
	// Output:
	// [REDACTED]
	// completed: true
}
