package develophealth_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/develophealth"
	"github.com/rxbridge/rxbridge-go/develophealth/develophealthtest"
)

func ExampleClient_CreatePriorAuthorization() {
	ctx := context.Background()
	client, err := develophealth.NewClient(os.Getenv("DEVELOPHEALTH_API_TOKEN"))
	if err != nil {
		log.Print(err)
		return
	}
	front, _ := os.ReadFile("card-front.png")
	back, _ := os.ReadFile("card-back.png")
	created, err := client.CreatePriorAuthorization(ctx, &develophealth.CreatePriorAuthRequest{
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
	})
	var apiErr *develophealth.Error
	switch {
	case errors.Is(err, develophealth.ErrOutcomeUnknown):
		log.Print("the request may have been created: check before sending it again")
	case errors.Is(err, develophealth.ErrPrescriptionMessageAlreadyLinked) && errors.As(err, &apiErr):
		log.Printf("already submitted as %s", apiErr.ExistingPriorAuthRequestID)
	case err != nil:
		log.Print(err) // safe to log: no PHI in Error()
	default:
		fmt.Println("created", created.ID)
	}
}

func ExampleClient_WaitPriorAuthorization() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	client, _ := develophealth.NewClient(os.Getenv("DEVELOPHEALTH_API_TOKEN"))
	pa, err := client.WaitPriorAuthorization(ctx, "pa_sdkfj3f", develophealth.WaitOptions{
		Interval: 30 * time.Second,
		OnUpdate: func(p *develophealth.PriorAuthorization) { log.Printf("status %s", p.Status) },
	})
	if err != nil {
		log.Print(err)
		return
	}
	switch o := pa.Outcome; {
	case o.Approved != nil:
		fmt.Println("approved until", o.Approved.AuthorizationExpiration)
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
			fmt.Println(item.Type, item.CreatedAt.Time)
		default: // a type this SDK version does not know: kept in item.Raw
		}
	}
}

// A webhook endpoint: each event is processed once, across your instances
// when they share a store (rxbridge.WithStore with a redisstore.Store).
func ExampleNewReceiver() {
	receiver, err := develophealth.NewReceiver(os.Getenv("DEVELOPHEALTH_WEBHOOK_SECRET"),
		func(ctx context.Context, ev *develophealth.Event) error {
			switch {
			case ev.PriorAuthorization != nil:
				// A signal: read the current state before acting.
				log.Printf("%s: prior authorization is %s", ev.Type(), ev.PriorAuthorization.Status)
			case ev.BenefitVerification != nil:
				log.Printf("benefit verification is %s", ev.BenefitVerification.Status)
			}
			return nil // an error answers 500 and Develop Health resends
		},
		develophealth.WithWebhookLease(2*time.Minute))
	if err != nil {
		log.Print(err)
		return
	}
	http.Handle("/webhooks/develophealth", receiver)
}

func ExampleReceiver_VerifyAndParse() {
	recv, err := develophealth.NewReceiver(os.Getenv("DEVELOPHEALTH_WEBHOOK_SECRET"),
		func(context.Context, *develophealth.Event) error { return nil }) // not called by VerifyAndParse
	if err != nil {
		log.Print(err)
		return
	}
	http.HandleFunc("/hooks", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 10<<20))
		ev, err := recv.VerifyAndParse(r.Context(), r.Header, body)
		switch {
		case errors.Is(err, develophealth.ErrWebhookUnauthorized):
			w.WriteHeader(http.StatusUnauthorized)
		case errors.Is(err, develophealth.ErrWebhookStoreUnavailable), errors.Is(err, develophealth.ErrWebhookInProgress):
			w.WriteHeader(http.StatusServiceUnavailable) // Develop Health sends it again
		case err != nil:
			w.WriteHeader(http.StatusBadRequest)
		default:
			log.Printf("event %s (%s)", ev.Type(), ev.ID())
			w.WriteHeader(http.StatusOK)
		}
	})
}

func ExampleClient_CreateBenefitVerification() {
	ctx := context.Background()
	client, _ := develophealth.NewClient(os.Getenv("DEVELOPHEALTH_API_TOKEN"))
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
	fmt.Println("benefit verification", bv.ID)
}

func ExampleNewPDFAsset() {
	ctx := context.Background()
	client, _ := develophealth.NewClient(os.Getenv("DEVELOPHEALTH_API_TOKEN"))
	letter, _ := os.ReadFile("appeal-letter.pdf")
	asset, err := develophealth.NewPDFAsset(letter)
	if err != nil {
		log.Print(err) // not a PDF
		return
	}
	// An appeal is a new create that carries the appeal details (a
	// resubmission carries ResubmissionInfo instead).
	req := &develophealth.CreatePriorAuthRequest{
		// ... the same patient, provider, diagnoses and prescription ...
		ResubmissionInfo: &develophealth.PriorAuthRequestResubmissionInfo{PreviousPriorAuthRequestID: "pa_sdkfj3f"},
		AppealDetails: &develophealth.AppealDetails{IsUrgent: true, AppealLetter: develophealth.AppealLetter{
			Asset: *asset, Title: "Appeal letter", DateCreated: rxbridge.DateTime{Time: time.Now()},
		}},
	}
	if _, err := client.CreatePriorAuthorization(ctx, req); err != nil {
		log.Print(err)
	}
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
