package lenient

import (
	"encoding/json"
	"testing"
)

// FuzzAppendString: the hand-written string encoder (the CVS streamed
// intake body, the FHIR codec) gives valid JSON that decodes to what
// encoding/json's own encoding decodes to, for any input (control
// characters, quotes, invalid UTF-8, U+2028).
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "tiff", `a"b\c`, "line\nbreak\r\t\x00\x1f\x7f", "<&>", "\u2028\u2029", "caf\xc3", "\xff\xfe", "Zoë 💊"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := AppendString([]byte("x"), s)
		if got[0] != 'x' {
			t.Fatal("prefix lost")
		}
		var a, b string
		if err := json.Unmarshal(got[1:], &a); err != nil {
			t.Fatalf("not JSON: %q: %v", got, err)
		}
		want, _ := json.Marshal(s)
		if err := json.Unmarshal(want, &b); err != nil {
			t.Fatal(err)
		}
		if a != b {
			t.Fatalf("%q decodes to %q, encoding/json gives %q", s, a, b)
		}
	})
}
