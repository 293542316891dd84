// Command quickstart runs every provider's main flow against its in-process
// fake and tells what happened, one numbered line per step, in the order
// the steps happened.
//
//	go run ./examples/quickstart          # the story of the run
//	go run ./examples/quickstart -json    # the same run as JSON
//	go run ./examples/quickstart -trace   # and the spans of the run, as a tree
//
// -json prints an array with one object per provider, in the order they
// ran: {"provider", "ok", "error" (when not ok), "duration", "steps" (the
// story's lines, in order), "result" (the flow's values: ids, statuses,
// counts)}.
//
// The exit status is non-zero if any flow fails.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// flow is one provider's end-to-end run. It tells each step in st as it
// happens and returns its values for -json.
type flow struct {
	name  string // the package
	title string // the upstream
	run   func(ctx context.Context, st *story, opts ...rxbridge.Option) (any, error)
}

// story is the steps of one flow, in the order they happened.
type story struct{ steps []string }

// step adds the next step.
func (s *story) step(format string, args ...any) {
	s.steps = append(s.steps, fmt.Sprintf(format, args...))
}

// result is what the run reports for a flow.
type result struct {
	Provider string   `json:"provider"`
	OK       bool     `json:"ok"`
	Error    string   `json:"error,omitempty"`
	Duration string   `json:"duration"`
	Steps    []string `json:"steps"`
	Result   any      `json:"result,omitempty"`
}

func main() {
	asJSON := flag.Bool("json", false, "print the run as JSON (one object per provider)")
	withTrace := flag.Bool("trace", false, "print the spans of the run (rxbridge.WithTelemetry) as a tree")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: quickstart [-json] [-trace]\n\nRuns every provider's main flow against its in-process fake; it reads no environment.\n\nFlags:")
		flag.PrintDefaults()
	}
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if !*withTrace {
		os.Exit(run(ctx, os.Stdout, *asJSON, flows()))
	}
	rec := newTraceRecorder()
	code := run(ctx, os.Stdout, *asJSON, flows(), rec.option())
	rec.print(os.Stdout)
	os.Exit(code)
}

// flows lists the provider flows, in the order they run.
func flows() []flow {
	return []flow{
		{name: "cvsspecialty", title: "CVS Specialty referrals", run: runCVSSpecialty},
		{name: "mhv", title: "My HealtheVet prescriptions", run: runMHV},
		{name: "develophealth", title: "Develop Health prior authorization", run: runDevelophealth},
		{name: "carevalidate", title: "CareValidate cases and webhooks", run: runCarevalidate},
		{name: "allcarefhir", title: "AllCare Patient Access, FHIR", run: runAllcarefhir},
	}
}

// run executes the flows and writes their story (or JSON); it returns the
// exit code.
func run(ctx context.Context, w io.Writer, asJSON bool, fs []flow, opts ...rxbridge.Option) int {
	results := make([]result, 0, len(fs))
	failed := 0
	if !asJSON {
		fmt.Fprintln(w, "rxbridge quickstart: each provider's main flow, against its in-process fake")
	}
	for _, f := range fs {
		st := &story{}
		start := time.Now()
		out, err := f.run(ctx, st, opts...)
		r := result{Provider: f.name, OK: err == nil, Duration: time.Since(start).Round(time.Millisecond).String(),
			Steps: st.steps, Result: out}
		if r.Steps == nil {
			r.Steps = []string{}
		}
		if err != nil {
			r.Error = err.Error()
			failed++
		}
		results = append(results, r)
		if !asJSON {
			tell(w, f, r)
		}
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			return 1
		}
	}
	if failed > 0 {
		return 1
	}
	return 0
}

// tell writes one flow's story: a title, then its steps numbered in the
// order they happened, then how it ended.
func tell(w io.Writer, f flow, r result) {
	fmt.Fprintf(w, "\n%s (%s)\n", f.title, f.name)
	for i, s := range r.Steps {
		fmt.Fprintf(w, "  %d. %s\n", i+1, s)
	}
	if r.OK {
		fmt.Fprintf(w, "  done in %s\n", r.Duration)
	} else {
		fmt.Fprintf(w, "  FAILED: %s\n", r.Error)
	}
}
