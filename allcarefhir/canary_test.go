package allcarefhir_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/allcarefhir/allcarefhirtest"
	"github.com/rxbridge/rxbridge-go/internal/canary"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// TestCanary plants PHI and secrets in credentials, requests and responses,
// runs logins, reads and searches that succeed and fail with a debug logger,
// and checks that no canary reaches a log line or an error string.
func TestCanary(t *testing.T) {
	const (
		patientID    = "CANARYPATIENT0001"
		clientSecret = "CANARY-CLIENT-SECRET-9f8e7d"
		phiName      = "CANARY-Zebulon-Quixote"
		phiDrug      = "CANARY-drugname-oxy"
		phiQuery     = "CANARY-identifier-555"
	)
	srv := newFake(t, allcarefhirtest.WithPatientID(patientID), allcarefhirtest.WithClient("rxbridge-canary-client", clientSecret))
	logger, sink := canary.Logger()
	l, err := allcarefhir.NewLogin(allcarefhir.OAuthConfig{
		Issuer: srv.Issuer, ClientID: srv.ClientID, ClientSecret: clientSecret, RedirectURL: redirectURL,
		Scopes: append(srv.Scopes(), "patientapi.clinical.read"),
	}, rxbridge.WithLogger(logger), rxbridge.WithRetry(fastRetry), rxbridge.WithStore(newSavedTokens()))
	require.NoError(t, err)
	ctx := context.Background()
	var errs []error
	var secrets []string
	keep := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}

	// A successful login.
	form, req := begin(t, srv, l)
	secrets = append(secrets, form.Get("code"), form.Get("id_token"), req.State, req.Nonce, req.CodeVerifier)
	tok, err := l.HandleCallback(ctx, form)
	require.NoError(t, err)
	secrets = append(secrets, tok.AccessToken, tok.RefreshToken, tok.IDToken)

	// Failed logins: tampered state, replayed code, bad id_token, denial
	// with a description that repeats PHI.
	form2, req2 := begin(t, srv, l)
	secrets = append(secrets, form2.Get("code"), form2.Get("id_token"), req2.State, req2.Nonce)
	bad := url.Values{}
	for k, v := range form2 {
		bad[k] = v
	}
	bad.Set("state", req2.State+"x")
	_, err = l.HandleCallback(ctx, bad)
	keep(err)
	_, err = l.HandleCallback(ctx, form) // replay of the used state and code
	keep(err)
	bad = url.Values{"state": {req2.State}, "code": {form2.Get("code")}, "id_token": {form2.Get("id_token") + "tamper"}}
	_, err = l.HandleCallback(ctx, bad)
	keep(err)
	_, req3 := begin(t, srv, l)
	secrets = append(secrets, req3.State, req3.Nonce, req3.CodeVerifier)
	_, err = l.HandleCallback(ctx, url.Values{"state": {req3.State}, "error": {"access_denied"}, "error_description": {"member " + phiName + " declined"}})
	keep(err)
	srv.AuthFaults.Enqueue(faultJSON(400, `{"error":"invalid_grant","error_description":"refresh token for `+phiName+` `+tok.AccessToken+` revoked"}`))
	_, err = l.Refresh(ctx, tok)
	keep(err)
	_, err = l.Refresh(ctx, &allcarefhir.Token{RefreshToken: "CANARY-REFRESH-TOKEN-x", PatientID: patientID + "-other"})
	keep(err)
	secrets = append(secrets, "CANARY-REFRESH-TOKEN-x")

	// FHIR calls that succeed and fail, with PHI in paths, queries and
	// error bodies.
	c, err := allcarefhir.NewClient(oauth2Static(tok.AccessToken), rxbridge.WithBaseURL(srv.FHIRBaseURL),
		rxbridge.WithLogger(logger), rxbridge.WithRetry(fastRetry))
	require.NoError(t, err)
	_, err = c.Patient(ctx, patientID)
	require.NoError(t, err)
	for range collectEOBs(t, c, allcarefhir.ExplanationOfBenefitSearch{Patient: patientID, Identifier: phiQuery}) {
	}
	keep(collectErr(c.SearchFormulary(ctx, allcarefhir.FormularySearch{DrugPlan: phiQuery, DrugName: phiDrug})))
	phiOutcome := `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing","diagnostics":"Patient ` + phiName + ` (` + patientID + `) could not be processed"}]}`
	srv.Faults.Enqueue(faultserver.Status(500, phiOutcome), faultserver.Status(500, phiOutcome), faultserver.Status(500, phiOutcome), faultserver.Status(500, phiOutcome))
	_, err = c.Patient(ctx, patientID)
	keep(err)
	srv.Faults.Enqueue(faultserver.Status(404, phiOutcome))
	_, err = c.Coverage(ctx, "cov-"+patientID)
	keep(err)
	srv.Faults.Enqueue(faultserver.Status(400, phiOutcome))
	keep(collectErr(c.SearchCondition(ctx, allcarefhir.ConditionSearch{Patient: patientID})))
	srv.Faults.Enqueue(faultserver.Status(200, `{"resourceType":"Bundle","type":"searchset","link":[{"relation":"next","url":"https://evil.example/r4/Condition?patient=`+patientID+`"}]}`))
	keep(collectErr(c.SearchCondition(ctx, allcarefhir.ConditionSearch{Patient: patientID})))
	srv.Faults.Enqueue(faultserver.Status(200, `<html>`+phiName+`</html>`))
	_, err = c.Patient(ctx, patientID)
	keep(err)
	srv.Faults.Always(&faultserver.Fault{Kind: faultserver.ResetAfterRead})
	_, err = c.Patient(ctx, patientID)
	require.ErrorIs(t, err, allcarefhir.ErrTransport)
	keep(err)
	srv.Faults.Always(nil)
	srv.RevokeCredentials()
	_, err = c.Patient(ctx, patientID)
	keep(err)

	require.GreaterOrEqual(t, len(errs), 13, "every failure above must produce an error")
	require.Greater(t, sink.Records(), 10, "the logger must have been used")
	haystack := sink.String() + canary.Errors(errs...)
	canary.AssertClean(t, haystack, append(secrets, patientID, clientSecret, phiName, phiDrug, phiQuery)...)
}
