package jsoncodec

// Strings gives the short strings of one decode a single allocation each:
// the system URLs, codes, units and statuses a FHIR bundle repeats in
// every entry are made once and shared (strings are immutable, so the
// decoded values cannot tell). It is a direct-mapped table: a string
// whose slot holds another is simply made again. Clear it before it is
// reused for another decode, so that it keeps nothing of this one.
type Strings struct {
	tab  [256]string
	used bool
}

// maxInterned is the longest string shared; longer ones are rare repeats.
const maxInterned = 64

// String returns string(b), shared with an earlier equal string of this
// table when there is one.
func (s *Strings) String(b []byte) string {
	n := len(b)
	if n == 0 || n > maxInterned {
		return string(b)
	}
	h := (uint(n)*0x9e + uint(b[0])*0x3b + uint(b[n-1])*0x61 + uint(b[n/2])*0x2f + uint(b[n*3/4])) & 255
	if e := s.tab[h]; e == string(b) {
		return e
	}
	e := string(b)
	s.tab[h] = e
	s.used = true
	return e
}

// Clear forgets every string.
func (s *Strings) Clear() {
	if s.used {
		clear(s.tab[:])
		s.used = false
	}
}
