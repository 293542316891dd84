// Package jsoncodec is the SDK's one JSON decoder for upstream answers: a
// cursor over input checked once, decoding into Go values by reflection
// with encoding/json's rules, about twice as fast as encoding/json and
// with fewer allocations (encoding/json checks its input, then scans it
// again byte by byte through a state machine, and starts over for every
// json.Unmarshal a custom UnmarshalJSON makes).
//
// Unmarshal checks the input with Valid (as json.Valid, without the state
// machine), then decodes it in one pass. UnmarshalValid skips the check,
// for the bytes a json.Unmarshaler is given (encoding/json and this
// package both give it a checked value): the SDK's lenient types
// (rxbridge.Optional, OneOrMany, the providers' unions) decode what they
// hold with it, so the value inside is not checked or scanned again by a
// second decoder.
//
// What it decodes, as encoding/json does: structs by their json tags
// (exact names first, then without regard to case; embedded structs and
// embedded pointers; "-"; the string option), pointers (null sets nil),
// slices (decoded into the existing backing array), arrays, maps with
// string, integer or encoding.TextUnmarshaler keys, interfaces (an empty
// interface gets map[string]any, []any, float64, string, bool or nil; an
// interface holding a pointer is decoded through it), json.RawMessage,
// json.Number, []byte as base64, json.Unmarshaler (given its value's
// bytes, a slice of the input, not a copy) and encoding.TextUnmarshaler.
// Short strings that repeat within one decode (codes, statuses, URLs)
// are allocated once and shared (Strings). Decoding goes on after a
// value of the wrong type, which is reported
// as the first *json.UnmarshalTypeError at the end, with the struct and
// field path encoding/json names; an error returned by an Unmarshaler
// stops it. Invalid input gives encoding/json's own *json.SyntaxError and
// leaves the target untouched.
//
// The fuzz targets (FuzzUnmarshal, and FuzzProviders with the providers'
// response types and recorded bodies) check that both decoders agree on
// success or failure, on the error text and on the decoded value.
// Intentional differences:
//
//   - UnmarshalValid does not check its input; given bytes that are not
//     JSON it returns ErrSyntax or decodes part of them, where
//     encoding/json would have refused them before calling.
//   - The Offset of a *json.UnmarshalTypeError is where encoding/json
//     reports it for the common cases (after the literal, after the
//     opening bracket); it is not compared by the fuzz targets.
//
// The cursor functions (SkipWS, SkipValue, SkipString, Unquote, Member,
// ObjectEach...) are exported for the decoders built on top: the FHIR
// codec of allcarefhir, which keeps what its types do not model, and the
// providers' unions, which read a discriminating member before decoding
// once.
package jsoncodec
