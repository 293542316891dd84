package allcarefhir

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var allResourceTypes = []string{
	"AllergyIntolerance", "Bundle", "CapabilityStatement", "CarePlan", "CareTeam", "Condition", "Coverage",
	"Device", "DiagnosticReport", "DocumentReference", "Encounter", "ExplanationOfBenefit", "Goal",
	"Immunization", "InsurancePlan", "List", "Location", "Medication", "MedicationKnowledge",
	"MedicationRequest", "Observation", "OperationOutcome", "Organization", "Patient", "Practitioner",
	"PractitionerRole", "Procedure", "Provenance", "RelatedPerson",
}

// fhirStructTypes returns every struct type reachable from the resources.
func fhirStructTypes(t *testing.T) []reflect.Type {
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(rt reflect.Type) {
		for rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Slice {
			rt = rt.Elem()
		}
		if rt.Kind() != reflect.Struct || seen[rt] || !reflect.PointerTo(rt).Implements(membersHolderType) {
			return
		}
		seen[rt] = true
		for i := range rt.NumField() {
			if f := rt.Field(i); f.IsExported() {
				walk(f.Type)
			}
		}
	}
	for _, name := range allResourceTypes {
		r := NewResource(name)
		require.NotNil(t, r, name)
		assert.Equal(t, name, r.ResourceType())
		walk(reflect.TypeOf(r))
	}
	walk(reflect.TypeFor[Extension]())
	out := make([]reflect.Type, 0, len(seen))
	for rt := range seen {
		out = append(out, rt)
	}
	return out
}

func TestEveryTypeHasJSONMethods(t *testing.T) {
	bases := map[reflect.Type]bool{
		reflect.TypeFor[Element](): true, reflect.TypeFor[BackboneElement](): true,
		reflect.TypeFor[BaseResource](): true, reflect.TypeFor[DomainResource](): true,
	}
	types := fhirStructTypes(t)
	require.Greater(t, len(types), 100)
	for _, rt := range types {
		_, hasM := rt.MethodByName("MarshalJSON")
		_, hasU := reflect.PointerTo(rt).MethodByName("UnmarshalJSON")
		if bases[rt] {
			assert.False(t, hasM || hasU, "%s is a base type: it must not have JSON methods that embedders would inherit", rt.Name())
			continue
		}
		assert.True(t, hasM && hasU, "%s needs MarshalJSON and UnmarshalJSON (json.go)", rt.Name())
	}
}

func TestNoDuplicateJSONNames(t *testing.T) {
	for _, rt := range fhirStructTypes(t) {
		var names []string
		var walk func(reflect.Type)
		walk = func(st reflect.Type) {
			for i := range st.NumField() {
				f := st.Field(i)
				if f.Anonymous && f.Tag.Get("json") == "" && f.Type.Kind() == reflect.Struct {
					if f.IsExported() {
						walk(f.Type)
					}
					continue
				}
				if !f.IsExported() {
					continue
				}
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				require.NotEmpty(t, name, "%s.%s has no json name", rt.Name(), f.Name)
				names = append(names, name)
			}
		}
		walk(rt)
		sc := codecFor(rt).sc
		sc.init()
		assert.Len(t, sc.fields, len(names), "%s has a duplicate JSON name in %v", rt.Name(), names)
	}
}

// exact decodes JSON keeping numbers as text.
func exact(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

// FuzzDecodeResource checks the decoder never panics, accepts only valid
// JSON, and that whatever it accepts re-encodes to the same JSON value
// (numbers compared as text): nothing is lost, nothing invented.
func FuzzDecodeResource(f *testing.F) {
	files, _ := filepath.Glob("../testdata/allcarefhir/fhir/*.json")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		`{"resourceType":"Patient","active":"yes","name":[{"given":["a",null],"_given":[null,{"id":"x"}]}]}`,
		`{"resourceType":"Observation","valueQuantity":{"value":1.000000000000000000E-245},"component":[]}`,
		`{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Questionnaire","id":"q"}},{"resource":null}]}`,
		`{"id":"x","resourceType":"Coverage","class":[{"value":"","name":null}]}`,
		`{"resourceType":"MedicationRequest","contained":[{"resourceType":"Medication","id":"m"}],"medicationReference":{"reference":"#m"}}`,
		`{"resourceType":"Patient","id":"a","id":"b","_birthDate":"x","birthDate":"1970"}`,
		`{"resourceType":"Patient","multipleBirthInteger":-0,"telecom":[{"rank":1e2}]}`,
		`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing","diagnostics":"HAPI-2001"}]}`,
		`{"resourceType":"Patient","extension":[{"url":"u","valueSignature":{"type":[{"code":"x"}],"data":"AA=="}},{"url":"v","valueUsageContext":{"valueRange":{"low":{"value":1.50}}}},{"url":"w","valueDataRequirement":{"dateFilter":[{"valueDuration":{"value":1}}]}}]}`,
		`{"resourceType":"ExplanationOfBenefit","addItem":[{"detail":[{"factor":0.75,"subDetail":[{"net":{"value":1.0}}]}]}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := DecodeResource(b)
		if err != nil {
			return
		}
		if !json.Valid(b) {
			t.Fatalf("accepted invalid JSON: %q", b)
		}
		out, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("cannot re-encode: %v (input %q)", err, b)
		}
		want, err1 := exact(b)
		got, err2 := exact(out)
		if err1 != nil || err2 != nil {
			t.Fatalf("decode for comparison: %v %v", err1, err2)
		}
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("round trip differs:\n in  %s\n out %s", b, out)
		}
	})
}

// FuzzUnquote checks the string decoder against encoding/json's.
func FuzzUnquote(f *testing.F) {
	for _, s := range []string{`"plain"`, `"a\"b\\c\/d\b\f\n\r\t"`, `"\u00e9\ud83d\ude00"`, `"\ud800x"`, `"\udc00\ud800"`, "\"\xff\xfe\"", `"é"`, `"<div xmlns=\"x\">"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		raw = bytes.TrimSpace(raw) // the codec passes the string's exact extent
		var want string
		if err := json.Unmarshal(raw, &want); err != nil || len(raw) < 2 || raw[0] != '"' {
			return
		}
		got, err := unquote(raw)
		if err != nil || got != want {
			t.Fatalf("unquote(%q) = %q, %v; encoding/json says %q", raw, got, err, want)
		}
	})
}

// TestRepeatedStringsAreShared: the codes and system URLs a bundle repeats
// in every entry are made once per decode.
func TestRepeatedStringsAreShared(t *testing.T) {
	entry := `{"resource":{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]}}}`
	r, err := DecodeResource([]byte(`{"resourceType":"Bundle","entry":[` + entry + `,` + entry + `]}`))
	require.NoError(t, err)
	b := r.(*Bundle)
	require.Len(t, b.Entry, 2)
	o1, o2 := b.Entry[0].Resource.(*Observation), b.Entry[1].Resource.(*Observation)
	s1, s2 := o1.Code.Coding[0].System, o2.Code.Coding[0].System
	assert.Equal(t, "http://loinc.org", s2)
	assert.Same(t, unsafe.StringData(s1), unsafe.StringData(s2))
}
