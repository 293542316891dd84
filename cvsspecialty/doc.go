// Package cvsspecialty is a client for the CVS Specialty Patient Enrollment
// API: a specialty pharmacy partner submits a patient's referral (profile,
// coverage, clinical data, prescriber, prescriptions, and the e-Rx or fax
// image) to the intake endpoint instead of faxing it, gets back a
// transaction id, and later asks for the status of many referrals at once.
//
// The main flow:
//
//	c, err := cvsspecialty.NewClient(clientID, clientSecret) // WithSandbox(), WithMockMode(), ...
//	if err != nil { ... }
//
//	ref := &cvsspecialty.Referral{
//		TransactionID: cvsspecialty.NewTransactionID(), // store it before you submit
//		Patient: cvsspecialty.Patient{
//			Name:      cvsspecialty.HumanName{Given: "Aegon", Family: "Targaryen"},
//			BirthDate: rxbridge.NewDate(1993, time.October, 21),
//		},
//		Prescription: []cvsspecialty.Prescription{{
//			DrugIdentifier: cvsspecialty.Identifier{System: "500903530", Value: "8463452323", Name: "Adalimumab"},
//			Refills:        rxbridge.Ptr(5),
//		}},
//		RxImage: &cvsspecialty.RxImage{Content: cvsspecialty.RxImageContent{Type: "image/tiff", Data: faxTIFF}},
//	}
//	res, err := c.Submit(ctx, ref)
//	switch {
//	case errors.Is(err, cvsspecialty.ErrOutcomeUnknown):
//		// Sent, answer lost: CVS may have created it. Look it up before resubmitting.
//		var ou *cvsspecialty.OutcomeUnknownError
//		errors.As(err, &ou)
//		st, _ := c.Status(ctx, ou.TransactionID)
//		...
//	case err != nil:
//		return err // *ValidationError (nothing sent), *Error (CVS said no), ...
//	}
//
//	st, err := c.Status(ctx, res.TransactionID, otherIDs...)
//	for _, r := range st.Referrals {
//		fmt.Println(r.TransactionID, r.Found, r.Status, r.Reason)
//	}
//
//	// Or poll one referral until a status you treat as final (the spec
//	// documents only Pending; see WaitStatus).
//	e, err := c.WaitStatus(ctx, res.TransactionID, cvsspecialty.WaitStatusOptions{
//		Interval: 5 * time.Minute,
//		Terminal: []cvsspecialty.ReferralState{"Shipped"},
//	})
//
// # Dates and flags
//
// The referral's values are the SDK's own types (package rxbridge): birth
// and prescription dates are rxbridge.Date (rxbridge.NewDate), a yes/no
// such as substitutionAllowed is an rxbridge.Bool (rxbridge.NewBool), and
// an optional count is a pointer (rxbridge.Ptr(5)). The spec writes its
// dates in two forms ("1993-10-21T00:00:00.000Z" and "1993-10-21") and its
// flags as "true" or "yes": both decode. Submit writes every date in the
// client's DateFormat (WithDateFormat; the first form by default) and a
// flag built in code as the string "true" or "false", however the values
// were built or decoded, and without changing the referral you give.
//
// # Authentication
//
// NewClient takes the OAuth 2.0 client credentials CVS issued. The client
// fetches a token from {base URL}/oauth2/v1/token (HTTP Basic,
// grant_type=client_credentials) through golang.org/x/oauth2's
// clientcredentials package, caches one token per Client, refreshes it
// before it expires with a single request however many calls are waiting,
// and, when CVS answers 401 with statusCode 1001 (token not valid) or a
// gateway answers 401 with the RFC 6750 challenge Bearer
// error="invalid_token", fetches a new token and replays the request once.
// Other 401s (1013 Access Denied) are reported, not replayed.
//
// # Retries and outcome unknown
//
// Submit is never repeated once it may have reached CVS: a lost answer is
// an *OutcomeUnknownError (matching ErrOutcomeUnknown) carrying the
// transactionId to check with Status. Status only reads, so it is retried
// on 429, 5xx and transport failures. The client never sends an
// Idempotency-Key header (Go's transport silently re-sends POSTs that
// carry one).
//
// # Errors
//
// Every answer other than success is an *Error: a non-2xx status, and also
// a 2xx whose statusCode is not "0000". Sentinels (ErrInvalidToken,
// ErrUnauthorized, ErrRejected, ErrNotFound, ErrServer, ...) match
// with errors.Is. Error strings never contain bodies, names, ids, tokens or
// secrets; the server's statusDescription is in Error.Message (treat it as
// PHI).
//
// # Testing
//
// Package cvsspecialtytest is an in-process fake of the API (token,
// intake, status) with referral state and fault injection; point a client
// at it with rxbridge.WithBaseURL(srv.URL).
package cvsspecialty
