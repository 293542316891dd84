package rxbridge_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

func TestOptionalKeepsAbsentNullAndSet(t *testing.T) {
	type doc struct {
		A rxbridge.Optional[string] `json:"a,omitzero"`
		B rxbridge.Optional[int64]  `json:"b,omitzero"`
		C rxbridge.Optional[bool]   `json:"c,omitzero"`
	}
	for _, in := range []string{`{}`, `{"a":null}`, `{"a":"x","b":7,"c":false}`, `{"a":null,"b":null,"c":true}`} {
		var d doc
		require.NoError(t, json.Unmarshal([]byte(in), &d))
		out, err := json.Marshal(d)
		require.NoError(t, err)
		assert.JSONEq(t, in, string(out), "round trip of %s", in)
	}
	var o rxbridge.Optional[string]
	assert.True(t, o.IsZero())
	assert.Equal(t, "d", o.Or("d"))
	require.NoError(t, json.Unmarshal([]byte(`42`), &o), "a number where text was expected is not an error")
	assert.False(t, o.Valid)
	assert.False(t, o.IsNull())
	require.NoError(t, json.Unmarshal([]byte(`null`), &o))
	assert.True(t, o.IsNull())
	s := rxbridge.Some("x")
	v, ok := s.Get()
	assert.True(t, ok)
	assert.Equal(t, "x", v)
}

func TestPtr(t *testing.T) {
	p := rxbridge.Ptr(5)
	q := rxbridge.Ptr(5)
	assert.Equal(t, 5, *p)
	assert.NotSame(t, p, q)
}
