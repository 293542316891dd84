package allcarefhir

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"sync"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/internal/lenient"
)

// The FHIR JSON codec.
//
// Every FHIR type in this package is a struct that embeds, directly or
// through Element, BackboneElement, BaseResource or DomainResource, the
// unexported members struct. The codec decodes the members a type models
// into its fields and keeps every other member — unmodelled elements,
// primitive extensions ("_birthDate"), and values whose JSON type is not the
// one the field expects ("active": "yes") — in members, byte for byte, and
// writes them back when encoding. Decoding then encoding any FHIR JSON is
// therefore lossless: decimals keep their text, extensions and "_field"s
// survive, and unknown elements from newer FHIR versions pass through.
//
// Decoding is a single pass over input that jsoncodec.Valid has accepted
// once at the entry point (UnmarshalJSON, DecodeResource); nested values
// are decoded from jsoncodec's cursor, so the cost does not grow with
// nesting depth. Values of other Go types (none of the FHIR types has
// one today) go to jsoncodec's decoder, in the same pass.

// errMismatch reports a value whose JSON type does not fit the field. The
// caller keeps the raw value in members instead.
var errMismatch = errors.New("allcarefhir: JSON type does not match the field")

// errSyntax reports malformed JSON (only reachable with input that did not
// pass jsoncodec.Valid, which every entry point checks).
var errSyntax = errors.New("allcarefhir: malformed JSON")

// member is one JSON member a type keeps verbatim or as a primitive
// extension.
type member struct {
	name string
	raw  json.RawMessage     // set for unmodelled members
	prim *PrimitiveExtension // set for "_field" members that decoded
}

// members keeps what a FHIR type does not model. It is embedded in every
// type; its methods are promoted.
type members struct {
	extra []member
}

// fhirMembers gives the codec access to the embedded members.
func (m *members) fhirMembers() *members { return m }

type membersHolder interface{ fhirMembers() *members }

// Unmodeled returns the JSON members this value keeps without modelling
// them, by name, as received: elements this package has no field for,
// primitive extensions that are not objects or arrays, and values whose JSON
// type did not fit their field (such as "active": "yes"), which leave the
// field at its zero value. The map is a copy; the values must not be
// modified. Nil when there are none.
func (m *members) Unmodeled() map[string]json.RawMessage {
	var out map[string]json.RawMessage
	for _, e := range m.extra {
		if e.raw != nil {
			if out == nil {
				out = make(map[string]json.RawMessage, len(m.extra))
			}
			out[e.name] = e.raw
		}
	}
	return out
}

// SetUnmodeled adds or replaces a member that is written as is when the
// value is encoded (raw must be valid JSON); a nil raw removes it. A member
// whose name is also a modelled field is written only while that field is
// empty.
func (m *members) SetUnmodeled(name string, raw json.RawMessage) {
	m.set(member{name: name, raw: raw})
}

// PrimitiveExtension returns the primitive extension of a primitive field,
// given by its JSON name ("birthDate" for "_birthDate"), or nil.
func (m *members) PrimitiveExtension(field string) *PrimitiveExtension {
	for _, e := range m.extra {
		if e.prim != nil && len(e.name) == len(field)+1 && e.name[0] == '_' && e.name[1:] == field {
			return e.prim
		}
	}
	return nil
}

// SetPrimitiveExtension sets (nil: removes) the primitive extension of the
// primitive field with the given JSON name.
func (m *members) SetPrimitiveExtension(field string, pe *PrimitiveExtension) {
	m.set(member{name: "_" + field, prim: pe})
}

// set adds, replaces or (when empty) removes a member.
func (m *members) set(e member) {
	for i := range m.extra {
		if m.extra[i].name == e.name {
			if e.raw == nil && e.prim == nil {
				m.extra = append(m.extra[:i], m.extra[i+1:]...)
				return
			}
			m.extra[i] = e
			return
		}
	}
	if e.raw != nil || e.prim != nil {
		m.extra = append(m.extra, e)
	}
}

// keep stores a copy of a raw member (the input buffer belongs to the
// caller).
func (m *members) keep(name string, raw []byte) {
	m.set(member{name: name, raw: append(json.RawMessage(nil), raw...)})
}

// PrimitiveExtension is the "_field" sibling of a FHIR primitive: the id and
// extensions of a single value ("_birthDate": {"extension": [...]}), or of
// each value of a repeating primitive ("_given": [null, {...}]), where Items
// has one entry per value and nil where a value has none.
type PrimitiveExtension struct {
	// Element is set for a single-valued primitive.
	Element *Element
	// Items is set for a repeating primitive.
	Items []*Element
}

// Extensions returns the extensions of a single-valued primitive.
func (p *PrimitiveExtension) Extensions() []Extension {
	if p == nil || p.Element == nil {
		return nil
	}
	return p.Element.Extension
}

// MarshalJSON encodes the object or array form.
func (p PrimitiveExtension) MarshalJSON() ([]byte, error) {
	e := encoder{}
	encodePrim(&e, reflect.ValueOf(&p).Elem())
	return e.result()
}

// UnmarshalJSON decodes the object or array form.
func (p *PrimitiveExtension) UnmarshalJSON(b []byte) error {
	return unmarshalValue(b, reflect.ValueOf(p).Elem(), codecFor(primitiveExtType))
}

// codec decodes and encodes values of one Go type.
type codec struct {
	// sc is set for the package's FHIR structs.
	sc *structCodec
	// decode reads the value starting at b[i] (not whitespace) into v and
	// returns the index after it.
	decode func(d *fdec, i int, v reflect.Value) (int, error)
	encode func(e *encoder, v reflect.Value)
	isZero func(v reflect.Value) bool
}

var (
	codecs              sync.Map // reflect.Type → *codec
	decimalType         = reflect.TypeFor[rxbridge.Number]()
	rawMessageType      = reflect.TypeFor[json.RawMessage]()
	resourceType        = reflect.TypeFor[Resource]()
	primitiveExtType    = reflect.TypeFor[PrimitiveExtension]()
	membersHolderType   = reflect.TypeFor[membersHolder]()
	elementPtrCodecOnce sync.Once
	elementPtrCodecVal  *codec
)

// codecFor returns the codec of t, building it once.
func codecFor(t reflect.Type) *codec {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec)
	}
	c := newCodec(t)
	actual, _ := codecs.LoadOrStore(t, c)
	return actual.(*codec)
}

func newCodec(t reflect.Type) *codec {
	switch {
	case t == decimalType:
		return &codec{decode: decodeDecimal, encode: encodeDecimal, isZero: func(v reflect.Value) bool { return v.Addr().Interface().(*rxbridge.Number).IsZero() }}
	case t == rawMessageType:
		return &codec{decode: decodeRaw, encode: encodeRaw, isZero: func(v reflect.Value) bool { return v.Len() == 0 }}
	case t == resourceType:
		return &codec{decode: decodeResourceValue, encode: encodeResourceValue, isZero: func(v reflect.Value) bool { return v.IsNil() }}
	case t == primitiveExtType:
		return &codec{decode: decodePrim, encode: encodePrim, isZero: isZeroPrim}
	case t.Kind() == reflect.Struct && reflect.PointerTo(t).Implements(membersHolderType):
		sc := &structCodec{t: t}
		return &codec{sc: sc, decode: sc.decode, encode: sc.encode, isZero: func(reflect.Value) bool { return false }}
	}
	switch t.Kind() {
	case reflect.String:
		return &codec{decode: decodeString, encode: encodeString, isZero: func(v reflect.Value) bool { return v.Len() == 0 }}
	case reflect.Bool:
		return &codec{decode: decodeBool, encode: encodeBool, isZero: func(reflect.Value) bool { return false }}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return &codec{decode: decodeInt, encode: encodeInt, isZero: func(reflect.Value) bool { return false }}
	case reflect.Pointer:
		return newPtrCodec(t)
	case reflect.Slice:
		return newSliceCodec(t)
	}
	return &codec{decode: decodeFallback, encode: encodeFallback, isZero: func(v reflect.Value) bool { return v.IsZero() }}
}

// structCodec handles the package's FHIR structs.
type structCodec struct {
	t    reflect.Type
	once sync.Once
	// fields in declaration order, embedded structs flattened.
	fields []*fieldInfo
	byName map[string]*fieldInfo
	// resourceType is the resource's type name; empty for datatypes.
	resourceType string
}

type fieldInfo struct {
	name  string
	index []int
	codec *codec
}

func (sc *structCodec) init() {
	sc.once.Do(func() {
		sc.byName = map[string]*fieldInfo{}
		sc.collect(sc.t, nil)
		if r, ok := reflect.New(sc.t).Interface().(Resource); ok {
			sc.resourceType = r.ResourceType()
		}
	})
}

// collect lists the JSON fields of t, flattening embedded structs. The first
// field of a name wins.
func (sc *structCodec) collect(t reflect.Type, index []int) {
	for i := range t.NumField() {
		f := t.Field(i)
		idx := append(append([]int(nil), index...), i)
		tag := f.Tag.Get("json")
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			if f.IsExported() {
				sc.collect(f.Type, idx)
			}
			continue
		}
		if !f.IsExported() || tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		if _, dup := sc.byName[name]; dup {
			continue
		}
		fi := &fieldInfo{name: name, index: idx, codec: codecFor(f.Type)}
		sc.fields = append(sc.fields, fi)
		sc.byName[name] = fi
	}
}

func membersOf(v reflect.Value) *members {
	return v.Addr().Interface().(membersHolder).fhirMembers()
}

func (sc *structCodec) decode(d *fdec, i int, v reflect.Value) (int, error) {
	b := d.b
	sc.init()
	if jsoncodec.At(b, i) != '{' {
		return i, errMismatch
	}
	v.SetZero()
	var m *members
	i = jsoncodec.SkipWS(b, i+1)
	if jsoncodec.At(b, i) == '}' {
		return i + 1, nil
	}
	for {
		if jsoncodec.At(b, i) != '"' {
			return i, errSyntax
		}
		kEnd := jsoncodec.SkipString(b, i)
		if kEnd < 0 {
			return i, errSyntax
		}
		kb := b[i+1 : kEnd-1]
		if bytes.IndexByte(kb, '\\') >= 0 {
			k, err := unquote(b[i:kEnd])
			if err != nil {
				return i, err
			}
			kb = []byte(k)
		}
		i = jsoncodec.SkipWS(b, kEnd)
		if jsoncodec.At(b, i) != ':' {
			return i, errSyntax
		}
		i = jsoncodec.SkipWS(b, i+1)
		start := i
		var keepRaw bool
		switch f := sc.byName[string(kb)]; {
		case f != nil:
			fv := v.FieldByIndex(f.index)
			end, err := f.codec.decode(d, i, fv)
			switch {
			case errors.Is(err, errMismatch):
				if end = jsoncodec.SkipValue(b, start); end < 0 {
					return start, errSyntax
				}
				fv.SetZero()
				keepRaw = true
			case err != nil:
				return end, err
			case f.codec.isZero(fv):
				// null, "", [] and the like: the field cannot say it, so
				// the member is kept as received.
				keepRaw = true
			}
			i = end
		case sc.resourceType != "" && string(kb) == "resourceType":
			end := jsoncodec.SkipValue(b, i)
			if end < 0 {
				return i, errSyntax
			}
			if raw := b[i:end]; len(raw) < 2 || raw[0] != '"' || string(raw[1:len(raw)-1]) != sc.resourceType {
				return i, &ResourceTypeError{Want: sc.resourceType, Got: apiToken(b[i:end])}
			}
			i = end
		case len(kb) > 1 && kb[0] == '_' && (jsoncodec.At(b, i) == '{' || jsoncodec.At(b, i) == '['):
			pe := new(PrimitiveExtension)
			end, err := decodePrim(d, i, reflect.ValueOf(pe).Elem())
			switch {
			case errors.Is(err, errMismatch):
				if end = jsoncodec.SkipValue(b, start); end < 0 {
					return start, errSyntax
				}
				keepRaw = true
			case err != nil:
				return end, err
			default:
				if m == nil {
					m = membersOf(v)
				}
				m.set(member{name: d.strs.String(kb), prim: pe})
			}
			i = end
		default:
			end := jsoncodec.SkipValue(b, i)
			if end < 0 {
				return i, errSyntax
			}
			keepRaw = true
			i = end
		}
		if keepRaw {
			if m == nil {
				m = membersOf(v)
			}
			m.keep(d.strs.String(kb), b[start:i])
		}
		i = jsoncodec.SkipWS(b, i)
		switch jsoncodec.At(b, i) {
		case ',':
			i = jsoncodec.SkipWS(b, i+1)
		case '}':
			return i + 1, nil
		default:
			return i, errSyntax
		}
	}
}

func (sc *structCodec) encode(e *encoder, v reflect.Value) {
	sc.init()
	m := membersOf(v)
	e.buf = append(e.buf, '{')
	first := true
	comma := func() {
		if !first {
			e.buf = append(e.buf, ',')
		}
		first = false
	}
	if sc.resourceType != "" {
		comma()
		e.buf = append(e.buf, `"resourceType":`...)
		e.string(sc.resourceType)
	}
	for _, f := range sc.fields {
		fv := v.FieldByIndex(f.index)
		if f.codec.isZero(fv) {
			continue
		}
		comma()
		e.string(f.name)
		e.buf = append(e.buf, ':')
		f.codec.encode(e, fv)
	}
	for _, x := range m.extra {
		if x.raw != nil {
			if f := sc.byName[x.name]; f != nil && !f.codec.isZero(v.FieldByIndex(f.index)) {
				continue // the field has a value now: it wins
			}
			if sc.resourceType != "" && x.name == "resourceType" {
				continue
			}
		}
		comma()
		e.string(x.name)
		e.buf = append(e.buf, ':')
		if x.prim != nil {
			encodePrim(e, reflect.ValueOf(x.prim).Elem())
		} else {
			e.raw(x.raw)
		}
	}
	e.buf = append(e.buf, '}')
}

// Pointers: nil is absent; null decodes to nil (and the member is kept).
func newPtrCodec(t reflect.Type) *codec {
	var elem *codec
	var once sync.Once
	el := func() *codec { once.Do(func() { elem = codecFor(t.Elem()) }); return elem }
	return &codec{
		decode: func(d *fdec, i int, v reflect.Value) (int, error) {
			b := d.b
			if jsoncodec.At(b, i) == 'n' {
				v.SetZero()
				return literalEnd(b, i, "null")
			}
			p := reflect.New(t.Elem())
			end, err := el().decode(d, i, p.Elem())
			if err != nil {
				v.SetZero()
				return end, err
			}
			v.Set(p)
			return end, nil
		},
		encode: func(e *encoder, v reflect.Value) {
			if v.IsNil() {
				e.buf = append(e.buf, "null"...)
				return
			}
			el().encode(e, v.Elem())
		},
		isZero: func(v reflect.Value) bool { return v.IsNil() },
	}
}

// Slices: an array whose items all fit; a null item (a repeating primitive
// aligned with its "_field" array) makes the whole array unmodelled, so it
// is kept as received.
func newSliceCodec(t reflect.Type) *codec {
	var elem *codec
	var once sync.Once
	el := func() *codec { once.Do(func() { elem = codecFor(t.Elem()) }); return elem }
	empty := reflect.MakeSlice(t, 0, 0)
	return &codec{
		decode: func(d *fdec, i int, v reflect.Value) (int, error) {
			b := d.b
			if jsoncodec.At(b, i) == 'n' {
				v.SetZero()
				return literalEnd(b, i, "null")
			}
			if jsoncodec.At(b, i) != '[' {
				return i, errMismatch
			}
			c := el()
			i = jsoncodec.SkipWS(b, i+1)
			if jsoncodec.At(b, i) == ']' {
				v.Set(empty)
				return i + 1, nil
			}
			// Sized once from the item count, in place (v is a field).
			count := jsoncodec.CountItems(b, i)
			v.SetZero()
			v.Grow(count)
			v.SetLen(count)
			for n := 0; ; n++ {
				if jsoncodec.At(b, i) == 'n' || n >= count {
					return i, errMismatch
				}
				end, err := c.decode(d, i, v.Index(n))
				if err != nil {
					return end, err
				}
				i = jsoncodec.SkipWS(b, end)
				switch jsoncodec.At(b, i) {
				case ',':
					i = jsoncodec.SkipWS(b, i+1)
				case ']':
					if n+1 != count {
						return i, errSyntax
					}
					return i + 1, nil
				default:
					return i, errSyntax
				}
			}
		},
		encode: func(e *encoder, v reflect.Value) {
			if v.IsNil() {
				e.buf = append(e.buf, "null"...)
				return
			}
			c := el()
			e.buf = append(e.buf, '[')
			for k := range v.Len() {
				if k > 0 {
					e.buf = append(e.buf, ',')
				}
				c.encode(e, v.Index(k))
			}
			e.buf = append(e.buf, ']')
		},
		isZero: func(v reflect.Value) bool { return v.Len() == 0 },
	}
}

func decodeString(d *fdec, i int, v reflect.Value) (int, error) {
	b := d.b
	switch jsoncodec.At(b, i) {
	case '"':
		end := jsoncodec.SkipString(b, i)
		if end < 0 {
			return i, errSyntax
		}
		u, ok := jsoncodec.UnquoteBytes(b[i:end])
		if !ok {
			return i, errSyntax
		}
		v.SetString(d.strs.String(u))
		return end, nil
	case 'n':
		v.SetString("")
		return literalEnd(b, i, "null")
	}
	return i, errMismatch
}

func encodeString(e *encoder, v reflect.Value) { e.string(v.String()) }

func decodeBool(d *fdec, i int, v reflect.Value) (int, error) {
	b := d.b
	switch jsoncodec.At(b, i) {
	case 't':
		end, err := literalEnd(b, i, "true")
		if err == nil {
			v.SetBool(true)
		}
		return end, err
	case 'f':
		end, err := literalEnd(b, i, "false")
		if err == nil {
			v.SetBool(false)
		}
		return end, err
	}
	return i, errMismatch
}

func encodeBool(e *encoder, v reflect.Value) {
	if v.Bool() {
		e.buf = append(e.buf, "true"...)
	} else {
		e.buf = append(e.buf, "false"...)
	}
}

// decodeInt accepts a JSON integer written without fraction or exponent
// (1.0 and 1e2 are kept as received instead).
func decodeInt(d *fdec, i int, v reflect.Value) (int, error) {
	b := d.b
	j := i
	neg := jsoncodec.At(b, j) == '-'
	if neg {
		j++
	}
	start := j
	var n uint64
	for j < len(b) && b[j] >= '0' && b[j] <= '9' {
		if n > (1<<63-1)/10 {
			return i, errMismatch
		}
		n = n*10 + uint64(b[j]-'0')
		j++
	}
	if j == start || (j < len(b) && (b[j] == '.' || b[j] == 'e' || b[j] == 'E')) || n > 1<<63-1 {
		return i, errMismatch
	}
	if j-start > 1 && b[start] == '0' {
		return i, errSyntax
	}
	if neg && n == 0 {
		return i, errMismatch // "-0" would come back as 0: keep the text
	}
	x := int64(n)
	if neg {
		x = -x
	}
	if v.OverflowInt(x) {
		return i, errMismatch
	}
	v.SetInt(x)
	return j, nil
}

func encodeInt(e *encoder, v reflect.Value) {
	e.buf = strconv.AppendInt(e.buf, v.Int(), 10)
}

func decodeDecimal(d *fdec, i int, v reflect.Value) (int, error) {
	b := d.b
	c := jsoncodec.At(b, i)
	if c != '"' && c != '-' && (c < '0' || c > '9') {
		return i, errMismatch
	}
	end := jsoncodec.SkipValue(b, i)
	if end < 0 {
		return i, errSyntax
	}
	if err := v.Addr().Interface().(*rxbridge.Number).UnmarshalJSON(b[i:end]); err != nil {
		return i, errMismatch
	}
	return end, nil
}

func encodeDecimal(e *encoder, v reflect.Value) {
	raw, err := v.Addr().Interface().(*rxbridge.Number).MarshalJSON()
	if err != nil {
		e.fail(err)
		return
	}
	e.buf = append(e.buf, raw...)
}

func decodeRaw(d *fdec, i int, v reflect.Value) (int, error) {
	b := d.b
	end := jsoncodec.SkipValue(b, i)
	if end < 0 {
		return i, errSyntax
	}
	v.SetBytes(append([]byte(nil), b[i:end]...))
	return end, nil
}

func encodeRaw(e *encoder, v reflect.Value) { e.raw(v.Bytes()) }

func decodeFallback(d *fdec, i int, v reflect.Value) (int, error) {
	b := d.b
	end := jsoncodec.SkipValue(b, i)
	if end < 0 {
		return i, errSyntax
	}
	if err := jsoncodec.UnmarshalValid(b[i:end], v.Addr().Interface()); err != nil {
		return i, errMismatch
	}
	return end, nil
}

func encodeFallback(e *encoder, v reflect.Value) {
	raw, err := json.Marshal(v.Interface())
	if err != nil {
		e.fail(err)
		return
	}
	e.buf = append(e.buf, raw...)
}

// elementPtrCodec is the codec of *Element, for primitive extensions.
func elementPtrCodec() *codec {
	elementPtrCodecOnce.Do(func() { elementPtrCodecVal = codecFor(reflect.TypeFor[*Element]()) })
	return elementPtrCodecVal
}

func decodePrim(d *fdec, i int, v reflect.Value) (int, error) {
	b := d.b
	p := v.Addr().Interface().(*PrimitiveExtension)
	*p = PrimitiveExtension{}
	ec := elementPtrCodec()
	switch jsoncodec.At(b, i) {
	case '{':
		var el *Element
		end, err := ec.decode(d, i, reflect.ValueOf(&el).Elem())
		if err != nil {
			return end, err
		}
		p.Element = el
		return end, nil
	case '[':
		items := []*Element{}
		i = jsoncodec.SkipWS(b, i+1)
		if jsoncodec.At(b, i) == ']' {
			p.Items = items
			return i + 1, nil
		}
		for {
			var el *Element
			if jsoncodec.At(b, i) != 'n' && jsoncodec.At(b, i) != '{' {
				return i, errMismatch
			}
			end, err := ec.decode(d, i, reflect.ValueOf(&el).Elem())
			if err != nil {
				return end, err
			}
			items = append(items, el)
			i = jsoncodec.SkipWS(b, end)
			switch jsoncodec.At(b, i) {
			case ',':
				i = jsoncodec.SkipWS(b, i+1)
			case ']':
				p.Items = items
				return i + 1, nil
			default:
				return i, errSyntax
			}
		}
	}
	return i, errMismatch
}

func encodePrim(e *encoder, v reflect.Value) {
	p := v.Addr().Interface().(*PrimitiveExtension)
	ec := elementPtrCodec()
	if p.Items != nil || p.Element == nil {
		e.buf = append(e.buf, '[')
		for k, el := range p.Items {
			if k > 0 {
				e.buf = append(e.buf, ',')
			}
			ec.encode(e, reflect.ValueOf(el))
		}
		e.buf = append(e.buf, ']')
		return
	}
	ec.encode(e, reflect.ValueOf(p.Element))
}

func isZeroPrim(v reflect.Value) bool {
	p := v.Addr().Interface().(*PrimitiveExtension)
	return p.Element == nil && p.Items == nil
}

// encoder appends JSON to a buffer.
type encoder struct {
	buf []byte
	err error
}

func (e *encoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

func (e *encoder) result() ([]byte, error) {
	if e.err != nil {
		return nil, e.err
	}
	return e.buf, nil
}

// raw appends a kept JSON value (compact or not, it is valid JSON).
func (e *encoder) raw(b []byte) {
	if len(b) == 0 {
		e.buf = append(e.buf, "null"...)
		return
	}
	e.buf = append(e.buf, b...)
}

// string appends s as a JSON string (HTML characters unescaped: FHIR
// narratives are XHTML; invalid UTF-8 becomes U+FFFD, as encoding/json
// does).
func (e *encoder) string(s string) { e.buf = lenient.AppendString(e.buf, s) }

// marshal encodes one of the package's FHIR structs (p is a pointer).
func marshal(p any) ([]byte, error) {
	v := reflect.ValueOf(p).Elem()
	e := encoder{buf: make([]byte, 0, 512)}
	codecFor(v.Type()).encode(&e, v)
	return e.result()
}

// unmarshal decodes JSON into one of the package's FHIR structs.
func unmarshal(b []byte, p any) error {
	v := reflect.ValueOf(p).Elem()
	return unmarshalValue(b, v, codecFor(v.Type()))
}

// fdec is one decode: its input and the strings it has made.
type fdec struct {
	b    []byte
	strs jsoncodec.Strings
}

var fdecPool = sync.Pool{New: func() any { return new(fdec) }}

func unmarshalValue(b []byte, v reflect.Value, c *codec) error {
	if !jsoncodec.Valid(b) {
		return &SyntaxError{msg: "invalid JSON"}
	}
	d := fdecPool.Get().(*fdec)
	d.b = b
	defer func() {
		d.b = nil
		d.strs.Clear()
		fdecPool.Put(d)
	}()
	i := jsoncodec.SkipWS(b, 0)
	end, err := c.decode(d, i, v)
	if errors.Is(err, errMismatch) {
		return &SyntaxError{msg: "not the JSON object of a FHIR " + v.Type().Name()}
	}
	if err != nil {
		return err
	}
	if jsoncodec.SkipWS(b, end) != len(b) {
		return &SyntaxError{msg: "data after the JSON value"}
	}
	return nil
}

// SyntaxError reports input that is not the JSON of a FHIR value. It never
// contains the input.
type SyntaxError struct{ msg string }

// Error implements the error interface.
func (e *SyntaxError) Error() string {
	if e == nil {
		return "allcarefhir: invalid JSON"
	}
	return "allcarefhir: " + e.msg
}

// Is makes errors.Is(err, ErrInvalidJSON) true.
func (e *SyntaxError) Is(target error) bool {
	if e == nil {
		return target == ErrInvalidJSON
	}
	return target == ErrInvalidJSON
}

// ResourceTypeError reports JSON whose resourceType is not the one the Go
// type expects (decoding a Coverage into a *Patient).
type ResourceTypeError struct {
	Want string
	// Got is the resourceType found (only when it is a short token).
	Got string
}

// Error implements the error interface.
func (e *ResourceTypeError) Error() string {
	if e == nil {
		return "allcarefhir: wrong resourceType"
	}
	if e.Got == "" {
		return "allcarefhir: resourceType is not " + e.Want
	}
	return "allcarefhir: resourceType is " + e.Got + ", not " + e.Want
}

// Is makes errors.Is(err, ErrWrongResourceType) true.
func (e *ResourceTypeError) Is(target error) bool {
	if e == nil {
		return target == ErrWrongResourceType
	}
	return target == ErrWrongResourceType
}

// apiToken returns a JSON string value when it looks like a FHIR type name
// (letters only, at most 64), else "".
func apiToken(raw []byte) string {
	s, ok := quickString(raw)
	if !ok || len(s) == 0 || len(s) > 64 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return ""
		}
	}
	return s
}

// --- scanning (the cursor is jsoncodec's) ---------------------------------

// literalEnd returns the index after lit (null, true, false) at b[i], or
// errMismatch when another value is there.
func literalEnd(b []byte, i int, lit string) (int, error) {
	if !jsoncodec.HasLiteral(b, i, lit) {
		return i, errMismatch
	}
	return i + len(lit), nil
}

// quickString returns the content of a JSON string without escapes.
func quickString(raw []byte) (string, bool) { return quickStringIn(nil, raw) }

// quickStringIn is quickString making the string with strs (when not nil).
func quickStringIn(strs *jsoncodec.Strings, raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	s := raw[1 : len(raw)-1]
	for _, c := range s {
		if c == '\\' || c < 0x20 {
			return "", false
		}
	}
	if strs != nil {
		return strs.String(s), true
	}
	return string(s), true
}

// unquote decodes a JSON string (raw includes the quotes) with
// encoding/json's rules.
func unquote(raw []byte) (string, error) {
	s, ok := jsoncodec.Unquote(raw)
	if !ok {
		return "", errSyntax
	}
	return s, nil
}

// choiceValue returns the set field of a choice element (value[x]) of the
// struct p points to, and its JSON name.
func choiceValue(p any, prefix string) (any, string) {
	v := reflect.ValueOf(p)
	if v.IsNil() {
		return nil, ""
	}
	v = v.Elem()
	sc := codecFor(v.Type()).sc
	sc.init()
	for _, f := range sc.fields {
		if len(f.name) <= len(prefix) || !strings.HasPrefix(f.name, prefix) {
			continue
		}
		if c := f.name[len(prefix)]; c < 'A' || c > 'Z' {
			continue
		}
		fv := v.FieldByIndex(f.index)
		if !f.codec.isZero(fv) {
			return fv.Interface(), f.name
		}
	}
	return nil, ""
}
