// Command carevalidate-webhook runs a CareValidate case-update receiver on a
// local port, creates a case and prints the events it receives as the case
// moves through its life.
//
// By default it runs against the in-process fake (carevalidatetest), which
// drives the case from creation to archiving and delivers signed webhooks;
// the program exits 0 once the case is closed.
//
//	go run ./examples/carevalidate-webhook
//	go run ./examples/carevalidate-webhook -json
//
// Against a real CareValidate (staging is advised), set the variables and
// register the receiver's public URL (a tunnel to -addr) with the same
// header name and secret in CareValidate's webhook settings:
//
//	CAREVALIDATE_BASE_URL=https://api-staging.care360-next.carevalidate.com \
//	CAREVALIDATE_API_KEY=... CAREVALIDATE_WEBHOOK_HEADER=X-Partner-Auth CAREVALIDATE_WEBHOOK_SECRET=... \
//	go run ./examples/carevalidate-webhook -addr :8080 -email test.patient@example.com
//
// With -email it creates a test case for that address and exits once the
// case is closed; without it, it prints every event until -timeout or
// Ctrl-C. -signing-key (or CAREVALIDATE_SIGNING_KEY) also checks the
// x-cv-signature HMAC.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/carevalidate"
	"github.com/rxbridge/rxbridge-go/carevalidate/carevalidatetest"
	"github.com/rxbridge/rxbridge-go/examples/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// config is what the flags and variables say.
type config struct {
	asJSON     bool
	addr       string
	timeout    time.Duration
	email      string
	baseURL    string
	apiKey     string
	header     string
	secret     string
	signingKey string
}

// summary is what -json prints.
type summary struct {
	Mode      string                `json:"mode"`
	CaseID    string                `json:"caseId,omitempty"`
	Events    []*carevalidate.Event `json:"events"`
	FinalCase *carevalidate.Case    `json:"finalCase,omitempty"`
}

// run is the program; it returns the exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("carevalidate-webhook", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	fs.BoolVar(&cfg.asJSON, "json", false, "print the decoded events and the final case as JSON")
	fs.StringVar(&cfg.addr, "addr", "", "receiver address (127.0.0.1:0 with the fake, :8080 otherwise)")
	fs.DurationVar(&cfg.timeout, "timeout", 0, "give up after this long (30s with the fake, none otherwise)")
	fs.StringVar(&cfg.email, "email", "", "real server only: create a test case for this patient email")
	fs.StringVar(&cfg.signingKey, "signing-key", getenv("CAREVALIDATE_SIGNING_KEY"), "Secret Key for the x-cv-signature HMAC")
	cli.SetUsage(fs, "carevalidate-webhook [-json] [-addr host:port] [-timeout d] [-email address] [-signing-key key]", envVars)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := checkEnv(getenv); err != nil {
		fmt.Fprintln(stderr, "carevalidate-webhook:", err)
		return 2
	}
	cfg.baseURL = getenv("CAREVALIDATE_BASE_URL")
	cfg.apiKey = getenv("CAREVALIDATE_API_KEY")
	cfg.header = getenv("CAREVALIDATE_WEBHOOK_HEADER")
	cfg.secret = getenv("CAREVALIDATE_WEBHOOK_SECRET")
	var err error
	if cfg.baseURL == "" {
		err = runFake(ctx, cfg, stdout)
	} else {
		err = runReal(ctx, cfg, stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "carevalidate-webhook:", err)
		if errors.Is(err, cli.ErrConfig) {
			return 2
		}
		return 1
	}
	return 0
}

// envVars is the environment the program reads.
var envVars = []cli.Var{
	{Name: "CAREVALIDATE_BASE_URL", Help: "the API root (e.g. https://api-staging.care360-next.carevalidate.com); unset: the fake"},
	{Name: "CAREVALIDATE_API_KEY", Help: "your cv-api-key (required with CAREVALIDATE_BASE_URL)"},
	{Name: "CAREVALIDATE_WEBHOOK_HEADER", Help: "the header name registered in CareValidate's webhook settings"},
	{Name: "CAREVALIDATE_WEBHOOK_SECRET", Help: "the secret value of that header"},
	{Name: "CAREVALIDATE_SIGNING_KEY", Help: "the Secret Key of the x-cv-signature HMAC (or -signing-key)"},
}

// checkEnv refuses a half-configured environment: every variable needs
// the base URL, the base URL needs the key and a way to authenticate
// deliveries.
func checkEnv(getenv func(string) string) error {
	for _, v := range envVars[1:] {
		if err := cli.Require(getenv, v.Name, "CAREVALIDATE_BASE_URL"); err != nil {
			return err
		}
	}
	if err := cli.Require(getenv, "CAREVALIDATE_BASE_URL", "CAREVALIDATE_API_KEY"); err != nil {
		return err
	}
	if err := cli.Require(getenv, "CAREVALIDATE_WEBHOOK_HEADER", "CAREVALIDATE_WEBHOOK_SECRET"); err != nil {
		return err
	}
	return cli.Require(getenv, "CAREVALIDATE_WEBHOOK_SECRET", "CAREVALIDATE_WEBHOOK_HEADER")
}

// receiver serves a carevalidate.Receiver and hands accepted events to a
// channel.
type receiver struct {
	events chan *carevalidate.Event
	srv    *http.Server
	url    string
}

func startReceiver(addr string, cfg carevalidate.WebhookSecrets) (*receiver, error) {
	r := &receiver{events: make(chan *carevalidate.Event, 64)}
	rc, err := carevalidate.NewReceiver(cfg, func(ctx context.Context, ev *carevalidate.Event) error {
		select {
		case r.events <- ev: // "durably stored": the main loop has it
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/carevalidate/webhook", rc)
	r.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	r.url = "http://" + ln.Addr().String() + "/carevalidate/webhook"
	go func() { _ = r.srv.Serve(ln) }()
	return r, nil
}

func (r *receiver) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = r.srv.Shutdown(ctx)
}

func randomSecret() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// runFake runs everything in process: the fake drives the case.
func runFake(ctx context.Context, cfg config, stdout io.Writer) error {
	if cfg.timeout == 0 {
		cfg.timeout = 30 * time.Second
	}
	if cfg.addr == "" {
		cfg.addr = "127.0.0.1:0"
	}
	if cfg.header == "" {
		cfg.header = "X-Partner-Auth"
	}
	if cfg.secret == "" {
		cfg.secret = randomSecret()
	}
	if cfg.signingKey == "" {
		cfg.signingKey = randomSecret()
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()

	rcv, err := startReceiver(cfg.addr, carevalidate.WebhookSecrets{HeaderName: cfg.header, Secrets: []string{cfg.secret},
		SigningSecrets: []string{cfg.signingKey}})
	if err != nil {
		return err
	}
	defer rcv.close()

	fake := carevalidatetest.NewServer(carevalidatetest.WithWebhook(carevalidatetest.Webhook{
		URL: rcv.url, HeaderName: cfg.header, Secret: cfg.secret, SigningSecret: cfg.signingKey}))
	defer fake.Close()
	client, err := carevalidate.NewClient(fake.APIKey, rxbridge.WithBaseURL(fake.URL))
	if err != nil {
		return err
	}
	if !cfg.asJSON {
		fmt.Fprintf(stdout, "receiver on %s; CareValidate: in-process fake at %s\n", rcv.url, fake.URL)
	}
	res, err := client.CreateCase(ctx, syntheticCase("synthetic.patient@example.com"))
	if err != nil {
		return fmt.Errorf("create case: %w", err)
	}
	if !cfg.asJSON {
		fmt.Fprintf(stdout, "created case %s\n", res.CaseID)
	}
	lifecycle := make(chan error, 1)
	go func() { lifecycle <- fake.RunLifecycle(res.CaseID) }()

	sum, err := follow(ctx, cfg, rcv, res.CaseID, stdout)
	if err != nil {
		return err
	}
	if err := <-lifecycle; err != nil {
		return err
	}
	sum.Mode = "fake"
	return finish(ctx, cfg, client, sum, stdout)
}

// runReal listens for a real CareValidate, optionally creating a case.
func runReal(ctx context.Context, cfg config, stdout io.Writer) error {
	if cfg.apiKey == "" {
		return errors.New("CAREVALIDATE_API_KEY is required with CAREVALIDATE_BASE_URL")
	}
	if (cfg.header == "" || cfg.secret == "") && cfg.signingKey == "" {
		return fmt.Errorf("%w: set CAREVALIDATE_WEBHOOK_HEADER and CAREVALIDATE_WEBHOOK_SECRET (or -signing-key): the receiver never runs unauthenticated", cli.ErrConfig)
	}
	client, err := carevalidate.NewClient(cfg.apiKey, rxbridge.WithBaseURL(cfg.baseURL))
	if err != nil {
		return err
	}
	// A cheap authenticated call first: a wrong URL or key fails now, with
	// its cause, instead of leaving a receiver waiting for nothing.
	err = cli.Probe(ctx, "CareValidate at CAREVALIDATE_BASE_URL", func(ctx context.Context) error {
		now := time.Now()
		_, err := client.ListCases(ctx, carevalidate.ListCasesQuery{StartTime: now.Add(-time.Hour), EndTime: now, RecordsPerPage: 1})
		return err
	})
	if err != nil {
		return err
	}
	if cfg.addr == "" {
		cfg.addr = ":8080"
	}
	if cfg.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.timeout)
		defer cancel()
	}
	wc := carevalidate.WebhookSecrets{HeaderName: cfg.header}
	if cfg.header != "" {
		wc.Secrets = []string{cfg.secret}
	}
	if cfg.signingKey != "" {
		wc.SigningSecrets = []string{cfg.signingKey}
	}
	rcv, err := startReceiver(cfg.addr, wc)
	if err != nil {
		return err
	}
	defer rcv.close()
	if !cfg.asJSON {
		fmt.Fprintf(stdout, "receiver on %s (register its public URL in CareValidate's webhook settings)\n", rcv.url)
	}
	caseID := ""
	if cfg.email != "" {
		req := syntheticCase(cfg.email)
		req.IdempotencyKey = carevalidate.NewIdempotencyKey()
		res, err := client.CreateCase(ctx, req)
		if err != nil {
			return fmt.Errorf("create case: %w", err)
		}
		caseID = res.CaseID
		if !cfg.asJSON {
			fmt.Fprintf(stdout, "created case %s; waiting for it to be closed\n", caseID)
		}
	}
	sum, err := follow(ctx, cfg, rcv, caseID, stdout)
	if caseID == "" && errors.Is(err, context.DeadlineExceeded) {
		err = nil // listening only: the timeout is the end
	}
	if err != nil {
		return err
	}
	sum.Mode = "real"
	if caseID == "" {
		return printJSON(cfg, sum, stdout)
	}
	return finish(ctx, cfg, client, sum, stdout)
}

// follow prints the events of caseID (every event when "") until the case
// is closed.
func follow(ctx context.Context, cfg config, rcv *receiver, caseID string, stdout io.Writer) (*summary, error) {
	sum := &summary{CaseID: caseID, Events: []*carevalidate.Event{}}
	for {
		select {
		case <-ctx.Done():
			return sum, fmt.Errorf("stopped before the case was closed: %w", ctx.Err())
		case ev := <-rcv.events:
			if caseID != "" && ev.CaseID() != caseID {
				continue
			}
			sum.Events = append(sum.Events, ev)
			if !cfg.asJSON {
				fmt.Fprintln(stdout, describe(ev))
			}
			if caseID != "" && closed(ev) {
				return sum, nil
			}
		}
	}
}

// closed reports whether the case is closed for good: archived, or decided
// without anything to ship.
func closed(ev *carevalidate.Event) bool {
	if ev.Type() == carevalidate.EventArchiveCase {
		return true
	}
	c := ev.Case()
	return c != nil && (c.IsArchived || c.Status == carevalidate.CaseRejected || c.Status == carevalidate.CaseNoDecision)
}

// describe is one line per event: what changed, never who the patient is.
func describe(ev *carevalidate.Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  %-22s", ev.Type())
	if c := ev.Case(); c != nil {
		fmt.Fprintf(&b, " case %-10s %-11s", c.ShortID, c.Status)
	}
	a := ev.Payload.Activity
	switch {
	case ev.Payload.Decision != nil:
		d := ev.Payload.Decision
		fmt.Fprintf(&b, " decision approved=%t", d.IsApproved)
		for _, m := range d.Medicines() {
			fmt.Fprintf(&b, " %s %s %s", m.Medicine, m.Dosage, m.DosingFrequency)
		}
	case ev.Payload.Payment != nil:
		p := ev.Payload.Payment
		if c, ok := p.Amount.Cents(); ok {
			fmt.Fprintf(&b, " payment %s $%d.%02d", p.Status, c/100, c%100)
		} else {
			fmt.Fprintf(&b, " payment %s", p.Status)
		}
	case ev.Order() != nil:
		o := ev.Order()
		fmt.Fprintf(&b, " order %s", o.Status)
		if o.TrackingID != "" {
			fmt.Fprintf(&b, " tracking %s", o.TrackingID)
		}
	case ev.Payload.Attachment != nil:
		at := ev.Payload.Attachment
		n := len(at.Content) * 3 / 4
		fmt.Fprintf(&b, " attachment %s (%d bytes)", at.FileName, n)
	case ev.Type() == carevalidate.EventChangeCaseStatus && a != nil:
		fmt.Fprintf(&b, " %s -> %s", a.Before(), a.After())
	case len(ev.Payload.Assignees) > 0:
		fmt.Fprintf(&b, " assigned to %s %s", ev.Payload.Assignees[0].Assignee.FirstName, ev.Payload.Assignees[0].Assignee.LastName)
	case ev.Type() == carevalidate.EventCreateCase:
		fmt.Fprintf(&b, " %d answers", len(ev.Answers()))
	case ev.Type() == carevalidate.EventArchiveCase && a != nil:
		fmt.Fprintf(&b, " archived (%s)", a.After())
	}
	return b.String()
}

// finish reads the case back over the REST API and prints the summary.
func finish(ctx context.Context, cfg config, client *carevalidate.Client, sum *summary, stdout io.Writer) error {
	cs, err := client.GetCase(ctx, sum.CaseID, nil)
	if err != nil {
		return fmt.Errorf("get case: %w", err)
	}
	sum.FinalCase = cs
	if !cfg.asJSON {
		fmt.Fprintf(stdout, "case %s closed: status %s, archived %t, %d events received\n", cs.ShortID, cs.Status, cs.IsArchived, len(sum.Events))
		return nil
	}
	return printJSON(cfg, sum, stdout)
}

func printJSON(cfg config, sum *summary, stdout io.Writer) error {
	if !cfg.asJSON {
		return nil
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(sum)
}

// syntheticCase is a made-up intake.
func syntheticCase(email string) *carevalidate.CreateCaseRequest {
	return &carevalidate.CreateCaseRequest{
		FirstName: "Synthetic", LastName: "Patient", Email: email, FormTitle: "rxbridge example intake",
		FormDescription: "Created by the rxbridge carevalidate-webhook example",
		Questions: []carevalidate.Question{
			{QuestionID: "goal", Question: "What is your main goal?", Type: "text", Answer: "Example only"},
			{QuestionID: "consent", Question: "Is this a test case?", Type: "text", Answer: "Yes"},
		},
	}
}
