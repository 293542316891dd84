package webhookx

// Members calls member with each member of the JSON object at the start of
// data (after spaces): its name as written between the quotes (escapes
// left as they are) and its value's bytes, in order, duplicates included.
// It is a cursor, not a validator: it reports false, having called member
// for what it walked, when data is not an object it can walk to its
// closing brace. It allocates nothing and never panics, whatever data
// holds. Providers use it to learn which type a body decodes into (an
// event's type member) before the one decode of the body, which validates.
func Members(data []byte, member func(name, value []byte)) bool {
	w := walker{data: data}
	i := w.ws(0)
	if i >= len(data) || data[i] != '{' {
		return false
	}
	i = w.ws(i + 1)
	if i < len(data) && data[i] == '}' {
		return true
	}
	for i < len(data) && data[i] == '"' {
		kEnd := w.str(i)
		if kEnd-1 <= i || data[kEnd-1] != '"' {
			return false
		}
		name := data[i+1 : kEnd-1]
		i = w.ws(kEnd)
		if i >= len(data) || data[i] != ':' {
			return false
		}
		i = w.ws(i + 1)
		end := w.skip(i)
		if end <= i || end > len(data) {
			return false
		}
		member(name, data[i:end])
		i = w.ws(end)
		if i >= len(data) {
			return false
		}
		switch data[i] {
		case '}':
			return true
		case ',':
			i = w.ws(i + 1)
		default:
			return false
		}
	}
	return false
}

// PlainString returns the content of a JSON string value with no escape
// sequence, and false for any other value (an escaped string, a number,
// an object...). The content is as written: it may hold bytes a decoder
// would replace (invalid UTF-8), so a caller that must agree with the
// decoder compares with what it decoded.
func PlainString(value []byte) (string, bool) {
	if len(value) < 2 || value[0] != '"' || value[len(value)-1] != '"' {
		return "", false
	}
	s := value[1 : len(value)-1]
	for _, c := range s {
		if c == '\\' || c == '"' {
			return "", false
		}
	}
	return string(s), true
}

// NameIs reports whether a member name as written (Members) is, for
// encoding/json, certainly the field name want (ASCII, lower case): equal
// ignoring ASCII case. sure is false when the name holds an escape or a
// byte outside ASCII, which encoding/json may unescape or fold (ſ to s, ı
// to i) into want: the caller then cannot tell without decoding.
func NameIs(name []byte, want string) (is, sure bool) {
	for _, c := range name {
		if c == '\\' || c >= 0x80 {
			return false, false
		}
	}
	if len(name) != len(want) {
		return false, true
	}
	for i, c := range name {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != want[i] {
			return false, true
		}
	}
	return true, true
}
