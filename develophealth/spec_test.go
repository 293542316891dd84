package develophealth

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openAPI is the part of the OpenAPI document the coverage tests read.
type openAPI struct {
	Servers []struct {
		URL string `json:"url"`
	} `json:"servers"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]schema `json:"schemas"`
	} `json:"components"`
}

type schema struct {
	Type       any               `json:"type"`
	Enum       []any             `json:"enum"`
	Properties map[string]schema `json:"properties"`
	Required   []string          `json:"required"`
	Raw        json.RawMessage   `json:"-"`
}

func loadSpec(t *testing.T) (openAPI, map[string]json.RawMessage) {
	t.Helper()
	b := fixture(t, "openapi.json")
	var doc openAPI
	require.NoError(t, json.Unmarshal(b, &doc))
	var raw struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(b, &raw))
	return doc, raw.Components.Schemas
}

// reachable returns the schemas the public operations use.
func reachable(t *testing.T, doc openAPI, raw map[string]json.RawMessage) map[string]bool {
	seen := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, vv := range x {
				if s, ok := vv.(string); ok && k == "$ref" {
					name := s[strings.LastIndexByte(s, '/')+1:]
					if !seen[name] {
						seen[name] = true
						var sub any
						require.NoError(t, json.Unmarshal(raw[name], &sub))
						walk(sub)
					}
					continue
				}
				walk(vv)
			}
		case []any:
			for _, vv := range x {
				walk(vv)
			}
		}
	}
	for _, ops := range doc.Paths {
		for _, op := range ops {
			var v any
			require.NoError(t, json.Unmarshal(op, &v))
			walk(v)
		}
	}
	return seen
}

// specTypes maps every object schema the operations use to the Go type
// that carries it on the wire.
var specTypes = map[string]any{
	"Address": Address{}, "OptionalAddress": OptionalAddress{}, "Patient": Patient{},
	"api__schemas__platform__public_api__common__PatientInfo": PatientInfo{},
	"Provider": Provider{}, "ProviderInfo": ProviderInfo{}, "EntityInfo": EntityInfo{}, "Pharmacy": Pharmacy{},
	"Diagnosis": Diagnosis{}, "User": User{}, "Question": Question{}, "Questionnaire": Questionnaire{},
	"VisitNote": VisitNote{}, "Asset": Asset{}, "AssetResponse": AssetResponse{}, "EvidenceItem": EvidenceItem{},
	"ResponseEvidenceItem": ResponseEvidenceItem{},
	"api__schemas__platform__public_api__insurance_document__InsuranceDocument":   InsuranceDocument{},
	"api__schemas__platform__public_api__benefit_verification__InsuranceDocument": InsuranceDocument{},
	"PartialInsuranceInfo": PartialInsuranceInfo{}, "ScannedContent": ScannedContent{},
	"InsuranceDocumentInfo": InsuranceDocumentInfo{}, "CopayOption": CopayOption{}, "Prescription": Prescription{},
	"CodedPrescription": CodedPrescription{}, "Drug": Drug{},

	"CreatePriorAuthRequest": CreatePriorAuthRequest{}, "PriorAuthRequestNDPSubmission": PriorAuthRequestNDPSubmission{},
	"PriorAuthRequestResubmissionInfo": PriorAuthRequestResubmissionInfo{}, "AppealDetails": AppealDetails{},
	"AppealLetter": AppealLetter{}, "TriggerBenefitVerificationConfig": TriggerBenefitVerificationConfig{},
	"TriggerBenefitVerificationMedication": TriggerBenefitVerificationMedication{},
	"CreatePriorAuthResponseData":          CreatePriorAuthResponseData{},
	"CreatePriorAuthResponseError":         envelopeError{}, "ApiError": envelopeError{},
	"GetPriorAuthResponseData":               PriorAuthorization{},
	"PriorAuthSubmissionApprovalOutcome":     PriorAuthSubmissionApprovalOutcome{},
	"PriorAuthSubmissionDenialOutcome":       PriorAuthSubmissionDenialOutcome{},
	"PriorAuthSubmissionOtherOutcome":        PriorAuthSubmissionOtherOutcome{},
	"PriorAuthSubmissionPendingOutcome":      PriorAuthSubmissionPendingOutcome{},
	"PriorAuthSubmissionNotSubmittedOutcome": PriorAuthSubmissionNotSubmittedOutcome{},
	"PriorAuthMockResultApproved":            PriorAuthMockResultApproved{},
	"PriorAuthMockResultDenied":              PriorAuthMockResultDenied{},
	"PriorAuthMockResultOther":               PriorAuthMockResultOther{},
	"PriorAuthMockResultNotSubmitted":        PriorAuthMockResultNotSubmitted{},
	"PriorAuthActivityLogSentFax":            activityFax{}, "PriorAuthActivityLogReceivedFax": activityFax{},
	"PriorAuthActivityLogFollowUpCall":        activityCall{},
	"PriorAuthActivityLogFaxDetails":          PriorAuthActivityLogFaxDetails{},
	"PriorAuthActivityLogFollowUpCallDetails": PriorAuthActivityLogFollowUpCallDetails{},
	"EligibilityCheckResponseSuccessItem":     EligibilityCheckResponseSuccessItem{},
	"EligibilityCheckResponseErrorItem":       EligibilityCheckResponseErrorItem{},
	"RealTimeBenefitsCheckResponse":           RealTimeBenefitsCheckResponse{},
	"RealTimeBenefitsCheckAlternative":        RealTimeBenefitsCheckAlternative{},
	"PrescriptionTransfer":                    PrescriptionTransfer{},
	"PrescriptionTransferAttempt":             PrescriptionTransferAttempt{},
	"PrescriptionTransferConfirmationAttempt": PrescriptionTransferConfirmationAttempt{},
	"DenialReasonAnalysis":                    DenialReasonAnalysis{}, "PlatformMessageThread": PlatformMessageThread{},
	"PlatformMessage": PlatformMessage{}, "PlatformMessageAttachment": PlatformMessageAttachment{},
	"CancelPriorAuthRequest": CancelPriorAuthRequest{}, "PriorAuthFeedbackRequest": PriorAuthFeedbackRequest{},
	"UpdateNDPSubmissionRequest": UpdateNDPSubmissionRequest{}, "UpdateNDPSubmissionResponseData": UpdateNDPSubmissionResponseData{},

	"CreateBenefitVerificationRequest": CreateBenefitVerificationRequest{}, "CodedDrugInfo": CodedDrugInfo{},
	"DrugInfo": DrugInfo{}, "DrugHistory": DrugHistory{}, "DrugHistoryItem": DrugHistoryItem{}, "MockResult": MockResult{},
	"CreateBenefitVerificationResponseData": CreateBenefitVerificationResponseData{},
	"GetBenefitVerificationResponseData":    BenefitVerification{}, "DrugCoverageInfo": DrugCoverageInfo{},
	"DrugCoverageDeterminationDetails": DrugCoverageDeterminationDetails{}, "FailureDetails": FailureDetails{},
	"BenefitVerificationMethodInfo": BenefitVerificationMethodInfo{},

	"CreateClinicalQualificationRequest":      CreateClinicalQualificationRequest{},
	"CreateClinicalQualificationResponseData": CreateClinicalQualificationResponseData{},
	"GetClinicalQualificationResponseData":    ClinicalQualification{},
	"ClinicalQualificationResult":             ClinicalQualificationResult{}, "UnqualifiedReason": UnqualifiedReason{},

	"AuthorizeProviderRequest": AuthorizeProviderRequest{},
	"api__schemas__platform__public_api__provider__AuthorizedProviderResponse": AuthorizedProvider{},
	"ProviderLookupRequest": ProviderLookupRequest{}, "ProviderLookupResponse": ProviderLookupResponse{},
	"ProviderIdentitySchema": ProviderIdentity{}, "PracticeLocation": PracticeLocation{},

	"ValidationError": ValidationError{}, "HTTPValidationError": errorBody{},
}

// envelopeSchemas are the {status, error, data} wrappers the client
// unwraps (envelope[T]); their data types are listed above.
var envelopeSchemas = []string{"ApiResponse", "ApiResponse_ProviderLookupResponse_",
	"ApiResponse_list_api.schemas.platform.public_api.provider.AuthorizedProviderResponse__",
	"CancelPriorAuthPrescriptionTransferResponse", "CancelPriorAuthResponse", "CreateBenefitVerificationResponse",
	"CreateClinicalQualificationResponse", "CreatePriorAuthResponse", "GetBenefitVerificationResponse",
	"GetClinicalQualificationResponse", "GetPriorAuthResponse", "PriorAuthFeedbackResponse", "UpdateNDPSubmissionResponse"}

// decodesSeveralShapes are schemas read by a decoder that also reads other
// shapes (the error decoder reads all three error bodies), so its type may
// have more fields than the one schema.
var decodesSeveralShapes = map[string]bool{"ApiError": true, "HTTPValidationError": true}

// specEnums maps every enumeration schema to the Go test of its values.
var specEnums = map[string]func(string) bool{
	"PriorAuthRequestStatus":                         func(s string) bool { return PriorAuthRequestStatus(s).Known() },
	"PriorAuthErrorCode":                             func(s string) bool { return PriorAuthErrorCode(s).Known() },
	"PriorAuthOutcomeApprovalDetail":                 func(s string) bool { return PriorAuthOutcomeApprovalDetail(s).Known() },
	"PriorAuthOutcomeDenialDetail":                   func(s string) bool { return PriorAuthOutcomeDenialDetail(s).Known() },
	"PriorAuthOutcomeOtherDetailPublic":              func(s string) bool { return PriorAuthOutcomeOtherDetailPublic(s).Known() },
	"PriorAuthOutcomeNotSubmittedDetail":             func(s string) bool { return PriorAuthOutcomeNotSubmittedDetail(s).Known() },
	"PrescriptionTransferStatus":                     func(s string) bool { return PrescriptionTransferStatus(s).Known() },
	"PrescriptionTransferErrorCode":                  func(s string) bool { return PrescriptionTransferErrorCode(s).Known() },
	"PrescriptionTransferConfirmationAttemptOutcome": func(s string) bool { return PrescriptionTransferConfirmationAttemptOutcome(s).Known() },
	"EligibilityCheckPlanType":                       func(s string) bool { return EligibilityCheckPlanType(s).Known() },
	"EligibilityCheckErrorCode":                      func(s string) bool { return EligibilityCheckErrorCode(s).Known() },
	"EligibilityCheckActionCode":                     func(s string) bool { return EligibilityCheckActionCode(s).Known() },
	"BenefitVerificationStatus":                      func(s string) bool { return BenefitVerificationStatus(s).Known() },
	"ReviewStatus":                                   func(s string) bool { return ReviewStatus(s).Known() },
	"DrugCoverage":                                   func(s string) bool { return DrugCoverage(s).Known() },
	"CoverageDetailCode":                             func(s string) bool { return CoverageDetailCode(s).Known() },
	"DrugPriorAuthorizationRequirement":              func(s string) bool { return DrugPriorAuthorizationRequirement(s).Known() },
	"PatientCoverageStatus":                          func(s string) bool { return PatientCoverageStatus(s).Known() },
	"PatientCoverageType":                            func(s string) bool { return PatientCoverageType(s).Known() },
	"PatientPlanFundSource":                          func(s string) bool { return PatientPlanFundSource(s).Known() },
	"ClientErrorCode":                                func(s string) bool { return ClientErrorCode(s).Known() },
	"ClientInsuranceDocumentErrorDetailCode":         func(s string) bool { return FailureDetailCode(s).InsuranceDocumentError() },
	"ClientOtherErrorDetailCode":                     func(s string) bool { return FailureDetailCode(s).OtherError() },
	"MockResultStatus":                               func(s string) bool { return MockResultStatus(s).Known() },
	"MockResultCase":                                 func(s string) bool { return MockResultCase(s).Known() },
	"ClinicalQualificationResultStatus":              func(s string) bool { return ClinicalQualificationResultStatus(s).Known() },
	"ProviderLookupStatus":                           func(s string) bool { return ProviderLookupStatus(s).Known() },
	"Gender":                                         func(s string) bool { return Gender(s).Known() },
	"DocType":                                        func(s string) bool { return DocType(s).Known() },
	"DoseForm":                                       func(s string) bool { return DoseForm(s).Known() },
	"RouteOfAdministration":                          func(s string) bool { return RouteOfAdministration(s).Known() },
}

func jsonFields(typ reflect.Type) map[string]string {
	out := map[string]string{}
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		out[name] = opts
	}
	return out
}

// TestSpecCoverage proves that every object schema reachable from the
// fifteen operations has a Go type with every property (by its exact JSON
// name) and nothing the spec does not define, that required properties are
// always sent, and that every enumeration value is known.
func TestSpecCoverage(t *testing.T) {
	doc, raw := loadSpec(t)
	require.Equal(t, DefaultBaseURL, doc.Servers[0].URL)
	ops := 0
	for _, m := range doc.Paths {
		ops += len(m)
	}
	assert.Equal(t, 15, ops)

	used := reachable(t, doc, raw)
	var names []string
	for n := range used {
		names = append(names, n)
	}
	sort.Strings(names)
	envs := map[string]bool{}
	for _, n := range envelopeSchemas {
		envs[n] = true
	}
	checked := 0
	for _, name := range names {
		s := doc.Components.Schemas[name]
		switch {
		case len(s.Enum) > 0:
			if name == "Priority" {
				for _, v := range s.Enum {
					assert.True(t, Priority(int(v.(float64))).Known(), "Priority %v", v)
				}
				continue
			}
			known, ok := specEnums[name]
			if !assert.True(t, ok, "enum schema %s has no Go type", name) {
				continue
			}
			for _, v := range s.Enum {
				assert.True(t, known(v.(string)), "%s value %q is not known", name, v)
			}
			checked++
		case envs[name]:
			for p := range s.Properties {
				assert.Contains(t, []string{"status", "error", "data"}, p, "%s.%s", name, p)
			}
			checked++
		default:
			goType, ok := specTypes[name]
			if !assert.True(t, ok, "object schema %s has no Go type", name) {
				continue
			}
			fields := jsonFields(reflect.TypeOf(goType))
			for p := range s.Properties {
				_, ok := fields[p]
				assert.True(t, ok, "%s.%s is not modelled by %T", name, p, goType)
			}
			for f := range fields {
				if decodesSeveralShapes[name] {
					break
				}
				_, ok := s.Properties[f]
				assert.True(t, ok, "%T has field %q that %s does not define", goType, f, name)
			}
			for _, p := range s.Required {
				if opts, ok := fields[p]; ok {
					assert.NotContains(t, opts, "omit", "%s.%s is required: %T must always send it", name, p, goType)
				}
			}
			checked++
		}
	}
	assert.Equal(t, len(used), checked+1, "every reachable schema is checked (Priority aside)")
	t.Logf("%d schemas, %d operations", len(used), ops)
}

// TestSpecOperations proves every operation of the document has a client
// method, by calling each against a recorder and comparing the method and
// route the SDK used with the spec's.
func TestSpecOperations(t *testing.T) {
	doc, _ := loadSpec(t)
	want := map[string]bool{}
	for path, m := range doc.Paths {
		for method := range m {
			want[strings.ToUpper(method)+" "+path] = true
		}
	}
	got := map[string]bool{}
	for _, c := range allOperations() {
		got[c.method+" "+c.specPath] = true
	}
	assert.Equal(t, want, got)
}
