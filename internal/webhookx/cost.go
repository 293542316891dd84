package webhookx

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// The decode budget: decoding a body may allocate at most MaxDecodeRatio
// times its size plus DecodeSlack bytes. A JSON element can be three bytes
// ("{},") and still become a Go struct of hundreds of bytes in a slice that
// encoding/json grows one element at a time (about five times the final
// size allocated in all): unchecked, a signed 8 MiB array of "{}" took
// about a gigabyte. Real deliveries take one to four times their size
// (their elements carry the members the structs hold); the ratio leaves
// room for long arrays of compact elements.
const (
	MaxDecodeRatio = 16
	DecodeSlack    = 256 << 10
)

// ErrTooCostly matches a body whose decode would exceed the budget (413).
var ErrTooCostly = fmt.Errorf("%w: decoding it would take too much memory", ErrTooLarge)

// CheckDecodeCost returns ErrTooCostly when decoding data into a new value
// of type t with encoding/json would allocate more than the budget. It
// allocates nothing itself (bar a cache of struct fields per type) and
// reads data once when it passes. Invalid JSON passes (the decoder reports
// it): only a body over the budget is checked for validity, so the
// decoder's own validation is the only other pass over an accepted body.
func CheckDecodeCost(data []byte, t reflect.Type) error {
	if DecodeCost(data, t) > MaxDecodeRatio*int64(len(data))+DecodeSlack && json.Valid(data) {
		return ErrTooCostly
	}
	return nil
}

// DecodeCost estimates the bytes encoding/json allocates to decode the
// valid JSON data into a new value of type t: the slices it grows (every
// intermediate array, as the runtime grows them), the pointers it fills,
// the strings it copies, and for a type with its own UnmarshalJSON twice
// the text it is given and twice its own size (the decoders of this module
// copy the text at most and decode into a temporary of about their size;
// lenient.OneOrMany counts as the slice it holds). Members the type does
// not have cost nothing, as they are skipped. On data that is not valid
// JSON it returns some estimate, without panicking.
func DecodeCost(data []byte, t reflect.Type) int64 {
	w := walker{data: data}
	_, cost := w.value(0, t)
	return cost
}

// walker walks valid JSON beside a Go type.
type walker struct{ data []byte }

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// value walks the JSON value at i decoded into t and returns where it ends
// and its cost.
func (w *walker) value(i int, t reflect.Type) (int, int64) {
	i = w.ws(i)
	if i >= len(w.data) {
		return i, 0
	}
	c := w.data[i]
	if c == 'n' { // null leaves the value as it is
		return w.skip(i), 0
	}
	if ci := customOf(t); ci.kind == customJSON || (c == '"' && ci.kind == customText) {
		if e := ci.oneOrMany; e != nil {
			if c == '[' {
				return w.slice(i, e)
			}
			end, cost := w.value(i, e)
			return end, cost + int64(e.Size())
		}
		// Its own decoder: charged twice its text and twice its size,
		// for the copy and the temporaries such decoders make.
		end := w.skip(i)
		return end, 2*int64(end-i) + 2*int64(t.Size())
	}
	switch t.Kind() {
	case reflect.Pointer:
		end, cost := w.value(i, t.Elem())
		return end, cost + int64(t.Elem().Size())
	case reflect.Struct:
		if c != '{' {
			return w.skip(i), 0
		}
		fm := fieldsOf(t)
		return w.object(i, func(key []byte, at int) (int, int64) {
			if ft, ok := fieldType(fm, key); ok {
				return w.value(at, ft)
			}
			return w.skip(at), 0
		})
	case reflect.Slice:
		if c == '"' && t.Elem().Kind() == reflect.Uint8 {
			end := w.skip(i)
			return end, int64(end - i)
		}
		if c != '[' {
			return w.skip(i), 0
		}
		return w.slice(i, t.Elem())
	case reflect.Array:
		if c != '[' {
			return w.skip(i), 0
		}
		return w.array(i, func(at int) (int, int64) { return w.value(at, t.Elem()) })
	case reflect.Map:
		if c != '{' {
			return w.skip(i), 0
		}
		entry := int64(t.Key().Size()+t.Elem().Size())*2 + 16
		return w.object(i, func(key []byte, at int) (int, int64) {
			end, cost := w.value(at, t.Elem())
			return end, cost + entry + int64(len(key))
		})
	case reflect.Interface:
		return w.anyValue(i)
	case reflect.String:
		end := w.skip(i)
		if c != '"' {
			return end, 0
		}
		return end, int64(end - i)
	}
	return w.skip(i), 0
}

// anyValue is the cost of a value decoded into an interface: maps,
// []any, strings and boxed numbers.
func (w *walker) anyValue(i int) (int, int64) {
	const boxed, entry = 16, 96
	if i >= len(w.data) {
		return i, 0
	}
	switch w.data[i] {
	case '{':
		end, cost := w.object(i, func(key []byte, at int) (int, int64) {
			end, cost := w.anyValue(w.ws(at))
			return end, cost + entry + int64(len(key))
		})
		return end, cost + 64
	case '[':
		n := 0
		end, cost := w.array(i, func(at int) (int, int64) {
			n++
			return w.anyValue(w.ws(at))
		})
		return end, cost + growthCost(n, boxed)
	case '"':
		end := w.skip(i)
		return end, int64(end-i) + boxed
	case 't', 'f', 'n':
		return w.skip(i), 0
	}
	return w.skip(i), boxed
}

// slice is the cost of an array decoded into a slice of e: the elements'
// own costs and every backing array the decoder allocates on the way.
func (w *walker) slice(i int, e reflect.Type) (int, int64) {
	n := 0
	end, cost := w.array(i, func(at int) (int, int64) {
		n++
		return w.value(at, e)
	})
	return end, cost + growthCost(n, int64(e.Size()))
}

// growthCost is what appending n elements of size one by one allocates:
// the runtime doubles a small slice and grows a large one by about a
// quarter (then rounds up to a size class, counted as an eighth more).
func growthCost(n int, size int64) int64 {
	if n == 0 || size == 0 {
		return 0
	}
	var total int64
	for c := 0; c < n; {
		switch {
		case c == 0:
			c = 1
		case c < 256:
			c *= 2
		default:
			c += (c + 3*256) / 4
		}
		total += int64(c) * size
	}
	return total + total/8
}

// object walks the members of the object at i, calling member with each
// key (unescaped) and the index of its value.
func (w *walker) object(i int, member func(key []byte, at int) (int, int64)) (int, int64) {
	var cost int64
	i = w.ws(i + 1)
	if i < len(w.data) && w.data[i] == '}' {
		return i + 1, 0
	}
	for i < len(w.data) {
		if w.data[i] != '"' {
			return len(w.data), cost // not JSON: the decoder will say so
		}
		kEnd := w.skip(i)
		if kEnd-1 <= i {
			return len(w.data), cost
		}
		key := w.data[i+1 : kEnd-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			var s string
			if json.Unmarshal(w.data[i:kEnd], &s) == nil {
				key = []byte(s)
			}
		}
		i = w.ws(kEnd) + 1 // ':'
		end, c := member(key, w.ws(i))
		cost += c
		i = w.ws(end)
		if i >= len(w.data) || w.data[i] == '}' {
			return i + 1, cost
		}
		i = w.ws(i + 1) // ','
	}
	return i, cost
}

// array walks the elements of the array at i.
func (w *walker) array(i int, elem func(at int) (int, int64)) (int, int64) {
	var cost int64
	i = w.ws(i + 1)
	if i < len(w.data) && w.data[i] == ']' {
		return i + 1, 0
	}
	for i < len(w.data) {
		end, c := elem(i)
		cost += c
		i = w.ws(end)
		if i >= len(w.data) || w.data[i] == ']' {
			return i + 1, cost
		}
		i = w.ws(i + 1) // ','
	}
	return i, cost
}

// ws skips white space.
func (w *walker) ws(i int) int {
	for i < len(w.data) {
		switch w.data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skip returns the end of the valid JSON value at i.
func (w *walker) skip(i int) int {
	i = w.ws(i)
	if i >= len(w.data) {
		return i
	}
	switch w.data[i] {
	case '"':
		return w.str(i)
	case '{', '[':
		depth := 0
		for i < len(w.data) {
			switch w.data[i] {
			case '"':
				i = w.str(i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	}
	for i < len(w.data) { // a number or a literal
		switch w.data[i] {
		case ',', ':', ']', '}', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// str returns the end of the string whose opening quote is at i (the end
// of data when it does not end).
func (w *walker) str(i int) int {
	for i++; i < len(w.data); i++ {
		switch w.data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(w.data)
}

// How a type decodes itself.
const (
	customNone = iota
	customJSON // json.Unmarshaler
	customText // encoding.TextUnmarshaler (used for JSON strings)
)

// customInfo is how a type decodes itself, and for lenient.OneOrMany[T],
// T.
type customInfo struct {
	kind      int
	oneOrMany reflect.Type
}

var customs sync.Map // reflect.Type -> customInfo

func customOf(t reflect.Type) customInfo {
	if ci, ok := customs.Load(t); ok {
		return ci.(customInfo)
	}
	ci, pt := customInfo{kind: customNone}, reflect.PointerTo(t)
	switch {
	case pt.Implements(jsonUnmarshaler):
		ci.kind = customJSON
	case pt.Implements(textUnmarshaler):
		ci.kind = customText
	}
	if e, ok := oneOrManyElem(t); ok {
		ci.oneOrMany = e
	}
	customs.Store(t, ci)
	return ci
}

// oneOrManyElem recognises lenient.OneOrMany[T] (a list that also arrives
// as one value) and returns T.
func oneOrManyElem(t reflect.Type) (reflect.Type, bool) {
	if t.Kind() != reflect.Struct || !strings.HasSuffix(t.PkgPath(), "/internal/lenient") ||
		!strings.HasPrefix(t.Name(), "OneOrMany[") || t.NumField() == 0 {
		return nil, false
	}
	f := t.Field(0)
	if f.Name != "Items" || f.Type.Kind() != reflect.Slice {
		return nil, false
	}
	return f.Type.Elem(), true
}

// fields maps a struct type to its JSON members' types, by lower-case
// name (encoding/json falls back to a case-insensitive match).
var fields sync.Map // reflect.Type -> map[string]reflect.Type

// fieldsOf returns t's JSON members by lower-case name (structFields),
// cached.
func fieldsOf(t reflect.Type) map[string]reflect.Type {
	m, ok := fields.Load(t)
	if !ok {
		m, _ = fields.LoadOrStore(t, structFields(t))
	}
	return m.(map[string]reflect.Type)
}

// fieldType looks key up in a struct's members (fieldsOf), ignoring case.
func fieldType(fm map[string]reflect.Type, key []byte) (reflect.Type, bool) {
	var buf [64]byte
	if len(key) > len(buf) {
		return nil, false
	}
	lower := buf[:len(key)]
	for i, c := range key {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	ft, ok := fm[string(lower)]
	return ft, ok
}

// structFields lists t's JSON members as encoding/json sees them,
// embedded structs' members included.
func structFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	var add func(t reflect.Type, depth int)
	add = func(t reflect.Type, depth int) {
		if depth > 8 {
			return
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" {
				ft := f.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					add(ft, depth+1)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			key := strings.ToLower(name)
			if _, dup := out[key]; !dup {
				out[key] = f.Type
			}
		}
	}
	add(t, 0)
	return out
}
