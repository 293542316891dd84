package main

import (
	"context"
	"errors"
	"fmt"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
)

// mhvSummary is the My HealtheVet flow's values for -json (synthetic data
// from the fake).
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
// list, history, a refill, the duplicate refill MHV refuses, and tracking.
func runMHV(ctx context.Context, st *story, opts ...rxbridge.Option) (any, error) {
	srv := mhvtest.NewServer()
	defer srv.Close()
	client, err := srv.NewClient(opts...)
	if err != nil {
		return nil, err
	}
	vet := client.User(mhvtest.DemoVeteran) // one handle per veteran
	var sum mhvSummary

	active, err := vet.ActivePrescriptions(ctx)
	if err != nil {
		return nil, err
	}
	sum.Active = len(active.Prescriptions())
	st.step("ActivePrescriptions for the demo veteran: %d active (the client opened the veteran's session first).", sum.Active)
	history, err := vet.PrescriptionHistory(ctx)
	if err != nil {
		return nil, err
	}
	sum.History = len(history.Prescriptions())
	st.step("PrescriptionHistory: %d prescriptions, expired and discontinued included.", sum.History)

	for _, rx := range active.Prescriptions() {
		if rx.IsRefillable && sum.RefilledID == 0 {
			sum.RefilledID = rx.PrescriptionID
		}
		if rx.IsTrackable && sum.TrackedID == 0 {
			sum.TrackedID = rx.PrescriptionID
		}
	}
	if sum.RefilledID == 0 || sum.TrackedID == 0 {
		return nil, errors.New("mhv: no refillable or trackable prescription in the demo data")
	}
	if err := vet.Refill(ctx, sum.RefilledID); err != nil {
		return nil, err
	}
	after, err := vet.Prescription(ctx, sum.RefilledID)
	if err != nil {
		return nil, err
	}
	sum.StatusAfter = after.RefillStatus
	st.step("Refill prescription %d: accepted; MHV now shows it as %s.", sum.RefilledID, sum.StatusAfter)
	switch err := vet.Refill(ctx, sum.RefilledID); {
	case errors.Is(err, mhv.ErrNotRefillable):
		sum.SecondRefill = "refused by MHV (refill pending)"
	case err == nil:
		return nil, errors.New("mhv: a duplicate refill was accepted")
	default:
		return nil, fmt.Errorf("mhv: second refill: %w", err)
	}
	st.step("Refill it again: MHV refuses it (ErrNotRefillable: a refill is pending).")
	tr, err := vet.Tracking(ctx, sum.TrackedID)
	if err != nil {
		return nil, err
	}
	if s := tr.Shipments(); len(s) > 0 {
		sum.Carrier = s[0].DeliveryService
	}
	st.step("Tracking of prescription %d: %d shipments, the latest by %s.", sum.TrackedID, len(tr.Shipments()), sum.Carrier)
	sum.SessionsCreated = client.SessionsCreated()
	st.step("All of it on one session: %d created for the veteran.", sum.SessionsCreated)
	return sum, nil
}
