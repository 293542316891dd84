package rxbridge_test

import (
	"go/types"
	"strings"
	"testing"
)

// TestIteratorsYieldPointers checks the convention the package doc states:
// every exported function or method of every public package that returns
// an iter.Seq or iter.Seq2 yields a pointer (a *Case, a *Patient, a
// *Page[T]) or an interface whose values are pointers (allcarefhir's
// Resource, or a type parameter constrained by it), never a struct by
// value, and an iter.Seq2's second value is an error.
func TestIteratorsYieldPointers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every package's export data")
	}
	imp, public := publicPackages(t)

	var iterators, problems []string
	check := func(where string, sig *types.Signature) {
		for i := range sig.Results().Len() {
			n, ok := types.Unalias(sig.Results().At(i).Type()).(*types.Named)
			if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "iter" {
				continue
			}
			iterators = append(iterators, where)
			args := n.TypeArgs()
			if !yieldsPointer(args.At(0)) {
				problems = append(problems, where+" yields "+args.At(0).String())
			}
			if n.Obj().Name() == "Seq2" && args.At(1).String() != "error" {
				problems = append(problems, where+" yields "+args.At(1).String()+" as its second value")
			}
		}
	}
	for _, path := range public {
		pkg, err := imp.Import(path)
		if err != nil {
			t.Fatalf("import %s: %v", path, err)
		}
		if pkg.Name() == "main" {
			continue
		}
		scope := pkg.Scope()
		for _, name := range scope.Names() {
			obj := scope.Lookup(name)
			if !obj.Exported() {
				continue
			}
			switch obj := obj.(type) {
			case *types.Func:
				check(path+"."+name, obj.Type().(*types.Signature))
			case *types.TypeName:
				if _, ok := obj.Type().(*types.Alias); ok {
					continue
				}
				ms := types.NewMethodSet(types.NewPointer(obj.Type()))
				for i := range ms.Len() {
					m := ms.At(i).Obj()
					if m.Exported() {
						check(path+"."+name+"."+m.Name(), m.Type().(*types.Signature))
					}
				}
			}
		}
	}
	if len(iterators) < 20 {
		t.Fatalf("found only %d iterators: %v", len(iterators), iterators)
	}
	if len(problems) > 0 {
		t.Errorf("%d iterators do not yield pointers:\n%s", len(problems), strings.Join(problems, "\n"))
	}
}

func yieldsPointer(t types.Type) bool {
	switch t := types.Unalias(t).(type) {
	case *types.Pointer:
		return true
	case *types.TypeParam:
		return types.IsInterface(t.Constraint())
	case *types.Named:
		return types.IsInterface(t)
	}
	return false
}
