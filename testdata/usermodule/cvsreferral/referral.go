// Package cvsreferral enrolls a patient with CVS Specialty and never
// submits a referral twice.
package cvsreferral

import (
	"context"
	"errors"
	"fmt"

	"github.com/rxbridge/rxbridge-go/cvsspecialty"
)

// Enroll submits ref and returns its transactionId. When the answer was
// lost, it asks Status whether CVS has the referral before giving up.
func Enroll(ctx context.Context, c *cvsspecialty.Client, ref *cvsspecialty.Referral) (string, error) {
	ref.TransactionID = cvsspecialty.NewTransactionID()
	res, err := c.Submit(ctx, ref)
	if err == nil {
		return res.TransactionID, nil
	}
	var lost *cvsspecialty.OutcomeUnknownError
	if !errors.As(err, &lost) {
		return "", err
	}
	st, serr := c.Status(ctx, lost.TransactionID)
	if serr != nil {
		return "", fmt.Errorf("enroll: outcome unknown and status failed: %w", serr)
	}
	if e, ok := st.Lookup(lost.TransactionID); !ok || !e.Found {
		return "", err // CVS does not have it: safe to submit again
	}
	return lost.TransactionID, nil
}
