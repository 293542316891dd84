package contract

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type opsType struct{}

func (opsType) Read()   {}
func (opsType) Write()  {}
func (opsType) String() {}
func (opsType) hidden() {}

func TestMethods(t *testing.T) {
	assert.Equal(t, []string{"Read", "Write"}, Methods(reflect.TypeFor[opsType](), "String"))
	_ = opsType{}.hidden
}

func TestErrVars(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.go"), []byte(`package p
import "errors"
var (
	ErrB = errors.New("b")
	ErrA = errors.New("a")
	errPrivate = errors.New("p")
	Other = 1
)
var ErrC = ErrA`), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a_test.go"), []byte(`package p
var ErrTestOnly = 1`), 0o644))
	got, err := ErrVars(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"ErrA", "ErrB", "ErrC"}, got)
}
