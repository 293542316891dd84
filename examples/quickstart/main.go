// Command quickstart runs every provider's main flow against its in-process
// fake and prints a summary. Each provider adds its flow to the flows list
// as its package lands.
//
//	go run ./examples/quickstart          # readable summary
//	go run ./examples/quickstart -json    # the results as JSON
//	go run ./examples/quickstart -trace   # and the spans of the run, as a tree
//
// The exit status is non-zero if any flow fails.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// flow is one provider's end-to-end run.
type flow struct {
	name string
	run  func(ctx context.Context, opts ...rxbridge.Option) (any, error)
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

// facts renders a flow's result as readable lines: its scalar fields as
// "key: value", lists by their size (or, when short, their items).
func facts(v any) []string {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // ids print as written, not as 2.2e+07
	if dec.Decode(&m) != nil {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		switch x := m[k].(type) {
		case []any:
			parts := make([]string, 0, len(x))
			for _, it := range x {
				parts = append(parts, fmt.Sprint(it))
			}
			line := strings.Join(parts, ", ")
			if len(line) > 100 {
				line = fmt.Sprintf("%d items", len(x))
			}
			out = append(out, fmt.Sprintf("%s: [%s]", k, line))
		case map[string]any:
			out = append(out, fmt.Sprintf("%s: %d fields", k, len(x)))
		default:
			out = append(out, fmt.Sprintf("%s: %v", k, x))
		}
	}
	return out
}

// run executes the flows and writes the summary; it returns the exit code.
func run(ctx context.Context, w io.Writer, asJSON bool, fs []flow, opts ...rxbridge.Option) int {
	results := make([]result, 0, len(fs))
	failed := 0
	for _, f := range fs {
		start := time.Now()
		out, err := f.run(ctx, opts...)
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
			fmt.Fprintf(w, "  %-14s %-7s %s\n", r.Provider, r.Duration, status)
			if r.OK {
				for _, line := range facts(r.Result) {
					fmt.Fprintf(w, "      %s\n", line)
				}
			}
		}
	}
	if failed > 0 {
		return 1
	}
	return 0
}
