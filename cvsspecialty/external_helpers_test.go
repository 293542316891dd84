package cvsspecialty_test

import (
	"os"
	"path/filepath"
)

func readFixture(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join("..", "testdata", "cvsspecialty", name))
}
