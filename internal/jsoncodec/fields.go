package jsoncodec

import (
	"cmp"
	"reflect"
	"slices"
	"strings"
	"unicode"
)

// field is a struct field as encoding/json sees it (typeFields).
type field struct {
	name   string
	folded string // foldName(name)
	tag    bool   // the name came from a json tag
	index  []int
	// ftyp is the field's type with one unnamed pointer followed: what
	// the string option applies to.
	ftyp   reflect.Type
	quoted bool
	// codec decodes the field's own type.
	codec *codec
	// path is the error context the field adds: the Go names of the
	// embedded structs it is reached through, then its name.
	path []string
	// embedPtr is set when index crosses an embedded pointer.
	embedPtr bool
	// pos is the field's position in its struct's list.
	pos int
}

// typeFields returns the fields encoding/json decodes for struct type t,
// in index order, with its rules: embedded structs flattened, Go's
// dominance rules modified by tags, "-" and unexported fields ignored.
// It is encoding/json's typeFields, without what only encoding needs.
func typeFields(t reflect.Type) []field {
	current := []field{}
	next := []field{{ftyp: t}}
	var count, nextCount map[reflect.Type]int
	visited := map[reflect.Type]bool{}
	var fields []field

	for len(next) > 0 {
		current, next = next, current[:0]
		count, nextCount = nextCount, map[reflect.Type]int{}

		for _, f := range current {
			if visited[f.ftyp] {
				continue
			}
			visited[f.ftyp] = true
			for i := 0; i < f.ftyp.NumField(); i++ {
				sf := f.ftyp.Field(i)
				if sf.Anonymous {
					t := sf.Type
					if t.Kind() == reflect.Pointer {
						t = t.Elem()
					}
					if !sf.IsExported() && t.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if !isValidTag(name) {
					name = ""
				}
				index := make([]int, len(f.index)+1)
				copy(index, f.index)
				index[len(f.index)] = i

				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				quoted := false
				if hasOption(opts, "string") {
					switch ft.Kind() {
					case reflect.Bool,
						reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
						reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
						reflect.Float32, reflect.Float64,
						reflect.String:
						quoted = true
					}
				}
				if name != "" || !sf.Anonymous || ft.Kind() != reflect.Struct {
					tagged := name != ""
					if name == "" {
						name = sf.Name
					}
					fields = append(fields, field{name: name, tag: tagged, index: index, ftyp: ft, quoted: quoted})
					if count[f.ftyp] > 1 {
						fields = append(fields, fields[len(fields)-1])
					}
					continue
				}
				nextCount[ft]++
				if nextCount[ft] == 1 {
					next = append(next, field{name: ft.Name(), index: index, ftyp: ft})
				}
			}
		}
	}

	slices.SortFunc(fields, func(a, b field) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		if c := cmp.Compare(len(a.index), len(b.index)); c != 0 {
			return c
		}
		if a.tag != b.tag {
			if a.tag {
				return -1
			}
			return +1
		}
		return slices.Compare(a.index, b.index)
	})
	out := fields[:0]
	for advance, i := 0, 0; i < len(fields); i += advance {
		fi := fields[i]
		for advance = 1; i+advance < len(fields); advance++ {
			if fields[i+advance].name != fi.name {
				break
			}
		}
		if advance == 1 {
			out = append(out, fi)
			continue
		}
		// The first is dominant unless the next is as shallow and as
		// tagged: then neither is decoded (Go's ambiguity rule).
		if len(fields[i].index) == len(fields[i+1].index) && fields[i].tag == fields[i+1].tag {
			continue
		}
		out = append(out, fi)
	}
	fields = out
	slices.SortFunc(fields, func(a, b field) int { return slices.Compare(a.index, b.index) })

	for k := range fields {
		f := &fields[k]
		f.pos = k
		f.folded = string(appendFoldedName(nil, []byte(f.name)))
		st := t
		for n, x := range f.index {
			if st.Kind() == reflect.Pointer {
				st = st.Elem()
				f.embedPtr = true
			}
			sf := st.Field(x)
			if n < len(f.index)-1 {
				f.path = append(f.path, sf.Name)
			}
			st = sf.Type
		}
		f.path = append(f.path, f.name)
		f.codec = valueCodec(st)
	}
	return fields
}

func hasOption(opts, name string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == name {
			return true
		}
	}
	return false
}

func isValidTag(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}
