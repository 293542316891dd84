package main

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/develophealth"
	"github.com/rxbridge/rxbridge-go/develophealth/develophealthtest"
)

// runDevelophealth creates a prior authorization (the spec's example, with
// a denied sandbox mock result) on the Develop Health fake, polls it to
// completion and receives its signed webhooks.
func runDevelophealth(ctx context.Context, opts ...rxbridge.Option) (any, error) {
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
	req, err := develophealthtest.PriorAuthRequestExample()
	if err != nil {
		return nil, err
	}
	req.MockResult = develophealth.MockDenied(develophealth.PriorAuthOutcomeDenialDetailStepTherapyCriteriaNotMet)
	created, err := client.CreatePriorAuthorization(ctx, req)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	pa, err := client.WaitPriorAuthorization(ctx, created.ID, develophealth.WaitOptions{Interval: 10 * time.Millisecond})
	if err != nil {
		return nil, err
	}
	if _, err := srv.WaitForDeliveries(ctx, 3); err != nil {
		return nil, errors.New("webhooks were not delivered")
	}
	mu.Lock()
	defer mu.Unlock()
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
