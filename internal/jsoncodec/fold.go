package jsoncodec

import (
	"unicode"
	"unicode/utf8"
)

// foldName returns the key under which encoding/json finds a field without
// regard to letter case: ASCII letters upper-cased, other runes replaced
// by the smallest rune of their simple-folding orbit (invalid UTF-8 as
// U+FFFD). foldName(x) == foldName(y) exactly when bytes.EqualFold(x, y).
func appendFoldedName(out, in []byte) []byte {
	for i := 0; i < len(in); {
		if c := in[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(in[i:])
		out = utf8.AppendRune(out, foldRune(r))
		i += n
	}
	return out
}

// foldRune returns the smallest rune of r's simple-folding orbit.
func foldRune(r rune) rune {
	for {
		r2 := unicode.SimpleFold(r)
		if r2 <= r {
			return r2
		}
		r = r2
	}
}

// equalFold reports bytes.EqualFold(s, []byte(t)) without converting.
func equalFold(s []byte, t string) bool {
	i, j := 0, 0
	for i < len(s) && j < len(t) {
		a, b := s[i], t[j]
		if a < utf8.RuneSelf && b < utf8.RuneSelf {
			if 'a' <= a && a <= 'z' {
				a -= 'a' - 'A'
			}
			if 'a' <= b && b <= 'z' {
				b -= 'a' - 'A'
			}
			if a != b {
				return false
			}
			i++
			j++
			continue
		}
		r1, n1 := utf8.DecodeRune(s[i:])
		r2, n2 := utf8.DecodeRuneInString(t[j:])
		if foldRune(r1) != foldRune(r2) {
			return false
		}
		i += n1
		j += n2
	}
	return i == len(s) && j == len(t)
}
