package cvsspecialty_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
)

func ExampleNewClient() {
	c, err := cvsspecialty.NewClient(os.Getenv("CVS_CLIENT_ID"), os.Getenv("CVS_CLIENT_SECRET"),
		cvsspecialty.WithSandbox(),  // or WithBaseURL(...); production is the default
		cvsspecialty.WithMockMode(), // x-mock: Y: CVS answers from its mock server
		rxbridge.WithLogger(slog.Default()),
		cvsspecialty.WithStatusBatchSize(100),
	)
	if err != nil {
		log.Fatal(err)
	}
	_ = c
}

func ExampleClient_Submit() {
	ctx := context.Background()
	c, err := cvsspecialty.NewClient(os.Getenv("CVS_CLIENT_ID"), os.Getenv("CVS_CLIENT_SECRET"))
	if err != nil {
		log.Fatal(err)
	}
	var faxTIFF []byte // the faxed prescription
	ref := &cvsspecialty.Referral{
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
		RxImage: &cvsspecialty.RxImage{Content: cvsspecialty.RxImageContent{Type: cvsspecialty.ImageTypeTIFF, Data: faxTIFF}},
	}
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
		return
	case errors.Is(err, cvsspecialty.ErrInvalidInput):
		var ve *cvsspecialty.ValidationError
		errors.As(err, &ve)
		fmt.Println("fix these fields:", ve.Fields()) // nothing was sent
		return
	case err != nil:
		log.Print(err) // *cvsspecialty.Error: CVS refused it (see Fault.Errors)
		return
	}
	fmt.Println("track it with", res.TransactionID)
}

func ExampleClient_Status() {
	ctx := context.Background()
	c, err := cvsspecialty.NewClient(os.Getenv("CVS_CLIENT_ID"), os.Getenv("CVS_CLIENT_SECRET"))
	if err != nil {
		log.Fatal(err)
	}
	ids := []string{"605841b8-1cef-11ea-978f-2e728ce88125" /* , ... thousands more */}
	st, err := c.Status(ctx, ids...) // batched, concurrent, merged in this order
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range st.Referrals {
		if !r.Found {
			fmt.Println(r.TransactionID, "unknown to CVS")
			continue
		}
		fmt.Println(r.TransactionID, r.Status, r.Reason)
	}
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
	srv.Advance(res.TransactionID) // Pending -> Processing
	st, err := c.Status(ctx, res.TransactionID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(st.Referrals[0].Status)
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
			srv.Advance(res.TransactionID) // CVS would move on by itself
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
