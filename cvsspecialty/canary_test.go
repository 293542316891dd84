package cvsspecialty_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
	"github.com/rxbridge/rxbridge-go/internal/canary"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// TestNoPHIOrSecretsInLogsOrErrors plants canaries in the credentials, the
// referral (name, birth date, member id, image bytes), the server's
// answers (a description and a fault that echo PHI, a token endpoint error
// that echoes the secret) and runs every flow, failing and succeeding, at
// debug level; no canary may appear in any log line or any rendering of
// any error.
func TestNoPHIOrSecretsInLogsOrErrors(t *testing.T) {
	const (
		secret   = "CANARY-SECRET-d00d5eed"
		clientID = "canary-client-id"
		given    = "CANARY-GIVEN-7f3a"
		family   = "CANARY-FAMILY-9b1c"
		member   = "CANARY-MEMBER-5511"
		echo     = "CANARY-ECHO-" + family
	)
	image := append(cvsspecialtytest.SampleTIFF(), []byte("CANARY-IMAGE-BYTES-0042")...)
	imageB64 := base64.StdEncoding.EncodeToString(image)

	srv := newFake(t, cvsspecialtytest.WithCredentials(clientID, secret))
	logger, sink := canary.Logger()
	// The slow intake's attempt times out when the fake holds it (a gate):
	// a short WithTimeout would also end slow attempts of the other flows
	// on a busy machine.
	c := gatedClient(t, srv, rxbridge.WithLogger(logger))
	var err error
	ctx := context.Background()

	referral := func() *cvsspecialty.Referral {
		r := freshReferral()
		r.Patient.Name.Given, r.Patient.Name.Family = given, family
		r.Patient.BirthDate = rxbridge.NewDate(1971, time.March, 14)
		r.Coverage.Primary.MemberID = member
		r.RxImage.Content.Data = image
		return r
	}
	var errs []error
	keep := func(_ any, err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}

	// Success.
	res, err := c.Submit(ctx, referral())
	require.NoError(t, err)
	keep(c.Status(ctx, res.TransactionID))

	// CVS refuses, echoing PHI in its description and fault.
	srv.IntakeFaults.Enqueue(faultserver.Status(400, `{"statusCode":"5004","statusDescription":"`+echo+`","fault":{"moreInfo":"x","type":"`+echo+`","title":"`+echo+`","errors":[{"title":"`+echo+`","field":"`+family+`","type":"KEY"}]}}`))
	keep(c.Submit(ctx, referral()))
	// A statusCode that is a sentence.
	srv.StatusFaults.Enqueue(faultserver.Status(200, `{"statusCode":"`+echo+`"}`))
	keep(c.Status(ctx, res.TransactionID))
	// Lost answers.
	srv.LoseAnswers(1)
	keep(c.Submit(ctx, referral()))
	srv.IntakeFaults.Enqueue(faultserver.Fault{Kind: faultserver.Truncate, Status: 200, Body: []byte(`{"transactionId":"` + echo + `","statusCode":"0000"}`)})
	keep(c.Submit(ctx, referral()))
	srv.IntakeFaults.Enqueue(faultserver.Fault{Kind: faultserver.SlowHeaders, Delay: time.Hour})
	keep(c.Submit(ctx, referral()))
	srv.IntakeFaults.Enqueue(faultserver.Status(200, `<html>`+echo+`</html>`))
	keep(c.Submit(ctx, referral()))
	// Token rejected twice, outages.
	srv.RejectCredentials(2)
	keep(c.Status(ctx, res.TransactionID))
	srv.Unavailable(10)
	keep(c.Status(ctx, res.TransactionID))
	srv.Unavailable(0)
	// Token endpoint failures that echo the secret.
	srv.RevokeCredentials()
	srv.TokenFaults.Enqueue(faultserver.Status(401, `{"error":"invalid_client","error_description":"bad secret `+secret+`"}`))
	keep(c.Status(ctx, res.TransactionID))
	srv.RevokeCredentials()
	srv.TokenFaults.Enqueue(faultserver.Status(200, `{"error_description":"`+secret+` `+echo+`"}`))
	keep(c.Status(ctx, res.TransactionID))
	srv.RevokeCredentials()
	f := faultserver.Status(503, `<html>`+secret+`</html>`)
	srv.TokenFaults.Always(&f)
	keep(c.Status(ctx, res.TransactionID))
	srv.TokenFaults.Always(nil)
	// Refused before sending, with PHI in the refused values.
	bad := referral()
	bad.TransactionID = "tx " + family
	bad.RxImage.Content.Type = "image/" + given
	keep(c.Submit(ctx, bad))
	keep(c.Status(ctx, "id "+member))

	require.GreaterOrEqual(t, len(errs), 13, "every failing flow produced an error")
	require.Greater(t, sink.Records(), 20, "the flows were logged")

	// The bearer tokens the fake issued.
	var tokens []string
	for _, rec := range append(srv.IntakeFaults.Requests(), srv.StatusFaults.Requests()...) {
		if tok := strings.TrimPrefix(rec.Header.Get("Authorization"), "Bearer "); tok != "" {
			tokens = append(tokens, tok)
		}
	}
	require.NotEmpty(t, tokens)

	haystack := sink.String() + canary.Errors(errs...) +
		fmt.Sprintf("%v %+v %#v %s", c, c, c, c)
	var buf strings.Builder
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("client", "client", c)
	haystack += buf.String()
	canaries := append([]string{secret, given, family, member, echo, "CANARY-IMAGE-BYTES", imageB64,
		base64.StdEncoding.EncodeToString([]byte(clientID + ":" + secret)), "1971-03-14", "03/14/1971"}, tokens...) // not the bare year: it occurs by chance in timestamps
	canary.AssertClean(t, haystack, canaries...)
	assert.Contains(t, haystack, "specialty/patient/referral/v1/intake", "logs and errors still say what failed")
}
