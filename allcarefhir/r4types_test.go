package allcarefhir_test

import (
	"encoding/base64"
	"encoding/json"
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
