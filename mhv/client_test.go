package mhv_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
)

func TestNewClientValidates(t *testing.T) {
	const secret = "app-token-SECRET"
	cases := []struct {
		name  string
		token string
		opts  []mhv.Option
		want  string
	}{
		{"empty token", "", []mhv.Option{rxbridge.WithBaseURL("https://h/v1")}, "appToken is empty"},
		{"token with a line break", secret + "\r\nX: y", []mhv.Option{rxbridge.WithBaseURL("https://h/v1")}, "appToken contains"},
		{"no base URL", secret, nil, "WithBaseURL is required"},
		{"bad base URL", secret, []mhv.Option{rxbridge.WithBaseURL("ftp://h")}, "WithBaseURL"},
		{"base URL with a query", secret, []mhv.Option{rxbridge.WithBaseURL("https://h/v1?token=" + secret)}, "WithBaseURL"},
		{"empty gateway key", secret, []mhv.Option{rxbridge.WithBaseURL("https://h/v1"), mhv.WithGateway("")}, "WithGateway"},
		{"nil store", secret, []mhv.Option{rxbridge.WithBaseURL("https://h/v1"), rxbridge.WithStore(nil)}, "WithStore"},
		{"bad refresh", secret, []mhv.Option{rxbridge.WithBaseURL("https://h/v1"), mhv.WithSessionRefresh(0)}, "WithSessionRefresh"},
		{"bad lock wait", secret, []mhv.Option{rxbridge.WithBaseURL("https://h/v1"), mhv.WithSessionLockWait(-1)}, "WithSessionLockWait"},
		{"bad timeout", secret, []mhv.Option{rxbridge.WithBaseURL("https://h/v1"), rxbridge.WithTimeout(0)}, "WithTimeout"},
		{"nil http client", secret, []mhv.Option{rxbridge.WithBaseURL("https://h/v1"), rxbridge.WithHTTPClient(nil)}, "WithHTTPClient"},
	}
	for _, tc := range cases {
		c, err := mhv.NewClient(tc.token, tc.opts...)
		assert.Nil(t, c, tc.name)
		require.Error(t, err, tc.name)
		assert.Contains(t, err.Error(), tc.want, tc.name)
		assert.NotContains(t, err.Error(), "SECRET", tc.name)
	}
	c, err := mhv.NewClient(secret, rxbridge.WithBaseURL("https://h/mhv-api/patient/v1"), mhv.WithSessionRefresh(30e9),
		mhv.WithSessionLockWait(1e9), rxbridge.WithUserAgent("pharmacy/2"), rxbridge.WithMaxResponseBytes(1<<20))
	require.NoError(t, err)
	assert.NotContains(t, c.String(), "SECRET")
}

func TestListsTrackingAndMedicationsFromTheFake(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	vet := c.User(mhvtest.DemoVeteran)
	ctx := context.Background()

	active, err := vet.ActivePrescriptions(ctx)
	require.NoError(t, err)
	ids := []int64{}
	for _, rx := range active.Prescriptions() {
		ids = append(ids, rx.PrescriptionID)
		assert.True(t, rx.RefillStatus.Known())
		if rx.RefillDate.Valid() {
			off := offset(rx.RefillDate.Time)
			assert.True(t, off == est || off == edt, "US Eastern offsets")
			assert.Zero(t, rx.RefillDate.Hour(), "midnight Eastern")
		}
	}
	assert.Equal(t, []int64{mhvtest.DemoRefillable, mhvtest.DemoTrackable, mhvtest.DemoSubmitted, mhvtest.DemoInProcess}, ids)

	history, err := vet.PrescriptionHistory(ctx)
	require.NoError(t, err)
	assert.Len(t, history.Prescriptions(), 6)
	exp, ok := history.Find(mhvtest.DemoExpired)
	require.True(t, ok)
	assert.Equal(t, mhv.RefillStatusExpired, exp.RefillStatus)

	tr, err := vet.Tracking(ctx, mhvtest.DemoTrackable)
	require.NoError(t, err)
	require.Len(t, tr.Shipments(), 2)
	assert.Equal(t, "USPS", tr.Shipments()[0].DeliveryService)
	assert.Equal(t, "LISINOPRIL 10MG TAB", tr.Shipments()[0].OtherPrescriptionListIncluded[0].PrescriptionName)
	u, err := tr.ImageURL()
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(u, "/378/NDC00378018701"), u)

	_, err = vet.Tracking(ctx, mhvtest.SecondVeteranRx)
	assert.ErrorIs(t, err, mhv.ErrNotPrescriptionOwner)
	_, err = vet.Tracking(ctx, 1)
	assert.ErrorIs(t, err, mhv.ErrPrescriptionNotFound)

	meds, err := vet.Medications(ctx)
	require.NoError(t, err)
	require.Len(t, meds.Medications(), 6)
	assert.Equal(t, "00378-0187-01", meds.Medications()[1].Ndc.Value)
	// The shipments in MHV's medications-list shape.
	mships := meds.Medications()[1].Shipments()
	require.Len(t, mships, 2)
	assert.Equal(t, rxbridge.Some("USPS"), mships[0].Carrier)
	assert.Equal(t, rxbridge.Some("9400100000000000000001"), mships[0].TrackingNumber)
	assert.True(t, mships[0].CompleteDateTime.Valid(), "completeDateTime")
	assert.True(t, mships[0].DateLoaded.Valid(), "dateLoaded")
	assert.True(t, mships[0].ID.Valid)
	assert.NotEqual(t, mships[0].ID, mships[1].ID)
	assert.Equal(t, rxbridge.Some("00378018701"), mships[0].Ndc)
	assert.Equal(t, "3636710A", mships[0].RxNumber.String())
	assert.Equal(t, "989", mships[0].StationNumber.String())
	assert.Equal(t, rxbridge.Some(true), mships[0].OthersInSamePackage)
	assert.Equal(t, rxbridge.Some(false), mships[0].IsLocalTracking)
	assert.True(t, mships[0].DivisionPhone.Valid)
	assert.True(t, mships[0].ViewImageDisplayed.Valid)
	assert.Equal(t, rxbridge.Some("UPS"), mships[1].Carrier)
	assert.NotNil(t, meds.Errors, "the list's errors")
	assert.NotNil(t, meds.InfoMessages, "the list's infoMessages")

	_, err = vet.Prescription(ctx, 42)
	assert.ErrorIs(t, err, mhv.ErrNotFound)
	_, err = vet.Prescription(ctx, 0)
	assert.ErrorIs(t, err, mhv.ErrInvalidInput)

	// Partial answers: some stations did not respond.
	srv.SetFailedStations("979", "989")
	active, err = vet.ActivePrescriptions(ctx)
	require.NoError(t, err)
	assert.True(t, active.Partial())
	assert.Equal(t, []string{"979", "989"}, active.FailedStationList.Stations)
}

func TestRefillLifecycleInTheFake(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	vet := c.User(mhvtest.DemoVeteran)
	ctx := context.Background()
	require.NoError(t, vet.Refill(ctx, mhvtest.DemoRefillable))
	require.True(t, srv.ProcessRefill(mhvtest.DemoRefillable))
	rx, err := vet.Prescription(ctx, mhvtest.DemoRefillable)
	require.NoError(t, err)
	assert.Equal(t, mhv.RefillStatusRefillInProcess, rx.RefillStatus)
	require.True(t, srv.ShipRefill(mhvtest.DemoRefillable, "UPS", "1Z999"))
	rx, err = vet.Prescription(ctx, mhvtest.DemoRefillable)
	require.NoError(t, err)
	assert.Equal(t, mhv.RefillStatusActive, rx.RefillStatus)
	assert.True(t, rx.IsTrackable)
	assert.True(t, rx.IsRefillable)
	n, _ := rx.RefillRemaining.Int64()
	assert.Equal(t, int64(4), n)
	tr, err := vet.Tracking(ctx, mhvtest.DemoRefillable)
	require.NoError(t, err)
	assert.Equal(t, "1Z999", tr.Shipments()[0].TrackingNumber)
	assert.False(t, srv.ShipRefill(mhvtest.DemoRefillable, "UPS", "again"), "nothing pending")
}

func TestPreferences(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	vet := c.User(mhvtest.DemoVeteran)
	ctx := context.Background()
	email, err := vet.NotificationEmail(ctx)
	require.NoError(t, err)
	assert.Equal(t, "veteran.demo@example.com", email)
	require.NoError(t, vet.SetNotificationEmail(ctx, "new.address@example.com"))
	email, err = vet.NotificationEmail(ctx)
	require.NoError(t, err)
	assert.Equal(t, "new.address@example.com", email)
	err = vet.SetNotificationEmail(ctx, "has space@example.com")
	var e *mhv.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "157", e.Code)
	assert.ErrorIs(t, err, mhv.ErrInvalidEmail)
	assert.Equal(t, "Email address is invalid", e.Meaning)
	assert.ErrorIs(t, vet.SetNotificationEmail(ctx, "not-an-address"), mhv.ErrInvalidInput)

	on, err := vet.RxNotifications(ctx)
	require.NoError(t, err)
	assert.True(t, on)
	require.NoError(t, vet.SetRxNotifications(ctx, false))
	on, err = vet.RxNotifications(ctx)
	require.NoError(t, err)
	assert.False(t, on)
	var body []string
	for _, r := range srv.Faults.Requests() {
		if r.Method == "POST" {
			body = append(body, string(r.Body))
		}
	}
	assert.Equal(t, []string{`{"emailAddress":"new.address@example.com"}`, `{"emailAddress":"has space@example.com"}`, `{"flag":false}`}, body)

	// Setting a preference is safe to repeat: a 503 is retried.
	srv.Faults.Enqueue(faultserver.GatewayHTML(503))
	require.NoError(t, vet.SetRxNotifications(ctx, true))
}

func TestReadsAreRetriedAndDecodedWhateverTheContentType(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	vet := c.User(mhvtest.DemoVeteran)
	ctx := context.Background()
	require.NoError(t, vet.EnsureSession(ctx))
	srv.Faults.Enqueue(faultserver.GatewayHTML(503), faultserver.Status(502, ``), faultserver.Fault{Kind: faultserver.ResetAfterRead})
	l, err := vet.ActivePrescriptions(ctx)
	require.NoError(t, err)
	assert.Len(t, l.Prescriptions(), 4)
	assert.Equal(t, 5, srv.Faults.Count())

	active := string(fixture(t, "active.json"))
	srv.Faults.Enqueue(faultserver.Fault{Kind: faultserver.Respond, Status: 200, ContentType: "text/plain", Body: []byte(active)})
	l, err = vet.ActivePrescriptions(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(527450), l.Prescriptions()[0].PrescriptionID)

	srv.Faults.Enqueue(faultserver.Fault{Kind: faultserver.Respond, Status: 200, ContentType: "application/json", Body: []byte("<html>maintenance</html>")})
	_, err = vet.ActivePrescriptions(ctx)
	require.ErrorIs(t, err, mhv.ErrDecode)
	assert.NotContains(t, err.Error(), "maintenance")

	f := faultserver.GatewayHTML(503)
	srv.Faults.Always(&f)
	_, err = vet.PrescriptionHistory(ctx)
	srv.Faults.Always(nil)
	require.ErrorIs(t, err, mhv.ErrGatewayPage)
	assert.ErrorIs(t, err, mhv.ErrServer)
	assert.NotErrorIs(t, err, mhv.ErrOutcomeUnknown, "a read is never outcome-unknown")
}

func TestRequestsGoOnlyToTheBaseHost(t *testing.T) {
	// A redirect to another host is refused: the session token never
	// leaves the MHV host.
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewNotFoundResponder(t.Fatal))
	mt.RegisterResponder("GET", "https://mhv.test/mhv-api/patient/v1/session", sessionResponder("tok"))
	mt.RegisterResponder("GET", "https://mhv.test/mhv-api/patient/v1/prescription/getactiverx",
		func(*http.Request) (*http.Response, error) {
			r := httpmock.NewStringResponse(302, "")
			r.Header.Set("Location", "https://elsewhere.test/steal")
			return r, nil
		})
	c, err := mhv.NewClient("app", rxbridge.WithBaseURL("https://mhv.test/mhv-api/patient/v1"),
		rxbridge.WithHTTPClient(&http.Client{Transport: mt}), rxbridge.WithRetry(fastRetry))
	require.NoError(t, err)
	_, err = c.User("7614").ActivePrescriptions(context.Background())
	require.Error(t, err)
	assert.Zero(t, mt.GetCallCountInfo()["GET https://elsewhere.test/steal"])
}
