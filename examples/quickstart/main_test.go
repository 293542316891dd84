package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

func TestQuickstartRuns(t *testing.T) {
	var out bytes.Buffer
	if code := run(context.Background(), &out, false, flows()); code != 0 {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
	for _, f := range flows() {
		if !bytes.Contains(out.Bytes(), []byte(f.name)) {
			t.Errorf("summary lacks %s", f.name)
		}
	}
	if got := facts(map[string]any{"id": 22000101, "list": []string{"a", "b"}, "ok": true}); len(got) != 3 || got[0] != "id: 22000101" || got[1] != "list: [a, b]" {
		t.Errorf("facts: %q", got)
	}
	var js bytes.Buffer
	if code := run(context.Background(), &js, true, flows()); code != 0 {
		t.Fatalf("exit %d", code)
	}
	var results []result
	if err := json.Unmarshal(js.Bytes(), &results); err != nil {
		t.Fatalf("-json output: %v", err)
	}
	if len(results) != len(flows()) {
		t.Fatalf("%d results for %d flows", len(results), len(flows()))
	}
}

func TestQuickstartFailsWhenAFlowFails(t *testing.T) {
	var out bytes.Buffer
	fs := []flow{{name: "broken", run: func(context.Context, ...rxbridge.Option) (any, error) { return nil, errors.New("boom") }}}
	if code := run(context.Background(), &out, false, fs); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !bytes.Contains(out.Bytes(), []byte("FAILED: boom")) {
		t.Fatalf("summary: %s", out.String())
	}
}
