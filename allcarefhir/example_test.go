package allcarefhir_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/allcarefhir/allcarefhirtest"
)

// The member login, on several instances behind a load balancer: send the
// member to AllCare from one, receive the form_post callback on any other.
// The pending login and the member's tokens live in the shared store
// (rxbridge.WithStore: in production a redisstore.Store, AES-GCM
// encrypted, keys named by a keyed hash; without it they live in this
// process's memory). Here allcarefhirtest's fake is AllCare and plays the
// member's browser.
func ExampleLogin() {
	srv := allcarefhirtest.NewServer()
	defer srv.Close()
	store := rxbridge.NewMemoryStore() // redisstore.New(redisClient, keys) for several instances

	var login *allcarefhir.Login
	mux := http.NewServeMux()
	mux.HandleFunc("GET /allcare/connect", func(w http.ResponseWriter, r *http.Request) {
		req, err := login.AuthCodeURL(r.Context()) // keeps the pending login in the store
		if errors.Is(err, allcarefhir.ErrLoginUnavailable) {
			http.Error(w, "login unavailable, try again", http.StatusServiceUnavailable)
			return
		}
		if err != nil {
			http.Error(w, "cannot start the login", http.StatusBadGateway)
			return
		}
		http.Redirect(w, r, req.URL, http.StatusFound)
	})
	mux.Handle("POST /allcare/callback", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		login.CallbackHandler(func(w http.ResponseWriter, r *http.Request, tok *allcarefhir.Token, err error) {
			switch {
			case errors.Is(err, allcarefhir.ErrAccessDenied):
				fmt.Println("the member declined")
				http.Redirect(w, r, "/allcare/declined", http.StatusSeeOther)
			case errors.Is(err, allcarefhir.ErrLoginUnavailable):
				http.Error(w, "login unavailable, try again", http.StatusServiceUnavailable)
			case err != nil:
				http.Error(w, "login failed", http.StatusBadRequest)
			default:
				// The token is in the store: remember tok.PatientID in the
				// member's session, and use login.MemberTokenSource(id) on
				// any instance.
				fmt.Println("logged in: patient", tok.PatientID)
				http.Redirect(w, r, "/home", http.StatusSeeOther)
			}
		}).ServeHTTP(w, r)
	}))
	app := httptest.NewServer(mux) // your service
	defer app.Close()

	var err error
	login, err = allcarefhir.NewLogin(allcarefhir.OAuthConfig{
		Issuer:       srv.Issuer, // allcarefhir.CCOIssuer
		ClientID:     srv.ClientID,
		ClientSecret: srv.ClientSecret,
		RedirectURL:  app.URL + "/allcare/callback",
		Scopes:       []string{"patientapi.demographics.read", "patientapi.coverage.read", "patientapi.claims.read", "offline_access"},
	}, rxbridge.WithStore(store))
	if err != nil {
		log.Print(err)
		return
	}

	// The member's browser: start, consent at AllCare, come back.
	ctx := context.Background()
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.Get(app.URL + "/allcare/connect")
	if err != nil {
		log.Print(err)
		return
	}
	resp.Body.Close()
	form, err := srv.Authorize(ctx, resp.Header.Get("Location"))
	if err != nil {
		log.Print(err)
		return
	}
	resp, err = form.Submit(ctx, browser)
	if err != nil {
		log.Print(err)
		return
	}
	resp.Body.Close()

	// Any instance reads the member's data with the stored token.
	c, err := allcarefhir.NewClient(login.MemberTokenSource(srv.PatientID), rxbridge.WithBaseURL(srv.FHIRBaseURL))
	if err != nil {
		log.Print(err)
		return
	}
	p, err := c.Patient(ctx, srv.PatientID)
	if err != nil {
		log.Print(err)
		return
	}
	fmt.Println("patient resource read:", p.ID == srv.PatientID)
	// Output:
	// logged in: patient 00000000
	// patient resource read: true
}

// Reading the member's claims, all pages, on any instance. (c is
// allcarefhir.NewClient(login.MemberTokenSource(patientID)) in your
// service; here a client of allcarefhirtest's fake.)
func ExampleClient_SearchExplanationOfBenefit() {
	srv := allcarefhirtest.NewServer(allcarefhirtest.WithEOBCount(3), allcarefhirtest.WithPageSize(2))
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	for eob, err := range c.SearchExplanationOfBenefit(ctx, allcarefhir.ExplanationOfBenefitSearch{
		Patient:     srv.PatientID, // from the member's session
		ServiceDate: []string{"ge2019-01-01"},
	}) { // every page, one claim at a time
		if err != nil {
			log.Print(err)
			return
		}
		if billed := eob.TotalAmount("submitted"); billed != nil {
			fmt.Println(eob.ID, "billed", billed.Value, billed.Currency)
		}
	}
	// Output:
	// EOBInpatient1 billed 2650 USD
	// EOBPharmacy1 billed 2650 USD
	// EOBProfessional1a billed 2650 USD
}

// A page at a time, with the _include'd payer and coverage.
func ExampleSearchPages() {
	srv := allcarefhirtest.NewServer(allcarefhirtest.WithEOBCount(3), allcarefhirtest.WithPageSize(2))
	defer srv.Close()
	c, err := srv.NewClient() // allcarefhir.NewClient(tokenSource)
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	params := allcarefhir.ExplanationOfBenefitSearch{
		Patient: srv.PatientID,
		Include: []string{allcarefhir.IncludeEOBInsurer, allcarefhir.IncludeEOBCoverage},
	}
	for page, err := range allcarefhir.SearchPages[*allcarefhir.ExplanationOfBenefit](ctx, c, params) {
		if err != nil {
			log.Print(err)
			return
		}
		fmt.Println("page:", len(page.Matches), "claims,", len(page.Included), "included")
		for _, eob := range page.Matches {
			if cov, ok := page.Bundle.Resolve(eob.Insurance[0].Coverage.Reference).(*allcarefhir.Coverage); ok {
				fmt.Println(eob.ID, "plan", cov.ClassValue(allcarefhir.CoverageClassPlan))
			}
		}
	}
	// Output:
	// page: 2 claims, 2 included
	// EOBInpatient1 plan XYZ123
	// EOBPharmacy1 plan XYZ123
	// page: 1 claims, 2 included
	// EOBProfessional1a plan XYZ123
}

// The formulary: AllCare requires drugplan on every search.
func ExampleClient_SearchFormulary() {
	srv := allcarefhirtest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient() // allcarefhir.NewClient(tokenSource)
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	for drug, err := range c.SearchFormulary(ctx, allcarefhir.FormularySearch{DrugPlan: allcarefhirtest.DrugPlanID, DrugName: "atorvastatin"}) {
		if err != nil {
			log.Print(err)
			return
		}
		fmt.Println(drug.Code.Display(), drug.DrugTier().Code(""))
	}
	for _, err := range c.SearchFormulary(ctx, allcarefhir.FormularySearch{DrugName: "atorvastatin"}) {
		fmt.Println("drugplan missing:", errors.Is(err, allcarefhir.ErrMissingParam))
	}
	// Output:
	// atorvastatin 10 MG Oral Tablet (synthetic) preferred-generic
	// drugplan missing: true
}

// Typed errors from an OperationOutcome.
func ExampleError() {
	srv := allcarefhirtest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient() // allcarefhir.NewClient(tokenSource)
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	_, err = c.Coverage(ctx, "no-such-coverage")
	var e *allcarefhir.Error
	switch {
	case errors.Is(err, allcarefhir.ErrNotFound):
		fmt.Println("no such coverage")
	case errors.Is(err, allcarefhir.ErrReauthorizationRequired):
		fmt.Println("send the member through consent again")
	case errors.As(err, &e):
		fmt.Println(e.HTTPStatus, e.Code) // e.Message and e.Outcome may hold PHI
	}
	fmt.Println(err) // safe to log

	srv.RevokeCredentials() // AllCare no longer accepts the client's token
	_, err = c.Coverage(ctx, "no-such-coverage")
	fmt.Println("unauthorized:", errors.Is(err, allcarefhir.ErrUnauthorized))
	// Output:
	// no such coverage
	// allcarefhir: ReadCoverage GET Coverage/{id}: HTTP 404: code not-found (AllCare does not have the data requested)
	// unauthorized: true
}

// Decoding any FHIR JSON, and encoding it back without loss.
func ExampleDecodeResource() {
	r, err := allcarefhir.DecodeResource([]byte(`{"resourceType":"Patient","id":"p1","birthDate":"1974-12-25",
		"_birthDate":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthTime","valueDateTime":"1974-12-25T14:35:45-05:00"}]},
		"futureElement":true}`))
	if err != nil {
		log.Fatal(err)
	}
	p := r.(*allcarefhir.Patient)
	fmt.Println(p.BirthDate, p.PrimitiveExtension("birthDate").Extensions()[0].ValueDateTime)
	fmt.Println(string(p.Unmodeled()["futureElement"]))
	// Output:
	// 1974-12-25 1974-12-25T14:35:45-05:00
	// true
}
