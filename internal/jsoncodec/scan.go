package jsoncodec

import (
	"unicode/utf16"
	"unicode/utf8"
)

// The cursor: every function takes the buffer and an index, never panics
// (an index past the end reads as 0), and returns the index after what it
// read, or -1 when the bytes are not what it expected. On input that
// Valid accepted they never return -1 where the grammar says the thing is.

// At returns b[i], or 0 when i is outside b.
func At(b []byte, i int) byte {
	if i >= 0 && i < len(b) {
		return b[i]
	}
	return 0
}

// SkipWS returns the index of the first byte at or after i that is not
// JSON whitespace (len(b) when there is none).
func SkipWS(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// SkipString returns the index after the JSON string starting at b[i], or
// -1.
func SkipString(b []byte, i int) int {
	if At(b, i) != '"' {
		return -1
	}
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// SkipValue returns the index after the JSON value starting at b[i] (not
// whitespace), or -1. Objects and arrays are matched by their brackets;
// their content is not checked.
func SkipValue(b []byte, i int) int {
	switch c := At(b, i); c {
	case '"':
		return SkipString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				k := SkipString(b, j)
				if k < 0 {
					return -1
				}
				j = k - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	case 0, '}', ']', ',', ':':
		return -1
	default:
		j := i
		for j < len(b) {
			switch b[j] {
			case ',', '}', ']', ' ', '\t', '\n', '\r', ':', '"', '{', '[':
				if j == i {
					return -1
				}
				return j
			}
			j++
		}
		return j
	}
}

// HasLiteral reports whether lit (true, false, null) is written at b[i].
func HasLiteral(b []byte, i int, lit string) bool {
	return i >= 0 && i+len(lit) <= len(b) && string(b[i:i+len(lit)]) == lit
}

// PlainString returns the content of the JSON string raw (quotes
// included) when it needs no unescaping: no backslash, no control
// character, no byte above 0x7e. It does not allocate.
func PlainString(raw []byte) ([]byte, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return nil, false
	}
	s := raw[1 : len(raw)-1]
	for _, c := range s {
		if c < 0x20 || c > 0x7e || c == '\\' || c == '"' {
			return nil, false
		}
	}
	return s, true
}

// Unquote decodes the JSON string raw (quotes included) with
// encoding/json's rules: escapes resolved, a surrogate pair combined, a
// lone surrogate or invalid UTF-8 replaced by U+FFFD. ok is false for
// text that is not a JSON string.
func Unquote(raw []byte) (string, bool) {
	b, ok := UnquoteBytes(raw)
	return string(b), ok
}

// UnquoteBytes is Unquote giving bytes: the content of raw itself (no
// copy) when it needs no unescaping, else a new slice.
func UnquoteBytes(raw []byte) ([]byte, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return nil, false
	}
	s := raw[1 : len(raw)-1]
	i := 0
	for i < len(s) {
		c := s[i]
		if c == '\\' || c == '"' || c < 0x20 {
			break
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		i += size
	}
	if i == len(s) {
		return s, true
	}
	out := make([]byte, i, len(s)+2*utf8.UTFMax)
	copy(out, s[:i])
	for i < len(s) {
		c := s[i]
		switch {
		case c == '\\':
			if i+1 >= len(s) {
				return nil, false
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/', '\'': // \' as encoding/json's unquote (Valid refuses it)
				out = append(out, e)
				i += 2
			case 'b':
				out = append(out, '\b')
				i += 2
			case 'f':
				out = append(out, '\f')
				i += 2
			case 'n':
				out = append(out, '\n')
				i += 2
			case 'r':
				out = append(out, '\r')
				i += 2
			case 't':
				out = append(out, '\t')
				i += 2
			case 'u':
				r := hex4(s, i+2)
				if r < 0 {
					return nil, false
				}
				i += 6
				if utf16.IsSurrogate(r) {
					if i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
						if r2 := hex4(s, i+2); r2 >= 0 {
							if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
								out = utf8.AppendRune(out, d)
								i += 6
								continue
							}
						}
					}
					r = utf8.RuneError
				}
				out = utf8.AppendRune(out, r)
			default:
				return nil, false
			}
		case c == '"' || c < 0x20:
			return nil, false
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
		default:
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				out = utf8.AppendRune(out, utf8.RuneError)
			} else {
				out = append(out, s[i:i+size]...)
			}
			i += size
		}
	}
	return out, true
}

// hex4 reads four hex digits at s[i:], or returns -1.
func hex4(s []byte, i int) rune {
	if i < 0 || i+4 > len(s) {
		return -1
	}
	var r rune
	for _, c := range s[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// Member returns the value of the member of the JSON object obj whose name
// matches name as encoding/json matches a struct field's name (exactly, or
// else without regard to letter case), the last one when several match,
// as encoding/json keeps the last. ok is false when obj is not an object
// or has no such member.
func Member(obj []byte, name string) (raw []byte, ok bool) {
	i := SkipWS(obj, 0)
	if At(obj, i) != '{' {
		return nil, false
	}
	ObjectEach(obj[i:], func(key, value []byte) bool {
		if keyMatches(key, name) {
			raw, ok = value, true
		}
		return true
	})
	return raw, ok
}

// ObjectEach calls fn with each member of the JSON object at the start of
// obj (after whitespace): its name as written, quotes included, and its
// value. It stops when fn returns false and reports whether obj was a
// well-formed object as far as it read.
func ObjectEach(obj []byte, fn func(key, value []byte) bool) bool {
	i := SkipWS(obj, 0)
	if At(obj, i) != '{' {
		return false
	}
	i = SkipWS(obj, i+1)
	if At(obj, i) == '}' {
		return true
	}
	for {
		kEnd := SkipString(obj, i)
		if kEnd < 0 {
			return false
		}
		key := obj[i:kEnd]
		i = SkipWS(obj, kEnd)
		if At(obj, i) != ':' {
			return false
		}
		i = SkipWS(obj, i+1)
		end := SkipValue(obj, i)
		if end < 0 {
			return false
		}
		if !fn(key, obj[i:end]) {
			return true
		}
		i = SkipWS(obj, end)
		switch At(obj, i) {
		case ',':
			i = SkipWS(obj, i+1)
		case '}':
			return true
		default:
			return false
		}
	}
}

// KeyIs reports whether the JSON string key (quotes included) names name
// the way encoding/json matches a field name: exactly, or without regard
// to letter case (Unicode simple folding).
func KeyIs(key []byte, name string) bool { return keyMatches(key, name) }

func keyMatches(key []byte, name string) bool {
	if len(key) == len(name)+2 && string(key[1:len(key)-1]) == name {
		return true
	}
	s, ok := UnquoteBytes(key)
	if !ok {
		return false
	}
	return string(s) == name || equalFold(s, name)
}

// StringMember reads the member name of the JSON object obj as
// encoding/json decodes it into a string field: each matching member in
// turn (as Member matches), null leaving the text as it is, a string
// replacing it. ok is false, as encoding/json would report a type error,
// when obj is not an object or a matching member holds another value.
func StringMember(obj []byte, name string) (s string, ok bool) {
	i := SkipWS(obj, 0)
	if At(obj, i) != '{' {
		return "", false
	}
	ok = true
	wellFormed := ObjectEach(obj[i:], func(key, value []byte) bool {
		if !keyMatches(key, name) {
			return true
		}
		switch value[0] {
		case 'n':
		case '"':
			u, good := Unquote(value)
			if !good {
				ok = false
				return false
			}
			s = u
		default:
			ok = false
			return false
		}
		return true
	})
	return s, ok && wellFormed
}

// StringValue is the text of the JSON string raw, or "" for any other
// value: what json.Unmarshal(raw, &s) leaves in an empty s.
func StringValue(raw []byte) string {
	if s, ok := PlainString(raw); ok {
		return string(s)
	}
	s, _ := Unquote(raw)
	return s
}
