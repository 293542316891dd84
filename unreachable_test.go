package rxbridge_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// reservedPorts are the tests that free a loopback port to listen on it
// again themselves (not to dial it as an unreachable upstream), with why
// they cannot keep the listener.
var reservedPorts = map[string]string{
	// The program under test listens on the redirect URL's port, which
	// must be known (and registered with the fake) before it starts.
	"examples/allcare-patient-access/main_test.go:TestRealLoginPath": "the program binds the redirect URL's port",
}

// TestNoTestDialsAFreedPort: a test that needs an upstream that refuses
// connections dials faultserver.RefusingAddr (a port held for the test, so
// no server can take it), not a port it freed by closing a listener: under go test ./... -race another
// test can bind that port in between, and the "unreachable" upstream
// answers (a 404 instead of connection refused). It fails on any test
// function that listens on 127.0.0.1:0 and closes the listener a few lines
// later, but those in reservedPorts.
func TestNoTestDialsAFreedPort(t *testing.T) {
	listen := regexp.MustCompile(`(\w+), err :?= net\.Listen\("tcp", "127\.0\.0\.1:0"\)`)
	fn := regexp.MustCompile(`^func (\w+)\(`)
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lines := strings.Split(string(b), "\n")
		current := ""
		for i, line := range lines {
			if m := fn.FindStringSubmatch(line); m != nil {
				current = m[1]
			}
			m := listen.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			for _, next := range lines[i+1 : min(i+8, len(lines))] {
				next = strings.TrimSpace(next)
				if strings.HasPrefix(next, m[1]+".Close()") || strings.Contains(next, "NoError(t, "+m[1]+".Close())") {
					where := filepath.ToSlash(path) + ":" + current
					if _, ok := reservedPorts[where]; !ok {
						t.Errorf("%s:%d (%s) dials a port it freed: use faultserver.RefusingAddr (a held port that refuses connections)", filepath.ToSlash(path), i+1, current)
					}
					break
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
