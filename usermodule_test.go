package rxbridge_test

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestUserModule compiles and runs testdata/usermodule: five programs
// written as a user of the SDK writes them, in a module of their own that
// imports only the SDK's public packages, each tested against its
// provider's fake with fault injection. A user's module cannot import
// internal/ packages, so this is where an internal type leaking into what
// users must name (a fake's Faults field, an option's parameter) fails.
//
// The module is copied to a temporary directory with its replace directive
// pointed at this working tree, then `go vet ./...` and `go test ./...`
// run in it offline: GOPROXY=off (the module cache only, filled by `go mod
// download` of this module) and GOFLAGS=-mod=mod (go.mod and go.sum may be
// completed from the cache if this module's requirements moved; run `go
// mod tidy` in testdata/usermodule to keep them complete).
func TestUserModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a second module; skipped with -short")
	}
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(root, "testdata", "usermodule")
	dir := t.TempDir()
	copyTree(t, src, dir)

	gomod := filepath.Join(dir, "go.mod")
	b, err := os.ReadFile(gomod)
	if err != nil {
		t.Fatal(err)
	}
	replace := regexp.MustCompile(`(?m)^replace github\.com/rxbridge/rxbridge-go => \.\./\.\.$`)
	if !replace.Match(b) {
		t.Fatal("testdata/usermodule/go.mod must replace github.com/rxbridge/rxbridge-go => ../..")
	}
	b = replace.ReplaceAll(b, []byte("replace github.com/rxbridge/rxbridge-go => "+filepath.ToSlash(root)))
	if err := os.WriteFile(gomod, b, 0o644); err != nil {
		t.Fatal(err)
	}
	sumBefore, _ := os.ReadFile(filepath.Join(dir, "go.sum"))

	env := append(os.Environ(),
		"GOFLAGS=-mod=mod", "GOPROXY=off", "GOSUMDB=off", "GOWORK=off", "GOTOOLCHAIN=local")
	for _, args := range [][]string{{"vet", "./..."}, {"test", "-count=1", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s in the user module: %v\n%s", strings.Join(args, " "), err, out)
		}
		t.Logf("go %s:\n%s", strings.Join(args, " "), out)
	}
	if sumAfter, _ := os.ReadFile(filepath.Join(dir, "go.sum")); !bytes.Equal(sumBefore, sumAfter) {
		t.Log("testdata/usermodule/go.sum is incomplete (completed from the module cache for this run): run `go mod tidy` in it")
	}
}

// copyTree copies the regular files under src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
