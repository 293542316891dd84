package main

import (
	"context"
	"errors"
	"fmt"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
)

// cvsSummary is what the quickstart prints for CVS Specialty (the fake's
// ids and statuses only).
type cvsSummary struct {
	TransactionID string `json:"transactionId"`
	StatusBefore  string `json:"statusBefore"`
	StatusAfter   string `json:"statusAfter"`
	// LostAnswerRecovered: an intake whose answer was lost (connection
	// reset after CVS acted) came back as ErrOutcomeUnknown, was sent once,
	// and was found through status.
	LostAnswerRecovered bool `json:"lostAnswerRecovered"`
	StatusRequests      int  `json:"statusRequests"`
	TokenRequests       int  `json:"tokenRequests"`
}

// runCVSSpecialty submits the spec's sample referral to the fake, reads
// its status, moves it along, and recovers an intake whose answer is lost.
func runCVSSpecialty(ctx context.Context, opts ...rxbridge.Option) (any, error) {
	srv := cvsspecialtytest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient(opts...)
	if err != nil {
		return nil, err
	}
	ref := cvsspecialtytest.SampleReferral()
	ref.TransactionID = cvsspecialty.NewTransactionID()
	res, err := c.Submit(ctx, ref)
	if err != nil {
		return nil, err
	}
	before, err := c.Status(ctx, res.TransactionID)
	if err != nil {
		return nil, err
	}
	srv.Advance(res.TransactionID)
	after, err := c.Status(ctx, res.TransactionID)
	if err != nil {
		return nil, err
	}

	// An intake whose answer is lost: never resent, found by status.
	srv.LoseAnswers(1)
	lost := cvsspecialtytest.SampleReferral()
	lost.TransactionID = cvsspecialty.NewTransactionID()
	_, err = c.Submit(ctx, lost)
	var ou *cvsspecialty.OutcomeUnknownError
	if !errors.As(err, &ou) {
		return nil, fmt.Errorf("lost intake answer: want ErrOutcomeUnknown, got %v", err)
	}
	found, err := c.Status(ctx, ou.TransactionID)
	if err != nil {
		return nil, err
	}
	return cvsSummary{
		TransactionID:       res.TransactionID,
		StatusBefore:        string(before.Referrals[0].Status),
		StatusAfter:         string(after.Referrals[0].Status),
		LostAnswerRecovered: found.Referrals[0].Found && srv.Submissions(lost.TransactionID) == 1,
		StatusRequests:      srv.StatusFaults.Count(),
		TokenRequests:       srv.TokenRequests(),
	}, nil
}
