package mhv

import (
	"context"
	"strconv"
)

// Tracking returns the shipments of a prescription
// (prescription/rxtracking/{id}): carrier, tracking number, ship date and
// the other prescriptions in each package. MHV tracks mailed (CMOP)
// prescriptions; Prescription.IsTrackable tells which. An unknown id
// gives ErrPrescriptionNotFound, someone else's ErrNotPrescriptionOwner.
func (u *User) Tracking(ctx context.Context, prescriptionID int64) (*TrackingDetails, error) {
	if err := checkID("Tracking", prescriptionID); err != nil {
		return nil, err
	}
	var out TrackingDetails
	err := u.get(ctx, "Tracking", u.routes().tracking, []string{strconv.FormatInt(prescriptionID, 10)}, expectTracking, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}
