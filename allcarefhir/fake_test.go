package allcarefhir_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/allcarefhir/allcarefhirtest"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// loggedIn runs the whole login against a fake and returns a FHIR client.
func loggedIn(t *testing.T, srv *allcarefhirtest.Server, scopes ...string) (*allcarefhir.Client, *allcarefhir.Token) {
	t.Helper()
	l := newLogin(t, srv, func(c *allcarefhir.OAuthConfig) {
		if len(scopes) > 0 {
			c.Scopes = scopes
		} else {
			c.Scopes = srv.Scopes()
		}
	})
	form, _ := begin(t, srv, l)
	tok, err := l.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	c, err := allcarefhir.NewClient(l.TokenSource(tok), rxbridge.WithBaseURL(srv.FHIRBaseURL),
		rxbridge.WithRetry(fastRetry), rxbridge.WithTimeout(30*time.Second)) // a guard
	require.NoError(t, err)
	return c, tok
}

func TestAgainstTheFake(t *testing.T) {
	srv := newFake(t, allcarefhirtest.WithEOBCount(25), allcarefhirtest.WithPageSize(10))
	c, tok := loggedIn(t, srv)
	ctx := context.Background()

	p, err := c.Patient(ctx, tok.PatientID)
	require.NoError(t, err)
	assert.Equal(t, "Shaw", p.Name[0].Family)

	covs, err := collect(t, c.SearchCoverage(ctx, allcarefhir.CoverageSearch{Patient: tok.PatientID}))
	require.NoError(t, err)
	require.Len(t, covs, 1)
	assert.Equal(t, "Patient/"+tok.PatientID, covs[0].Beneficiary.Reference)

	// 25 EOBs over 3 pages; the first page with _include.
	before := srv.Stats().FHIRRequests
	eobs := collectEOBs(t, c, allcarefhir.ExplanationOfBenefitSearch{Patient: tok.PatientID})
	assert.Len(t, eobs, 25)
	assert.Equal(t, 3, srv.Stats().FHIRRequests-before)
	var pages, included int
	for page, err := range allcarefhir.SearchPages[*allcarefhir.ExplanationOfBenefit](ctx, c, allcarefhir.ExplanationOfBenefitSearch{
		Patient: tok.PatientID, Type: []string{"institutional", "professional"}, Include: []string{allcarefhir.IncludeEOBInsurer, allcarefhir.IncludeEOBCoverage},
	}) {
		require.NoError(t, err)
		pages++
		assert.Len(t, page.Matches, 2)
		for _, r := range page.Included {
			included++
			assert.Contains(t, []string{"Organization", "Coverage"}, r.ResourceType())
		}
	}
	assert.Equal(t, 1, pages)
	assert.Equal(t, 2, included)

	// Service-date range.
	eobs = collectEOBs(t, c, allcarefhir.ExplanationOfBenefitSearch{Patient: tok.PatientID, ServiceDate: []string{"ge2023-01-10", "lt2023-01-15"}})
	assert.Len(t, eobs, 5)

	// The formulary.
	drugs, err := collect(t, c.SearchFormulary(ctx, allcarefhir.FormularySearch{DrugPlan: allcarefhirtest.DrugPlanID, DrugTier: "brand"}))
	require.NoError(t, err)
	require.NotEmpty(t, drugs)
	for _, d := range drugs {
		assert.Equal(t, "brand", d.DrugTier().Code(""))
		assert.Equal(t, allcarefhirtest.DrugPlanID, d.PlanID())
	}
	plans, err := collect(t, c.SearchCoveragePlans(ctx, allcarefhir.CoveragePlanSearch{}))
	require.NoError(t, err)
	require.Len(t, plans, 1)
	assert.Equal(t, allcarefhirtest.DrugPlanID, plans[0].Identifier[0].Value)

	// Clinical data with the US Core combinations; no data is empty.
	obs, err := collect(t, c.SearchObservation(ctx, allcarefhir.ObservationSearch{Patient: tok.PatientID, Category: []string{allcarefhir.ObservationCategoryVitalSigns}}))
	require.NoError(t, err)
	require.Len(t, obs, 1)
	mrs, err := collect(t, c.SearchMedicationRequest(ctx, allcarefhir.MedicationRequestSearch{Patient: tok.PatientID, Intent: []string{allcarefhir.IntentOrder}}))
	require.NoError(t, err)
	assert.Len(t, mrs, 2)
	labs, err := collect(t, c.SearchObservation(ctx, allcarefhir.ObservationSearch{Patient: tok.PatientID, Category: []string{allcarefhir.ObservationCategoryLaboratory}}))
	require.NoError(t, err)
	assert.Empty(t, labs)

	// $everything, offered by the fake and declared in /metadata.
	cs, err := c.Capabilities(ctx)
	require.NoError(t, err)
	assert.True(t, cs.SupportsOperation("Patient", "everything"))
	counts := map[string]int{}
	for r, err := range c.Everything(ctx, tok.PatientID, allcarefhir.EverythingParams{}) {
		require.NoError(t, err)
		counts[r.ResourceType()]++
	}
	assert.Equal(t, 25, counts["ExplanationOfBenefit"])
	assert.Equal(t, 1, counts["Patient"])

	// Every resource the fake serves round-trips.
	for _, e := range eobs {
		b, err := json.Marshal(e)
		require.NoError(t, err)
		var back allcarefhir.ExplanationOfBenefit
		require.NoError(t, json.Unmarshal(b, &back))
	}
}

func TestFaultsOverRealSockets(t *testing.T) {
	srv := newFake(t)
	c, tok := loggedIn(t, srv)
	ctx := context.Background()

	// 500s (AllCare's "try again later") are retried for reads.
	srv.Faults.Enqueue(faultserver.GatewayHTML(500), faultserver.Status(500, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception"}]}`))
	_, err := c.Patient(ctx, tok.PatientID)
	require.NoError(t, err)

	// A truncated body and a reset are retried too (a read is idempotent).
	srv.Faults.Enqueue(faultserver.Fault{Kind: faultserver.Truncate, Status: 200, Body: []byte(`{"resourceType":"Patient","id":"x","name":[{"family":"Trunc"}]}`)},
		faultserver.Fault{Kind: faultserver.ResetAfterRead})
	p, err := c.Patient(ctx, tok.PatientID)
	require.NoError(t, err)
	assert.Equal(t, tok.PatientID, p.ID)

	// A failure on page 2 of a search is surfaced after page 1.
	srv.Faults.Reset()
	var n int
	for _, err := range c.SearchExplanationOfBenefit(ctx, allcarefhir.ExplanationOfBenefitSearch{Patient: tok.PatientID}) {
		if n == 9 { // the last item of page 1: page 2 is fetched after it
			srv.Faults.Always(&faultserver.Fault{Kind: faultserver.Respond, Status: 400, ContentType: "application/fhir+json",
				Body: []byte(`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid","diagnostics":"page expired"}]}`)})
		}
		if err != nil {
			require.ErrorIs(t, err, allcarefhir.ErrRejected)
			break
		}
		n++
	}
	srv.Faults.Always(nil)
	assert.Equal(t, 10, n)

	// A slow server is bounded by the caller's context.
	srv.Faults.Enqueue(faultserver.Fault{Kind: faultserver.Hang})
	cctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	_, err = c.Patient(cctx, tok.PatientID)
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestScopeNotGranted(t *testing.T) {
	srv := newFake(t)
	c, tok := loggedIn(t, srv, "patientapi.demographics.read")
	_, err := collect(t, c.SearchExplanationOfBenefit(context.Background(), allcarefhir.ExplanationOfBenefitSearch{Patient: tok.PatientID}))
	require.ErrorIs(t, err, allcarefhir.ErrForbidden)
}
