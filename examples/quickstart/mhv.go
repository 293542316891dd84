package main

import (
	"context"
	"errors"
	"fmt"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
)

// mhvSummary is what the quickstart prints for My HealtheVet (synthetic
// data from the fake).
type mhvSummary struct {
	Active          int              `json:"activePrescriptions"`
	History         int              `json:"historyPrescriptions"`
	TrackedID       int64            `json:"trackedPrescriptionId"`
	Carrier         string           `json:"carrier"`
	RefilledID      int64            `json:"refilledPrescriptionId"`
	StatusAfter     mhv.RefillStatus `json:"statusAfterRefill"`
	SecondRefill    string           `json:"secondRefill"`
	SessionsCreated int64            `json:"sessionsCreated"`
}

// runMHV runs the My HealtheVet flow against the fake: session, active
// list, history, tracking, a refill, and the duplicate refill MHV refuses.
func runMHV(ctx context.Context, opts ...rxbridge.Option) (any, error) {
	srv := mhvtest.NewServer()
	defer srv.Close()
	client, err := mhv.NewClient(srv.AppToken, append([]rxbridge.Option{rxbridge.WithBaseURL(srv.URL)}, opts...)...)
	if err != nil {
		return nil, err
	}
	vet := client.User(mhvtest.DemoVeteran)
	var sum mhvSummary

	active, err := vet.ActivePrescriptions(ctx)
	if err != nil {
		return nil, err
	}
	sum.Active = len(active.Prescriptions())
	history, err := vet.PrescriptionHistory(ctx)
	if err != nil {
		return nil, err
	}
	sum.History = len(history.Prescriptions())

	for _, rx := range active.Prescriptions() {
		if rx.IsTrackable && sum.TrackedID == 0 {
			tr, err := vet.Tracking(ctx, rx.PrescriptionID)
			if err != nil {
				return nil, err
			}
			sum.TrackedID = rx.PrescriptionID
			if s := tr.Shipments(); len(s) > 0 {
				sum.Carrier = s[0].DeliveryService
			}
		}
		if rx.IsRefillable && sum.RefilledID == 0 {
			if err := vet.Refill(ctx, rx.PrescriptionID); err != nil {
				return nil, err
			}
			sum.RefilledID = rx.PrescriptionID
		}
	}
	if sum.RefilledID == 0 {
		return nil, errors.New("mhv: no refillable prescription in the demo data")
	}
	after, err := vet.Prescription(ctx, sum.RefilledID)
	if err != nil {
		return nil, err
	}
	sum.StatusAfter = after.RefillStatus
	switch err := vet.Refill(ctx, sum.RefilledID); {
	case errors.Is(err, mhv.ErrNotRefillable):
		sum.SecondRefill = "refused by MHV (refill pending)"
	case err == nil:
		return nil, errors.New("mhv: a duplicate refill was accepted")
	default:
		return nil, fmt.Errorf("mhv: second refill: %w", err)
	}
	sum.SessionsCreated = client.SessionsCreated()
	return sum, nil
}
