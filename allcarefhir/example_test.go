package allcarefhir_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/redis/go-redis/v9"
	"golang.org/x/oauth2"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/redisstore"
)

// The member login, on several instances behind a load balancer: send the
// member to AllCare from one, receive the form_post callback on any other.
// The pending login and the member's tokens live in the shared store
// (redisstore, AES-GCM encrypted, keys named by a keyed hash); without
// rxbridge.WithStore they live in this process's memory.
func ExampleLogin() {
	store, err := redisstore.New(redis.NewClient(&redis.Options{Addr: "redis:6379"}), redisstore.Keys{
		Hash:       []byte(os.Getenv("RXBRIDGE_STORE_HASH_KEY")),       // >= 32 random bytes; stable
		Encryption: []byte(os.Getenv("RXBRIDGE_STORE_ENCRYPTION_KEY")), // 32 random bytes
	})
	if err != nil {
		log.Fatal(err)
	}
	login, err := allcarefhir.NewLogin(allcarefhir.OAuthConfig{
		Issuer:       allcarefhir.CCOIssuer,
		ClientID:     os.Getenv("ALLCARE_CLIENT_ID"),
		ClientSecret: os.Getenv("ALLCARE_CLIENT_SECRET"),
		RedirectURL:  "https://app.example/allcare/callback",
		Scopes:       []string{"patientapi.demographics.read", "patientapi.coverage.read", "patientapi.claims.read", "offline_access"},
	}, rxbridge.WithStore(store))
	if err != nil {
		log.Fatal(err)
	}
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
	mux.Handle("POST /allcare/callback", login.CallbackHandler(
		func(w http.ResponseWriter, r *http.Request, tok *allcarefhir.Token, err error) {
			switch {
			case errors.Is(err, allcarefhir.ErrAccessDenied):
				http.Redirect(w, r, "/allcare/declined", http.StatusSeeOther)
			case errors.Is(err, allcarefhir.ErrLoginUnavailable):
				http.Error(w, "login unavailable, try again", http.StatusServiceUnavailable)
			case err != nil:
				http.Error(w, "login failed", http.StatusBadRequest)
			default:
				// The token is in the store: remember tok.PatientID in the
				// member's session, and use login.MemberTokenSource(id) on
				// any instance.
				http.Redirect(w, r, "/home", http.StatusSeeOther)
			}
		}))
	_ = http.ListenAndServe(":8080", mux)
}

// Reading the member's claims, all pages, on any instance.
func ExampleClient_SearchExplanationOfBenefit() {
	ctx := context.Background()
	var login *allcarefhir.Login // from NewLogin, sharing the store
	patientID := "..."           // from the member's session
	c, err := allcarefhir.NewClient(login.MemberTokenSource(patientID))
	if err != nil {
		log.Fatal(err)
	}
	for eob, err := range c.SearchExplanationOfBenefit(ctx, allcarefhir.ExplanationOfBenefitSearch{
		Patient:     patientID,
		ServiceDate: []string{"ge2024-01-01"},
	}) {
		if err != nil {
			log.Fatal(err)
		}
		if paid := eob.TotalAmount("benefit"); paid != nil {
			fmt.Println(eob.ID, paid.Value, paid.Currency)
		}
	}
}

// A page at a time, with the _include'd payer and coverage.
func ExampleSearchPages() {
	ctx := context.Background()
	c, err := allcarefhir.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: os.Getenv("ALLCARE_ACCESS_TOKEN")}))
	if err != nil {
		log.Fatal(err)
	}
	params := allcarefhir.ExplanationOfBenefitSearch{
		Patient: os.Getenv("ALLCARE_PATIENT_ID"),
		Include: []string{allcarefhir.IncludeEOBInsurer, allcarefhir.IncludeEOBCoverage},
	}
	for page, err := range allcarefhir.SearchPages[*allcarefhir.ExplanationOfBenefit](ctx, c, params) {
		if err != nil {
			log.Fatal(err)
		}
		for _, eob := range page.Matches {
			if cov, ok := page.Bundle.Resolve(eob.Insurance[0].Coverage.Reference).(*allcarefhir.Coverage); ok {
				fmt.Println(eob.ID, cov.ClassValue(allcarefhir.CoverageClassPlan))
			}
		}
	}
}

// The formulary: AllCare requires drugplan on every search.
func ExampleClient_SearchFormulary() {
	ctx := context.Background()
	c, err := allcarefhir.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: os.Getenv("ALLCARE_ACCESS_TOKEN")}))
	if err != nil {
		log.Fatal(err)
	}
	for drug, err := range c.SearchFormulary(ctx, allcarefhir.FormularySearch{DrugPlan: "40308VA0240008", DrugName: "atorvastatin"}) {
		if errors.Is(err, allcarefhir.ErrMissingParam) {
			log.Fatal("drugplan is required")
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(drug.Code.Display(), drug.DrugTier().Code(""))
	}
}

// Typed errors from an OperationOutcome.
func ExampleError() {
	ctx := context.Background()
	c, err := allcarefhir.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: os.Getenv("ALLCARE_ACCESS_TOKEN")}))
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.Coverage(ctx, "Coverage1")
	var e *allcarefhir.Error
	switch {
	case errors.Is(err, allcarefhir.ErrNotFound):
		fmt.Println("no such coverage")
	case errors.Is(err, allcarefhir.ErrReauthorizationRequired):
		fmt.Println("send the member through consent again")
	case errors.As(err, &e):
		fmt.Println(e.HTTPStatus, e.Code) // e.Message and e.Outcome may hold PHI
	}
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
