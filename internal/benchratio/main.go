// Command benchratio summarizes `go test -bench` output: for every
// benchmark X with a hand-written twin XHandwritten in the same package, it
// prints the SDK's and the hand-written median ns/op, B/op and allocs/op and
// their ratios against the targets of DESIGN.md (time <= 1.10x, allocs <=
// 1.5x); it also lists every other benchmark with its medians and custom
// metrics (tokens/op, sessions/op, peak heap, ...).
//
//	go test -run '^$' -bench . -benchmem -count 5 ./... | go run ./internal/benchratio
//
// The benchmark output passes through unchanged; the summary follows it.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Target ratios from DESIGN.md.
const (
	maxTimeRatio   = 1.10
	maxAllocsRatio = 1.5
)

// sample is one benchmark result line's metrics, by unit.
type sample map[string]float64

// results maps "pkg\x00name" to its samples.
type results map[string][]sample

func main() {
	res, order, err := parse(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchratio:", err)
		os.Exit(1)
	}
	if !summarize(os.Stdout, res, order) {
		os.Exit(1)
	}
}

// parse copies in to out and collects benchmark lines.
func parse(in io.Reader, out io.Writer) (results, []string, error) {
	res := results{}
	var order []string
	pkg := ""
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(out, line)
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(p)
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		s := sample{}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				break
			}
			s[f[i+1]] = v
		}
		key := pkg + "\x00" + name
		if _, seen := res[key]; !seen {
			order = append(order, key)
		}
		res[key] = append(res[key], s)
	}
	return res, order, sc.Err()
}

// median of one unit across samples (ok=false when no sample has it).
func median(ss []sample, unit string) (float64, bool) {
	var v []float64
	for _, s := range ss {
		if x, ok := s[unit]; ok {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return 0, false
	}
	sort.Float64s(v)
	if len(v)%2 == 1 {
		return v[len(v)/2], true
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2, true
}

// summarize prints the pairs and the rest; it reports whether every pair
// met the targets.
func summarize(w io.Writer, res results, order []string) bool {
	ok := true
	paired := map[string]bool{}
	fmt.Fprintln(w, "\n== SDK vs hand-written net/http (medians; targets: time <= 1.10x, allocs <= 1.5x)")
	fmt.Fprintf(w, "%-22s %-36s %12s %12s %6s %10s %10s %6s %8s %8s %6s\n", "package", "benchmark", "sdk ns/op", "hand ns/op", "x", "sdk B/op", "hand B/op", "x", "sdk allocs", "hand", "x")
	for _, key := range order {
		pkg, name, _ := strings.Cut(key, "\x00")
		base, isHand := strings.CutSuffix(name, "Handwritten")
		if !isHand {
			continue
		}
		sdkKey := pkg + "\x00" + base
		sdk, found := res[sdkKey]
		if !found {
			continue
		}
		hand := res[key]
		paired[key], paired[sdkKey] = true, true
		st, _ := median(sdk, "ns/op")
		ht, _ := median(hand, "ns/op")
		sb, _ := median(sdk, "B/op")
		hb, _ := median(hand, "B/op")
		sa, _ := median(sdk, "allocs/op")
		ha, _ := median(hand, "allocs/op")
		tr, br, ar := ratio(st, ht), ratio(sb, hb), ratio(sa, ha)
		flag := ""
		if tr > maxTimeRatio || ar > maxAllocsRatio {
			flag, ok = "  OVER TARGET", false
		}
		fmt.Fprintf(w, "%-22s %-36s %12.0f %12.0f %6.2f %10.0f %10.0f %6.2f %8.0f %8.0f %6.2f%s\n",
			shortPkg(pkg), strings.TrimPrefix(base, "Benchmark"), st, ht, tr, sb, hb, br, sa, ha, ar, flag)
	}
	fmt.Fprintln(w, "\n== other benchmarks (medians and custom metrics)")
	for _, key := range order {
		if paired[key] {
			continue
		}
		pkg, name, _ := strings.Cut(key, "\x00")
		units := map[string]bool{}
		for _, s := range res[key] {
			for u := range s {
				units[u] = true
			}
		}
		names := make([]string, 0, len(units))
		for u := range units {
			names = append(names, u)
		}
		sort.Strings(names)
		var parts []string
		for _, u := range names {
			v, _ := median(res[key], u)
			parts = append(parts, strconv.FormatFloat(v, 'f', -1, 64)+" "+u)
		}
		fmt.Fprintf(w, "%-22s %-36s %s\n", shortPkg(pkg), strings.TrimPrefix(name, "Benchmark"), strings.Join(parts, "  "))
	}
	return ok
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func shortPkg(p string) string { return strings.TrimPrefix(p, "github.com/rxbridge/rxbridge-go/") }
