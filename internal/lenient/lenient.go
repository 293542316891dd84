// Package lenient has the internal JSON types for values upstreams send in
// more than one shape: a code that is sometimes a number and sometimes a
// string, a flag as true or "yes". They decode every shape without error and
// re-encode in the shape they came in, so recorded fixtures round-trip. The
// ones that appear in the public API (Number, OneOrMany) live in the rxbridge
// package. It also holds the JSON text helpers the SDK's hand-written
// encoders share (AppendString).
package lenient

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

// String is text that may arrive as a JSON string, number or boolean
// (MHV's errorCode is 99 or "99"). null decodes to "". It encodes as a
// string.
type String string

// UnmarshalJSON implements json.Unmarshaler.
func (s *String) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*s = ""
	case b[0] == '"':
		v, err := unquote(b)
		if err != nil {
			return err
		}
		*s = String(v)
	case b[0] == '{' || b[0] == '[':
		*s = "" // an object where text was expected: nothing usable
	default:
		*s = String(b) // number or boolean, as written
	}
	return nil
}

// Bool is a flag that may arrive as true/false, "true"/"false",
// "yes"/"no", "Y"/"N", 1/0 or null. It re-encodes as received; a value
// built in code encodes as a JSON boolean.
type Bool struct {
	v   bool
	set bool
	raw string // the JSON as received, when it was not a plain boolean
}

// NewBool returns a Bool built in code.
func NewBool(v bool) Bool { return Bool{v: v, set: true} }

// UnmarshalJSON implements json.Unmarshaler. Unrecognized text decodes as
// unset, without error.
func (f *Bool) UnmarshalJSON(b []byte) error {
	*f = Bool{}
	b = bytes.TrimSpace(b)
	s := string(b)
	switch s {
	case "", "null":
		return nil
	case "true":
		f.v, f.set = true, true
		return nil
	case "false":
		f.set = true
		return nil
	}
	f.raw = s
	if b[0] == '"' {
		var err error
		if s, err = unquote(b); err != nil {
			return err
		}
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "y", "1", "t":
		f.v, f.set = true, true
	case "false", "no", "n", "0", "f":
		f.set = true
	}
	return nil
}

// unquote reads the JSON string b by hand (no decoder is started); for
// anything else it returns encoding/json's error.
func unquote(b []byte) (string, error) {
	if s, ok := jsoncodec.PlainString(b); ok {
		return string(s), nil
	}
	if s, ok := jsoncodec.Unquote(b); ok {
		return s, nil
	}
	var s string
	return "", json.Unmarshal(b, &s)
}

// MarshalJSON implements json.Marshaler.
func (f Bool) MarshalJSON() ([]byte, error) {
	if f.raw != "" {
		return []byte(f.raw), nil
	}
	if !f.set {
		return []byte("null"), nil
	}
	return strconv.AppendBool(nil, f.v), nil
}

// Value returns the flag (false when unset).
func (f Bool) Value() bool { return f.v }

// IsSet reports whether a recognizable value arrived.
func (f Bool) IsSet() bool { return f.set }

// IsZero reports an unset flag (for omitzero).
func (f Bool) IsZero() bool { return !f.set && f.raw == "" }
