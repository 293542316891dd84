package contract

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
)

// Methods returns the exported methods of typ except the named ones and
// the printing methods (String, GoString, Format, LogValue, MarshalJSON),
// sorted. Provider tests pass the result to RequireOps, so a new operation
// fails until it has a recording.
func Methods(typ reflect.Type, except ...string) []string {
	var out []string
	for i := range typ.NumMethod() {
		if name := typ.Method(i).Name; !slices.Contains(except, name) && !slices.Contains(printing, name) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// printing are the methods through which a value prints itself.
var printing = []string{"String", "GoString", "Format", "LogValue", "MarshalJSON"}

// ErrVars returns the names of the exported package-level Err* variables
// declared in the non-test Go files of dir, so a provider test can check
// that its Sentinels map names every sentinel the package exports.
func ErrVars(dir string) ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	var out []string
	fset := token.NewFileSet()
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, s := range gd.Specs {
				for _, n := range s.(*ast.ValueSpec).Names {
					if strings.HasPrefix(n.Name, "Err") && n.IsExported() {
						out = append(out, n.Name)
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out, nil
}
