package rxbridge_test

import (
	"bufio"
	"bytes"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"
)

const modulePath = "github.com/rxbridge/rxbridge-go"

// allowInternal lists internal types that exported names may still
// expose. It must stay empty.
var allowInternal = map[string]bool{}

// TestNoInternalTypeInPublicAPI loads every importable non-internal package
// of the module from its export data and walks every exported name: the
// types of constants and variables, function and method signatures,
// exported (and promoted) struct fields, interface methods, type
// parameters and their constraints, alias targets and type arguments. It
// fails on any type declared in an internal package, which users can
// neither name nor read in go doc.
func TestNoInternalTypeInPublicAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every package's export data")
	}
	imp, public := publicPackages(t)
	if len(public) < 10 {
		t.Fatalf("found only %d public packages: %v", len(public), public)
	}

	var problems []string
	for _, path := range public {
		pkg, err := imp.Import(path)
		if err != nil {
			t.Fatalf("import %s: %v", path, err)
		}
		if pkg.Name() == "main" {
			continue
		}
		w := &apiWalker{seen: map[types.Type]bool{}}
		scope := pkg.Scope()
		for _, name := range scope.Names() {
			obj := scope.Lookup(name)
			if !obj.Exported() {
				continue
			}
			w.object(path+"."+name, obj)
			for _, f := range w.found {
				if !allowInternal[f.typ] {
					problems = append(problems, f.where+": "+f.typ)
				}
			}
			w.found = nil
		}
	}
	if len(problems) > 0 {
		t.Errorf("%d exported names expose internal types:\n%s", len(problems), strings.Join(problems, "\n"))
	}
}

// publicPackages builds every package's export data and returns an
// importer over it with the module's importable non-internal packages,
// sorted.
func publicPackages(t *testing.T) (types.Importer, []string) {
	t.Helper()
	exports := listExports(t)
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		f, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(f)
	})
	var public []string
	for path := range exports {
		if strings.HasPrefix(path, modulePath) && !isInternal(path) {
			public = append(public, path)
		}
	}
	sort.Strings(public)
	return imp, public
}

func isInternal(path string) bool {
	return strings.Contains(path+"/", "/internal/")
}

// listExports builds the module's packages and returns the export data
// file of every package they depend on.
func listExports(t *testing.T) map[string]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-export", "-deps", "-f", "{{.ImportPath}} {{.Export}}", "./...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	exports := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		path, file, ok := strings.Cut(sc.Text(), " ")
		if ok && file != "" {
			exports[path] = file
		}
	}
	return exports
}

// apiWalker collects the internal types reachable from exported names.
type apiWalker struct {
	seen  map[types.Type]bool
	found []finding
}

// finding is an internal type (typ) reached from an exported name (where).
type finding struct{ where, typ string }

func (w *apiWalker) object(where string, obj types.Object) {
	switch obj := obj.(type) {
	case *types.TypeName:
		if a, ok := obj.Type().(*types.Alias); ok {
			w.typ(where+" (alias)", a)
			return
		}
		w.typ(where, obj.Type())
	default:
		w.typ(where, obj.Type())
	}
}

func (w *apiWalker) typ(where string, t types.Type) {
	if t == nil {
		return
	}
	switch t := t.(type) {
	case *types.Alias:
		if w.internalObj(where, t.Obj()) {
			return
		}
		if ta := t.TypeArgs(); ta != nil {
			for i := range ta.Len() {
				w.typ(where+" [type arg]", ta.At(i))
			}
		}
		w.typ(where, t.Rhs())
	case *types.Named:
		if w.internalObj(where, t.Obj()) {
			return
		}
		if ta := t.TypeArgs(); ta != nil {
			for i := range ta.Len() {
				w.typ(where+" [type arg]", ta.At(i))
			}
		}
		if w.seen[t] {
			return
		}
		w.seen[t] = true
		pkg := t.Obj().Pkg()
		if pkg == nil || !strings.HasPrefix(pkg.Path(), modulePath) {
			return // the standard library and dependencies are not ours to check
		}
		name := t.Obj().Name()
		if tp := t.TypeParams(); tp != nil {
			for i := range tp.Len() {
				w.typ(where+" [type param]", tp.At(i).Constraint())
			}
		}
		w.typ(where, t.Underlying())
		for _, recv := range []types.Type{t, types.NewPointer(t)} {
			ms := types.NewMethodSet(recv)
			for i := range ms.Len() {
				m := ms.At(i).Obj()
				if m.Exported() {
					w.typ(where+" "+name+"."+m.Name(), m.Type())
				}
			}
		}
	case *types.Pointer:
		w.typ(where, t.Elem())
	case *types.Slice:
		w.typ(where, t.Elem())
	case *types.Array:
		w.typ(where, t.Elem())
	case *types.Map:
		w.typ(where, t.Key())
		w.typ(where, t.Elem())
	case *types.Chan:
		w.typ(where, t.Elem())
	case *types.Signature:
		if tp := t.TypeParams(); tp != nil {
			for i := range tp.Len() {
				w.typ(where+" [type param]", tp.At(i).Constraint())
			}
		}
		for i := range t.Params().Len() {
			w.typ(where+" (param)", t.Params().At(i).Type())
		}
		for i := range t.Results().Len() {
			w.typ(where+" (result)", t.Results().At(i).Type())
		}
	case *types.Struct:
		w.structFields(where, t)
	case *types.Interface:
		for i := range t.NumExplicitMethods() {
			m := t.ExplicitMethod(i)
			if m.Exported() {
				w.typ(where+"."+m.Name(), m.Type())
			}
		}
		for i := range t.NumEmbeddeds() {
			w.typ(where+" (embedded)", t.EmbeddedType(i))
		}
	case *types.Union:
		for i := range t.Len() {
			w.typ(where, t.Term(i).Type())
		}
	case *types.TypeParam:
		// Walked through its constraint where it is declared.
	case *types.Basic, *types.Tuple:
	}
}

// structFields walks exported fields, and the fields an unexported
// embedded struct promotes.
func (w *apiWalker) structFields(where string, s *types.Struct) {
	for i := range s.NumFields() {
		f := s.Field(i)
		switch {
		case f.Exported():
			w.typ(where+"."+f.Name(), f.Type())
		case f.Embedded():
			t := f.Type()
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			if st, ok := t.Underlying().(*types.Struct); ok {
				if n, ok := types.Unalias(t).(*types.Named); ok && w.internalObj(where+"."+f.Name(), n.Obj()) {
					// An unexported embedded internal type promotes its
					// exported fields; report the type itself only if it
					// promotes any.
					if !promotesExported(st) {
						w.found = w.found[:len(w.found)-1]
					}
					continue
				}
				w.structFields(where, st)
			}
		}
	}
}

func promotesExported(s *types.Struct) bool {
	for i := range s.NumFields() {
		if s.Field(i).Exported() {
			return true
		}
	}
	return false
}

// internalObj records obj when it is declared in an internal package.
func (w *apiWalker) internalObj(where string, obj *types.TypeName) bool {
	if obj == nil || obj.Pkg() == nil || !isInternal(obj.Pkg().Path()) {
		return false
	}
	w.found = append(w.found, finding{where, obj.Pkg().Path() + "." + obj.Name()})
	return true
}
