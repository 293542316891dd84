package webhookx

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type member struct{ name, value string }

// decoderMembers lists the members of a valid JSON object with
// encoding/json's own tokenizer: names unescaped, values as raw bytes.
func decoderMembers(t *testing.T, data []byte) []member {
	d := json.NewDecoder(bytes.NewReader(data))
	tok, err := d.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	var out []member
	for d.More() {
		k, err := d.Token()
		require.NoError(t, err)
		var v json.RawMessage
		require.NoError(t, d.Decode(&v))
		out = append(out, member{k.(string), string(v)})
	}
	return out
}

// scanMembers lists them with Members, names unescaped the same way.
func scanMembers(data []byte) ([]member, bool) {
	var out []member
	ok := Members(data, func(name, value []byte) {
		var s string
		if json.Unmarshal(append(append([]byte{'"'}, name...), '"'), &s) != nil {
			s = "\x00invalid name"
		}
		out = append(out, member{s, string(value)})
	})
	return out, ok
}

func TestMembers(t *testing.T) {
	for _, s := range []string{`{}`, ` { } `, `{"a":1}`, `{"a" : "x\"}" , "b":{"c":[1,{"d":"}"}]},"a":null}`, "{\"\\u0061\":true,\n\"e\":-1.5e3}"} {
		got, ok := scanMembers([]byte(s))
		require.True(t, ok, s)
		assert.Equal(t, decoderMembers(t, []byte(s)), got, s)
	}
	for _, s := range []string{``, `[]`, `"a"`, `{`, `{"a"`, `{"a":`, `{"a":1`, `{"a":1,`, `{"a" 1}`, `{"a":1 "b":2}`, `{a:1}`, `{"a":,}`, `{"\`} {
		_, ok := scanMembers([]byte(s))
		assert.False(t, ok, s)
	}
	obj := []byte(`{"a":{"b":[1,2]},"c":"d"}`)
	assert.Zero(t, testing.AllocsPerRun(100, func() { Members(obj, func(_, _ []byte) {}) }))
}

// FuzzMembers: on any input Members ends without panicking; on a valid
// JSON object it walks every member exactly as encoding/json reads them.
func FuzzMembers(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1}`, `{"a":"x\"}","b":{"c":[1,{"d":"}"}]}}`, `{"\u0061":true}`, `{"a":[`, `[1]`, `{"a":1,}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := scanMembers(data)
		trimmed := bytes.TrimLeft(data, " \t\r\n")
		if !json.Valid(data) || len(trimmed) == 0 || trimmed[0] != '{' {
			return
		}
		if !ok {
			t.Fatalf("a valid object was not walked")
		}
		want := decoderMembers(t, data)
		if len(want) == 0 {
			want = nil
		}
		assert.Equal(t, want, got)
	})
}

func TestNameIsAndPlainString(t *testing.T) {
	for _, tc := range []struct {
		name     string
		is, sure bool
	}{
		{"data", true, true}, {"DATA", true, true}, {"Data", true, true}, {"dat", false, true}, {"datum", false, true},
		{`d\u0061ta`, false, false}, {"dſta", false, false}, {"daта", false, false},
	} {
		is, sure := NameIs([]byte(tc.name), "data")
		assert.Equal(t, [2]bool{tc.is, tc.sure}, [2]bool{is, sure}, tc.name)
	}
	s, ok := PlainString([]byte(`"prior_authorization.status_change"`))
	assert.True(t, ok)
	assert.Equal(t, "prior_authorization.status_change", s)
	for _, v := range []string{`"a\"b"`, `"a\u0062"`, `12`, `null`, `{"a":"b"}`, `"`, `"a`} {
		_, ok := PlainString([]byte(v))
		assert.False(t, ok, v)
	}
}
