package allcarefhir

// US Core clinical resources. Every field can be PHI.

// Encounter is an interaction between the patient and providers.
type Encounter struct {
	DomainResource
	Identifier      []Identifier              `json:"identifier,omitempty"`
	Status          string                    `json:"status,omitempty"`
	StatusHistory   []EncounterStatusHistory  `json:"statusHistory,omitempty"`
	Class           *Coding                   `json:"class,omitempty"`
	ClassHistory    []EncounterClassHistory   `json:"classHistory,omitempty"`
	Type            []CodeableConcept         `json:"type,omitempty"`
	ServiceType     *CodeableConcept          `json:"serviceType,omitempty"`
	Priority        *CodeableConcept          `json:"priority,omitempty"`
	Subject         *Reference                `json:"subject,omitempty"`
	EpisodeOfCare   []Reference               `json:"episodeOfCare,omitempty"`
	BasedOn         []Reference               `json:"basedOn,omitempty"`
	Participant     []EncounterParticipant    `json:"participant,omitempty"`
	Appointment     []Reference               `json:"appointment,omitempty"`
	Period          *Period                   `json:"period,omitempty"`
	Length          *Quantity                 `json:"length,omitempty"`
	ReasonCode      []CodeableConcept         `json:"reasonCode,omitempty"`
	ReasonReference []Reference               `json:"reasonReference,omitempty"`
	Diagnosis       []EncounterDiagnosis      `json:"diagnosis,omitempty"`
	Account         []Reference               `json:"account,omitempty"`
	Hospitalization *EncounterHospitalization `json:"hospitalization,omitempty"`
	Location        []EncounterLocation       `json:"location,omitempty"`
	ServiceProvider *Reference                `json:"serviceProvider,omitempty"`
	PartOf          *Reference                `json:"partOf,omitempty"`
}

// EncounterStatusHistory is a status the encounter had, and when.
type EncounterStatusHistory struct {
	BackboneElement
	Status string  `json:"status,omitempty"`
	Period *Period `json:"period,omitempty"`
}

// EncounterClassHistory is a class the encounter had (inpatient,
// ambulatory), and when.
type EncounterClassHistory struct {
	BackboneElement
	Class  *Coding `json:"class,omitempty"`
	Period *Period `json:"period,omitempty"`
}

// EncounterParticipant is a person involved in an encounter.
type EncounterParticipant struct {
	BackboneElement
	Type       []CodeableConcept `json:"type,omitempty"`
	Period     *Period           `json:"period,omitempty"`
	Individual *Reference        `json:"individual,omitempty"`
}

// EncounterDiagnosis is a diagnosis relevant to an encounter.
type EncounterDiagnosis struct {
	BackboneElement
	Condition *Reference       `json:"condition,omitempty"`
	Use       *CodeableConcept `json:"use,omitempty"`
	Rank      *int             `json:"rank,omitempty"`
}

// EncounterHospitalization describes an admission.
type EncounterHospitalization struct {
	BackboneElement
	PreAdmissionIdentifier *Identifier       `json:"preAdmissionIdentifier,omitempty"`
	Origin                 *Reference        `json:"origin,omitempty"`
	AdmitSource            *CodeableConcept  `json:"admitSource,omitempty"`
	ReAdmission            *CodeableConcept  `json:"reAdmission,omitempty"`
	DietPreference         []CodeableConcept `json:"dietPreference,omitempty"`
	SpecialCourtesy        []CodeableConcept `json:"specialCourtesy,omitempty"`
	SpecialArrangement     []CodeableConcept `json:"specialArrangement,omitempty"`
	Destination            *Reference        `json:"destination,omitempty"`
	DischargeDisposition   *CodeableConcept  `json:"dischargeDisposition,omitempty"`
}

// EncounterLocation is where the patient was during an encounter.
type EncounterLocation struct {
	BackboneElement
	Location     *Reference       `json:"location,omitempty"`
	Status       string           `json:"status,omitempty"`
	PhysicalType *CodeableConcept `json:"physicalType,omitempty"`
	Period       *Period          `json:"period,omitempty"`
}

// Condition is a problem or diagnosis. onset[x] and abatement[x] are
// choices: one field per type.
type Condition struct {
	DomainResource
	Identifier         []Identifier        `json:"identifier,omitempty"`
	ClinicalStatus     *CodeableConcept    `json:"clinicalStatus,omitempty"`
	VerificationStatus *CodeableConcept    `json:"verificationStatus,omitempty"`
	Category           []CodeableConcept   `json:"category,omitempty"`
	Severity           *CodeableConcept    `json:"severity,omitempty"`
	Code               *CodeableConcept    `json:"code,omitempty"`
	BodySite           []CodeableConcept   `json:"bodySite,omitempty"`
	Subject            *Reference          `json:"subject,omitempty"`
	Encounter          *Reference          `json:"encounter,omitempty"`
	OnsetDateTime      DateTime            `json:"onsetDateTime,omitempty"`
	OnsetAge           *Quantity           `json:"onsetAge,omitempty"`
	OnsetPeriod        *Period             `json:"onsetPeriod,omitempty"`
	OnsetRange         *Range              `json:"onsetRange,omitempty"`
	OnsetString        string              `json:"onsetString,omitempty"`
	AbatementDateTime  DateTime            `json:"abatementDateTime,omitempty"`
	AbatementAge       *Quantity           `json:"abatementAge,omitempty"`
	AbatementPeriod    *Period             `json:"abatementPeriod,omitempty"`
	AbatementRange     *Range              `json:"abatementRange,omitempty"`
	AbatementString    string              `json:"abatementString,omitempty"`
	RecordedDate       DateTime            `json:"recordedDate,omitempty"`
	Recorder           *Reference          `json:"recorder,omitempty"`
	Asserter           *Reference          `json:"asserter,omitempty"`
	Stage              []ConditionStage    `json:"stage,omitempty"`
	Evidence           []ConditionEvidence `json:"evidence,omitempty"`
	Note               []Annotation        `json:"note,omitempty"`
}

// ConditionStage is a stage or grade of the condition, usually assessed
// formally.
type ConditionStage struct {
	BackboneElement
	Summary    *CodeableConcept `json:"summary,omitempty"`
	Assessment []Reference      `json:"assessment,omitempty"`
	Type       *CodeableConcept `json:"type,omitempty"`
}

// ConditionEvidence is a manifestation or symptom that supports the
// condition.
type ConditionEvidence struct {
	BackboneElement
	Code   []CodeableConcept `json:"code,omitempty"`
	Detail []Reference       `json:"detail,omitempty"`
}

// Observation is a measurement or assertion: vital signs, laboratory
// results, social history. value[x] and effective[x] are choices: one field
// per type; Value returns the one set.
type Observation struct {
	DomainResource
	Identifier           []Identifier                `json:"identifier,omitempty"`
	BasedOn              []Reference                 `json:"basedOn,omitempty"`
	PartOf               []Reference                 `json:"partOf,omitempty"`
	Status               string                      `json:"status,omitempty"`
	Category             []CodeableConcept           `json:"category,omitempty"`
	Code                 *CodeableConcept            `json:"code,omitempty"`
	Subject              *Reference                  `json:"subject,omitempty"`
	Focus                []Reference                 `json:"focus,omitempty"`
	Encounter            *Reference                  `json:"encounter,omitempty"`
	EffectiveDateTime    DateTime                    `json:"effectiveDateTime,omitempty"`
	EffectivePeriod      *Period                     `json:"effectivePeriod,omitempty"`
	EffectiveTiming      *Timing                     `json:"effectiveTiming,omitempty"`
	EffectiveInstant     Instant                     `json:"effectiveInstant,omitempty"`
	Issued               Instant                     `json:"issued,omitempty"`
	Performer            []Reference                 `json:"performer,omitempty"`
	ValueQuantity        *Quantity                   `json:"valueQuantity,omitempty"`
	ValueCodeableConcept *CodeableConcept            `json:"valueCodeableConcept,omitempty"`
	ValueString          string                      `json:"valueString,omitempty"`
	ValueBoolean         *bool                       `json:"valueBoolean,omitempty"`
	ValueInteger         *int                        `json:"valueInteger,omitempty"`
	ValueRange           *Range                      `json:"valueRange,omitempty"`
	ValueRatio           *Ratio                      `json:"valueRatio,omitempty"`
	ValueSampledData     *SampledData                `json:"valueSampledData,omitempty"`
	ValueTime            string                      `json:"valueTime,omitempty"`
	ValueDateTime        DateTime                    `json:"valueDateTime,omitempty"`
	ValuePeriod          *Period                     `json:"valuePeriod,omitempty"`
	DataAbsentReason     *CodeableConcept            `json:"dataAbsentReason,omitempty"`
	Interpretation       []CodeableConcept           `json:"interpretation,omitempty"`
	Note                 []Annotation                `json:"note,omitempty"`
	BodySite             *CodeableConcept            `json:"bodySite,omitempty"`
	Method               *CodeableConcept            `json:"method,omitempty"`
	Specimen             *Reference                  `json:"specimen,omitempty"`
	Device               *Reference                  `json:"device,omitempty"`
	ReferenceRange       []ObservationReferenceRange `json:"referenceRange,omitempty"`
	HasMember            []Reference                 `json:"hasMember,omitempty"`
	DerivedFrom          []Reference                 `json:"derivedFrom,omitempty"`
	Component            []ObservationComponent      `json:"component,omitempty"`
}

// Value returns the value[x] that is set and its JSON name
// ("valueQuantity"), or nil and "".
func (o *Observation) Value() (any, string) { return choiceValue(o, "value") }

// Observation categories (http://terminology.hl7.org/CodeSystem/observation-category).
const (
	ObservationCategoryLaboratory    = "laboratory"
	ObservationCategoryVitalSigns    = "vital-signs"
	ObservationCategorySocialHistory = "social-history"
	ObservationCategorySurvey        = "survey"
	ObservationCategoryExam          = "exam"
	ObservationCategoryImaging       = "imaging"
	ObservationCategoryProcedure     = "procedure"
	ObservationCategoryTherapy       = "therapy"
	ObservationCategoryActivity      = "activity"
)

// ObservationReferenceRange is a normal or recommended range.
type ObservationReferenceRange struct {
	BackboneElement
	Low       *Quantity         `json:"low,omitempty"`
	High      *Quantity         `json:"high,omitempty"`
	Type      *CodeableConcept  `json:"type,omitempty"`
	AppliesTo []CodeableConcept `json:"appliesTo,omitempty"`
	Age       *Range            `json:"age,omitempty"`
	Text      string            `json:"text,omitempty"`
}

// ObservationComponent is one part of a panel (systolic and diastolic
// blood pressure).
type ObservationComponent struct {
	BackboneElement
	Code                 *CodeableConcept            `json:"code,omitempty"`
	ValueQuantity        *Quantity                   `json:"valueQuantity,omitempty"`
	ValueCodeableConcept *CodeableConcept            `json:"valueCodeableConcept,omitempty"`
	ValueString          string                      `json:"valueString,omitempty"`
	ValueBoolean         *bool                       `json:"valueBoolean,omitempty"`
	ValueInteger         *int                        `json:"valueInteger,omitempty"`
	ValueRange           *Range                      `json:"valueRange,omitempty"`
	ValueRatio           *Ratio                      `json:"valueRatio,omitempty"`
	ValueSampledData     *SampledData                `json:"valueSampledData,omitempty"`
	ValueTime            string                      `json:"valueTime,omitempty"`
	ValueDateTime        DateTime                    `json:"valueDateTime,omitempty"`
	ValuePeriod          *Period                     `json:"valuePeriod,omitempty"`
	DataAbsentReason     *CodeableConcept            `json:"dataAbsentReason,omitempty"`
	Interpretation       []CodeableConcept           `json:"interpretation,omitempty"`
	ReferenceRange       []ObservationReferenceRange `json:"referenceRange,omitempty"`
}

// Value returns the value[x] that is set and its JSON name.
func (c *ObservationComponent) Value() (any, string) { return choiceValue(c, "value") }

// AllergyIntolerance is an allergy or intolerance.
type AllergyIntolerance struct {
	DomainResource
	Identifier         []Identifier                 `json:"identifier,omitempty"`
	ClinicalStatus     *CodeableConcept             `json:"clinicalStatus,omitempty"`
	VerificationStatus *CodeableConcept             `json:"verificationStatus,omitempty"`
	Type               string                       `json:"type,omitempty"`
	Category           []string                     `json:"category,omitempty"`
	Criticality        string                       `json:"criticality,omitempty"`
	Code               *CodeableConcept             `json:"code,omitempty"`
	Patient            *Reference                   `json:"patient,omitempty"`
	Encounter          *Reference                   `json:"encounter,omitempty"`
	OnsetDateTime      DateTime                     `json:"onsetDateTime,omitempty"`
	OnsetAge           *Quantity                    `json:"onsetAge,omitempty"`
	OnsetPeriod        *Period                      `json:"onsetPeriod,omitempty"`
	OnsetRange         *Range                       `json:"onsetRange,omitempty"`
	OnsetString        string                       `json:"onsetString,omitempty"`
	RecordedDate       DateTime                     `json:"recordedDate,omitempty"`
	Recorder           *Reference                   `json:"recorder,omitempty"`
	Asserter           *Reference                   `json:"asserter,omitempty"`
	LastOccurrence     DateTime                     `json:"lastOccurrence,omitempty"`
	Note               []Annotation                 `json:"note,omitempty"`
	Reaction           []AllergyIntoleranceReaction `json:"reaction,omitempty"`
}

// AllergyIntoleranceReaction is an adverse reaction event.
type AllergyIntoleranceReaction struct {
	BackboneElement
	Substance     *CodeableConcept  `json:"substance,omitempty"`
	Manifestation []CodeableConcept `json:"manifestation,omitempty"`
	Description   string            `json:"description,omitempty"`
	Onset         DateTime          `json:"onset,omitempty"`
	Severity      string            `json:"severity,omitempty"`
	ExposureRoute *CodeableConcept  `json:"exposureRoute,omitempty"`
	Note          []Annotation      `json:"note,omitempty"`
}

// Immunization is a vaccination given or reported.
type Immunization struct {
	DomainResource
	Identifier         []Identifier                  `json:"identifier,omitempty"`
	Status             string                        `json:"status,omitempty"`
	StatusReason       *CodeableConcept              `json:"statusReason,omitempty"`
	VaccineCode        *CodeableConcept              `json:"vaccineCode,omitempty"`
	Patient            *Reference                    `json:"patient,omitempty"`
	Encounter          *Reference                    `json:"encounter,omitempty"`
	OccurrenceDateTime DateTime                      `json:"occurrenceDateTime,omitempty"`
	OccurrenceString   string                        `json:"occurrenceString,omitempty"`
	Recorded           DateTime                      `json:"recorded,omitempty"`
	PrimarySource      *bool                         `json:"primarySource,omitempty"`
	ReportOrigin       *CodeableConcept              `json:"reportOrigin,omitempty"`
	Location           *Reference                    `json:"location,omitempty"`
	Manufacturer       *Reference                    `json:"manufacturer,omitempty"`
	LotNumber          string                        `json:"lotNumber,omitempty"`
	ExpirationDate     Date                          `json:"expirationDate,omitempty"`
	Site               *CodeableConcept              `json:"site,omitempty"`
	Route              *CodeableConcept              `json:"route,omitempty"`
	DoseQuantity       *Quantity                     `json:"doseQuantity,omitempty"`
	Performer          []ImmunizationPerformer       `json:"performer,omitempty"`
	Note               []Annotation                  `json:"note,omitempty"`
	ReasonCode         []CodeableConcept             `json:"reasonCode,omitempty"`
	ReasonReference    []Reference                   `json:"reasonReference,omitempty"`
	IsSubpotent        *bool                         `json:"isSubpotent,omitempty"`
	SubpotentReason    []CodeableConcept             `json:"subpotentReason,omitempty"`
	Education          []ImmunizationEducation       `json:"education,omitempty"`
	ProgramEligibility []CodeableConcept             `json:"programEligibility,omitempty"`
	FundingSource      *CodeableConcept              `json:"fundingSource,omitempty"`
	Reaction           []ImmunizationReaction        `json:"reaction,omitempty"`
	ProtocolApplied    []ImmunizationProtocolApplied `json:"protocolApplied,omitempty"`
}

// ImmunizationPerformer is who performed the vaccination.
type ImmunizationPerformer struct {
	BackboneElement
	Function *CodeableConcept `json:"function,omitempty"`
	Actor    *Reference       `json:"actor,omitempty"`
}

// ImmunizationEducation is educational material given.
type ImmunizationEducation struct {
	BackboneElement
	DocumentType     string   `json:"documentType,omitempty"`
	Reference        string   `json:"reference,omitempty"`
	PublicationDate  DateTime `json:"publicationDate,omitempty"`
	PresentationDate DateTime `json:"presentationDate,omitempty"`
}

// ImmunizationReaction is a reaction after the vaccination.
type ImmunizationReaction struct {
	BackboneElement
	Date     DateTime   `json:"date,omitempty"`
	Detail   *Reference `json:"detail,omitempty"`
	Reported *bool      `json:"reported,omitempty"`
}

// ImmunizationProtocolApplied is the dose of a series.
type ImmunizationProtocolApplied struct {
	BackboneElement
	Series                 string            `json:"series,omitempty"`
	Authority              *Reference        `json:"authority,omitempty"`
	TargetDisease          []CodeableConcept `json:"targetDisease,omitempty"`
	DoseNumberPositiveInt  *int              `json:"doseNumberPositiveInt,omitempty"`
	DoseNumberString       string            `json:"doseNumberString,omitempty"`
	SeriesDosesPositiveInt *int              `json:"seriesDosesPositiveInt,omitempty"`
	SeriesDosesString      string            `json:"seriesDosesString,omitempty"`
}

// Procedure is an action performed on the patient.
type Procedure struct {
	DomainResource
	Identifier            []Identifier           `json:"identifier,omitempty"`
	InstantiatesCanonical []string               `json:"instantiatesCanonical,omitempty"`
	InstantiatesURI       []string               `json:"instantiatesUri,omitempty"`
	BasedOn               []Reference            `json:"basedOn,omitempty"`
	PartOf                []Reference            `json:"partOf,omitempty"`
	Status                string                 `json:"status,omitempty"`
	StatusReason          *CodeableConcept       `json:"statusReason,omitempty"`
	Category              *CodeableConcept       `json:"category,omitempty"`
	Code                  *CodeableConcept       `json:"code,omitempty"`
	Subject               *Reference             `json:"subject,omitempty"`
	Encounter             *Reference             `json:"encounter,omitempty"`
	PerformedDateTime     DateTime               `json:"performedDateTime,omitempty"`
	PerformedPeriod       *Period                `json:"performedPeriod,omitempty"`
	PerformedString       string                 `json:"performedString,omitempty"`
	PerformedAge          *Quantity              `json:"performedAge,omitempty"`
	PerformedRange        *Range                 `json:"performedRange,omitempty"`
	Recorder              *Reference             `json:"recorder,omitempty"`
	Asserter              *Reference             `json:"asserter,omitempty"`
	Performer             []ProcedurePerformer   `json:"performer,omitempty"`
	Location              *Reference             `json:"location,omitempty"`
	ReasonCode            []CodeableConcept      `json:"reasonCode,omitempty"`
	ReasonReference       []Reference            `json:"reasonReference,omitempty"`
	BodySite              []CodeableConcept      `json:"bodySite,omitempty"`
	Outcome               *CodeableConcept       `json:"outcome,omitempty"`
	Report                []Reference            `json:"report,omitempty"`
	Complication          []CodeableConcept      `json:"complication,omitempty"`
	ComplicationDetail    []Reference            `json:"complicationDetail,omitempty"`
	FollowUp              []CodeableConcept      `json:"followUp,omitempty"`
	Note                  []Annotation           `json:"note,omitempty"`
	FocalDevice           []ProcedureFocalDevice `json:"focalDevice,omitempty"`
	UsedReference         []Reference            `json:"usedReference,omitempty"`
	UsedCode              []CodeableConcept      `json:"usedCode,omitempty"`
}

// ProcedurePerformer is who performed the procedure.
type ProcedurePerformer struct {
	BackboneElement
	Function   *CodeableConcept `json:"function,omitempty"`
	Actor      *Reference       `json:"actor,omitempty"`
	OnBehalfOf *Reference       `json:"onBehalfOf,omitempty"`
}

// ProcedureFocalDevice is a device implanted, removed or otherwise
// manipulated by the procedure.
type ProcedureFocalDevice struct {
	BackboneElement
	Action      *CodeableConcept `json:"action,omitempty"`
	Manipulated *Reference       `json:"manipulated,omitempty"`
}

// DiagnosticReport is a set of results (laboratory, imaging) with their
// interpretation.
type DiagnosticReport struct {
	DomainResource
	Identifier         []Identifier            `json:"identifier,omitempty"`
	BasedOn            []Reference             `json:"basedOn,omitempty"`
	Status             string                  `json:"status,omitempty"`
	Category           []CodeableConcept       `json:"category,omitempty"`
	Code               *CodeableConcept        `json:"code,omitempty"`
	Subject            *Reference              `json:"subject,omitempty"`
	Encounter          *Reference              `json:"encounter,omitempty"`
	EffectiveDateTime  DateTime                `json:"effectiveDateTime,omitempty"`
	EffectivePeriod    *Period                 `json:"effectivePeriod,omitempty"`
	Issued             Instant                 `json:"issued,omitempty"`
	Performer          []Reference             `json:"performer,omitempty"`
	ResultsInterpreter []Reference             `json:"resultsInterpreter,omitempty"`
	Specimen           []Reference             `json:"specimen,omitempty"`
	Result             []Reference             `json:"result,omitempty"`
	ImagingStudy       []Reference             `json:"imagingStudy,omitempty"`
	Media              []DiagnosticReportMedia `json:"media,omitempty"`
	Conclusion         string                  `json:"conclusion,omitempty"`
	ConclusionCode     []CodeableConcept       `json:"conclusionCode,omitempty"`
	PresentedForm      []Attachment            `json:"presentedForm,omitempty"`
}

// DiagnosticReportMedia is a key image of the report, with a comment.
type DiagnosticReportMedia struct {
	BackboneElement
	Comment string     `json:"comment,omitempty"`
	Link    *Reference `json:"link,omitempty"`
}

// DocumentReference is a clinical document or note.
type DocumentReference struct {
	DomainResource
	MasterIdentifier *Identifier                  `json:"masterIdentifier,omitempty"`
	Identifier       []Identifier                 `json:"identifier,omitempty"`
	Status           string                       `json:"status,omitempty"`
	DocStatus        string                       `json:"docStatus,omitempty"`
	Type             *CodeableConcept             `json:"type,omitempty"`
	Category         []CodeableConcept            `json:"category,omitempty"`
	Subject          *Reference                   `json:"subject,omitempty"`
	Date             Instant                      `json:"date,omitempty"`
	Author           []Reference                  `json:"author,omitempty"`
	Authenticator    *Reference                   `json:"authenticator,omitempty"`
	Custodian        *Reference                   `json:"custodian,omitempty"`
	RelatesTo        []DocumentReferenceRelatesTo `json:"relatesTo,omitempty"`
	Description      string                       `json:"description,omitempty"`
	SecurityLabel    []CodeableConcept            `json:"securityLabel,omitempty"`
	Content          []DocumentReferenceContent   `json:"content,omitempty"`
	Context          *DocumentReferenceContext    `json:"context,omitempty"`
}

// DocumentReferenceRelatesTo relates the document to another.
type DocumentReferenceRelatesTo struct {
	BackboneElement
	Code   string     `json:"code,omitempty"`
	Target *Reference `json:"target,omitempty"`
}

// DocumentReferenceContent is the document's content and format.
type DocumentReferenceContent struct {
	BackboneElement
	Attachment *Attachment `json:"attachment,omitempty"`
	Format     *Coding     `json:"format,omitempty"`
}

// DocumentReferenceContext is the clinical context of the document.
type DocumentReferenceContext struct {
	BackboneElement
	Encounter         []Reference       `json:"encounter,omitempty"`
	Event             []CodeableConcept `json:"event,omitempty"`
	Period            *Period           `json:"period,omitempty"`
	FacilityType      *CodeableConcept  `json:"facilityType,omitempty"`
	PracticeSetting   *CodeableConcept  `json:"practiceSetting,omitempty"`
	SourcePatientInfo *Reference        `json:"sourcePatientInfo,omitempty"`
	Related           []Reference       `json:"related,omitempty"`
}

// CarePlan is a plan of care.
type CarePlan struct {
	DomainResource
	Identifier            []Identifier       `json:"identifier,omitempty"`
	InstantiatesCanonical []string           `json:"instantiatesCanonical,omitempty"`
	InstantiatesURI       []string           `json:"instantiatesUri,omitempty"`
	BasedOn               []Reference        `json:"basedOn,omitempty"`
	Replaces              []Reference        `json:"replaces,omitempty"`
	PartOf                []Reference        `json:"partOf,omitempty"`
	Status                string             `json:"status,omitempty"`
	Intent                string             `json:"intent,omitempty"`
	Category              []CodeableConcept  `json:"category,omitempty"`
	Title                 string             `json:"title,omitempty"`
	Description           string             `json:"description,omitempty"`
	Subject               *Reference         `json:"subject,omitempty"`
	Encounter             *Reference         `json:"encounter,omitempty"`
	Period                *Period            `json:"period,omitempty"`
	Created               DateTime           `json:"created,omitempty"`
	Author                *Reference         `json:"author,omitempty"`
	Contributor           []Reference        `json:"contributor,omitempty"`
	CareTeam              []Reference        `json:"careTeam,omitempty"`
	Addresses             []Reference        `json:"addresses,omitempty"`
	SupportingInfo        []Reference        `json:"supportingInfo,omitempty"`
	Goal                  []Reference        `json:"goal,omitempty"`
	Activity              []CarePlanActivity `json:"activity,omitempty"`
	Note                  []Annotation       `json:"note,omitempty"`
}

// CarePlanActivity is an action in a care plan: a reference to a request
// (Reference) or the action described inline (Detail).
type CarePlanActivity struct {
	BackboneElement
	OutcomeCodeableConcept []CodeableConcept       `json:"outcomeCodeableConcept,omitempty"`
	OutcomeReference       []Reference             `json:"outcomeReference,omitempty"`
	Progress               []Annotation            `json:"progress,omitempty"`
	Reference              *Reference              `json:"reference,omitempty"`
	Detail                 *CarePlanActivityDetail `json:"detail,omitempty"`
}

// CarePlanActivityDetail is a planned action described in the care plan
// itself. scheduled[x] and product[x] are choices: one field per type.
type CarePlanActivityDetail struct {
	BackboneElement
	Kind                   string            `json:"kind,omitempty"`
	InstantiatesCanonical  []string          `json:"instantiatesCanonical,omitempty"`
	InstantiatesURI        []string          `json:"instantiatesUri,omitempty"`
	Code                   *CodeableConcept  `json:"code,omitempty"`
	ReasonCode             []CodeableConcept `json:"reasonCode,omitempty"`
	ReasonReference        []Reference       `json:"reasonReference,omitempty"`
	Goal                   []Reference       `json:"goal,omitempty"`
	Status                 string            `json:"status,omitempty"`
	StatusReason           *CodeableConcept  `json:"statusReason,omitempty"`
	DoNotPerform           *bool             `json:"doNotPerform,omitempty"`
	ScheduledTiming        *Timing           `json:"scheduledTiming,omitempty"`
	ScheduledPeriod        *Period           `json:"scheduledPeriod,omitempty"`
	ScheduledString        string            `json:"scheduledString,omitempty"`
	Location               *Reference        `json:"location,omitempty"`
	Performer              []Reference       `json:"performer,omitempty"`
	ProductCodeableConcept *CodeableConcept  `json:"productCodeableConcept,omitempty"`
	ProductReference       *Reference        `json:"productReference,omitempty"`
	DailyAmount            *Quantity         `json:"dailyAmount,omitempty"`
	Quantity               *Quantity         `json:"quantity,omitempty"`
	Description            string            `json:"description,omitempty"`
}

// Scheduled returns the scheduled[x] that is set and its JSON name
// ("scheduledTiming"), or nil and "".
func (d *CarePlanActivityDetail) Scheduled() (any, string) { return choiceValue(d, "scheduled") }

// Product returns the product[x] that is set and its JSON name
// ("productCodeableConcept"), or nil and "".
func (d *CarePlanActivityDetail) Product() (any, string) { return choiceValue(d, "product") }

// CareTeam is the people and organizations caring for the patient.
type CareTeam struct {
	DomainResource
	Identifier           []Identifier          `json:"identifier,omitempty"`
	Status               string                `json:"status,omitempty"`
	Category             []CodeableConcept     `json:"category,omitempty"`
	Name                 string                `json:"name,omitempty"`
	Subject              *Reference            `json:"subject,omitempty"`
	Encounter            *Reference            `json:"encounter,omitempty"`
	Period               *Period               `json:"period,omitempty"`
	Participant          []CareTeamParticipant `json:"participant,omitempty"`
	ReasonCode           []CodeableConcept     `json:"reasonCode,omitempty"`
	ReasonReference      []Reference           `json:"reasonReference,omitempty"`
	ManagingOrganization []Reference           `json:"managingOrganization,omitempty"`
	Telecom              []ContactPoint        `json:"telecom,omitempty"`
	Note                 []Annotation          `json:"note,omitempty"`
}

// CareTeamParticipant is a member of a care team.
type CareTeamParticipant struct {
	BackboneElement
	Role       []CodeableConcept `json:"role,omitempty"`
	Member     *Reference        `json:"member,omitempty"`
	OnBehalfOf *Reference        `json:"onBehalfOf,omitempty"`
	Period     *Period           `json:"period,omitempty"`
}

// Goal is a desired health outcome.
type Goal struct {
	DomainResource
	Identifier           []Identifier      `json:"identifier,omitempty"`
	LifecycleStatus      string            `json:"lifecycleStatus,omitempty"`
	AchievementStatus    *CodeableConcept  `json:"achievementStatus,omitempty"`
	Category             []CodeableConcept `json:"category,omitempty"`
	Priority             *CodeableConcept  `json:"priority,omitempty"`
	Description          *CodeableConcept  `json:"description,omitempty"`
	Subject              *Reference        `json:"subject,omitempty"`
	StartDate            Date              `json:"startDate,omitempty"`
	StartCodeableConcept *CodeableConcept  `json:"startCodeableConcept,omitempty"`
	Target               []GoalTarget      `json:"target,omitempty"`
	StatusDate           Date              `json:"statusDate,omitempty"`
	StatusReason         string            `json:"statusReason,omitempty"`
	ExpressedBy          *Reference        `json:"expressedBy,omitempty"`
	Addresses            []Reference       `json:"addresses,omitempty"`
	Note                 []Annotation      `json:"note,omitempty"`
	OutcomeCode          []CodeableConcept `json:"outcomeCode,omitempty"`
	OutcomeReference     []Reference       `json:"outcomeReference,omitempty"`
}

// GoalTarget is a target of a goal. detail[x] and due[x] are choices.
type GoalTarget struct {
	BackboneElement
	Measure               *CodeableConcept `json:"measure,omitempty"`
	DetailQuantity        *Quantity        `json:"detailQuantity,omitempty"`
	DetailRange           *Range           `json:"detailRange,omitempty"`
	DetailCodeableConcept *CodeableConcept `json:"detailCodeableConcept,omitempty"`
	DetailString          string           `json:"detailString,omitempty"`
	DetailBoolean         *bool            `json:"detailBoolean,omitempty"`
	DetailInteger         *int             `json:"detailInteger,omitempty"`
	DetailRatio           *Ratio           `json:"detailRatio,omitempty"`
	DueDate               Date             `json:"dueDate,omitempty"`
	DueDuration           *Quantity        `json:"dueDuration,omitempty"`
}

// Device is an implantable or other device (US Core implantable device).
type Device struct {
	DomainResource
	Identifier         []Identifier           `json:"identifier,omitempty"`
	Definition         *Reference             `json:"definition,omitempty"`
	UDICarrier         []DeviceUDICarrier     `json:"udiCarrier,omitempty"`
	Status             string                 `json:"status,omitempty"`
	StatusReason       []CodeableConcept      `json:"statusReason,omitempty"`
	DistinctIdentifier string                 `json:"distinctIdentifier,omitempty"`
	Manufacturer       string                 `json:"manufacturer,omitempty"`
	ManufactureDate    DateTime               `json:"manufactureDate,omitempty"`
	ExpirationDate     DateTime               `json:"expirationDate,omitempty"`
	LotNumber          string                 `json:"lotNumber,omitempty"`
	SerialNumber       string                 `json:"serialNumber,omitempty"`
	DeviceName         []DeviceName           `json:"deviceName,omitempty"`
	ModelNumber        string                 `json:"modelNumber,omitempty"`
	PartNumber         string                 `json:"partNumber,omitempty"`
	Type               *CodeableConcept       `json:"type,omitempty"`
	Specialization     []DeviceSpecialization `json:"specialization,omitempty"`
	Version            []DeviceVersion        `json:"version,omitempty"`
	Property           []DeviceProperty       `json:"property,omitempty"`
	Patient            *Reference             `json:"patient,omitempty"`
	Owner              *Reference             `json:"owner,omitempty"`
	Contact            []ContactPoint         `json:"contact,omitempty"`
	Location           *Reference             `json:"location,omitempty"`
	URL                string                 `json:"url,omitempty"`
	Note               []Annotation           `json:"note,omitempty"`
	Safety             []CodeableConcept      `json:"safety,omitempty"`
	Parent             *Reference             `json:"parent,omitempty"`
}

// DeviceUDICarrier is a unique device identifier (UDI) barcode string.
type DeviceUDICarrier struct {
	BackboneElement
	DeviceIdentifier string `json:"deviceIdentifier,omitempty"`
	Issuer           string `json:"issuer,omitempty"`
	Jurisdiction     string `json:"jurisdiction,omitempty"`
	CarrierAIDC      string `json:"carrierAIDC,omitempty"`
	CarrierHRF       string `json:"carrierHRF,omitempty"`
	EntryType        string `json:"entryType,omitempty"`
}

// DeviceName is a name of a device.
type DeviceName struct {
	BackboneElement
	Name string `json:"name,omitempty"`
	Type string `json:"type,omitempty"`
}

// DeviceSpecialization is a communication standard the device supports,
// and its version.
type DeviceSpecialization struct {
	BackboneElement
	SystemType *CodeableConcept `json:"systemType,omitempty"`
	Version    string           `json:"version,omitempty"`
}

// DeviceVersion is a version of the device or of one of its components
// (hardware, software, firmware).
type DeviceVersion struct {
	BackboneElement
	Type      *CodeableConcept `json:"type,omitempty"`
	Component *Identifier      `json:"component,omitempty"`
	Value     string           `json:"value,omitempty"`
}

// DeviceProperty is a setting or property of the device, as quantities or
// codes.
type DeviceProperty struct {
	BackboneElement
	Type          *CodeableConcept  `json:"type,omitempty"`
	ValueQuantity []Quantity        `json:"valueQuantity,omitempty"`
	ValueCode     []CodeableConcept `json:"valueCode,omitempty"`
}

// Provenance records who did what to which resource, and when.
type Provenance struct {
	DomainResource
	Target           []Reference        `json:"target,omitempty"`
	OccurredPeriod   *Period            `json:"occurredPeriod,omitempty"`
	OccurredDateTime DateTime           `json:"occurredDateTime,omitempty"`
	Recorded         Instant            `json:"recorded,omitempty"`
	Policy           []string           `json:"policy,omitempty"`
	Location         *Reference         `json:"location,omitempty"`
	Reason           []CodeableConcept  `json:"reason,omitempty"`
	Activity         *CodeableConcept   `json:"activity,omitempty"`
	Agent            []ProvenanceAgent  `json:"agent,omitempty"`
	Entity           []ProvenanceEntity `json:"entity,omitempty"`
	Signature        []Signature        `json:"signature,omitempty"`
}

// ProvenanceAgent is an actor in a provenance record.
type ProvenanceAgent struct {
	BackboneElement
	Type       *CodeableConcept  `json:"type,omitempty"`
	Role       []CodeableConcept `json:"role,omitempty"`
	Who        *Reference        `json:"who,omitempty"`
	OnBehalfOf *Reference        `json:"onBehalfOf,omitempty"`
}

// ProvenanceEntity is an entity used in the activity.
type ProvenanceEntity struct {
	BackboneElement
	Role  string            `json:"role,omitempty"`
	What  *Reference        `json:"what,omitempty"`
	Agent []ProvenanceAgent `json:"agent,omitempty"`
}
