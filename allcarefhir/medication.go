package allcarefhir

// MedicationRequest is a prescription or medication order.
// medication[x] is a choice: MedicationCodeableConcept or
// MedicationReference (often "#id" of a contained Medication; see
// Medication).
type MedicationRequest struct {
	DomainResource
	Identifier                []Identifier                      `json:"identifier,omitempty"`
	Status                    string                            `json:"status,omitempty"`
	StatusReason              *CodeableConcept                  `json:"statusReason,omitempty"`
	Intent                    string                            `json:"intent,omitempty"`
	Category                  []CodeableConcept                 `json:"category,omitempty"`
	Priority                  string                            `json:"priority,omitempty"`
	DoNotPerform              *bool                             `json:"doNotPerform,omitempty"`
	ReportedBoolean           *bool                             `json:"reportedBoolean,omitempty"`
	ReportedReference         *Reference                        `json:"reportedReference,omitempty"`
	MedicationCodeableConcept *CodeableConcept                  `json:"medicationCodeableConcept,omitempty"`
	MedicationReference       *Reference                        `json:"medicationReference,omitempty"`
	Subject                   *Reference                        `json:"subject,omitempty"`
	Encounter                 *Reference                        `json:"encounter,omitempty"`
	SupportingInformation     []Reference                       `json:"supportingInformation,omitempty"`
	AuthoredOn                DateTime                          `json:"authoredOn,omitempty"`
	Requester                 *Reference                        `json:"requester,omitempty"`
	Performer                 *Reference                        `json:"performer,omitempty"`
	PerformerType             *CodeableConcept                  `json:"performerType,omitempty"`
	Recorder                  *Reference                        `json:"recorder,omitempty"`
	ReasonCode                []CodeableConcept                 `json:"reasonCode,omitempty"`
	ReasonReference           []Reference                       `json:"reasonReference,omitempty"`
	InstantiatesCanonical     []string                          `json:"instantiatesCanonical,omitempty"`
	InstantiatesURI           []string                          `json:"instantiatesUri,omitempty"`
	BasedOn                   []Reference                       `json:"basedOn,omitempty"`
	GroupIdentifier           *Identifier                       `json:"groupIdentifier,omitempty"`
	CourseOfTherapyType       *CodeableConcept                  `json:"courseOfTherapyType,omitempty"`
	Insurance                 []Reference                       `json:"insurance,omitempty"`
	Note                      []Annotation                      `json:"note,omitempty"`
	DosageInstruction         []Dosage                          `json:"dosageInstruction,omitempty"`
	DispenseRequest           *MedicationRequestDispenseRequest `json:"dispenseRequest,omitempty"`
	Substitution              *MedicationRequestSubstitution    `json:"substitution,omitempty"`
	PriorPrescription         *Reference                        `json:"priorPrescription,omitempty"`
	DetectedIssue             []Reference                       `json:"detectedIssue,omitempty"`
	EventHistory              []Reference                       `json:"eventHistory,omitempty"`
}

// Medication returns the medication: the contained Medication a local
// MedicationReference names, or nil (a coded medication is in
// MedicationCodeableConcept; a reference to another resource needs a read).
func (m *MedicationRequest) Medication() *Medication {
	if m == nil {
		return nil
	}
	if m.MedicationReference == nil || !m.MedicationReference.IsLocal() {
		return nil
	}
	med, _ := m.ContainedResource(m.MedicationReference.Reference).(*Medication)
	return med
}

// MedicationRequest intents (US Core requires one on every search).
const (
	IntentProposal      = "proposal"
	IntentPlan          = "plan"
	IntentOrder         = "order"
	IntentOriginalOrder = "original-order"
	IntentReflexOrder   = "reflex-order"
	IntentFillerOrder   = "filler-order"
	IntentInstanceOrder = "instance-order"
	IntentOption        = "option"
)

// MedicationRequestDispenseRequest is how the medication is to be dispensed.
type MedicationRequestDispenseRequest struct {
	BackboneElement
	InitialFill            *MedicationRequestInitialFill `json:"initialFill,omitempty"`
	DispenseInterval       *Quantity                     `json:"dispenseInterval,omitempty"`
	ValidityPeriod         *Period                       `json:"validityPeriod,omitempty"`
	NumberOfRepeatsAllowed *int                          `json:"numberOfRepeatsAllowed,omitempty"`
	Quantity               *Quantity                     `json:"quantity,omitempty"`
	ExpectedSupplyDuration *Quantity                     `json:"expectedSupplyDuration,omitempty"`
	Performer              *Reference                    `json:"performer,omitempty"`
}

// MedicationRequestInitialFill is the first fill.
type MedicationRequestInitialFill struct {
	BackboneElement
	Quantity *Quantity `json:"quantity,omitempty"`
	Duration *Quantity `json:"duration,omitempty"`
}

// MedicationRequestSubstitution says whether substitution is allowed.
type MedicationRequestSubstitution struct {
	BackboneElement
	AllowedBoolean         *bool            `json:"allowedBoolean,omitempty"`
	AllowedCodeableConcept *CodeableConcept `json:"allowedCodeableConcept,omitempty"`
	Reason                 *CodeableConcept `json:"reason,omitempty"`
}

// Medication is a drug product.
type Medication struct {
	DomainResource
	Identifier   []Identifier           `json:"identifier,omitempty"`
	Code         *CodeableConcept       `json:"code,omitempty"`
	Status       string                 `json:"status,omitempty"`
	Manufacturer *Reference             `json:"manufacturer,omitempty"`
	Form         *CodeableConcept       `json:"form,omitempty"`
	Amount       *Ratio                 `json:"amount,omitempty"`
	Ingredient   []MedicationIngredient `json:"ingredient,omitempty"`
	Batch        *MedicationBatch       `json:"batch,omitempty"`
}

// MedicationIngredient is an ingredient of a medication.
type MedicationIngredient struct {
	BackboneElement
	ItemCodeableConcept *CodeableConcept `json:"itemCodeableConcept,omitempty"`
	ItemReference       *Reference       `json:"itemReference,omitempty"`
	IsActive            *bool            `json:"isActive,omitempty"`
	Strength            *Ratio           `json:"strength,omitempty"`
}

// MedicationBatch is a packaged batch.
type MedicationBatch struct {
	BackboneElement
	LotNumber      string   `json:"lotNumber,omitempty"`
	ExpirationDate DateTime `json:"expirationDate,omitempty"`
}

// MedicationKnowledge is a drug on a formulary (US Drug Formulary STU 1.x
// usdf-FormularyDrug): its code, and the plan, tier and limits in
// extensions (see PlanID, DrugTier and the other accessors). It also has
// every R4 element of drug knowledge (monographs, dosing guidelines,
// packaging, regulatory status, kinetics).
type MedicationKnowledge struct {
	DomainResource
	Code                       *CodeableConcept                                `json:"code,omitempty"`
	Status                     string                                          `json:"status,omitempty"`
	Manufacturer               *Reference                                      `json:"manufacturer,omitempty"`
	DoseForm                   *CodeableConcept                                `json:"doseForm,omitempty"`
	Amount                     *Quantity                                       `json:"amount,omitempty"`
	Synonym                    []string                                        `json:"synonym,omitempty"`
	RelatedMedicationKnowledge []MedicationKnowledgeRelatedMedicationKnowledge `json:"relatedMedicationKnowledge,omitempty"`
	AssociatedMedication       []Reference                                     `json:"associatedMedication,omitempty"`
	ProductType                []CodeableConcept                               `json:"productType,omitempty"`
	Monograph                  []MedicationKnowledgeMonograph                  `json:"monograph,omitempty"`
	Ingredient                 []MedicationKnowledgeIngredient                 `json:"ingredient,omitempty"`
	PreparationInstruction     string                                          `json:"preparationInstruction,omitempty"`
	IntendedRoute              []CodeableConcept                               `json:"intendedRoute,omitempty"`
	Cost                       []MedicationKnowledgeCost                       `json:"cost,omitempty"`
	MonitoringProgram          []MedicationKnowledgeMonitoringProgram          `json:"monitoringProgram,omitempty"`
	AdministrationGuidelines   []MedicationKnowledgeAdministrationGuidelines   `json:"administrationGuidelines,omitempty"`
	MedicineClassification     []MedicationKnowledgeMedicineClassification     `json:"medicineClassification,omitempty"`
	Packaging                  *MedicationKnowledgePackaging                   `json:"packaging,omitempty"`
	DrugCharacteristic         []MedicationKnowledgeDrugCharacteristic         `json:"drugCharacteristic,omitempty"`
	Contraindication           []Reference                                     `json:"contraindication,omitempty"`
	Regulatory                 []MedicationKnowledgeRegulatory                 `json:"regulatory,omitempty"`
	Kinetics                   []MedicationKnowledgeKinetics                   `json:"kinetics,omitempty"`
}

// MedicationKnowledgeRelatedMedicationKnowledge is a group of related
// drugs (by type: generic equivalents, brands) given as MedicationKnowledge
// references.
type MedicationKnowledgeRelatedMedicationKnowledge struct {
	BackboneElement
	Type      *CodeableConcept `json:"type,omitempty"`
	Reference []Reference      `json:"reference,omitempty"`
}

// MedicationKnowledgeMonograph is a monograph about the drug (for
// prescribers, for patients).
type MedicationKnowledgeMonograph struct {
	BackboneElement
	Type   *CodeableConcept `json:"type,omitempty"`
	Source *Reference       `json:"source,omitempty"`
}

// MedicationKnowledgeIngredient is an ingredient of a formulary drug.
type MedicationKnowledgeIngredient struct {
	BackboneElement
	ItemCodeableConcept *CodeableConcept `json:"itemCodeableConcept,omitempty"`
	ItemReference       *Reference       `json:"itemReference,omitempty"`
	IsActive            *bool            `json:"isActive,omitempty"`
	Strength            *Ratio           `json:"strength,omitempty"`
}

// MedicationKnowledgeCost is a cost of the drug.
type MedicationKnowledgeCost struct {
	BackboneElement
	Type   *CodeableConcept `json:"type,omitempty"`
	Source string           `json:"source,omitempty"`
	Cost   *Money           `json:"cost,omitempty"`
}

// MedicationKnowledgeMonitoringProgram is a program under which the drug
// is monitored.
type MedicationKnowledgeMonitoringProgram struct {
	BackboneElement
	Type *CodeableConcept `json:"type,omitempty"`
	Name string           `json:"name,omitempty"`
}

// MedicationKnowledgeAdministrationGuidelines is how the drug is given for
// an indication. indication[x] is a choice: one field per type.
type MedicationKnowledgeAdministrationGuidelines struct {
	BackboneElement
	Dosage                    []MedicationKnowledgeDosage                `json:"dosage,omitempty"`
	IndicationCodeableConcept *CodeableConcept                           `json:"indicationCodeableConcept,omitempty"`
	IndicationReference       *Reference                                 `json:"indicationReference,omitempty"`
	PatientCharacteristics    []MedicationKnowledgePatientCharacteristic `json:"patientCharacteristics,omitempty"`
}

// MedicationKnowledgeDosage is a dosage of a guideline, by type (loading,
// maintenance).
type MedicationKnowledgeDosage struct {
	BackboneElement
	Type   *CodeableConcept `json:"type,omitempty"`
	Dosage []Dosage         `json:"dosage,omitempty"`
}

// MedicationKnowledgePatientCharacteristic is a patient characteristic a
// guideline depends on (age, weight, renal function).
// characteristic[x] is a choice: one field per type.
type MedicationKnowledgePatientCharacteristic struct {
	BackboneElement
	CharacteristicCodeableConcept *CodeableConcept `json:"characteristicCodeableConcept,omitempty"`
	CharacteristicQuantity        *Quantity        `json:"characteristicQuantity,omitempty"`
	Value                         []string         `json:"value,omitempty"`
}

// MedicationKnowledgeMedicineClassification is a classification of the
// drug (therapeutic class, chemical class).
type MedicationKnowledgeMedicineClassification struct {
	BackboneElement
	Type           *CodeableConcept  `json:"type,omitempty"`
	Classification []CodeableConcept `json:"classification,omitempty"`
}

// MedicationKnowledgePackaging is how the drug is packaged (a 10 mL vial).
type MedicationKnowledgePackaging struct {
	BackboneElement
	Type     *CodeableConcept `json:"type,omitempty"`
	Quantity *Quantity        `json:"quantity,omitempty"`
}

// MedicationKnowledgeDrugCharacteristic is a physical characteristic of
// the drug (imprint, color, size, image). value[x] is a choice: one field
// per type; Value returns the one set.
type MedicationKnowledgeDrugCharacteristic struct {
	BackboneElement
	Type                 *CodeableConcept `json:"type,omitempty"`
	ValueCodeableConcept *CodeableConcept `json:"valueCodeableConcept,omitempty"`
	ValueString          string           `json:"valueString,omitempty"`
	ValueQuantity        *Quantity        `json:"valueQuantity,omitempty"`
	// ValueBase64Binary is base64-encoded (an image).
	ValueBase64Binary string `json:"valueBase64Binary,omitempty"`
}

// Value returns the value[x] that is set and its JSON name
// ("valueString"), or nil and "".
func (c *MedicationKnowledgeDrugCharacteristic) Value() (any, string) {
	return choiceValue(c, "value")
}

// MedicationKnowledgeRegulatory is the drug's regulatory status under one
// authority.
type MedicationKnowledgeRegulatory struct {
	BackboneElement
	RegulatoryAuthority *Reference                        `json:"regulatoryAuthority,omitempty"`
	Substitution        []MedicationKnowledgeSubstitution `json:"substitution,omitempty"`
	Schedule            []MedicationKnowledgeSchedule     `json:"schedule,omitempty"`
	MaxDispense         *MedicationKnowledgeMaxDispense   `json:"maxDispense,omitempty"`
}

// MedicationKnowledgeSubstitution says whether a type of substitution is
// allowed.
type MedicationKnowledgeSubstitution struct {
	BackboneElement
	Type    *CodeableConcept `json:"type,omitempty"`
	Allowed *bool            `json:"allowed,omitempty"`
}

// MedicationKnowledgeSchedule is a regulatory schedule of the drug.
type MedicationKnowledgeSchedule struct {
	BackboneElement
	Schedule *CodeableConcept `json:"schedule,omitempty"`
}

// MedicationKnowledgeMaxDispense is the most that may be dispensed, per
// period.
type MedicationKnowledgeMaxDispense struct {
	BackboneElement
	Quantity *Quantity `json:"quantity,omitempty"`
	Period   *Quantity `json:"period,omitempty"`
}

// MedicationKnowledgeKinetics is how the body processes the drug.
type MedicationKnowledgeKinetics struct {
	BackboneElement
	AreaUnderCurve []Quantity `json:"areaUnderCurve,omitempty"`
	LethalDose50   []Quantity `json:"lethalDose50,omitempty"`
	HalfLifePeriod *Quantity  `json:"halfLifePeriod,omitempty"`
}

// US Drug Formulary STU 1.x extension URLs.
const (
	ExtFormularyPlanID             = "http://hl7.org/fhir/us/davinci-drug-formulary/StructureDefinition/usdf-PlanID-extension"
	ExtFormularyDrugTierID         = "http://hl7.org/fhir/us/davinci-drug-formulary/StructureDefinition/usdf-DrugTierID-extension"
	ExtFormularyPriorAuthorization = "http://hl7.org/fhir/us/davinci-drug-formulary/StructureDefinition/usdf-PriorAuthorization-extension"
	ExtFormularyStepTherapyLimit   = "http://hl7.org/fhir/us/davinci-drug-formulary/StructureDefinition/usdf-StepTherapyLimit-extension"
	ExtFormularyQuantityLimit      = "http://hl7.org/fhir/us/davinci-drug-formulary/StructureDefinition/usdf-QuantityLimit-extension"
)

// PlanID returns the formulary plan id (usdf-PlanID-extension), the value
// a drugplan search matches.
func (m *MedicationKnowledge) PlanID() string {
	if m == nil {
		return ""
	}
	if x := FindExtension(m.Extension, ExtFormularyPlanID); x != nil {
		return x.ValueString
	}
	return ""
}

// DrugTier returns the drug tier (usdf-DrugTierID-extension: generic,
// preferred-generic, brand, preferred-brand, specialty, ...), or nil.
func (m *MedicationKnowledge) DrugTier() *CodeableConcept {
	if m == nil {
		return nil
	}
	if x := FindExtension(m.Extension, ExtFormularyDrugTierID); x != nil {
		return x.ValueCodeableConcept
	}
	return nil
}

// PriorAuthorization reports the prior authorization flag (nil when absent).
func (m *MedicationKnowledge) PriorAuthorization() *bool {
	if m == nil {
		return nil
	}
	return boolExt(m.Extension, ExtFormularyPriorAuthorization)
}

// StepTherapyLimit reports the step therapy flag (nil when absent).
func (m *MedicationKnowledge) StepTherapyLimit() *bool {
	if m == nil {
		return nil
	}
	return boolExt(m.Extension, ExtFormularyStepTherapyLimit)
}

// QuantityLimit reports the quantity limit flag (nil when absent).
func (m *MedicationKnowledge) QuantityLimit() *bool {
	if m == nil {
		return nil
	}
	return boolExt(m.Extension, ExtFormularyQuantityLimit)
}

func boolExt(exts []Extension, url string) *bool {
	if x := FindExtension(exts, url); x != nil {
		return x.ValueBoolean
	}
	return nil
}

// List is a list of resources; the US Drug Formulary STU 1.x CoveragePlan
// (code DRUGPOL) is one.
type List struct {
	DomainResource
	Identifier  []Identifier     `json:"identifier,omitempty"`
	Status      string           `json:"status,omitempty"`
	Mode        string           `json:"mode,omitempty"`
	Title       string           `json:"title,omitempty"`
	Code        *CodeableConcept `json:"code,omitempty"`
	Subject     *Reference       `json:"subject,omitempty"`
	Encounter   *Reference       `json:"encounter,omitempty"`
	Date        DateTime         `json:"date,omitempty"`
	Source      *Reference       `json:"source,omitempty"`
	OrderedBy   *CodeableConcept `json:"orderedBy,omitempty"`
	Note        []Annotation     `json:"note,omitempty"`
	Entry       []ListEntry      `json:"entry,omitempty"`
	EmptyReason *CodeableConcept `json:"emptyReason,omitempty"`
}

// ListEntry is an item of a list.
type ListEntry struct {
	BackboneElement
	Flag    *CodeableConcept `json:"flag,omitempty"`
	Deleted *bool            `json:"deleted,omitempty"`
	Date    DateTime         `json:"date,omitempty"`
	Item    *Reference       `json:"item,omitempty"`
}
