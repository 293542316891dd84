package main

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/rxbridge/rxbridge-go/develophealth/develophealthtest"
)

func TestRunAgainstTheFake(t *testing.T) {
	for _, mock := range []string{"denied", "approved", "not_submitted"} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		var out bytes.Buffer
		err := run(ctx, config{poll: 20 * time.Millisecond, timeout: 20 * time.Second, asJSON: true, mock: mock, listen: "127.0.0.1:0"}, &out)
		cancel()
		if err != nil {
			t.Fatalf("%s: %v", mock, err)
		}
		var s summary
		if err := json.Unmarshal(out.Bytes(), &s); err != nil {
			t.Fatalf("-json output: %v\n%s", err, out.String())
		}
		if s.Mode != "fake" || s.ID == "" || s.Outcome == nil {
			t.Fatalf("%s: summary %+v", mock, s)
		}
		if len(s.Webhooks) < 2 {
			t.Fatalf("%s: webhooks %+v", mock, s.Webhooks)
		}
		switch mock {
		case "denied":
			if s.Status != "completed" || s.Outcome.Denied == nil || s.DenialReasonAnalysis == nil {
				t.Fatalf("denied: %+v", s)
			}
		case "approved":
			if s.Outcome.Approved == nil {
				t.Fatalf("approved: %+v", s)
			}
		case "not_submitted":
			if s.Status != "not_submitted" {
				t.Fatalf("not_submitted: %+v", s)
			}
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), config{poll: 10 * time.Millisecond, timeout: 10 * time.Second, mock: "auto", listen: "127.0.0.1:0"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"created prior authorization", "status: completed", "outcome: Denied", "denial analysis:", "webhook prior_authorization.status_change received"} {
		if !bytes.Contains(out.Bytes(), []byte(want)) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if err := run(context.Background(), config{mock: "bogus"}, &out); err == nil {
		t.Error("-mock bogus accepted")
	}
	if err := run(context.Background(), config{mock: "none", baseURL: "http://127.0.0.1:1"}, &out); err == nil {
		t.Error("a real server without a token accepted")
	}
}

// TestRunAgainstAServerByURL takes the DEVELOPHEALTH_BASE_URL path, with a
// fake standing in for the real service.
func TestRunAgainstAServerByURL(t *testing.T) {
	srv := develophealthtest.NewServer(develophealthtest.WithInstantMock())
	defer srv.Close()
	var out bytes.Buffer
	err := run(context.Background(), config{baseURL: srv.URL, token: srv.Token(), mock: "approved", poll: 10 * time.Millisecond,
		timeout: 10 * time.Second, asJSON: true, listen: "127.0.0.1:0"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	var s summary
	if err := json.Unmarshal(out.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	if s.Mode != "real" || s.Outcome == nil || s.Outcome.Approved == nil || len(s.Webhooks) != 0 {
		t.Fatalf("%+v", s)
	}
}
