// Command cvs-referral submits the CVS Specialty spec's sample referral
// (its fictional patient, with a synthetic TIFF as the fax image) and
// prints the referral's status.
//
//	go run ./examples/cvs-referral             # against the in-process fake
//	go run ./examples/cvs-referral -wait       # poll until the status changes (bounded by -timeout)
//	go run ./examples/cvs-referral -json       # print the results as JSON
//
// With CVS_BASE_URL set (the host under which /oauth2/v1/token and
// /specialty/patient/referral/v1/... live), it calls that server with
// CVS_CLIENT_ID and CVS_CLIENT_SECRET. It sends "x-mock: Y" unless
// -mock=false, so a CVS gateway answers from its mock server instead of
// creating a referral for the sample patient.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
	"github.com/rxbridge/rxbridge-go/examples/internal/cli"
)

// config is what the flags and the environment say.
type config struct {
	asJSON   bool
	wait     bool
	mock     bool
	timeout  time.Duration
	interval time.Duration
	baseURL  string
	id       string
	secret   string
}

// output is what -json prints.
type output struct {
	Against string                     `json:"against"`
	Submit  *cvsspecialty.SubmitResult `json:"submit,omitempty"`
	// Recovered is set when the intake's answer was lost and the referral
	// was found through status instead.
	Recovered bool                      `json:"recovered,omitempty"`
	Status    *cvsspecialty.StatusEntry `json:"status,omitempty"`
	Final     *cvsspecialty.StatusEntry `json:"final,omitempty"`
	Polls     int                       `json:"polls,omitempty"`
	Waited    string                    `json:"waited,omitempty"`
}

func main() {
	var cfg config
	flag.BoolVar(&cfg.asJSON, "json", false, "print the results as JSON")
	flag.BoolVar(&cfg.wait, "wait", false, "poll the status until it changes (bounded by -timeout)")
	flag.BoolVar(&cfg.mock, "mock", true, `send "x-mock: Y" (CVS answers from its mock server)`)
	flag.DurationVar(&cfg.timeout, "timeout", 30*time.Second, "bound on the whole run, polling included")
	flag.DurationVar(&cfg.interval, "interval", time.Second, "time between status polls")
	cli.SetUsage(flag.CommandLine, "cvs-referral [-json] [-wait] [-mock=false] [-timeout d] [-interval d]", []cli.Var{
		{Name: "CVS_BASE_URL", Help: "the host under which /oauth2/v1/token and /specialty/patient/referral/v1/... live; unset: the fake"},
		{Name: "CVS_CLIENT_ID", Help: "your OAuth client id (required with CVS_BASE_URL)"},
		{Name: "CVS_CLIENT_SECRET", Help: "your OAuth client secret (required with CVS_BASE_URL)"},
	})
	flag.Parse()
	for _, err := range []error{
		cli.Require(os.Getenv, "CVS_BASE_URL", "CVS_CLIENT_ID", "CVS_CLIENT_SECRET"),
		cli.Require(os.Getenv, "CVS_CLIENT_ID", "CVS_BASE_URL"),
		cli.Require(os.Getenv, "CVS_CLIENT_SECRET", "CVS_BASE_URL"),
	} {
		if err != nil {
			fmt.Fprintln(os.Stderr, "cvs-referral:", err)
			os.Exit(2)
		}
	}
	cfg.baseURL = os.Getenv("CVS_BASE_URL")
	cfg.id = os.Getenv("CVS_CLIENT_ID")
	cfg.secret = os.Getenv("CVS_CLIENT_SECRET")

	ctx, cancel := context.WithTimeout(context.Background(), cfg.timeout)
	defer cancel()
	if err := run(ctx, os.Stdout, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "cvs-referral:", err)
		os.Exit(1)
	}
}

// run submits the sample referral, reads its status, and with -wait polls
// until the status changes or ctx ends.
func run(ctx context.Context, w io.Writer, cfg config) error {
	opts := []cvsspecialty.Option{rxbridge.WithUserAgent("cvs-referral-example/1")}
	if cfg.mock {
		opts = append(opts, cvsspecialty.WithMockMode())
	}
	out := output{}
	var c *cvsspecialty.Client
	var err error
	if cfg.baseURL == "" {
		// The fake moves a referral along its lifecycle every two status
		// answers (counted, not timed: a busy machine sees the same story).
		srv := cvsspecialtytest.NewServer(cvsspecialtytest.WithProgressionPerPoll(2))
		defer srv.Close()
		out.Against = "in-process fake"
		c, err = srv.NewClient(opts...)
	} else {
		if cfg.id == "" || cfg.secret == "" {
			return errors.New("CVS_BASE_URL is set: CVS_CLIENT_ID and CVS_CLIENT_SECRET are required")
		}
		u, perr := url.Parse(cfg.baseURL)
		if perr != nil {
			return errors.New("CVS_BASE_URL is not a URL")
		}
		out.Against = u.Host
		c, err = cvsspecialty.NewClient(cfg.id, cfg.secret, append(opts, rxbridge.WithBaseURL(cfg.baseURL))...)
	}
	if err != nil {
		return err
	}

	ref := cvsspecialtytest.SampleReferral()
	ref.TransactionID = cvsspecialty.NewTransactionID() // never reuse the spec's id
	res, err := c.Submit(ctx, ref)
	var ou *cvsspecialty.OutcomeUnknownError
	switch {
	case errors.As(err, &ou):
		// The answer was lost: look the referral up rather than resubmit.
		st, serr := c.Status(ctx, ou.TransactionID)
		if serr != nil || !st.Referrals[0].Found {
			return fmt.Errorf("%w (and it was not found by status)", err)
		}
		out.Recovered = true
		res = &cvsspecialty.SubmitResult{TransactionID: ou.TransactionID, SentTransactionID: ou.TransactionID}
	case err != nil:
		return err
	}
	out.Submit = res
	if !cfg.asJSON {
		fmt.Fprintf(w, "submitted to %s: transactionId %s (%s %s)\n", out.Against, res.TransactionID, res.StatusCode, res.StatusDescription)
	}

	st, err := c.Status(ctx, res.TransactionID)
	if err != nil {
		return err
	}
	first := st.Referrals[0]
	out.Status = &first
	if !cfg.asJSON {
		printEntry(w, "status", first)
	}

	if cfg.wait {
		start := time.Now()
		final, polls, err := poll(ctx, c, first, cfg.interval)
		out.Polls, out.Waited = polls, time.Since(start).Round(time.Millisecond).String()
		if err != nil {
			return fmt.Errorf("waiting for a status change after %d polls: %w", polls, err)
		}
		out.Final = &final
		if !cfg.asJSON {
			printEntry(w, fmt.Sprintf("after %d polls", polls), final)
		}
	}
	if cfg.asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return nil
}

// poll asks for the status every interval until it differs from first.
// ctx bounds it.
func poll(ctx context.Context, c *cvsspecialty.Client, first cvsspecialty.StatusEntry, interval time.Duration) (cvsspecialty.StatusEntry, int, error) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for polls := 1; ; polls++ {
		select {
		case <-ctx.Done():
			return first, polls - 1, ctx.Err()
		case <-t.C:
		}
		st, err := c.Status(ctx, first.TransactionID)
		if err != nil {
			return first, polls, err
		}
		if e := st.Referrals[0]; e.Found != first.Found || e.Status != first.Status || e.Reason != first.Reason {
			return e, polls, nil
		}
	}
}

func printEntry(w io.Writer, label string, e cvsspecialty.StatusEntry) {
	if !e.Found {
		fmt.Fprintf(w, "%s: %s not known to CVS yet\n", label, e.TransactionID)
		return
	}
	fmt.Fprintf(w, "%s: %s", label, e.Status)
	if e.Reason != "" {
		fmt.Fprintf(w, " (%s)", e.Reason)
	}
	fmt.Fprintln(w)
}
