package reliability

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	rxbridge "github.com/rxbridge/rxbridge-go"
	ac "github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/allcarefhir/allcarefhirtest"
	cv "github.com/rxbridge/rxbridge-go/carevalidate"
	"github.com/rxbridge/rxbridge-go/carevalidate/carevalidatetest"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
	dh "github.com/rxbridge/rxbridge-go/develophealth"
	"github.com/rxbridge/rxbridge-go/develophealth/develophealthtest"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"
)

// inputPhrase is how every refusal before sending says so.
const inputPhrase = "invalid input, nothing was sent"

// TestErrorStyleOfRefusals drives the calls every provider refuses before
// sending (a nil ctx, a nil client, the provider's own validation) and
// its constructors' refusals, and holds them to the style the sentinel
// table and the fault matrix hold the upstream's failures to: each line
// starts with the provider's prefix and says it once, no phrase repeats,
// a refused call matches ErrInvalidInput and says "invalid input, nothing
// was sent" once, and nothing reached the fake. (The HTTP failures, 4xx,
// 5xx, outcome unknown, transport, decode, too large, are checked by
// TestSentinelTable and, for every operation, TestFaultMatrix.)
func TestErrorStyleOfRefusals(t *testing.T) {
	ctx := context.Background()
	var nilCtx context.Context // the refusal is the point

	cvsSrv := cvsspecialtytest.NewServer()
	t.Cleanup(cvsSrv.Close)
	cvsC, err := cvsSrv.NewClient()
	require.NoError(t, err)
	mhvSrv := mhvtest.NewServer()
	t.Cleanup(mhvSrv.Close)
	mhvC, err := mhvSrv.NewClient()
	require.NoError(t, err)
	dhSrv := develophealthtest.NewServer()
	t.Cleanup(dhSrv.Close)
	dhC, err := dhSrv.NewClient()
	require.NoError(t, err)
	cvSrv := carevalidatetest.NewServer()
	t.Cleanup(cvSrv.Close)
	cvC, err := cvSrv.NewClient()
	require.NoError(t, err)
	acSrv := allcarefhirtest.NewServer()
	t.Cleanup(acSrv.Close)
	acC, err := acSrv.NewClient()
	require.NoError(t, err)
	pa, err := develophealthtest.PriorAuthRequestExample()
	require.NoError(t, err)

	first := func(seq func(func(*ac.MedicationKnowledge, error) bool)) error {
		var got error
		seq(func(_ *ac.MedicationKnowledge, err error) bool { got = err; return false })
		return got
	}
	refusals := []struct {
		provider, name string
		call           func() error
	}{
		{"cvsspecialty", "nil ctx", func() error { _, err := cvsC.Status(nilCtx, "605841b8-1cef-11ea-978f-2e728ce88125"); return err }},
		{"cvsspecialty", "nil client", func() error { _, err := (*cvsspecialty.Client)(nil).Status(ctx, "x"); return err }},
		{"cvsspecialty", "validation", func() error { _, err := cvsC.Submit(ctx, &cvsspecialty.Referral{}); return err }},
		{"cvsspecialty", "nil referral", func() error { _, err := cvsC.Submit(ctx, nil); return err }},
		{"cvsspecialty", "bad id", func() error { _, err := cvsC.Status(ctx, "has space"); return err }},
		{"cvsspecialty", "WaitStatus nil ctx", func() error {
			_, err := cvsC.WaitStatus(nilCtx, "x", cvsspecialty.WaitStatusOptions{})
			return err
		}},
		{"mhv", "nil ctx", func() error { _, err := mhvC.User(mhvtest.DemoVeteran).ActivePrescriptions(nilCtx); return err }},
		{"mhv", "nil client", func() error { _, err := (*mhv.Client)(nil).User("x").ActivePrescriptions(ctx); return err }},
		{"mhv", "empty correlation id", func() error { _, err := mhvC.User("").ActivePrescriptions(ctx); return err }},
		{"mhv", "bad prescription id", func() error { return mhvC.User(mhvtest.DemoVeteran).Refill(ctx, 0) }},
		{"mhv", "bad NDC", func() error { _, err := mhvC.User(mhvtest.DemoVeteran).RxDocumentation(ctx, "12"); return err }},
		{"mhv", "batch too large", func() error { _, err := mhvC.User(mhvtest.DemoVeteran).RefillMany(ctx, nil); return err }},
		{"develophealth", "nil ctx", func() error { _, err := dhC.GetPriorAuthorization(nilCtx, "pa_1"); return err }},
		{"develophealth", "nil client", func() error { _, err := (*dh.Client)(nil).GetPriorAuthorization(ctx, "pa_1"); return err }},
		{"develophealth", "empty id", func() error { _, err := dhC.GetPriorAuthorization(ctx, ""); return err }},
		{"develophealth", "nil request", func() error { _, err := dhC.CreatePriorAuthorization(ctx, nil); return err }},
		{"develophealth", "no recovery key", func() error { _, err := dhC.RecoverPriorAuthorization(ctx, pa); return err }},
		{"develophealth", "wait nil ctx", func() error {
			_, err := dhC.WaitPriorAuthorization(nilCtx, "pa_1", dh.WaitOptions{})
			return err
		}},
		{"carevalidate", "nil ctx", func() error { _, err := cvC.GetCase(nilCtx, "case-1", nil); return err }},
		{"carevalidate", "nil client", func() error { _, err := (*cv.Client)(nil).GetCase(ctx, "case-1", nil); return err }},
		{"carevalidate", "empty id", func() error { _, err := cvC.GetCase(ctx, "", nil); return err }},
		{"carevalidate", "validation", func() error { _, err := cvC.CreateCase(ctx, &cv.CreateCaseRequest{}); return err }},
		{"allcarefhir", "nil ctx", func() error { _, err := acC.Patient(nilCtx, "p1"); return err }},
		{"allcarefhir", "nil client", func() error { _, err := (*ac.Client)(nil).Patient(ctx, "p1"); return err }},
		{"allcarefhir", "empty id", func() error { _, err := acC.Patient(ctx, ""); return err }},
		{"allcarefhir", "bad type", func() error { _, err := acC.Read(ctx, "not a type", "x"); return err }},
		{"allcarefhir", "missing parameter", func() error { return first(acC.SearchFormulary(ctx, ac.FormularySearch{})) }},
		{"allcarefhir", "nil login", func() error { _, err := (*ac.Login)(nil).AuthCodeURL(ctx); return err }},
	}
	before := cvsSrv.Faults.Count() + mhvSrv.Faults.Count() + dhSrv.Faults.Count() + cvSrv.Faults.Count() + acSrv.Faults.Count()
	for _, r := range refusals {
		t.Run(r.provider+"/"+r.name, func(t *testing.T) {
			err := r.call()
			require.Error(t, err)
			checkErrorText(t, r.provider, err)
			assert.ErrorIs(t, err, rxbridge.ErrInvalidInput)
			assert.Equal(t, 1, strings.Count(err.Error(), inputPhrase), "says %q once: %s", inputPhrase, err)
		})
	}
	after := cvsSrv.Faults.Count() + mhvSrv.Faults.Count() + dhSrv.Faults.Count() + cvSrv.Faults.Count() + acSrv.Faults.Count()
	assert.Equal(t, before, after, "nothing was sent")

	bad := rxbridge.WithBaseURL("ftp://example.com")
	ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t"})
	constructors := []struct {
		provider, name string
		call           func() error
	}{
		{"cvsspecialty", "no credentials", func() error { _, err := cvsspecialty.NewClient("", ""); return err }},
		{"cvsspecialty", "base URL", func() error { _, err := cvsspecialty.NewClient("id", "secret", bad); return err }},
		{"mhv", "base URL", func() error { _, err := mhv.NewClient("app-token", bad); return err }},
		{"develophealth", "base URL", func() error { _, err := dh.NewClient("t", bad); return err }},
		{"carevalidate", "base URL", func() error { _, err := cv.NewClient("k", bad); return err }},
		{"allcarefhir", "base URL", func() error { _, err := ac.NewClient(ts, bad); return err }},
		{"cvsspecialty", "options", func() error {
			_, err := cvsspecialty.NewClient("id", "secret", bad, rxbridge.WithTimeout(0), cvsspecialty.WithStatusBatchSize(0))
			return err
		}},
		{"mhv", "no base URL", func() error { _, err := mhv.NewClient("app-token"); return err }},
		{"mhv", "options", func() error { _, err := mhv.NewClient("app-token", bad, rxbridge.WithTimeout(0)); return err }},
		{"develophealth", "no token", func() error { _, err := dh.NewClient(""); return err }},
		{"develophealth", "options", func() error { _, err := dh.NewClient("t", bad, rxbridge.WithTimeout(0)); return err }},
		{"carevalidate", "no key", func() error { _, err := cv.NewClient(""); return err }},
		{"carevalidate", "options", func() error { _, err := cv.NewClient("k", bad, rxbridge.WithTimeout(0)); return err }},
		{"allcarefhir", "no token source", func() error { _, err := ac.NewClient(nil); return err }},
		{"allcarefhir", "options", func() error { _, err := ac.NewClient(ts, bad, rxbridge.WithTimeout(0)); return err }},
		{"allcarefhir", "login", func() error { _, err := ac.NewLogin(ac.OAuthConfig{}); return err }},
	}
	for _, c := range constructors {
		t.Run(c.provider+"/new/"+c.name, func(t *testing.T) {
			err := c.call()
			require.Error(t, err)
			// errors.Join puts one refusal a line.
			for _, line := range strings.Split(err.Error(), "\n") {
				checkErrorText(t, c.provider, errors.New(line))
			}
		})
	}
}

// TestErrorStyleOfCredentialFailures holds the failures to obtain a
// credential (CVS's token, MHV's session), which reach the caller through
// the call that needed it, to the same style: the provider's prefix once,
// no phrase said twice, and the cause kept ("connection refused").
func TestErrorStyleOfCredentialFailures(t *testing.T) {
	ctx := context.Background()
	fast := rxbridge.WithRetry(rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond})
	dead := rxbridge.WithBaseURL(closedURL(t))

	cvsSrv := cvsspecialtytest.NewServer()
	t.Cleanup(cvsSrv.Close)
	cvsDead, err := cvsspecialty.NewClient("id", "secret", dead, fast)
	require.NoError(t, err)
	mhvDead, err := mhv.NewClient("app-token", dead, fast)
	require.NoError(t, err)

	cases := []struct {
		provider, name string
		call           func() error
		want           []string // in the message
	}{
		{"cvsspecialty", "token endpoint unreachable, Status", func() error {
			_, err := cvsDead.Status(ctx, "605841b8-1cef-11ea-978f-2e728ce88125")
			return err
		}, []string{"Status POST", "transport failure", "connection refused"}},
		{"cvsspecialty", "token endpoint unreachable, Submit", func() error {
			_, err := cvsDead.Submit(ctx, cvsspecialtytest.SampleReferral())
			return err
		}, []string{"Submit POST", "connection refused"}},
		{"cvsspecialty", "token endpoint resets", func() error {
			for range 4 {
				cvsSrv.TokenFaults.Enqueue(rxbridgetest.ResetBeforeRead())
			}
			c, err := cvsSrv.NewClient(fast)
			require.NoError(t, err)
			_, err = c.Status(ctx, "605841b8-1cef-11ea-978f-2e728ce88125")
			return err
		}, []string{"Status POST", "connection reset by peer"}},
		{"cvsspecialty", "credentials refused", func() error {
			c, err := cvsspecialty.NewClient("id", "wrong", rxbridge.WithBaseURL(cvsSrv.URL), fast)
			require.NoError(t, err)
			_, err = c.Status(ctx, "605841b8-1cef-11ea-978f-2e728ce88125")
			return err
		}, []string{"Status POST", "token request: HTTP 401 invalid_client"}},
		{"mhv", "session endpoint unreachable", func() error {
			_, err := mhvDead.User("15176497").ActivePrescriptions(ctx)
			return err
		}, []string{"ActivePrescriptions GET", "CreateSession GET session", "connection refused"}},
	}
	for _, c := range cases {
		t.Run(c.provider+"/"+c.name, func(t *testing.T) {
			err := c.call()
			require.Error(t, err)
			checkErrorText(t, c.provider, err)
			checkCallOf(t, c.provider, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

// closedURL returns the URL of a loopback port nothing listens on: port
// 1 (tcpmux), which no test binds (a port freed by closing a listener can
// be taken by a test running in parallel).
func closedURL(t *testing.T) string {
	t.Helper()
	return "http://127.0.0.1:1/"
}
