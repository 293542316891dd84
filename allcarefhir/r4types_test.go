package allcarefhir_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxbridge/rxbridge-go/allcarefhir"
)

// Typed access to the R4 elements the r4spec_ fixtures exercise (each
// fixture also round-trips in TestRoundTripEveryFixture and is checked by
// TestEveryR4ElementOfTheFixturesIsTyped).

func TestProvenanceSignature(t *testing.T) {
	var p allcarefhir.Provenance
	require.NoError(t, json.Unmarshal(load(t, "r4spec_provenance-example-sig.json"), &p))
	require.Len(t, p.Signature, 1)
	sig := p.Signature[0]
	require.Len(t, sig.Type, 1)
	assert.Equal(t, "1.2.840.10065.1.12.1.5", sig.Type[0].Code)
	assert.Equal(t, "Practitioner/xcda-author", sig.Who.Reference)
	assert.Equal(t, "Organization/hl7", sig.OnBehalfOf.Reference)
	when, err := sig.When.Time()
	require.NoError(t, err)
	assert.Equal(t, 2015, when.Year())
	assert.Equal(t, "application/fhir+xml", sig.TargetFormat)
	assert.Equal(t, "application/signature+xml", sig.SigFormat)
	data, err := base64.StdEncoding.DecodeString(sig.Data)
	require.NoError(t, err)
	assert.Equal(t, "this blob is snipped", string(data))
	assert.Empty(t, p.Unmodeled())

	// A Bundle's signature is the same datatype.
	in := []byte(`{"resourceType":"Bundle","type":"document","signature":{"type":[{"code":"1.2.840.10065.1.12.1.1"}],"when":"2020-01-01T00:00:00Z","who":{"reference":"Practitioner/1"},"data":"AAEC"}}`)
	var b allcarefhir.Bundle
	require.NoError(t, json.Unmarshal(in, &b))
	require.NotNil(t, b.Signature)
	assert.Equal(t, "AAEC", b.Signature.Data)
	assert.Empty(t, b.Unmodeled())
	out, err := json.Marshal(&b)
	require.NoError(t, err)
	requireSameJSON(t, in, out)
}

func TestCarePlanActivityDetail(t *testing.T) {
	var cp allcarefhir.CarePlan
	require.NoError(t, json.Unmarshal(load(t, "r4spec_careplan-example.json"), &cp))
	require.Len(t, cp.Activity, 3)

	weight := cp.Activity[0].Detail
	require.NotNil(t, weight)
	assert.True(t, weight.Code.Has("http://loinc.org", "3141-9"))
	assert.Equal(t, "completed", weight.Status)
	require.NotNil(t, weight.DoNotPerform)
	assert.False(t, *weight.DoNotPerform)
	v, name := weight.Scheduled()
	assert.Equal(t, "scheduledTiming", name)
	timing := v.(*allcarefhir.Timing)
	assert.Same(t, weight.ScheduledTiming, timing)
	assert.Equal(t, 1, *timing.Repeat.Frequency)
	assert.Equal(t, "d", timing.Repeat.PeriodUnit)
	assert.Equal(t, "Patient's home", weight.Location.Display)

	diet := cp.Activity[1].Detail
	assert.Equal(t, "NutritionOrder", diet.Kind)
	assert.Equal(t, []string{"http://example.org/fhir/PlanDefinition/low-calorie-diet"}, diet.InstantiatesCanonical)
	assert.Equal(t, "#p1", diet.ReasonReference[0].Reference)
	assert.Equal(t, "Goal/example", diet.Goal[0].Reference)
	assert.Equal(t, allcarefhir.DateTime("2017-06-01"), diet.ScheduledPeriod.End)
	v, name = diet.Product()
	assert.Equal(t, "productCodeableConcept", name)
	assert.Equal(t, "226529007", v.(*allcarefhir.CodeableConcept).Code("http://snomed.info/sct"))
	assert.Equal(t, "1500", diet.DailyAmount.Value.String())
	assert.Equal(t, "3", diet.Quantity.Value.String())
	assert.Equal(t, "Three meals a day, 1500 kcal in all.", diet.Description)
	_, ok := cp.ContainedResource(diet.ReasonReference[0].Reference).(*allcarefhir.Condition)
	assert.True(t, ok)

	med := cp.Activity[2].Detail
	v, name = med.Scheduled()
	assert.Equal(t, "scheduledString", name)
	assert.Equal(t, "Every morning with breakfast", v)
	v, name = med.Product()
	assert.Equal(t, "productReference", name)
	assert.Equal(t, "Medication/example", v.(*allcarefhir.Reference).Reference)
	assert.Empty(t, cp.Activity[2].Unmodeled())
}

func TestInsurancePlanCostsAndLimits(t *testing.T) {
	var ip allcarefhir.InsurancePlan
	require.NoError(t, json.Unmarshal(load(t, "r4spec_insuranceplan-example.json"), &ip))
	require.Len(t, ip.Contact, 1)
	assert.Equal(t, "Member services", ip.Contact[0].Name.Text)
	assert.Equal(t, "+1 555 555 0100", ip.Contact[0].Telecom[0].Value)
	assert.Equal(t, "Ann Arbor", ip.Contact[0].Address.City)

	limit := ip.Coverage[0].Benefit[0].Limit
	require.Len(t, limit, 1)
	assert.Equal(t, "12", limit[0].Value.Value.String())
	assert.Equal(t, "visits per year", limit[0].Code.Text)

	plan := ip.Plan[0]
	require.Len(t, plan.GeneralCost, 1)
	assert.Equal(t, 2, *plan.GeneralCost[0].GroupSize)
	assert.Equal(t, "150.00", plan.GeneralCost[0].Cost.Value.String())
	assert.Equal(t, "USD", plan.GeneralCost[0].Cost.Currency)
	require.Len(t, plan.SpecificCost, 1)
	sc := plan.SpecificCost[0]
	assert.Equal(t, "62", sc.Category.Code(""))
	cost := sc.Benefit[0].Cost[0]
	assert.Equal(t, "copay", cost.Type.Text)
	assert.True(t, cost.Applicability.Has("http://terminology.hl7.org/CodeSystem/applicability", "in-network"))
	assert.Equal(t, "after deductible", cost.Qualifiers[0].Text)
	assert.Equal(t, "20.00", cost.Value.Value.String(), "decimals keep their text")
	assert.Equal(t, "USD", cost.Value.Code)
}

func TestMedicationKnowledgeR4Elements(t *testing.T) {
	var mk allcarefhir.MedicationKnowledge
	require.NoError(t, json.Unmarshal(load(t, "r4spec_medicationknowledge-example.json"), &mk))
	org, ok := mk.ContainedResource(mk.Manufacturer.Reference).(*allcarefhir.Organization)
	require.True(t, ok)
	assert.Equal(t, "Pfizer Laboratories Div Pfizer Inc", org.Name)

	require.Len(t, mk.RelatedMedicationKnowledge, 1)
	assert.Equal(t, "MedicationKnowledge/vancomycin-generic", mk.RelatedMedicationKnowledge[0].Reference[0].Reference)
	assert.Equal(t, "prescriber", mk.Monograph[0].Type.Code(""))
	assert.Equal(t, "Vancomycin trough levels", mk.MonitoringProgram[0].Name)

	require.Len(t, mk.AdministrationGuidelines, 2)
	g := mk.AdministrationGuidelines[0]
	assert.Equal(t, "maintenance", g.Dosage[0].Type.Text)
	assert.Equal(t, "15", g.Dosage[0].Dosage[0].DoseAndRate[0].DoseQuantity.Value.String())
	assert.Equal(t, "Serious Gram-positive infection", g.IndicationCodeableConcept.Text)
	assert.Equal(t, "renal function", g.PatientCharacteristics[0].CharacteristicCodeableConcept.Text)
	assert.Equal(t, "40", g.PatientCharacteristics[1].CharacteristicQuantity.Value.String())
	assert.Equal(t, []string{"at least"}, g.PatientCharacteristics[1].Value)
	assert.Equal(t, "ObservationDefinition/example", mk.AdministrationGuidelines[1].IndicationReference.Reference)

	assert.Equal(t, "Glycopeptide antibacterials", mk.MedicineClassification[0].Classification[0].Text)

	require.NotNil(t, mk.Packaging)
	assert.True(t, mk.Packaging.Type.Has("http://snomed.info/sct", "415818006"))
	assert.Equal(t, "10", mk.Packaging.Quantity.Value.String())
	assert.Equal(t, "mL", mk.Packaging.Quantity.Code)

	require.Len(t, mk.DrugCharacteristic, 4)
	for i, want := range []string{"valueString", "valueCodeableConcept", "valueQuantity", "valueBase64Binary"} {
		_, name := mk.DrugCharacteristic[i].Value()
		assert.Equal(t, want, name)
	}
	assert.Equal(t, "VANCO 500", mk.DrugCharacteristic[0].ValueString)
	assert.Equal(t, "white", mk.DrugCharacteristic[1].ValueCodeableConcept.Text)
	assert.Equal(t, "mm", mk.DrugCharacteristic[2].ValueQuantity.Unit)
	img, err := base64.StdEncoding.DecodeString(mk.DrugCharacteristic[3].ValueBase64Binary)
	require.NoError(t, err)
	assert.Equal(t, "\x89PNG\r\n\x1a\n", string(img))

	require.Len(t, mk.Regulatory, 1)
	reg := mk.Regulatory[0]
	assert.Equal(t, "US Food and Drug Administration", reg.RegulatoryAuthority.Display)
	require.NotNil(t, reg.Substitution[0].Allowed)
	assert.True(t, *reg.Substitution[0].Allowed)
	assert.Equal(t, "prescription only", reg.Schedule[0].Schedule.Text)
	assert.Equal(t, "20", reg.MaxDispense.Quantity.Value.String())
	assert.Equal(t, "d", reg.MaxDispense.Period.Code)

	require.Len(t, mk.Kinetics, 1)
	assert.Equal(t, "400", mk.Kinetics[0].AreaUnderCurve[0].Value.String())
	assert.Equal(t, "319", mk.Kinetics[0].LethalDose50[0].Value.String())
	assert.Equal(t, "h", mk.Kinetics[0].HalfLifePeriod.Code)

	// The formulary accessors still read the US Drug Formulary extensions.
	var formulary allcarefhir.MedicationKnowledge
	require.NoError(t, json.Unmarshal(load(t, "usdf11_FormularyDrugV1002.json"), &formulary))
	assert.Equal(t, "40308VA0240008", formulary.PlanID())
}

func TestObservationSampledData(t *testing.T) {
	var o allcarefhir.Observation
	require.NoError(t, json.Unmarshal(load(t, "r4spec_observation-example-sample-data.json"), &o))
	require.Len(t, o.Component, 2)
	v, name := o.Component[0].Value()
	assert.Equal(t, "valueSampledData", name)
	sd := v.(*allcarefhir.SampledData)
	assert.Equal(t, "2048", sd.Origin.Value.String())
	assert.Equal(t, "10", sd.Period.String())
	assert.Equal(t, "1.612", sd.Factor.String())
	assert.Equal(t, "-3300", sd.LowerLimit.String())
	assert.Equal(t, "3300", sd.UpperLimit.String())
	assert.Equal(t, 1, *sd.Dimensions)
	assert.True(t, len(sd.Data) > 10 && sd.Data[:4] == "2041")
}

// r4OpenTypes has one extension per R4 open type (the types of
// Extension.value[x]), by its JSON member name.
var r4OpenTypes = map[string]string{
	"valueBase64Binary":        `"AAEC"`,
	"valueBoolean":             `true`,
	"valueCanonical":           `"http://example.org/fhir/Questionnaire/q|1"`,
	"valueCode":                `"active"`,
	"valueDate":                `"2020-02"`,
	"valueDateTime":            `"2020-02-01T10:00:00Z"`,
	"valueDecimal":             `1.50`,
	"valueId":                  `"a-1"`,
	"valueInstant":             `"2020-02-01T10:00:00.000Z"`,
	"valueInteger":             `-3`,
	"valueMarkdown":            `"*bold*"`,
	"valueOid":                 `"urn:oid:1.2.3"`,
	"valuePositiveInt":         `3`,
	"valueString":              `"text"`,
	"valueTime":                `"10:00:00"`,
	"valueUnsignedInt":         `0`,
	"valueUri":                 `"urn:uuid:53fefa32-fcbb-4ff8-8a92-55ee120877b7"`,
	"valueUrl":                 `"https://example.org"`,
	"valueUuid":                `"urn:uuid:53fefa32-fcbb-4ff8-8a92-55ee120877b7"`,
	"valueAddress":             `{"city":"Ann Arbor"}`,
	"valueAge":                 `{"value":42,"unit":"a","system":"http://unitsofmeasure.org","code":"a"}`,
	"valueAnnotation":          `{"authorString":"x","text":"note"}`,
	"valueAttachment":          `{"contentType":"text/plain","data":"AAEC"}`,
	"valueCodeableConcept":     `{"text":"c"}`,
	"valueCoding":              `{"system":"http://loinc.org","code":"1-8"}`,
	"valueContactPoint":        `{"system":"phone","value":"555"}`,
	"valueCount":               `{"value":2}`,
	"valueDistance":            `{"value":2.5,"unit":"km"}`,
	"valueDuration":            `{"value":30,"unit":"min"}`,
	"valueHumanName":           `{"family":"Chalmers"}`,
	"valueIdentifier":          `{"value":"123"}`,
	"valueMoney":               `{"value":10.00,"currency":"USD"}`,
	"valuePeriod":              `{"start":"2020"}`,
	"valueQuantity":            `{"value":1,"unit":"mg"}`,
	"valueRange":               `{"low":{"value":1},"high":{"value":2}}`,
	"valueRatio":               `{"numerator":{"value":1},"denominator":{"value":2}}`,
	"valueReference":           `{"reference":"Patient/1"}`,
	"valueSampledData":         `{"origin":{"value":0},"period":1000,"dimensions":1,"data":"1 2 3"}`,
	"valueSignature":           `{"type":[{"code":"1.2.840.10065.1.12.1.1"}],"when":"2020-01-01T00:00:00Z","who":{"reference":"Practitioner/1"},"data":"AAEC"}`,
	"valueTiming":              `{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}}`,
	"valueContactDetail":       `{"name":"Help desk","telecom":[{"system":"email","value":"help@example.org"}]}`,
	"valueContributor":         `{"type":"author","name":"A. Author","contact":[{"name":"A. Author"}]}`,
	"valueDataRequirement":     `{"type":"Observation","profile":["http://hl7.org/fhir/StructureDefinition/vitalsigns"],"subjectCodeableConcept":{"text":"Patient"},"mustSupport":["code"],"codeFilter":[{"path":"code","searchParam":"code","valueSet":"http://example.org/vs","code":[{"code":"8480-6"}]}],"dateFilter":[{"path":"effective","searchParam":"date","valueDuration":{"value":1,"unit":"a"}}],"limit":1,"sort":[{"path":"effective","direction":"descending"}]}`,
	"valueExpression":          `{"description":"adult","name":"isAdult","language":"text/fhirpath","expression":"%patient.birthDate < today() - 18 years","reference":"http://example.org/lib"}`,
	"valueParameterDefinition": `{"name":"result","use":"out","min":0,"max":"1","documentation":"d","type":"Observation","profile":"http://hl7.org/fhir/StructureDefinition/vitalsigns"}`,
	"valueRelatedArtifact":     `{"type":"documentation","label":"1","display":"Guide","citation":"A citation","url":"https://example.org/guide","document":{"url":"https://example.org/guide.pdf"},"resource":"http://example.org/fhir/Library/1"}`,
	"valueTriggerDefinition":   `{"type":"periodic","name":"daily","timingTiming":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}},"data":[{"type":"Observation"}],"condition":{"language":"text/fhirpath","expression":"true"}}`,
	"valueUsageContext":        `{"code":{"system":"http://terminology.hl7.org/CodeSystem/usage-context-type","code":"age"},"valueRange":{"low":{"value":18,"unit":"a"}}}`,
	"valueDosage":              `{"text":"1 tablet daily"}`,
	"valueMeta":                `{"versionId":"1","profile":["http://example.org/p"]}`,
}

func TestExtensionHasEveryR4OpenType(t *testing.T) {
	require.Len(t, r4OpenTypes, 50, "R4 has 50 open types")
	var in bytes.Buffer
	in.WriteString(`{"resourceType":"Patient","id":"ext","extension":[`)
	names := slices.Sorted(maps.Keys(r4OpenTypes))
	for i, name := range names {
		if i > 0 {
			in.WriteByte(',')
		}
		fmt.Fprintf(&in, `{"url":"http://example.org/%s","%s":%s}`, name, name, r4OpenTypes[name])
	}
	in.WriteString(`]}`)

	var p allcarefhir.Patient
	require.NoError(t, json.Unmarshal(in.Bytes(), &p))
	require.Len(t, p.Extension, 50)
	for i, name := range names {
		x := &p.Extension[i]
		assert.Empty(t, x.Unmodeled(), name)
		v, got := x.Value()
		assert.Equal(t, name, got)
		assert.NotNil(t, v, name)
	}
	var c completeness
	c.walk(reflect.ValueOf(&p), "Patient")
	assert.Empty(t, c.findings)
	out, err := json.Marshal(&p)
	require.NoError(t, err)
	requireSameJSON(t, in.Bytes(), out)

	dr := allcarefhir.FindExtension(p.Extension, "http://example.org/valueDataRequirement").ValueDataRequirement
	assert.Equal(t, "descending", dr.Sort[0].Direction)
	assert.Equal(t, "8480-6", dr.CodeFilter[0].Code[0].Code)
	assert.Equal(t, "1", dr.DateFilter[0].ValueDuration.Value.String())
	uc := allcarefhir.FindExtension(p.Extension, "http://example.org/valueUsageContext").ValueUsageContext
	v, name := uc.Value()
	assert.Equal(t, "valueRange", name)
	assert.Equal(t, "18", v.(*allcarefhir.Range).Low.Value.String())
	td := allcarefhir.FindExtension(p.Extension, "http://example.org/valueTriggerDefinition").ValueTriggerDefinition
	assert.Equal(t, "d", td.TimingTiming.Repeat.PeriodUnit)
	assert.Equal(t, "text/fhirpath", td.Condition.Language)
}

// requireFullyTyped decodes a resource, requires every member to land in
// a typed field (the completeness walk) and the re-encoding to equal the
// input, and returns the resource.
func requireFullyTyped(t *testing.T, in string) allcarefhir.Resource {
	t.Helper()
	r, err := allcarefhir.DecodeResource([]byte(in))
	require.NoError(t, err)
	var c completeness
	c.walk(reflect.ValueOf(&r).Elem(), r.ResourceType())
	require.Empty(t, c.findings)
	out, err := json.Marshal(r)
	require.NoError(t, err)
	requireSameJSON(t, []byte(in), out)
	return r
}

func TestClinicalR4Elements(t *testing.T) {
	enc := requireFullyTyped(t, `{"resourceType":"Encounter","id":"e","status":"finished",
	  "statusHistory":[{"status":"arrived","period":{"start":"2017-02-01T07:15:00+10:00","end":"2017-02-01T07:35:00+10:00"}},
	    {"status":"in-progress","period":{"start":"2017-02-01T07:35:00+10:00"}}],
	  "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP"},
	  "classHistory":[{"class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"EMER"},"period":{"start":"2017-02-01T07:15:00+10:00","end":"2017-02-01T07:35:00+10:00"}}]}`).(*allcarefhir.Encounter)
	require.Len(t, enc.StatusHistory, 2)
	assert.Equal(t, "arrived", enc.StatusHistory[0].Status)
	assert.Equal(t, allcarefhir.DateTime("2017-02-01T07:35:00+10:00"), enc.StatusHistory[0].Period.End)
	assert.Equal(t, "EMER", enc.ClassHistory[0].Class.Code)

	cond := requireFullyTyped(t, `{"resourceType":"Condition","id":"c","code":{"text":"Malignant neoplasm"},"subject":{"reference":"Patient/f201"},
	  "stage":[{"summary":{"coding":[{"system":"http://snomed.info/sct","code":"14803004","display":"Temporary"}]},"assessment":[{"reference":"DiagnosticReport/f201"}],"type":{"text":"clinical staging"}}],
	  "evidence":[{"code":[{"coding":[{"system":"http://snomed.info/sct","code":"169068008","display":"CT of neck"}]}],"detail":[{"reference":"DiagnosticReport/f202"}]}]}`).(*allcarefhir.Condition)
	require.Len(t, cond.Stage, 1)
	assert.Equal(t, "14803004", cond.Stage[0].Summary.Code(""))
	assert.Equal(t, "DiagnosticReport/f201", cond.Stage[0].Assessment[0].Reference)
	assert.Equal(t, "clinical staging", cond.Stage[0].Type.Text)
	assert.Equal(t, "169068008", cond.Evidence[0].Code[0].Code(""))
	assert.Equal(t, "DiagnosticReport/f202", cond.Evidence[0].Detail[0].Reference)

	proc := requireFullyTyped(t, `{"resourceType":"Procedure","id":"p","status":"completed","subject":{"reference":"Patient/example"},
	  "focalDevice":[{"action":{"coding":[{"system":"http://snomed.info/sct","code":"129338005","display":"Surgical implantation"}]},"manipulated":{"reference":"Device/example-pacemaker"}}]}`).(*allcarefhir.Procedure)
	require.Len(t, proc.FocalDevice, 1)
	assert.Equal(t, "129338005", proc.FocalDevice[0].Action.Code("http://snomed.info/sct"))
	assert.Equal(t, "Device/example-pacemaker", proc.FocalDevice[0].Manipulated.Reference)

	dr := requireFullyTyped(t, `{"resourceType":"DiagnosticReport","id":"d","status":"final","code":{"text":"CT brain"},
	  "media":[{"comment":"Axial slice at the level of the lesion","link":{"reference":"Media/1.2.840.11361907579238403408700.3.1.04.19970327150033"}}],
	  "conclusion":"No abnormality"}`).(*allcarefhir.DiagnosticReport)
	require.Len(t, dr.Media, 1)
	assert.Equal(t, "Axial slice at the level of the lesion", dr.Media[0].Comment)
	assert.Equal(t, "Media/1.2.840.11361907579238403408700.3.1.04.19970327150033", dr.Media[0].Link.Reference)

	dev := requireFullyTyped(t, `{"resourceType":"Device","id":"d","status":"active","type":{"text":"glucose meter"},
	  "specialization":[{"systemType":{"coding":[{"system":"urn:iso:std:iso:11073:10101","code":"528391"}]},"version":"1.0"}],
	  "version":[{"type":{"coding":[{"system":"urn:iso:std:iso:11073:10101","code":"531975","display":"MDC_ID_PROD_SPEC_FW"}]},"component":{"system":"http://example.org/components","value":"main"},"value":"r2.1"}],
	  "property":[{"type":{"text":"time accuracy"},"valueQuantity":[{"value":0.5,"unit":"s"}],"valueCode":[{"text":"synchronized"}]}],
	  "patient":{"reference":"Patient/example"}}`).(*allcarefhir.Device)
	assert.Equal(t, "528391", dev.Specialization[0].SystemType.Code(""))
	assert.Equal(t, "1.0", dev.Specialization[0].Version)
	assert.Equal(t, "r2.1", dev.Version[0].Value)
	assert.Equal(t, "main", dev.Version[0].Component.Value)
	assert.Equal(t, "0.5", dev.Property[0].ValueQuantity[0].Value.String())
	assert.Equal(t, "synchronized", dev.Property[0].ValueCode[0].Text)
}

func TestAvailabilityR4Elements(t *testing.T) {
	role := requireFullyTyped(t, `{"resourceType":"PractitionerRole","id":"r","active":true,
	  "practitioner":{"reference":"Practitioner/example"},"telecom":[{"system":"phone","value":"(03) 5555 6473"}],
	  "availableTime":[{"daysOfWeek":["mon","tue","wed"],"availableStartTime":"09:00:00","availableEndTime":"16:30:00"},{"daysOfWeek":["sat"],"allDay":true}],
	  "notAvailable":[{"description":"Adam will be on extended leave during May 2017","during":{"start":"2017-05-01","end":"2017-05-20"}}],
	  "availabilityExceptions":"Adam is generally unavailable on public holidays",
	  "endpoint":[{"reference":"Endpoint/example"}]}`).(*allcarefhir.PractitionerRole)
	require.Len(t, role.AvailableTime, 2)
	assert.Equal(t, []string{"mon", "tue", "wed"}, role.AvailableTime[0].DaysOfWeek)
	assert.Equal(t, "09:00:00", role.AvailableTime[0].AvailableStartTime)
	assert.Equal(t, "16:30:00", role.AvailableTime[0].AvailableEndTime)
	assert.True(t, *role.AvailableTime[1].AllDay)
	assert.Equal(t, allcarefhir.DateTime("2017-05-20"), role.NotAvailable[0].During.End)
	assert.Equal(t, "Adam is generally unavailable on public holidays", role.AvailabilityExceptions)

	loc := requireFullyTyped(t, `{"resourceType":"Location","id":"l","status":"active","name":"South Wing",
	  "hoursOfOperation":[{"daysOfWeek":["mon","tue","wed","thu","fri"],"allDay":false,"openingTime":"08:00:00","closingTime":"17:30:00"}],
	  "availabilityExceptions":"Closed on public holidays"}`).(*allcarefhir.Location)
	require.Len(t, loc.HoursOfOperation, 1)
	assert.Equal(t, "08:00:00", loc.HoursOfOperation[0].OpeningTime)
	assert.Equal(t, "17:30:00", loc.HoursOfOperation[0].ClosingTime)
	assert.False(t, *loc.HoursOfOperation[0].AllDay)
	assert.Equal(t, "Closed on public holidays", loc.AvailabilityExceptions)
}

func TestExplanationOfBenefitAddItemR4Elements(t *testing.T) {
	eob := requireFullyTyped(t, `{"resourceType":"ExplanationOfBenefit","id":"x","status":"active","use":"claim",
	  "addItem":[{"itemSequence":[1],"productOrService":{"coding":[{"system":"http://example.org/fhir/CodeSystem/ex-USCLS","code":"1101"}]},
	    "servicedDate":"2014-08-16",
	    "locationAddress":{"city":"Toronto","country":"CA"},
	    "net":{"value":135.57,"currency":"USD"},
	    "bodySite":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/ex-tooth","code":"21"}]},
	    "subSite":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/FDI-surface","code":"M"}]}],
	    "noteNumber":[101],
	    "adjudication":[{"category":{"coding":[{"code":"eligible"}]},"amount":{"value":100.00,"currency":"USD"}}],
	    "detail":[{"productOrService":{"coding":[{"code":"expense"}]},"modifier":[{"coding":[{"code":"x"}]}],"quantity":{"value":1},"unitPrice":{"value":35.57,"currency":"USD"},"factor":0.75,"net":{"value":26.68,"currency":"USD"},"noteNumber":[102],
	      "adjudication":[{"category":{"coding":[{"code":"benefit"}]},"amount":{"value":26.68,"currency":"USD"}}],
	      "subDetail":[{"productOrService":{"coding":[{"code":"lab"}]},"quantity":{"value":2},"unitPrice":{"value":10.00,"currency":"USD"},"factor":1.00,"net":{"value":20.00,"currency":"USD"},"noteNumber":[103],
	        "adjudication":[{"category":{"coding":[{"code":"benefit"}]},"amount":{"value":20.00,"currency":"USD"}}]}]}]},
	    {"itemSequence":[2],"productOrService":{"text":"x"},"locationCodeableConcept":{"text":"home"}},
	    {"itemSequence":[3],"productOrService":{"text":"y"},"locationReference":{"reference":"Location/1"}}]}`).(*allcarefhir.ExplanationOfBenefit)
	require.Len(t, eob.AddItem, 3)
	ai := eob.AddItem[0]
	assert.Equal(t, "Toronto", ai.LocationAddress.City)
	assert.Equal(t, "21", ai.BodySite.Code(""))
	assert.Equal(t, "M", ai.SubSite[0].Code(""))
	require.Len(t, ai.Detail, 1)
	assert.Equal(t, "0.75", ai.Detail[0].Factor.String())
	assert.Equal(t, "26.68", ai.Detail[0].Net.Value.String())
	assert.Equal(t, []int{102}, ai.Detail[0].NoteNumber)
	require.Len(t, ai.Detail[0].SubDetail, 1)
	assert.Equal(t, "1.00", ai.Detail[0].SubDetail[0].Factor.String())
	assert.Equal(t, "20.00", ai.Detail[0].SubDetail[0].Adjudication[0].Amount.Value.String())
	assert.Equal(t, "home", eob.AddItem[1].LocationCodeableConcept.Text)
	assert.Equal(t, "Location/1", eob.AddItem[2].LocationReference.Reference)
}

func TestCapabilityStatementR4Elements(t *testing.T) {
	var cs allcarefhir.CapabilityStatement
	require.NoError(t, json.Unmarshal(load(t, "r4spec_capabilitystatement-example.json"), &cs))
	require.Len(t, cs.UseContext, 1)
	assert.Equal(t, "focus", cs.UseContext[0].Code.Code)
	v, name := cs.UseContext[0].Value()
	assert.Equal(t, "valueCodeableConcept", name)
	assert.Equal(t, "positive", v.(*allcarefhir.CodeableConcept).Code(""))
	assert.Contains(t, cs.Purpose, "Main EHR capability statement")
	assert.Contains(t, cs.Copyright, "Acme Healthcare")
	assert.Equal(t, []string{"http://ihe.org/fhir/CapabilityStatement/pixm-client"}, cs.Instantiates)
	assert.Equal(t, []string{"http://example.org/fhir/CapabilityStatement/base"}, cs.Imports)
	assert.Equal(t, "Organization/example", cs.Implementation.Custodian.Reference)

	require.Len(t, cs.Messaging, 1)
	m := cs.Messaging[0]
	assert.Equal(t, "mllp", m.Endpoint[0].Protocol.Code)
	assert.Equal(t, "mllp:10.1.1.10:9234", m.Endpoint[0].Address)
	assert.Equal(t, 30, *m.ReliableCache)
	assert.Equal(t, "receiver", m.SupportedMessage[0].Mode)
	assert.Equal(t, "MessageDefinition/example", m.SupportedMessage[0].Definition)
	require.Len(t, cs.Document, 1)
	assert.Equal(t, "consumer", cs.Document[0].Mode)
	assert.Contains(t, cs.Document[0].Profile, "Profilebc054d23")

	// The helpers read the same statement.
	assert.True(t, cs.SupportsInteraction("Patient", "search-type"))
	assert.Equal(t, []string{"identifier"}, cs.SearchParams("Patient"))
}
