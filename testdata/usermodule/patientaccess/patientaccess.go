// Package patientaccess reads a member's claims from AllCare.
package patientaccess

import (
	"context"

	"github.com/rxbridge/rxbridge-go/allcarefhir"
)

// ClaimCount counts the member's ExplanationOfBenefit resources, across
// every page.
func ClaimCount(ctx context.Context, c *allcarefhir.Client, patientID string) (int, error) {
	n := 0
	for _, err := range c.SearchExplanationOfBenefit(ctx, allcarefhir.ExplanationOfBenefitSearch{Patient: patientID}) {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
