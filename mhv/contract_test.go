package mhv

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/contract"
)

// The contract tests replay the recorded exchanges in testdata/mhv/contract:
// the session request (appToken, mhvCorrelationId), the data call with the
// session's Token, and MHV's answers, which must decode to the golden views
// below or to the expected typed errors (every errorCode of the ICD's
// Appendix A 5.1.1, gateway pages, empty bodies).

const mhvContractDir = "../testdata/mhv/contract"

// contractNow is the client's clock in the contract tests, so a session's
// expiry (now + Expires - Date) is exact.
var contractNow = time.Date(2025, 9, 5, 15, 0, 0, 0, time.UTC)

// mhvSentinels names every sentinel of the package (checked against the
// source by TestContractSentinelsAreComplete).
var mhvSentinels = map[string]error{
	"ErrUnknownApplication":      ErrUnknownApplication,
	"ErrAppAuthenticationFailed": ErrAppAuthenticationFailed,
	"ErrAppAuthorizationFailed":  ErrAppAuthorizationFailed,
	"ErrInvalidUserCredentials":  ErrInvalidUserCredentials,
	"ErrMissingUserCredentials":  ErrMissingUserCredentials,
	"ErrUserNotFound":            ErrUserNotFound,
	"ErrUserBlocked":             ErrUserBlocked,
	"ErrTokenCreationFailed":     ErrTokenCreationFailed,
	"ErrMissingSessionToken":     ErrMissingSessionToken,
	"ErrInvalidSessionToken":     ErrInvalidSessionToken,
	"ErrSessionExpired":          ErrSessionExpired,
	"ErrInvalidUserPermissions":  ErrInvalidUserPermissions,
	"ErrDataIntegrity":           ErrDataIntegrity,
	"ErrMissingAppToken":         ErrMissingAppToken,
	"ErrRxAgreementNotAccepted":  ErrRxAgreementNotAccepted,
	"ErrNotPrescriptionOwner":    ErrNotPrescriptionOwner,
	"ErrPrescriptionNotFound":    ErrPrescriptionNotFound,
	"ErrNotRefillable":           ErrNotRefillable,
	"ErrRefillFailed":            ErrRefillFailed,
	"ErrInvalidEmail":            ErrInvalidEmail,
	"ErrAuthenticationService":   ErrAuthenticationService,
	"ErrMessageService":          ErrMessageService,
	"ErrNotFound":                ErrNotFound,
	"ErrRejected":                ErrRejected,
	"ErrForbidden":               ErrForbidden,
	"ErrUnauthorized":            ErrUnauthorized,
	"ErrRateLimited":             ErrRateLimited,
	"ErrServer":                  ErrServer,
	"ErrGatewayPage":             ErrGatewayPage,
	"ErrSessionRejected":         ErrSessionRejected,
	"ErrOptimisticLock":          ErrOptimisticLock,
	"ErrSessionCreate":           ErrSessionCreate,
	"ErrBatchUnattributed":       ErrBatchUnattributed,
	"ErrInvalidNDC":              ErrInvalidNDC,
	"ErrOutcomeUnknown":          ErrOutcomeUnknown,
	"ErrRetryBudgetExhausted":    ErrRetryBudgetExhausted,
	"ErrResponseTooLarge":        ErrResponseTooLarge,
	"ErrTransport":               ErrTransport,
	"ErrDecode":                  ErrDecode,
	"ErrInvalidInput":            ErrInvalidInput,
}

// mhvArgs are a contract's arguments.
type mhvArgs struct {
	// User is the veteran's mhvCorrelationId (default "7614", the ICD's).
	User string `json:"user"`
	// ID is a prescription id; IDs a batch; Email and On the preference.
	ID    int64   `json:"id"`
	IDs   []int64 `json:"ids"`
	Email string  `json:"email"`
	On    bool    `json:"on"`
	// NDC is a drug's National Drug Code (RxDocumentation).
	NDC string `json:"ndc"`
	// Gateway selects the API gateway's routes and x-api-key.
	Gateway bool `json:"gateway"`
}

// savedSessions is a shared store that records the sessions the client
// stores, so a contract can show the session's lifetime as the client
// computed it.
type savedSessions struct {
	*rxbridge.MemoryStore
	mu    sync.Mutex
	saved []time.Time // the expiry of each session stored
}

func (s *savedSessions) Set(ctx context.Context, key rxbridge.StoreKey, v []byte, ttl time.Duration) error {
	if key.Namespace == sessionNamespace {
		var stored struct {
			Expiry int64 `json:"exp"`
		}
		if err := json.Unmarshal(v, &stored); err != nil {
			return err
		}
		s.mu.Lock()
		s.saved = append(s.saved, time.UnixMilli(stored.Expiry))
		s.mu.Unlock()
	}
	return s.MemoryStore.Set(ctx, key, v, ttl)
}

// mhvCall runs one operation for one veteran against a client pointed at
// the recording: the legacy base /mhv-api/patient/v1, or the gateway's
// /v1. Reads and session creation may be retried once (1 ms apart), so
// the recordings show which calls are retried and which never are.
func mhvCall(ctx context.Context, baseURL, op string, raw json.RawMessage) (any, error) {
	a := mhvArgs{User: "7614"}
	if len(raw) > 0 {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&a); err != nil {
			return nil, fmt.Errorf("contract args: %w", err)
		}
	}
	store := &savedSessions{MemoryStore: rxbridge.NewMemoryStore()}
	opts := []Option{
		rxbridge.WithRetry(rxbridge.RetryPolicy{MaxRetries: 1, WaitMin: time.Millisecond, WaitMax: time.Millisecond}),
		rxbridge.WithTimeout(30 * time.Second), // a guard: no call waits for it
		rxbridge.WithStore(store),
		WithClock(func() time.Time { return contractNow }),
	}
	if a.Gateway {
		opts = append(opts, rxbridge.WithBaseURL(baseURL+"/v1"), WithGateway("contract-api-key"))
	} else {
		opts = append(opts, rxbridge.WithBaseURL(baseURL+"/mhv-api/patient/v1"))
	}
	c, err := NewClient("contract-app-token", opts...)
	if err != nil {
		return nil, err
	}
	vet := c.User(a.User)
	ok := map[string]bool{"ok": true}
	switch op {
	case "EnsureSession":
		if err := vet.EnsureSession(ctx); err != nil {
			return nil, err
		}
		store.mu.Lock()
		defer store.mu.Unlock()
		out := map[string]any{"sessionsCreated": c.SessionsCreated(), "sessionsSaved": len(store.saved)}
		if len(store.saved) > 0 {
			out["expiresIn"] = store.saved[len(store.saved)-1].Sub(contractNow).String()
		}
		return out, nil
	case "ActivePrescriptions":
		return viewList(vet.ActivePrescriptions(ctx))
	case "PrescriptionHistory":
		return viewList(vet.PrescriptionHistory(ctx))
	case "Prescription":
		rx, err := vet.Prescription(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		return viewRx(*rx), nil
	case "Refill":
		return ok, vet.Refill(ctx, a.ID)
	case "RefillMany":
		b, err := vet.RefillMany(ctx, a.IDs)
		if err != nil {
			return nil, err
		}
		return viewBatch(b), nil
	case "Tracking":
		tr, err := vet.Tracking(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		return viewTracking(tr), nil
	case "RxDocumentation":
		d, err := vet.RxDocumentation(ctx, a.NDC)
		if err != nil {
			return nil, err
		}
		return map[string]any{"html": d.HTML, "title": d.Title()}, nil
	case "Medications":
		m, err := vet.Medications(ctx)
		if err != nil {
			return nil, err
		}
		return viewMedications(m), nil
	case "NotificationEmail":
		email, err := vet.NotificationEmail(ctx)
		return map[string]string{"emailAddress": email}, err
	case "SetNotificationEmail":
		return ok, vet.SetNotificationEmail(ctx, a.Email)
	case "RxNotifications":
		on, err := vet.RxNotifications(ctx)
		return map[string]bool{"flag": on}, err
	case "SetRxNotifications":
		return ok, vet.SetRxNotifications(ctx, a.On)
	}
	return nil, fmt.Errorf("contract: unknown operation %q", op)
}

// The views show what the SDK decoded, not the wire text: dates as the
// instants they denote (with their real offsets), numbers as numbers,
// station lists as lists, optional fields only when set.

// viewDate renders an MHV date: RFC 3339 with its offset, "invalid: <raw>"
// for text in no known form, null when unset.
func viewDate(d rxbridge.RFC1123) any {
	switch {
	case d.Valid():
		return d.Format(time.RFC3339)
	case d.Raw() != "":
		return "invalid: " + d.Raw()
	}
	return nil
}

// viewNumber renders a lenient number: an integer, the text of another
// number, or null.
func viewNumber(n rxbridge.Number) any {
	if i, ok := n.Int64(); ok {
		return i
	}
	if n.Valid() {
		return n.String()
	}
	return nil
}

// opt returns the value of a set Optional, else nil (left out).
func opt[T any](o rxbridge.Optional[T]) any {
	if v, ok := o.Get(); ok {
		return v
	}
	return nil
}

// put sets m[k] = v unless v is nil.
func put(m map[string]any, k string, v any) {
	if v != nil {
		m[k] = v
	}
}

func viewRx(rx Prescription) map[string]any {
	m := map[string]any{
		"prescriptionId":     rx.PrescriptionID,
		"prescriptionNumber": rx.PrescriptionNumber,
		"prescriptionName":   rx.PrescriptionName,
		"refillStatus":       rx.RefillStatus,
		"refillStatusKnown":  rx.RefillStatus.Known(),
		"isRefillable":       rx.IsRefillable,
		"isTrackable":        rx.IsTrackable,
		"refillRemaining":    viewNumber(rx.RefillRemaining),
		"quantity":           viewNumber(rx.Quantity),
		"facilityName":       rx.FacilityName,
		"stationNumber":      rx.StationNumber,
		"refillSubmitDate":   viewDate(rx.RefillSubmitDate),
		"refillDate":         viewDate(rx.RefillDate),
		"orderedDate":        viewDate(rx.OrderedDate),
		"expirationDate":     viewDate(rx.ExpirationDate),
		"dispensedDate":      viewDate(rx.DispensedDate),
	}
	put(m, "sig", opt(rx.Sig))
	put(m, "inCernerTransition", opt(rx.InCernerTransition))
	put(m, "notRefillableDisplayMessage", opt(rx.NotRefillableDisplayMessage))
	put(m, "cmopDivisionPhone", opt(rx.CmopDivisionPhone))
	put(m, "cmopNdcNumber", opt(rx.CmopNdcNumber))
	return m
}

func viewErrorTO(e ErrorEntry) map[string]any {
	return map[string]any{"errorCode": viewNumber(e.ErrorCode), "message": opt(e.Message), "developerMessage": opt(e.DeveloperMessage)}
}

func viewList(p *PrescriptionList, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	rxs := []any{}
	for _, rx := range p.Prescriptions() {
		rxs = append(rxs, viewRx(rx))
	}
	m := map[string]any{
		"prescriptions":   rxs,
		"partial":         p.Partial(),
		"failedStations":  nonNil(p.FailedStationList.Stations),
		"lastUpdatedTime": viewDate(p.LastUpdatedTime),
	}
	if !p.SuccessfulStationList.IsZero() {
		m["successfulStations"] = nonNil(p.SuccessfulStationList.Stations)
	}
	if p.Errors != nil {
		errs := []any{}
		for _, e := range p.Errors {
			errs = append(errs, viewErrorTO(e))
		}
		m["errors"] = errs
	}
	return m, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilIDs(s []int64) []int64 {
	if s == nil {
		return []int64{}
	}
	return s
}

// viewImage renders the drug image URL of an NDC, or null.
func viewImage(ndc string) any {
	u, err := DrugImageURL(ndc)
	if err != nil {
		return nil
	}
	return u
}

func viewTracking(t *TrackingDetails) map[string]any {
	ships := []any{}
	for _, s := range t.Shipments() {
		others := []any{}
		for _, o := range s.OtherPrescriptionListIncluded {
			others = append(others, map[string]any{
				"prescriptionName":   o.PrescriptionName,
				"prescriptionNumber": o.PrescriptionNumber,
				"ndcNumber":          opt(o.NdcNumber),
				"stationNumber":      o.StationNumber,
				"imageURL":           viewImage(o.NdcNumber.Value),
			})
		}
		ships = append(ships, map[string]any{
			"shippedDate":        viewDate(s.ShippedDate),
			"deliveryService":    s.DeliveryService,
			"trackingNumber":     s.TrackingNumber,
			"otherPrescriptions": others,
		})
	}
	return map[string]any{
		"prescriptionName":   t.PrescriptionName,
		"prescriptionNumber": t.PrescriptionNumber,
		"facilityName":       t.FacilityName,
		"rxInfoPhoneNumber":  t.RxInfoPhoneNumber,
		"ndcNumber":          opt(t.NdcNumber),
		"imageURL":           viewImage(t.NdcNumber.Value),
		"lastUpdatedTime":    viewDate(t.LastUpdatedtime),
		"shipments":          ships,
	}
}

func viewMedication(m *Medication) map[string]any {
	v := viewRx(m.Prescription)
	put(v, "id", opt(m.ID))
	put(v, "prescriptionSource", opt(m.PrescriptionSource))
	put(v, "dispStatus", opt(m.DispStatus))
	put(v, "ndc", opt(m.Ndc))
	put(v, "category", opt(m.Category))
	put(v, "providerLastName", opt(m.ProviderLastName))
	put(v, "isRenewable", opt(m.IsRenewable))
	put(v, "tracking", opt(m.Tracking))
	put(v, "modifiedDate", viewDate(m.ModifiedDate))
	refills := []any{}
	for _, r := range m.Refills() {
		refills = append(refills, viewMedication(&r))
	}
	v["refills"] = refills
	ships := []any{}
	for _, s := range m.Shipments() {
		ships = append(ships, map[string]any{
			"id":                  opt(s.ID),
			"carrier":             opt(s.Carrier),
			"trackingNumber":      opt(s.TrackingNumber),
			"completeDateTime":    viewDate(s.CompleteDateTime),
			"dateLoaded":          viewDate(s.DateLoaded),
			"divisionPhone":       opt(s.DivisionPhone),
			"isLocalTracking":     opt(s.IsLocalTracking),
			"ndc":                 opt(s.Ndc),
			"othersInSamePackage": opt(s.OthersInSamePackage),
			"rxNumber":            s.RxNumber.String(),
			"stationNumber":       s.StationNumber.String(),
			"viewImageDisplayed":  opt(s.ViewImageDisplayed),
		})
	}
	v["shipments"] = ships
	return v
}

func viewMedications(m *MedicationList) map[string]any {
	meds := []any{}
	for _, med := range m.Medications() {
		meds = append(meds, viewMedication(&med))
	}
	return map[string]any{
		"failedStations":  nonNil(m.FailedStationList.Stations),
		"lastUpdatedTime": viewDate(m.LastUpdatedTime),
		"medications":     meds,
		"errors":          len(m.Errors),
		"infoMessages":    len(m.InfoMessages),
	}
}

// viewBatch renders a batch refill: each id's verdict, the failures that
// named no requested id, and the answer's envelope.
func viewBatch(b *BatchRefill) map[string]any {
	results := []any{}
	for _, r := range b.Results {
		e := map[string]any{"prescriptionId": r.PrescriptionID, "submitted": r.Err == nil}
		if r.Err != nil {
			e["error"] = viewError(r.Err)
		}
		results = append(results, e)
	}
	un := []any{}
	for _, e := range b.Unattributed {
		un = append(un, viewError(e))
	}
	m := map[string]any{"results": results, "unattributed": un, "submitted": nonNilIDs(b.Submitted())}
	if b.Response != nil {
		m["response"] = map[string]any{
			"failedStations":     nonNil(b.Response.FailedStationList.Stations),
			"successfulStations": nonNil(b.Response.SuccessfulStationList.Stations),
			"lastUpdatedTime":    viewDate(b.Response.LastUpdatedTime),
			"prescriptions":      len(b.Response.PrescriptionList),
		}
	}
	return m
}

// mhvErrorFields extracts the HTTP status and MHV errorCode.
func mhvErrorFields(err error) (int, string, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e.HTTPStatus, e.Code, true
	}
	return 0, "", false
}

// viewError renders an error: every sentinel it matches and the fields
// the *Error decoded.
func viewError(err error) map[string]any {
	v := map[string]any{"is": matchingSentinels(err)}
	var e *Error
	if errors.As(err, &e) {
		v["error"] = map[string]any{
			"httpStatus":       e.HTTPStatus,
			"code":             e.Code,
			"meaning":          e.Meaning,
			"message":          e.Message,
			"developerMessage": e.DeveloperMessage,
			"bodyFormat":       e.BodyFormat,
		}
	}
	return v
}

func mhvErrorDetail(err error) any { return viewError(err) }

// matchingSentinels returns the names of the sentinels err matches.
func matchingSentinels(err error) []string {
	out := []string{}
	for name, s := range mhvSentinels {
		if errors.Is(err, s) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func TestContract(t *testing.T) {
	covered := contract.Run(t, mhvContractDir, contract.Provider{
		Name:        "mhv",
		Call:        mhvCall,
		Sentinels:   mhvSentinels,
		ErrorFields: mhvErrorFields,
		ErrorDetail: mhvErrorDetail,
	})
	// Every exported method of *User is an MHV operation and must have a
	// recording; a new one fails here until it gets one. (*Client's
	// methods make no calls of their own.)
	ops := contract.Methods(reflect.TypeFor[*User](), "String", "GoString", "Format")
	require.Equal(t, []string{"ActivePrescriptions", "EnsureSession", "Medications", "NotificationEmail",
		"Prescription", "PrescriptionHistory", "Refill", "RefillMany", "RxDocumentation", "RxNotifications",
		"SetNotificationEmail", "SetRxNotifications", "Tracking"}, ops, "the veteran's operations")
	require.ElementsMatch(t, []string{"SessionsCreated", "User"},
		contract.Methods(reflect.TypeFor[*Client]()), "a new Client method may be an operation: record it")
	contract.RequireOps(t, covered, ops...)
}

// TestContractSentinelsAreComplete checks that mhvSentinels names every
// exported Err variable of the package.
func TestContractSentinelsAreComplete(t *testing.T) {
	declared, err := contract.ErrVars(".")
	require.NoError(t, err)
	assert.ElementsMatch(t, declared, slices.Collect(maps.Keys(mhvSentinels)))
}

// TestContractCoversEveryICDCode checks that every errorCode of the ICD
// (Appendix A 5.1.1 and the refill resource's 139 and 140) has a recorded
// exchange that decodes to it.
func TestContractCoversEveryICDCode(t *testing.T) {
	files, err := contract.Load(mhvContractDir)
	require.NoError(t, err)
	recorded := map[string]bool{}
	for _, f := range files {
		if f.Error != nil {
			recorded[f.Error.Code] = true
		}
	}
	for _, c := range codeTable {
		assert.True(t, recorded[fmt.Sprint(c.code)], "errorCode %d (%s) has no recorded exchange", c.code, c.meaning)
	}
}
