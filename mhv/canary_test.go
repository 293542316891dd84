package mhv_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/canary"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
)

// TestCanaryNoSecretsOrPHIInLogsOrErrors plants canaries in the app
// token, the gateway key, the correlation id, the session tokens, the
// prescription names and ids, the drug's NDC, the email address and MHV's
// messages, runs
// every flow (successes and each failure path) with a debug logger, and
// checks that no canary reaches a log line or an error string.
func TestCanaryNoSecretsOrPHIInLogsOrErrors(t *testing.T) {
	const (
		appToken   = "CANARY-APPTOKEN-a81f"
		apiKey     = "CANARY-APIKEY-77b2"
		vetID      = "CANARY-VETERAN-5531"
		drugName   = "CANARY-DRUG-NAME-LISINOPRIL"
		rxNumber   = "CANARYRXNUM9"
		email      = "canary.veteran.mail@example.com"
		upstreamMs = "CANARY-UPSTREAM-MESSAGE"
		devMsg     = "CANARY-DEVELOPER-MESSAGE"
		// ndc is a valid NDC (11 letters and digits): which drug a veteran
		// looks up is PHI.
		ndc = "C4N4RY12345"
	)
	var rxID int64 = 987654321
	var secondID int64 = 918273645
	tokenOf := func(vet string) string { return "CANARY-SESSION-TOKEN-" + vet }

	srv := mhvtest.NewServer(mhvtest.WithoutDemoData(), mhvtest.WithAppToken(appToken), mhvtest.WithGateway(apiKey),
		mhvtest.WithTokens(func(vet string) string { return tokenOf(vet) + fmt.Sprint(len(vet)) }))
	t.Cleanup(srv.Close)
	srv.AddVeteran(mhvtest.Veteran{CorrelationID: vetID, Email: email})
	srv.AddPrescription(vetID, mhvtest.Prescription{ID: rxID, Name: drugName, Number: rxNumber, Status: "active",
		Refillable: true, Trackable: true, RefillsRemaining: 3, Station: "989", NDC: ndc,
		Shipments: []mhvtest.Shipment{{Carrier: "USPS", TrackingNumber: "CANARY-TRACKING-1"}}})
	srv.AddPrescription(vetID, mhvtest.Prescription{ID: secondID, Name: drugName + "-2", Status: "active", Station: "989"})

	logger, sink := canary.Logger()
	c, err := mhv.NewClient(appToken, rxbridge.WithBaseURL(srv.URL), mhv.WithGateway(apiKey), rxbridge.WithLogger(logger),
		rxbridge.WithRetry(fastRetry))
	require.NoError(t, err)
	vet := c.User(vetID)
	ctx := context.Background()
	var errs []error
	keep := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}

	// Successes.
	_, err = vet.ActivePrescriptions(ctx)
	require.NoError(t, err)
	_, err = vet.PrescriptionHistory(ctx)
	require.NoError(t, err)
	_, err = vet.Tracking(ctx, rxID)
	require.NoError(t, err)
	_, err = vet.Medications(ctx)
	require.NoError(t, err)
	doc, err := vet.RxDocumentation(ctx, ndc)
	require.NoError(t, err)
	require.Equal(t, drugName, doc.Title(), "the fake named the leaflet after the canary drug")
	_, err = vet.RxDocumentation(ctx, "C4N4R-Y123-45")
	require.NoError(t, err)
	require.NoError(t, vet.SetNotificationEmail(ctx, email))
	_, err = vet.NotificationEmail(ctx)
	require.NoError(t, err)
	require.NoError(t, vet.Refill(ctx, rxID))

	// MHV errors carrying the canaries in their messages.
	srv.Faults.Enqueue(faultserver.Status(400, `{"errorCode":139,"message":"`+upstreamMs+` `+drugName+`","developerMessage":"`+devMsg+` `+fmt.Sprint(rxID)+`"}`))
	keep(vet.Refill(ctx, rxID))
	srv.Faults.Enqueue(faultserver.Status(503, `{"errorCode":99,"message":"`+upstreamMs+`","developerMessage":"`+devMsg+`"}`))
	keep(vet.Refill(ctx, secondID))
	srv.Faults.Enqueue(faultserver.Fault{Kind: faultserver.ResetAfterRead})
	keep(vet.Refill(ctx, secondID))
	srv.Faults.Enqueue(faultserver.Fault{Kind: faultserver.Respond, Status: 502, ContentType: "text/html",
		Body: []byte("<html><body>" + drugName + " " + tokenOf(vetID) + "</body></html>")})
	keep(vet.Refill(ctx, secondID))
	srv.Faults.Enqueue(faultserver.Fault{Kind: faultserver.Respond, Status: 200, ContentType: "application/json",
		Body: []byte(`{"prescriptionList":[{"prescriptionName":"` + drugName + `","prescriptionId":"` + rxNumber + `"}]}`)})
	_, err = vet.ActivePrescriptions(ctx)
	keep(err)
	_, err = vet.Tracking(ctx, 123456789)
	keep(err)
	_, err = vet.Prescription(ctx, 555444333)
	keep(err)
	srv.Faults.Enqueue(faultserver.Status(400, `{"errorCode":99,"message":"`+upstreamMs+` `+ndc+`","developerMessage":"`+devMsg+` `+drugName+`"}`))
	_, err = vet.RxDocumentation(ctx, ndc)
	keep(err)
	f := faultserver.GatewayHTML(503)
	f.Body = []byte("<html><body>" + ndc + " " + drugName + "</body></html>")
	srv.Faults.Enqueue(f, f, f, f)
	_, err = vet.RxDocumentation(ctx, ndc)
	keep(err)
	_, err = vet.RxDocumentation(ctx, "CANARY-NDC-INVALID")
	keep(err)
	res, err := vet.RefillMany(ctx, []int64{rxID, secondID, 111222333})
	require.NoError(t, err)
	for _, r := range res.Results {
		keep(r.Err)
	}
	keep(vet.SetNotificationEmail(ctx, "bad "+email))

	// The session expires: refused, replaced, replayed.
	srv.RevokeVeteranCredentials(vetID)
	_, err = vet.ActivePrescriptions(ctx)
	require.NoError(t, err)
	srv.RevokeVeteranCredentials(vetID)
	_, err = vet.RxDocumentation(ctx, ndc)
	require.NoError(t, err)

	// Session creation failures for other canary veterans.
	keep(c.User("CANARY-UNKNOWN-VETERAN-1").EnsureSession(ctx))
	_, err = c.User("CANARY-BAD\nVETERAN").ActivePrescriptions(ctx)
	keep(err)
	bad, err := mhv.NewClient("CANARY-WRONG-APPTOKEN", rxbridge.WithBaseURL(srv.URL), mhv.WithGateway(apiKey), rxbridge.WithLogger(logger))
	require.NoError(t, err)
	keep(bad.User(vetID).EnsureSession(ctx))
	_, err = mhv.NewClient("CANARY-NEWCLIENT\nTOKEN")
	keep(err)

	// The canaries were on the wire (so the test can fail)...
	var wire strings.Builder
	for _, r := range srv.Faults.Requests() {
		fmt.Fprint(&wire, r.Path, r.Header, string(r.Body))
	}
	for _, s := range []string{appToken, apiKey, vetID, tokenOf(vetID), email, "/pharmacy/ess/getrxdoc/" + ndc} {
		require.Contains(t, wire.String(), s, "canary %q was planted", s)
	}
	require.GreaterOrEqual(t, len(errs), 15)
	logs := sink.String()
	require.Positive(t, sink.Records())
	assert.Contains(t, logs, "route=pharmacy/ess/rxrefill/{id}", "logs carry route templates")
	assert.Contains(t, logs, "route=pharmacy/ess/getrxdoc/{ndc}")

	// ...and nowhere in logs or error strings.
	all := logs + "\n" + canary.Errors(errs...) + "\n" + fmt.Sprintf("%v %+v %#v", c, vet, vet)
	canary.AssertClean(t, all, appToken, apiKey, vetID, "CANARY-SESSION-TOKEN", drugName, rxNumber, email,
		upstreamMs, devMsg, fmt.Sprint(rxID), fmt.Sprint(secondID), "111222333", "123456789", "555444333",
		"CANARY-UNKNOWN-VETERAN", "CANARY-BAD", "CANARY-WRONG-APPTOKEN", "CANARY-NEWCLIENT", "CANARY-TRACKING",
		"canary.veteran", ndc, "C4N4R-Y123-45", "C4N4R", "CANARY-NDC-INVALID")
	assert.False(t, strings.Contains(all, "CANARY"), "no canary of any kind")
}
