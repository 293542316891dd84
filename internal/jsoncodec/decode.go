package jsoncodec

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// ErrSyntax is returned by UnmarshalValid for input that is not JSON (it
// does not check its input: Unmarshal does, and returns encoding/json's
// *json.SyntaxError instead).
var ErrSyntax = errors.New("jsoncodec: malformed JSON")

// Unmarshal decodes the JSON data into v as json.Unmarshal does: the same
// values, the same errors (*json.SyntaxError, *json.UnmarshalTypeError,
// *json.InvalidUnmarshalError, or an Unmarshaler's own error), the same
// handling of what v already holds. data is checked once; then every
// nested value is decoded from a cursor over it, and a json.Unmarshaler
// is given its value's bytes without a copy.
func Unmarshal(data []byte, v any) error {
	if !Valid(data) {
		return json.Unmarshal(data, v) // its *json.SyntaxError; v is untouched
	}
	return UnmarshalValid(data, v)
}

// UnmarshalValid is Unmarshal for data known to be valid JSON: the bytes
// a json.Unmarshaler is given, or a slice of input already checked. It
// does not check data again; given anything else it never panics, and
// returns ErrSyntax or decodes some of it.
func UnmarshalValid(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return &json.InvalidUnmarshalError{Type: reflect.TypeOf(v)}
	}
	d := statePool.Get().(*decodeState)
	d.data = data
	end, err := valueCodec(rv.Type()).get()(d, SkipWS(data, 0), rv)
	if err == nil && SkipWS(data, end) != len(data) {
		err = ErrSyntax
	}
	if err == nil {
		err = d.saved
	}
	d.data, d.saved, d.ctx = nil, nil, d.ctxBuf[:0]
	d.strs.Clear()
	statePool.Put(d)
	return err
}

var statePool = sync.Pool{New: func() any {
	d := new(decodeState)
	d.ctx = d.ctxBuf[:0]
	return d
}}

// decodeState is one decode's input, its first saved error and the
// error context (the struct fields being decoded), as encoding/json keeps
// them.
type decodeState struct {
	data   []byte
	saved  error
	ctx    []ctxEntry
	ctxBuf [16]ctxEntry
	strs   Strings
}

type ctxEntry struct {
	t reflect.Type
	f *field
}

// saveError keeps the first error, for the end of the decode.
func (d *decodeState) saveError(err error) {
	if d.saved == nil {
		d.saved = d.addContext(err)
	}
}

// addContext names the struct and field path in an *UnmarshalTypeError.
func (d *decodeState) addContext(err error) error {
	if len(d.ctx) == 0 {
		return err
	}
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		te.Struct = d.ctx[len(d.ctx)-1].t.Name()
		var path []string
		for _, c := range d.ctx {
			path = append(path, c.f.path...)
		}
		if te.Field != "" {
			path = append(path, te.Field)
		}
		te.Field = strings.Join(path, ".")
	}
	return err
}

// mismatch records that the value at i does not fit type t and skips it.
func (d *decodeState) mismatch(i int, t reflect.Type) (int, error) {
	end := SkipValue(d.data, i)
	if end < 0 {
		return i, ErrSyntax
	}
	d.saveError(&json.UnmarshalTypeError{Value: valueKind(d.data[i]), Type: t, Offset: typeErrOffset(d.data[i], i, end)})
	return end, nil
}

// valueKind names a JSON value by its first byte, as encoding/json's type
// errors do.
func valueKind(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// typeErrOffset is the Offset encoding/json gives a type error: after
// the opening bracket of an object or array, after a literal.
func typeErrOffset(c byte, i, end int) int64 {
	if c == '{' || c == '[' {
		return int64(i + 1)
	}
	return int64(end)
}

type decodeFunc func(d *decodeState, i int, v reflect.Value) (int, error)

// codec decodes values of one type; it is built on first use, so that
// recursive types can refer to their own codec.
type codec struct {
	once  sync.Once
	t     reflect.Type
	build func(*codec) decodeFunc
	fn    decodeFunc
}

func (c *codec) get() decodeFunc {
	c.once.Do(func() { c.fn = c.build(c) })
	return c.fn
}

var (
	valueCodecs sync.Map // reflect.Type → *codec
	kindCodecs  sync.Map // reflect.Type → *codec

	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	rawMessageType      = reflect.TypeFor[json.RawMessage]()
	numberType          = reflect.TypeFor[json.Number]()
	float64Type         = reflect.TypeFor[float64]()
)

// valueCodec returns the codec of an addressable value of type t: for a
// named type whose pointer has UnmarshalJSON or UnmarshalText, that
// method (encoding/json takes the address of such a value first).
func valueCodec(t reflect.Type) *codec {
	if c, ok := valueCodecs.Load(t); ok {
		return c.(*codec)
	}
	var c *codec
	if t.Kind() != reflect.Pointer && t.Name() != "" {
		pt := reflect.PointerTo(t)
		if pt.Implements(unmarshalerType) || pt.Implements(textUnmarshalerType) {
			c = &codec{t: t, build: buildAddr}
		}
	}
	if c == nil {
		c = kindCodec(t)
	}
	actual, _ := valueCodecs.LoadOrStore(t, c)
	return actual.(*codec)
}

// kindCodec returns the codec that decodes by t's kind, without looking
// for methods on t's address.
func kindCodec(t reflect.Type) *codec {
	if c, ok := kindCodecs.Load(t); ok {
		return c.(*codec)
	}
	c := &codec{t: t, build: buildKind}
	actual, _ := kindCodecs.LoadOrStore(t, c)
	return actual.(*codec)
}

func buildKind(c *codec) decodeFunc {
	t := c.t
	switch t.Kind() {
	case reflect.Pointer:
		return newPtrCodec(t).decode
	case reflect.Interface:
		return func(d *decodeState, i int, v reflect.Value) (int, error) {
			return decodeInterface(d, i, v, v.Type(), true)
		}
	case reflect.Struct:
		return newStructCodec(t).decode
	case reflect.Slice:
		return newSliceCodec(t)
	case reflect.Array:
		return newArrayCodec(t)
	case reflect.Map:
		return newMapCodec(t)
	case reflect.String:
		if t == numberType {
			return decodeNumber
		}
		return decodeString
	case reflect.Bool:
		return decodeBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return decodeInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return decodeUint
	case reflect.Float32, reflect.Float64:
		return decodeFloat
	}
	return decodeUnsupported
}

// buildAddr is the codec of a named non-pointer type whose pointer
// implements json.Unmarshaler or encoding.TextUnmarshaler.
func buildAddr(c *codec) decodeFunc {
	t := c.t
	pt := reflect.PointerTo(t)
	kind := kindCodec(t)
	switch {
	case t == rawMessageType:
		return func(d *decodeState, i int, v reflect.Value) (int, error) {
			end := SkipValue(d.data, i)
			if end < 0 {
				return i, ErrSyntax
			}
			v.SetBytes(append(v.Bytes()[:0], d.data[i:end]...))
			return end, nil
		}
	case pt.Implements(unmarshalerType):
		return func(d *decodeState, i int, v reflect.Value) (int, error) {
			if !v.CanAddr() {
				return kind.get()(d, i, v)
			}
			u, _ := reflect.TypeAssert[json.Unmarshaler](v.Addr())
			return d.callUnmarshaler(i, u)
		}
	}
	return func(d *decodeState, i int, v reflect.Value) (int, error) {
		if !v.CanAddr() || At(d.data, i) == 'n' {
			return kind.get()(d, i, v)
		}
		u, _ := reflect.TypeAssert[encoding.TextUnmarshaler](v.Addr())
		return d.callTextUnmarshaler(i, u, t)
	}
}

// callUnmarshaler gives u the bytes of the value at i.
func (d *decodeState) callUnmarshaler(i int, u json.Unmarshaler) (int, error) {
	end := SkipValue(d.data, i)
	if end < 0 {
		return i, ErrSyntax
	}
	if err := u.UnmarshalJSON(d.data[i:end]); err != nil {
		return end, d.addContext(err)
	}
	return end, nil
}

// callTextUnmarshaler gives u the text of the string at i; any other
// value (null excepted, handled by the caller) is a type error against
// t, the type of the value the decode started from.
func (d *decodeState) callTextUnmarshaler(i int, u encoding.TextUnmarshaler, t reflect.Type) (int, error) {
	if At(d.data, i) != '"' {
		return d.mismatch(i, t)
	}
	end := SkipString(d.data, i)
	if end < 0 {
		return i, ErrSyntax
	}
	s, ok := UnquoteBytes(d.data[i:end])
	if !ok {
		return i, ErrSyntax
	}
	if err := u.UnmarshalText(s); err != nil {
		return end, d.addContext(err)
	}
	return end, nil
}

// ptrLevel is one pointer of a chain (*T, **T...).
type ptrLevel struct {
	t      reflect.Type
	u, tu  bool // t implements json.Unmarshaler, encoding.TextUnmarshaler
	toIntf bool // t points to an interface
}

// ptrCodec follows a chain of pointers as encoding/json's indirect does:
// null sets the first settable pointer to nil, a nil pointer is
// allocated, and the first pointer with UnmarshalJSON (or UnmarshalText,
// for a string) decodes the value.
type ptrCodec struct {
	levels []ptrLevel
	final  *codec // kind codec of the type at the end of the chain
	intf   bool   // that type is an interface
}

var ptrCodecs sync.Map // reflect.Type → *ptrCodec

func newPtrCodec(t reflect.Type) *ptrCodec {
	if c, ok := ptrCodecs.Load(t); ok {
		return c.(*ptrCodec)
	}
	pc := &ptrCodec{}
	for t.Kind() == reflect.Pointer {
		pc.levels = append(pc.levels, ptrLevel{t: t, u: t.Implements(unmarshalerType),
			tu: t.Implements(textUnmarshalerType), toIntf: t.Elem().Kind() == reflect.Interface})
		t = t.Elem()
	}
	pc.final = kindCodec(t)
	pc.intf = t.Kind() == reflect.Interface
	actual, _ := ptrCodecs.LoadOrStore(pc.levels[0].t, pc)
	return actual.(*ptrCodec)
}

func (pc *ptrCodec) decode(d *decodeState, i int, v reflect.Value) (int, error) {
	return pc.decodeFrom(d, i, v, v.Type())
}

// decodeFrom decodes into the chain starting at v; origin is the type
// the decode started from, which type errors against UnmarshalText name.
func (pc *ptrCodec) decodeFrom(d *decodeState, i int, v reflect.Value, origin reflect.Type) (int, error) {
	null := At(d.data, i) == 'n'
	for k := range pc.levels {
		lv := &pc.levels[k]
		if null && v.CanSet() {
			v.SetZero()
			return i + 4, nil
		}
		if lv.toIntf && !v.IsNil() {
			if e := v.Elem(); !e.IsNil() && e.Elem().Kind() == reflect.Pointer && e.Elem().Equal(v) {
				// An interface that holds its own address.
				return decodeInterface(d, i, e, origin, false)
			}
		}
		if v.IsNil() {
			if !v.CanSet() {
				return i, &json.InvalidUnmarshalError{Type: v.Type()}
			}
			v.Set(reflect.New(lv.t.Elem()))
		}
		if lv.u {
			u, _ := reflect.TypeAssert[json.Unmarshaler](v)
			return d.callUnmarshaler(i, u)
		}
		if lv.tu && !null {
			u, _ := reflect.TypeAssert[encoding.TextUnmarshaler](v)
			return d.callTextUnmarshaler(i, u, origin)
		}
		v = v.Elem()
	}
	if pc.intf {
		return decodeInterface(d, i, v, origin, true)
	}
	return pc.final.get()(d, i, v)
}

// decodeInterface decodes into an interface value: into the pointer it
// holds (when descend), else a new value (any) or a type error.
func decodeInterface(d *decodeState, i int, v reflect.Value, origin reflect.Type, descend bool) (int, error) {
	c := At(d.data, i)
	null := c == 'n'
	if descend && !v.IsNil() {
		e := v.Elem()
		if e.Kind() == reflect.Pointer && !e.IsNil() && (!null || e.Elem().Kind() == reflect.Pointer) {
			return newPtrCodec(e.Type()).decodeFrom(d, i, e, origin)
		}
	}
	if null {
		v.SetZero()
		return i + 4, nil
	}
	if v.NumMethod() != 0 {
		if c != '{' && c != '[' && c != '"' && c != 't' && c != 'f' {
			end := SkipValue(d.data, i)
			if end < 0 {
				return i, ErrSyntax
			}
			if _, err := strconv.ParseFloat(string(d.data[i:end]), 64); err != nil {
				d.saveError(&json.UnmarshalTypeError{Value: "number " + string(d.data[i:end]), Type: float64Type, Offset: int64(end + 1)})
				return end, nil
			}
		}
		return d.mismatch(i, v.Type())
	}
	x, end, err := d.anyValue(i)
	if err != nil {
		return end, err
	}
	if x == nil {
		// A number that did not parse: encoding/json saves the error and
		// leaves the interface as it was.
		if c != '{' && c != '[' && c != '"' && c != 't' && c != 'f' {
			return end, nil
		}
		v.SetZero()
		return end, nil
	}
	v.Set(reflect.ValueOf(x))
	return end, nil
}

// anyValue decodes the value at i as encoding/json decodes into an empty
// interface: map[string]any, []any, string, float64, bool or nil.
func (d *decodeState) anyValue(i int) (any, int, error) {
	b := d.data
	switch At(b, i) {
	case '{':
		m := make(map[string]any)
		i = SkipWS(b, i+1)
		if At(b, i) == '}' {
			return m, i + 1, nil
		}
		for {
			kEnd := SkipString(b, i)
			if kEnd < 0 {
				return nil, i, ErrSyntax
			}
			key, ok := Unquote(b[i:kEnd])
			if !ok {
				return nil, i, ErrSyntax
			}
			i = SkipWS(b, kEnd)
			if At(b, i) != ':' {
				return nil, i, ErrSyntax
			}
			x, end, err := d.anyValue(SkipWS(b, i+1))
			if err != nil {
				return nil, end, err
			}
			m[key] = x
			i = SkipWS(b, end)
			switch At(b, i) {
			case ',':
				i = SkipWS(b, i+1)
			case '}':
				return m, i + 1, nil
			default:
				return nil, i, ErrSyntax
			}
		}
	case '[':
		a := make([]any, 0)
		i = SkipWS(b, i+1)
		if At(b, i) == ']' {
			return a, i + 1, nil
		}
		for {
			x, end, err := d.anyValue(i)
			if err != nil {
				return nil, end, err
			}
			a = append(a, x)
			i = SkipWS(b, end)
			switch At(b, i) {
			case ',':
				i = SkipWS(b, i+1)
			case ']':
				return a, i + 1, nil
			default:
				return nil, i, ErrSyntax
			}
		}
	case '"':
		end := SkipString(b, i)
		if end < 0 {
			return nil, i, ErrSyntax
		}
		s, ok := Unquote(b[i:end])
		if !ok {
			return nil, i, ErrSyntax
		}
		return s, end, nil
	case 't':
		if HasLiteral(b, i, "true") {
			return true, i + 4, nil
		}
	case 'f':
		if HasLiteral(b, i, "false") {
			return false, i + 5, nil
		}
	case 'n':
		if HasLiteral(b, i, "null") {
			return nil, i + 4, nil
		}
	default:
		end := SkipValue(b, i)
		if end < 0 {
			return nil, i, ErrSyntax
		}
		f, err := strconv.ParseFloat(string(b[i:end]), 64)
		if err != nil {
			d.saveError(&json.UnmarshalTypeError{Value: "number " + string(b[i:end]), Type: float64Type, Offset: int64(end + 1)})
			return nil, end, nil
		}
		return f, end, nil
	}
	return nil, i, ErrSyntax
}

// structCodec decodes a JSON object into a struct's fields.
type structCodec struct {
	t      reflect.Type
	fields []field
	exact  map[string]*field
	folded map[string]*field
}

func newStructCodec(t reflect.Type) *structCodec {
	sc := &structCodec{t: t, fields: typeFields(t)}
	sc.exact = make(map[string]*field, len(sc.fields))
	sc.folded = make(map[string]*field, len(sc.fields))
	for k := range sc.fields {
		f := &sc.fields[k]
		sc.exact[f.name] = f
		if _, ok := sc.folded[f.folded]; !ok {
			sc.folded[f.folded] = f
		}
	}
	return sc
}

// lookup finds the field of a member name (content of the key, unquoted):
// exactly, else without regard to case. next is the field after the last
// one found: members usually come in declaration order.
func (sc *structCodec) lookup(key []byte, next int) *field {
	if next < len(sc.fields) && string(key) == sc.fields[next].name {
		return &sc.fields[next]
	}
	if f := sc.exact[string(key)]; f != nil {
		return f
	}
	var buf [64]byte
	return sc.folded[string(appendFoldedName(buf[:0], key))]
}

func (sc *structCodec) decode(d *decodeState, i int, v reflect.Value) (int, error) {
	b := d.data
	switch At(b, i) {
	case '{':
	case 'n':
		if HasLiteral(b, i, "null") {
			return i + 4, nil
		}
		return i, ErrSyntax
	default:
		return d.mismatch(i, sc.t)
	}
	i = SkipWS(b, i+1)
	if At(b, i) == '}' {
		return i + 1, nil
	}
	next := 0
	for {
		if At(b, i) != '"' {
			return i, ErrSyntax
		}
		// The key: its content, unquoted only when it must be.
		j := i + 1
		for j < len(b) && b[j] != '"' && b[j] != '\\' && b[j] < 0x80 {
			j++
		}
		var key []byte
		kEnd := j + 1
		if At(b, j) == '"' {
			key = b[i+1 : j]
		} else {
			kEnd = SkipString(b, i)
			if kEnd < 0 {
				return i, ErrSyntax
			}
			var ok bool
			if key, ok = UnquoteBytes(b[i:kEnd]); !ok {
				return i, ErrSyntax
			}
		}
		i = SkipWS(b, kEnd)
		if At(b, i) != ':' {
			return i, ErrSyntax
		}
		i = SkipWS(b, i+1)
		var end int
		if f := sc.lookup(key, next); f != nil {
			next = f.pos + 1
			fv, ok := d.fieldValue(v, f)
			var err error
			switch {
			case !ok:
				end = SkipValue(b, i)
			default:
				d.ctx = append(d.ctx, ctxEntry{t: sc.t, f: f})
				if f.quoted {
					end, err = d.decodeQuoted(i, fv)
				} else {
					end, err = f.codec.get()(d, i, fv)
				}
				if err != nil {
					return end, err
				}
				d.ctx = d.ctx[:len(d.ctx)-1]
			}
		} else {
			end = SkipValue(b, i)
		}
		if end < 0 {
			return i, ErrSyntax
		}
		i = SkipWS(b, end)
		switch At(b, i) {
		case ',':
			i = SkipWS(b, i+1)
		case '}':
			return i + 1, nil
		default:
			return i, ErrSyntax
		}
	}
}

// fieldValue walks to f in v, allocating the embedded pointers on the
// way; ok is false (and an error saved) for a nil embedded pointer to an
// unexported struct, which cannot be set.
func (d *decodeState) fieldValue(v reflect.Value, f *field) (reflect.Value, bool) {
	if !f.embedPtr {
		if len(f.index) == 1 {
			return v.Field(f.index[0]), true
		}
		return v.FieldByIndex(f.index), true
	}
	for _, x := range f.index {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					d.saveError(fmt.Errorf("json: cannot set embedded pointer to unexported struct: %v", v.Type().Elem()))
					return reflect.Value{}, false
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// Slices: an array decoded element by element into the slice's existing
// backing array (grown as needed), null to nil, a string into []byte as
// base64.
func newSliceCodec(t reflect.Type) decodeFunc {
	elem := valueCodec(t.Elem())
	bytesElem := t.Elem().Kind() == reflect.Uint8
	big := t.Elem().Size() >= 64
	empty := reflect.MakeSlice(t, 0, 0)
	return func(d *decodeState, i int, v reflect.Value) (int, error) {
		b := d.data
		switch At(b, i) {
		case '[':
		case 'n':
			v.SetZero()
			return i + 4, nil
		case '"':
			if bytesElem {
				return d.decodeBase64(i, v)
			}
			return d.mismatch(i, t)
		default:
			return d.mismatch(i, t)
		}
		fn := elem.get()
		i = SkipWS(b, i+1)
		n := 0
		if At(b, i) != ']' {
			if big && v.Cap() < 2 {
				// Large elements: size the backing array once, rather
				// than grow it by doubling (which allocates and copies
				// about twice the final size).
				if count := CountItems(b, i); count > v.Cap() {
					l := v.Len()
					v.SetLen(v.Cap())
					v.Grow(count - v.Cap())
					v.SetLen(l)
				}
			}
			for {
				if n >= v.Cap() {
					v.Grow(1)
				}
				if n >= v.Len() {
					v.SetLen(n + 1)
				}
				end, err := fn(d, i, v.Index(n))
				if err != nil {
					return end, err
				}
				n++
				i = SkipWS(b, end)
				if At(b, i) == ',' {
					i = SkipWS(b, i+1)
					continue
				}
				if At(b, i) != ']' {
					return i, ErrSyntax
				}
				break
			}
		}
		if n < v.Len() {
			v.SetLen(n)
		}
		if n == 0 {
			v.Set(empty)
		}
		return i + 1, nil
	}
}

// countItems returns the number of items of the array whose first item
// starts at b[i].
func CountItems(b []byte, i int) int {
	n := 0
	for {
		end := SkipValue(b, i)
		if end < 0 {
			return n
		}
		n++
		i = SkipWS(b, end)
		if At(b, i) != ',' {
			return n
		}
		i = SkipWS(b, i+1)
	}
}

func (d *decodeState) decodeBase64(i int, v reflect.Value) (int, error) {
	end := SkipString(d.data, i)
	if end < 0 {
		return i, ErrSyntax
	}
	s, ok := UnquoteBytes(d.data[i:end])
	if !ok {
		return i, ErrSyntax
	}
	out := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
	n, err := base64.StdEncoding.Decode(out, s)
	if err != nil {
		d.saveError(err)
		return end, nil
	}
	v.SetBytes(out[:n])
	return end, nil
}

// Arrays: elements beyond the array's length are skipped, missing ones
// zeroed; null leaves the array as it is.
func newArrayCodec(t reflect.Type) decodeFunc {
	elem := valueCodec(t.Elem())
	return func(d *decodeState, i int, v reflect.Value) (int, error) {
		b := d.data
		switch At(b, i) {
		case '[':
		case 'n':
			return i + 4, nil
		default:
			return d.mismatch(i, t)
		}
		fn := elem.get()
		i = SkipWS(b, i+1)
		n := 0
		if At(b, i) != ']' {
			for {
				var end int
				if n < v.Len() {
					var err error
					if end, err = fn(d, i, v.Index(n)); err != nil {
						return end, err
					}
				} else if end = SkipValue(b, i); end < 0 {
					return i, ErrSyntax
				}
				n++
				i = SkipWS(b, end)
				if At(b, i) == ',' {
					i = SkipWS(b, i+1)
					continue
				}
				if At(b, i) != ']' {
					return i, ErrSyntax
				}
				break
			}
		}
		for ; n < v.Len(); n++ {
			v.Index(n).SetZero()
		}
		return i + 1, nil
	}
}

// Maps: keys of string, integer or encoding.TextUnmarshaler types; each
// member decoded into a fresh element, then stored.
func newMapCodec(t reflect.Type) decodeFunc {
	kt := t.Key()
	elem := valueCodec(t.Elem())
	textKey := reflect.PointerTo(kt).Implements(textUnmarshalerType)
	switch kt.Kind() {
	case reflect.String,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
	default:
		if !textKey {
			return func(d *decodeState, i int, v reflect.Value) (int, error) {
				if At(d.data, i) == 'n' {
					v.SetZero()
					return i + 4, nil
				}
				return d.mismatch(i, t)
			}
		}
	}
	return func(d *decodeState, i int, v reflect.Value) (int, error) {
		b := d.data
		switch At(b, i) {
		case '{':
		case 'n':
			v.SetZero()
			return i + 4, nil
		default:
			return d.mismatch(i, t)
		}
		if v.IsNil() {
			v.Set(reflect.MakeMap(t))
		}
		fn := elem.get()
		var ev reflect.Value
		i = SkipWS(b, i+1)
		if At(b, i) == '}' {
			return i + 1, nil
		}
		for {
			kStart := i
			kEnd := SkipString(b, i)
			if kEnd < 0 {
				return i, ErrSyntax
			}
			item := b[i:kEnd]
			key, ok := UnquoteBytes(item)
			if !ok {
				return i, ErrSyntax
			}
			i = SkipWS(b, kEnd)
			if At(b, i) != ':' {
				return i, ErrSyntax
			}
			i = SkipWS(b, i+1)
			if !ev.IsValid() {
				ev = reflect.New(t.Elem()).Elem()
			} else {
				ev.SetZero()
			}
			end, err := fn(d, i, ev)
			if err != nil {
				return end, err
			}
			var kv reflect.Value
			switch {
			case textKey:
				kp := reflect.New(kt)
				if err := d.literalStore(item, kp, true, kStart); err != nil {
					return end, d.addContext(err)
				}
				kv = kp.Elem()
			case kt.Kind() == reflect.String:
				kv = reflect.New(kt).Elem()
				kv.SetString(d.strs.String(key))
			case kt.Kind() >= reflect.Int && kt.Kind() <= reflect.Int64:
				n, err := strconv.ParseInt(string(key), 10, 64)
				if err != nil || kt.OverflowInt(n) {
					d.saveError(&json.UnmarshalTypeError{Value: "number " + string(key), Type: kt, Offset: int64(kStart + 1)})
					break
				}
				kv = reflect.New(kt).Elem()
				kv.SetInt(n)
			default:
				n, err := strconv.ParseUint(string(key), 10, 64)
				if err != nil || kt.OverflowUint(n) {
					d.saveError(&json.UnmarshalTypeError{Value: "number " + string(key), Type: kt, Offset: int64(kStart + 1)})
					break
				}
				kv = reflect.New(kt).Elem()
				kv.SetUint(n)
			}
			if kv.IsValid() {
				v.SetMapIndex(kv, ev)
			}
			i = SkipWS(b, end)
			switch At(b, i) {
			case ',':
				i = SkipWS(b, i+1)
			case '}':
				return i + 1, nil
			default:
				return i, ErrSyntax
			}
		}
	}
}

func decodeString(d *decodeState, i int, v reflect.Value) (int, error) {
	b := d.data
	switch At(b, i) {
	case '"':
		j := i + 1
		for j < len(b) && b[j] != '"' && b[j] != '\\' && b[j] < 0x80 {
			j++
		}
		if At(b, j) == '"' {
			v.SetString(d.strs.String(b[i+1 : j]))
			return j + 1, nil
		}
		end := SkipString(b, i)
		if end < 0 {
			return i, ErrSyntax
		}
		s, ok := Unquote(b[i:end])
		if !ok {
			return i, ErrSyntax
		}
		v.SetString(s)
		return end, nil
	case 'n':
		return i + 4, nil
	}
	return d.mismatch(i, v.Type())
}

// decodeNumber fills a json.Number: a number as written, or a string
// that holds a valid number.
func decodeNumber(d *decodeState, i int, v reflect.Value) (int, error) {
	b := d.data
	switch c := At(b, i); {
	case c == '"':
		end := SkipString(b, i)
		if end < 0 {
			return i, ErrSyntax
		}
		s, ok := Unquote(b[i:end])
		if !ok {
			return i, ErrSyntax
		}
		if validNumber([]byte(s), 0) != len(s) {
			return end, fmt.Errorf("json: invalid number literal, trying to unmarshal %q into Number", b[i:end])
		}
		v.SetString(s)
		return end, nil
	case c == '-' || c >= '0' && c <= '9':
		end := SkipValue(b, i)
		if end < 0 {
			return i, ErrSyntax
		}
		v.SetString(string(b[i:end]))
		return end, nil
	case c == 'n':
		return i + 4, nil
	}
	return d.mismatch(i, v.Type())
}

func decodeBool(d *decodeState, i int, v reflect.Value) (int, error) {
	switch At(d.data, i) {
	case 't':
		v.SetBool(true)
		return i + 4, nil
	case 'f':
		v.SetBool(false)
		return i + 5, nil
	case 'n':
		return i + 4, nil
	}
	return d.mismatch(i, v.Type())
}

// numberAt returns the end of the number at i, or -1 when the value there
// is not a number; null gives -2.
func numberAt(b []byte, i int) int {
	switch c := At(b, i); {
	case c == '-' || c >= '0' && c <= '9':
		return SkipValue(b, i)
	case c == 'n':
		return -2
	}
	return -1
}

func decodeInt(d *decodeState, i int, v reflect.Value) (int, error) {
	b := d.data
	end := numberAt(b, i)
	switch end {
	case -2:
		return i + 4, nil
	case -1:
		return d.mismatch(i, v.Type())
	}
	n, ok := parseInt(b[i:end])
	if !ok || v.OverflowInt(n) {
		d.saveError(&json.UnmarshalTypeError{Value: "number " + string(b[i:end]), Type: v.Type(), Offset: int64(end)})
		return end, nil
	}
	v.SetInt(n)
	return end, nil
}

// parseInt is strconv.ParseInt(string(s), 10, 64) without the
// conversion for the common short integers.
func parseInt(s []byte) (int64, bool) {
	neg := len(s) > 0 && s[0] == '-'
	digits := s
	if neg {
		digits = s[1:]
	}
	if len(digits) == 0 || len(digits) > 18 {
		n, err := strconv.ParseInt(string(s), 10, 64)
		return n, err == nil
	}
	var n int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func decodeUint(d *decodeState, i int, v reflect.Value) (int, error) {
	b := d.data
	end := numberAt(b, i)
	switch end {
	case -2:
		return i + 4, nil
	case -1:
		return d.mismatch(i, v.Type())
	}
	s := b[i:end]
	var n uint64
	ok := len(s) > 0 && len(s) <= 19
	for _, c := range s {
		if c < '0' || c > '9' {
			ok = false
			break
		}
		n = n*10 + uint64(c-'0')
	}
	if !ok && len(s) > 19 {
		var err error
		n, err = strconv.ParseUint(string(s), 10, 64)
		ok = err == nil
	}
	if !ok || v.OverflowUint(n) {
		d.saveError(&json.UnmarshalTypeError{Value: "number " + string(s), Type: v.Type(), Offset: int64(end)})
		return end, nil
	}
	v.SetUint(n)
	return end, nil
}

func decodeFloat(d *decodeState, i int, v reflect.Value) (int, error) {
	b := d.data
	end := numberAt(b, i)
	switch end {
	case -2:
		return i + 4, nil
	case -1:
		return d.mismatch(i, v.Type())
	}
	f, err := strconv.ParseFloat(string(b[i:end]), v.Type().Bits())
	if err != nil || v.OverflowFloat(f) {
		d.saveError(&json.UnmarshalTypeError{Value: "number " + string(b[i:end]), Type: v.Type(), Offset: int64(end)})
		return end, nil
	}
	v.SetFloat(f)
	return end, nil
}

// decodeUnsupported handles the kinds JSON has no value for (complex,
// chan, func, unsafe pointer): null leaves them, anything else is a type
// error.
func decodeUnsupported(d *decodeState, i int, v reflect.Value) (int, error) {
	if At(d.data, i) == 'n' {
		return i + 4, nil
	}
	return d.mismatch(i, v.Type())
}
