package rxbridge

import "github.com/rxbridge/rxbridge-go/internal/lenient"

// Bool is a yes/no value that an upstream writes in more than one way
// (CVS Specialty's substitutionAllowed is "true" in one example of its
// spec and "yes" in another). It decodes true/false, "true"/"false",
// "yes"/"no", "Y"/"N", "T"/"F" (in any case) and 1/0; null decodes to an
// unset Bool, and text in no known form decodes without error to an
// invalid one (Valid is false) that keeps it. A decoded value re-encodes
// exactly as it arrived ("yes" stays "yes"); a value built with NewBool
// encodes as a JSON boolean, and an unset one as null (omit it with the
// omitzero option).
//
// A provider that documents one written form converts a value built in
// code when it sends it: cvsspecialty's Submit writes the string "true" or
// "false", as the CVS spec does.
type Bool struct {
	b lenient.Bool
}

// NewBool returns a Bool built in code.
func NewBool(v bool) Bool { return Bool{b: lenient.NewBool(v)} }

// UnmarshalJSON implements json.Unmarshaler. Unrecognized text decodes as
// an invalid value, without error.
func (f *Bool) UnmarshalJSON(data []byte) error {
	*f = Bool{}
	return f.b.UnmarshalJSON(data)
}

// MarshalJSON implements json.Marshaler: the JSON as received, a JSON
// boolean for a value built in code, null when unset.
func (f Bool) MarshalJSON() ([]byte, error) { return f.b.MarshalJSON() }

// Value returns the flag (false when unset or unrecognized).
func (f Bool) Value() bool { return f.b.Value() }

// Valid reports whether a recognizable yes or no is present (decoded or
// built with NewBool).
func (f Bool) Valid() bool { return f.b.IsSet() }

// IsZero reports an absent value (for the omitzero option): not built in
// code and not decoded from anything but null.
func (f Bool) IsZero() bool { return f.b.IsZero() }
