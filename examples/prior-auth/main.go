// Command prior-auth runs a Develop Health prior authorization end to end:
// it creates one from the spec's example request, polls it until its
// status is terminal, prints the outcome and the denial analysis, and
// receives its webhooks on a local endpoint.
//
// By default it runs against the in-process fake (develophealthtest),
// which walks processing → awaiting_outcome → completed and signs its
// webhooks. Set DEVELOPHEALTH_BASE_URL and DEVELOPHEALTH_API_TOKEN to use
// a real organization (a sandbox one for -mock); to receive webhooks from
// it, also set DEVELOPHEALTH_WEBHOOK_SECRET and make -listen reachable at
// the URL configured in the Develop Health admin panel.
//
//	go run ./examples/prior-auth                  # fake, denied mock result
//	DEVELOPHEALTH_BASE_URL=https://api.develophealth.ai DEVELOPHEALTH_API_TOKEN=... \
//	  go run ./examples/prior-auth -mock approved   # a sandbox organization
//	go run ./examples/prior-auth -mock approved -poll 500ms
//	go run ./examples/prior-auth -json
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	dh "github.com/rxbridge/rxbridge-go/develophealth"
	"github.com/rxbridge/rxbridge-go/develophealth/develophealthtest"
	"github.com/rxbridge/rxbridge-go/examples/internal/cli"
)

// config is the command line and environment.
type config struct {
	poll    time.Duration
	timeout time.Duration
	asJSON  bool
	mock    string
	listen  string
	baseURL string
	token   string
	secret  string
}

// summary is what -json prints.
type summary struct {
	Mode                 string                   `json:"mode"`
	ID                   string                   `json:"id"`
	Statuses             []string                 `json:"statuses"`
	Status               string                   `json:"status"`
	Outcome              *dh.Outcome              `json:"outcome,omitempty"`
	DenialReasonAnalysis *dh.DenialReasonAnalysis `json:"denial_reason_analysis,omitempty"`
	Webhooks             []webhookSeen            `json:"webhooks"`
}

type webhookSeen struct {
	EventType string `json:"event_type"`
	EventID   string `json:"event_id,omitempty"`
	Status    string `json:"status,omitempty"`
}

func main() {
	var cfg config
	flag.DurationVar(&cfg.poll, "poll", 2*time.Second, "interval between status reads")
	flag.DurationVar(&cfg.timeout, "timeout", 2*time.Minute, "bound on the whole run")
	flag.BoolVar(&cfg.asJSON, "json", false, "print the decoded results as JSON")
	flag.StringVar(&cfg.mock, "mock", "auto", "sandbox mock_result: approved, denied, other, not_submitted, none, or auto (denied on the fake, none on a real server)")
	flag.StringVar(&cfg.listen, "listen", "127.0.0.1:0", "address of the local webhook receiver")
	cli.SetUsage(flag.CommandLine, "prior-auth [-json] [-mock result] [-poll d] [-timeout d] [-listen host:port]", []cli.Var{
		{Name: "DEVELOPHEALTH_BASE_URL", Help: "the API root (https://api.develophealth.ai); unset: the fake"},
		{Name: "DEVELOPHEALTH_API_TOKEN", Help: "your API token (required with DEVELOPHEALTH_BASE_URL)"},
		{Name: "DEVELOPHEALTH_WEBHOOK_SECRET", Help: "the webhook secret: receive webhooks on -listen (optional)"},
	})
	flag.Parse()
	for _, err := range []error{
		cli.Require(os.Getenv, "DEVELOPHEALTH_BASE_URL", "DEVELOPHEALTH_API_TOKEN"),
		cli.Require(os.Getenv, "DEVELOPHEALTH_API_TOKEN", "DEVELOPHEALTH_BASE_URL"),
		cli.Require(os.Getenv, "DEVELOPHEALTH_WEBHOOK_SECRET", "DEVELOPHEALTH_BASE_URL"),
	} {
		if err != nil {
			fmt.Fprintln(os.Stderr, "prior-auth:", err)
			os.Exit(2)
		}
	}
	cfg.baseURL = os.Getenv("DEVELOPHEALTH_BASE_URL")
	cfg.token = os.Getenv("DEVELOPHEALTH_API_TOKEN")
	cfg.secret = os.Getenv("DEVELOPHEALTH_WEBHOOK_SECRET")

	ctx, cancel := context.WithTimeout(context.Background(), cfg.timeout)
	defer cancel()
	if cfg.baseURL != "" {
		// A cheap authenticated call before the receiver starts: a wrong
		// URL or token fails now, with its cause.
		err := cli.Probe(ctx, "Develop Health at DEVELOPHEALTH_BASE_URL", func(ctx context.Context) error {
			c, err := dh.NewClient(cfg.token, rxbridge.WithBaseURL(cfg.baseURL))
			if err != nil {
				return err
			}
			_, err = c.ListAuthorizedProviders(ctx)
			return err
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "prior-auth:", err)
			os.Exit(1)
		}
	}
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "prior-auth:", err)
		os.Exit(1)
	}
}

// run is the whole flow; it writes to w.
func run(ctx context.Context, cfg config, w io.Writer) error {
	say := func(format string, args ...any) {
		if !cfg.asJSON {
			fmt.Fprintf(w, format+"\n", args...)
		}
	}
	fake := cfg.baseURL == ""
	if cfg.mock == "auto" {
		cfg.mock = "none"
		if fake {
			cfg.mock = "denied"
		}
	}
	mock, err := mockResult(cfg.mock)
	if err != nil {
		return err
	}

	// The webhook receiver: the SDK's handler verifies the JWT in
	// X-Webhook-Secret before anything is parsed.
	hooks := &hookLog{}
	secret := cfg.secret
	if fake && secret == "" {
		secret = "whsec_example_local"
	}
	var hookURL string
	if secret != "" {
		handler, err := dh.NewReceiver(secret, hooks.handle)
		if err != nil {
			return err
		}
		ln, err := net.Listen("tcp", cfg.listen)
		if err != nil {
			return fmt.Errorf("webhook receiver: %w", err)
		}
		hs := &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second}
		go func() { _ = hs.Serve(ln) }()
		defer func() { // let in-flight deliveries finish and be acknowledged
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
			defer cancel()
			if hs.Shutdown(sctx) != nil {
				_ = hs.Close()
			}
		}()
		hookURL = "http://" + ln.Addr().String() + "/webhooks/develophealth"
		say("webhook receiver listening on %s", hookURL)
	}

	var client *dh.Client
	mode := "real"
	if fake {
		mode = "fake"
		srv := develophealthtest.NewServer(
			develophealthtest.WithStepInterval(max(cfg.poll*3/4, 10*time.Millisecond)),
			develophealthtest.WithWebhook(hookURL, secret))
		defer srv.Close()
		if client, err = srv.NewClient(); err != nil {
			return err
		}
		say("using the in-process fake at %s", srv.URL)
	} else {
		if cfg.token == "" {
			return errors.New("DEVELOPHEALTH_BASE_URL is set: DEVELOPHEALTH_API_TOKEN is required")
		}
		if client, err = dh.NewClient(cfg.token, rxbridge.WithBaseURL(cfg.baseURL), rxbridge.WithUserAgent("rxbridge-example-prior-auth")); err != nil {
			return err
		}
		say("using %s", cfg.baseURL)
		if hookURL == "" {
			say("DEVELOPHEALTH_WEBHOOK_SECRET is unset: not receiving webhooks")
		}
	}

	req, err := develophealthtest.PriorAuthRequestExample()
	if err != nil {
		return err
	}
	req.MockResult = mock
	created, err := client.CreatePriorAuthorization(ctx, req)
	if err != nil {
		var e *dh.Error
		switch {
		case errors.Is(err, dh.ErrOutcomeUnknown):
			return fmt.Errorf("the create may have succeeded (answer lost): check before retrying: %w", err)
		case errors.Is(err, dh.ErrPrescriptionMessageAlreadyLinked) && errors.As(err, &e):
			return fmt.Errorf("already submitted as %s: %w", e.ExistingPriorAuthRequestID, err)
		}
		return err
	}
	say("created prior authorization %s", created.ID)

	sum := summary{Mode: mode, ID: created.ID, Webhooks: []webhookSeen{}}
	pa, err := client.WaitPriorAuthorization(ctx, created.ID, dh.WaitOptions{
		Interval: cfg.poll,
		OnUpdate: func(p *dh.PriorAuthorization) {
			sum.Statuses = append(sum.Statuses, string(p.Status))
			say("  status: %s", p.Status)
		},
	})
	if err != nil {
		return fmt.Errorf("waiting for %s: %w", created.ID, err)
	}
	sum.Status, sum.Outcome, sum.DenialReasonAnalysis = string(pa.Status), &pa.Outcome, pa.DenialReasonAnalysis
	say("outcome: %s (%s)", pa.Outcome.Result, pa.Outcome.DetailCode())
	if d := pa.Outcome.Detail(); d != "" {
		say("  detail: %s", d)
	}
	if a := pa.Outcome.Approved; a != nil && a.AuthorizationExpiration != nil {
		say("  authorized until %s", a.AuthorizationExpiration)
	}
	if a := pa.DenialReasonAnalysis; a != nil {
		say("denial analysis:")
		say("  categories: %s", strings.Join(a.Categories, ", "))
		say("  explanation: %s", a.Explanation)
		say("  next steps: %s — %s", a.NextSteps, a.NextStepsExplanation)
	}

	// The terminal status change arrives as a webhook too.
	if hookURL != "" {
		wait := cfg.timeout
		if fake {
			wait = 10 * time.Second
		}
		if ev := hooks.waitTerminal(ctx, created.ID, wait); ev != nil {
			say("webhook %s received: status %s", ev.Type(), ev.PriorAuthorization.Status)
		} else {
			say("no terminal webhook received")
		}
		for _, ev := range hooks.all() {
			seen := webhookSeen{EventType: string(ev.Type()), EventID: ev.EventID}
			if ev.PriorAuthorization != nil {
				seen.Status = string(ev.PriorAuthorization.Status)
			}
			sum.Webhooks = append(sum.Webhooks, seen)
		}
		say("%d webhook(s) verified and received", len(sum.Webhooks))
	}
	if cfg.asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(sum)
	}
	return nil
}

// mockResult maps -mock to a mock_result.
func mockResult(s string) (*dh.PriorAuthMockResult, error) {
	switch s {
	case "approved":
		return dh.MockApproved(dh.PriorAuthOutcomeApprovalDetailApproval), nil
	case "denied":
		return dh.MockDenied(dh.PriorAuthOutcomeDenialDetailStepTherapyCriteriaNotMet), nil
	case "other":
		return dh.MockOther(dh.PriorAuthOutcomeOtherDetailPublicCoverageInactive), nil
	case "not_submitted":
		return dh.MockNotSubmitted(dh.PriorAuthOutcomeNotSubmittedDetailEligibilityCheckError), nil
	case "none", "":
		return nil, nil
	}
	return nil, fmt.Errorf("-mock %q: want approved, denied, other, not_submitted or none", s)
}

// hookLog keeps the events the receiver accepted.
type hookLog struct {
	mu     sync.Mutex
	events []*dh.Event
	notify chan struct{}
}

func (h *hookLog) handle(_ context.Context, ev *dh.Event) error {
	h.mu.Lock()
	h.events = append(h.events, ev)
	if h.notify != nil {
		close(h.notify)
		h.notify = nil
	}
	h.mu.Unlock()
	return nil
}

func (h *hookLog) all() []*dh.Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]*dh.Event(nil), h.events...)
}

// waitTerminal waits for a webhook saying prior authorization id is
// terminal.
func (h *hookLog) waitTerminal(ctx context.Context, id string, d time.Duration) *dh.Event {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		h.mu.Lock()
		for _, ev := range h.events {
			if p := ev.PriorAuthorization; p != nil && p.ID == id && p.Status.IsTerminal() {
				h.mu.Unlock()
				return ev
			}
		}
		ch := make(chan struct{})
		h.notify = ch
		h.mu.Unlock()
		select {
		case <-ch:
		case <-timer.C:
			return nil
		case <-ctx.Done():
			return nil
		}
	}
}
