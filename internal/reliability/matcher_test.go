package reliability

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// matcher finds any of many canaries in one pass over a haystack, where a
// strings.Index per canary would read the whole suite's output hundreds of
// times (the scans would then cost more than the cases). Canaries of at
// least 8 bytes are found through a table of their first two bytes (most
// positions stop there) and a map of their first 8; shorter ones with
// strings.Index.
type matcher struct {
	pair  []bool // 1<<16 entries: some canary starts with these two bytes
	by8   map[string][]string
	short []string
}

const matcherPrefix = 8

func newMatcher(canaries []string) *matcher {
	m := &matcher{pair: make([]bool, 1<<16), by8: map[string][]string{}}
	for _, c := range canaries {
		switch {
		case c == "":
		case len(c) < matcherPrefix:
			m.short = append(m.short, c)
		default:
			m.pair[int(c[0])<<8|int(c[1])] = true
			m.by8[c[:matcherPrefix]] = append(m.by8[c[:matcherPrefix]], c)
		}
	}
	return m
}

// find returns each canary present in h with the offset of its first
// occurrence.
func (m *matcher) find(h string) map[string]int {
	found := map[string]int{}
	for _, c := range m.short {
		if i := strings.Index(h, c); i >= 0 {
			found[c] = i
		}
	}
	for i := 0; i+matcherPrefix <= len(h); i++ {
		if !m.pair[int(h[i])<<8|int(h[i+1])] {
			continue
		}
		for _, c := range m.by8[h[i:i+matcherPrefix]] {
			if _, dup := found[c]; !dup && strings.HasPrefix(h[i:], c) {
				found[c] = i
			}
		}
	}
	return found
}

// lineAt returns the line of h around offset i, at most n bytes past i.
func lineAt(h string, i, n int) string {
	lo := strings.LastIndexByte(h[:i], '\n') + 1
	hi := len(h)
	if j := strings.IndexByte(h[i:], '\n'); j >= 0 {
		hi = i + j
	}
	return h[lo:min(hi, i+n)]
}

func TestMatcherFindsWhatIndexFinds(t *testing.T) {
	canaries := []string{"CANARYGIVEN", "CANARY-ACCESS-", "CANARY-ACCESS-12", "1937-04-19", "short", "eyJhbGciOiJSUzI1NiJ9.x.y", "", "zzzzzzzz"}
	haystacks := []string{
		"",
		"nothing here at all",
		"level=INFO msg=call given=CANARYGIVEN\nnext line",
		"token CANARY-ACCESS-12 and again CANARY-ACCESS-12",
		"dob 1937-04-19",
		"a short one",
		"ends with the canary CANARYGIVEN",
		"CANARYGIVE",
		"zzzzzzzzz overlapping start",
		"jwt eyJhbGciOiJSUzI1NiJ9.x.y.",
	}
	m := newMatcher(canaries)
	for _, h := range haystacks {
		want := map[string]int{}
		for _, c := range canaries {
			if i := strings.Index(h, c); c != "" && i >= 0 {
				want[c] = i
			}
		}
		assert.Equal(t, want, m.find(h), "%q", h)
	}
	assert.Equal(t, "given=CANARYGIVEN", lineAt("level=INFO\ngiven=CANARYGIVEN\nx", 17, 200))
	assert.Equal(t, "given=CANARY", lineAt("level=INFO\ngiven=CANARYGIVEN\nx", 17, 6))
}
