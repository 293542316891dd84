package allcarefhir

import rxbridge "github.com/rxbridge/rxbridge-go"

// ExplanationOfBenefit is a processed claim (CARIN BB C4BB profiles:
// inpatient and outpatient institutional, professional, pharmacy, oral): the
// services, their adjudication and the totals.
type ExplanationOfBenefit struct {
	DomainResource
	Identifier            []Identifier                         `json:"identifier,omitempty"`
	Status                string                               `json:"status,omitempty"`
	Type                  *CodeableConcept                     `json:"type,omitempty"`
	SubType               *CodeableConcept                     `json:"subType,omitempty"`
	Use                   string                               `json:"use,omitempty"`
	Patient               *Reference                           `json:"patient,omitempty"`
	BillablePeriod        *Period                              `json:"billablePeriod,omitempty"`
	Created               DateTime                             `json:"created,omitempty"`
	Enterer               *Reference                           `json:"enterer,omitempty"`
	Insurer               *Reference                           `json:"insurer,omitempty"`
	Provider              *Reference                           `json:"provider,omitempty"`
	Priority              *CodeableConcept                     `json:"priority,omitempty"`
	FundsReserveRequested *CodeableConcept                     `json:"fundsReserveRequested,omitempty"`
	FundsReserve          *CodeableConcept                     `json:"fundsReserve,omitempty"`
	Related               []ExplanationOfBenefitRelated        `json:"related,omitempty"`
	Prescription          *Reference                           `json:"prescription,omitempty"`
	OriginalPrescription  *Reference                           `json:"originalPrescription,omitempty"`
	Payee                 *ExplanationOfBenefitPayee           `json:"payee,omitempty"`
	Referral              *Reference                           `json:"referral,omitempty"`
	Facility              *Reference                           `json:"facility,omitempty"`
	Claim                 *Reference                           `json:"claim,omitempty"`
	ClaimResponse         *Reference                           `json:"claimResponse,omitempty"`
	Outcome               string                               `json:"outcome,omitempty"`
	Disposition           string                               `json:"disposition,omitempty"`
	PreAuthRef            []string                             `json:"preAuthRef,omitempty"`
	PreAuthRefPeriod      []Period                             `json:"preAuthRefPeriod,omitempty"`
	CareTeam              []ExplanationOfBenefitCareTeam       `json:"careTeam,omitempty"`
	SupportingInfo        []ExplanationOfBenefitSupportingInfo `json:"supportingInfo,omitempty"`
	Diagnosis             []ExplanationOfBenefitDiagnosis      `json:"diagnosis,omitempty"`
	Procedure             []ExplanationOfBenefitProcedure      `json:"procedure,omitempty"`
	Precedence            *int                                 `json:"precedence,omitempty"`
	Insurance             []ExplanationOfBenefitInsurance      `json:"insurance,omitempty"`
	Accident              *ExplanationOfBenefitAccident        `json:"accident,omitempty"`
	Item                  []ExplanationOfBenefitItem           `json:"item,omitempty"`
	AddItem               []ExplanationOfBenefitAddItem        `json:"addItem,omitempty"`
	Adjudication          []ExplanationOfBenefitAdjudication   `json:"adjudication,omitempty"`
	Total                 []ExplanationOfBenefitTotal          `json:"total,omitempty"`
	Payment               *ExplanationOfBenefitPayment         `json:"payment,omitempty"`
	FormCode              *CodeableConcept                     `json:"formCode,omitempty"`
	Form                  *Attachment                          `json:"form,omitempty"`
	ProcessNote           []ExplanationOfBenefitProcessNote    `json:"processNote,omitempty"`
	BenefitPeriod         *Period                              `json:"benefitPeriod,omitempty"`
	BenefitBalance        []ExplanationOfBenefitBenefitBalance `json:"benefitBalance,omitempty"`
}

// ExplanationOfBenefitRelated is a prior or corrected claim.
type ExplanationOfBenefitRelated struct {
	BackboneElement
	Claim        *Reference       `json:"claim,omitempty"`
	Relationship *CodeableConcept `json:"relationship,omitempty"`
	Reference    *Identifier      `json:"reference,omitempty"`
}

// ExplanationOfBenefitPayee is who receives the payment.
type ExplanationOfBenefitPayee struct {
	BackboneElement
	Type  *CodeableConcept `json:"type,omitempty"`
	Party *Reference       `json:"party,omitempty"`
}

// ExplanationOfBenefitCareTeam is a provider on the claim.
type ExplanationOfBenefitCareTeam struct {
	BackboneElement
	Sequence      *int             `json:"sequence,omitempty"`
	Provider      *Reference       `json:"provider,omitempty"`
	Responsible   *bool            `json:"responsible,omitempty"`
	Role          *CodeableConcept `json:"role,omitempty"`
	Qualification *CodeableConcept `json:"qualification,omitempty"`
}

// ExplanationOfBenefitSupportingInfo is supporting information (admission
// dates, days supply, DRG, type of bill, ...). timing[x] and value[x] are
// choices: one field per type.
type ExplanationOfBenefitSupportingInfo struct {
	BackboneElement
	Sequence        *int             `json:"sequence,omitempty"`
	Category        *CodeableConcept `json:"category,omitempty"`
	Code            *CodeableConcept `json:"code,omitempty"`
	TimingDate      Date             `json:"timingDate,omitempty"`
	TimingPeriod    *Period          `json:"timingPeriod,omitempty"`
	ValueBoolean    *bool            `json:"valueBoolean,omitempty"`
	ValueString     string           `json:"valueString,omitempty"`
	ValueQuantity   *Quantity        `json:"valueQuantity,omitempty"`
	ValueAttachment *Attachment      `json:"valueAttachment,omitempty"`
	ValueReference  *Reference       `json:"valueReference,omitempty"`
	Reason          *Coding          `json:"reason,omitempty"`
}

// Value returns the value[x] that is set and its JSON name.
func (s *ExplanationOfBenefitSupportingInfo) Value() (any, string) { return choiceValue(s, "value") }

// ExplanationOfBenefitDiagnosis is a diagnosis on the claim.
type ExplanationOfBenefitDiagnosis struct {
	BackboneElement
	Sequence                 *int              `json:"sequence,omitempty"`
	DiagnosisCodeableConcept *CodeableConcept  `json:"diagnosisCodeableConcept,omitempty"`
	DiagnosisReference       *Reference        `json:"diagnosisReference,omitempty"`
	Type                     []CodeableConcept `json:"type,omitempty"`
	OnAdmission              *CodeableConcept  `json:"onAdmission,omitempty"`
	PackageCode              *CodeableConcept  `json:"packageCode,omitempty"`
}

// ExplanationOfBenefitProcedure is a procedure on the claim.
type ExplanationOfBenefitProcedure struct {
	BackboneElement
	Sequence                 *int              `json:"sequence,omitempty"`
	Type                     []CodeableConcept `json:"type,omitempty"`
	Date                     DateTime          `json:"date,omitempty"`
	ProcedureCodeableConcept *CodeableConcept  `json:"procedureCodeableConcept,omitempty"`
	ProcedureReference       *Reference        `json:"procedureReference,omitempty"`
	UDI                      []Reference       `json:"udi,omitempty"`
}

// ExplanationOfBenefitInsurance is a coverage the claim was adjudicated
// against.
type ExplanationOfBenefitInsurance struct {
	BackboneElement
	Focal      *bool      `json:"focal,omitempty"`
	Coverage   *Reference `json:"coverage,omitempty"`
	PreAuthRef []string   `json:"preAuthRef,omitempty"`
}

// ExplanationOfBenefitAccident describes an accident.
type ExplanationOfBenefitAccident struct {
	BackboneElement
	Date              Date             `json:"date,omitempty"`
	Type              *CodeableConcept `json:"type,omitempty"`
	LocationAddress   *Address         `json:"locationAddress,omitempty"`
	LocationReference *Reference       `json:"locationReference,omitempty"`
}

// ExplanationOfBenefitItem is a claim line: a product or service with its
// adjudication.
type ExplanationOfBenefitItem struct {
	BackboneElement
	Sequence                *int                               `json:"sequence,omitempty"`
	CareTeamSequence        []int                              `json:"careTeamSequence,omitempty"`
	DiagnosisSequence       []int                              `json:"diagnosisSequence,omitempty"`
	ProcedureSequence       []int                              `json:"procedureSequence,omitempty"`
	InformationSequence     []int                              `json:"informationSequence,omitempty"`
	Revenue                 *CodeableConcept                   `json:"revenue,omitempty"`
	Category                *CodeableConcept                   `json:"category,omitempty"`
	ProductOrService        *CodeableConcept                   `json:"productOrService,omitempty"`
	Modifier                []CodeableConcept                  `json:"modifier,omitempty"`
	ProgramCode             []CodeableConcept                  `json:"programCode,omitempty"`
	ServicedDate            Date                               `json:"servicedDate,omitempty"`
	ServicedPeriod          *Period                            `json:"servicedPeriod,omitempty"`
	LocationCodeableConcept *CodeableConcept                   `json:"locationCodeableConcept,omitempty"`
	LocationAddress         *Address                           `json:"locationAddress,omitempty"`
	LocationReference       *Reference                         `json:"locationReference,omitempty"`
	Quantity                *Quantity                          `json:"quantity,omitempty"`
	UnitPrice               *Money                             `json:"unitPrice,omitempty"`
	Factor                  rxbridge.Number                    `json:"factor,omitzero"`
	Net                     *Money                             `json:"net,omitempty"`
	UDI                     []Reference                        `json:"udi,omitempty"`
	BodySite                *CodeableConcept                   `json:"bodySite,omitempty"`
	SubSite                 []CodeableConcept                  `json:"subSite,omitempty"`
	Encounter               []Reference                        `json:"encounter,omitempty"`
	NoteNumber              []int                              `json:"noteNumber,omitempty"`
	Adjudication            []ExplanationOfBenefitAdjudication `json:"adjudication,omitempty"`
	Detail                  []ExplanationOfBenefitItemDetail   `json:"detail,omitempty"`
}

// ExplanationOfBenefitItemDetail is a detail of a claim line.
type ExplanationOfBenefitItemDetail struct {
	BackboneElement
	Sequence         *int                               `json:"sequence,omitempty"`
	Revenue          *CodeableConcept                   `json:"revenue,omitempty"`
	Category         *CodeableConcept                   `json:"category,omitempty"`
	ProductOrService *CodeableConcept                   `json:"productOrService,omitempty"`
	Modifier         []CodeableConcept                  `json:"modifier,omitempty"`
	ProgramCode      []CodeableConcept                  `json:"programCode,omitempty"`
	Quantity         *Quantity                          `json:"quantity,omitempty"`
	UnitPrice        *Money                             `json:"unitPrice,omitempty"`
	Factor           rxbridge.Number                    `json:"factor,omitzero"`
	Net              *Money                             `json:"net,omitempty"`
	UDI              []Reference                        `json:"udi,omitempty"`
	NoteNumber       []int                              `json:"noteNumber,omitempty"`
	Adjudication     []ExplanationOfBenefitAdjudication `json:"adjudication,omitempty"`
	SubDetail        []ExplanationOfBenefitSubDetail    `json:"subDetail,omitempty"`
}

// ExplanationOfBenefitSubDetail is a sub-detail of a claim line detail.
type ExplanationOfBenefitSubDetail struct {
	BackboneElement
	Sequence         *int                               `json:"sequence,omitempty"`
	Revenue          *CodeableConcept                   `json:"revenue,omitempty"`
	Category         *CodeableConcept                   `json:"category,omitempty"`
	ProductOrService *CodeableConcept                   `json:"productOrService,omitempty"`
	Modifier         []CodeableConcept                  `json:"modifier,omitempty"`
	ProgramCode      []CodeableConcept                  `json:"programCode,omitempty"`
	Quantity         *Quantity                          `json:"quantity,omitempty"`
	UnitPrice        *Money                             `json:"unitPrice,omitempty"`
	Factor           rxbridge.Number                    `json:"factor,omitzero"`
	Net              *Money                             `json:"net,omitempty"`
	UDI              []Reference                        `json:"udi,omitempty"`
	NoteNumber       []int                              `json:"noteNumber,omitempty"`
	Adjudication     []ExplanationOfBenefitAdjudication `json:"adjudication,omitempty"`
}

// ExplanationOfBenefitAddItem is a line the insurer added. serviced[x]
// and location[x] are choices: one field per type.
type ExplanationOfBenefitAddItem struct {
	BackboneElement
	ItemSequence            []int                               `json:"itemSequence,omitempty"`
	DetailSequence          []int                               `json:"detailSequence,omitempty"`
	SubDetailSequence       []int                               `json:"subDetailSequence,omitempty"`
	Provider                []Reference                         `json:"provider,omitempty"`
	ProductOrService        *CodeableConcept                    `json:"productOrService,omitempty"`
	Modifier                []CodeableConcept                   `json:"modifier,omitempty"`
	ProgramCode             []CodeableConcept                   `json:"programCode,omitempty"`
	ServicedDate            Date                                `json:"servicedDate,omitempty"`
	ServicedPeriod          *Period                             `json:"servicedPeriod,omitempty"`
	LocationCodeableConcept *CodeableConcept                    `json:"locationCodeableConcept,omitempty"`
	LocationAddress         *Address                            `json:"locationAddress,omitempty"`
	LocationReference       *Reference                          `json:"locationReference,omitempty"`
	Quantity                *Quantity                           `json:"quantity,omitempty"`
	UnitPrice               *Money                              `json:"unitPrice,omitempty"`
	Factor                  rxbridge.Number                     `json:"factor,omitzero"`
	Net                     *Money                              `json:"net,omitempty"`
	BodySite                *CodeableConcept                    `json:"bodySite,omitempty"`
	SubSite                 []CodeableConcept                   `json:"subSite,omitempty"`
	NoteNumber              []int                               `json:"noteNumber,omitempty"`
	Adjudication            []ExplanationOfBenefitAdjudication  `json:"adjudication,omitempty"`
	Detail                  []ExplanationOfBenefitAddItemDetail `json:"detail,omitempty"`
}

// ExplanationOfBenefitAddItemDetail is a detail of a line the insurer
// added.
type ExplanationOfBenefitAddItemDetail struct {
	BackboneElement
	ProductOrService *CodeableConcept                       `json:"productOrService,omitempty"`
	Modifier         []CodeableConcept                      `json:"modifier,omitempty"`
	Quantity         *Quantity                              `json:"quantity,omitempty"`
	UnitPrice        *Money                                 `json:"unitPrice,omitempty"`
	Factor           rxbridge.Number                        `json:"factor,omitzero"`
	Net              *Money                                 `json:"net,omitempty"`
	NoteNumber       []int                                  `json:"noteNumber,omitempty"`
	Adjudication     []ExplanationOfBenefitAdjudication     `json:"adjudication,omitempty"`
	SubDetail        []ExplanationOfBenefitAddItemSubDetail `json:"subDetail,omitempty"`
}

// ExplanationOfBenefitAddItemSubDetail is a sub-detail of a line the
// insurer added.
type ExplanationOfBenefitAddItemSubDetail struct {
	BackboneElement
	ProductOrService *CodeableConcept                   `json:"productOrService,omitempty"`
	Modifier         []CodeableConcept                  `json:"modifier,omitempty"`
	Quantity         *Quantity                          `json:"quantity,omitempty"`
	UnitPrice        *Money                             `json:"unitPrice,omitempty"`
	Factor           rxbridge.Number                    `json:"factor,omitzero"`
	Net              *Money                             `json:"net,omitempty"`
	NoteNumber       []int                              `json:"noteNumber,omitempty"`
	Adjudication     []ExplanationOfBenefitAdjudication `json:"adjudication,omitempty"`
}

// ExplanationOfBenefitAdjudication is an adjudication result (submitted,
// allowed, paid to provider, member liability, denial reason, ...).
type ExplanationOfBenefitAdjudication struct {
	BackboneElement
	Category *CodeableConcept `json:"category,omitempty"`
	Reason   *CodeableConcept `json:"reason,omitempty"`
	Amount   *Money           `json:"amount,omitempty"`
	Value    rxbridge.Number  `json:"value,omitzero"`
}

// ExplanationOfBenefitTotal is a total of the claim by category.
type ExplanationOfBenefitTotal struct {
	BackboneElement
	Category *CodeableConcept `json:"category,omitempty"`
	Amount   *Money           `json:"amount,omitempty"`
}

// ExplanationOfBenefitPayment is the payment made.
type ExplanationOfBenefitPayment struct {
	BackboneElement
	Type             *CodeableConcept `json:"type,omitempty"`
	Adjustment       *Money           `json:"adjustment,omitempty"`
	AdjustmentReason *CodeableConcept `json:"adjustmentReason,omitempty"`
	Date             Date             `json:"date,omitempty"`
	Amount           *Money           `json:"amount,omitempty"`
	Identifier       *Identifier      `json:"identifier,omitempty"`
}

// ExplanationOfBenefitProcessNote is a note from the insurer.
type ExplanationOfBenefitProcessNote struct {
	BackboneElement
	Number   *int             `json:"number,omitempty"`
	Type     string           `json:"type,omitempty"`
	Text     string           `json:"text,omitempty"`
	Language *CodeableConcept `json:"language,omitempty"`
}

// ExplanationOfBenefitBenefitBalance is a benefit balance by category.
type ExplanationOfBenefitBenefitBalance struct {
	BackboneElement
	Category    *CodeableConcept                `json:"category,omitempty"`
	Excluded    *bool                           `json:"excluded,omitempty"`
	Name        string                          `json:"name,omitempty"`
	Description string                          `json:"description,omitempty"`
	Network     *CodeableConcept                `json:"network,omitempty"`
	Unit        *CodeableConcept                `json:"unit,omitempty"`
	Term        *CodeableConcept                `json:"term,omitempty"`
	Financial   []ExplanationOfBenefitFinancial `json:"financial,omitempty"`
}

// ExplanationOfBenefitFinancial is a benefit allowed and used.
type ExplanationOfBenefitFinancial struct {
	BackboneElement
	Type               *CodeableConcept `json:"type,omitempty"`
	AllowedUnsignedInt *int             `json:"allowedUnsignedInt,omitempty"`
	AllowedString      string           `json:"allowedString,omitempty"`
	AllowedMoney       *Money           `json:"allowedMoney,omitempty"`
	UsedUnsignedInt    *int             `json:"usedUnsignedInt,omitempty"`
	UsedMoney          *Money           `json:"usedMoney,omitempty"`
}

// TotalAmount returns the amount of the first total whose category has the
// code ("submitted", "eligible", "benefit", "memberliability", ...), or nil.
func (e *ExplanationOfBenefit) TotalAmount(categoryCode string) *Money {
	if e == nil {
		return nil
	}
	for i := range e.Total {
		if e.Total[i].Category.Has("", categoryCode) {
			return e.Total[i].Amount
		}
	}
	return nil
}
