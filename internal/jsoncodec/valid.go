package jsoncodec

// maxDepth is encoding/json's nesting limit: deeper input is a syntax
// error there, and so here.
const maxDepth = 10000

// Valid reports whether b is one JSON value with optional surrounding
// whitespace, exactly as json.Valid does (FuzzValid checks it), several
// times faster: a direct loop instead of a state machine called per byte.
func Valid(b []byte) bool {
	i := SkipWS(b, 0)
	i = validValue(b, i, 0)
	return i >= 0 && SkipWS(b, i) == len(b)
}

// strPlain marks the bytes a JSON string holds as they are.
var strPlain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// validValue returns the index after the valid value at b[i], or -1.
func validValue(b []byte, i, depth int) int {
	switch At(b, i) {
	case '"':
		return validString(b, i)
	case '{':
		if depth >= maxDepth {
			return -1
		}
		i = SkipWS(b, i+1)
		if At(b, i) == '}' {
			return i + 1
		}
		for {
			if i = validString(b, i); i < 0 {
				return -1
			}
			i = SkipWS(b, i)
			if At(b, i) != ':' {
				return -1
			}
			i = SkipWS(b, i+1)
			if i = validValue(b, i, depth+1); i < 0 {
				return -1
			}
			i = SkipWS(b, i)
			switch At(b, i) {
			case ',':
				i = SkipWS(b, i+1)
			case '}':
				return i + 1
			default:
				return -1
			}
		}
	case '[':
		if depth >= maxDepth {
			return -1
		}
		i = SkipWS(b, i+1)
		if At(b, i) == ']' {
			return i + 1
		}
		for {
			if i = validValue(b, i, depth+1); i < 0 {
				return -1
			}
			i = SkipWS(b, i)
			switch At(b, i) {
			case ',':
				i = SkipWS(b, i+1)
			case ']':
				return i + 1
			default:
				return -1
			}
		}
	case 't':
		if HasLiteral(b, i, "true") {
			return i + 4
		}
	case 'f':
		if HasLiteral(b, i, "false") {
			return i + 5
		}
	case 'n':
		if HasLiteral(b, i, "null") {
			return i + 4
		}
	default:
		return validNumber(b, i)
	}
	return -1
}

// validString returns the index after the valid string at b[i], or -1.
func validString(b []byte, i int) int {
	if At(b, i) != '"' {
		return -1
	}
	i++
	for {
		for i < len(b) && strPlain[b[i]] {
			i++
		}
		if i >= len(b) {
			return -1
		}
		switch b[i] {
		case '"':
			return i + 1
		case '\\':
			switch At(b, i+1) {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if hex4(b, i+2) < 0 {
					return -1
				}
				i += 6
			default:
				return -1
			}
		default: // a control character
			return -1
		}
	}
}

// validNumber returns the index after the valid number at b[i], or -1.
func validNumber(b []byte, i int) int {
	if At(b, i) == '-' {
		i++
	}
	switch c := At(b, i); {
	case c == '0':
		i++
	case c >= '1' && c <= '9':
		i++
		for c := At(b, i); c >= '0' && c <= '9'; c = At(b, i) {
			i++
		}
	default:
		return -1
	}
	if At(b, i) == '.' {
		i++
		if c := At(b, i); c < '0' || c > '9' {
			return -1
		}
		for c := At(b, i); c >= '0' && c <= '9'; c = At(b, i) {
			i++
		}
	}
	if c := At(b, i); c == 'e' || c == 'E' {
		i++
		if c := At(b, i); c == '+' || c == '-' {
			i++
		}
		if c := At(b, i); c < '0' || c > '9' {
			return -1
		}
		for c := At(b, i); c >= '0' && c <= '9'; c = At(b, i) {
			i++
		}
	}
	return i
}
