package develophealth_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/develophealth"
	"github.com/rxbridge/rxbridge-go/develophealth/develophealthtest"
)

// Creating a prior authorization, and what to do with each kind of
// failure. Here against develophealthtest's fake; against Develop Health
// the client is develophealth.NewClient(os.Getenv("DEVELOPHEALTH_API_TOKEN")).
func ExampleClient_CreatePriorAuthorization() {
	srv := develophealthtest.NewServer()
	defer srv.Close()
	client, err := srv.NewClient()
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	front, back := []byte("front of the card (PNG)"), []byte("back of the card (PNG)") // os.ReadFile(...)
	req := &develophealth.CreatePriorAuthRequest{
		Diagnoses: []develophealth.Diagnosis{{Code: "E66.9"}},
		Patient: develophealth.Patient{
			FirstName: "Jane", LastName: "Example", Gender: develophealth.GenderFemale,
			DateOfBirth: rxbridge.NewDate(1980, time.January, 1), InternalID: "patient-123",
			Address: develophealth.Address{Street: "1 Main St", City: "Springfield", StateProvince: "IL",
				ZipPostalCode: "62701", Country: "USA"},
		},
		Provider: develophealth.Provider{FirstName: "Alice", LastName: "Smith", NPI: "1234567890",
			Address: develophealth.OptionalAddress{StateProvince: "IL"}},
		Prescription: develophealth.NewCodedPrescription(develophealth.CodedPrescription{
			NDC: "00169-4525-14", Directions: "Inject 0.25 mg under the skin once weekly", Quantity: 1, DaysSupply: 28,
			PrescriptionDate: rxbridge.DateTime{Time: time.Now()},
		}),
		Insurance: develophealth.InsuranceCardImages(front, back),
	}
	created, err := client.CreatePriorAuthorization(ctx, req)
	var apiErr *develophealth.Error
	switch {
	case errors.Is(err, develophealth.ErrOutcomeUnknown):
		log.Print("the request may have been created: see RecoverPriorAuthorization")
	case errors.Is(err, develophealth.ErrPrescriptionMessageAlreadyLinked) && errors.As(err, &apiErr):
		log.Printf("already submitted as %s", apiErr.ExistingPriorAuthRequestID)
	case err != nil:
		log.Print(err) // safe to log: no PHI in Error()
	default:
		pa, err := client.GetPriorAuthorization(ctx, created.ID) // store created.ID first
		if err != nil {
			log.Print(err)
			return
		}
		fmt.Println("created:", pa.Status)
	}

	_, err = client.CreatePriorAuthorization(ctx, nil)
	fmt.Println(err)
	// Output:
	// created: processing
	// develophealth: CreatePriorAuthorization: invalid input, nothing was sent: the request is nil
}

// Polling a prior authorization until it is terminal. Webhooks are the
// cheaper signal (NewReceiver); poll where you cannot receive them.
func ExampleClient_WaitPriorAuthorization() {
	srv := develophealthtest.NewServer()
	defer srv.Close()
	client, _ := srv.NewClient()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // 30*time.Minute in production
	defer cancel()
	req, _ := develophealthtest.PriorAuthRequestExample()
	created, err := client.CreatePriorAuthorization(ctx, req)
	if err != nil {
		log.Print(err)
		return
	}
	pa, err := client.WaitPriorAuthorization(ctx, created.ID, develophealth.WaitOptions{
		Interval: 10 * time.Millisecond, // 30*time.Second in production
		OnUpdate: func(p *develophealth.PriorAuthorization) {
			fmt.Println("status:", p.Status)
			_, _ = srv.Advance(p.ID) // Develop Health moves on by itself
		},
	})
	if err != nil {
		log.Print(err)
		return
	}
	switch o := pa.Outcome; {
	case o.Approved != nil:
		fmt.Println("approved")
	case o.Denied != nil:
		fmt.Println("denied:", o.Denied.DetailCode)
		if a := pa.DenialReasonAnalysis; a != nil {
			fmt.Println("next steps:", a.NextSteps)
		}
	default:
		fmt.Println(o.Result, o.DetailCode())
	}
	for _, item := range pa.ActivityLog {
		switch item.Type {
		case develophealth.ActivityLogSentFax, develophealth.ActivityLogReceivedFax:
			fmt.Println(item.Type)
		default: // a type this SDK version does not know: kept in item.Raw
		}
	}
	// Output:
	// status: processing
	// status: awaiting_outcome
	// status: completed
	// approved
	// sent_fax
	// received_fax
}

// A webhook endpoint: each event is processed once, across your instances
// when they share a store (rxbridge.WithStore with a redisstore.Store).
// Here the fake sends its events to it.
func ExampleNewReceiver() {
	const secret = "whsec-example" // os.Getenv("DEVELOPHEALTH_WEBHOOK_SECRET")
	receiver, err := develophealth.NewReceiver(secret,
		func(ctx context.Context, ev *develophealth.Event) error {
			switch {
			case ev.PriorAuthorization != nil:
				// A signal: read the current state before acting.
				fmt.Printf("%s: prior authorization is %s\n", ev.Type(), ev.PriorAuthorization.Status)
			case ev.BenefitVerification != nil:
				fmt.Printf("benefit verification is %s\n", ev.BenefitVerification.Status)
			}
			return nil // an error answers 500 and Develop Health resends
		},
		develophealth.WithWebhookLease(2*time.Minute))
	if err != nil {
		log.Print(err)
		return
	}
	mux := http.NewServeMux()
	mux.Handle("/webhooks/develophealth", receiver)
	hooks := httptest.NewServer(mux) // your service
	defer hooks.Close()

	srv := develophealthtest.NewServer(develophealthtest.WithWebhook(hooks.URL+"/webhooks/develophealth", secret))
	defer srv.Close()
	client, _ := srv.NewClient()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, _ := develophealthtest.PriorAuthRequestExample()
	created, err := client.CreatePriorAuthorization(ctx, req)
	if err != nil {
		log.Print(err)
		return
	}
	_, _ = srv.Complete(created.ID)
	if _, err := srv.WaitForDeliveries(ctx, 3); err != nil {
		log.Print(err)
	}
	// Output:
	// prior_authorization.status_change: prior authorization is processing
	// prior_authorization.status_change: prior authorization is awaiting_outcome
	// prior_authorization.status_change: prior authorization is completed
}

// Verifying and parsing deliveries read by your own router.
func ExampleReceiver_VerifyAndParse() {
	const secret = "whsec-example" // os.Getenv("DEVELOPHEALTH_WEBHOOK_SECRET")
	recv, err := develophealth.NewReceiver(secret,
		func(context.Context, *develophealth.Event) error { return nil }) // not called by VerifyAndParse
	if err != nil {
		log.Print(err)
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/hooks", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 10<<20))
		ev, err := recv.VerifyAndParse(r.Context(), r.Header, body)
		switch {
		case errors.Is(err, develophealth.ErrWebhookUnauthorized):
			fmt.Println("refused: not signed with our secret")
			w.WriteHeader(http.StatusUnauthorized)
		case errors.Is(err, develophealth.ErrWebhookStoreUnavailable), errors.Is(err, develophealth.ErrWebhookInProgress):
			w.WriteHeader(http.StatusServiceUnavailable) // Develop Health sends it again
		case err != nil:
			w.WriteHeader(http.StatusBadRequest)
		default:
			fmt.Println("event", ev.Type())
			w.WriteHeader(http.StatusOK)
		}
	})
	hooks := httptest.NewServer(mux)
	defer hooks.Close()

	srv := develophealthtest.NewServer(develophealthtest.WithWebhook(hooks.URL+"/hooks", secret))
	defer srv.Close()
	client, _ := srv.NewClient()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, _ := develophealthtest.PriorAuthRequestExample()
	if _, err := client.CreatePriorAuthorization(ctx, req); err != nil {
		log.Print(err)
		return
	}
	if _, err := srv.WaitForDeliveries(ctx, 1); err != nil {
		log.Print(err)
	}
	// A delivery signed with another secret.
	resp, err := http.Post(hooks.URL+"/hooks", "application/json", strings.NewReader(`{}`))
	if err == nil {
		resp.Body.Close()
	}
	// Output:
	// event prior_authorization.status_change
	// refused: not signed with our secret
}

// A benefit verification, in a sandbox organization with a mock result.
func ExampleClient_CreateBenefitVerification() {
	srv := develophealthtest.NewServer()
	defer srv.Close()
	client, _ := srv.NewClient() // develophealth.NewClient(os.Getenv("DEVELOPHEALTH_API_TOKEN"))
	ctx := context.Background()
	bv, err := client.CreateBenefitVerification(ctx, &develophealth.CreateBenefitVerificationRequest{
		Drugs: develophealth.CodedDrugs(develophealth.CodedDrugInfo{NDC: "00169-4525-14", Quantity: 1}),
		Patient: develophealth.PatientInfo{InternalID: "patient-123", FirstName: "Jane", LastName: "Example",
			Gender: develophealth.GenderFemale, DateOfBirth: rxbridge.NewDate(1980, time.January, 1),
			Address: develophealth.Address{Street: "1 Main St", City: "Springfield", StateProvince: "IL", ZipPostalCode: "62701", Country: "USA"}},
		Provider: develophealth.ProviderInfo{FirstName: "Alice", LastName: "Smith", NPI: "1234567890",
			Address: develophealth.Address{Street: "2 Clinic Rd", City: "Springfield", StateProvince: "IL", ZipPostalCode: "62701", Country: "USA"}},
		Entity: &develophealth.EntityInfo{LegalName: "Example Clinic LLC", TaxID: "111223333"},
		// Sandbox organizations only:
		MockResult: &develophealth.MockResult{Status: develophealth.MockResultStatusCompleted,
			Case: develophealth.MockResultCaseDrugsCoveredPriorAuthRequiredHasCopay},
	})
	if err != nil {
		log.Print(err)
		return
	}
	_, _ = srv.Complete(bv.ID) // Develop Health works on it
	got, err := client.GetBenefitVerification(ctx, bv.ID)
	if err != nil {
		log.Print(err)
		return
	}
	fmt.Println("benefit verification", got.Status, got.PatientCoverageStatus)
	// Output:
	// benefit verification completed covered
}

// An appeal carries its letter as a PDF asset.
func ExampleNewPDFAsset() {
	srv := develophealthtest.NewServer()
	defer srv.Close()
	client, _ := srv.NewClient()
	ctx := context.Background()
	letter := []byte("%PDF-1.4\n% the appeal letter\n") // os.ReadFile("appeal-letter.pdf")
	asset, err := develophealth.NewPDFAsset(letter)
	if err != nil {
		log.Print(err) // not a PDF
		return
	}
	_, err = develophealth.NewPDFAsset([]byte("GIF89a"))
	fmt.Println("not a PDF:", errors.Is(err, develophealth.ErrNotPDF))

	// An appeal is a new create that carries the appeal details (a
	// resubmission carries ResubmissionInfo instead).
	req, _ := develophealthtest.PriorAuthRequestExample() // the same patient, provider, diagnoses and prescription
	req.ResubmissionInfo = &develophealth.PriorAuthRequestResubmissionInfo{PreviousPriorAuthRequestID: "pa_sdkfj3f"}
	req.AppealDetails = &develophealth.AppealDetails{IsUrgent: true, AppealLetter: develophealth.AppealLetter{
		Asset: *asset, Title: "Appeal letter", DateCreated: rxbridge.DateTime{Time: time.Now()},
	}}
	appeal, err := client.CreatePriorAuthorization(ctx, req)
	if err != nil {
		log.Print(err)
		return
	}
	pa, err := client.GetPriorAuthorization(ctx, appeal.ID)
	if err != nil {
		log.Print(err)
		return
	}
	fmt.Println("appeal:", pa.Status, "of", pa.ResubmissionInfo.PreviousPriorAuthRequestID)
	// Output:
	// not a PDF: true
	// appeal: processing of pa_sdkfj3f
}

// Recovering a prior authorization whose create answer was lost: Develop
// Health has no list of requests, but a request with an NDP
// prescription_message_id can be sent again safely, and the 409 it gets
// names the request the lost create made.
func ExampleClient_RecoverPriorAuthorization() {
	srv := develophealthtest.NewServer()
	defer srv.Close()
	client, err := srv.NewClient()
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	req, err := develophealthtest.PriorAuthRequestExample()
	if err != nil {
		log.Print(err)
		return
	}
	req.NDPSubmission = &develophealth.PriorAuthRequestNDPSubmission{
		PrescriptionMessageID: "SS-3f9a1c", PreferredPharmacyNCPDPID: "1234567"}

	srv.LoseAnswers(1) // Develop Health creates it; the answer never arrives
	_, err = client.CreatePriorAuthorization(ctx, req)
	fmt.Println("outcome unknown:", errors.Is(err, develophealth.ErrOutcomeUnknown))

	r, err := client.RecoverPriorAuthorization(ctx, req)
	if err != nil {
		log.Print(err) // ErrOutcomeUnknown again: call it again later
		return
	}
	fmt.Println("existed:", r.Existed, "id:", r.ID == srv.PriorAuthorizationIDs()[0])
	fmt.Println("requests at Develop Health:", len(srv.PriorAuthorizationIDs()))

	// A request without a prescription_message_id is not sent again:
	// match the prior authorizations its webhooks carry instead.
	req.NDPSubmission = nil
	_, err = client.RecoverPriorAuthorization(ctx, req)
	fmt.Println("no recovery key:", errors.Is(err, develophealth.ErrNoRecoveryKey))
	pa, _ := client.GetPriorAuthorization(ctx, r.ID) // as a webhook event would carry it
	fmt.Println("webhook matches:", req.MatchesPriorAuthorization(pa))
	// Output:
	// outcome unknown: true
	// existed: true id: true
	// requests at Develop Health: 1
	// no recovery key: true
	// webhook matches: true
}
