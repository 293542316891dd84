package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestAgainstTheFakeByDefault(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), nil, env(nil), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	s := out.String()
	for _, want := range []string{"session: ok (fake server)", "active prescriptions:", "history: 6 prescriptions",
		"tracking of 22000102", "shipped", "refill of 22000101: submitted (status now submitted)"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
}

func TestJSONOutputDecodes(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"-json"}, env(nil), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var rep report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("-json output: %v\n%s", err, out.String())
	}
	if rep.Server != "fake" || len(rep.Active.Prescriptions()) != 4 || rep.Tracking == nil || rep.Refill == nil ||
		rep.Refill.StatusAfter != mhv.RefillStatusSubmitted {
		t.Fatalf("unexpected report: %+v", rep)
	}
}

func TestAgainstAServerFromTheEnvironment(t *testing.T) {
	srv := mhvtest.NewServer()
	defer srv.Close()
	e := env(map[string]string{"MHV_BASE_URL": srv.URL, "MHV_APP_TOKEN": srv.AppToken, "MHV_CORRELATION_ID": mhvtest.DemoVeteran})

	// Without a refill flag, a real server is only read.
	var out, errOut bytes.Buffer
	if code := run(context.Background(), nil, e, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if strings.Contains(out.String(), "refill of") || srv.RefillRequests(mhvtest.DemoRefillable) != 0 {
		t.Fatal("refilled without being asked")
	}

	out.Reset()
	if code := run(context.Background(), []string{"-refill", "22000103"}, e, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "refused: not refillable") {
		t.Fatalf("output: %s", out.String())
	}

	out.Reset()
	if code := run(context.Background(), []string{"-refill-first"}, e, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if srv.RefillRequests(mhvtest.DemoRefillable) != 1 {
		t.Fatal("the first refillable prescription was not refilled")
	}

	// The gateway through MHV_API_KEY.
	gw := mhvtest.NewServer(mhvtest.WithGateway("k1"))
	defer gw.Close()
	out.Reset()
	ge := env(map[string]string{"MHV_BASE_URL": gw.URL, "MHV_APP_TOKEN": gw.AppToken, "MHV_CORRELATION_ID": mhvtest.DemoVeteran, "MHV_API_KEY": "k1"})
	if code := run(context.Background(), nil, ge, &out, &errOut); code != 0 {
		t.Fatalf("gateway exit %d: %s", code, errOut.String())
	}
}

func TestUsageErrors(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"-refill", "1", "-refill-first"}, env(nil), &out, &errOut); code != 2 {
		t.Fatalf("exit %d", code)
	}
	if code := run(context.Background(), nil, env(map[string]string{"MHV_BASE_URL": "https://x"}), &out, &errOut); code != 2 {
		t.Fatalf("exit %d", code)
	}
	srv := mhvtest.NewServer()
	defer srv.Close()
	errOut.Reset()
	e := env(map[string]string{"MHV_BASE_URL": srv.URL, "MHV_APP_TOKEN": srv.AppToken, "MHV_CORRELATION_ID": mhvtest.UnknownVeteran})
	if code := run(context.Background(), nil, e, &out, &errOut); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(errOut.String(), "code 105 (User was not found)") || strings.Contains(errOut.String(), mhvtest.UnknownVeteran) {
		t.Fatalf("stderr: %s", errOut.String())
	}
}
