package main

import (
	"fmt"
	"io"
	"math"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
)

// Targets from DESIGN.md ("Numbers we hold ourselves to").
const (
	maxTimeVsHand      = 1.05 // SDK call / hand-written, time
	maxAllocsVsHand    = 1.25 // SDK call / hand-written, allocations
	maxTimeVsTwin      = 1.00 // SDK call / go-retryablehttp twin, time
	maxReceiverVsHand  = 1.10 // webhook receiver / minimal handler, time
	maxTimeVsMap       = 1.00 // FHIR codec round trip / encoding/json map[string]any, time
	confidence         = 0.95
	handSuffix         = "Handwritten"
	twinSuffix         = "Retryablehttp"
	mapSuffix          = "MapAny"
	receiverPrefix     = "Receiver"
	unitTime           = "sec/op"
	unitAllocs         = "allocs/op"
	minFiniteIntervals = 6 // benchmath's minimum for a finite 95 % interval of a median
)

// value is one measurement of a result line, in its original unit for
// display and benchfmt's tidied unit for lookups.
type value struct {
	unit, origUnit string
	v, orig        float64
}

// result is one result line: which round, which occurrence of the benchmark
// within that round, and its values.
type result struct {
	round string
	occ   int
	vals  []value
}

func (r result) get(unit string) (float64, bool) {
	for _, v := range r.vals {
		if v.unit == unit {
			return v.v, true
		}
	}
	return 0, false
}

// bench is every run of one benchmark of one package.
type bench struct {
	pkg, name string // name without "Benchmark" and the -GOMAXPROCS suffix
	runs      []result
}

// summary is the parsed benchmark output.
type summary struct {
	benches  []*bench // in order of first appearance
	repeated bool     // a benchmark ran more than once in one round
	rounds   int      // the largest number of runs of one benchmark
}

// parse reads `go test -bench` output (with optional "round: N"
// configuration lines) with benchfmt.
func parse(r io.Reader, fileName string) (*summary, error) {
	s := &summary{}
	byKey := map[string]*bench{}
	occ := map[string]int{}
	rd := benchfmt.NewReader(r, fileName)
	for rd.Scan() {
		res, ok := rd.Result().(*benchfmt.Result)
		if !ok {
			if e, isErr := rd.Result().(*benchfmt.SyntaxError); isErr {
				return nil, e
			}
			continue
		}
		pkg, round := res.GetConfig("pkg"), res.GetConfig("round")
		name := shortName(res.Name)
		key := pkg + "\x00" + name
		b := byKey[key]
		if b == nil {
			b = &bench{pkg: pkg, name: name}
			byKey[key] = b
			s.benches = append(s.benches, b)
		}
		rk := round + "\x00" + key
		ru := result{round: round, occ: occ[rk]}
		occ[rk]++
		if ru.occ > 0 {
			s.repeated = true
		}
		for _, v := range res.Values {
			ru.vals = append(ru.vals, value{unit: v.Unit, origUnit: v.OrigUnit, v: v.Value, orig: v.OrigValue})
		}
		b.runs = append(b.runs, ru)
		s.rounds = max(s.rounds, len(b.runs))
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// shortName drops "Benchmark" and the -GOMAXPROCS suffix.
func shortName(n benchfmt.Name) string {
	base, parts := n.Parts()
	var sb strings.Builder
	sb.Write(base)
	for _, p := range parts {
		if len(p) > 0 && p[0] == '-' {
			continue
		}
		sb.Write(p)
	}
	return strings.TrimPrefix(sb.String(), "Benchmark")
}

// ratios divides a's runs by b's, run by run: the runs of the same round
// (and the same occurrence within it) are paired.
func ratios(a, b *bench, unit string) []float64 {
	type k struct {
		round string
		occ   int
	}
	den := map[k]float64{}
	for _, r := range b.runs {
		if v, ok := r.get(unit); ok {
			den[k{r.round, r.occ}] = v
		}
	}
	var out []float64
	for _, r := range a.runs {
		v, ok := r.get(unit)
		d, found := den[k{r.round, r.occ}]
		if ok && found && d > 0 {
			out = append(out, v/d)
		}
	}
	return out
}

// verdict of one interval against its target.
type verdict int

const (
	noTarget verdict = iota
	noData
	met
	withinNoise
	over
)

func (v verdict) String() string {
	switch v {
	case noData:
		return "no data"
	case met:
		return "ok"
	case withinNoise:
		return "within noise"
	case over:
		return "OVER"
	}
	return ""
}

// stat is the median of a sample with its confidence interval and, when
// it has a target, the verdict.
type stat struct {
	n       int
	sum     benchmath.Summary
	verdict verdict
}

// summarize computes the median of xs and its 95 % interval with
// benchmath (no distributional assumption) and judges it against target
// (0: no target).
func summarize(xs []float64, target float64) stat {
	if len(xs) == 0 {
		if target == 0 {
			return stat{verdict: noTarget}
		}
		return stat{verdict: noData}
	}
	sample := benchmath.NewSample(append([]float64(nil), xs...), &benchmath.DefaultThresholds)
	st := stat{n: len(xs), sum: benchmath.AssumeNothing.Summary(sample, confidence)}
	switch {
	case target == 0:
		st.verdict = noTarget
	case st.sum.Hi <= target:
		st.verdict = met
	case st.sum.Lo > target:
		st.verdict = over
	default:
		st.verdict = withinNoise
	}
	return st
}

func (st stat) String() string {
	if st.n == 0 {
		if st.verdict == noData {
			return "no data"
		}
		return "—"
	}
	s := fmt.Sprintf("%.2f [%s, %s]", st.sum.Center, bound(st.sum.Lo), bound(st.sum.Hi))
	if st.verdict != noTarget {
		s += " " + st.verdict.String()
	}
	return s
}

func bound(x float64) string {
	switch {
	case math.IsInf(x, -1):
		return "-∞"
	case math.IsInf(x, 1):
		return "+∞"
	}
	return fmt.Sprintf("%.2f", x)
}

// pair is an SDK benchmark with its hand-written baseline and, for client
// calls, its go-retryablehttp twin; or (mapAny) a lossless decode and
// re-encode with its encoding/json map[string]any baseline (XMapAny) in
// hand.
type pair struct {
	sdk, hand, twin *bench
	receiver        bool
	mapAny          bool
}

// pairs finds the pairs by name, in order of appearance.
func (s *summary) pairs() ([]pair, map[*bench]bool) {
	byName := map[string]*bench{}
	for _, b := range s.benches {
		byName[b.pkg+"\x00"+b.name] = b
	}
	paired := map[*bench]bool{}
	var ps []pair
	for _, b := range s.benches {
		hand := byName[b.pkg+"\x00"+b.name+handSuffix]
		if hand == nil {
			if m := byName[b.pkg+"\x00"+b.name+mapSuffix]; m != nil {
				paired[b], paired[m] = true, true
				ps = append(ps, pair{sdk: b, hand: m, mapAny: true})
			}
			continue
		}
		p := pair{sdk: b, hand: hand, twin: byName[b.pkg+"\x00"+b.name+twinSuffix], receiver: strings.HasPrefix(b.name, receiverPrefix)}
		paired[p.sdk], paired[p.hand] = true, true
		if p.twin != nil {
			paired[p.twin] = true
		}
		ps = append(ps, p)
	}
	return ps, paired
}

// write prints the summary and reports whether a target was missed (a
// whole interval above it).
func (s *summary) write(w io.Writer) (missed bool) {
	ps, paired := s.pairs()
	count := map[verdict]int{}
	judge := func(st stat) stat {
		count[st.verdict]++
		return st
	}
	fmt.Fprintf(w, "\n== SDK calls vs hand-written net/http + encoding/json and the go-retryablehttp twin\n")
	fmt.Fprintf(w, "   median of the paired ratios [95 %% interval]; targets: time <= %.2fx and allocs <= %.2fx hand-written, time <= %.2fx go-retryablehttp\n",
		maxTimeVsHand, maxAllocsVsHand, maxTimeVsTwin)
	fmt.Fprintf(w, "%-14s %-34s %3s %11s  %-32s %-32s %-32s\n", "package", "call", "n", "sdk time/op", "SDK / hand-written time", "SDK / go-retryablehttp time", "SDK / hand-written allocs")
	for _, p := range ps {
		if p.receiver || p.mapAny {
			continue
		}
		t := judge(summarize(ratios(p.sdk, p.hand, unitTime), maxTimeVsHand))
		tw := stat{verdict: noData}
		if p.twin != nil {
			tw = summarize(ratios(p.sdk, p.twin, unitTime), maxTimeVsTwin)
		}
		tw = judge(tw)
		a := judge(summarize(ratios(p.sdk, p.hand, unitAllocs), maxAllocsVsHand))
		fmt.Fprintf(w, "%-14s %-34s %3d %11s  %-32s %-32s %-32s\n", shortPkg(p.sdk.pkg), p.sdk.name, t.n, medianTime(p.sdk), t, tw, a)
	}
	// Pairs judged on time alone: receivers, and FHIR round trips.
	timeOnly := func(title, column, base string, target float64, member func(pair) bool) {
		fmt.Fprintf(w, "\n== %s\n", title)
		fmt.Fprintf(w, "   median of the paired ratios [95 %% interval]; target: time <= %.2fx (allocations shown without a target)\n", target)
		fmt.Fprintf(w, "%-14s %-34s %3s %11s  %-32s %-32s\n", "package", column, "n", "sdk time/op", base+" time", base+" allocs")
		for _, p := range ps {
			if !member(p) {
				continue
			}
			t := judge(summarize(ratios(p.sdk, p.hand, unitTime), target))
			a := summarize(ratios(p.sdk, p.hand, unitAllocs), 0)
			fmt.Fprintf(w, "%-14s %-34s %3d %11s  %-32s %-32s\n", shortPkg(p.sdk.pkg), p.sdk.name, t.n, medianTime(p.sdk), t, a)
		}
	}
	timeOnly("webhook receivers vs a minimal net/http handler doing the same check and decode",
		"receiver", "SDK / handler", maxReceiverVsHand, func(p pair) bool { return p.receiver })
	timeOnly("lossless FHIR decode and re-encode vs encoding/json into map[string]any",
		"round trip", "codec / map", maxTimeVsMap, func(p pair) bool { return p.mapAny })
	fmt.Fprintf(w, "\n== other benchmarks: median [95 %% interval] of each figure\n")
	for _, b := range s.benches {
		if paired[b] {
			continue
		}
		fmt.Fprintf(w, "%-14s %-34s %3d  %s\n", shortPkg(b.pkg), b.name, len(b.runs), figures(b))
	}
	fmt.Fprintln(w)
	if s.repeated {
		fmt.Fprintln(w, "note: a benchmark ran more than once in one round (go test -count > 1): those runs did not alternate with their twins' and the ratios pair runs taken at different times. Use rounds instead (-rounds).")
	}
	if s.rounds > 0 && s.rounds < minFiniteIntervals {
		fmt.Fprintf(w, "note: %d rounds; a finite 95 %% interval needs at least %d (10 or more advised), so no ratio can be judged over target.\n", s.rounds, minFiniteIntervals)
	}
	fmt.Fprintf(w, "verdict: %d ok, %d within noise, %d OVER target, %d without data\n", count[met], count[withinNoise], count[over], count[noData])
	return count[over] > 0
}

// figures prints the median and interval of every unit of b.
func figures(b *bench) string {
	var units []value
	seen := map[string]bool{}
	for _, r := range b.runs {
		for _, v := range r.vals {
			if !seen[v.unit] {
				seen[v.unit] = true
				units = append(units, v)
			}
		}
	}
	var parts []string
	for _, u := range units {
		var xs []float64
		for _, r := range b.runs {
			for _, v := range r.vals {
				if v.unit == u.unit {
					x := v.v
					if v.origUnit != "" {
						x = v.orig
					}
					xs = append(xs, x)
				}
			}
		}
		unit := u.unit
		if u.origUnit != "" {
			unit = u.origUnit
		}
		st := summarize(xs, 0)
		parts = append(parts, fmt.Sprintf("%s %s [%s, %s]", num(st.sum.Center), unit, numBound(st.sum.Lo), numBound(st.sum.Hi)))
	}
	return strings.Join(parts, "  ")
}

func num(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.4g", x)
}

func numBound(x float64) string {
	if math.IsInf(x, 0) {
		return bound(x)
	}
	return num(x)
}

// medianTime is the SDK benchmark's median time per op, for scale.
func medianTime(b *bench) string {
	var xs []float64
	for _, r := range b.runs {
		if v, ok := r.get(unitTime); ok {
			xs = append(xs, v)
		}
	}
	if len(xs) == 0 {
		return "—"
	}
	m := summarize(xs, 0).sum.Center
	switch {
	case m >= 1:
		return fmt.Sprintf("%.2fs", m)
	case m >= 1e-3:
		return fmt.Sprintf("%.2fms", m*1e3)
	case m >= 1e-6:
		return fmt.Sprintf("%.1fµs", m*1e6)
	}
	return fmt.Sprintf("%.0fns", m*1e9)
}

func shortPkg(p string) string { return strings.TrimPrefix(p, "github.com/rxbridge/rxbridge-go/") }
