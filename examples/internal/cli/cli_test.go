package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"strings"
	"testing"
)

func TestUsageListsTheEnvironment(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	var out bytes.Buffer
	fs.SetOutput(&out)
	fs.Bool("json", false, "print JSON")
	SetUsage(fs, "x [-json]", []Var{{Name: "X_BASE_URL", Help: "the API root"}, {Name: "X_TOKEN", Help: "the token"}})
	if err := fs.Parse([]string{"-h"}); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	for _, want := range []string{"usage: x [-json]", "-json", "X_BASE_URL  the API root", "X_TOKEN     the token"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRequireNamesWhatIsMissing(t *testing.T) {
	env := map[string]string{"X_BASE_URL": "http://127.0.0.1:1", "X_ID": "id"}
	getenv := func(k string) string { return env[k] }
	err := Require(getenv, "X_BASE_URL", "X_ID", "X_SECRET", "X_OTHER")
	if !errors.Is(err, ErrConfig) || err.Error() != "incomplete configuration: X_BASE_URL is set, so X_SECRET and X_OTHER must be set too" {
		t.Fatalf("Require = %v", err)
	}
	if err := Require(getenv, "X_UNSET", "X_SECRET"); err != nil {
		t.Fatalf("nothing set: %v", err)
	}
}

func TestProbeKeepsTheCause(t *testing.T) {
	cause := errors.New("dial tcp 127.0.0.1:1: connect: connection refused")
	err := Probe(context.Background(), "CareValidate", func(ctx context.Context) error {
		if _, ok := ctx.Deadline(); !ok {
			t.Error("the probe has no deadline")
		}
		return cause
	})
	if !errors.Is(err, cause) || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("Probe = %v", err)
	}
}
