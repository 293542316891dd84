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

// TestOptionalDecodesWithoutADecoder: an optional string, bool or number
// is read from its token, without starting encoding/json (which allocated
// its decode state for every field).
func TestOptionalDecodesWithoutADecoder(t *testing.T) {
	var s rxbridge.Optional[string]
	b := []byte(`"SLC4"`)
	assert.LessOrEqual(t, testing.AllocsPerRun(100, func() { _ = s.UnmarshalJSON(b) }), 1.0)
	assert.Equal(t, rxbridge.Some("SLC4"), s)
	var f rxbridge.Optional[bool]
	tb := []byte(`true`)
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = f.UnmarshalJSON(tb) }))
	assert.Equal(t, rxbridge.Some(true), f)
	var n rxbridge.Optional[int64]
	nb := []byte(`-42`)
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = n.UnmarshalJSON(nb) }))
	assert.Equal(t, rxbridge.Some(int64(-42)), n)

	// Every shape decodes as encoding/json decodes the value itself.
	for _, in := range []string{`"a\u00e9\n"`, `"é"`, `5`, `5.5`, `-0`, `1e2`, `true`, `"true"`, `{}`, `[]`, `"5"`, `99999999999999999999`} {
		var gs rxbridge.Optional[string]
		var gb rxbridge.Optional[bool]
		var gn rxbridge.Optional[int64]
		var gi rxbridge.Optional[int]
		var ws string
		var wb bool
		var wn int64
		var wi int
		require.NoError(t, json.Unmarshal([]byte(in), &gs))
		require.NoError(t, json.Unmarshal([]byte(in), &gb))
		require.NoError(t, json.Unmarshal([]byte(in), &gn))
		require.NoError(t, json.Unmarshal([]byte(in), &gi))
		es, eb, en, ei := json.Unmarshal([]byte(in), &ws), json.Unmarshal([]byte(in), &wb), json.Unmarshal([]byte(in), &wn), json.Unmarshal([]byte(in), &wi)
		assert.Equal(t, es == nil, gs.Valid, in)
		assert.Equal(t, eb == nil, gb.Valid, in)
		assert.Equal(t, en == nil, gn.Valid, in)
		assert.Equal(t, ei == nil, gi.Valid, in)
		if es == nil {
			assert.Equal(t, ws, gs.Value, in)
		}
		if eb == nil {
			assert.Equal(t, wb, gb.Value, in)
		}
		if en == nil {
			assert.Equal(t, wn, gn.Value, in)
		}
		if ei == nil {
			assert.Equal(t, wi, gi.Value, in)
		}
	}
}
