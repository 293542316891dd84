package reliability

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	ac "github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/allcarefhir/allcarefhirtest"
	cv "github.com/rxbridge/rxbridge-go/carevalidate"
	"github.com/rxbridge/rxbridge-go/carevalidate/carevalidatetest"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
	dh "github.com/rxbridge/rxbridge-go/develophealth"
	"github.com/rxbridge/rxbridge-go/develophealth/develophealthtest"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
)

// TestLoseAnswersMeansTheSameInEveryFake holds the five fakes'
// LoseAnswers(n) to one meaning: the answers of the next n requests that
// change the fake's state are lost. Reads in between (a GET, or a POST
// that only reads) are answered and do not use the fault up, so the write
// that follows is the one whose answer is lost.
func TestLoseAnswersMeansTheSameInEveryFake(t *testing.T) {
	ctx := context.Background()
	fast := rxbridge.WithRetry(rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond})

	t.Run("cvsspecialty", func(t *testing.T) {
		srv := cvsspecialtytest.NewServer()
		defer srv.Close()
		c, err := srv.NewClient(fast)
		require.NoError(t, err)
		res, err := c.Submit(ctx, cvsspecialtytest.SampleReferral())
		require.NoError(t, err)
		srv.LoseAnswers(1)
		_, err = c.Status(ctx, res.TransactionID) // a POST that only reads
		require.NoError(t, err)
		second := cvsspecialtytest.SampleReferral()
		second.TransactionID = cvsspecialty.NewTransactionID()
		_, err = c.Submit(ctx, second)
		assert.ErrorIs(t, err, cvsspecialty.ErrOutcomeUnknown)
		assert.Len(t, srv.Referrals(), 2, "the lost submit was processed")
	})
	t.Run("mhv", func(t *testing.T) {
		srv := mhvtest.NewServer()
		defer srv.Close()
		c, err := srv.NewClient(fast)
		require.NoError(t, err)
		vet := c.User(mhvtest.DemoVeteran)
		srv.LoseAnswers(1)
		_, err = vet.ActivePrescriptions(ctx)
		require.NoError(t, err)
		err = vet.Refill(ctx, mhvtest.DemoRefillable)
		assert.ErrorIs(t, err, rxbridge.ErrOutcomeUnknown)
		assert.Equal(t, 1, srv.RefillRequests(mhvtest.DemoRefillable))
	})
	t.Run("develophealth", func(t *testing.T) {
		srv := develophealthtest.NewServer()
		defer srv.Close()
		c, err := srv.NewClient(fast)
		require.NoError(t, err)
		req, err := develophealthtest.PriorAuthRequestExample()
		require.NoError(t, err)
		srv.LoseAnswers(1)
		_, err = c.ListAuthorizedProviders(ctx)
		require.NoError(t, err)
		_, err = c.LookupProvider(ctx, &dh.ProviderLookupRequest{NPI: "1234567893"}) // a POST that only reads
		require.NoError(t, err)
		_, err = c.CreatePriorAuthorization(ctx, req)
		assert.ErrorIs(t, err, dh.ErrOutcomeUnknown)
		assert.Len(t, srv.PriorAuthorizationIDs(), 1, "the lost create was processed")
	})
	t.Run("carevalidate", func(t *testing.T) {
		srv := carevalidatetest.NewServer()
		defer srv.Close()
		c, err := srv.NewClient(fast)
		require.NoError(t, err)
		srv.LoseAnswers(1)
		now := time.Now()
		_, err = c.ListCases(ctx, cv.ListCasesQuery{StartTime: now.Add(-time.Hour), EndTime: now})
		require.NoError(t, err)
		_, err = c.CreateCase(ctx, &cv.CreateCaseRequest{
			FirstName: "Jordan", LastName: "Sample", Email: "jordan.sample@example.com", FormTitle: "Intake",
			Questions: []cv.Question{{QuestionID: "height", Question: "Height (cm)?", Type: "text", Answer: "180"}},
		})
		assert.ErrorIs(t, err, cv.ErrOutcomeUnknown)
		assert.Len(t, srv.CaseIDs(), 1, "the lost create was processed")
	})
	t.Run("allcarefhir", func(t *testing.T) {
		srv := allcarefhirtest.NewServer()
		defer srv.Close()
		c, err := srv.NewClient(fast)
		require.NoError(t, err)
		srv.LoseAnswers(1)
		_, err = c.Patient(ctx, srv.PatientID)
		require.NoError(t, err)
		l, err := ac.NewLogin(ac.OAuthConfig{Issuer: srv.Issuer, ClientID: srv.ClientID, ClientSecret: srv.ClientSecret,
			RedirectURL: "http://127.0.0.1/callback", Scopes: srv.Scopes()}, fast)
		require.NoError(t, err)
		areq, err := l.AuthCodeURL(ctx)
		require.NoError(t, err)
		post, err := srv.Authorize(ctx, areq.URL)
		require.NoError(t, err)
		_, err = l.HandleCallback(ctx, post.Values) // the code exchange changes state
		assert.ErrorIs(t, err, ac.ErrOutcomeUnknown)
	})
}
