package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// line is one benchmark's result in one round of a canned output.
type line struct {
	name   string
	ns     float64
	allocs int
	extra  string // more "value unit" pairs
}

// canned builds `go test -bench` output as benchratio's rounds write it:
// a "round: N" line, then every package's results for that round.
// rounds[i] lists round i+1's results of the package pkg.
func canned(pkg string, withRounds bool, rounds ...[]line) string {
	var b strings.Builder
	for i, r := range rounds {
		if withRounds {
			fmt.Fprintf(&b, "round: %d\n", i+1)
		}
		fmt.Fprintf(&b, "goos: linux\ngoarch: amd64\npkg: github.com/rxbridge/rxbridge-go/%s\ncpu: test\n", pkg)
		for _, l := range r {
			fmt.Fprintf(&b, "Benchmark%s-2 \t 1000\t %.0f ns/op\t 5000 B/op\t %d allocs/op%s\n", l.name, l.ns, l.allocs, l.extra)
		}
		fmt.Fprintf(&b, "PASS\nok  \tgithub.com/rxbridge/rxbridge-go/%s\t1.0s\n", pkg)
	}
	return b.String()
}

// trio is one round of a pair and its twin; load scales every member of
// the round alike, as a busy machine would.
func trio(name string, sdk, hand, twin, load float64, sdkAllocs, handAllocs int) []line {
	return []line{
		{name: name, ns: sdk * load, allocs: sdkAllocs},
		{name: name + "Handwritten", ns: hand * load, allocs: handAllocs},
		{name: name + "Retryablehttp", ns: twin * load, allocs: handAllocs},
	}
}

// summaryOf parses and summarizes in, returning the printed summary and
// whether a target was missed.
func summaryOf(t *testing.T, in string) (string, bool) {
	t.Helper()
	s, err := parse(strings.NewReader(in), "canned")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	missed := s.write(&out)
	return out.String(), missed
}

// row returns the summary's line for the named benchmark.
func row(t *testing.T, out, name string) string {
	t.Helper()
	for l := range strings.Lines(out) {
		if f := strings.Fields(l); len(f) > 1 && f[1] == name {
			return l
		}
	}
	t.Fatalf("no row for %s in:\n%s", name, out)
	return ""
}

// loads is how much a busy machine slows every member of a round: it
// varies 3-fold between rounds.
var loads = []float64{1, 2.5, 1.2, 3, 1.1, 2, 1.4, 2.8, 1, 1.6}

func TestOverTargetFails(t *testing.T) {
	var rounds [][]line
	for i, l := range loads {
		rounds = append(rounds, trio("Slow", 2000+float64(i), 1000, 1000, l, 150, 100))
	}
	out, missed := summaryOf(t, canned("mhv", true, rounds...))
	if !missed {
		t.Errorf("the SDK at 2x its baseline in every round must fail:\n%s", out)
	}
	r := row(t, out, "Slow")
	for _, want := range []string{"2.00 [", "OVER", "1.50 [1.50, 1.50] OVER"} {
		if !strings.Contains(r, want) {
			t.Errorf("row lacks %q: %s", want, r)
		}
	}
	if !strings.Contains(out, "verdict: 0 ok, 0 within noise, 3 OVER target") {
		t.Errorf("verdict line:\n%s", out)
	}
}

// A load that changes 3-fold between rounds does not move the paired
// ratios: every round's members met the same load.
func TestRatiosArePairedByRound(t *testing.T) {
	var rounds [][]line
	for _, l := range loads {
		rounds = append(rounds, trio("Fast", 980, 1000, 1000, l, 100, 100))
	}
	out, missed := summaryOf(t, canned("mhv", true, rounds...))
	if missed {
		t.Errorf("the SDK at 0.98x must pass:\n%s", out)
	}
	r := row(t, out, "Fast")
	if got := strings.Count(r, "0.98 [0.98, 0.98] ok"); got != 2 {
		t.Errorf("want both time ratios at exactly 0.98, ok: %s", r)
	}
	if !strings.Contains(r, "1.00 [1.00, 1.00] ok") {
		t.Errorf("allocs ratio: %s", r)
	}
}

// A round whose baseline result is missing (a failed or skipped run) does
// not shift the pairing of the later rounds.
func TestMissingRunDoesNotShiftPairs(t *testing.T) {
	var rounds [][]line
	for i, l := range loads {
		tr := trio("Fast", 980, 1000, 1000, l, 100, 100)
		if i == 2 {
			tr = []line{tr[0], tr[2]}
		}
		rounds = append(rounds, tr)
	}
	out, _ := summaryOf(t, canned("mhv", true, rounds...))
	r := row(t, out, "Fast")
	if !strings.Contains(r, "  9  ") || !strings.Contains(r, "0.98 [0.98, 0.98] ok") {
		t.Errorf("want 9 exact pairs at 0.98: %s", r)
	}
}

// An interval that straddles the target is "within noise", not a failure.
func TestStraddlingIsWithinNoise(t *testing.T) {
	sdk := []float64{950, 1150, 1000, 1120, 980, 1100, 1020, 1090, 960, 1130}
	var rounds [][]line
	for i, l := range loads {
		rounds = append(rounds, trio("Noisy", sdk[i], 1000, 1100, l, 100, 100))
	}
	out, missed := summaryOf(t, canned("carevalidate", true, rounds...))
	if missed {
		t.Errorf("an interval straddling the target must not fail:\n%s", out)
	}
	r := row(t, out, "Noisy")
	if !strings.Contains(r, "within noise") {
		t.Errorf("want within noise: %s", r)
	}
}

// With fewer rounds than a finite interval needs, nothing can be judged
// over target, however far off the medians are.
func TestTooFewRoundsNeverFail(t *testing.T) {
	var rounds [][]line
	for _, l := range loads[:3] {
		rounds = append(rounds, trio("Slow", 3000, 1000, 1000, l, 300, 100))
	}
	out, missed := summaryOf(t, canned("mhv", true, rounds...))
	if missed {
		t.Errorf("3 rounds must not fail:\n%s", out)
	}
	if r := row(t, out, "Slow"); !strings.Contains(r, "3.00 [-∞, +∞] within noise") {
		t.Errorf("want an infinite interval: %s", r)
	}
	if !strings.Contains(out, "note: 3 rounds") {
		t.Errorf("want a note on the rounds:\n%s", out)
	}
}

// Webhook receivers have their own target (1.10x) and no twin.
func TestReceiverTarget(t *testing.T) {
	var rounds [][]line
	for i, l := range loads {
		rounds = append(rounds, []line{
			{name: "Receiver", ns: (1080 + float64(i)) * l, allocs: 300},
			{name: "ReceiverHandwritten", ns: 1000 * l, allocs: 200},
		})
	}
	out, missed := summaryOf(t, canned("develophealth", true, rounds...))
	if missed {
		t.Errorf("a receiver at 1.08x meets its 1.10x target:\n%s", out)
	}
	r := row(t, out, "Receiver")
	if !strings.Contains(r, "1.08 [") || !strings.Contains(r, "] ok") || strings.Contains(r, "OVER") || !strings.Contains(r, "1.50 [1.50, 1.50]") {
		t.Errorf("receiver row: %s", r)
	}
}

// A lossless round trip X pairs with XMapAny (encoding/json into
// map[string]any) under its own target, 1.00x: 1.02x is over it.
func TestMapAnyTarget(t *testing.T) {
	var rounds [][]line
	for i, l := range loads {
		rounds = append(rounds, []line{
			{name: "CorpusRoundTrip", ns: (1020 + float64(i)) * l, allocs: 100},
			{name: "CorpusRoundTripMapAny", ns: 1000 * l, allocs: 400},
		})
	}
	out, missed := summaryOf(t, canned("allcarefhir", true, rounds...))
	if !missed {
		t.Errorf("a round trip at 1.02x misses its 1.00x target:\n%s", out)
	}
	r := row(t, out, "CorpusRoundTrip")
	if !strings.Contains(r, "1.02 [") || !strings.Contains(r, "OVER") || !strings.Contains(r, "0.25 [0.25, 0.25]") {
		t.Errorf("round-trip row: %s", r)
	}
	if !strings.Contains(out, "map[string]any") || strings.Contains(out, "CorpusRoundTripMapAny ") {
		t.Errorf("the baseline is listed as a pair, not as another benchmark:\n%s", out)
	}
}

// `go test -count N` output (no rounds) is summarized, with a note that
// its runs did not alternate.
func TestRepeatedRunsAreNoted(t *testing.T) {
	var r []line
	for range 10 {
		r = append(r, line{name: "Fast", ns: 1000, allocs: 100})
	}
	for range 10 {
		r = append(r, line{name: "FastHandwritten", ns: 1000, allocs: 100})
	}
	out, _ := summaryOf(t, canned("mhv", false, r))
	if !strings.Contains(out, "did not alternate") {
		t.Errorf("want a note on -count runs:\n%s", out)
	}
	if row := row(t, out, "Fast"); !strings.Contains(row, "no data") {
		t.Errorf("no twin: want no data for its ratio: %s", row)
	}
}

// Benchmarks without a twin are listed with every figure.
func TestOtherBenchmarks(t *testing.T) {
	var rounds [][]line
	for range 6 {
		rounds = append(rounds, []line{{name: "ColdStartThousandGoroutines", ns: 2e8, allocs: 5000, extra: "\t 1.000 sessions/op"}})
	}
	out, missed := summaryOf(t, canned("mhv", true, rounds...))
	if missed {
		t.Error("no pair, no failure")
	}
	r := row(t, out, "ColdStartThousandGoroutines")
	for _, want := range []string{"200000000 ns/op [200000000, 200000000]", "1 sessions/op [1, 1]", "5000 allocs/op"} {
		if !strings.Contains(r, want) {
			t.Errorf("row lacks %q: %s", want, r)
		}
	}
}

// The exit status: 1 only when a target is missed, 2 when the input
// cannot be read, 0 otherwise.
func TestExitStatus(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var slow, fast [][]line
	for _, l := range loads {
		slow = append(slow, trio("X", 2000, 1000, 1000, l, 100, 100))
		fast = append(fast, trio("X", 900, 1000, 1000, l, 100, 100))
	}
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"-in", write("slow.txt", canned("mhv", true, slow...))}, 1},
		{[]string{"-in", write("fast.txt", canned("mhv", true, fast...))}, 0},
		{[]string{"-in", filepath.Join(dir, "missing.txt")}, 2},
		{[]string{"-rounds", "0"}, 2},
		{[]string{"-nosuchflag"}, 2},
	} {
		var out, errOut bytes.Buffer
		if got := run(c.args, &out, &errOut); got != c.want {
			t.Errorf("%v: exit %d, want %d\n%s%s", c.args, got, c.want, out.String(), errOut.String())
		}
	}
}
