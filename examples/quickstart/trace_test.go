package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// -trace prints the run's spans as a tree: each call at the root with its
// attempts indented below it, token and session fetches with their own
// calls below them; names, durations and key attributes, never an id.
func TestQuickstartTrace(t *testing.T) {
	rec := newTraceRecorder()
	var out bytes.Buffer
	if code := run(context.Background(), &out, false, flows(), rec.option()); code != 0 {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
	out.Reset()
	rec.print(&out)
	tree := out.String()
	lines := strings.Split(tree, "\n")
	if !strings.HasPrefix(lines[0], "spans (") {
		t.Fatalf("no header:\n%s", tree)
	}
	indexOf := func(prefix string) int {
		for i, l := range lines {
			if strings.HasPrefix(l, prefix) {
				return i
			}
		}
		t.Fatalf("no line %q in:\n%s", prefix, tree)
		return -1
	}
	// A call at the root, its attempt one level below, with its facts.
	i := indexOf("  mhv.Refill  ")
	if !strings.HasPrefix(lines[i+1], "    POST prescription/rxrefill/{id}  ") ||
		!strings.Contains(lines[i], "url.template=prescription/rxrefill/{id}") || !strings.Contains(lines[i], "rxbridge.outcome=") {
		t.Errorf("mhv.Refill and its attempt:\n%s\n%s", lines[i], lines[i+1])
	}
	// The session creation is a root linked to its waiter, with its call
	// below it and that call's attempt below that.
	j := indexOf("  mhv.session.create  ")
	if !strings.Contains(lines[j], "links=1") || !strings.HasPrefix(lines[j+1], "    mhv.CreateSession  ") ||
		!strings.HasPrefix(lines[j+2], "      GET session  ") {
		t.Errorf("session creation:\n%s", strings.Join(lines[j:j+3], "\n"))
	}
	for _, root := range []string{"  cvsspecialty.Submit  ", "  cvsspecialty.token.fetch  ", "  develophealth.CreatePriorAuthorization  ",
		"  carevalidate.CreateCase  ", "  allcarefhir.token.fetch  ", "  allcarefhir.Exchange  "} {
		if !strings.Contains(tree, "\n"+root) && !strings.Contains(tree, "\n  "+root) {
			t.Errorf("no %q in the tree", strings.TrimSpace(root))
		}
	}
	// Every provider's flow has spans.
	for _, f := range flows() {
		if !strings.Contains(tree, " "+f.name+".") {
			t.Errorf("no span of %s", f.name)
		}
	}
}
