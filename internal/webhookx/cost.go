package webhookx

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
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
	if DecodeCost(data, t) > MaxDecodeRatio*int64(len(data))+DecodeSlack && jsoncodec.Valid(data) {
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
// rxbridge.OneOrMany counts as the slice it holds). Members the type does
// not have cost nothing, as they are skipped; a member name is matched as
// encoding/json matches it (escapes, then case folding). On data that is
// not valid JSON it returns some estimate, without panicking.
//
// The walk follows a plan of t compiled once (cached per type), so it
// reads data once and looks nothing up but member names.
func DecodeCost(data []byte, t reflect.Type) int64 {
	w := walker{data: data}
	_, cost := w.value(0, planOf(t))
	return cost
}

// walker walks valid JSON beside a type's plan.
type walker struct{ data []byte }

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// value walks the JSON value at i decoded into n's type and returns where
// it ends and its cost.
func (w *walker) value(i int, n *node) (int, int64) {
	i = jsoncodec.SkipWS(w.data, i)
	if i >= len(w.data) {
		return i, 0
	}
	c := w.data[i]
	if c == 'n' { // null leaves the value as it is
		return w.skip(i), 0
	}
	switch n.kind {
	case kindOneOrMany:
		if c == '[' {
			return w.slice(i, n.elem)
		}
		end, cost := w.value(i, n.elem)
		return end, cost + n.elem.size
	case kindText:
		if c != '"' {
			break
		}
		fallthrough
	case kindCustom:
		// Its own decoder: charged twice its text and twice its size,
		// for the copy and the temporaries such decoders make.
		end := w.skip(i)
		return end, 2*int64(end-i) + 2*n.size
	}
	switch n.kind {
	case kindPointer:
		end, cost := w.value(i, n.elem)
		return end, cost + n.elem.size
	case kindStruct:
		if c != '{' {
			return w.skip(i), 0
		}
		return w.object(i, func(key []byte, at int) (int, int64) {
			if f := n.field(key); f != nil {
				return w.value(at, f)
			}
			return w.skip(at), 0
		})
	case kindSlice:
		if c == '"' && n.bytes {
			end := w.skip(i)
			return end, int64(end - i)
		}
		if c != '[' {
			return w.skip(i), 0
		}
		return w.slice(i, n.elem)
	case kindArray:
		if c != '[' {
			return w.skip(i), 0
		}
		return w.array(i, func(at int) (int, int64) { return w.value(at, n.elem) })
	case kindMap:
		if c != '{' {
			return w.skip(i), 0
		}
		return w.object(i, func(key []byte, at int) (int, int64) {
			end, cost := w.value(at, n.elem)
			return end, cost + n.entry + int64(len(key))
		})
	case kindInterface:
		return w.anyValue(i)
	case kindString:
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
			end, cost := w.anyValue(jsoncodec.SkipWS(w.data, at))
			return end, cost + entry + int64(len(key))
		})
		return end, cost + 64
	case '[':
		n := 0
		end, cost := w.array(i, func(at int) (int, int64) {
			n++
			return w.anyValue(jsoncodec.SkipWS(w.data, at))
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
func (w *walker) slice(i int, e *node) (int, int64) {
	n := 0
	end, cost := w.array(i, func(at int) (int, int64) {
		n++
		return w.value(at, e)
	})
	return end, cost + growthCost(n, e.size)
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
// key as written (quotes included) and the index of its value.
func (w *walker) object(i int, member func(key []byte, at int) (int, int64)) (int, int64) {
	var cost int64
	i = jsoncodec.SkipWS(w.data, i+1)
	if jsoncodec.At(w.data, i) == '}' {
		return i + 1, 0
	}
	for i < len(w.data) {
		kEnd := jsoncodec.SkipString(w.data, i)
		if kEnd < 0 {
			return len(w.data), cost // not JSON: the decoder will say so
		}
		key := w.data[i:kEnd]
		i = jsoncodec.SkipWS(w.data, kEnd) + 1 // ':'
		end, c := member(key, jsoncodec.SkipWS(w.data, i))
		cost += c
		i = jsoncodec.SkipWS(w.data, end)
		if i >= len(w.data) || w.data[i] == '}' {
			return i + 1, cost
		}
		i = jsoncodec.SkipWS(w.data, i+1) // ','
	}
	return i, cost
}

// array walks the elements of the array at i.
func (w *walker) array(i int, elem func(at int) (int, int64)) (int, int64) {
	var cost int64
	i = jsoncodec.SkipWS(w.data, i+1)
	if jsoncodec.At(w.data, i) == ']' {
		return i + 1, 0
	}
	for i < len(w.data) {
		end, c := elem(i)
		cost += c
		i = jsoncodec.SkipWS(w.data, end)
		if i >= len(w.data) || w.data[i] == ']' {
			return i + 1, cost
		}
		i = jsoncodec.SkipWS(w.data, i+1) // ','
	}
	return i, cost
}

// skip returns the end of the JSON value at i (after white space), or the
// end of data when it is not one.
func (w *walker) skip(i int) int {
	i = jsoncodec.SkipWS(w.data, i)
	if end := jsoncodec.SkipValue(w.data, i); end > i {
		return end
	}
	return len(w.data)
}

// A node is the plan of a type's walk: how a value of it decodes, and
// the plans of what it holds.
type node struct {
	kind  uint8
	size  int64
	elem  *node // pointer, slice, array, map (its value), OneOrMany
	bytes bool  // a []byte (a JSON string is base64)
	entry int64 // a map entry's cost
	// A struct's members by their name in lower case (ASCII), and in
	// order for the names that need encoding/json's full matching.
	fields map[string]*node
	names  []string
	nodes  []*node
}

// Node kinds.
const (
	kindOther     uint8 = iota
	kindCustom          // json.Unmarshaler
	kindText            // encoding.TextUnmarshaler (used for JSON strings)
	kindOneOrMany       // rxbridge.OneOrMany[T]: elem is T
	kindPointer
	kindStruct
	kindSlice
	kindArray
	kindMap
	kindInterface
	kindString
)

// field is the plan of the struct member named key (as written, quotes
// included), or nil when the struct has none.
func (n *node) field(key []byte) *node {
	var buf [64]byte
	if len(key) < 2 || len(key)-2 > len(buf) {
		return n.foldedField(key)
	}
	lower := buf[:len(key)-2]
	for i, c := range key[1 : len(key)-1] {
		switch {
		case c == '\\' || c >= 0x80:
			return n.foldedField(key)
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	return n.fields[string(lower)]
}

// foldedField matches an escaped, non-ASCII or long name as encoding/json
// does (unescaped, then without regard to case, K and ſ included).
func (n *node) foldedField(key []byte) *node {
	for i, name := range n.names {
		if jsoncodec.KeyIs(key, name) {
			return n.nodes[i]
		}
	}
	return nil
}

// plans caches the plan of each type walked: reflect.Type -> *node.
var plans sync.Map

// planOf returns t's plan, compiled once.
func planOf(t reflect.Type) *node {
	if n, ok := plans.Load(t); ok {
		return n.(*node)
	}
	n := compile(t, map[reflect.Type]*node{})
	actual, _ := plans.LoadOrStore(t, n)
	return actual.(*node)
}

// compile builds t's plan; seen holds the plans under construction, so a
// recursive type's plan refers to itself.
func compile(t reflect.Type, seen map[reflect.Type]*node) *node {
	if n, ok := seen[t]; ok {
		return n
	}
	n := &node{size: int64(t.Size())}
	seen[t] = n
	pt := reflect.PointerTo(t)
	switch {
	case oneOrManyElem(t) != nil:
		n.kind, n.elem = kindOneOrMany, compile(oneOrManyElem(t), seen)
		return n
	case pt.Implements(jsonUnmarshaler):
		n.kind = kindCustom
		return n
	case pt.Implements(textUnmarshaler):
		n.kind = kindText
		return n
	}
	switch t.Kind() {
	case reflect.Pointer:
		n.kind, n.elem = kindPointer, compile(t.Elem(), seen)
	case reflect.Struct:
		n.kind, n.fields = kindStruct, map[string]*node{}
		for _, f := range structFields(t) {
			fn := compile(f.t, seen)
			n.names, n.nodes = append(n.names, f.name), append(n.nodes, fn)
			if key := strings.ToLower(f.name); n.fields[key] == nil {
				n.fields[key] = fn
			}
		}
	case reflect.Slice:
		n.kind, n.elem, n.bytes = kindSlice, compile(t.Elem(), seen), t.Elem().Kind() == reflect.Uint8
	case reflect.Array:
		n.kind, n.elem = kindArray, compile(t.Elem(), seen)
	case reflect.Map:
		n.kind, n.elem = kindMap, compile(t.Elem(), seen)
		n.entry = int64(t.Key().Size()+t.Elem().Size())*2 + 16
	case reflect.Interface:
		n.kind = kindInterface
	case reflect.String:
		n.kind = kindString
	}
	return n
}

// oneOrManyElem recognises rxbridge.OneOrMany[T] (a list that also
// arrives as one value) and returns T, or nil.
func oneOrManyElem(t reflect.Type) reflect.Type {
	if t.Kind() != reflect.Struct || t.PkgPath() != reflect.TypeFor[rxbridge.OneOrMany[struct{}]]().PkgPath() ||
		!strings.HasPrefix(t.Name(), "OneOrMany[") || t.NumField() == 0 {
		return nil
	}
	f := t.Field(0)
	if f.Name != "Items" || f.Type.Kind() != reflect.Slice {
		return nil
	}
	return f.Type.Elem()
}

// member is a struct's JSON member: its name and type.
type member struct {
	name string
	t    reflect.Type
}

// structFields lists t's JSON members as encoding/json sees them,
// embedded structs' members included, the first of a name (ignoring case)
// kept.
func structFields(t reflect.Type) []member {
	var out []member
	seen := map[string]bool{}
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
			if key := strings.ToLower(name); !seen[key] {
				seen[key] = true
				out = append(out, member{name, f.Type})
			}
		}
	}
	add(t, 0)
	return out
}
