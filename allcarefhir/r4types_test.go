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
