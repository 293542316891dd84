// Package casecreate opens CareValidate cases for intake forms.
package casecreate

import (
	"context"
	"errors"

	"github.com/rxbridge/rxbridge-go/carevalidate"
)

// Intake is a patient's answers.
type Intake struct {
	FirstName, LastName, Email string
	HeightCM                   string
}

// Open creates a case for the intake and returns its id. Without an
// idempotency key a lost answer cannot be repeated safely: the error says
// so (it matches carevalidate.ErrOutcomeUnknown).
func Open(ctx context.Context, c *carevalidate.Client, in Intake, idempotencyKey string) (string, error) {
	res, err := c.CreateCase(ctx, &carevalidate.CreateCaseRequest{
		FirstName: in.FirstName, LastName: in.LastName, Email: in.Email,
		FormTitle: "Intake",
		Questions: []carevalidate.Question{
			{QuestionID: "height", Question: "Height (cm)?", Type: "text", Answer: in.HeightCM},
		},
		IdempotencyKey: idempotencyKey,
	})
	if err != nil {
		return "", err
	}
	if res.CaseID == "" {
		return "", errors.New("casecreate: no case id")
	}
	return res.CaseID, nil
}
