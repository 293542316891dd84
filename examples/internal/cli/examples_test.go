package cli

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEveryExample builds every example once and holds each to the
// examples' contract: -h exits 0 and lists the environment the program
// reads, an unknown flag exits 2, a half-configured environment exits 2 at
// once naming what is missing, and a configured one whose upstream does
// not answer fails at once with the cause (connection refused).
func TestEveryExample(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every example")
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", bin+string(filepath.Separator), "github.com/rxbridge/rxbridge-go/examples/...")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	entries, err := os.ReadDir(bin)
	if err != nil {
		t.Fatal(err)
	}
	wantEnv := map[string][]string{
		"allcare-patient-access": {"ALLCARE_ISSUER", "ALLCARE_CLIENT_ID", "ALLCARE_CLIENT_SECRET", "ALLCARE_FHIR_BASE_URL", "ALLCARE_ACCESS_TOKEN", "ALLCARE_PATIENT_ID"},
		"carevalidate-webhook":   {"CAREVALIDATE_BASE_URL", "CAREVALIDATE_API_KEY", "CAREVALIDATE_WEBHOOK_HEADER", "CAREVALIDATE_WEBHOOK_SECRET"},
		"cvs-referral":           {"CVS_BASE_URL", "CVS_CLIENT_ID", "CVS_CLIENT_SECRET"},
		"fleet":                  {"REDIS_URL", "REDIS_HASH_KEY", "REDIS_ENCRYPTION_KEY"},
		"mhv-refill":             {"MHV_BASE_URL", "MHV_APP_TOKEN", "MHV_CORRELATION_ID"},
		"prior-auth":             {"DEVELOPHEALTH_BASE_URL", "DEVELOPHEALTH_API_TOKEN"},
		"quickstart":             {"reads no environment"},
	}
	if len(entries) != len(wantEnv) {
		t.Errorf("built %d examples, the contract lists %d", len(entries), len(wantEnv))
	}
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(bin, name)
		vars, ok := wantEnv[name]
		if !ok {
			t.Errorf("example %s is not in this test: add the environment it reads", name)
			continue
		}
		out, err := run(path, nil, "-h")
		if err != nil {
			t.Errorf("%s -h: %v, want exit status 0\n%s", name, err, out)
		}
		for _, v := range vars {
			if !strings.Contains(out, v) {
				t.Errorf("%s -h does not mention %s:\n%s", name, v, out)
			}
		}
		if _, err := run(path, nil, "-no-such-flag"); exitCode(err) != 2 {
			t.Errorf("%s -no-such-flag: %v, want exit status 2", name, err)
		}
	}

	dead := closedURL(t)
	// Half-configured environments: exit 2, naming exactly what is missing.
	half := []struct {
		example string
		env     []string
		want    string
	}{
		{"allcare-patient-access", []string{"ALLCARE_FHIR_BASE_URL=" + dead}, "ALLCARE_FHIR_BASE_URL is set, so either ALLCARE_ISSUER, ALLCARE_CLIENT_ID and ALLCARE_CLIENT_SECRET"},
		{"allcare-patient-access", []string{"ALLCARE_ISSUER=" + dead, "ALLCARE_CLIENT_ID=id"}, "ALLCARE_ISSUER is set, so ALLCARE_CLIENT_SECRET must be set too"},
		{"carevalidate-webhook", []string{"CAREVALIDATE_BASE_URL=" + dead}, "CAREVALIDATE_BASE_URL is set, so CAREVALIDATE_API_KEY must be set too"},
		{"carevalidate-webhook", []string{"CAREVALIDATE_BASE_URL=" + dead, "CAREVALIDATE_API_KEY=k"}, "set CAREVALIDATE_WEBHOOK_HEADER and CAREVALIDATE_WEBHOOK_SECRET (or -signing-key)"},
		{"cvs-referral", []string{"CVS_BASE_URL=" + dead, "CVS_CLIENT_ID=id"}, "CVS_BASE_URL is set, so CVS_CLIENT_SECRET must be set too"},
		{"cvs-referral", []string{"CVS_CLIENT_SECRET=s"}, "CVS_CLIENT_SECRET is set, so CVS_BASE_URL must be set too"},
		{"fleet", []string{"REDIS_HASH_KEY=" + key32}, "REDIS_HASH_KEY is set, so REDIS_URL and REDIS_ENCRYPTION_KEY must be set too"},
		{"fleet", []string{"REDIS_URL=redis://127.0.0.1:1/0", "REDIS_ENCRYPTION_KEY=" + key32}, "REDIS_ENCRYPTION_KEY is set, so REDIS_HASH_KEY must be set too"},
		{"mhv-refill", []string{"MHV_BASE_URL=" + dead, "MHV_CORRELATION_ID=1"}, "MHV_BASE_URL is set, so MHV_APP_TOKEN must be set too"},
		{"mhv-refill", []string{"MHV_BASE_URL=" + dead}, "MHV_BASE_URL is set, so MHV_APP_TOKEN and MHV_CORRELATION_ID must be set too"},
		{"mhv-refill", []string{"MHV_APP_TOKEN=t"}, "MHV_APP_TOKEN is set, so MHV_BASE_URL must be set too"},
		{"prior-auth", []string{"DEVELOPHEALTH_BASE_URL=" + dead}, "DEVELOPHEALTH_BASE_URL is set, so DEVELOPHEALTH_API_TOKEN must be set too"},
	}
	for _, h := range half {
		out, err := run(filepath.Join(bin, h.example), h.env)
		if exitCode(err) != 2 || !strings.Contains(out, "incomplete configuration: "+h.want) {
			t.Errorf("%s with %v: %v, want exit status 2 and %q:\n%s", h.example, h.env, err, "incomplete configuration: "+h.want, out)
		}
	}

	// Configured, with an upstream that does not answer: exit 1 at once,
	// the cause kept.
	configured := []struct {
		example string
		env     []string
	}{
		{"allcare-patient-access", []string{"ALLCARE_FHIR_BASE_URL=" + dead, "ALLCARE_ACCESS_TOKEN=t", "ALLCARE_PATIENT_ID=p"}},
		{"allcare-patient-access", []string{"ALLCARE_ISSUER=" + strings.TrimSuffix(dead, "/"), "ALLCARE_CLIENT_ID=id", "ALLCARE_CLIENT_SECRET=s"}},
		{"carevalidate-webhook", []string{"CAREVALIDATE_BASE_URL=" + dead, "CAREVALIDATE_API_KEY=k", "CAREVALIDATE_WEBHOOK_HEADER=X-Partner-Auth", "CAREVALIDATE_WEBHOOK_SECRET=s"}},
		{"cvs-referral", []string{"CVS_BASE_URL=" + dead, "CVS_CLIENT_ID=id", "CVS_CLIENT_SECRET=s"}},
		{"fleet", []string{"REDIS_URL=redis://" + strings.TrimSuffix(strings.TrimPrefix(dead, "http://"), "/") + "/0"}},
		{"mhv-refill", []string{"MHV_BASE_URL=" + dead, "MHV_APP_TOKEN=t", "MHV_CORRELATION_ID=1"}},
		{"prior-auth", []string{"DEVELOPHEALTH_BASE_URL=" + dead, "DEVELOPHEALTH_API_TOKEN=t"}},
	}
	for _, c := range configured {
		start := time.Now()
		out, err := run(filepath.Join(bin, c.example), c.env)
		if exitCode(err) != 1 || !strings.Contains(out, "connection refused") {
			t.Errorf("%s with %v: %v after %v, want exit status 1 and the cause (connection refused):\n%s",
				c.example, c.env, err, time.Since(start).Round(time.Millisecond), out)
		}
	}
}

// key32 is 32 bytes in base64, a valid store key.
const key32 = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

// run runs an example with only env (and PATH, HOME) in its environment
// and returns what it printed; it is killed after a minute.
func run(path string, env []string, args ...string) (string, error) {
	cmd := exec.Command(path, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		return "", err
	}
	timer := time.AfterFunc(time.Minute, func() { _ = cmd.Process.Kill() })
	defer timer.Stop()
	err := cmd.Wait()
	return out.String(), err
}

// exitCode is err's exit status (0 for nil, -1 when it did not exit).
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}

// closedURL returns the URL of a loopback port nothing listens on: port
// 1 (tcpmux), which no test binds (a port freed by closing a listener can
// be taken by a test running in parallel).
func closedURL(t *testing.T) string {
	t.Helper()
	return "http://127.0.0.1:1/"
}
