package rxbridge_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

func TestBoolDecodesEveryFormAndReencodesAsReceived(t *testing.T) {
	for in, want := range map[string]bool{
		`true`: true, `false`: false,
		`"true"`: true, `"false"`: false,
		`"yes"`: true, `"no"`: false, `"Yes"`: true, `"NO"`: false,
		`"Y"`: true, `"N"`: false, `"y"`: true, `"n"`: false,
		`1`: true, `0`: false, `"1"`: true, `"0"`: false,
		`"T"`: true, `"F"`: false,
	} {
		var b rxbridge.Bool
		require.NoError(t, json.Unmarshal([]byte(in), &b), in)
		assert.Equal(t, want, b.Value(), in)
		assert.True(t, b.Valid(), in)
		assert.False(t, b.IsZero(), in)
		out, err := json.Marshal(b)
		require.NoError(t, err)
		assert.Equal(t, in, string(out), "%s re-encodes as received", in)
	}
}

func TestBoolUnsetAndUnknown(t *testing.T) {
	var b rxbridge.Bool
	assert.True(t, b.IsZero())
	assert.False(t, b.Valid())
	out, err := json.Marshal(b)
	require.NoError(t, err)
	assert.Equal(t, `null`, string(out))

	require.NoError(t, json.Unmarshal([]byte(`null`), &b))
	assert.False(t, b.Valid())
	assert.True(t, b.IsZero(), "null is unset")

	require.NoError(t, json.Unmarshal([]byte(`"maybe"`), &b), "unknown text is not an error")
	assert.False(t, b.Valid())
	assert.False(t, b.Value())
	assert.False(t, b.IsZero(), "unknown text is kept")
	out, err = json.Marshal(b)
	require.NoError(t, err)
	assert.Equal(t, `"maybe"`, string(out))

	// A decoder reuses the value: a second decode forgets the first.
	require.NoError(t, json.Unmarshal([]byte(`"yes"`), &b))
	require.NoError(t, json.Unmarshal([]byte(`null`), &b))
	assert.False(t, b.Value())
}

func TestBoolBuiltInCode(t *testing.T) {
	out, err := json.Marshal(struct {
		A rxbridge.Bool `json:"a,omitzero"`
		B rxbridge.Bool `json:"b,omitzero"`
		C rxbridge.Bool `json:"c,omitzero"`
	}{A: rxbridge.NewBool(true), B: rxbridge.NewBool(false)})
	require.NoError(t, err)
	assert.Equal(t, `{"a":true,"b":false}`, string(out), "false built in code is sent; unset is omitted")
	assert.True(t, rxbridge.NewBool(false).Valid())
	assert.False(t, rxbridge.NewBool(false).Value())
	assert.True(t, rxbridge.NewBool(true).Value())
}
