// Command benchratio runs the module's benchmarks in interleaved rounds and
// summarizes them against the targets of DESIGN.md ("Numbers we hold
// ourselves to"):
//
//	go run ./internal/benchratio                 # 10 rounds of every benchmark
//	go run ./internal/benchratio -rounds 20 -bench 'Receiver' ./carevalidate
//	go run ./internal/benchratio -in bench.txt   # summarize a saved output
//
// # Pairs
//
// In one package, a benchmark X with a twin XHandwritten forms a pair: the
// SDK call X against the same call written by hand with net/http and
// encoding/json into plain structs of its own, reading the same bytes from
// the same loopback server. A third twin XRetryablehttp does the hand-written
// call through go-retryablehttp's default client. Pairs whose name starts
// with Receiver are webhook receivers against a minimal net/http handler
// doing the same check and decode. A benchmark X with a twin XMapAny is a
// lossless FHIR decode and re-encode against encoding/json into
// map[string]any (target: no slower). Every other benchmark is listed with its
// medians (cold-start token and session counts, the CVS intake's bytes per
// image byte, FHIR paging memory, ...).
//
// # Interleaving
//
// `go test -count N` does not interleave: it runs each benchmark N times in
// a row before the next one starts, so a load that comes and goes lands on
// one member of a pair and not on the other. benchratio instead runs
// `go test -run '^$' -bench RE -benchmem -count 1` once per round, -rounds
// times. Within a round each package runs its benchmarks in source order,
// and the members of a pair are declared back to back, so the rounds run
// X, XHandwritten, XRetryablehttp, X, XHandwritten, XRetryablehttp, ...
// (one -benchtime each). The round's number is written into the output as a
// "round: N" configuration line. The members of a pair measured in the same
// round met the same machine load, so the summary divides them round by
// round (paired ratios) and never compares unrelated medians. One bias is
// left: within its test binary the SDK benchmark always runs first. Go
// reports only a benchmark's final, longest run (after its N=1 and ramp-up
// runs), which keeps the warm-up out of the figures; a very short
// -benchtime (a fixed count like 50x) shrinks that margin.
//
// # Statistics
//
// The output is parsed with golang.org/x/perf/benchfmt. For every pair it
// prints the median of the paired ratios SDK/hand-written time,
// SDK/go-retryablehttp time and SDK/hand-written allocations, each with its
// distribution-free 95 % confidence interval from
// golang.org/x/perf/benchmath (AssumeNothing, as benchstat). At least 6
// rounds are needed for a finite interval; 10 or more are advised.
//
// # Verdicts and exit status
//
// Each ratio with a target is "ok" when its whole interval is at or below
// the target, "within noise" when the interval straddles the target (more
// rounds, or a quieter machine, would decide), and "OVER" when the whole
// interval is above it: the measurements then say the target is missed,
// and benchratio exits 1. Targets: SDK calls at most 1.05× hand-written
// time and 1.25× its allocations, and at most 1.0× the go-retryablehttp
// twin's time; webhook receivers at most 1.10× the minimal handler's time
// (their allocations are shown without a target). Too few rounds give an
// infinite interval, which is never OVER. benchratio exits 2 when the
// benchmarks cannot be run or read.
//
// Without -in, the raw benchmark output passes through to standard output
// (save it with tee to summarize it again with -in) and the summary follows
// it. Run on a quiet machine: under load the intervals widen.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main with its arguments and outputs; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("benchratio", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rounds := fs.Int("rounds", 10, "interleaved rounds: `go test -count 1` runs of every selected benchmark")
	bench := fs.String("bench", ".", "benchmarks to run (go test -bench)")
	benchtime := fs.String("benchtime", "1s", "go test -benchtime of each benchmark in each round")
	in := fs.String("in", "", "summarize this saved benchmark output (- for standard input) instead of running")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./internal/benchratio [-rounds N] [-bench RE] [-benchtime T] [packages]\n       go run ./internal/benchratio -in FILE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var data []byte
	var err error
	switch {
	case *in == "-":
		data, err = io.ReadAll(os.Stdin)
	case *in != "":
		data, err = os.ReadFile(*in)
	default:
		if *rounds < 1 {
			fmt.Fprintln(stderr, "benchratio: -rounds must be at least 1")
			return 2
		}
		pkgs := fs.Args()
		if len(pkgs) == 0 {
			pkgs = []string{"./..."}
		}
		data, err = runRounds(stdout, stderr, *rounds, *bench, *benchtime, pkgs)
	}
	if err != nil {
		fmt.Fprintln(stderr, "benchratio:", err)
		return 2
	}
	s, err := parse(bytes.NewReader(data), *in)
	if err != nil {
		fmt.Fprintln(stderr, "benchratio:", err)
		return 2
	}
	if s.write(stdout) {
		return 1
	}
	return 0
}

// runRounds runs the benchmarks rounds times, one `go test -count 1` per
// round, copying the output to out, and returns it with a "round: N"
// configuration line before each round's.
func runRounds(out, stderr io.Writer, rounds int, bench, benchtime string, pkgs []string) ([]byte, error) {
	var all bytes.Buffer
	w := io.MultiWriter(out, &all)
	for i := 1; i <= rounds; i++ {
		fmt.Fprintf(w, "round: %d\n", i)
		args := append([]string{"test", "-run", "^$", "-bench", bench, "-benchmem", "-count", "1", "-benchtime", benchtime}, pkgs...)
		cmd := exec.Command("go", args...)
		cmd.Stdout, cmd.Stderr = w, stderr
		if err := cmd.Run(); err != nil {
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				return nil, fmt.Errorf("round %d: go test failed (%v); see its output above", i, err)
			}
			return nil, fmt.Errorf("round %d: %w", i, err)
		}
	}
	return all.Bytes(), nil
}
