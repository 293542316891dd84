// Command quickstart runs every provider's main flow against its in-process
// fake and prints a summary. Each provider adds its flow to the flows list
// as its package lands.
//
//	go run ./examples/quickstart          # readable summary
//	go run ./examples/quickstart -json    # the results as JSON
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
)

// flow is one provider's end-to-end run.
type flow struct {
	name string
	run  func(ctx context.Context) (any, error)
}

// result is what the summary prints for a flow.
type result struct {
	Provider string `json:"provider"`
	OK       bool   `json:"ok"`
	Error    string `json:"error,omitempty"`
	Duration string `json:"duration"`
	Result   any    `json:"result,omitempty"`
}

func main() {
	asJSON := flag.Bool("json", false, "print the results as JSON")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	os.Exit(run(ctx, os.Stdout, *asJSON, flows()))
}

// flows lists the provider flows that have landed.
func flows() []flow {
	return []flow{
		{name: "cvsspecialty", run: runCVSSpecialty},
		{name: "mhv", run: runMHV},
		{name: "develophealth", run: runDevelophealth},
		{name: "carevalidate", run: runCarevalidate},
		{name: "allcarefhir", run: runAllcarefhir},
	}
}

// run executes the flows and writes the summary; it returns the exit code.
func run(ctx context.Context, w io.Writer, asJSON bool, fs []flow) int {
	results := make([]result, 0, len(fs))
	failed := 0
	for _, f := range fs {
		start := time.Now()
		out, err := f.run(ctx)
		r := result{Provider: f.name, OK: err == nil, Duration: time.Since(start).Round(time.Millisecond).String(), Result: out}
		if err != nil {
			r.Error = err.Error()
			failed++
		}
		results = append(results, r)
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			return 1
		}
	} else {
		fmt.Fprintln(w, "rxbridge quickstart: every provider's flow against its in-process fake")
		if len(results) == 0 {
			fmt.Fprintln(w, "  no provider flows have landed yet")
		}
		for _, r := range results {
			status := "ok"
			if !r.OK {
				status = "FAILED: " + r.Error
			}
			fmt.Fprintf(w, "  %-16s %-8s %s\n", r.Provider, r.Duration, status)
		}
	}
	if failed > 0 {
		return 1
	}
	return 0
}
