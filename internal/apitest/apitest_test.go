package apitest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryPublicPackageIsChecked: each importable package of the module
// has its generated registry and an API test that prints every type and
// calls every function and method with zero values.
func TestEveryPublicPackageIsChecked(t *testing.T) {
	dirs, err := PublicPackages("../..")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 10 {
		t.Fatalf("found %d public packages, want at least the five providers and their fakes: %v", len(dirs), dirs)
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join("../..", d, "api_gen_test.go")); err != nil {
			t.Errorf("%s has no api_gen_test.go: run `go run ./internal/apitest/cmd/apigen` at the module root", d)
		}
		b, err := os.ReadFile(filepath.Join("../..", d, "api_test.go"))
		if err != nil || !strings.Contains(string(b), "apitest.Complete(") || !strings.Contains(string(b), "apitest.Redaction(") ||
			!strings.Contains(string(b), "apitest.ZeroValues(") {
			t.Errorf("%s: api_test.go must call apitest.Complete, apitest.Redaction and apitest.ZeroValues", d)
		}
	}
}

func TestExportedListsTypesAndFunctions(t *testing.T) {
	name, decls, err := Exported(".")
	if err != nil {
		t.Fatal(err)
	}
	if name != "apitest" {
		t.Fatalf("package name %q", name)
	}
	want := map[string]bool{"Decl": false, "Exported": true, "Package": false, "Complete": true, "Redaction": true, "Classes": false}
	got := map[string]bool{}
	for _, d := range decls {
		got[d.Name] = d.Func
	}
	for n, fn := range want {
		if f, ok := got[n]; !ok || f != fn {
			t.Errorf("%s: listed %v, func %v; want func %v", n, ok, f, fn)
		}
	}
	if _, ok := got["hits"]; ok {
		t.Error("an unexported method or function was listed")
	}
}
