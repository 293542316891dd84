package lenient

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestString(t *testing.T) {
	for in, want := range map[string]String{`99`: "99", `"99"`: "99", `null`: "", `true`: "true", `{"a":1}`: "", `-1.5`: "-1.5"} {
		var s String
		require.NoError(t, json.Unmarshal([]byte(in), &s), in)
		assert.Equal(t, want, s, in)
	}
	out, _ := json.Marshal(String("99"))
	assert.Equal(t, `"99"`, string(out))
}

func TestBool(t *testing.T) {
	for in, want := range map[string][2]bool{
		`true`: {true, true}, `false`: {false, true}, `"true"`: {true, true}, `"yes"`: {true, true}, `"Y"`: {true, true},
		`"no"`: {false, true}, `1`: {true, true}, `0`: {false, true}, `null`: {false, false}, `"maybe"`: {false, false},
	} {
		var b Bool
		require.NoError(t, json.Unmarshal([]byte(in), &b), in)
		assert.Equal(t, want[0], b.Value(), in)
		assert.Equal(t, want[1], b.IsSet(), in)
		out, err := json.Marshal(b)
		require.NoError(t, err)
		assert.Equal(t, in, string(out), "round trip")
	}
	out, _ := json.Marshal(NewBool(true))
	assert.Equal(t, "true", string(out))
}
