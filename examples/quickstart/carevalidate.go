package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/carevalidate"
	"github.com/rxbridge/rxbridge-go/carevalidate/carevalidatetest"
)

// carevalidateSummary is the CareValidate flow's values for -json.
type carevalidateSummary struct {
	CaseID      string   `json:"caseId"`
	ShortID     string   `json:"shortId"`
	FinalStatus string   `json:"finalStatus"`
	Archived    bool     `json:"archived"`
	Events      []string `json:"events"`
	Answers     int      `json:"answers"`
	Tracking    string   `json:"trackingId,omitempty"`
}

// runCarevalidate creates a case on the fake, lets the fake drive it from
// creation to archiving, and receives the signed case-update webhooks
// through a carevalidate.Receiver.
func runCarevalidate(ctx context.Context, st *story, opts ...rxbridge.Option) (any, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	const header, secret, signingKey = "X-Partner-Auth", "quickstart-header-secret", "quickstart-signing-key"

	events := make(chan *carevalidate.Event, 32)
	rc, err := carevalidate.NewReceiver(carevalidate.WebhookSecrets{
		HeaderName: header, Secrets: []string{secret}, SigningSecrets: []string{signingKey},
	}, func(ctx context.Context, ev *carevalidate.Event) error {
		select {
		case events <- ev:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	if err != nil {
		return nil, err
	}
	hook := httptest.NewServer(rc)
	defer hook.Close()

	fake := carevalidatetest.NewServer(carevalidatetest.WithWebhook(carevalidatetest.Webhook{
		URL: hook.URL, HeaderName: header, Secret: secret, SigningSecret: signingKey}))
	defer fake.Close()
	client, err := fake.NewClient(opts...)
	if err != nil {
		return nil, err
	}
	st.step("Start a webhook receiver that checks the partner header secret and the x-cv-signature HMAC.")
	res, err := client.CreateCase(ctx, &carevalidate.CreateCaseRequest{
		FirstName: "Synthetic", LastName: "Patient", Email: "synthetic.patient@example.com", FormTitle: "Quickstart intake",
		Questions: []carevalidate.Question{
			{QuestionID: "goal", Question: "What is your main goal?", Type: "text", Answer: "Quickstart"},
			{QuestionID: "height", Question: "Height (cm)?", Type: "text", Answer: "170"},
		},
		IdempotencyKey: carevalidate.NewIdempotencyKey(),
	})
	if err != nil {
		return nil, fmt.Errorf("create case: %w", err)
	}
	st.step("CreateCase with 2 intake answers and an idempotency key (a lost answer would be retried with the same key): created.")
	if err := fake.RunLifecycle(res.CaseID); err != nil {
		return nil, err
	}
	st.step("CareValidate works the case: payment, doctor, review, approval, order, shipping, delivery, archiving.")
	sum := carevalidateSummary{CaseID: res.CaseID}
	for done := false; !done; {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("case not closed after %d events: %w", len(sum.Events), ctx.Err())
		case ev := <-events:
			sum.Events = append(sum.Events, string(ev.Type()))
			if ev.Type() == carevalidate.EventCreateCase {
				sum.Answers = len(ev.Answers())
			}
			if o := ev.Order(); o != nil && o.TrackingID != "" {
				sum.Tracking = o.TrackingID
			}
			done = ev.Type() == carevalidate.EventArchiveCase
		}
	}
	st.step("Webhooks received, verified and processed once each: %d events, %s first and %s last; the answers (%d) read from the first, tracking %s from the order.",
		len(sum.Events), sum.Events[0], sum.Events[len(sum.Events)-1], sum.Answers, sum.Tracking)
	cs, err := client.GetCase(ctx, res.CaseID, nil)
	if err != nil {
		return nil, err
	}
	sum.ShortID, sum.FinalStatus, sum.Archived = cs.ShortID, string(cs.Status), cs.IsArchived
	st.step("GetCase: case %s is %s, archived: %t.", sum.ShortID, sum.FinalStatus, sum.Archived)
	return sum, nil
}
