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
//	}, rxbridge.WithStore(store)) // shared by every instance; in-process without it
//
//	// 1. Send the member to AllCare (the pending login is kept in the store).
//	req, err := login.AuthCodeURL(ctx)
//	http.Redirect(w, r, req.URL, http.StatusFound)
//
//	// 2. AllCare's page POSTs the member's browser back to RedirectURL,
//	// on any instance.
//	mux.Handle("POST /allcare/callback", login.CallbackHandler(
//		func(w http.ResponseWriter, r *http.Request, tok *allcarefhir.Token, err error) {
//			// tok.PatientID is the member; tok is already in the store.
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
// with it, so pending logins are kept server-side, in the store, by state;
// exempt the route from CSRF middleware (the state is its CSRF check).
//
// # Several instances
//
// Give every instance's Login the same rxbridge.Store (rxbridge.WithStore
// with a redisstore.Store). The store then holds:
//
//   - pending logins, by state: a login started on one instance completes
//     on any other, and exactly once (the first callback takes it);
//   - members' tokens, by issuer and patient id, after the login and each
//     refresh: Login.MemberTokenSource(patientID) finds them anywhere;
//   - each member's refresh lock: when the member's token expires or is
//     rejected on several instances at once, one refreshes and the others
//     wait and use the rotated token; an instance whose token was
//     rejected takes the fleet's newer one without a token request. A
//     rotated refresh token is never sent twice, and one whose refresh
//     was refused or lost its answer is never sent again.
//
// A TokenSource keeps the token it holds: while it is valid, calls touch
// neither the store nor the network. It goes back to the store on a miss,
// a minute before expiry, or when the FHIR server rejects the token.
//
// Failure policy: pending logins fail closed (ErrLoginUnavailable: nothing
// was sent to AllCare, the member tries again; CallbackHandler's default
// answer is 503). Tokens and locks degrade: an operation that cannot reach
// the store uses this instance's memory (one refresh per member per
// instance), and is logged (rxbridge.WithLogger) without keys, tokens or
// ids.
//
// # Reading the member's data
//
//	c, err := allcarefhir.NewClient(login.MemberTokenSource(patientID)) // CCO's FHIR base by default
//	patient, err := c.Patient(ctx, patientID)
//	for eob, err := range c.SearchExplanationOfBenefit(ctx, allcarefhir.ExplanationOfBenefitSearch{Patient: patientID}) {
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
// per type, decimals keep their exact text, primitive extensions
// ("_birthDate") are kept and read with PrimitiveExtension, contained
// resources are typed (ContainedResource resolves "#id"), and resource
// types the package does not model decode as *RawResource. What has no
// field (an element of a later FHIR version, a value whose JSON type does
// not fit its field) is kept in Unmodeled, so decoding then encoding any
// FHIR JSON loses nothing.
//
// # Dates and decimals
//
// FHIR keeps its own date types: Date, DateTime and Instant are NOT the
// SDK's rxbridge.Date and rxbridge.DateTime. A FHIR date has a precision:
// a year alone ("2002") or a year and month ("2012-01") is a valid birth
// date or onset, which a calendar date cannot hold. So they are strings
// that keep exactly what the server sent; their Time methods parse them
// and say the precision (Precision), and DateOf and DateTimeOf build them
// from a time.Time. To use a FHIR date elsewhere in the SDK (a CVS
// referral's birth date), check its precision, then convert:
//
//	t, p, err := patient.BirthDate.Time()
//	if err == nil && p >= allcarefhir.PrecisionDay {
//		birth := rxbridge.DateOf(t) // an rxbridge.Date
//	}
//
// A FHIR decimal is an rxbridge.Number, the SDK's one decimal type: it
// keeps the exact text it arrived as ("1.00" stays "1.00";
// 1.000000000000000000E-245 does not underflow), and rxbridge.NewNumber
// builds one.
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
