// Package priorauth submits prior authorizations to Develop Health and
// waits for their outcome.
package priorauth

import (
	"context"
	"errors"

	"github.com/rxbridge/rxbridge-go/develophealth"
)

// ErrCheckBeforeResending means the request may exist at Develop Health.
var ErrCheckBeforeResending = errors.New("priorauth: the request may exist; check before resending")

// Submit creates a prior authorization and returns its status once it is
// done processing.
func Submit(ctx context.Context, c *develophealth.Client, req *develophealth.CreatePriorAuthRequest) (develophealth.PriorAuthRequestStatus, error) {
	created, err := c.CreatePriorAuthorization(ctx, req)
	if errors.Is(err, develophealth.ErrOutcomeUnknown) {
		return "", errors.Join(ErrCheckBeforeResending, err)
	}
	if err != nil {
		return "", err
	}
	pa, err := c.GetPriorAuthorization(ctx, created.ID)
	if err != nil {
		return "", err
	}
	return pa.Status, nil
}
