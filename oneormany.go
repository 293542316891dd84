package rxbridge

import (
	"bytes"
	"encoding/json"

	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

// OneOrMany is a list that may arrive as a JSON array, a single value, or
// null. It encodes as it came (a single value stays single).
type OneOrMany[T any] struct {
	Items  []T
	single bool
}

// UnmarshalJSON implements json.Unmarshaler. The items are decoded from b
// by the SDK's decoder, which trusts b to be JSON as the json.Unmarshaler
// contract says: no second decoder is started and b is not checked again.
func (l *OneOrMany[T]) UnmarshalJSON(b []byte) error {
	*l = OneOrMany[T]{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] == '[' {
		return jsoncodec.UnmarshalValid(b, &l.Items)
	}
	var v T
	if err := jsoncodec.UnmarshalValid(b, &v); err != nil {
		return err
	}
	l.Items, l.single = []T{v}, true
	return nil
}

// MarshalJSON implements json.Marshaler.
func (l OneOrMany[T]) MarshalJSON() ([]byte, error) {
	if l.single && len(l.Items) == 1 {
		return json.Marshal(l.Items[0])
	}
	if l.Items == nil {
		return []byte("null"), nil
	}
	return json.Marshal(l.Items)
}

// IsZero reports an empty list (for omitzero).
func (l OneOrMany[T]) IsZero() bool { return len(l.Items) == 0 }
