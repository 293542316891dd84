package mhv_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
)

// The main flow: one client for the application, one handle per veteran,
// the active list, a refill with its outcomes, and tracking.
func Example() {
	ctx := context.Background()
	client, err := mhv.NewClient("your-app-token",
		rxbridge.WithBaseURL("https://mhv.example.va.gov/mhv-api/patient/v1"))
	if err != nil {
		log.Fatal(err)
	}
	vet := client.User("15176497") // the veteran's MHV correlation id

	active, err := vet.ActivePrescriptions(ctx)
	if err != nil {
		log.Fatal(err)
	}
	if active.Partial() {
		fmt.Println("some VA stations did not answer:", active.FailedStationList.Stations)
	}
	for _, rx := range active.Prescriptions() {
		fmt.Println(rx.PrescriptionID, rx.RefillStatus, rx.RefillDate.DateOnly())
		if !rx.IsRefillable {
			continue
		}
		switch err := vet.Refill(ctx, rx.PrescriptionID); {
		case err == nil:
			fmt.Println("refill submitted")
		case errors.Is(err, mhv.ErrNotRefillable):
			fmt.Println("not refillable (or a refill is already pending)")
		case errors.Is(err, mhv.ErrOutcomeUnknown):
			// Sent, answer lost: look before trying again.
			if rx, err := vet.Prescription(ctx, rx.PrescriptionID); err == nil {
				fmt.Println("status now:", rx.RefillStatus)
			}
		default:
			log.Print(err) // never contains tokens, ids or names
		}
	}
	for _, rx := range active.Prescriptions() {
		if rx.IsTrackable {
			tracking, err := vet.Tracking(ctx, rx.PrescriptionID)
			if err != nil {
				log.Fatal(err)
			}
			for _, s := range tracking.Shipments() {
				fmt.Println(s.DeliveryService, s.TrackingNumber, s.ShippedDate.DateOnly())
			}
		}
	}
}

// A veteran who cannot use the Rx API is found at session creation.
func ExampleUser_EnsureSession() {
	client, _ := mhv.NewClient("your-app-token", rxbridge.WithBaseURL("https://mhv.example.va.gov/mhv-api/patient/v1"))
	err := client.User("15176500").EnsureSession(context.Background())
	switch {
	case errors.Is(err, mhv.ErrRxAgreementNotAccepted):
		fmt.Println("ask the veteran to accept the Rx agreement on My HealtheVet")
	case errors.Is(err, mhv.ErrUserNotFound), errors.Is(err, mhv.ErrUserBlocked):
		fmt.Println("no Rx access for this veteran")
	case err != nil:
		log.Print(err)
	}
}

// Several refills in one request, with a result per prescription.
func ExampleUser_RefillMany() {
	client, _ := mhv.NewClient("your-app-token", rxbridge.WithBaseURL("https://mhv.example.va.gov/mhv-api/patient/v1"))
	res, err := client.User("15176497").RefillMany(context.Background(), []int64{22000101, 22000102})
	if err != nil {
		log.Fatal(err) // ErrOutcomeUnknown: check the history before repeating
	}
	fmt.Println("submitted:", res.Submitted())
	for _, r := range res.Failed() {
		fmt.Println(r.PrescriptionID, errors.Is(r.Err, mhv.ErrNotRefillable))
	}
}

// A drug's leaflet, by the NDC MHV gives for the prescription. The HTML is
// MHV's: sanitise it (an allow-list sanitiser) before rendering it.
func ExampleUser_RxDocumentation() {
	client, _ := mhv.NewClient("your-app-token", rxbridge.WithBaseURL("https://mhv.example.va.gov/mhv-api/patient/v1"))
	vet := client.User("15176497")
	ctx := context.Background()
	active, err := vet.ActivePrescriptions(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, rx := range active.Prescriptions() {
		ndc, ok := rx.CmopNdcNumber.Get()
		if !ok {
			continue
		}
		doc, err := vet.RxDocumentation(ctx, ndc)
		switch {
		case errors.Is(err, mhv.ErrInvalidNDC):
			continue // not an NDC: nothing was sent
		case err != nil:
			log.Fatal(err) // never contains the NDC
		}
		fmt.Println(doc.Title())
		_ = doc.HTML // sanitise before rendering
	}
}

// The API gateway: other routes and an x-api-key.
func ExampleWithGateway() {
	client, err := mhv.NewClient("your-app-token",
		rxbridge.WithBaseURL("https://gateway.example.va.gov/v1"),
		mhv.WithGateway("your-gateway-api-key"),
		rxbridge.WithTimeout(15*time.Second))
	if err != nil {
		log.Fatal(err)
	}
	_ = client
}

// Sessions shared by the instances of a service: each veteran's session is
// created once for the whole fleet and used by every instance. A real
// deployment gives every instance the same redisstore.Store over one
// Redis (see examples/fleet); the in-process store shows the wiring.
func Example_sharedSessions() {
	store := rxbridge.NewMemoryStore() // or redisstore.New(redisClient, keys)
	client, err := mhv.NewClient("your-app-token",
		rxbridge.WithBaseURL("https://mhv.example.va.gov/mhv-api/patient/v1"),
		rxbridge.WithStore(store))
	if err != nil {
		log.Fatal(err)
	}
	_ = client
}

// Testing against the fake.
func Example_fake() {
	srv := mhvtest.NewServer()
	defer srv.Close()
	client, _ := mhv.NewClient(srv.AppToken, rxbridge.WithBaseURL(srv.URL))
	vet := client.User(mhvtest.DemoVeteran)
	_ = vet.Refill(context.Background(), mhvtest.DemoRefillable)
	rx, _ := srv.Prescription(mhvtest.DemoRefillable)
	fmt.Println(rx.Status)
	srv.ShipRefill(mhvtest.DemoRefillable, "USPS", "9400100000000000000042")
	tracking, _ := vet.Tracking(context.Background(), mhvtest.DemoRefillable)
	fmt.Println(tracking.Shipments()[0].DeliveryService)
	// Output:
	// submitted
	// USPS
}

func ExampleDrugImageURL() {
	u, err := mhv.DrugImageURL("0006074954")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u)
	// Output: https://www.myhealth.va.gov/mhv-portal-web/ShowBinary/BEA%20Repository/MILDrugImages/6/NDC0006074954
}
