// Package allcarefhir reads an AllCare Health member's data through
// AllCare's Patient Access API (FHIR R4, the CMS-9115-F interoperability
// rule): the member's consent by OAuth 2.0 / OpenID Connect, then
// demographics, coverage, claims (ExplanationOfBenefit), clinical records
// (US Core) and the drug formulary. Consumer apps and payers doing
// payer-to-payer exchange use the same flow.
//
// # Login
//
// AllCare runs one authorization server per member population (CCOIssuer,
// AdvantageIssuer) and documents the OpenID Connect hybrid flow
// (response_type "code id_token", response_mode form_post). Login adds PKCE
// and checks everything the flow allows: state (constant time), the
// front-channel id_token (signature against the issuer's JWKS, iss, aud,
// azp, exp, nonce) and its c_hash against the code, then the token
// endpoint's id_token, and it requires the member's patient id, which
// AllCare returns in the token response.
//
//	login, err := allcarefhir.NewLogin(allcarefhir.OAuthConfig{
//		Issuer:       allcarefhir.CCOIssuer,
//		ClientID:     clientID,
//		ClientSecret: clientSecret,
//		RedirectURL:  "https://app.example/allcare/callback",
//		Scopes:       []string{"patientapi.demographics.read", "patientapi.claims.read", "offline_access"},
//		TokenStore:   store, // persists new and refreshed tokens
//	})
//	pending := allcarefhir.NewMemoryPendingStore(0, 0)
//
//	// 1. Send the member to AllCare.
//	req, err := login.AuthCodeURL(ctx)
//	pending.Put(ctx, req)
//	http.Redirect(w, r, req.URL, http.StatusFound)
//
//	// 2. AllCare's page POSTs the member's browser back to RedirectURL.
//	mux.Handle("POST /allcare/callback", login.CallbackHandler(pending,
//		func(w http.ResponseWriter, r *http.Request, tok *allcarefhir.Token, err error) {
//			// tok.PatientID is the member; tok is already in store.
//		}))
//
// The token requests (the code exchange, refreshes) follow the SDK's rules
// for non-idempotent calls: a code is single-use and a refresh token may
// rotate, so neither is sent twice once it may have reached AllCare. A 429
// is retried; a reset, a timeout, a 5xx or an unreadable answer after
// sending is an error matching ErrOutcomeUnknown (start a new login, or try
// the refresh token once more later). The authorization server's statuses
// are *Error, like the FHIR server's.
//
// HandleCallback is the same check as a function, for your own handler.
// The callback is a cross-site POST: a SameSite=Lax cookie does not come
// with it, so keep pending logins server-side by state (PendingStore) and
// exempt the route from CSRF middleware (the state is its CSRF check).
//
// # Reading the member's data
//
//	c, err := allcarefhir.NewClient(login.TokenSource(tok)) // CCO's FHIR base by default
//	patient, err := c.Patient(ctx, tok.PatientID)
//	for eob, err := range c.SearchExplanationOfBenefit(ctx, allcarefhir.ExplanationOfBenefitSearch{Patient: tok.PatientID}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(eob.ID, eob.TotalAmount("submitted"))
//	}
//
// The client asks for application/fhir+json, retries reads on 429, 5xx and
// transport failures, refreshes the token once on a 401, and turns an
// OperationOutcome into an *Error (errors.Is with ErrNotFound, ErrServer,
// ...). Searches follow Bundle next links one page at a time (Search,
// SearchPages), only on the FHIR base's host, stop on a repeated link and
// report errors on any page; AllCare's 404 to a search means "no data" and
// yields nothing. Typed parameter structs encode the CARIN Blue Button and
// US Core search parameters and refuse, before sending, searches that lack
// a required one (FormularySearch without DrugPlan, ObservationSearch
// without category or code, MedicationRequestSearch without intent).
// Capabilities returns /metadata; Everything runs Patient/$everything
// where the server offers it.
//
// # Types
//
// The R4 resources and datatypes are written for this package, each with a
// field for every element R4 defines for it (the types of
// Extension.value[x] included): choice elements (value[x]) are one field
// per type, Decimal keeps the exact text of a decimal, primitive extensions
// ("_birthDate") are kept and read with PrimitiveExtension, contained
// resources are typed (ContainedResource resolves "#id"), and resource
// types the package does not model decode as *RawResource. What has no
// field (an element of a later FHIR version, a value whose JSON type does
// not fit its field) is kept in Unmodeled, so decoding then encoding any
// FHIR JSON loses nothing.
//
// # PHI
//
// Everything a resource holds can be protected health information. The
// package logs nothing unless given rxbridge.WithLogger, and then only operation,
// route template, status and timing. Error strings never contain bodies,
// queries, ids, tokens, codes or the server's messages (those are in
// Error.Message and LoginError.Description: treat them as PHI). Token and
// AuthRequest print as [REDACTED].
//
// # Testing
//
// Package allcarefhirtest is an in-process fake of AllCare (authorization
// server and FHIR server with the official US Core, CARIN BB and formulary
// examples, fault injection), for your tests and the examples.
package allcarefhir
