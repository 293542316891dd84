// Package mhvrefill refills a veteran's prescriptions and never doubles a
// refill whose answer was lost.
package mhvrefill

import (
	"context"
	"errors"

	"github.com/rxbridge/rxbridge-go/mhv"
)

// Result is what RefillAll did.
type Result struct {
	Refilled []int64 // accepted by MHV
	Unknown  []int64 // sent, answer lost: look at the history before trying again
	Refused  []int64 // not refillable (or a refill is already pending)
}

// RefillAll asks MHV to refill every refillable active prescription.
func RefillAll(ctx context.Context, vet *mhv.User) (Result, error) {
	var res Result
	active, err := vet.ActivePrescriptions(ctx)
	if err != nil {
		return res, err
	}
	for _, rx := range active.Prescriptions() {
		if !rx.IsRefillable {
			continue
		}
		switch err := vet.Refill(ctx, rx.PrescriptionID); {
		case err == nil:
			res.Refilled = append(res.Refilled, rx.PrescriptionID)
		case errors.Is(err, mhv.ErrOutcomeUnknown):
			res.Unknown = append(res.Unknown, rx.PrescriptionID)
		case errors.Is(err, mhv.ErrNotRefillable):
			res.Refused = append(res.Refused, rx.PrescriptionID)
		default:
			return res, err
		}
	}
	return res, nil
}
