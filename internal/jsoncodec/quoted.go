package jsoncodec

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
)

// The ",string" option and map keys with UnmarshalText take the slow
// path below: encoding/json's indirect and literalStore, ported as they
// are, for text that need not be a JSON literal.

// decodeQuoted decodes the value at i into a field with the string
// option: null, or a string holding the literal.
func (d *decodeState) decodeQuoted(i int, v reflect.Value) (int, error) {
	b := d.data
	end := SkipValue(b, i)
	if end < 0 {
		return i, ErrSyntax
	}
	var err error
	switch c := b[i]; {
	case c == 'n':
		err = d.literalStore([]byte("null"), v, false, end)
	case c == '"':
		s, ok := UnquoteBytes(b[i:end])
		if !ok {
			return i, ErrSyntax
		}
		err = d.literalStore(append([]byte(nil), s...), v, true, end)
	default:
		if c != '{' && c != '[' && c != 't' && c != 'f' {
			if _, perr := strconv.ParseFloat(string(b[i:end]), 64); perr != nil {
				d.saveError(&json.UnmarshalTypeError{Value: "number " + string(b[i:end]), Type: float64Type, Offset: int64(end + 1)})
			}
		}
		d.saveError(fmt.Errorf("json: invalid use of ,string struct tag, trying to unmarshal unquoted value into %v", v.Type()))
	}
	if err != nil {
		return end, d.addContext(err)
	}
	return end, nil
}

// indirect is encoding/json's: it walks down v allocating pointers, and
// stops at an Unmarshaler or (unless decoding null) a TextUnmarshaler.
func indirect(v reflect.Value, decodingNull bool) (json.Unmarshaler, encoding.TextUnmarshaler, reflect.Value) {
	v0 := v
	haveAddr := false
	if v.Kind() != reflect.Pointer && v.Type().Name() != "" && v.CanAddr() {
		haveAddr = true
		v = v.Addr()
	}
	for {
		if v.Kind() == reflect.Interface && !v.IsNil() {
			e := v.Elem()
			if e.Kind() == reflect.Pointer && !e.IsNil() && (!decodingNull || e.Elem().Kind() == reflect.Pointer) {
				haveAddr = false
				v = e
				continue
			}
		}
		if v.Kind() != reflect.Pointer {
			break
		}
		if decodingNull && v.CanSet() {
			break
		}
		if v.Elem().Kind() == reflect.Interface && v.Elem().Elem().Equal(v) {
			v = v.Elem()
			break
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		if v.Type().NumMethod() > 0 && v.CanInterface() {
			if u, ok := reflect.TypeAssert[json.Unmarshaler](v); ok {
				return u, nil, reflect.Value{}
			}
			if !decodingNull {
				if u, ok := reflect.TypeAssert[encoding.TextUnmarshaler](v); ok {
					return nil, u, reflect.Value{}
				}
			}
		}
		if haveAddr {
			v = v0
			haveAddr = false
		} else {
			v = v.Elem()
		}
	}
	return nil, nil, v
}

// literalStore is encoding/json's: it stores item, a literal or (when
// fromQuoted) the text of a string, into v. off is the offset type errors
// report.
func (d *decodeState) literalStore(item []byte, v reflect.Value, fromQuoted bool, off int) error {
	invalidUse := func(t reflect.Type) error {
		return fmt.Errorf("json: invalid use of ,string struct tag, trying to unmarshal %q into %v", item, t)
	}
	if len(item) == 0 {
		d.saveError(invalidUse(v.Type()))
		return nil
	}
	isNull := item[0] == 'n'
	u, ut, pv := indirect(v, isNull)
	if u != nil {
		return u.UnmarshalJSON(item)
	}
	if ut != nil {
		if item[0] != '"' {
			if fromQuoted {
				d.saveError(invalidUse(v.Type()))
				return nil
			}
			val := "number"
			switch item[0] {
			case 'n':
				val = "null"
			case 't', 'f':
				val = "bool"
			}
			d.saveError(&json.UnmarshalTypeError{Value: val, Type: v.Type(), Offset: int64(off)})
			return nil
		}
		s, ok := UnquoteBytes(item)
		if !ok {
			if fromQuoted {
				return invalidUse(v.Type())
			}
			return ErrSyntax
		}
		return ut.UnmarshalText(s)
	}

	v = pv
	typeErr := func(what string) {
		d.saveError(&json.UnmarshalTypeError{Value: what, Type: v.Type(), Offset: int64(off)})
	}
	switch c := item[0]; c {
	case 'n':
		if fromQuoted && string(item) != "null" {
			d.saveError(invalidUse(v.Type()))
			break
		}
		switch v.Kind() {
		case reflect.Interface, reflect.Pointer, reflect.Map, reflect.Slice:
			v.SetZero()
		}
	case 't', 'f':
		value := item[0] == 't'
		if fromQuoted && string(item) != "true" && string(item) != "false" {
			d.saveError(invalidUse(v.Type()))
			break
		}
		switch v.Kind() {
		default:
			if fromQuoted {
				d.saveError(invalidUse(v.Type()))
			} else {
				typeErr("bool")
			}
		case reflect.Bool:
			v.SetBool(value)
		case reflect.Interface:
			if v.NumMethod() == 0 {
				v.Set(reflect.ValueOf(value))
			} else {
				typeErr("bool")
			}
		}
	case '"':
		s, ok := UnquoteBytes(item)
		if !ok {
			if fromQuoted {
				return invalidUse(v.Type())
			}
			return ErrSyntax
		}
		switch v.Kind() {
		default:
			typeErr("string")
		case reflect.Slice:
			if v.Type().Elem().Kind() != reflect.Uint8 {
				typeErr("string")
				break
			}
			b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
			n, err := base64.StdEncoding.Decode(b, s)
			if err != nil {
				d.saveError(err)
				break
			}
			v.SetBytes(b[:n])
		case reflect.String:
			t := string(s)
			if v.Type() == numberType && validNumber(s, 0) != len(s) {
				return fmt.Errorf("json: invalid number literal, trying to unmarshal %q into Number", item)
			}
			v.SetString(t)
		case reflect.Interface:
			if v.NumMethod() == 0 {
				v.Set(reflect.ValueOf(string(s)))
			} else {
				typeErr("string")
			}
		}
	default:
		if c != '-' && (c < '0' || c > '9') {
			if fromQuoted {
				return invalidUse(v.Type())
			}
			return ErrSyntax
		}
		switch v.Kind() {
		default:
			if v.Kind() == reflect.String && v.Type() == numberType {
				v.SetString(string(item))
				break
			}
			if fromQuoted {
				return invalidUse(v.Type())
			}
			typeErr("number")
		case reflect.Interface:
			n, err := strconv.ParseFloat(string(item), 64)
			if err != nil {
				d.saveError(&json.UnmarshalTypeError{Value: "number " + string(item), Type: float64Type, Offset: int64(off + 1)})
				break
			}
			if v.NumMethod() != 0 {
				typeErr("number")
				break
			}
			v.Set(reflect.ValueOf(n))
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			n, err := strconv.ParseInt(string(item), 10, 64)
			if err != nil || v.OverflowInt(n) {
				typeErr("number " + string(item))
				break
			}
			v.SetInt(n)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			n, err := strconv.ParseUint(string(item), 10, 64)
			if err != nil || v.OverflowUint(n) {
				typeErr("number " + string(item))
				break
			}
			v.SetUint(n)
		case reflect.Float32, reflect.Float64:
			n, err := strconv.ParseFloat(string(item), v.Type().Bits())
			if err != nil || v.OverflowFloat(n) {
				typeErr("number " + string(item))
				break
			}
			v.SetFloat(n)
		}
	}
	return nil
}
