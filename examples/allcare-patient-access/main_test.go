package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rxbridge/rxbridge-go/allcarefhir/allcarefhirtest"
	"github.com/rxbridge/rxbridge-go/examples/internal/cli"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

func TestFakeRun(t *testing.T) {
	res, err := run(context.Background(), config{}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Claims) != 25 || res.Pages != 3 || len(res.Formulary) == 0 || res.Patient == nil || len(res.Coverage) != 1 {
		t.Fatalf("unexpected result: %d claims, %d pages, %d drugs", len(res.Claims), res.Pages, len(res.Formulary))
	}
	var text, js bytes.Buffer
	if err := res.print(&text, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "25 ExplanationOfBenefit over 3 page(s)") {
		t.Fatalf("summary: %s", text.String())
	}
	if err := res.print(&js, true); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(js.String(), "access_token") || strings.Contains(js.String(), "id_token") {
		t.Fatal("-json must not print tokens")
	}
}

func TestGivenAccessToken(t *testing.T) {
	srv := allcarefhirtest.NewServer()
	defer srv.Close()
	res, err := run(context.Background(), envConfig(env{
		"ALLCARE_ACCESS_TOKEN": srv.IssueAccessToken(), "ALLCARE_PATIENT_ID": srv.PatientID,
		"ALLCARE_FHIR_BASE_URL": srv.FHIRBaseURL, "ALLCARE_DRUG_PLAN": allcarefhirtest.DrugPlanID,
	}.get), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if res.Login != nil || len(res.Claims) != 25 || res.DrugPlan != allcarefhirtest.DrugPlanID {
		t.Fatalf("unexpected result: %+v", res.Login)
	}
	if _, err := run(context.Background(), config{AccessToken: "x"}, io.Discard); err == nil {
		t.Fatal("a token without a patient id must be refused")
	}
}

type env map[string]string

func (e env) get(k string) string { return e[k] }

// syncBuffer is an io.Writer safe for the login goroutine and the test.
// When mark is set, the first submatch of its first match in what was
// written is sent once on marked.
type syncBuffer struct {
	mu     sync.Mutex
	b      bytes.Buffer
	mark   *regexp.Regexp
	marked chan string
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.b.Write(p)
	if s.mark != nil {
		if m := s.mark.FindSubmatch(s.b.Bytes()); m != nil {
			s.marked <- string(m[1])
			s.mark = nil
		}
	}
	return n, err
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRealLoginPath runs the ALLCARE_ISSUER path against the fake, with
// the test playing the member's browser.
func TestRealLoginPath(t *testing.T) {
	srv := allcarefhirtest.NewServer()
	defer srv.Close()
	// The callback is served on a listener the test holds from the start:
	// a port found free and closed could be taken before the program
	// listens on it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close() // the program closes it too when it serves
	cfg := envConfig(env{
		"ALLCARE_ISSUER": srv.Issuer, "ALLCARE_CLIENT_ID": srv.ClientID, "ALLCARE_CLIENT_SECRET": srv.ClientSecret,
		"ALLCARE_REDIRECT_URL": "http://" + ln.Addr().String() + "/callback", "ALLCARE_FHIR_BASE_URL": srv.FHIRBaseURL,
	}.get)
	cfg.callback = ln
	out := &syncBuffer{mark: regexp.MustCompile(`(?m)^  (http\S+)$`), marked: make(chan string, 1)}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	type ret struct {
		res *result
		err error
	}
	done := make(chan ret, 1)
	go func() {
		res, err := run(ctx, cfg, out)
		done <- ret{res, err}
	}()
	var authURL string
	select {
	case r := <-done:
		t.Fatalf("run ended before it printed the login URL: %v", r.err)
	case authURL = <-out.marked:
	}
	post, err := srv.Authorize(ctx, authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := post.Submit(ctx, http.DefaultClient)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("callback answered %d", resp.StatusCode)
	}
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	if r.res.Login == nil || r.res.Login.PatientID != srv.PatientID || len(r.res.Claims) != 25 {
		t.Fatalf("unexpected result")
	}
}

// Only ALLCARE_FHIR_BASE_URL used to run against the fake and exit 0.
func TestHalfConfiguredFailsNamingWhatIsMissing(t *testing.T) {
	for _, tc := range []struct {
		env  env
		want string
	}{
		{env{"ALLCARE_FHIR_BASE_URL": "http://127.0.0.1:1/r4"}, "ALLCARE_FHIR_BASE_URL is set, so either ALLCARE_ISSUER"},
		{env{"ALLCARE_ISSUER": "http://127.0.0.1:1"}, "ALLCARE_ISSUER is set, so ALLCARE_CLIENT_ID and ALLCARE_CLIENT_SECRET must be set too"},
		{env{"ALLCARE_ACCESS_TOKEN": "x"}, "ALLCARE_ACCESS_TOKEN is set, so ALLCARE_PATIENT_ID must be set too"},
	} {
		_, err := run(context.Background(), envConfig(tc.env.get), io.Discard)
		if !errors.Is(err, cli.ErrConfig) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v", tc.env, err)
		}
	}
}

// A configured program checks the upstream, bounded, and keeps the cause.
func TestUnreachableUpstreamKeepsTheCause(t *testing.T) {
	// Refused, and held: no other test's server can take the port.
	closed := "http://" + faultserver.RefusingAddr(t)
	for _, e := range []env{
		{"ALLCARE_ISSUER": closed, "ALLCARE_CLIENT_ID": "id", "ALLCARE_CLIENT_SECRET": "secret", "ALLCARE_REDIRECT_URL": "http://127.0.0.1:0/callback"},
		{"ALLCARE_ACCESS_TOKEN": "x", "ALLCARE_PATIENT_ID": "p", "ALLCARE_FHIR_BASE_URL": closed + "/r4"},
	} {
		_, err := run(context.Background(), envConfig(e.get), io.Discard)
		if err == nil || !strings.Contains(err.Error(), "cannot reach") || !strings.Contains(err.Error(), "connection refused") {
			t.Errorf("%v: %v", e, err)
		}
	}
}
