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
	Endpoint       []Reference             `json:"endpoint,omitempty"`
	Network        []Reference             `json:"network,omitempty"`
	Coverage       []InsurancePlanCoverage `json:"coverage,omitempty"`
	Plan           []InsurancePlanPlan     `json:"plan,omitempty"`
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
	Type        *CodeableConcept `json:"type,omitempty"`
	Requirement string           `json:"requirement,omitempty"`
}

// InsurancePlanPlan is a plan of the product, with its costs.
type InsurancePlanPlan struct {
	BackboneElement
	Identifier   []Identifier     `json:"identifier,omitempty"`
	Type         *CodeableConcept `json:"type,omitempty"`
	CoverageArea []Reference      `json:"coverageArea,omitempty"`
	Network      []Reference      `json:"network,omitempty"`
}
