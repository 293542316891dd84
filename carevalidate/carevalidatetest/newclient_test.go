package carevalidatetest_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/carevalidate"
	"github.com/rxbridge/rxbridge-go/carevalidate/carevalidatetest"
)

func TestNewClientLoseAnswersUnavailable(t *testing.T) {
	srv := carevalidatetest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient(rxbridge.WithRetry(rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond}))
	require.NoError(t, err)
	ctx := context.Background()
	req := &carevalidate.CreateCaseRequest{FirstName: "Jordan", LastName: "Sample", Email: "jordan.sample@example.com", FormTitle: "Intake",
		Questions: []carevalidate.Question{{QuestionID: "q", Question: "Q?", Type: "text", Answer: "a"}}}

	srv.LoseAnswers(1)
	_, err = c.CreateCase(ctx, req)
	require.ErrorIs(t, err, carevalidate.ErrOutcomeUnknown)
	assert.Len(t, srv.CaseIDs(), 1, "processed, answer lost")

	srv.Unavailable(1)
	_, err = c.CreateCase(ctx, req)
	require.ErrorIs(t, err, carevalidate.ErrOutcomeUnknown, "a 503 to a create: not repeated")
	require.ErrorIs(t, err, carevalidate.ErrServer)
	assert.Len(t, srv.CaseIDs(), 1, "the 503 processed nothing")
	assert.Equal(t, 2, srv.Faults.Count())
}
