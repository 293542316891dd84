package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// wantStory is, per provider, what its steps say, in the order the flow
// does them: each entry must be in the step with its number (1, 2, ...).
var wantStory = map[string][]string{
	"cvsspecialty": {
		"Submit the spec's sample referral with a new transactionId: accepted (the client fetched its OAuth token first: 1 token request).",
		"Status of the referral: Pending.",
		"CVS moves it on; Status again: Processing.",
		"Submit a second referral; CVS creates it but its answer is lost: ErrOutcomeUnknown",
		"Status by its transactionId: CVS has it (Pending), submitted once",
	},
	"mhv": {
		"ActivePrescriptions for the demo veteran: 4 active",
		"PrescriptionHistory: 6 prescriptions",
		"Refill prescription 22000101: accepted; MHV now shows it as submitted.",
		"Refill it again: MHV refuses it (ErrNotRefillable",
		"Tracking of prescription 22000102: 2 shipments, the latest by USPS.",
		"All of it on one session: 1 created for the veteran.",
	},
	"develophealth": {
		"Start a webhook receiver",
		"CreatePriorAuthorization with the spec's example (a sandbox mock result: denied): created pa_",
		"WaitPriorAuthorization polls it until it is completed: outcome Denied (step_therapy_criteria_not_met); next steps: Discuss with Provider.",
		"Webhooks received, verified and acknowledged, in order: processing, awaiting_outcome, completed.",
	},
	"carevalidate": {
		"Start a webhook receiver",
		"CreateCase with 2 intake answers and an idempotency key",
		"CareValidate works the case:",
		"Webhooks received, verified and processed once each: 14 events, CREATE_CASE first and ARCHIVE_CASE last; the answers (2)",
		"GetCase: case FAK-00001 is APPROVED, archived: true.",
	},
	"allcarefhir": {
		"AuthCodeURL: read the issuer's OpenID configuration",
		"The member logs in at AllCare and consents",
		"HandleCallback: state and id_token checked, code exchanged: a token for patient 00000000, 7 scopes, refresh token: true.",
		"Read the member's Patient resource: gender female.",
		"Search the member's claims (ExplanationOfBenefit), following next links: 25 claims on 3 pages.",
		"Search the formulary (drugplan is required) for brand drugs: 3.",
	},
}

// The text output is a story: per provider, a title, then one numbered
// line per step in the order the steps happened, then how it ended; the
// providers in the order they ran. No sorted key: value dump.
func TestQuickstartTellsTheStoryInOrder(t *testing.T) {
	var out bytes.Buffer
	if code := run(context.Background(), &out, false, flows()); code != 0 {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
	text := out.String()
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if lines[0] != "rxbridge quickstart: each provider's main flow, against its in-process fake" {
		t.Fatalf("first line: %q", lines[0])
	}
	numbered := regexp.MustCompile(`^  (\d+)\. (.*)$`)
	pos := 1
	for _, f := range flows() {
		// Skip to the provider's title, which must come after the previous one.
		title := f.title + " (" + f.name + ")"
		for pos < len(lines) && lines[pos] != title {
			if strings.TrimSpace(lines[pos]) != "" {
				t.Fatalf("unexpected line %d before %q: %q\n%s", pos, title, lines[pos], text)
			}
			pos++
		}
		if pos == len(lines) {
			t.Fatalf("no title %q (or out of order):\n%s", title, text)
		}
		pos++
		want := wantStory[f.name]
		for i, w := range want {
			if pos >= len(lines) {
				t.Fatalf("%s: step %d missing:\n%s", f.name, i+1, text)
			}
			m := numbered.FindStringSubmatch(lines[pos])
			if m == nil || m[1] != strconv.Itoa(i+1) {
				t.Fatalf("%s: line %q is not step %d:\n%s", f.name, lines[pos], i+1, text)
			}
			if !strings.HasPrefix(m[2], w) {
				t.Errorf("%s step %d = %q, want it to start with %q", f.name, i+1, m[2], w)
			}
			pos++
		}
		if pos >= len(lines) || !strings.HasPrefix(lines[pos], "  done in ") {
			t.Fatalf("%s: after its %d steps, want \"done in\", got %q:\n%s", f.name, len(want), lines[pos], text)
		}
		pos++
	}
	if pos != len(lines) {
		t.Errorf("lines after the last provider: %q", lines[pos:])
	}
}

// -json stays machine-readable: one object per provider in run order, with
// the same steps and the flow's values.
func TestQuickstartJSON(t *testing.T) {
	var js bytes.Buffer
	if code := run(context.Background(), &js, true, flows()); code != 0 {
		t.Fatalf("exit %d", code)
	}
	var results []struct {
		Provider string          `json:"provider"`
		OK       bool            `json:"ok"`
		Error    string          `json:"error"`
		Duration string          `json:"duration"`
		Steps    []string        `json:"steps"`
		Result   json.RawMessage `json:"result"`
	}
	dec := json.NewDecoder(&js)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&results); err != nil {
		t.Fatalf("-json output: %v", err)
	}
	if len(results) != len(flows()) {
		t.Fatalf("%d results for %d flows", len(results), len(flows()))
	}
	for i, f := range flows() {
		r := results[i]
		if r.Provider != f.name || !r.OK || r.Duration == "" || len(r.Result) == 0 {
			t.Errorf("result %d: %+v", i, r)
		}
		if len(r.Steps) != len(wantStory[f.name]) {
			t.Errorf("%s: %d steps, want %d", f.name, len(r.Steps), len(wantStory[f.name]))
			continue
		}
		for j, w := range wantStory[f.name] {
			if !strings.HasPrefix(r.Steps[j], w) {
				t.Errorf("%s step %d = %q", f.name, j+1, r.Steps[j])
			}
		}
	}
	var mhvResult map[string]any
	if err := json.Unmarshal(results[1].Result, &mhvResult); err != nil || mhvResult["refilledPrescriptionId"] != float64(22000101) {
		t.Errorf("mhv result: %s (%v)", results[1].Result, err)
	}
}

func TestQuickstartFailsWhenAFlowFails(t *testing.T) {
	var out bytes.Buffer
	fs := []flow{{name: "broken", title: "A broken flow", run: func(_ context.Context, st *story, _ ...rxbridge.Option) (any, error) {
		st.step("First step.")
		return nil, errors.New("boom")
	}}}
	if code := run(context.Background(), &out, false, fs); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(out.String(), "A broken flow (broken)\n  1. First step.\n  FAILED: boom\n") {
		t.Fatalf("story: %s", out.String())
	}
}
