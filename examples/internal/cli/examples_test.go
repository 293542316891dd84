package cli

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryExampleHelp builds every example and runs it with -h (exit 0,
// the environment listed) and with an unknown flag (exit 2).
func TestEveryExampleHelp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every example")
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", bin+string(filepath.Separator), "github.com/rxbridge/rxbridge-go/examples/...")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	wantEnv := map[string][]string{
		"allcare-patient-access": {"ALLCARE_ISSUER", "ALLCARE_CLIENT_ID", "ALLCARE_CLIENT_SECRET", "ALLCARE_FHIR_BASE_URL", "ALLCARE_ACCESS_TOKEN", "ALLCARE_PATIENT_ID"},
		"carevalidate-webhook":   {"CAREVALIDATE_BASE_URL", "CAREVALIDATE_API_KEY", "CAREVALIDATE_WEBHOOK_HEADER", "CAREVALIDATE_WEBHOOK_SECRET"},
		"cvs-referral":           {"CVS_BASE_URL", "CVS_CLIENT_ID", "CVS_CLIENT_SECRET"},
		"mhv-refill":             {"MHV_BASE_URL", "MHV_APP_TOKEN", "MHV_CORRELATION_ID"},
		"prior-auth":             {"DEVELOPHEALTH_BASE_URL", "DEVELOPHEALTH_API_TOKEN"},
		"quickstart":             {"reads no environment"},
	}
	for name, vars := range wantEnv {
		path := filepath.Join(bin, name)
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%s was not built: %v", name, err)
			continue
		}
		out, err := exec.Command(path, "-h").CombinedOutput()
		if err != nil {
			t.Errorf("%s -h: %v\n%s", name, err, out)
		}
		for _, v := range vars {
			if !strings.Contains(string(out), v) {
				t.Errorf("%s -h does not mention %s:\n%s", name, v, out)
			}
		}
		err = exec.Command(path, "-no-such-flag").Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 2 {
			t.Errorf("%s -no-such-flag: %v, want exit status 2", name, err)
		}
	}
}
