package allcarefhir_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rxbridge/rxbridge-go/allcarefhir"
)

// unmodeledAllowed lists the members the completeness test accepts in
// Unmodeled(), as "GoType.jsonName", with the reason. Extensions need no
// entry: extension and modifierExtension are typed fields of every element
// and resource (Element, BackboneElement, DomainResource), and primitive
// extensions ("_birthDate") are typed PrimitiveExtensions. Everything left
// would be an R4 element without a field (a gap to fill, not to list here)
// or a member that is not R4.
var unmodeledAllowed = map[string]string{}

// rawResourceAllowed lists the resource types that may decode as
// *RawResource inside a fixture (contained resources, Bundle entries),
// "ResourceType" to reason. None do today.
var rawResourceAllowed = map[string]string{}

type unmodeler interface {
	Unmodeled() map[string]json.RawMessage
}

type primExtender interface {
	PrimitiveExtension(field string) *allcarefhir.PrimitiveExtension
}

// jsonNames returns the JSON member names of a struct type, embedded
// structs flattened, as the codec sees them.
func jsonNames(rt reflect.Type) []string {
	var names []string
	for i := range rt.NumField() {
		f := rt.Field(i)
		if f.Anonymous && f.Tag.Get("json") == "" && f.Type.Kind() == reflect.Struct {
			if f.IsExported() {
				names = append(names, jsonNames(f.Type)...)
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}

// completeness walks every typed value reachable from a decoded resource
// and records what the package did not model.
type completeness struct {
	findings []string
	values   int
}

func (c *completeness) report(path, format string, args ...any) {
	c.findings = append(c.findings, path+": "+fmt.Sprintf(format, args...))
}

func (c *completeness) walk(v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		if raw, ok := v.Interface().(*allcarefhir.RawResource); ok {
			if _, allowed := rawResourceAllowed[raw.Type]; !allowed {
				c.report(path, "resource type %s decoded as *RawResource", raw.Type)
			}
			return
		}
		c.walk(v.Elem(), path)
	case reflect.Pointer:
		if !v.IsNil() {
			c.walk(v.Elem(), path)
		}
	case reflect.Slice:
		for i := range v.Len() {
			c.walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Struct:
		c.walkStruct(v, path)
	}
}

func (c *completeness) walkStruct(v reflect.Value, path string) {
	p := v.Addr().Interface()
	u, ok := p.(unmodeler)
	if !ok {
		return // not a FHIR type (rxbridge.Number)
	}
	c.values++
	rt := v.Type()
	for _, name := range slices.Sorted(maps.Keys(u.Unmodeled())) {
		if _, allowed := unmodeledAllowed[rt.Name()+"."+name]; !allowed {
			c.report(path, "%s keeps %q unmodelled", rt.Name(), name)
		}
	}
	names := jsonNames(rt)
	// Every member the value encodes is a field, its primitive extension,
	// an allowed unmodelled member or resourceType: this catches a
	// primitive extension ("_x") of an element without a field, which is
	// not in Unmodeled().
	if enc, err := json.Marshal(p); err != nil {
		c.report(path, "cannot encode %s: %v", rt.Name(), err)
	} else {
		var members map[string]json.RawMessage
		if err := json.Unmarshal(enc, &members); err != nil {
			c.report(path, "%s encodes to a non-object: %v", rt.Name(), err)
		}
		for name := range members {
			base := strings.TrimPrefix(name, "_")
			if name == "resourceType" || slices.Contains(names, base) {
				continue
			}
			if _, allowed := unmodeledAllowed[rt.Name()+"."+name]; allowed {
				continue
			}
			if strings.HasPrefix(name, "_") {
				c.report(path, "%s has primitive extension %q of an element it does not model", rt.Name(), name)
			}
		}
	}
	// Primitive extensions carry Elements (id, extensions) to check too.
	pe := p.(primExtender)
	for _, name := range names {
		if x := pe.PrimitiveExtension(name); x != nil {
			c.walk(reflect.ValueOf(x.Element), path+"._"+name)
			c.walk(reflect.ValueOf(x.Items), path+"._"+name)
		}
	}
	c.walkFields(v, path)
}

// walkFields walks the exported fields, embedded base types flattened
// (their Unmodeled is the outer value's, already checked).
func (c *completeness) walkFields(v reflect.Value, path string) {
	rt := v.Type()
	for i := range rt.NumField() {
		f := rt.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			c.walkFields(v.Field(i), path)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		c.walk(v.Field(i), path+"."+name)
	}
}

// completenessInputs returns the FHIR JSON the completeness test decodes:
// every resource fixture, and every resource body of the contract
// recordings.
func completenessInputs(t *testing.T) map[string][]byte {
	t.Helper()
	in := map[string][]byte{}
	for name, b := range resourceFixtures(t) {
		in["fhir/"+name] = b
	}
	files, err := filepath.Glob(filepath.Join(acContractDir, "*.json"))
	require.NoError(t, err)
	bodies := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".golden.json") {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		var rec struct {
			Steps []struct {
				Response struct {
					Body json.RawMessage `json:"body"`
				} `json:"response"`
			} `json:"steps"`
		}
		require.NoError(t, json.Unmarshal(b, &rec), f)
		for i, s := range rec.Steps {
			var probe struct {
				ResourceType string `json:"resourceType"`
			}
			if json.Unmarshal(s.Response.Body, &probe) != nil || probe.ResourceType == "" {
				continue // not a FHIR resource: HTML, token responses, empty
			}
			in[fmt.Sprintf("contract/%s#%d", filepath.Base(f), i)] = s.Response.Body
			bodies++
		}
	}
	require.Greater(t, bodies, 50, "expected the contract recordings' FHIR bodies")
	return in
}

// TestEveryR4ElementOfTheFixturesIsTyped decodes the official examples and
// the contract recordings' bodies and requires every member to land in a
// typed field: nothing in Unmodeled() but the allow-list, no resource
// decoded as *RawResource.
func TestEveryR4ElementOfTheFixturesIsTyped(t *testing.T) {
	inputs := completenessInputs(t)
	names := slices.Sorted(maps.Keys(inputs))
	total := 0
	for _, name := range names {
		r, err := allcarefhir.DecodeResource(inputs[name])
		require.NoError(t, err, name)
		var c completeness
		c.walk(reflect.ValueOf(&r).Elem(), r.ResourceType())
		total += c.values
		for _, f := range c.findings {
			t.Errorf("%s: %s", name, f)
		}
	}
	require.Greater(t, total, 1000, "the walk reached too few values")
}

// TestCompletenessWalkFindsGaps checks the walk itself: an unknown member,
// deep in a contained resource's backbone element, in a primitive
// extension's extension, and a primitive extension of an unknown element,
// are each reported.
func TestCompletenessWalkFindsGaps(t *testing.T) {
	in := []byte(`{"resourceType":"MedicationRequest","id":"m",
	  "contained":[{"resourceType":"Provenance","id":"p","agent":[{"who":{"reference":"Practitioner/1","futureA":1}}]},
	    {"resourceType":"Questionnaire","id":"q"}],
	  "_status":{"extension":[{"url":"u","futureB":true}]},
	  "_futureC":{"id":"x"},
	  "dosageInstruction":[{"timing":{"repeat":{"futureD":"x"}}}]}`)
	r, err := allcarefhir.DecodeResource(in)
	require.NoError(t, err)
	var c completeness
	c.walk(reflect.ValueOf(&r).Elem(), r.ResourceType())
	joined := strings.Join(c.findings, "\n")
	for _, want := range []string{
		`MedicationRequest.contained[0].agent[0].who: Reference keeps "futureA" unmodelled`,
		`MedicationRequest.contained[1]: resource type Questionnaire decoded as *RawResource`,
		`MedicationRequest._status.extension[0]: Extension keeps "futureB" unmodelled`,
		`MedicationRequest: MedicationRequest has primitive extension "_futureC" of an element it does not model`,
		`MedicationRequest.dosageInstruction[0].timing.repeat: TimingRepeat keeps "futureD" unmodelled`,
	} {
		require.Contains(t, joined, want)
	}
	require.Len(t, c.findings, 5, joined)
}
