package reliability

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	ac "github.com/rxbridge/rxbridge-go/allcarefhir"
	cv "github.com/rxbridge/rxbridge-go/carevalidate"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	dh "github.com/rxbridge/rxbridge-go/develophealth"
	"github.com/rxbridge/rxbridge-go/internal/canary"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// crossSentinels is rxbridge's table of cross-provider sentinels.
var crossSentinels = map[string]error{
	"ErrInvalidInput":         rxbridge.ErrInvalidInput,
	"ErrRejected":             rxbridge.ErrRejected,
	"ErrUnauthorized":         rxbridge.ErrUnauthorized,
	"ErrForbidden":            rxbridge.ErrForbidden,
	"ErrNotFound":             rxbridge.ErrNotFound,
	"ErrRateLimited":          rxbridge.ErrRateLimited,
	"ErrServer":               rxbridge.ErrServer,
	"ErrOutcomeUnknown":       rxbridge.ErrOutcomeUnknown,
	"ErrRetryBudgetExhausted": rxbridge.ErrRetryBudgetExhausted,
	"ErrTransport":            rxbridge.ErrTransport,
	"ErrDecode":               rxbridge.ErrDecode,
	"ErrResponseTooLarge":     rxbridge.ErrResponseTooLarge,
}

// matching returns the names of the cross-provider sentinels err matches.
func matching(err error) []string {
	var out []string
	for name, s := range crossSentinels {
		if errors.Is(err, s) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// sentinelOps are, per provider, a read, a call that changes state, and a
// call the SDK must refuse before sending.
var sentinelOps = map[string]struct {
	read, write string
	invalid     func(ctx context.Context, fx *fixture) error
}{
	"cvsspecialty": {"Status", "Submit", func(ctx context.Context, fx *fixture) error {
		_, err := fx.client.(*cvsspecialty.Client).Submit(ctx, &cvsspecialty.Referral{})
		return err
	}},
	"mhv": {"ActivePrescriptions", "Refill", func(ctx context.Context, fx *fixture) error {
		return vet(fx).Refill(ctx, 0)
	}},
	"develophealth": {"GetPriorAuthorization", "CreatePriorAuthorization", func(ctx context.Context, fx *fixture) error {
		_, err := fx.client.(*dh.Client).GetPriorAuthorization(ctx, "")
		return err
	}},
	"carevalidate": {"GetCase", "CreateCase", func(ctx context.Context, fx *fixture) error {
		_, err := fx.client.(*cv.Client).GetCase(ctx, "", nil)
		return err
	}},
	"allcarefhir": {"Patient", "Refresh", func(ctx context.Context, fx *fixture) error {
		_, err := fx.client.(*ac.Client).Patient(ctx, "")
		return err
	}},
}

// TestSentinelTable runs the same failures through the five providers and
// checks that each matches the same cross-provider sentinels (and no
// other): the README's table. Users can name every error in the chain
// (no type from internal/), and rxbridge.CallOf gives the call the message
// names first.
func TestSentinelTable(t *testing.T) {
	status := func(code int) *faultserver.Fault { f := jsonFault(code); return &f }
	invalidJSON := faultserver.Status(200, `{"status":"success","data":{"id":`)
	cases := []struct {
		name     string
		write    bool // the call that changes state, else the read
		invalid  bool // the call refused before sending
		always   *faultserver.Fault
		budget   int
		maxBytes int64
		want     []string
		// text: what the message must say (the status, the attempts, the
		// cause when it is safe to show), after the provider's prefix.
		text []string
	}{
		{name: "400", always: status(http.StatusBadRequest), want: []string{"ErrRejected"}, text: []string{"HTTP 400"}},
		{name: "422", always: status(http.StatusUnprocessableEntity), want: []string{"ErrRejected"}, text: []string{"HTTP 422"}},
		{name: "401", always: status(http.StatusUnauthorized), want: []string{"ErrUnauthorized"}, text: []string{"HTTP 401"}},
		{name: "403", always: status(http.StatusForbidden), want: []string{"ErrForbidden"}, text: []string{"HTTP 403"}},
		{name: "404", always: status(http.StatusNotFound), want: []string{"ErrNotFound"}, text: []string{"HTTP 404"}},
		{name: "429", always: ptr(retryAfter429("0")), want: []string{"ErrRateLimited"}, text: []string{"HTTP 429", "4 attempts"}},
		{name: "500", always: status(http.StatusInternalServerError), want: []string{"ErrServer"}, text: []string{"HTTP 500", "4 attempts"}},
		{name: "503-budget-spent", always: status(http.StatusServiceUnavailable), budget: httpx.RetryCost,
			want: []string{"ErrRetryBudgetExhausted", "ErrServer"}, text: []string{"HTTP 503", "retry budget exhausted"}},
		// A redirect that cannot be followed (no Location) refuses nothing.
		{name: "302-page", always: ptr(gatewayHTML(http.StatusFound)), want: nil, text: []string{"HTTP 302"}},
		{name: "invalid-json-2xx", always: &invalidJSON, want: []string{"ErrDecode"}, text: []string{"cannot decode HTTP 200 response"}},
		{name: "oversize-2xx", always: ptr(faultserver.Fault{Kind: faultserver.Huge, Status: 200, Size: 8 * smallBodyLimit}),
			maxBytes: smallBodyLimit, want: []string{"ErrResponseTooLarge"}, text: []string{"response body exceeds the 32768-byte limit"}},
		{name: "reset-on-read", always: ptr(faultserver.Fault{Kind: faultserver.ResetBeforeRead}),
			want: []string{"ErrTransport"}, text: []string{"transport failure (host ", "4 attempts): ", "connection reset by peer"}},
		{name: "reset-on-write", write: true, always: ptr(faultserver.Fault{Kind: faultserver.ResetAfterRead}),
			want: []string{"ErrOutcomeUnknown", "ErrTransport"}, text: []string{"outcome unknown", "1 attempt): ", "connection reset by peer"}},
		{name: "invalid-input", invalid: true, want: []string{"ErrInvalidInput"}, text: []string{"invalid input, nothing was sent"}},
	}
	ops := map[string]op{}
	for _, o := range allOps() {
		ops[o.p.name+"/"+o.name] = o
	}
	for _, pname := range []string{"cvsspecialty", "mhv", "develophealth", "carevalidate", "allcarefhir"} {
		so := sentinelOps[pname]
		for _, tc := range cases {
			t.Run(pname+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				name := so.read
				if tc.write {
					name = so.write
				}
				o, ok := ops[pname+"/"+name]
				require.True(t, ok, "no operation %s/%s in the fault matrix", pname, name)
				logger, _ := canary.Logger()
				tr := httpx.DefaultTransport()
				t.Cleanup(tr.CloseIdleConnections)
				cfg := clientConfig{logger: logger, timeout: normalTimeout, maxBytes: tc.maxBytes, hc: &http.Client{Transport: tr}, tr: tr, retry: retryPolicy}
				cfg.retry.Budget = tc.budget
				ctx, cancel := context.WithTimeout(context.Background(), caseTimeout)
				defer cancel()
				fx := o.p.start(t, o.route, cfg)
				fx.state = map[string]any{}
				require.NoError(t, o.p.warm(ctx, fx), "warm-up")
				if o.prepare != nil {
					o.prepare(ctx, t, fx)
				}
				fx.proxy.Arm(tc.always)

				var err error
				if tc.invalid {
					err = so.invalid(ctx, fx)
					assert.Zero(t, fx.proxy.Count(), "nothing was sent")
				} else {
					err = o.call(ctx, fx)
				}
				require.Error(t, err)
				assert.Equal(t, tc.want, matching(err), "%T: %v", err, err)
				checkErrorText(t, pname, err)
				checkPublicChain(t, err)
				checkCallOf(t, pname, err)
				for _, want := range tc.text {
					assert.Contains(t, err.Error(), want)
				}
			})
		}
	}
}
