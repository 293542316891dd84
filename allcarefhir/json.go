package allcarefhir

// JSON methods of every FHIR type. Each delegates to the codec (codec.go),
// which keeps what the type does not model. The base types (Element,
// BackboneElement, BaseResource, DomainResource) have none, so a type that
// embeds them never inherits a partial encoder; TestEveryTypeHasJSONMethods
// checks that no type is missing here.

// ResourceType returns "AllergyIntolerance".
func (*AllergyIntolerance) ResourceType() string { return "AllergyIntolerance" }

// MarshalJSON encodes the AllergyIntolerance, with what it does not model.
func (r AllergyIntolerance) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a AllergyIntolerance, keeping what it does not model.
func (r *AllergyIntolerance) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "Bundle".
func (*Bundle) ResourceType() string { return "Bundle" }

// MarshalJSON encodes the Bundle, with what it does not model.
func (r Bundle) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a Bundle, keeping what it does not model.
func (r *Bundle) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "CapabilityStatement".
func (*CapabilityStatement) ResourceType() string { return "CapabilityStatement" }

// MarshalJSON encodes the CapabilityStatement, with what it does not model.
func (r CapabilityStatement) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a CapabilityStatement, keeping what it does not model.
func (r *CapabilityStatement) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "CarePlan".
func (*CarePlan) ResourceType() string { return "CarePlan" }

// MarshalJSON encodes the CarePlan, with what it does not model.
func (r CarePlan) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a CarePlan, keeping what it does not model.
func (r *CarePlan) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "CareTeam".
func (*CareTeam) ResourceType() string { return "CareTeam" }

// MarshalJSON encodes the CareTeam, with what it does not model.
func (r CareTeam) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a CareTeam, keeping what it does not model.
func (r *CareTeam) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "Condition".
func (*Condition) ResourceType() string { return "Condition" }

// MarshalJSON encodes the Condition, with what it does not model.
func (r Condition) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a Condition, keeping what it does not model.
func (r *Condition) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "Coverage".
func (*Coverage) ResourceType() string { return "Coverage" }

// MarshalJSON encodes the Coverage, with what it does not model.
func (r Coverage) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a Coverage, keeping what it does not model.
func (r *Coverage) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "Device".
func (*Device) ResourceType() string { return "Device" }

// MarshalJSON encodes the Device, with what it does not model.
func (r Device) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a Device, keeping what it does not model.
func (r *Device) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "DiagnosticReport".
func (*DiagnosticReport) ResourceType() string { return "DiagnosticReport" }

// MarshalJSON encodes the DiagnosticReport, with what it does not model.
func (r DiagnosticReport) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a DiagnosticReport, keeping what it does not model.
func (r *DiagnosticReport) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "DocumentReference".
func (*DocumentReference) ResourceType() string { return "DocumentReference" }

// MarshalJSON encodes the DocumentReference, with what it does not model.
func (r DocumentReference) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a DocumentReference, keeping what it does not model.
func (r *DocumentReference) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "Encounter".
func (*Encounter) ResourceType() string { return "Encounter" }

// MarshalJSON encodes the Encounter, with what it does not model.
func (r Encounter) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a Encounter, keeping what it does not model.
func (r *Encounter) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "ExplanationOfBenefit".
func (*ExplanationOfBenefit) ResourceType() string { return "ExplanationOfBenefit" }

// MarshalJSON encodes the ExplanationOfBenefit, with what it does not model.
func (r ExplanationOfBenefit) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a ExplanationOfBenefit, keeping what it does not model.
func (r *ExplanationOfBenefit) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "Goal".
func (*Goal) ResourceType() string { return "Goal" }

// MarshalJSON encodes the Goal, with what it does not model.
func (r Goal) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a Goal, keeping what it does not model.
func (r *Goal) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "Immunization".
func (*Immunization) ResourceType() string { return "Immunization" }

// MarshalJSON encodes the Immunization, with what it does not model.
func (r Immunization) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a Immunization, keeping what it does not model.
func (r *Immunization) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "InsurancePlan".
func (*InsurancePlan) ResourceType() string { return "InsurancePlan" }

// MarshalJSON encodes the InsurancePlan, with what it does not model.
func (r InsurancePlan) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a InsurancePlan, keeping what it does not model.
func (r *InsurancePlan) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "List".
func (*List) ResourceType() string { return "List" }

// MarshalJSON encodes the List, with what it does not model.
func (r List) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a List, keeping what it does not model.
func (r *List) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "Location".
func (*Location) ResourceType() string { return "Location" }

// MarshalJSON encodes the Location, with what it does not model.
func (r Location) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a Location, keeping what it does not model.
func (r *Location) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "Medication".
func (*Medication) ResourceType() string { return "Medication" }

// MarshalJSON encodes the Medication, with what it does not model.
func (r Medication) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a Medication, keeping what it does not model.
func (r *Medication) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "MedicationKnowledge".
func (*MedicationKnowledge) ResourceType() string { return "MedicationKnowledge" }

// MarshalJSON encodes the MedicationKnowledge, with what it does not model.
func (r MedicationKnowledge) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a MedicationKnowledge, keeping what it does not model.
func (r *MedicationKnowledge) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "MedicationRequest".
func (*MedicationRequest) ResourceType() string { return "MedicationRequest" }

// MarshalJSON encodes the MedicationRequest, with what it does not model.
func (r MedicationRequest) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a MedicationRequest, keeping what it does not model.
func (r *MedicationRequest) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "Observation".
func (*Observation) ResourceType() string { return "Observation" }

// MarshalJSON encodes the Observation, with what it does not model.
func (r Observation) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a Observation, keeping what it does not model.
func (r *Observation) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "OperationOutcome".
func (*OperationOutcome) ResourceType() string { return "OperationOutcome" }

// MarshalJSON encodes the OperationOutcome, with what it does not model.
func (r OperationOutcome) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a OperationOutcome, keeping what it does not model.
func (r *OperationOutcome) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "Organization".
func (*Organization) ResourceType() string { return "Organization" }

// MarshalJSON encodes the Organization, with what it does not model.
func (r Organization) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a Organization, keeping what it does not model.
func (r *Organization) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "Patient".
func (*Patient) ResourceType() string { return "Patient" }

// MarshalJSON encodes the Patient, with what it does not model.
func (r Patient) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a Patient, keeping what it does not model.
func (r *Patient) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "Practitioner".
func (*Practitioner) ResourceType() string { return "Practitioner" }

// MarshalJSON encodes the Practitioner, with what it does not model.
func (r Practitioner) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a Practitioner, keeping what it does not model.
func (r *Practitioner) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "PractitionerRole".
func (*PractitionerRole) ResourceType() string { return "PractitionerRole" }

// MarshalJSON encodes the PractitionerRole, with what it does not model.
func (r PractitionerRole) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a PractitionerRole, keeping what it does not model.
func (r *PractitionerRole) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "Procedure".
func (*Procedure) ResourceType() string { return "Procedure" }

// MarshalJSON encodes the Procedure, with what it does not model.
func (r Procedure) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a Procedure, keeping what it does not model.
func (r *Procedure) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "Provenance".
func (*Provenance) ResourceType() string { return "Provenance" }

// MarshalJSON encodes the Provenance, with what it does not model.
func (r Provenance) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a Provenance, keeping what it does not model.
func (r *Provenance) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// ResourceType returns "RelatedPerson".
func (*RelatedPerson) ResourceType() string { return "RelatedPerson" }

// MarshalJSON encodes the RelatedPerson, with what it does not model.
func (r RelatedPerson) MarshalJSON() ([]byte, error) { return marshal(&r) }

// UnmarshalJSON decodes a RelatedPerson, keeping what it does not model.
func (r *RelatedPerson) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// MarshalJSON encodes the Address, with what it does not model.
func (x Address) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Address, keeping what it does not model.
func (x *Address) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the AllergyIntoleranceReaction, with what it does not model.
func (x AllergyIntoleranceReaction) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a AllergyIntoleranceReaction, keeping what it does not model.
func (x *AllergyIntoleranceReaction) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Annotation, with what it does not model.
func (x Annotation) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Annotation, keeping what it does not model.
func (x *Annotation) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Attachment, with what it does not model.
func (x Attachment) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Attachment, keeping what it does not model.
func (x *Attachment) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the BundleEntry, with what it does not model.
func (x BundleEntry) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a BundleEntry, keeping what it does not model.
func (x *BundleEntry) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the BundleEntryRequest, with what it does not model.
func (x BundleEntryRequest) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a BundleEntryRequest, keeping what it does not model.
func (x *BundleEntryRequest) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the BundleEntryResponse, with what it does not model.
func (x BundleEntryResponse) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a BundleEntryResponse, keeping what it does not model.
func (x *BundleEntryResponse) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the BundleEntrySearch, with what it does not model.
func (x BundleEntrySearch) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a BundleEntrySearch, keeping what it does not model.
func (x *BundleEntrySearch) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the BundleLink, with what it does not model.
func (x BundleLink) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a BundleLink, keeping what it does not model.
func (x *BundleLink) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CapabilityStatementDocument, with what it does not model.
func (x CapabilityStatementDocument) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CapabilityStatementDocument, keeping what it does not model.
func (x *CapabilityStatementDocument) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CapabilityStatementEndpoint, with what it does not model.
func (x CapabilityStatementEndpoint) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CapabilityStatementEndpoint, keeping what it does not model.
func (x *CapabilityStatementEndpoint) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CapabilityStatementImplementation, with what it does not model.
func (x CapabilityStatementImplementation) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CapabilityStatementImplementation, keeping what it does not model.
func (x *CapabilityStatementImplementation) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CapabilityStatementInteraction, with what it does not model.
func (x CapabilityStatementInteraction) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CapabilityStatementInteraction, keeping what it does not model.
func (x *CapabilityStatementInteraction) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CapabilityStatementMessaging, with what it does not model.
func (x CapabilityStatementMessaging) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CapabilityStatementMessaging, keeping what it does not model.
func (x *CapabilityStatementMessaging) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CapabilityStatementOperation, with what it does not model.
func (x CapabilityStatementOperation) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CapabilityStatementOperation, keeping what it does not model.
func (x *CapabilityStatementOperation) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CapabilityStatementResource, with what it does not model.
func (x CapabilityStatementResource) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CapabilityStatementResource, keeping what it does not model.
func (x *CapabilityStatementResource) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CapabilityStatementRest, with what it does not model.
func (x CapabilityStatementRest) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CapabilityStatementRest, keeping what it does not model.
func (x *CapabilityStatementRest) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CapabilityStatementSearchParam, with what it does not model.
func (x CapabilityStatementSearchParam) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CapabilityStatementSearchParam, keeping what it does not model.
func (x *CapabilityStatementSearchParam) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CapabilityStatementSecurity, with what it does not model.
func (x CapabilityStatementSecurity) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CapabilityStatementSecurity, keeping what it does not model.
func (x *CapabilityStatementSecurity) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CapabilityStatementSoftware, with what it does not model.
func (x CapabilityStatementSoftware) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CapabilityStatementSoftware, keeping what it does not model.
func (x *CapabilityStatementSoftware) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CapabilityStatementSupportedMessage, with what it does not model.
func (x CapabilityStatementSupportedMessage) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CapabilityStatementSupportedMessage, keeping what it does not model.
func (x *CapabilityStatementSupportedMessage) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CarePlanActivity, with what it does not model.
func (x CarePlanActivity) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CarePlanActivity, keeping what it does not model.
func (x *CarePlanActivity) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CarePlanActivityDetail, with what it does not model.
func (x CarePlanActivityDetail) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CarePlanActivityDetail, keeping what it does not model.
func (x *CarePlanActivityDetail) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CareTeamParticipant, with what it does not model.
func (x CareTeamParticipant) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CareTeamParticipant, keeping what it does not model.
func (x *CareTeamParticipant) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CodeableConcept, with what it does not model.
func (x CodeableConcept) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CodeableConcept, keeping what it does not model.
func (x *CodeableConcept) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Coding, with what it does not model.
func (x Coding) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Coding, keeping what it does not model.
func (x *Coding) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ConditionEvidence, with what it does not model.
func (x ConditionEvidence) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ConditionEvidence, keeping what it does not model.
func (x *ConditionEvidence) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ConditionStage, with what it does not model.
func (x ConditionStage) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ConditionStage, keeping what it does not model.
func (x *ConditionStage) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ContactDetail, with what it does not model.
func (x ContactDetail) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ContactDetail, keeping what it does not model.
func (x *ContactDetail) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ContactPoint, with what it does not model.
func (x ContactPoint) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ContactPoint, keeping what it does not model.
func (x *ContactPoint) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Contributor, with what it does not model.
func (x Contributor) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Contributor, keeping what it does not model.
func (x *Contributor) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CoverageClass, with what it does not model.
func (x CoverageClass) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CoverageClass, keeping what it does not model.
func (x *CoverageClass) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CoverageCostException, with what it does not model.
func (x CoverageCostException) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CoverageCostException, keeping what it does not model.
func (x *CoverageCostException) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the CoverageCostToBeneficiary, with what it does not model.
func (x CoverageCostToBeneficiary) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a CoverageCostToBeneficiary, keeping what it does not model.
func (x *CoverageCostToBeneficiary) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the DataRequirement, with what it does not model.
func (x DataRequirement) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a DataRequirement, keeping what it does not model.
func (x *DataRequirement) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the DataRequirementCodeFilter, with what it does not model.
func (x DataRequirementCodeFilter) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a DataRequirementCodeFilter, keeping what it does not model.
func (x *DataRequirementCodeFilter) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the DataRequirementDateFilter, with what it does not model.
func (x DataRequirementDateFilter) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a DataRequirementDateFilter, keeping what it does not model.
func (x *DataRequirementDateFilter) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the DataRequirementSort, with what it does not model.
func (x DataRequirementSort) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a DataRequirementSort, keeping what it does not model.
func (x *DataRequirementSort) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the DeviceName, with what it does not model.
func (x DeviceName) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a DeviceName, keeping what it does not model.
func (x *DeviceName) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the DeviceProperty, with what it does not model.
func (x DeviceProperty) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a DeviceProperty, keeping what it does not model.
func (x *DeviceProperty) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the DeviceSpecialization, with what it does not model.
func (x DeviceSpecialization) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a DeviceSpecialization, keeping what it does not model.
func (x *DeviceSpecialization) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the DeviceUDICarrier, with what it does not model.
func (x DeviceUDICarrier) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a DeviceUDICarrier, keeping what it does not model.
func (x *DeviceUDICarrier) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the DeviceVersion, with what it does not model.
func (x DeviceVersion) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a DeviceVersion, keeping what it does not model.
func (x *DeviceVersion) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the DiagnosticReportMedia, with what it does not model.
func (x DiagnosticReportMedia) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a DiagnosticReportMedia, keeping what it does not model.
func (x *DiagnosticReportMedia) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the DocumentReferenceContent, with what it does not model.
func (x DocumentReferenceContent) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a DocumentReferenceContent, keeping what it does not model.
func (x *DocumentReferenceContent) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the DocumentReferenceContext, with what it does not model.
func (x DocumentReferenceContext) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a DocumentReferenceContext, keeping what it does not model.
func (x *DocumentReferenceContext) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the DocumentReferenceRelatesTo, with what it does not model.
func (x DocumentReferenceRelatesTo) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a DocumentReferenceRelatesTo, keeping what it does not model.
func (x *DocumentReferenceRelatesTo) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Dosage, with what it does not model.
func (x Dosage) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Dosage, keeping what it does not model.
func (x *Dosage) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the DosageDoseAndRate, with what it does not model.
func (x DosageDoseAndRate) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a DosageDoseAndRate, keeping what it does not model.
func (x *DosageDoseAndRate) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the EncounterClassHistory, with what it does not model.
func (x EncounterClassHistory) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a EncounterClassHistory, keeping what it does not model.
func (x *EncounterClassHistory) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the EncounterDiagnosis, with what it does not model.
func (x EncounterDiagnosis) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a EncounterDiagnosis, keeping what it does not model.
func (x *EncounterDiagnosis) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the EncounterHospitalization, with what it does not model.
func (x EncounterHospitalization) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a EncounterHospitalization, keeping what it does not model.
func (x *EncounterHospitalization) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the EncounterLocation, with what it does not model.
func (x EncounterLocation) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a EncounterLocation, keeping what it does not model.
func (x *EncounterLocation) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the EncounterParticipant, with what it does not model.
func (x EncounterParticipant) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a EncounterParticipant, keeping what it does not model.
func (x *EncounterParticipant) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the EncounterStatusHistory, with what it does not model.
func (x EncounterStatusHistory) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a EncounterStatusHistory, keeping what it does not model.
func (x *EncounterStatusHistory) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitAccident, with what it does not model.
func (x ExplanationOfBenefitAccident) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitAccident, keeping what it does not model.
func (x *ExplanationOfBenefitAccident) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitAddItem, with what it does not model.
func (x ExplanationOfBenefitAddItem) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitAddItem, keeping what it does not model.
func (x *ExplanationOfBenefitAddItem) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitAddItemDetail, with what it does not model.
func (x ExplanationOfBenefitAddItemDetail) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitAddItemDetail, keeping what it does not model.
func (x *ExplanationOfBenefitAddItemDetail) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitAddItemSubDetail, with what it does not model.
func (x ExplanationOfBenefitAddItemSubDetail) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitAddItemSubDetail, keeping what it does not model.
func (x *ExplanationOfBenefitAddItemSubDetail) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitAdjudication, with what it does not model.
func (x ExplanationOfBenefitAdjudication) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitAdjudication, keeping what it does not model.
func (x *ExplanationOfBenefitAdjudication) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitBenefitBalance, with what it does not model.
func (x ExplanationOfBenefitBenefitBalance) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitBenefitBalance, keeping what it does not model.
func (x *ExplanationOfBenefitBenefitBalance) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitCareTeam, with what it does not model.
func (x ExplanationOfBenefitCareTeam) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitCareTeam, keeping what it does not model.
func (x *ExplanationOfBenefitCareTeam) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitDiagnosis, with what it does not model.
func (x ExplanationOfBenefitDiagnosis) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitDiagnosis, keeping what it does not model.
func (x *ExplanationOfBenefitDiagnosis) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitFinancial, with what it does not model.
func (x ExplanationOfBenefitFinancial) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitFinancial, keeping what it does not model.
func (x *ExplanationOfBenefitFinancial) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitInsurance, with what it does not model.
func (x ExplanationOfBenefitInsurance) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitInsurance, keeping what it does not model.
func (x *ExplanationOfBenefitInsurance) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitItem, with what it does not model.
func (x ExplanationOfBenefitItem) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitItem, keeping what it does not model.
func (x *ExplanationOfBenefitItem) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitItemDetail, with what it does not model.
func (x ExplanationOfBenefitItemDetail) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitItemDetail, keeping what it does not model.
func (x *ExplanationOfBenefitItemDetail) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitPayee, with what it does not model.
func (x ExplanationOfBenefitPayee) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitPayee, keeping what it does not model.
func (x *ExplanationOfBenefitPayee) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitPayment, with what it does not model.
func (x ExplanationOfBenefitPayment) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitPayment, keeping what it does not model.
func (x *ExplanationOfBenefitPayment) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitProcedure, with what it does not model.
func (x ExplanationOfBenefitProcedure) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitProcedure, keeping what it does not model.
func (x *ExplanationOfBenefitProcedure) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitProcessNote, with what it does not model.
func (x ExplanationOfBenefitProcessNote) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitProcessNote, keeping what it does not model.
func (x *ExplanationOfBenefitProcessNote) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitRelated, with what it does not model.
func (x ExplanationOfBenefitRelated) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitRelated, keeping what it does not model.
func (x *ExplanationOfBenefitRelated) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitSubDetail, with what it does not model.
func (x ExplanationOfBenefitSubDetail) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitSubDetail, keeping what it does not model.
func (x *ExplanationOfBenefitSubDetail) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitSupportingInfo, with what it does not model.
func (x ExplanationOfBenefitSupportingInfo) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitSupportingInfo, keeping what it does not model.
func (x *ExplanationOfBenefitSupportingInfo) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ExplanationOfBenefitTotal, with what it does not model.
func (x ExplanationOfBenefitTotal) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ExplanationOfBenefitTotal, keeping what it does not model.
func (x *ExplanationOfBenefitTotal) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Expression, with what it does not model.
func (x Expression) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Expression, keeping what it does not model.
func (x *Expression) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Extension, with what it does not model.
func (x Extension) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Extension, keeping what it does not model.
func (x *Extension) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the GoalTarget, with what it does not model.
func (x GoalTarget) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a GoalTarget, keeping what it does not model.
func (x *GoalTarget) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the HumanName, with what it does not model.
func (x HumanName) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a HumanName, keeping what it does not model.
func (x *HumanName) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Identifier, with what it does not model.
func (x Identifier) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Identifier, keeping what it does not model.
func (x *Identifier) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ImmunizationEducation, with what it does not model.
func (x ImmunizationEducation) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ImmunizationEducation, keeping what it does not model.
func (x *ImmunizationEducation) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ImmunizationPerformer, with what it does not model.
func (x ImmunizationPerformer) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ImmunizationPerformer, keeping what it does not model.
func (x *ImmunizationPerformer) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ImmunizationProtocolApplied, with what it does not model.
func (x ImmunizationProtocolApplied) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ImmunizationProtocolApplied, keeping what it does not model.
func (x *ImmunizationProtocolApplied) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ImmunizationReaction, with what it does not model.
func (x ImmunizationReaction) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ImmunizationReaction, keeping what it does not model.
func (x *ImmunizationReaction) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the InsurancePlanBenefit, with what it does not model.
func (x InsurancePlanBenefit) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a InsurancePlanBenefit, keeping what it does not model.
func (x *InsurancePlanBenefit) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the InsurancePlanBenefitCost, with what it does not model.
func (x InsurancePlanBenefitCost) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a InsurancePlanBenefitCost, keeping what it does not model.
func (x *InsurancePlanBenefitCost) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the InsurancePlanContact, with what it does not model.
func (x InsurancePlanContact) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a InsurancePlanContact, keeping what it does not model.
func (x *InsurancePlanContact) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the InsurancePlanCoverage, with what it does not model.
func (x InsurancePlanCoverage) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a InsurancePlanCoverage, keeping what it does not model.
func (x *InsurancePlanCoverage) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the InsurancePlanGeneralCost, with what it does not model.
func (x InsurancePlanGeneralCost) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a InsurancePlanGeneralCost, keeping what it does not model.
func (x *InsurancePlanGeneralCost) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the InsurancePlanLimit, with what it does not model.
func (x InsurancePlanLimit) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a InsurancePlanLimit, keeping what it does not model.
func (x *InsurancePlanLimit) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the InsurancePlanPlan, with what it does not model.
func (x InsurancePlanPlan) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a InsurancePlanPlan, keeping what it does not model.
func (x *InsurancePlanPlan) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the InsurancePlanSpecificCost, with what it does not model.
func (x InsurancePlanSpecificCost) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a InsurancePlanSpecificCost, keeping what it does not model.
func (x *InsurancePlanSpecificCost) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the InsurancePlanSpecificCostBenefit, with what it does not model.
func (x InsurancePlanSpecificCostBenefit) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a InsurancePlanSpecificCostBenefit, keeping what it does not model.
func (x *InsurancePlanSpecificCostBenefit) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ListEntry, with what it does not model.
func (x ListEntry) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ListEntry, keeping what it does not model.
func (x *ListEntry) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the LocationHoursOfOperation, with what it does not model.
func (x LocationHoursOfOperation) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a LocationHoursOfOperation, keeping what it does not model.
func (x *LocationHoursOfOperation) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the LocationPosition, with what it does not model.
func (x LocationPosition) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a LocationPosition, keeping what it does not model.
func (x *LocationPosition) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the MedicationBatch, with what it does not model.
func (x MedicationBatch) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationBatch, keeping what it does not model.
func (x *MedicationBatch) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the MedicationIngredient, with what it does not model.
func (x MedicationIngredient) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationIngredient, keeping what it does not model.
func (x *MedicationIngredient) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the MedicationKnowledgeAdministrationGuidelines, with what it does not model.
func (x MedicationKnowledgeAdministrationGuidelines) MarshalJSON() ([]byte, error) {
	return marshal(&x)
}

// UnmarshalJSON decodes a MedicationKnowledgeAdministrationGuidelines, keeping what it does not model.
func (x *MedicationKnowledgeAdministrationGuidelines) UnmarshalJSON(b []byte) error {
	return unmarshal(b, x)
}

// MarshalJSON encodes the MedicationKnowledgeCost, with what it does not model.
func (x MedicationKnowledgeCost) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationKnowledgeCost, keeping what it does not model.
func (x *MedicationKnowledgeCost) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the MedicationKnowledgeDosage, with what it does not model.
func (x MedicationKnowledgeDosage) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationKnowledgeDosage, keeping what it does not model.
func (x *MedicationKnowledgeDosage) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the MedicationKnowledgeDrugCharacteristic, with what it does not model.
func (x MedicationKnowledgeDrugCharacteristic) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationKnowledgeDrugCharacteristic, keeping what it does not model.
func (x *MedicationKnowledgeDrugCharacteristic) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the MedicationKnowledgeIngredient, with what it does not model.
func (x MedicationKnowledgeIngredient) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationKnowledgeIngredient, keeping what it does not model.
func (x *MedicationKnowledgeIngredient) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the MedicationKnowledgeKinetics, with what it does not model.
func (x MedicationKnowledgeKinetics) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationKnowledgeKinetics, keeping what it does not model.
func (x *MedicationKnowledgeKinetics) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the MedicationKnowledgeMaxDispense, with what it does not model.
func (x MedicationKnowledgeMaxDispense) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationKnowledgeMaxDispense, keeping what it does not model.
func (x *MedicationKnowledgeMaxDispense) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the MedicationKnowledgeMedicineClassification, with what it does not model.
func (x MedicationKnowledgeMedicineClassification) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationKnowledgeMedicineClassification, keeping what it does not model.
func (x *MedicationKnowledgeMedicineClassification) UnmarshalJSON(b []byte) error {
	return unmarshal(b, x)
}

// MarshalJSON encodes the MedicationKnowledgeMonitoringProgram, with what it does not model.
func (x MedicationKnowledgeMonitoringProgram) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationKnowledgeMonitoringProgram, keeping what it does not model.
func (x *MedicationKnowledgeMonitoringProgram) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the MedicationKnowledgeMonograph, with what it does not model.
func (x MedicationKnowledgeMonograph) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationKnowledgeMonograph, keeping what it does not model.
func (x *MedicationKnowledgeMonograph) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the MedicationKnowledgePackaging, with what it does not model.
func (x MedicationKnowledgePackaging) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationKnowledgePackaging, keeping what it does not model.
func (x *MedicationKnowledgePackaging) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the MedicationKnowledgePatientCharacteristic, with what it does not model.
func (x MedicationKnowledgePatientCharacteristic) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationKnowledgePatientCharacteristic, keeping what it does not model.
func (x *MedicationKnowledgePatientCharacteristic) UnmarshalJSON(b []byte) error {
	return unmarshal(b, x)
}

// MarshalJSON encodes the MedicationKnowledgeRegulatory, with what it does not model.
func (x MedicationKnowledgeRegulatory) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationKnowledgeRegulatory, keeping what it does not model.
func (x *MedicationKnowledgeRegulatory) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the MedicationKnowledgeRelatedMedicationKnowledge, with what it does not model.
func (x MedicationKnowledgeRelatedMedicationKnowledge) MarshalJSON() ([]byte, error) {
	return marshal(&x)
}

// UnmarshalJSON decodes a MedicationKnowledgeRelatedMedicationKnowledge, keeping what it does not model.
func (x *MedicationKnowledgeRelatedMedicationKnowledge) UnmarshalJSON(b []byte) error {
	return unmarshal(b, x)
}

// MarshalJSON encodes the MedicationKnowledgeSchedule, with what it does not model.
func (x MedicationKnowledgeSchedule) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationKnowledgeSchedule, keeping what it does not model.
func (x *MedicationKnowledgeSchedule) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the MedicationKnowledgeSubstitution, with what it does not model.
func (x MedicationKnowledgeSubstitution) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationKnowledgeSubstitution, keeping what it does not model.
func (x *MedicationKnowledgeSubstitution) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the MedicationRequestDispenseRequest, with what it does not model.
func (x MedicationRequestDispenseRequest) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationRequestDispenseRequest, keeping what it does not model.
func (x *MedicationRequestDispenseRequest) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the MedicationRequestInitialFill, with what it does not model.
func (x MedicationRequestInitialFill) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationRequestInitialFill, keeping what it does not model.
func (x *MedicationRequestInitialFill) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the MedicationRequestSubstitution, with what it does not model.
func (x MedicationRequestSubstitution) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a MedicationRequestSubstitution, keeping what it does not model.
func (x *MedicationRequestSubstitution) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Meta, with what it does not model.
func (x Meta) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Meta, keeping what it does not model.
func (x *Meta) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Money, with what it does not model.
func (x Money) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Money, keeping what it does not model.
func (x *Money) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Narrative, with what it does not model.
func (x Narrative) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Narrative, keeping what it does not model.
func (x *Narrative) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ObservationComponent, with what it does not model.
func (x ObservationComponent) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ObservationComponent, keeping what it does not model.
func (x *ObservationComponent) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ObservationReferenceRange, with what it does not model.
func (x ObservationReferenceRange) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ObservationReferenceRange, keeping what it does not model.
func (x *ObservationReferenceRange) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the OperationOutcomeIssue, with what it does not model.
func (x OperationOutcomeIssue) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a OperationOutcomeIssue, keeping what it does not model.
func (x *OperationOutcomeIssue) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the OrganizationContact, with what it does not model.
func (x OrganizationContact) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a OrganizationContact, keeping what it does not model.
func (x *OrganizationContact) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ParameterDefinition, with what it does not model.
func (x ParameterDefinition) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ParameterDefinition, keeping what it does not model.
func (x *ParameterDefinition) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the PatientCommunication, with what it does not model.
func (x PatientCommunication) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a PatientCommunication, keeping what it does not model.
func (x *PatientCommunication) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the PatientContact, with what it does not model.
func (x PatientContact) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a PatientContact, keeping what it does not model.
func (x *PatientContact) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the PatientLink, with what it does not model.
func (x PatientLink) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a PatientLink, keeping what it does not model.
func (x *PatientLink) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Period, with what it does not model.
func (x Period) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Period, keeping what it does not model.
func (x *Period) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the PractitionerQualification, with what it does not model.
func (x PractitionerQualification) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a PractitionerQualification, keeping what it does not model.
func (x *PractitionerQualification) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the PractitionerRoleAvailableTime, with what it does not model.
func (x PractitionerRoleAvailableTime) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a PractitionerRoleAvailableTime, keeping what it does not model.
func (x *PractitionerRoleAvailableTime) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the PractitionerRoleNotAvailable, with what it does not model.
func (x PractitionerRoleNotAvailable) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a PractitionerRoleNotAvailable, keeping what it does not model.
func (x *PractitionerRoleNotAvailable) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ProcedureFocalDevice, with what it does not model.
func (x ProcedureFocalDevice) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ProcedureFocalDevice, keeping what it does not model.
func (x *ProcedureFocalDevice) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ProcedurePerformer, with what it does not model.
func (x ProcedurePerformer) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ProcedurePerformer, keeping what it does not model.
func (x *ProcedurePerformer) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ProvenanceAgent, with what it does not model.
func (x ProvenanceAgent) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ProvenanceAgent, keeping what it does not model.
func (x *ProvenanceAgent) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the ProvenanceEntity, with what it does not model.
func (x ProvenanceEntity) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a ProvenanceEntity, keeping what it does not model.
func (x *ProvenanceEntity) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Quantity, with what it does not model.
func (x Quantity) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Quantity, keeping what it does not model.
func (x *Quantity) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Range, with what it does not model.
func (x Range) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Range, keeping what it does not model.
func (x *Range) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Ratio, with what it does not model.
func (x Ratio) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Ratio, keeping what it does not model.
func (x *Ratio) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Reference, with what it does not model.
func (x Reference) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Reference, keeping what it does not model.
func (x *Reference) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the RelatedArtifact, with what it does not model.
func (x RelatedArtifact) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a RelatedArtifact, keeping what it does not model.
func (x *RelatedArtifact) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the SampledData, with what it does not model.
func (x SampledData) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a SampledData, keeping what it does not model.
func (x *SampledData) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Signature, with what it does not model.
func (x Signature) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Signature, keeping what it does not model.
func (x *Signature) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the Timing, with what it does not model.
func (x Timing) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a Timing, keeping what it does not model.
func (x *Timing) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the TimingRepeat, with what it does not model.
func (x TimingRepeat) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a TimingRepeat, keeping what it does not model.
func (x *TimingRepeat) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the TriggerDefinition, with what it does not model.
func (x TriggerDefinition) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a TriggerDefinition, keeping what it does not model.
func (x *TriggerDefinition) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MarshalJSON encodes the UsageContext, with what it does not model.
func (x UsageContext) MarshalJSON() ([]byte, error) { return marshal(&x) }

// UnmarshalJSON decodes a UsageContext, keeping what it does not model.
func (x *UsageContext) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }
