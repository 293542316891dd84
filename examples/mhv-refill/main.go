// Command mhv-refill walks through a veteran's VA prescriptions on My
// HealtheVet: it opens the veteran's session, lists the active
// prescriptions and the history, shows the tracking of a trackable
// prescription, and refills one.
//
// By default it runs against the in-process fake (mhvtest) and refills the
// first refillable prescription. Set MHV_BASE_URL (the API base, ending in
// .../mhv-api/patient/v1, or the gateway's .../v1 with MHV_API_KEY),
// MHV_APP_TOKEN and MHV_CORRELATION_ID to use a real server; there it
// refills only when asked:
//
//	go run ./examples/mhv-refill                      # against the fake
//	go run ./examples/mhv-refill -json                # print what was decoded
//	MHV_BASE_URL=https://.../mhv-api/patient/v1 MHV_APP_TOKEN=... MHV_CORRELATION_ID=... \
//	  go run ./examples/mhv-refill -refill 22000101   # refill this prescription
//	  go run ./examples/mhv-refill -refill-first      # refill the first refillable one
//
// The output shows the veteran's prescriptions: it is PHI on a real
// server. The program never prints tokens or the correlation id.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/examples/internal/cli"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// report is what -json prints.
type report struct {
	Server   string                `json:"server"`
	Active   *mhv.PrescriptionList `json:"active"`
	History  *mhv.PrescriptionList `json:"history"`
	Tracking *mhv.TrackingDetails  `json:"tracking,omitempty"`
	Refill   *refillReport         `json:"refill,omitempty"`
}

type refillReport struct {
	PrescriptionID int64            `json:"prescriptionId"`
	Result         string           `json:"result"`
	Error          string           `json:"error,omitempty"`
	StatusAfter    mhv.RefillStatus `json:"statusAfter,omitempty"`
}

// run is the program; it returns the exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mhv-refill", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the decoded results as JSON")
	refillID := fs.Int64("refill", 0, "refill this prescription id")
	refillFirst := fs.Bool("refill-first", false, "refill the first refillable prescription")
	cli.SetUsage(fs, "mhv-refill [-json] [-refill ID | -refill-first]", []cli.Var{
		{Name: "MHV_BASE_URL", Help: "the API base (.../mhv-api/patient/v1, or the gateway's .../v1); unset: the fake"},
		{Name: "MHV_APP_TOKEN", Help: "your appToken (required with MHV_BASE_URL)"},
		{Name: "MHV_CORRELATION_ID", Help: "the veteran's MHV correlation id (required with MHV_BASE_URL)"},
		{Name: "MHV_API_KEY", Help: "the API gateway's key (optional)"},
	})
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	for _, v := range []string{"MHV_APP_TOKEN", "MHV_CORRELATION_ID", "MHV_API_KEY"} {
		if err := cli.Require(getenv, v, "MHV_BASE_URL"); err != nil {
			fmt.Fprintln(stderr, "mhv-refill:", err)
			return 2
		}
	}
	if err := cli.Require(getenv, "MHV_BASE_URL", "MHV_APP_TOKEN", "MHV_CORRELATION_ID"); err != nil {
		fmt.Fprintln(stderr, "mhv-refill:", err)
		return 2
	}
	if *refillID != 0 && *refillFirst {
		fmt.Fprintln(stderr, "mhv-refill: give -refill ID or -refill-first, not both")
		return 2
	}

	baseURL, appToken, vetID := getenv("MHV_BASE_URL"), getenv("MHV_APP_TOKEN"), getenv("MHV_CORRELATION_ID")
	opts := []mhv.Option{rxbridge.WithUserAgent("mhv-refill-example/1")}
	rep := report{Server: "real"}
	if baseURL == "" {
		srv := mhvtest.NewServer()
		defer srv.Close()
		baseURL, appToken, vetID = srv.URL, srv.AppToken, mhvtest.DemoVeteran
		rep.Server = "fake"
		if *refillID == 0 {
			*refillFirst = true // the fake is there to be refilled
		}
	}
	if key := getenv("MHV_API_KEY"); key != "" {
		opts = append(opts, mhv.WithGateway(key))
	}
	client, err := mhv.NewClient(appToken, append(opts, rxbridge.WithBaseURL(baseURL))...)
	if err != nil {
		fmt.Fprintln(stderr, "mhv-refill:", err)
		return 1
	}
	vet := client.User(vetID)
	text := func(format string, a ...any) {
		if !*asJSON {
			fmt.Fprintf(stdout, format, a...)
		}
	}

	// 1. Session.
	if err := vet.EnsureSession(ctx); err != nil {
		fmt.Fprintln(stderr, "mhv-refill: session:", err)
		return 1
	}
	text("session: ok (%s server)\n", rep.Server)

	// 2. Active prescriptions.
	if rep.Active, err = vet.ActivePrescriptions(ctx); err != nil {
		fmt.Fprintln(stderr, "mhv-refill: active prescriptions:", err)
		return 1
	}
	text("\nactive prescriptions:\n")
	for _, rx := range rep.Active.Prescriptions() {
		text("  %-10d %-16s refillable=%-5t trackable=%-5t last filled %-10s %s\n", rx.PrescriptionID, rx.RefillStatus,
			rx.IsRefillable, rx.IsTrackable, rx.RefillDate.DateOnly(), rx.PrescriptionName)
	}
	if rep.Active.Partial() {
		text("  (incomplete: stations %v did not answer)\n", rep.Active.FailedStationList.Stations)
	}

	// 3. History.
	if rep.History, err = vet.PrescriptionHistory(ctx); err != nil {
		fmt.Fprintln(stderr, "mhv-refill: history:", err)
		return 1
	}
	byStatus := map[mhv.RefillStatus]int{}
	for _, rx := range rep.History.Prescriptions() {
		byStatus[rx.RefillStatus]++
	}
	text("\nhistory: %d prescriptions %v\n", len(rep.History.Prescriptions()), byStatus)

	// 4. Tracking of the first trackable prescription.
	for _, rx := range rep.Active.Prescriptions() {
		if !rx.IsTrackable {
			continue
		}
		if rep.Tracking, err = vet.Tracking(ctx, rx.PrescriptionID); err != nil {
			fmt.Fprintln(stderr, "mhv-refill: tracking:", err)
			return 1
		}
		text("\ntracking of %d:\n", rx.PrescriptionID)
		for _, s := range rep.Tracking.Shipments() {
			text("  shipped %s by %s, tracking number %s, %d other prescription(s) in the package\n",
				s.ShippedDate.DateOnly(), s.DeliveryService, s.TrackingNumber, len(s.OtherPrescriptionListIncluded))
		}
		if u, err := rep.Tracking.ImageURL(); err == nil {
			text("  drug image: %s\n", u)
		}
		break
	}

	// 5. Refill.
	id := *refillID
	if *refillFirst {
		for _, rx := range rep.Active.Prescriptions() {
			if rx.IsRefillable {
				id = rx.PrescriptionID
				break
			}
		}
		if id == 0 {
			text("\nnothing to refill: no refillable prescription\n")
		}
	}
	code := 0
	if id != 0 {
		rep.Refill = &refillReport{PrescriptionID: id}
		err := vet.Refill(ctx, id)
		switch {
		case err == nil:
			rep.Refill.Result = "submitted"
		case errors.Is(err, mhv.ErrOutcomeUnknown):
			rep.Refill.Result = "unknown: the request was sent and its answer lost; the status below tells what happened"
		case errors.Is(err, mhv.ErrNotRefillable):
			rep.Refill.Result = "refused: not refillable (or a refill is already pending)"
		default:
			rep.Refill.Result = "failed"
			code = 1
		}
		if err != nil {
			rep.Refill.Error = err.Error() // names the operation, status and MHV code, never the veteran's data
		}
		if rx, err := vet.Prescription(ctx, id); err == nil {
			rep.Refill.StatusAfter = rx.RefillStatus
		}
		text("\nrefill of %d: %s", id, rep.Refill.Result)
		if rep.Refill.StatusAfter != "" {
			text(" (status now %s)", rep.Refill.StatusAfter)
		}
		text("\n")
		if rep.Refill.Error != "" {
			text("  %s\n", rep.Refill.Error)
		}
	}

	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintln(stderr, "mhv-refill:", err)
			return 1
		}
	}
	return code
}
