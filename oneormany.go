package rxbridge

import (
	"bytes"
	"encoding/json"
)

// OneOrMany is a list that may arrive as a JSON array, a single value, or
// null. It encodes as it came (a single value stays single).
type OneOrMany[T any] struct {
	Items  []T
	single bool
}

// UnmarshalJSON implements json.Unmarshaler.
func (l *OneOrMany[T]) UnmarshalJSON(b []byte) error {
	*l = OneOrMany[T]{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] == '[' {
		return json.Unmarshal(b, &l.Items)
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
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
