package apitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// Classes sorts a package's types for the redaction check. Every other
// exported type is a wire type: a request, a response, an event, an error,
// an option or an enum, which prints its own data (what the caller gave
// or the upstream sent) and never a secret it holds (a redact.Secret
// field, or a value of a Secret type).
type Classes struct {
	// Secret are the types that hold a credential, a state, a verifier or
	// a session (clients, logins, token sources, stores, receivers,
	// handles): no canary planted anywhere in them may appear in fmt's
	// %v %+v %#v %s %q, slog's text or JSON output, or json.Marshal.
	Secret []string
	// Record are credential records whose JSON form is their documented
	// storage format (a token for the token store): fmt and slog print
	// none of their content; json.Marshal keeps it.
	Record []string
}

// verbs are the fmt verbs every type is printed with.
var verbs = []string{"%v", "%+v", "%#v", "%s", "%q"}

// RedactionReport is what Redaction printed.
type RedactionReport struct {
	// Printed counts the exported types printed (interfaces hold no value
	// of their own and are not).
	Printed int
	// Interfaces counts the exported interface types.
	Interfaces int
	// WireHits counts the wire types that printed some of their data.
	WireHits int
}

// Redaction fills every exported type of p with canaries, prints it every
// way a program might, and fails t for any canary of a secret that
// appears (see Classes).
func Redaction(t *testing.T, p Package, c Classes) RedactionReport {
	t.Helper()
	secret := map[reflect.Type]bool{}
	record := map[reflect.Type]bool{}
	for _, n := range c.Secret {
		rt, ok := p.Types[n]
		if !ok {
			t.Fatalf("Classes.Secret names %s, which is not an exported type", n)
		}
		secret[rt] = true
	}
	for _, n := range c.Record {
		rt, ok := p.Types[n]
		if !ok {
			t.Fatalf("Classes.Record names %s, which is not an exported type", n)
		}
		record[rt] = true
	}
	var impls []reflect.Type
	for _, rt := range p.Types {
		if rt.Kind() == reflect.Struct {
			impls = append(impls, rt)
		}
	}
	sort.Slice(impls, func(i, j int) bool { return impls[i].String() < impls[j].String() })
	allSecret := map[reflect.Type]bool{}
	for k := range secret {
		allSecret[k] = true
	}
	for k := range record {
		allSecret[k] = true
	}

	var rep RedactionReport
	dataTypes := 0 // wire types with data of their own (not funcs)
	names := make([]string, 0, len(p.Types))
	for n := range p.Types {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		rt := p.Types[name]
		if rt.Kind() == reflect.Interface {
			rep.Interfaces++
			continue
		}
		rep.Printed++
		f := newFiller(allSecret, impls)
		ptr := reflect.New(rt)
		f.fill(ptr.Elem(), name, false, 0)
		values := []any{ptr.Interface()}
		if !noCopy(rt) {
			values = append(values, ptr.Elem().Interface())
		}
		wireHit := false
		for _, x := range values {
			leaked := map[string][]string{} // leaf path → channels
			var sample string
			for ch, out := range render(t, name, x) {
				leaves, partial := f.hits(out)
				if record[rt] && ch == "json.Marshal" {
					continue
				}
				if partial && (secret[rt] || record[rt]) {
					leaked["(part of a canary)"] = append(leaked["(part of a canary)"], ch)
					sample = out
				}
				for _, l := range leaves {
					if !f.leaves[l].secret {
						wireHit = true
						continue
					}
					p := f.leaves[l].path
					if !slices.Contains(leaked[p], ch) {
						leaked[p] = append(leaked[p], ch)
					}
					sample = out
				}
			}
			if len(leaked) > 0 {
				paths := slices.Sorted(maps.Keys(leaked))
				var b strings.Builder
				for i, p := range paths {
					if i == 8 {
						fmt.Fprintf(&b, "\n\t... and %d more", len(paths)-i)
						break
					}
					slices.Sort(leaked[p])
					fmt.Fprintf(&b, "\n\t%s through %s", p, strings.Join(leaked[p], ", "))
				}
				t.Errorf("%s (%T) prints secrets:%s\n\te.g. %s", name, x, b.String(), excerpt(sample))
			}
		}
		if wireHit {
			rep.WireHits++
		}
		if rt.Kind() != reflect.Func && !secret[rt] && !record[rt] {
			dataTypes++
		}
	}
	if dataTypes > 0 && rep.WireHits == 0 {
		t.Errorf("no wire type printed any of its data: the canaries were not planted")
	}
	return rep
}

func excerpt(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// render prints x every way: fmt verbs, slog text and JSON, json.Marshal.
// A panic while printing fails t.
func render(t *testing.T, name string, x any) map[string]string {
	out := map[string]string{}
	try := func(ch string, fn func() string) {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("%s (%T): printing through %s panics: %v", name, x, ch, r)
			}
		}()
		out[ch] = fn()
	}
	for _, v := range verbs {
		try("fmt "+v, func() string { return fmt.Sprintf(v, x) })
	}
	try("slog text", func() string {
		var b bytes.Buffer
		slog.New(slog.NewTextHandler(&b, nil)).Info("m", "v", x)
		return b.String()
	})
	try("slog JSON", func() string {
		var b bytes.Buffer
		slog.New(slog.NewJSONHandler(&b, nil)).Info("m", "v", x)
		return b.String()
	})
	try("json.Marshal", func() string {
		b, err := json.Marshal(x)
		if err != nil {
			return strings.ReplaceAll(err.Error(), "\n", " ")
		}
		return string(b)
	})
	return out
}
