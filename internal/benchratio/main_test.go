package main

import (
	"bytes"
	"strings"
	"testing"
)

const sampleOutput = `goos: linux
pkg: github.com/rxbridge/rxbridge-go/internal/httpx
BenchmarkGET-2            	   48172	     49000 ns/op	   10828 B/op	     118 allocs/op
BenchmarkGET-2            	   48172	     51000 ns/op	   10828 B/op	     118 allocs/op
BenchmarkGETHandwritten-2 	   49496	     47000 ns/op	   10421 B/op	     107 allocs/op
BenchmarkGETHandwritten-2 	   49496	     47000 ns/op	   10421 B/op	     107 allocs/op
pkg: github.com/rxbridge/rxbridge-go/mhv
BenchmarkColdStart-2      	      20	 235000000 ns/op	         1.000 sessions/op
BenchmarkSlow-2           	     100	      2000 ns/op	     100 B/op	       1 allocs/op
BenchmarkSlowHandwritten-2	     100	      1000 ns/op	     100 B/op	       1 allocs/op
ok  	github.com/rxbridge/rxbridge-go/mhv	1.0s
`

func TestSummary(t *testing.T) {
	var pass bytes.Buffer
	res, order, err := parse(strings.NewReader(sampleOutput), &pass)
	if err != nil {
		t.Fatal(err)
	}
	if pass.String() != sampleOutput {
		t.Fatal("the benchmark output must pass through unchanged")
	}
	var out bytes.Buffer
	ok := summarize(&out, res, order)
	s := out.String()
	if ok {
		t.Error("BenchmarkSlow is 2x its hand-written twin: the summary must fail")
	}
	for _, want := range []string{
		"internal/httpx         GET", "50000", "1.06", // median 50000 vs 47000
		"ColdStart", "1 sessions/op",
		"Slow", "2.00", "OVER TARGET",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}
