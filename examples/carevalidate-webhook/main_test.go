package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rxbridge/rxbridge-go/carevalidate"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

func noEnv(string) string { return "" }

func TestAgainstTheFake(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), nil, noEnv, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errOut.String(), out.String())
	}
	s := out.String()
	for _, want := range []string{"CREATE_CASE", "CHANGE_CASE_STATUS", "ADD_CASE_DECISION", "ORDER_TRACKING_ADDED", "ARCHIVE_CASE", "closed: status APPROVED, archived true"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "synthetic.patient@example.com") {
		t.Error("the patient's email is printed")
	}
}

func TestAgainstTheFakeJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"-json"}, noEnv, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var sum struct {
		Mode      string                `json:"mode"`
		CaseID    string                `json:"caseId"`
		Events    []*carevalidate.Event `json:"events"`
		FinalCase *carevalidate.Case    `json:"finalCase"`
	}
	if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
		t.Fatalf("-json output: %v\n%s", err, out.String())
	}
	if sum.Mode != "fake" || len(sum.Events) != 14 || sum.FinalCase == nil || !sum.FinalCase.IsArchived {
		t.Fatalf("summary: mode %q, %d events, final %+v", sum.Mode, len(sum.Events), sum.FinalCase)
	}
	if sum.Events[len(sum.Events)-1].Type() != carevalidate.EventArchiveCase {
		t.Fatalf("last event %s", sum.Events[len(sum.Events)-1].Type())
	}
}

func TestRealModeNeedsCredentials(t *testing.T) {
	env := map[string]string{"CAREVALIDATE_BASE_URL": "http://127.0.0.1:1"}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), nil, func(k string) string { return env[k] }, &out, &errOut); code != 2 ||
		!strings.Contains(errOut.String(), "CAREVALIDATE_API_KEY") {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	env["CAREVALIDATE_API_KEY"] = "k"
	errOut.Reset()
	if code := run(context.Background(), nil, func(k string) string { return env[k] }, &out, &errOut); code != 2 ||
		!strings.Contains(errOut.String(), "unauthenticated") {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	// Half-configured the other way: a key without a base URL would
	// silently run against the fake.
	errOut.Reset()
	if code := run(context.Background(), nil, func(k string) string { return map[string]string{"CAREVALIDATE_API_KEY": "k"}[k] }, &out, &errOut); code != 2 ||
		!strings.Contains(errOut.String(), "CAREVALIDATE_BASE_URL must be set") {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
}

// An unreachable CAREVALIDATE_BASE_URL used to leave a receiver waiting
// forever; now the program checks the upstream first and fails with the
// cause, before it listens.
func TestUnreachableUpstreamFailsBeforeServing(t *testing.T) {
	// Nothing listens there (connection refused), and the port is held:
	// no other test's server can take it.
	closed := "http://" + faultserver.RefusingAddr(t)
	env := map[string]string{"CAREVALIDATE_BASE_URL": closed, "CAREVALIDATE_API_KEY": "k",
		"CAREVALIDATE_WEBHOOK_HEADER": "X-Partner-Auth", "CAREVALIDATE_WEBHOOK_SECRET": "s"}
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "cannot reach CareValidate") ||
		!strings.Contains(errOut.String(), "connection refused") {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if strings.Contains(out.String(), "receiver on") {
		t.Fatalf("the receiver started: %s", out.String())
	}
}

func TestHelpListsTheEnvironment(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"-h"}, func(string) string { return "" }, &out, &errOut); code != 0 {
		t.Fatalf("-h: exit %d", code)
	}
	for _, v := range envVars {
		if !strings.Contains(errOut.String(), v.Name) {
			t.Errorf("-h does not list %s:\n%s", v.Name, errOut.String())
		}
	}
	if code := run(context.Background(), []string{"-nosuchflag"}, func(string) string { return "" }, &out, &errOut); code != 2 {
		t.Fatalf("bad flag: exit %d", code)
	}
}
