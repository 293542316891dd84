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

// fakeToday pins the fake's clock, so that the demo data's dates (relative
// to its today) print the same every day.
func fakeToday() time.Time { return time.Date(2025, time.March, 3, 15, 0, 0, 0, time.UTC) }

// The main flow: one client for the application, one handle per veteran,
// the active list, a refill with its outcomes, and tracking. It runs here
// against mhvtest's fake; against MHV the client is
//
//	mhv.NewClient(appToken, rxbridge.WithBaseURL("https://<host>/mhv-api/patient/v1"))
func Example() {
	srv := mhvtest.NewServer(mhvtest.WithClock(fakeToday))
	defer srv.Close()
	client, err := srv.NewClient()
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	vet := client.User(mhvtest.DemoVeteran) // the veteran's MHV correlation id

	active, err := vet.ActivePrescriptions(ctx)
	if err != nil {
		log.Print(err) // never contains tokens, ids or names
		return
	}
	if active.Partial() {
		fmt.Println("some VA stations did not answer:", active.FailedStationList.Stations)
	}
	for _, rx := range active.Prescriptions() {
		fmt.Println(rx.PrescriptionID, rx.RefillStatus, rx.RefillDate.DateOnly())
	}
	switch err := vet.Refill(ctx, mhvtest.DemoRefillable); {
	case err == nil:
		fmt.Println("refill submitted")
	case errors.Is(err, mhv.ErrNotRefillable):
		fmt.Println("not refillable (or a refill is already pending)")
	case errors.Is(err, mhv.ErrOutcomeUnknown):
		// Sent, answer lost: look before trying again.
		if rx, err := vet.Prescription(ctx, mhvtest.DemoRefillable); err == nil {
			fmt.Println("status now:", rx.RefillStatus)
		}
	default:
		log.Print(err)
	}
	err = vet.Refill(ctx, mhvtest.DemoSubmitted)
	fmt.Println("pending refill refused:", errors.Is(err, mhv.ErrNotRefillable))

	tracking, err := vet.Tracking(ctx, mhvtest.DemoTrackable)
	if err != nil {
		log.Print(err)
		return
	}
	for _, s := range tracking.Shipments() {
		fmt.Println(s.DeliveryService, s.TrackingNumber, s.ShippedDate.DateOnly())
	}
	// Output:
	// 22000101 active 2025-01-22
	// 22000102 active 2025-02-19
	// 22000103 submitted 2025-01-27
	// 22000104 refillinprocess 2025-01-29
	// refill submitted
	// pending refill refused: true
	// USPS 9400100000000000000001 2025-02-21
	// UPS 1Z000000000000001 2024-11-23
}

// A veteran who cannot use the Rx API is found at session creation.
func ExampleUser_EnsureSession() {
	srv := mhvtest.NewServer()
	defer srv.Close()
	client, _ := srv.NewClient()
	for _, id := range []string{mhvtest.DemoVeteran, mhvtest.NoAgreementVeteran, mhvtest.BlockedVeteran} {
		err := client.User(id).EnsureSession(context.Background())
		switch {
		case err == nil:
			fmt.Println("session ready")
		case errors.Is(err, mhv.ErrRxAgreementNotAccepted):
			fmt.Println("ask the veteran to accept the Rx agreement on My HealtheVet")
		case errors.Is(err, mhv.ErrUserNotFound), errors.Is(err, mhv.ErrUserBlocked):
			fmt.Println("no Rx access for this veteran")
		default:
			log.Print(err)
		}
	}
	// Output:
	// session ready
	// ask the veteran to accept the Rx agreement on My HealtheVet
	// no Rx access for this veteran
}

// Several refills in one request, with a result per prescription.
func ExampleUser_RefillMany() {
	srv := mhvtest.NewServer()
	defer srv.Close()
	client, _ := srv.NewClient()
	res, err := client.User(mhvtest.DemoVeteran).RefillMany(context.Background(),
		[]int64{mhvtest.DemoRefillable, mhvtest.DemoSubmitted})
	if err != nil {
		log.Print(err) // ErrOutcomeUnknown: check the history before repeating
		return
	}
	fmt.Println("submitted:", res.Submitted())
	for _, r := range res.Failed() {
		fmt.Println("failed:", r.PrescriptionID, "not refillable:", errors.Is(r.Err, mhv.ErrNotRefillable))
	}
	// Output:
	// submitted: [22000101]
	// failed: 22000103 not refillable: true
}

// A drug's leaflet, by the NDC MHV gives for the prescription. The HTML is
// MHV's: sanitise it (an allow-list sanitiser) before rendering it.
func ExampleUser_RxDocumentation() {
	srv := mhvtest.NewServer()
	defer srv.Close()
	client, _ := srv.NewClient()
	vet := client.User(mhvtest.DemoVeteran)
	ctx := context.Background()
	// The NDC of a prescription: its CmopNdcNumber in the lists, or its
	// tracking's NdcNumber (which this fake fills).
	tracking, err := vet.Tracking(ctx, mhvtest.DemoTrackable)
	if err != nil {
		log.Print(err)
		return
	}
	ndc, ok := tracking.NdcNumber.Get()
	if !ok {
		return
	}
	doc, err := vet.RxDocumentation(ctx, ndc)
	if err != nil {
		log.Print(err) // never contains the NDC
		return
	}
	fmt.Println(doc.Title())
	_ = doc.HTML // sanitise before rendering

	_, err = vet.RxDocumentation(ctx, "12-34")
	fmt.Println("not an NDC, nothing sent:", errors.Is(err, mhv.ErrInvalidNDC))
	// Output:
	// METFORMIN HCL 500MG TAB
	// not an NDC, nothing sent: true
}

// The API gateway: other routes and an x-api-key. Against the gateway the
// client is mhv.NewClient(appToken, rxbridge.WithBaseURL("https://<gateway>/v1"),
// mhv.WithGateway(apiKey)); the fake serves the gateway's routes too.
func ExampleWithGateway() {
	srv := mhvtest.NewServer(mhvtest.WithGateway("your-gateway-api-key"))
	defer srv.Close()
	client, err := mhv.NewClient(srv.AppToken,
		rxbridge.WithBaseURL(srv.URL),
		mhv.WithGateway("your-gateway-api-key"),
		rxbridge.WithTimeout(15*time.Second))
	if err != nil {
		log.Print(err)
		return
	}
	active, err := client.User(mhvtest.DemoVeteran).ActivePrescriptions(context.Background())
	if err != nil {
		log.Print(err)
		return
	}
	fmt.Println(len(active.Prescriptions()), "active prescriptions")
	// Output: 4 active prescriptions
}

// Sessions shared by the instances of a service: each veteran's session is
// created once for the whole fleet and used by every instance. A real
// deployment gives every instance the same redisstore.Store over one
// Redis (see examples/fleet); the in-process store shows the wiring.
func Example_sharedSessions() {
	srv := mhvtest.NewServer()
	defer srv.Close()
	store := rxbridge.NewMemoryStore() // or redisstore.New(redisClient, keys)
	ctx := context.Background()
	for range 3 { // three instances of the service
		client, err := srv.NewClient(rxbridge.WithStore(store))
		if err != nil {
			log.Print(err)
			return
		}
		if _, err := client.User(mhvtest.DemoVeteran).ActivePrescriptions(ctx); err != nil {
			log.Print(err)
			return
		}
	}
	fmt.Println("sessions created:", srv.SessionsCreated(mhvtest.DemoVeteran))
	// Output: sessions created: 1
}

// Testing against the fake.
func Example_fake() {
	srv := mhvtest.NewServer()
	defer srv.Close()
	client, _ := srv.NewClient()
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
