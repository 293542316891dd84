package cvsspecialty_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
)

// NewClient validates and never touches the network; it reports every
// problem at once, naming arguments and options, never their values.
func ExampleNewClient() {
	clientID, clientSecret := "client-id", "client-secret" // CVS's, from your secret store
	c, err := cvsspecialty.NewClient(clientID, clientSecret,
		cvsspecialty.WithSandbox(),  // or WithBaseURL(...); production is the default
		cvsspecialty.WithMockMode(), // x-mock: Y: CVS answers from its mock server
		rxbridge.WithLogger(slog.Default()),
		cvsspecialty.WithStatusBatchSize(100),
	)
	if err != nil {
		log.Print(err)
		return
	}
	fmt.Println(c) // never its credentials or token

	_, err = cvsspecialty.NewClient("", clientSecret, cvsspecialty.WithStatusBatchSize(0))
	fmt.Println(err)
	// Output:
	// cvsspecialty.Client{[REDACTED]}
	// cvsspecialty: NewClient: clientID is empty
	// cvsspecialty: option WithStatusBatchSize: 0 is not between 1 and 1000
}

// Submitting a referral, and what to do with each kind of failure: here
// against cvsspecialtytest's fake, which accepts it, then loses the
// answer of the second one.
func ExampleClient_Submit() {
	srv := cvsspecialtytest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient() // cvsspecialty.NewClient(clientID, clientSecret) for CVS
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	newReferral := func() *cvsspecialty.Referral {
		return &cvsspecialty.Referral{
			// Store this id with your record before submitting.
			TransactionID: cvsspecialty.NewTransactionID(),
			Patient: cvsspecialty.Patient{
				Name:       cvsspecialty.HumanName{Use: "official", Given: "Aegon", Family: "Targaryen"},
				BirthDate:  rxbridge.NewDate(1993, time.October, 21),
				GenderCode: "M",
			},
			Prescriber: cvsspecialty.Prescriber{
				Identifiers: []cvsspecialty.Identifier{{System: cvsspecialty.IdentifierSystemNPI, Value: "8463652323"}},
				Name:        cvsspecialty.HumanName{Given: "Melisandre", Family: "Asshai", Prefix: "Dr"},
			},
			Prescription: []cvsspecialty.Prescription{{
				DrugIdentifier:      cvsspecialty.Identifier{System: "500903530", Value: "8463452323", Name: "Adalimumab"},
				AuthoredOn:          rxbridge.NewDate(2019, time.November, 22),
				Refills:             rxbridge.Ptr(5),
				Sig:                 "take 1 tablet per day",
				SubstitutionAllowed: rxbridge.NewBool(true),
				DaysSupply:          30,
			}},
			// The faxed prescription.
			RxImage: &cvsspecialty.RxImage{Content: cvsspecialty.RxImageContent{
				Type: cvsspecialty.ImageTypeTIFF, Data: cvsspecialtytest.SampleTIFF()}},
		}
	}
	submit := func(ref *cvsspecialty.Referral) {
		res, err := c.Submit(ctx, ref)
		var ou *cvsspecialty.OutcomeUnknownError
		switch {
		case errors.As(err, &ou):
			// Sent, answer lost: CVS may have created the referral. Look it
			// up before submitting again.
			st, err := c.Status(ctx, ou.TransactionID)
			if err == nil && st.Referrals[0].Found {
				fmt.Println("already created:", st.Referrals[0].Status)
			}
		case errors.Is(err, cvsspecialty.ErrInvalidInput):
			var ve *cvsspecialty.ValidationError
			errors.As(err, &ve)
			fmt.Println("fix these fields:", ve.Fields()) // nothing was sent
		case err != nil:
			log.Print(err) // *cvsspecialty.Error: CVS refused it (see Fault.Errors)
		default:
			fmt.Println("submitted, tracked by the id sent:", res.TransactionID == ref.TransactionID)
		}
	}

	submit(newReferral())
	srv.LoseAnswers(1) // CVS creates the referral; its answer is lost
	submit(newReferral())
	bad := newReferral()
	bad.Patient.BirthDate = rxbridge.Date{}
	submit(bad)
	// Output:
	// submitted, tracked by the id sent: true
	// already created: Pending
	// fix these fields: [patient.birthDate]
}

// The status of many referrals at once, in the order asked, with the ids
// CVS does not know.
func ExampleClient_Status() {
	srv := cvsspecialtytest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	res, err := c.Submit(ctx, cvsspecialtytest.SampleReferral())
	if err != nil {
		log.Print(err)
		return
	}
	ids := []string{res.TransactionID, "9b2c1e0e-7f57-4f43-9d1a-3c1f00000000" /* , ... thousands more */}
	st, err := c.Status(ctx, ids...) // batched, concurrent, merged in this order
	if err != nil {
		log.Print(err)
		return
	}
	for i, r := range st.Referrals {
		if !r.Found {
			fmt.Println(i, "unknown to CVS")
			continue
		}
		if r.Reason != "" {
			fmt.Println(i, r.Status, "because", r.Reason)
			continue
		}
		fmt.Println(i, r.Status)
	}
	// Output:
	// 0 Pending
	// 1 unknown to CVS
}

// Example_fake runs the main flow against the in-process fake, as your
// tests can.
func Example_fake() {
	srv := cvsspecialtytest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	res, err := c.Submit(ctx, cvsspecialtytest.SampleReferral())
	if err != nil {
		log.Fatal(err)
	}
	if _, err := srv.Advance(res.TransactionID); err != nil { // Pending -> Processing
		log.Fatal(err)
	}
	st, err := c.Status(ctx, res.TransactionID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(st.Referrals[0].Status)
	// Output: Processing
}

// Following a referral until it reaches a status the caller treats as
// final. The spec documents only "Pending"; which later statuses are final
// is the caller's knowledge (here the fake's lifecycle, moved on by hand).
func ExampleClient_WaitStatus() {
	srv := cvsspecialtytest.NewServer() // Pending → Processing → Shipped
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		log.Print(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := c.Submit(ctx, cvsspecialtytest.SampleReferral())
	if err != nil {
		log.Print(err)
		return
	}
	e, err := c.WaitStatus(ctx, res.TransactionID, cvsspecialty.WaitStatusOptions{
		Interval: 10 * time.Millisecond, // minutes in production
		Terminal: []cvsspecialty.ReferralState{"Shipped"},
		OnUpdate: func(e cvsspecialty.StatusEntry) {
			fmt.Println("status:", e.Status)
			_, _ = srv.Advance(res.TransactionID) // CVS would move on by itself
		},
	})
	if err != nil {
		log.Print(err)
		return
	}
	fmt.Println("final:", e.Status)
	// Output:
	// status: Pending
	// status: Processing
	// status: Shipped
	// final: Shipped
}
