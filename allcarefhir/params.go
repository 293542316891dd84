package allcarefhir

import (
	"context"
	"iter"
)

// Typed search parameters for the CMS Patient Access set. Field names are
// the FHIR search parameter names (`url` tags); list fields marked "any of"
// are sent comma-separated (OR), the others repeated (AND, such as a date
// range: []string{"ge2024-01-01", "lt2025-01-01"}). Date parameters take
// FHIR prefixes (eq, ne, gt, lt, ge, le, sa, eb, ap). Token parameters take
// "code" or "system|code".
//
// Every struct also has Include (`_include`, "Type:param"), RevInclude
// (`_revinclude`, "Provenance:target"), Count (`_count`, the page size)
// and, where US Core allows it, ID (`_id`).

// Common _include values (CARIN BB ExplanationOfBenefit and Coverage).
const (
	IncludeEOBPatient    = "ExplanationOfBenefit:patient"
	IncludeEOBProvider   = "ExplanationOfBenefit:provider"
	IncludeEOBCareTeam   = "ExplanationOfBenefit:care-team"
	IncludeEOBCoverage   = "ExplanationOfBenefit:coverage"
	IncludeEOBInsurer    = "ExplanationOfBenefit:insurer"
	IncludeEOBAll        = "ExplanationOfBenefit:*"
	IncludeCoveragePayor = "Coverage:payor"
	RevIncludeProvenance = "Provenance:target"
)

func missing(typ, params, rule string) error {
	return &ParamError{ResourceType: typ, Params: params, Rule: rule}
}

// needPatient is the US Core rule: a search names the patient (or an _id).
func needPatient(typ, patient, id string) error {
	if patient == "" && id == "" {
		return missing(typ, "patient", "US Core: every search of the patient's data names the patient")
	}
	return nil
}

// PatientSearch searches Patient resources (usually the member's own;
// read it with Client.Patient instead when you have the id).
type PatientSearch struct {
	ID         string   `url:"_id,omitempty"`
	Identifier string   `url:"identifier,omitempty"`
	Name       string   `url:"name,omitempty"`
	Family     string   `url:"family,omitempty"`
	Given      string   `url:"given,omitempty"`
	Birthdate  []string `url:"birthdate,omitempty"`
	Gender     string   `url:"gender,omitempty"`
	Include    []string `url:"_include,omitempty"`
	RevInclude []string `url:"_revinclude,omitempty"`
	Count      int      `url:"_count,omitempty"`
}

// ResourceType returns "Patient".
func (PatientSearch) ResourceType() string { return "Patient" }

// Validate requires at least one parameter.
func (p PatientSearch) Validate() error {
	if p.ID == "" && p.Identifier == "" && p.Name == "" && p.Family == "" && p.Given == "" && len(p.Birthdate) == 0 && p.Gender == "" {
		return missing("Patient", "_id, identifier or a name", "US Core Patient search")
	}
	return nil
}

// CoverageSearch searches the member's Coverage resources.
type CoverageSearch struct {
	Patient     string   `url:"patient,omitempty"`
	Beneficiary string   `url:"beneficiary,omitempty"`
	ID          string   `url:"_id,omitempty"`
	LastUpdated []string `url:"_lastUpdated,omitempty"`
	Include     []string `url:"_include,omitempty"`
	RevInclude  []string `url:"_revinclude,omitempty"`
	Count       int      `url:"_count,omitempty"`
}

// ResourceType returns "Coverage".
func (CoverageSearch) ResourceType() string { return "Coverage" }

// Validate requires the patient (or beneficiary, or _id).
func (p CoverageSearch) Validate() error {
	return needPatient("Coverage", p.Patient+p.Beneficiary, p.ID)
}

// ExplanationOfBenefitSearch searches the member's claims with the CARIN
// Blue Button parameters.
type ExplanationOfBenefitSearch struct {
	Patient string `url:"patient,omitempty"`
	ID      string `url:"_id,omitempty"`
	// Identifier is the claim's business identifier ("system|value").
	Identifier string `url:"identifier,omitempty"`
	// Type is any of the claim types (institutional, oral, pharmacy,
	// professional, vision; "system|code").
	Type []string `url:"type,comma,omitempty"`
	// ServiceDate is a date or a range.
	ServiceDate []string `url:"service-date,omitempty"`
	// ServiceStartDate and BillablePeriodStart are CARIN BB 2.x parameters.
	ServiceStartDate    []string `url:"service-start-date,omitempty"`
	BillablePeriodStart []string `url:"billable-period-start,omitempty"`
	LastUpdated         []string `url:"_lastUpdated,omitempty"`
	// Include takes the Include* constants.
	Include    []string `url:"_include,omitempty"`
	RevInclude []string `url:"_revinclude,omitempty"`
	Count      int      `url:"_count,omitempty"`
}

// ResourceType returns "ExplanationOfBenefit".
func (ExplanationOfBenefitSearch) ResourceType() string { return "ExplanationOfBenefit" }

// Validate applies the CARIN BB rule: searches by service-date,
// _lastUpdated, type or identifier need the patient.
func (p ExplanationOfBenefitSearch) Validate() error {
	if p.ID != "" {
		return nil
	}
	if p.Patient == "" {
		return missing("ExplanationOfBenefit", "patient", "CARIN BB: searches using service-date, _lastUpdated or type require a patient")
	}
	return nil
}

// ConditionSearch searches the member's conditions (US Core).
type ConditionSearch struct {
	Patient        string   `url:"patient,omitempty"`
	ID             string   `url:"_id,omitempty"`
	Category       []string `url:"category,comma,omitempty"`
	ClinicalStatus []string `url:"clinical-status,comma,omitempty"`
	Code           []string `url:"code,comma,omitempty"`
	OnsetDate      []string `url:"onset-date,omitempty"`
	Include        []string `url:"_include,omitempty"`
	RevInclude     []string `url:"_revinclude,omitempty"`
	Count          int      `url:"_count,omitempty"`
}

// ResourceType returns "Condition".
func (ConditionSearch) ResourceType() string { return "Condition" }

// Validate requires the patient.
func (p ConditionSearch) Validate() error { return needPatient("Condition", p.Patient, p.ID) }

// ObservationSearch searches the member's observations. US Core requires
// patient with category or code (a server answers "Must have either code or
// category" otherwise).
type ObservationSearch struct {
	Patient string `url:"patient,omitempty"`
	ID      string `url:"_id,omitempty"`
	// Category is any of the ObservationCategory* constants.
	Category []string `url:"category,comma,omitempty"`
	// Code is any of the LOINC codes ("http://loinc.org|85354-9").
	Code       []string `url:"code,comma,omitempty"`
	Date       []string `url:"date,omitempty"`
	Status     []string `url:"status,comma,omitempty"`
	Include    []string `url:"_include,omitempty"`
	RevInclude []string `url:"_revinclude,omitempty"`
	Count      int      `url:"_count,omitempty"`
}

// ResourceType returns "Observation".
func (ObservationSearch) ResourceType() string { return "Observation" }

// Validate requires the patient and a category or code.
func (p ObservationSearch) Validate() error {
	if p.ID != "" {
		return nil
	}
	if p.Patient == "" || (len(p.Category) == 0 && len(p.Code) == 0) {
		return missing("Observation", "patient with category or code", "US Core: patient+category or patient+code")
	}
	return nil
}

// AllergyIntoleranceSearch searches the member's allergies.
type AllergyIntoleranceSearch struct {
	Patient        string   `url:"patient,omitempty"`
	ID             string   `url:"_id,omitempty"`
	ClinicalStatus []string `url:"clinical-status,comma,omitempty"`
	Include        []string `url:"_include,omitempty"`
	RevInclude     []string `url:"_revinclude,omitempty"`
	Count          int      `url:"_count,omitempty"`
}

// ResourceType returns "AllergyIntolerance".
func (AllergyIntoleranceSearch) ResourceType() string { return "AllergyIntolerance" }

// Validate requires the patient.
func (p AllergyIntoleranceSearch) Validate() error {
	return needPatient("AllergyIntolerance", p.Patient, p.ID)
}

// ImmunizationSearch searches the member's immunizations.
type ImmunizationSearch struct {
	Patient    string   `url:"patient,omitempty"`
	ID         string   `url:"_id,omitempty"`
	Status     []string `url:"status,comma,omitempty"`
	Date       []string `url:"date,omitempty"`
	Include    []string `url:"_include,omitempty"`
	RevInclude []string `url:"_revinclude,omitempty"`
	Count      int      `url:"_count,omitempty"`
}

// ResourceType returns "Immunization".
func (ImmunizationSearch) ResourceType() string { return "Immunization" }

// Validate requires the patient.
func (p ImmunizationSearch) Validate() error { return needPatient("Immunization", p.Patient, p.ID) }

// ProcedureSearch searches the member's procedures.
type ProcedureSearch struct {
	Patient    string   `url:"patient,omitempty"`
	ID         string   `url:"_id,omitempty"`
	Status     []string `url:"status,comma,omitempty"`
	Date       []string `url:"date,omitempty"`
	Code       []string `url:"code,comma,omitempty"`
	Include    []string `url:"_include,omitempty"`
	RevInclude []string `url:"_revinclude,omitempty"`
	Count      int      `url:"_count,omitempty"`
}

// ResourceType returns "Procedure".
func (ProcedureSearch) ResourceType() string { return "Procedure" }

// Validate requires the patient.
func (p ProcedureSearch) Validate() error { return needPatient("Procedure", p.Patient, p.ID) }

// MedicationRequestSearch searches the member's prescriptions. US Core
// requires patient with intent.
type MedicationRequestSearch struct {
	Patient string `url:"patient,omitempty"`
	ID      string `url:"_id,omitempty"`
	// Intent is any of the Intent* constants (required).
	Intent     []string `url:"intent,comma,omitempty"`
	Status     []string `url:"status,comma,omitempty"`
	Encounter  string   `url:"encounter,omitempty"`
	AuthoredOn []string `url:"authoredon,omitempty"`
	// Include "MedicationRequest:medication" to get referenced Medications.
	Include    []string `url:"_include,omitempty"`
	RevInclude []string `url:"_revinclude,omitempty"`
	Count      int      `url:"_count,omitempty"`
}

// ResourceType returns "MedicationRequest".
func (MedicationRequestSearch) ResourceType() string { return "MedicationRequest" }

// Validate requires the patient and an intent.
func (p MedicationRequestSearch) Validate() error {
	if p.ID != "" {
		return nil
	}
	if p.Patient == "" || len(p.Intent) == 0 {
		return missing("MedicationRequest", "patient with intent", "US Core: patient+intent")
	}
	return nil
}

// DiagnosticReportSearch searches the member's reports.
type DiagnosticReportSearch struct {
	Patient    string   `url:"patient,omitempty"`
	ID         string   `url:"_id,omitempty"`
	Category   []string `url:"category,comma,omitempty"`
	Code       []string `url:"code,comma,omitempty"`
	Date       []string `url:"date,omitempty"`
	Status     []string `url:"status,comma,omitempty"`
	Include    []string `url:"_include,omitempty"`
	RevInclude []string `url:"_revinclude,omitempty"`
	Count      int      `url:"_count,omitempty"`
}

// ResourceType returns "DiagnosticReport".
func (DiagnosticReportSearch) ResourceType() string { return "DiagnosticReport" }

// Validate requires the patient.
func (p DiagnosticReportSearch) Validate() error {
	return needPatient("DiagnosticReport", p.Patient, p.ID)
}

// DocumentReferenceSearch searches the member's documents and notes.
type DocumentReferenceSearch struct {
	Patient    string   `url:"patient,omitempty"`
	ID         string   `url:"_id,omitempty"`
	Category   []string `url:"category,comma,omitempty"`
	Type       []string `url:"type,comma,omitempty"`
	Date       []string `url:"date,omitempty"`
	Period     []string `url:"period,omitempty"`
	Status     []string `url:"status,comma,omitempty"`
	Include    []string `url:"_include,omitempty"`
	RevInclude []string `url:"_revinclude,omitempty"`
	Count      int      `url:"_count,omitempty"`
}

// ResourceType returns "DocumentReference".
func (DocumentReferenceSearch) ResourceType() string { return "DocumentReference" }

// Validate requires the patient.
func (p DocumentReferenceSearch) Validate() error {
	return needPatient("DocumentReference", p.Patient, p.ID)
}

// CarePlanSearch searches the member's care plans. US Core requires
// patient with category ("assess-plan").
type CarePlanSearch struct {
	Patient    string   `url:"patient,omitempty"`
	ID         string   `url:"_id,omitempty"`
	Category   []string `url:"category,comma,omitempty"`
	Status     []string `url:"status,comma,omitempty"`
	Date       []string `url:"date,omitempty"`
	Include    []string `url:"_include,omitempty"`
	RevInclude []string `url:"_revinclude,omitempty"`
	Count      int      `url:"_count,omitempty"`
}

// ResourceType returns "CarePlan".
func (CarePlanSearch) ResourceType() string { return "CarePlan" }

// Validate requires the patient and a category.
func (p CarePlanSearch) Validate() error {
	if p.ID != "" {
		return nil
	}
	if p.Patient == "" || len(p.Category) == 0 {
		return missing("CarePlan", "patient with category", "US Core: patient+category")
	}
	return nil
}

// CareTeamSearch searches the member's care teams. US Core requires
// patient with status.
type CareTeamSearch struct {
	Patient    string   `url:"patient,omitempty"`
	ID         string   `url:"_id,omitempty"`
	Status     []string `url:"status,comma,omitempty"`
	Include    []string `url:"_include,omitempty"`
	RevInclude []string `url:"_revinclude,omitempty"`
	Count      int      `url:"_count,omitempty"`
}

// ResourceType returns "CareTeam".
func (CareTeamSearch) ResourceType() string { return "CareTeam" }

// Validate requires the patient and a status.
func (p CareTeamSearch) Validate() error {
	if p.ID != "" {
		return nil
	}
	if p.Patient == "" || len(p.Status) == 0 {
		return missing("CareTeam", "patient with status", "US Core: patient+status")
	}
	return nil
}

// GoalSearch searches the member's goals.
type GoalSearch struct {
	Patient         string   `url:"patient,omitempty"`
	ID              string   `url:"_id,omitempty"`
	LifecycleStatus []string `url:"lifecycle-status,comma,omitempty"`
	TargetDate      []string `url:"target-date,omitempty"`
	Include         []string `url:"_include,omitempty"`
	RevInclude      []string `url:"_revinclude,omitempty"`
	Count           int      `url:"_count,omitempty"`
}

// ResourceType returns "Goal".
func (GoalSearch) ResourceType() string { return "Goal" }

// Validate requires the patient.
func (p GoalSearch) Validate() error { return needPatient("Goal", p.Patient, p.ID) }

// DeviceSearch searches the member's (implantable) devices.
type DeviceSearch struct {
	Patient    string   `url:"patient,omitempty"`
	ID         string   `url:"_id,omitempty"`
	Type       []string `url:"type,comma,omitempty"`
	Include    []string `url:"_include,omitempty"`
	RevInclude []string `url:"_revinclude,omitempty"`
	Count      int      `url:"_count,omitempty"`
}

// ResourceType returns "Device".
func (DeviceSearch) ResourceType() string { return "Device" }

// Validate requires the patient.
func (p DeviceSearch) Validate() error { return needPatient("Device", p.Patient, p.ID) }

// EncounterSearch searches the member's encounters.
type EncounterSearch struct {
	Patient    string   `url:"patient,omitempty"`
	ID         string   `url:"_id,omitempty"`
	Identifier string   `url:"identifier,omitempty"`
	Date       []string `url:"date,omitempty"`
	Class      []string `url:"class,comma,omitempty"`
	Status     []string `url:"status,comma,omitempty"`
	Type       []string `url:"type,comma,omitempty"`
	Include    []string `url:"_include,omitempty"`
	RevInclude []string `url:"_revinclude,omitempty"`
	Count      int      `url:"_count,omitempty"`
}

// ResourceType returns "Encounter".
func (EncounterSearch) ResourceType() string { return "Encounter" }

// Validate requires the patient (or an _id or identifier).
func (p EncounterSearch) Validate() error {
	return needPatient("Encounter", p.Patient, p.ID+p.Identifier)
}

// FormularySearch searches the drug formulary (MedicationKnowledge, US Drug
// Formulary STU 1.x FormularyDrug). AllCare requires DrugPlan on every
// formulary search, with the lower-case parameter names it documents.
type FormularySearch struct {
	// DrugPlan is the plan id (usdf-PlanID-extension). Required.
	DrugPlan string `url:"drugplan,omitempty"`
	// DrugTier is the tier code (generic, preferred-generic, brand,
	// preferred-brand, specialty, ...).
	DrugTier string `url:"drugtier,omitempty"`
	// DrugName matches the drug's display name.
	DrugName string `url:"drugname,omitempty"`
	// Code is an RxNorm code ("http://www.nlm.nih.gov/research/umls/rxnorm|1049640").
	Code  []string `url:"code,comma,omitempty"`
	ID    string   `url:"_id,omitempty"`
	Count int      `url:"_count,omitempty"`
}

// ResourceType returns "MedicationKnowledge".
func (FormularySearch) ResourceType() string { return "MedicationKnowledge" }

// Validate requires DrugPlan.
func (p FormularySearch) Validate() error {
	if p.DrugPlan == "" {
		return missing("MedicationKnowledge", "drugplan", `AllCare: formulary searches "always require the drugplan parameter"`)
	}
	return nil
}

// CoveragePlanSearch searches the formulary coverage plans (List with code
// DRUGPOL, US Drug Formulary STU 1.x CoveragePlan).
type CoveragePlanSearch struct {
	// Code defaults to the DRUGPOL code.
	Code string `url:"code,omitempty"`
	// Identifier is the plan id.
	Identifier string `url:"identifier,omitempty"`
	ID         string `url:"_id,omitempty"`
	Count      int    `url:"_count,omitempty"`
}

// CodeDrugPolicy is the List code of a formulary coverage plan.
const CodeDrugPolicy = "http://terminology.hl7.org/CodeSystem/v3-ActCode|DRUGPOL"

// ResourceType returns "List".
func (CoveragePlanSearch) ResourceType() string { return "List" }

// Validate accepts any combination.
func (CoveragePlanSearch) Validate() error { return nil }

// Search helpers: each returns every match over all pages (see Search).

// SearchCoverage returns the member's Coverage resources.
func (c *Client) SearchCoverage(ctx context.Context, p CoverageSearch) iter.Seq2[*Coverage, error] {
	return Search[*Coverage](ctx, c, p)
}

// SearchExplanationOfBenefit returns the member's claims.
func (c *Client) SearchExplanationOfBenefit(ctx context.Context, p ExplanationOfBenefitSearch) iter.Seq2[*ExplanationOfBenefit, error] {
	return Search[*ExplanationOfBenefit](ctx, c, p)
}

// SearchPatient returns Patient resources.
func (c *Client) SearchPatient(ctx context.Context, p PatientSearch) iter.Seq2[*Patient, error] {
	return Search[*Patient](ctx, c, p)
}

// SearchCondition returns the member's conditions.
func (c *Client) SearchCondition(ctx context.Context, p ConditionSearch) iter.Seq2[*Condition, error] {
	return Search[*Condition](ctx, c, p)
}

// SearchObservation returns the member's observations.
func (c *Client) SearchObservation(ctx context.Context, p ObservationSearch) iter.Seq2[*Observation, error] {
	return Search[*Observation](ctx, c, p)
}

// SearchAllergyIntolerance returns the member's allergies.
func (c *Client) SearchAllergyIntolerance(ctx context.Context, p AllergyIntoleranceSearch) iter.Seq2[*AllergyIntolerance, error] {
	return Search[*AllergyIntolerance](ctx, c, p)
}

// SearchImmunization returns the member's immunizations.
func (c *Client) SearchImmunization(ctx context.Context, p ImmunizationSearch) iter.Seq2[*Immunization, error] {
	return Search[*Immunization](ctx, c, p)
}

// SearchProcedure returns the member's procedures.
func (c *Client) SearchProcedure(ctx context.Context, p ProcedureSearch) iter.Seq2[*Procedure, error] {
	return Search[*Procedure](ctx, c, p)
}

// SearchMedicationRequest returns the member's prescriptions.
func (c *Client) SearchMedicationRequest(ctx context.Context, p MedicationRequestSearch) iter.Seq2[*MedicationRequest, error] {
	return Search[*MedicationRequest](ctx, c, p)
}

// SearchDiagnosticReport returns the member's diagnostic reports.
func (c *Client) SearchDiagnosticReport(ctx context.Context, p DiagnosticReportSearch) iter.Seq2[*DiagnosticReport, error] {
	return Search[*DiagnosticReport](ctx, c, p)
}

// SearchDocumentReference returns the member's documents.
func (c *Client) SearchDocumentReference(ctx context.Context, p DocumentReferenceSearch) iter.Seq2[*DocumentReference, error] {
	return Search[*DocumentReference](ctx, c, p)
}

// SearchCarePlan returns the member's care plans.
func (c *Client) SearchCarePlan(ctx context.Context, p CarePlanSearch) iter.Seq2[*CarePlan, error] {
	return Search[*CarePlan](ctx, c, p)
}

// SearchCareTeam returns the member's care teams.
func (c *Client) SearchCareTeam(ctx context.Context, p CareTeamSearch) iter.Seq2[*CareTeam, error] {
	return Search[*CareTeam](ctx, c, p)
}

// SearchGoal returns the member's goals.
func (c *Client) SearchGoal(ctx context.Context, p GoalSearch) iter.Seq2[*Goal, error] {
	return Search[*Goal](ctx, c, p)
}

// SearchDevice returns the member's devices.
func (c *Client) SearchDevice(ctx context.Context, p DeviceSearch) iter.Seq2[*Device, error] {
	return Search[*Device](ctx, c, p)
}

// SearchEncounter returns the member's encounters.
func (c *Client) SearchEncounter(ctx context.Context, p EncounterSearch) iter.Seq2[*Encounter, error] {
	return Search[*Encounter](ctx, c, p)
}

// SearchFormulary returns the drugs of a formulary plan. Without DrugPlan
// it yields an error matching ErrMissingParam and sends nothing.
func (c *Client) SearchFormulary(ctx context.Context, p FormularySearch) iter.Seq2[*MedicationKnowledge, error] {
	return Search[*MedicationKnowledge](ctx, c, p)
}

// SearchCoveragePlans returns the formulary coverage plans.
func (c *Client) SearchCoveragePlans(ctx context.Context, p CoveragePlanSearch) iter.Seq2[*List, error] {
	if p.Code == "" {
		p.Code = CodeDrugPolicy
	}
	return Search[*List](ctx, c, p)
}
