// Package mhv is a client for the VA My HealtheVet (MHV) prescription API
// (Rx Refill & Tracking, ICD v1.8): a veteran's active and historical VA
// prescriptions, refills (one, or several in a batch), shipment tracking,
// the medications list, a drug's patient leaflet and notification
// preferences.
//
// One Client serves an application (one appToken) and any number of
// veterans. Each veteran, named by an MHV correlation id, gets a handle
// with User; its calls carry that veteran's own session:
//
//	client, err := mhv.NewClient(appToken,
//		rxbridge.WithBaseURL("https://mhv.example.va.gov/mhv-api/patient/v1"))
//	if err != nil { ... }
//	vet := client.User(mhvCorrelationID)
//
//	active, err := vet.ActivePrescriptions(ctx)
//	for _, rx := range active.Prescriptions() {
//		fmt.Println(rx.PrescriptionID, rx.RefillStatus, rx.RefillDate.DateOnly())
//	}
//
//	switch err := vet.Refill(ctx, rx.PrescriptionID); {
//	case err == nil:
//		// submitted
//	case errors.Is(err, mhv.ErrNotRefillable):
//		// not refillable, or a refill is already pending
//	case errors.Is(err, mhv.ErrOutcomeUnknown):
//		// sent, answer lost: check vet.PrescriptionHistory before retrying
//	}
//
//	tracking, err := vet.Tracking(ctx, rx.PrescriptionID)
//
//	// The drug's leaflet, by NDC: HTML from MHV, to sanitise before rendering.
//	leaflet, err := vet.RxDocumentation(ctx, tracking.NdcNumber.Value)
//	fmt.Println(leaflet.Title())
//
// # Sessions
//
// The client creates a veteran's session (GET session with appToken and
// mhvCorrelationId) on the first call, reads its token from the Token
// header and its end from Expires (corrected for clock skew with the Date
// header), and replaces it 20 s before it ends. However many goroutines
// call for one veteran, one session creation is in flight at a time (MHV
// answers 500 to concurrent creations). A session is never shared between
// veterans. When MHV refuses a session (HTTP 401, errorCode 108, 109 or
// 110, or errorCode 0 "Invalid session token"), the client drops it,
// creates a new one and replays the call once; the refused call did
// nothing, so this holds for refills too.
//
// Services running several instances share sessions through
// rxbridge.WithStore (a redisstore.Store over one Redis): each veteran's
// session is created by one instance under a lock held in the store, and
// the others use it; each instance keeps the sessions it uses in memory,
// so a warm call never reaches the store. An unreachable store degrades to
// this behaviour within one process, logged through rxbridge.WithLogger.
//
// # Dates and numbers
//
// The answers use the SDK's value types (package rxbridge): MHV's dates
// ("Tue, 17 Jan 2012 00:00:00 EST") are rxbridge.RFC1123, whose zone
// abbreviation is read as its real offset (EST is -05:00, EDT -04:00),
// never as UTC; refillRemaining, quantity and errorCode are
// rxbridge.Number, which keeps the text as received (null for non-VA
// medications); fields beyond the ICD are rxbridge.Optional. Most MHV
// dates are midnight Eastern and mean a day: use DateOnly, which gives the
// calendar date as written (an rxbridge.Date), never the previous day that
// a conversion to a western zone or to UTC would show. An odd date or
// number never makes a list unreadable: it decodes to an invalid value
// that keeps its text, and every value re-encodes as it arrived.
//
// # Errors
//
// MHV errors are *Error values with the HTTP status, MHV's errorCode and the
// ICD's meaning of it. Use errors.Is with the sentinels (ErrNotRefillable,
// ErrPrescriptionNotFound, ErrRxAgreementNotAccepted, ErrSessionExpired,
// ErrNotFound, ErrGatewayPage, ...). Error strings never contain tokens,
// correlation ids, prescription ids or names, or MHV's messages (those are
// in Error.Message and Error.DeveloperMessage: treat them as PHI).
//
// # Gateway
//
// The VA API gateway serves the same API under other routes with an API
// key: use WithGateway(apiKey) and the gateway's base URL.
//
// # Testing
//
// Package mhvtest is an in-process fake MHV (veterans, prescriptions,
// refills that change state, tracking, forced session expiry, MHV's
// concurrent-session 500s, fault injection) for your tests.
package mhv
