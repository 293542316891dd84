package main

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/develophealth"
	"github.com/rxbridge/rxbridge-go/develophealth/develophealthtest"
)

// runDevelophealth creates a prior authorization (the spec's example, with
// a denied sandbox mock result) on the Develop Health fake, polls it to
// completion and receives its signed webhooks.
func runDevelophealth(ctx context.Context, st *story, opts ...rxbridge.Option) (any, error) {
	const secret = "whsec_quickstart"
	var mu sync.Mutex
	var events []string
	hook, err := develophealth.NewReceiver(secret, func(_ context.Context, ev *develophealth.Event) error {
		mu.Lock()
		defer mu.Unlock()
		if ev.PriorAuthorization != nil {
			events = append(events, string(ev.Type())+" "+string(ev.PriorAuthorization.Status))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	receiver := httptest.NewServer(hook)
	defer receiver.Close()

	srv := develophealthtest.NewServer(develophealthtest.WithStepInterval(20*time.Millisecond),
		develophealthtest.WithWebhook(receiver.URL, secret))
	defer srv.Close()
	client, err := srv.NewClient(opts...)
	if err != nil {
		return nil, err
	}
	st.step("Start a webhook receiver: each delivery's JWT is checked before its body is read.")
	req, err := develophealthtest.PriorAuthRequestExample()
	if err != nil {
		return nil, err
	}
	req.MockResult = develophealth.MockDenied(develophealth.PriorAuthOutcomeDenialDetailStepTherapyCriteriaNotMet)
	created, err := client.CreatePriorAuthorization(ctx, req)
	if err != nil {
		return nil, err
	}
	st.step("CreatePriorAuthorization with the spec's example (a sandbox mock result: denied): created %s.", created.ID)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	pa, err := client.WaitPriorAuthorization(ctx, created.ID, develophealth.WaitOptions{Interval: 10 * time.Millisecond})
	if err != nil {
		return nil, err
	}
	next := ""
	if a := pa.DenialReasonAnalysis; a != nil {
		next = "; next steps: " + a.NextSteps
	}
	st.step("WaitPriorAuthorization polls it until it is %s: outcome %s (%s)%s.", pa.Status, pa.Outcome.Result, pa.Outcome.DetailCode(), next)
	if _, err := srv.WaitForDeliveries(ctx, 3); err != nil {
		return nil, errors.New("webhooks were not delivered")
	}
	mu.Lock()
	defer mu.Unlock()
	statuses := make([]string, 0, len(events))
	for _, e := range events {
		_, s, _ := strings.Cut(e, " ")
		statuses = append(statuses, s)
	}
	st.step("Webhooks received, verified and acknowledged, in order: %s.", strings.Join(statuses, ", "))
	summary := map[string]any{
		"prior_authorization": created.ID,
		"status":              pa.Status,
		"outcome":             pa.Outcome.Result,
		"detail_code":         pa.Outcome.DetailCode(),
		"webhooks":            append([]string(nil), events...),
	}
	if a := pa.DenialReasonAnalysis; a != nil {
		summary["next_steps"] = a.NextSteps
	}
	return summary, nil
}
