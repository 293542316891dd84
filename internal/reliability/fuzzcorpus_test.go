package reliability

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryFuzzTargetHasASeedCorpus: every provider package (each
// directory at the module root with Go files but the fault vocabulary
// rxbridgetest, and its fake) has fuzz
// targets, and every fuzz target has seed files on disk in
// <pkg>/testdata/fuzz/<FuzzX>/ (not only f.Add), so the corpus is
// reviewed, versioned and replayed by every plain go test.
func TestEveryFuzzTargetHasASeedCorpus(t *testing.T) {
	root := filepath.Join("..", "..")
	entries, err := os.ReadDir(root)
	require.NoError(t, err)
	fuzzFunc := regexp.MustCompile(`(?m)^func (Fuzz\w+)\(f \*testing\.F\)`)
	providers := 0
	for _, e := range entries {
		switch name := e.Name(); {
		case !e.IsDir(), name == "internal", name == "examples", name == "testdata", name == "rxbridgetest", name[0] == '.':
			continue
		}
		dir := filepath.Join(root, e.Name())
		if goFiles, _ := filepath.Glob(filepath.Join(dir, "*.go")); len(goFiles) == 0 {
			continue
		}
		providers++
		tests, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
		targets := 0
		for _, f := range tests {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			for _, m := range fuzzFunc.FindAllStringSubmatch(string(b), -1) {
				targets++
				seeds, _ := filepath.Glob(filepath.Join(dir, "testdata", "fuzz", m[1], "*"))
				assert.NotEmpty(t, seeds, "%s: %s has no seed files in testdata/fuzz/%s", e.Name(), m[1], m[1])
				for _, s := range seeds {
					b, err := os.ReadFile(s)
					require.NoError(t, err)
					assert.Regexp(t, `^go test fuzz v1\n`, string(b), "%s is not a corpus file", s)
				}
			}
		}
		assert.Positive(t, targets, "%s has no fuzz target for its decoders", e.Name())
	}
	assert.GreaterOrEqual(t, providers, 4, "the provider packages were found")
}
