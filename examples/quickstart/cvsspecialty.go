package main

import (
	"context"
	"errors"
	"fmt"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
)

// cvsSummary is the CVS Specialty flow's values for -json (the fake's ids
// and statuses only).
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
func runCVSSpecialty(ctx context.Context, st *story, opts ...rxbridge.Option) (any, error) {
	srv := cvsspecialtytest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient(opts...)
	if err != nil {
		return nil, err
	}
	ref := cvsspecialtytest.SampleReferral()
	ref.TransactionID = cvsspecialty.NewTransactionID() // kept before submitting
	res, err := c.Submit(ctx, ref)
	if err != nil {
		return nil, err
	}
	st.step("Submit the spec's sample referral with a new transactionId: accepted (the client fetched its OAuth token first: %d token request).", srv.TokenRequests())
	before, err := c.Status(ctx, res.TransactionID)
	if err != nil {
		return nil, err
	}
	st.step("Status of the referral: %s.", before.Referrals[0].Status)
	if _, err := srv.Advance(res.TransactionID); err != nil {
		return nil, err
	}
	after, err := c.Status(ctx, res.TransactionID)
	if err != nil {
		return nil, err
	}
	st.step("CVS moves it on; Status again: %s.", after.Referrals[0].Status)

	// An intake whose answer is lost: never resent, found by status.
	srv.LoseAnswers(1)
	lost := cvsspecialtytest.SampleReferral()
	lost.TransactionID = cvsspecialty.NewTransactionID()
	_, err = c.Submit(ctx, lost)
	var ou *cvsspecialty.OutcomeUnknownError
	if !errors.As(err, &ou) {
		return nil, fmt.Errorf("lost intake answer: want ErrOutcomeUnknown, got %v", err)
	}
	st.step("Submit a second referral; CVS creates it but its answer is lost: ErrOutcomeUnknown, and the client does not send it again.")
	found, err := c.Status(ctx, ou.TransactionID)
	if err != nil {
		return nil, err
	}
	recovered := found.Referrals[0].Found && srv.Submissions(lost.TransactionID) == 1
	if !recovered {
		return nil, errors.New("the lost referral was not found once")
	}
	st.step("Status by its transactionId: CVS has it (%s), submitted once: nothing to resend.", found.Referrals[0].Status)
	return cvsSummary{
		TransactionID:       res.TransactionID,
		StatusBefore:        string(before.Referrals[0].Status),
		StatusAfter:         string(after.Referrals[0].Status),
		LostAnswerRecovered: recovered,
		StatusRequests:      srv.StatusFaults.Count(),
		TokenRequests:       srv.TokenRequests(),
	}, nil
}
