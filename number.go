package rxbridge

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

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
		if s, ok := jsoncodec.PlainString(b); ok {
			n.text, n.quoted = smallText(s), true
			break
		}
		s, ok := jsoncodec.Unquote(b)
		if !ok {
			var v string
			return json.Unmarshal(b, &v) // not a JSON string: encoding/json's error
		}
		n.text, n.quoted = s, true
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
