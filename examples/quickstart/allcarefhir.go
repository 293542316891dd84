package main

import (
	"context"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/allcarefhir/allcarefhirtest"
)

// runAllcarefhir is the AllCare Patient Access flow against the fake: the
// member login (hybrid OIDC flow, form_post, PKCE, id_token checks), then
// the member's Patient, every claim (all pages) and a formulary search.
func runAllcarefhir(ctx context.Context, st *story, opts ...rxbridge.Option) (any, error) {
	srv := allcarefhirtest.NewServer()
	defer srv.Close()
	login, err := allcarefhir.NewLogin(allcarefhir.OAuthConfig{
		Issuer: srv.Issuer, ClientID: srv.ClientID, ClientSecret: srv.ClientSecret,
		RedirectURL: "https://app.example/allcare/callback", Scopes: srv.Scopes(),
	}, opts...)
	if err != nil {
		return nil, err
	}
	req, err := login.AuthCodeURL(ctx)
	if err != nil {
		return nil, err
	}
	st.step("AuthCodeURL: read the issuer's OpenID configuration, kept the pending login (state, nonce, PKCE verifier) and built the authorization URL.")
	post, err := srv.Authorize(ctx, req.URL) // the member consents (scripted)
	if err != nil {
		return nil, err
	}
	st.step("The member logs in at AllCare and consents; AllCare posts the callback form back (form_post).")
	// The callback: the pending login AuthCodeURL kept in the store (in
	// process here; rxbridge.WithStore shares it across instances) is
	// taken once and checked.
	tok, err := login.HandleCallback(ctx, post.Values)
	if err != nil {
		return nil, err
	}
	st.step("HandleCallback: state and id_token checked, code exchanged: a token for patient %s, %d scopes, refresh token: %t.",
		tok.PatientID, len(tok.Scopes()), tok.RefreshToken != "")
	c, err := allcarefhir.NewClient(login.TokenSource(tok), append([]rxbridge.Option{rxbridge.WithBaseURL(srv.FHIRBaseURL)}, opts...)...)
	if err != nil {
		return nil, err
	}
	patient, err := c.Patient(ctx, tok.PatientID)
	if err != nil {
		return nil, err
	}
	st.step("Read the member's Patient resource: gender %s.", patient.Gender)
	claims, pages := 0, 0
	for page, err := range allcarefhir.SearchPages[*allcarefhir.ExplanationOfBenefit](ctx, c, allcarefhir.ExplanationOfBenefitSearch{Patient: tok.PatientID}) {
		if err != nil {
			return nil, err
		}
		pages++
		claims += len(page.Matches)
	}
	st.step("Search the member's claims (ExplanationOfBenefit), following next links: %d claims on %d pages.", claims, pages)
	drugs := 0
	for _, err := range c.SearchFormulary(ctx, allcarefhir.FormularySearch{DrugPlan: allcarefhirtest.DrugPlanID, DrugTier: "brand"}) {
		if err != nil {
			return nil, err
		}
		drugs++
	}
	st.step("Search the formulary (drugplan is required) for brand drugs: %d.", drugs)
	return map[string]any{
		"patient":       patient.ID,
		"gender":        patient.Gender,
		"claims":        claims,
		"claimPages":    pages,
		"brandDrugs":    drugs,
		"refreshToken":  tok.RefreshToken != "",
		"scopesGranted": len(tok.Scopes()),
	}, nil
}
