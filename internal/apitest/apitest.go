// Package apitest checks a package's exported API as a whole, for tests:
//
//   - Complete: the test's registry (a generated api_gen_test.go, see
//     cmd/apigen) lists every exported type and function of the package,
//     read from its source with go/parser, so a new one cannot be missed;
//   - Redaction: every exported type, filled with canaries (every string and
//     []byte, exported or not, through pointers, slices, maps and structs),
//     printed with %v %+v %#v %s %q, through slog's text and JSON handlers
//     and json.Marshal: a type that holds a credential, a state, a verifier
//     or a session prints none of it.
//
// The package is test machinery: only _test.go files import it.
package apitest

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// Decl is an exported top-level declaration of a package.
type Decl struct {
	Name string
	// Func is true for a function, false for a type.
	Func bool
	// TypeParams are the constraints of a generic declaration, as written
	// ("any", "Resource").
	TypeParams []string
	// Interface is true for an interface type.
	Interface bool
}

// Exported lists the exported types and functions declared by the package
// in dir (its build-selected, non-test files), sorted by name. Methods are
// not listed: tests find them by reflection.
func Exported(dir string) (pkgName string, decls []Decl, err error) {
	bp, err := build.Default.ImportDir(dir, 0)
	if err != nil {
		return "", nil, err
	}
	fset := token.NewFileSet()
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, dir+"/"+name, nil, parser.SkipObjectResolution)
		if err != nil {
			return "", nil, err
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.IsExported() {
					decls = append(decls, Decl{Name: d.Name.Name, Func: true, TypeParams: constraints(d.Type.TypeParams)})
				}
			case *ast.GenDecl:
				if d.Tok != token.TYPE {
					continue
				}
				for _, s := range d.Specs {
					ts := s.(*ast.TypeSpec)
					if !ts.Name.IsExported() {
						continue
					}
					_, iface := ts.Type.(*ast.InterfaceType)
					decls = append(decls, Decl{Name: ts.Name.Name, TypeParams: constraints(ts.TypeParams), Interface: iface})
				}
			}
		}
	}
	sort.Slice(decls, func(i, j int) bool { return decls[i].Name < decls[j].Name })
	return bp.Name, decls, nil
}

func constraints(fl *ast.FieldList) []string {
	if fl == nil {
		return nil
	}
	var out []string
	for _, f := range fl.List {
		for range f.Names {
			out = append(out, types(f.Type))
		}
	}
	return out
}

func types(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return types(e.X) + "." + e.Sel.Name
	}
	return fmt.Sprintf("%T", e)
}

// Package is what a package's API test gives this package.
type Package struct {
	// Dir is the package's directory ("." from its own test).
	Dir string
	// Types are its exported types by name (the generated apiTypes).
	// Generic types are instantiated.
	Types map[string]reflect.Type
	// Funcs are its exported functions by name (the generated apiFuncs).
	// Generic functions are instantiated.
	Funcs map[string]any
}

// Complete fails t unless p's registry lists exactly the package's
// exported types and functions.
func Complete(t testing.TB, p Package) {
	t.Helper()
	_, decls, err := Exported(p.Dir)
	if err != nil {
		t.Fatal(err)
	}
	var missing, extra []string
	seenT, seenF := map[string]bool{}, map[string]bool{}
	for _, d := range decls {
		if d.Func {
			seenF[d.Name] = true
			if _, ok := p.Funcs[d.Name]; !ok {
				missing = append(missing, "func "+d.Name)
			}
			continue
		}
		seenT[d.Name] = true
		if _, ok := p.Types[d.Name]; !ok {
			missing = append(missing, "type "+d.Name)
		}
	}
	for n := range p.Types {
		if !seenT[n] {
			extra = append(extra, "type "+n)
		}
	}
	for n := range p.Funcs {
		if !seenF[n] {
			extra = append(extra, "func "+n)
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	if len(missing)+len(extra) > 0 {
		t.Fatalf("the API registry is out of date (run `go run ./internal/apitest/cmd/apigen` at the module root):\nmissing: %s\nno longer exported: %s",
			strings.Join(missing, ", "), strings.Join(extra, ", "))
	}
}

// PublicPackages lists the directories (relative to root, the module root)
// of the module's importable packages: not internal, not a command, not
// testdata.
func PublicPackages(root string) ([]string, error) {
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		base := d.Name()
		if path != root && (base == "internal" || base == "testdata" || strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_")) {
			return filepath.SkipDir
		}
		bp, err := build.Default.ImportDir(path, 0)
		if err != nil || bp.Name == "main" || len(bp.GoFiles) == 0 {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		dirs = append(dirs, rel)
		return nil
	})
	return dirs, err
}
