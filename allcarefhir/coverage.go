package allcarefhir

// Coverage is the member's insurance (CARIN BB C4BB-Coverage): the plan,
// its period, payer and class values (group, plan).
type Coverage struct {
	DomainResource
	Identifier        []Identifier                `json:"identifier,omitempty"`
	Status            string                      `json:"status,omitempty"`
	Type              *CodeableConcept            `json:"type,omitempty"`
	PolicyHolder      *Reference                  `json:"policyHolder,omitempty"`
	Subscriber        *Reference                  `json:"subscriber,omitempty"`
	SubscriberID      string                      `json:"subscriberId,omitempty"`
	Beneficiary       *Reference                  `json:"beneficiary,omitempty"`
	Dependent         string                      `json:"dependent,omitempty"`
	Relationship      *CodeableConcept            `json:"relationship,omitempty"`
	Period            *Period                     `json:"period,omitempty"`
	Payor             []Reference                 `json:"payor,omitempty"`
	Class             []CoverageClass             `json:"class,omitempty"`
	Order             *int                        `json:"order,omitempty"`
	Network           string                      `json:"network,omitempty"`
	CostToBeneficiary []CoverageCostToBeneficiary `json:"costToBeneficiary,omitempty"`
	Subrogation       *bool                       `json:"subrogation,omitempty"`
	Contract          []Reference                 `json:"contract,omitempty"`
}

// Coverage class types (Coverage.class.type codes in
// http://terminology.hl7.org/CodeSystem/coverage-class).
const (
	CoverageClassGroup = "group"
	CoverageClassPlan  = "plan"
)

// ClassValue returns the value of the first class of the given type code
// ("plan", "group"), or "".
func (c *Coverage) ClassValue(typeCode string) string {
	if c == nil {
		return ""
	}
	for i := range c.Class {
		if c.Class[i].Type.Has("", typeCode) {
			return c.Class[i].Value
		}
	}
	return ""
}

// CoverageClass is a grouping of the plan (group, plan, rx bin, ...).
type CoverageClass struct {
	BackboneElement
	Type  *CodeableConcept `json:"type,omitempty"`
	Value string           `json:"value,omitempty"`
	Name  string           `json:"name,omitempty"`
}

// CoverageCostToBeneficiary is a patient payment (copay, deductible).
type CoverageCostToBeneficiary struct {
	BackboneElement
	Type          *CodeableConcept        `json:"type,omitempty"`
	ValueQuantity *Quantity               `json:"valueQuantity,omitempty"`
	ValueMoney    *Money                  `json:"valueMoney,omitempty"`
	Exception     []CoverageCostException `json:"exception,omitempty"`
}

// CoverageCostException is an exception to a patient payment.
type CoverageCostException struct {
	BackboneElement
	Type   *CodeableConcept `json:"type,omitempty"`
	Period *Period          `json:"period,omitempty"`
}

// InsurancePlan is a health plan product (US Drug Formulary STU 2 uses it
// for formularies).
type InsurancePlan struct {
	DomainResource
	Identifier     []Identifier            `json:"identifier,omitempty"`
	Status         string                  `json:"status,omitempty"`
	Type           []CodeableConcept       `json:"type,omitempty"`
	Name           string                  `json:"name,omitempty"`
	Alias          []string                `json:"alias,omitempty"`
	Period         *Period                 `json:"period,omitempty"`
	OwnedBy        *Reference              `json:"ownedBy,omitempty"`
	AdministeredBy *Reference              `json:"administeredBy,omitempty"`
	CoverageArea   []Reference             `json:"coverageArea,omitempty"`
	Contact        []InsurancePlanContact  `json:"contact,omitempty"`
	Endpoint       []Reference             `json:"endpoint,omitempty"`
	Network        []Reference             `json:"network,omitempty"`
	Coverage       []InsurancePlanCoverage `json:"coverage,omitempty"`
	Plan           []InsurancePlanPlan     `json:"plan,omitempty"`
}

// InsurancePlanContact is a contact for the insurer about the product.
type InsurancePlanContact struct {
	BackboneElement
	Purpose *CodeableConcept `json:"purpose,omitempty"`
	Name    *HumanName       `json:"name,omitempty"`
	Telecom []ContactPoint   `json:"telecom,omitempty"`
	Address *Address         `json:"address,omitempty"`
}

// InsurancePlanCoverage is a coverage category with its benefits.
type InsurancePlanCoverage struct {
	BackboneElement
	Type    *CodeableConcept       `json:"type,omitempty"`
	Network []Reference            `json:"network,omitempty"`
	Benefit []InsurancePlanBenefit `json:"benefit,omitempty"`
}

// InsurancePlanBenefit is a benefit of a coverage category.
type InsurancePlanBenefit struct {
	BackboneElement
	Type        *CodeableConcept     `json:"type,omitempty"`
	Requirement string               `json:"requirement,omitempty"`
	Limit       []InsurancePlanLimit `json:"limit,omitempty"`
}

// InsurancePlanLimit is a limit on a benefit (12 visits per year).
type InsurancePlanLimit struct {
	BackboneElement
	Value *Quantity        `json:"value,omitempty"`
	Code  *CodeableConcept `json:"code,omitempty"`
}

// InsurancePlanPlan is a plan of the product, with its costs.
type InsurancePlanPlan struct {
	BackboneElement
	Identifier   []Identifier                `json:"identifier,omitempty"`
	Type         *CodeableConcept            `json:"type,omitempty"`
	CoverageArea []Reference                 `json:"coverageArea,omitempty"`
	Network      []Reference                 `json:"network,omitempty"`
	GeneralCost  []InsurancePlanGeneralCost  `json:"generalCost,omitempty"`
	SpecificCost []InsurancePlanSpecificCost `json:"specificCost,omitempty"`
}

// InsurancePlanGeneralCost is an overall cost of a plan (a premium).
type InsurancePlanGeneralCost struct {
	BackboneElement
	Type      *CodeableConcept `json:"type,omitempty"`
	GroupSize *int             `json:"groupSize,omitempty"`
	Cost      *Money           `json:"cost,omitempty"`
	Comment   string           `json:"comment,omitempty"`
}

// InsurancePlanSpecificCost is the costs of a benefit category of a plan.
type InsurancePlanSpecificCost struct {
	BackboneElement
	Category *CodeableConcept                   `json:"category,omitempty"`
	Benefit  []InsurancePlanSpecificCostBenefit `json:"benefit,omitempty"`
}

// InsurancePlanSpecificCostBenefit is a benefit of a plan's cost category
// with its costs.
type InsurancePlanSpecificCostBenefit struct {
	BackboneElement
	Type *CodeableConcept           `json:"type,omitempty"`
	Cost []InsurancePlanBenefitCost `json:"cost,omitempty"`
}

// InsurancePlanBenefitCost is one cost of a benefit (a copay, a
// coinsurance), where it applies and its value.
type InsurancePlanBenefitCost struct {
	BackboneElement
	Type          *CodeableConcept  `json:"type,omitempty"`
	Applicability *CodeableConcept  `json:"applicability,omitempty"`
	Qualifiers    []CodeableConcept `json:"qualifiers,omitempty"`
	Value         *Quantity         `json:"value,omitempty"`
}
