package rxbridge

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNumberRoundTripsAndConverts(t *testing.T) {
	type pay struct {
		Amount Number `json:"amount"`
	}
	cases := []struct {
		in    string
		valid bool
		cents int64
	}{
		{`{"amount":12.5}`, true, 1250},
		{`{"amount":"12.50"}`, true, 1250},
		{`{"amount":"0.005"}`, true, 1},
		{`{"amount":199}`, true, 19900},
		{`{"amount":"-3.10"}`, true, -310},
		{`{"amount":null}`, false, 0},
		{`{"amount":""}`, false, 0},
		{`{"amount":"TBD"}`, false, 0},
		{`{"amount":1e2}`, true, 0},
	}
	for _, tc := range cases {
		var p pay
		require.NoError(t, json.Unmarshal([]byte(tc.in), &p), tc.in)
		assert.Equal(t, tc.valid, p.Amount.Valid(), tc.in)
		if tc.valid && tc.cents != 0 {
			c, ok := p.Amount.Cents()
			require.True(t, ok, tc.in)
			assert.Equal(t, tc.cents, c, tc.in)
		}
		out, err := json.Marshal(p)
		require.NoError(t, err)
		assert.JSONEq(t, tc.in, string(out))
	}
	f, ok := NewNumber("12.25").Float64()
	assert.True(t, ok)
	assert.Equal(t, 12.25, f)
	out, _ := json.Marshal(NewNumber("12.25"))
	assert.Equal(t, `12.25`, string(out))
	i, ok := NewNumber("42").Int64()
	assert.True(t, ok)
	assert.Equal(t, int64(42), i)
	_, ok = NewNumber("1.5").Int64()
	assert.False(t, ok)
	assert.True(t, Number{}.IsZero())
}

func FuzzNumber(f *testing.F) {
	for _, s := range []string{`12.5`, `"12.50"`, `null`, `""`, `"TBD"`, `-0`, `"$3.10"`, `1e309`} {
		f.Add(s)
	}
	f.Add(`"7"`)
	f.Add(`07`)
	f.Add(`"`)
	f.Fuzz(func(t *testing.T, in string) {
		var direct Number
		_ = direct.UnmarshalJSON([]byte(in)) // never panics, whatever it is given
		var n Number
		if json.Unmarshal([]byte(in), &n) != nil {
			return
		}
		// The text is exactly what came: the unescaped string, or the
		// number's own digits ("07" stays "07", "7" is "7").
		trimmed := strings.TrimSpace(in)
		var want string
		switch {
		case trimmed == "null" || strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "["):
			want = ""
		case strings.HasPrefix(trimmed, `"`):
			_ = json.Unmarshal([]byte(trimmed), &want)
		default:
			want = trimmed
		}
		if n.String() != want {
			t.Fatalf("%q decodes to %q, want %q", in, n.String(), want)
		}
		_, _ = n.Cents()
		_, _ = n.Float64()
		out, err := json.Marshal(n)
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		var again Number
		if err := json.Unmarshal(out, &again); err != nil || again.String() != n.String() {
			t.Fatalf("%q -> %s -> %q", in, out, again.String())
		}
	})
}
