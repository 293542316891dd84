package allcarefhir

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"

	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

// Element is the base of every FHIR datatype and backbone element: an
// optional id and extensions. Embedded in the datatypes, it also carries
// what a type does not model (see Unmodeled and PrimitiveExtension).
type Element struct {
	// ID is the element's id (for internal references).
	ID string `json:"id,omitempty"`
	// Extension holds additional content defined by implementations.
	Extension []Extension `json:"extension,omitempty"`
	members
}

// BackboneElement is the base of elements nested in a resource.
type BackboneElement struct {
	Element
	// ModifierExtension holds extensions that change the element's meaning.
	ModifierExtension []Extension `json:"modifierExtension,omitempty"`
}

// BaseResource holds what every resource has.
type BaseResource struct {
	// ID is the logical id of the resource on its server.
	ID string `json:"id,omitempty"`
	// Meta holds the version, last update time, profiles and tags.
	Meta *Meta `json:"meta,omitempty"`
	// ImplicitRules is a set of rules under which the content was created.
	ImplicitRules string `json:"implicitRules,omitempty"`
	// Language is the base language of the resource.
	Language string `json:"language,omitempty"`
	members
}

// ResourceID returns the resource's logical id.
func (r *BaseResource) ResourceID() string {
	if r == nil {
		return ""
	}
	return r.ID
}

func (r *BaseResource) isResource() {}

// DomainResource holds what every resource except Bundle, Binary and
// Parameters has: narrative, contained resources and extensions.
type DomainResource struct {
	BaseResource
	// Text is the human-readable narrative.
	Text *Narrative `json:"text,omitempty"`
	// Contained are resources that have no independent existence, referred
	// to as "#id" (see ContainedResource).
	Contained []Resource `json:"contained,omitempty"`
	// Extension holds additional content defined by implementations.
	Extension []Extension `json:"extension,omitempty"`
	// ModifierExtension holds extensions that change the resource's meaning.
	ModifierExtension []Extension `json:"modifierExtension,omitempty"`
}

// ContainedResource returns the contained resource a local reference
// ("#med0310", or "med0310") names, or nil.
func (r *DomainResource) ContainedResource(ref string) Resource {
	if r == nil {
		return nil
	}
	id := strings.TrimPrefix(ref, "#")
	if id == "" {
		return nil
	}
	for _, c := range r.Contained {
		if c != nil && c.ResourceID() == id {
			return c
		}
	}
	return nil
}

// Resource is any FHIR resource: one of this package's resource types (as a
// pointer, such as *Patient) or, for types it does not model, *RawResource.
// Use a type switch or assertion to reach the fields.
type Resource interface {
	// ResourceType returns the FHIR type name ("Patient").
	ResourceType() string
	// ResourceID returns the logical id.
	ResourceID() string
	json.Marshaler
	isResource()
}

// RawResource is a resource of a type this package does not model
// (Questionnaire, Claim, ...). It keeps the JSON as received.
type RawResource struct {
	// Type is the resourceType.
	Type string
	// ID is the resource's id, when it has one.
	ID string
	// JSON is the resource as received (compact or not).
	JSON json.RawMessage
}

// ResourceType returns the resourceType.
func (r *RawResource) ResourceType() string {
	if r == nil {
		return ""
	}
	return r.Type
}

// ResourceID returns the id.
func (r *RawResource) ResourceID() string {
	if r == nil {
		return ""
	}
	return r.ID
}

// MarshalJSON returns the JSON as received.
func (r *RawResource) MarshalJSON() ([]byte, error) {
	if r == nil {
		return []byte("null"), nil
	}
	if len(r.JSON) == 0 {
		return nil, errors.New("allcarefhir: empty RawResource")
	}
	return r.JSON, nil
}

// Decode decodes the kept JSON into v (any struct of yours).
func (r *RawResource) Decode(v any) error {
	if r == nil {
		return errors.New("allcarefhir: nil *RawResource")
	}
	return jsoncodec.Unmarshal(r.JSON, v)
}

func (r *RawResource) isResource() {}

// DecodeResource decodes the JSON of any resource: into its type from this
// package (returned as a pointer, such as *Patient) or, for types it does
// not model, into a *RawResource. Nothing in the input is lost: encoding the
// result gives equal JSON.
func DecodeResource(b []byte) (Resource, error) {
	var r Resource
	if err := unmarshalValue(b, reflect.ValueOf(&r).Elem(), codecFor(resourceType)); err != nil {
		return nil, err
	}
	return r, nil
}

// EncodeResource encodes a resource as json.Marshal does (the same JSON,
// numbers as received), with the package's codec alone: json.Marshal
// calls the resource's MarshalJSON and then checks and compacts what it
// returned, a second pass over the output that EncodeResource does not
// make. One difference in bytes: <, > and & (frequent in FHIR's XHTML
// narratives) are left as they are, where json.Marshal escapes them as
// \u003c, \u003e and \u0026 (as json.Encoder does with SetEscapeHTML(false)).
// A nil resource is an error.
func EncodeResource(r Resource) ([]byte, error) {
	if r == nil {
		return nil, errors.New("allcarefhir: EncodeResource: nil resource")
	}
	if v := reflect.ValueOf(r); v.Kind() == reflect.Pointer && v.IsNil() {
		return nil, errors.New("allcarefhir: EncodeResource: nil resource")
	}
	v := reflect.ValueOf(&r).Elem()
	e := encoder{buf: make([]byte, 0, 512)}
	codecFor(resourceType).encode(&e, v)
	return e.result()
}

// NewResource returns a new, empty resource of a type this package models,
// or nil.
func NewResource(resourceType string) Resource {
	switch resourceType {
	case "AllergyIntolerance":
		return new(AllergyIntolerance)
	case "Bundle":
		return new(Bundle)
	case "CapabilityStatement":
		return new(CapabilityStatement)
	case "CarePlan":
		return new(CarePlan)
	case "CareTeam":
		return new(CareTeam)
	case "Condition":
		return new(Condition)
	case "Coverage":
		return new(Coverage)
	case "Device":
		return new(Device)
	case "DiagnosticReport":
		return new(DiagnosticReport)
	case "DocumentReference":
		return new(DocumentReference)
	case "Encounter":
		return new(Encounter)
	case "ExplanationOfBenefit":
		return new(ExplanationOfBenefit)
	case "Goal":
		return new(Goal)
	case "Immunization":
		return new(Immunization)
	case "InsurancePlan":
		return new(InsurancePlan)
	case "List":
		return new(List)
	case "Location":
		return new(Location)
	case "Medication":
		return new(Medication)
	case "MedicationKnowledge":
		return new(MedicationKnowledge)
	case "MedicationRequest":
		return new(MedicationRequest)
	case "Observation":
		return new(Observation)
	case "OperationOutcome":
		return new(OperationOutcome)
	case "Organization":
		return new(Organization)
	case "Patient":
		return new(Patient)
	case "Practitioner":
		return new(Practitioner)
	case "PractitionerRole":
		return new(PractitionerRole)
	case "Procedure":
		return new(Procedure)
	case "Provenance":
		return new(Provenance)
	case "RelatedPerson":
		return new(RelatedPerson)
	}
	return nil
}

// decodeResourceValue decodes a polymorphic resource (Resource interface).
func decodeResourceValue(d *fdec, i int, v reflect.Value) (int, error) {
	b := d.b
	if jsoncodec.At(b, i) == 'n' {
		v.SetZero()
		return literalEnd(b, i, "null")
	}
	if jsoncodec.At(b, i) != '{' {
		return i, errMismatch
	}
	typ, ok, end := findResourceType(&d.strs, b, i)
	if end < 0 {
		return i, errSyntax
	}
	if !ok {
		return i, errMismatch
	}
	if r := NewResource(typ); r != nil {
		rv := reflect.ValueOf(r).Elem()
		end, err := codecFor(rv.Type()).decode(d, i, rv)
		var rte *ResourceTypeError
		if errors.As(err, &rte) {
			// Two different resourceType members: not a resource this
			// package can type; the parent keeps it as received.
			return i, errMismatch
		}
		if err != nil {
			return end, err
		}
		v.Set(reflect.ValueOf(r))
		return end, nil
	}
	if end == 0 {
		if end = jsoncodec.SkipValue(b, i); end < 0 {
			return i, errSyntax
		}
	}
	raw := &RawResource{Type: typ, JSON: append(json.RawMessage(nil), b[i:end]...)}
	raw.ID, _ = findStringMember(b, i, "id")
	v.Set(reflect.ValueOf(raw))
	return end, nil
}

func encodeResourceValue(e *encoder, v reflect.Value) {
	if v.IsNil() {
		e.buf = append(e.buf, "null"...)
		return
	}
	r := v.Elem()
	if raw, ok := r.Interface().(*RawResource); ok {
		if len(raw.JSON) == 0 {
			e.fail(errors.New("allcarefhir: empty RawResource"))
			return
		}
		e.raw(raw.JSON)
		return
	}
	if r.Kind() == reflect.Pointer && !r.IsNil() && r.Elem().Kind() == reflect.Struct {
		codecFor(r.Elem().Type()).encode(e, r.Elem())
		return
	}
	encodeFallback(e, r)
}

// findResourceType returns the resourceType of the object at b[i]. It looks
// at the first member first (where FHIR JSON puts it), and scans the object
// only when it is elsewhere; end is then the index after the object (0 when
// not computed, -1 on malformed input).
func findResourceType(strs *jsoncodec.Strings, b []byte, i int) (typ string, ok bool, end int) {
	j := jsoncodec.SkipWS(b, i+1)
	if kEnd := jsoncodec.SkipString(b, j); kEnd > 0 && string(b[j+1:kEnd-1]) == "resourceType" {
		k := jsoncodec.SkipWS(b, kEnd)
		if jsoncodec.At(b, k) == ':' {
			k = jsoncodec.SkipWS(b, k+1)
			if vEnd := jsoncodec.SkipString(b, k); vEnd > 0 {
				typ, ok = quickStringIn(strs, b[k:vEnd])
				return typ, ok, 0
			}
		}
	}
	typ, ok = findStringMember(b, i, "resourceType")
	return typ, ok, jsoncodec.SkipValue(b, i)
}

// findStringMember returns the string value of a top-level member of the
// object at b[i].
func findStringMember(b []byte, i int, name string) (string, bool) {
	if jsoncodec.At(b, i) != '{' {
		return "", false
	}
	i = jsoncodec.SkipWS(b, i+1)
	for jsoncodec.At(b, i) == '"' {
		kEnd := jsoncodec.SkipString(b, i)
		if kEnd < 0 {
			return "", false
		}
		key := b[i+1 : kEnd-1]
		i = jsoncodec.SkipWS(b, kEnd)
		if jsoncodec.At(b, i) != ':' {
			return "", false
		}
		i = jsoncodec.SkipWS(b, i+1)
		end := jsoncodec.SkipValue(b, i)
		if end < 0 {
			return "", false
		}
		if string(key) == name {
			return quickString(b[i:end])
		}
		i = jsoncodec.SkipWS(b, end)
		if jsoncodec.At(b, i) != ',' {
			return "", false
		}
		i = jsoncodec.SkipWS(b, i+1)
	}
	return "", false
}
