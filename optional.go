package rxbridge

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

// Optional is a value that may be absent, null or set, the SDK's one type
// for an optional field of an upstream's answer (mhv's fields beyond the
// ICD, ...): Valid reports a non-null value. Declared with the omitzero
// option it re-encodes as it arrived (absent stays absent, null stays
// null). For optional fields of a request you build, the SDK uses
// pointers instead; Ptr makes one from a value.
type Optional[T any] struct {
	Value T
	Valid bool
	null  bool
}

// Some returns a set Optional.
func Some[T any](v T) Optional[T] { return Optional[T]{Value: v, Valid: true} }

// Get returns the value and whether it is set.
func (o Optional[T]) Get() (T, bool) { return o.Value, o.Valid }

// Or returns the value, or def when it is not set.
func (o Optional[T]) Or(def T) T {
	if o.Valid {
		return o.Value
	}
	return def
}

// IsNull reports a JSON null.
func (o Optional[T]) IsNull() bool { return o.null }

// IsZero reports an absent value (for the omitzero option).
func (o Optional[T]) IsZero() bool { return !o.Valid && !o.null }

// MarshalJSON implements json.Marshaler.
func (o Optional[T]) MarshalJSON() ([]byte, error) {
	if !o.Valid {
		return []byte("null"), nil
	}
	return json.Marshal(o.Value)
}

// UnmarshalJSON implements json.Unmarshaler. A value of another shape (a
// number where text was documented) decodes as unset, never as an error:
// one odd field must not make a prescription list unreadable.
//
// The value is decoded from b directly (a string, a boolean or a number
// by hand; other types by the SDK's decoder, which trusts b to be JSON as
// the json.Unmarshaler contract says): no second decoder is started.
func (o *Optional[T]) UnmarshalJSON(b []byte) error {
	*o = Optional[T]{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		o.null = true
		return nil
	}
	if !decodeScalar(&o.Value, b) {
		var zero T
		o.Value = zero
		return nil
	}
	o.Valid = true
	return nil
}

// decodeScalar decodes the JSON value b into *p as encoding/json would,
// reporting whether it fit. Strings, booleans and the common numbers are
// read here; anything else goes to jsoncodec.
func decodeScalar[T any](p *T, b []byte) bool {
	switch p := any(p).(type) {
	case *string:
		if s, ok := jsoncodec.PlainString(b); ok {
			*p = string(s)
			return true
		}
		if b[0] != '"' {
			return false
		}
		s, ok := jsoncodec.Unquote(b)
		*p = s
		return ok
	case *bool:
		switch string(b) {
		case "true":
			*p = true
			return true
		case "false":
			*p = false
			return true
		}
		return false
	case *int64:
		n, err := strconv.ParseInt(string(b), 10, 64)
		*p = n
		return err == nil
	case *int:
		n, err := strconv.ParseInt(string(b), 10, strconv.IntSize)
		*p = int(n)
		return err == nil
	}
	return jsoncodec.UnmarshalValid(b, p) == nil
}

// Ptr returns a pointer to a copy of v, for the optional fields of a
// request (a *int refill count, a *bool flag): rxbridge.Ptr(5).
func Ptr[T any](v T) *T { return &v }
