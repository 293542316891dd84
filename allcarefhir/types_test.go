package allcarefhir_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
)

const fixtureDir = "../testdata/allcarefhir/fhir"

// exactJSON decodes JSON with numbers as their text, so 1.0 and 1.00 differ.
func exactJSON(t testing.TB, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	require.NoError(t, d.Decode(&v))
	return v
}

// requireSameJSON fails unless a and b are the same JSON value, numbers
// compared by their exact text.
func requireSameJSON(t testing.TB, want, got []byte) {
	t.Helper()
	if !reflect.DeepEqual(exactJSON(t, want), exactJSON(t, got)) {
		require.JSONEq(t, string(want), string(got)) // shows the difference
		t.Fatalf("JSON differs in number text:\nwant %s\n got %s", want, got)
	}
}

// resourceFixtures returns every fixture whose top level has resourceType.
func resourceFixtures(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(fixtureDir, "*.json"))
	require.NoError(t, err)
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		var probe struct {
			ResourceType string `json:"resourceType"`
		}
		require.NoError(t, json.Unmarshal(b, &probe), f)
		if probe.ResourceType != "" {
			out[filepath.Base(f)] = b
		}
	}
	require.GreaterOrEqual(t, len(out), 18, "expected every FHIR fixture")
	return out
}

func TestRoundTripEveryFixture(t *testing.T) {
	for name, b := range resourceFixtures(t) {
		t.Run(name, func(t *testing.T) {
			r, err := allcarefhir.DecodeResource(b)
			require.NoError(t, err)
			_, raw := r.(*allcarefhir.RawResource)
			require.False(t, raw, "%s should decode into its own type", r.ResourceType())

			out, err := json.Marshal(r)
			require.NoError(t, err)
			requireSameJSON(t, b, out)

			// The typed value also round-trips through encoding/json with
			// its concrete type.
			fresh := allcarefhir.NewResource(r.ResourceType())
			require.NoError(t, json.Unmarshal(b, fresh))
			again, err := json.Marshal(fresh)
			require.NoError(t, err)
			requireSameJSON(t, b, again)

			// And inside a Bundle.
			bundle := []byte(`{"resourceType":"Bundle","type":"searchset","entry":[{"fullUrl":"urn:uuid:1","resource":` + string(b) + `,"search":{"mode":"match"}}]}`)
			var bd allcarefhir.Bundle
			require.NoError(t, json.Unmarshal(bundle, &bd))
			enc, err := json.Marshal(&bd)
			require.NoError(t, err)
			requireSameJSON(t, bundle, enc)
		})
	}
}

func load(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir, name))
	require.NoError(t, err)
	return b
}

func TestDecimalsKeepTheirText(t *testing.T) {
	var o allcarefhir.Observation
	require.NoError(t, json.Unmarshal(load(t, "hl7tc_observation-decimal.json"), &o))
	var texts []string
	for _, c := range o.Component {
		texts = append(texts, c.ValueQuantity.Value.String())
	}
	assert.Equal(t, []string{"1.0", "1.00", "1.0", "1E-22", "1000000000000000000", "1.000000000000000000E-245", "-1.000000000000000000E+245"}, texts)
	f, ok := o.Component[1].ValueQuantity.Value.Float64()
	assert.True(t, ok)
	assert.Equal(t, 1.0, f)
	v, name := o.Component[0].Value()
	assert.Equal(t, "valueQuantity", name)
	assert.Equal(t, "g", v.(*allcarefhir.Quantity).Unit)
}

func TestPrimitiveExtensions(t *testing.T) {
	var p allcarefhir.Patient
	require.NoError(t, json.Unmarshal(load(t, "hl7tc_patient-example.json"), &p))
	assert.Equal(t, allcarefhir.Date("1974-12-25"), p.BirthDate)
	pe := p.PrimitiveExtension("birthDate")
	require.NotNil(t, pe)
	require.Len(t, pe.Extensions(), 1)
	assert.Equal(t, "http://hl7.org/fhir/StructureDefinition/patient-birthTime", pe.Extensions()[0].URL)
	assert.Equal(t, allcarefhir.DateTime("1974-12-25T14:35:45-05:00"), pe.Extensions()[0].ValueDateTime)
	// Nested: the contact's name has _family.
	fam := p.Contact[0].Name.PrimitiveExtension("family")
	require.NotNil(t, fam)
	assert.Equal(t, "VV", fam.Extensions()[0].ValueString)
	assert.Equal(t, "du Marché", p.Contact[0].Name.Family)
	require.NotNil(t, p.DeceasedBoolean)
	assert.False(t, *p.DeceasedBoolean)

	// Repeating primitives with nulls: the array form.
	in := []byte(`{"resourceType":"Patient","name":[{"given":["Ann","Bea"],"_given":[null,{"extension":[{"url":"u","valueString":"x"}]}]}]}`)
	require.NoError(t, json.Unmarshal(in, &p))
	g := p.Name[0].PrimitiveExtension("given")
	require.NotNil(t, g)
	require.Len(t, g.Items, 2)
	assert.Nil(t, g.Items[0])
	assert.Equal(t, "x", g.Items[1].Extension[0].ValueString)
	out, err := json.Marshal(&p)
	require.NoError(t, err)
	requireSameJSON(t, in, out)

	// A status known only through its data-absent-reason extension (Cigna
	// EOBs send "_status" and no "status").
	in = []byte(`{"resourceType":"ExplanationOfBenefit","id":"x","_status":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"unknown"}]}}`)
	var eob allcarefhir.ExplanationOfBenefit
	require.NoError(t, json.Unmarshal(in, &eob))
	assert.Empty(t, eob.Status)
	assert.Equal(t, "unknown", eob.PrimitiveExtension("status").Extensions()[0].ValueCode)
	out, err = json.Marshal(&eob)
	require.NoError(t, err)
	requireSameJSON(t, in, out)
}

func TestContainedResources(t *testing.T) {
	var mr allcarefhir.MedicationRequest
	require.NoError(t, json.Unmarshal(load(t, "hl7tc_medicationrequest0301.json"), &mr))
	require.Len(t, mr.Contained, 2)
	med := mr.Medication()
	require.NotNil(t, med)
	assert.Equal(t, "430127000", med.Code.Code("http://snomed.info/sct"))
	prov, ok := mr.ContainedResource("#signature").(*allcarefhir.Provenance)
	require.True(t, ok)
	assert.Equal(t, "Practitioner/example", prov.Agent[0].Who.Reference)
	// The signature is typed.
	require.Len(t, prov.Signature, 1)
	assert.Equal(t, "Author's Signature", prov.Signature[0].Type[0].Display)
	assert.Empty(t, prov.Unmodeled())
	assert.Equal(t, allcarefhir.IntentOrder, mr.Intent)
}

func TestUnknownMembersAndMismatchedTypesAreKept(t *testing.T) {
	in := []byte(`{
	  "resourceType": "Patient",
	  "id": "p1",
	  "active": "yes",
	  "gender": "",
	  "birthDate": null,
	  "name": [],
	  "futureElement": {"a": [1, 2.50, "x"]},
	  "telecom": [{"system": "phone", "value": "555", "rank": 1.0, "vendorField": true}],
	  "multipleBirthInteger": 2,
	  "managingOrganization": "Organization/1"
	}`)
	var p allcarefhir.Patient
	require.NoError(t, json.Unmarshal(in, &p))
	assert.Nil(t, p.Active, "a string is not a boolean: kept, not guessed")
	assert.Equal(t, json.RawMessage(`"yes"`), p.Unmodeled()["active"])
	assert.Equal(t, json.RawMessage(`{"a": [1, 2.50, "x"]}`), p.Unmodeled()["futureElement"])
	assert.Nil(t, p.Telecom[0].Rank)
	assert.Equal(t, 2, *p.MultipleBirthInteger)
	assert.Nil(t, p.ManagingOrganization)
	out, err := json.Marshal(&p)
	require.NoError(t, err)
	requireSameJSON(t, in, out)

	// Setting a field replaces the kept member of the same name.
	yes := true
	p.Active = &yes
	out, err = json.Marshal(&p)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"active":true`)
	assert.NotContains(t, string(out), `"yes"`)
}

func TestUnmodelledResourceTypesAreRaw(t *testing.T) {
	in := []byte(`{"resourceType":"Questionnaire","id":"q1","item":[{"linkId":"1","text":"How?"}]}`)
	r, err := allcarefhir.DecodeResource(in)
	require.NoError(t, err)
	raw, ok := r.(*allcarefhir.RawResource)
	require.True(t, ok)
	assert.Equal(t, "Questionnaire", raw.ResourceType())
	assert.Equal(t, "q1", raw.ResourceID())
	out, err := json.Marshal(r)
	require.NoError(t, err)
	requireSameJSON(t, in, out)
}

func TestDecodeErrors(t *testing.T) {
	for _, in := range []string{``, `{`, `[]`, `"x"`, `{"resourceType":1}`, `{"id":"x"}`, `{"resourceType":"Patient"} x`} {
		_, err := allcarefhir.DecodeResource([]byte(in))
		assert.Error(t, err, in)
	}
	var p allcarefhir.Patient
	err := json.Unmarshal([]byte(`{"resourceType":"Coverage","id":"c"}`), &p)
	require.ErrorIs(t, err, allcarefhir.ErrWrongResourceType)
	assert.NotContains(t, err.Error(), `"c"`)
}

func TestConflictingNestedResourceTypeIsKept(t *testing.T) {
	in := []byte(`{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Patient","id":"a","resourceType":"Coverage"}},{"resource":{"resourceType":"Coverage","id":"c"}}]}`)
	var b allcarefhir.Bundle
	require.NoError(t, json.Unmarshal(in, &b))
	assert.Nil(t, b.Entry[0].Resource)
	assert.NotNil(t, b.Entry[0].Unmodeled()["resource"])
	assert.Equal(t, "c", b.Entry[1].Resource.ResourceID())
	out, err := json.Marshal(&b)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"resourceType":"Patient","id":"a","resourceType":"Coverage"`)
}

func TestResourceTypeNotFirst(t *testing.T) {
	in := []byte(`{"id":"c1","meta":{"versionId":"2"},"resourceType":"Coverage","status":"active"}`)
	r, err := allcarefhir.DecodeResource(in)
	require.NoError(t, err)
	c, ok := r.(*allcarefhir.Coverage)
	require.True(t, ok)
	assert.Equal(t, "active", c.Status)
	assert.Equal(t, "2", c.Meta.VersionID)
}

func TestTypedAccessToCMSFixtures(t *testing.T) {
	var eob allcarefhir.ExplanationOfBenefit
	require.NoError(t, json.Unmarshal(load(t, "c4bb110_ExplanationOfBenefit-EOBPharmacy1.json"), &eob))
	assert.Equal(t, "claim", eob.Use)
	require.NotEmpty(t, eob.Item)
	assert.NotEmpty(t, eob.Item[0].ProductOrService.Code("http://hl7.org/fhir/sid/ndc"))
	var sawQuantity bool
	for _, si := range eob.SupportingInfo {
		if v, name := si.Value(); name == "valueQuantity" {
			sawQuantity = v.(*allcarefhir.Quantity).Value.String() != ""
		}
	}
	assert.True(t, sawQuantity, "days supply is a valueQuantity")
	require.NotEmpty(t, eob.Total)

	var cov allcarefhir.Coverage
	require.NoError(t, json.Unmarshal(load(t, "c4bb110_Coverage-Coverage1.json"), &cov))
	assert.Equal(t, "XYZ123", cov.ClassValue(allcarefhir.CoverageClassPlan))
	assert.Equal(t, "021890", cov.ClassValue(allcarefhir.CoverageClassGroup))
	typ, id, ok := cov.Beneficiary.TypeAndID()
	assert.True(t, ok)
	assert.Equal(t, "Patient", typ)
	assert.Equal(t, "Patient1", id)

	var mk allcarefhir.MedicationKnowledge
	require.NoError(t, json.Unmarshal(load(t, "usdf11_FormularyDrugV1002.json"), &mk))
	assert.Equal(t, "40308VA0240008", mk.PlanID())
	assert.Equal(t, "brand", mk.DrugTier().Code(""))
	require.NotNil(t, mk.PriorAuthorization())
	assert.False(t, *mk.PriorAuthorization())

	var cs allcarefhir.CapabilityStatement
	require.NoError(t, json.Unmarshal(load(t, "c4bb110_CapabilityStatement-c4bb.json"), &cs))
	assert.Equal(t, []string{"_id", "patient", "_lastUpdated", "type", "identifier", "service-date"}, cs.SearchParams("ExplanationOfBenefit"))
	assert.True(t, cs.SupportsInclude("ExplanationOfBenefit", "ExplanationOfBenefit:insurer"))
	assert.True(t, cs.SupportsInteraction("Coverage", "read"))
	assert.False(t, cs.SupportsOperation("Patient", "everything"))

	var us allcarefhir.Patient
	require.NoError(t, json.Unmarshal(load(t, "uscore311_patient-example.json"), &us))
	race := allcarefhir.FindExtension(us.Extension, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race")
	require.NotNil(t, race)
	assert.NotEmpty(t, race.Extension, "race is a complex extension")

	var bp allcarefhir.Observation
	require.NoError(t, json.Unmarshal(load(t, "uscore311_Observation-blood-pressure.json"), &bp))
	require.Len(t, bp.Component, 2)
	assert.Equal(t, "mm[Hg]", bp.Component[0].ValueQuantity.Code)
}

func TestSplitReference(t *testing.T) {
	for ref, want := range map[string][2]string{
		"Patient/123": {"Patient", "123"},
		"https://x.example/fhir/Patient/123/_history/2": {"Patient", "123"},
		"Organization/Payer1":                           {"Organization", "Payer1"},
	} {
		typ, id, ok := allcarefhir.SplitReference(ref)
		assert.True(t, ok, ref)
		assert.Equal(t, want, [2]string{typ, id})
	}
	for _, ref := range []string{"", "#med1", "urn:uuid:1234", "123", "patient/1"} {
		_, _, ok := allcarefhir.SplitReference(ref)
		assert.False(t, ok, ref)
	}
}

func TestDates(t *testing.T) {
	tm, p, err := allcarefhir.Date("2002").Time()
	require.NoError(t, err)
	assert.Equal(t, allcarefhir.PrecisionYear, p)
	assert.Equal(t, 2002, tm.Year())
	_, p, err = allcarefhir.DateTime("2015-02-07T13:28:17-05:00").Time()
	require.NoError(t, err)
	assert.Equal(t, allcarefhir.PrecisionTime, p)
	_, _, err = allcarefhir.Date("garbage").Time()
	assert.ErrorIs(t, err, allcarefhir.ErrBadDate)
}

func TestStringsEscapeLikeJSON(t *testing.T) {
	in := []byte(`{"resourceType":"Patient","id":"e","name":[{"text":"a\"b\\c\n\u0001\u2028<&> é \ud83d\ude00"}]}`)
	var p allcarefhir.Patient
	require.NoError(t, json.Unmarshal(in, &p))
	assert.True(t, strings.HasPrefix(p.Name[0].Text, "a\"b\\c\n\x01\u2028<&> é 😀"))
	out, err := json.Marshal(&p)
	require.NoError(t, err)
	requireSameJSON(t, in, out)
}

// A Blue Button-shaped carrier claim (synthetic, after the shape of CMS
// BFD responses): contained line Observations, identifier-only references,
// extensions with valueIdentifier, negative claim ids.
func TestBlueButtonShapedEOB(t *testing.T) {
	var contained []string
	for i := 1; i <= 20; i++ {
		contained = append(contained, fmt.Sprintf(`{"resourceType":"Observation","id":"line-observation-%d","status":"unknown",`+
			`"code":{"coding":[{"system":"https://bluebutton.cms.gov/resources/variables/line_hct_hgb_type_cd","code":"R1"}]},"valueQuantity":{"value":0}}`, i))
	}
	in := []byte(`{"resourceType":"ExplanationOfBenefit","id":"carrier--1000","contained":[` + strings.Join(contained, ",") + `],
	  "extension":[{"url":"https://bluebutton.cms.gov/resources/variables/carr_num","valueIdentifier":{"system":"https://bluebutton.cms.gov/resources/variables/carr_num","value":"00510"}}],
	  "identifier":[{"system":"https://bluebutton.cms.gov/resources/variables/clm_id","value":"-1000"}],
	  "status":"active","use":"claim","patient":{"reference":"Patient/-2000"},
	  "insurer":{"identifier":{"value":"CMS"}},
	  "provider":{"identifier":{"system":"https://bluebutton.cms.gov/resources/variables/carr_clm_blg_npi_num","value":"9999999999"}},
	  "careTeam":[{"sequence":1,"provider":{"identifier":{"value":"9999971093"}},"responsible":true}],
	  "item":[{"sequence":1,"extension":[{"url":"https://bluebutton.cms.gov/resources/variables/line_hct_hgb_rslt_num","valueReference":{"reference":"#line-observation-1"}}],
	    "servicedDate":"2021-11-01","quantity":{"value":1},"adjudication":[{"category":{"coding":[{"code":"https://bluebutton.cms.gov/resources/variables/line_nch_pmt_amt"}]},"amount":{"value":10.40,"currency":"USD"}}]}],
	  "total":[{"category":{"coding":[{"code":"submitted"}]},"amount":{"value":50.00,"currency":"USD"}}]}`)
	var eob allcarefhir.ExplanationOfBenefit
	require.NoError(t, json.Unmarshal(in, &eob))
	require.Len(t, eob.Contained, 20)
	ref := eob.Item[0].Extension[0].ValueReference.Reference
	obs, ok := eob.ContainedResource(ref).(*allcarefhir.Observation)
	require.True(t, ok)
	assert.Equal(t, "0", obs.ValueQuantity.Value.String())
	assert.Equal(t, "CMS", eob.Insurer.Identifier.Value)
	_, _, ok = eob.Insurer.TypeAndID()
	assert.False(t, ok, "identifier-only reference")
	assert.Equal(t, "10.40", eob.Item[0].Adjudication[0].Amount.Value.String())
	assert.Equal(t, "50.00", eob.TotalAmount("submitted").Value.String())
	out, err := json.Marshal(&eob)
	require.NoError(t, err)
	requireSameJSON(t, in, out)
}

func TestDateOfAndDateTimeOfWriteFHIRForms(t *testing.T) {
	when := time.Date(2024, 2, 29, 23, 30, 0, 500, time.FixedZone("", -5*3600))
	d := allcarefhir.DateOf(when)
	assert.Equal(t, allcarefhir.Date("2024-02-29"), d, "the date as written in its zone")
	got, prec, err := d.Time()
	require.NoError(t, err)
	assert.Equal(t, allcarefhir.PrecisionDay, prec)
	assert.Equal(t, 29, got.Day())

	dt := allcarefhir.DateTimeOf(when)
	assert.Equal(t, allcarefhir.DateTime("2024-02-29T23:30:00.0000005-05:00"), dt)
	back, _, err := dt.Time()
	require.NoError(t, err)
	assert.True(t, back.Equal(when))

	// DateOf means what rxbridge.DateOf means: the date of t in its zone.
	assert.Equal(t, rxbridge.DateOf(when).String(), string(d))
	// The conversion the package doc shows: a FHIR date of day precision
	// becomes an rxbridge.Date; a partial one says so.
	bt, p, err := allcarefhir.Date("1974-12-25").Time()
	require.NoError(t, err)
	require.GreaterOrEqual(t, p, allcarefhir.PrecisionDay)
	assert.True(t, rxbridge.DateOf(bt).Equal(rxbridge.NewDate(1974, time.December, 25)))
	_, p, err = allcarefhir.Date("1974-12").Time()
	require.NoError(t, err)
	assert.Less(t, p, allcarefhir.PrecisionDay)
}

// EncodeResource gives the bytes json.Marshal gives, for every fixture,
// but for the HTML characters it leaves unescaped, and refuses nil without
// panicking.
func TestEncodeResourceIsJSONMarshal(t *testing.T) {
	unescape := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&")
	for name, b := range resourceFixtures(t) {
		r, err := allcarefhir.DecodeResource(b)
		require.NoError(t, err, name)
		want, err := json.Marshal(r)
		require.NoError(t, err, name)
		got, err := allcarefhir.EncodeResource(r)
		require.NoError(t, err, name)
		assert.Equal(t, unescape.Replace(string(want)), string(got), name)
		requireSameJSON(t, b, got)
	}
	raw, err := allcarefhir.DecodeResource([]byte(`{"resourceType":"Unmodelled","x":[1.50,{"y":null}]}`))
	require.NoError(t, err)
	got, err := allcarefhir.EncodeResource(raw)
	require.NoError(t, err)
	assert.JSONEq(t, `{"resourceType":"Unmodelled","x":[1.50,{"y":null}]}`, string(got))
	_, err = allcarefhir.EncodeResource(nil)
	assert.Error(t, err)
	_, err = allcarefhir.EncodeResource((*allcarefhir.Patient)(nil))
	assert.Error(t, err)
}
