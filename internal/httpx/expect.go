package httpx

import (
	"bytes"
	"encoding/json"
	"strings"
)

// ExpectMembers returns a Request.Expect check for an answer that is a
// JSON object with at least one of names as a top-level member (whatever
// its value, null included). An empty body, `{}`, an array, an HTML page
// or an object with other members fails with a *ShapeError. Build it once
// (a package variable), not per call. The scan stops at the first wanted
// member and allocates nothing unless a member name is escaped.
func ExpectMembers(names ...string) func(*Response) error {
	want := "a JSON object with " + strings.Join(names, " or ")
	return func(resp *Response) error {
		if hasMember(resp.Body, names) {
			return nil
		}
		return &ShapeError{Want: want}
	}
}

// hasMember reports whether b (after a UTF-8 byte order mark and spaces)
// is a JSON object with one of names as a top-level member. It reads up to
// the first such member; what follows is the decoder's to check.
func hasMember(b []byte, names []string) bool {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i++
	for {
		i = skipSpace(b, i)
		if i >= len(b) || b[i] != '"' {
			return false
		}
		end, escaped := scanString(b, i)
		if end < 0 {
			return false
		}
		if memberIn(b[i:end], escaped, names) {
			return true
		}
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return false
		}
		i = skipValue(b, i+1)
		if i < 0 {
			return false
		}
		i = skipSpace(b, i)
		if i >= len(b) || b[i] != ',' {
			return false // the end of the object, or not JSON
		}
		i++
	}
}

// memberIn reports whether the JSON string lit (quotes included) is one of
// names.
func memberIn(lit []byte, escaped bool, names []string) bool {
	key := lit[1 : len(lit)-1]
	if escaped {
		var s string
		if json.Unmarshal(lit, &s) != nil {
			return false
		}
		key = []byte(s)
	}
	for _, n := range names {
		if string(key) == n {
			return true
		}
	}
	return false
}

// skipSpace returns the index of the first non-space byte at or after i.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// scanString returns the index just past the JSON string starting at
// b[i] (a quote), and whether it holds an escape; -1 when unterminated.
func scanString(b []byte, i int) (int, bool) {
	escaped := false
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			return j + 1, escaped
		}
	}
	return -1, escaped
}

// skipValue returns the index just past the JSON value at or after i, or
// -1 when it does not end. Nested objects and arrays are skipped by depth,
// strings by their quotes; scalars end at a delimiter.
func skipValue(b []byte, i int) int {
	i = skipSpace(b, i)
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		end, _ := scanString(b, i)
		return end
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				end, _ := scanString(b, i)
				if end < 0 {
					return -1
				}
				i = end
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
		return -1
	}
	for j := i; j < len(b); j++ {
		switch b[j] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			if j == i {
				return -1
			}
			return j
		}
	}
	return -1
}
