package rxbridge

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOneOrMany(t *testing.T) {
	type c struct {
		Text string `json:"text"`
	}
	for _, in := range []string{`{"text":"a"}`, `[{"text":"a"},{"text":"b"}]`, `null`, `[]`} {
		var l OneOrMany[c]
		require.NoError(t, json.Unmarshal([]byte(in), &l), in)
		out, err := json.Marshal(l)
		require.NoError(t, err)
		assert.JSONEq(t, in, string(out))
	}
	var l OneOrMany[c]
	require.NoError(t, json.Unmarshal([]byte(`{"text":"only"}`), &l))
	assert.Equal(t, []c{{"only"}}, l.Items)
	require.Error(t, json.Unmarshal([]byte(`"not an object"`), &l))
}
