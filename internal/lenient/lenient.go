// Package lenient has JSON types for values upstreams send in more than one
// shape: a code that is sometimes a number and sometimes a string, an amount
// as "12.50" or 12.5, a flag as true or "yes", one object or a list. They
// decode every shape without error and re-encode in the shape they came in,
// so recorded fixtures round-trip. It also holds the JSON text helpers the
// SDK's hand-written encoders and decoders share (PlainJSON, AppendString).
package lenient

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
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
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
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

// Number is a decimal that may arrive as a JSON number or a numeric string
// ("12.50"). Its text is kept exactly (no float rounding) along with
// whether it was quoted. null and "" decode to an unset Number; a
// non-numeric string decodes without error to an invalid one (Valid is
// false, String returns the text).
type Number struct {
	text   string
	quoted bool
	null   bool
}

// NewNumber returns a Number with the given decimal text, encoded as a JSON
// number.
func NewNumber(text string) Number { return Number{text: text} }

// UnmarshalJSON implements json.Unmarshaler.
func (n *Number) UnmarshalJSON(b []byte) error {
	*n = Number{}
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		n.null = true
	case b[0] == '"':
		if len(b) >= 2 && b[len(b)-1] == '"' && PlainJSON(b[1:len(b)-1]) {
			n.text, n.quoted = smallText(b[1:len(b)-1]), true
			break
		}
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		n.text, n.quoted = v, true
	case b[0] == '{' || b[0] == '[':
		n.text, n.quoted = "", true
	default:
		n.text = smallText(b)
	}
	return nil
}

// smallText is string(b), without an allocation for the canonical
// decimals 0 to 99 (quantities, refill counts), which strconv.Itoa
// serves from a constant.
func smallText(b []byte) string {
	switch {
	case len(b) == 1 && b[0] >= '0' && b[0] <= '9':
		return strconv.Itoa(int(b[0] - '0'))
	case len(b) == 2 && b[0] >= '1' && b[0] <= '9' && b[1] >= '0' && b[1] <= '9':
		return strconv.Itoa(int(b[0]-'0')*10 + int(b[1]-'0'))
	}
	return string(b)
}

// MarshalJSON implements json.Marshaler: as received, or a JSON number for
// values built in code; null when unset.
func (n Number) MarshalJSON() ([]byte, error) {
	if n.null || (n.text == "" && !n.quoted) {
		return []byte("null"), nil
	}
	if n.quoted || !isJSONNumber(n.text) {
		return json.Marshal(n.text)
	}
	return []byte(n.text), nil
}

// String returns the decimal text as received.
func (n Number) String() string { return n.text }

// IsZero reports an unset value (for omitzero).
func (n Number) IsZero() bool { return n.text == "" }

// Valid reports whether the text is a finite decimal number.
func (n Number) Valid() bool {
	_, ok := n.Float64()
	return ok
}

// Float64 returns the value as a float64.
func (n Number) Float64() (float64, bool) {
	t := strings.TrimSpace(n.text)
	if t == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// Int64 returns the value when it is a whole number.
func (n Number) Int64() (int64, bool) {
	i, err := strconv.ParseInt(strings.TrimSpace(n.text), 10, 64)
	return i, err == nil
}

// Cents returns an amount in hundredths, rounding half away from zero
// (12.505 → 1251), computed from the text without float error.
func (n Number) Cents() (int64, bool) {
	t := strings.TrimSpace(n.text)
	t = strings.TrimPrefix(t, "$")
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(strings.TrimPrefix(t, "-"), "+")
	whole, frac, _ := strings.Cut(t, ".")
	if whole == "" {
		whole = "0"
	}
	for _, s := range []string{whole, frac} {
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
		}
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > math.MaxInt64/100-1 {
		return 0, false
	}
	frac += "000"
	c, _ := strconv.ParseInt(frac[:2], 10, 64)
	cents := w*100 + c
	if frac[2] >= '5' {
		cents++
	}
	if neg {
		cents = -cents
	}
	return cents, true
}

func isJSONNumber(s string) bool {
	return json.Valid([]byte(s)) && len(s) > 0 && (s[0] == '-' || s[0] >= '0' && s[0] <= '9')
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
		if err := json.Unmarshal(b, &s); err != nil {
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

// OneOrMany is a list that may arrive as a JSON array, a single value, or
// null. It encodes as it came (a single value stays single).
type OneOrMany[T any] struct {
	Items  []T
	single bool
}

// UnmarshalJSON implements json.Unmarshaler.
func (l *OneOrMany[T]) UnmarshalJSON(b []byte) error {
	*l = OneOrMany[T]{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] == '[' {
		return json.Unmarshal(b, &l.Items)
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	l.Items, l.single = []T{v}, true
	return nil
}

// MarshalJSON implements json.Marshaler.
func (l OneOrMany[T]) MarshalJSON() ([]byte, error) {
	if l.single && len(l.Items) == 1 {
		return json.Marshal(l.Items[0])
	}
	if l.Items == nil {
		return []byte("null"), nil
	}
	return json.Marshal(l.Items)
}

// IsZero reports an empty list (for omitzero).
func (l OneOrMany[T]) IsZero() bool { return len(l.Items) == 0 }
