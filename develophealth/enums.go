package develophealth

// The string enumerations of the Develop Health OpenAPI document, one Go
// type per schema (the type name is the schema name). Every type is open:
// a value the SDK does not list decodes without error, re-encodes unchanged
// and reports Known() == false, because Develop Health adds values over
// time (the spec says so for several of them).

// PriorAuthRequestStatus is the spec schema PriorAuthRequestStatus: the
// status of a prior authorization request.
type PriorAuthRequestStatus string

// Values of PriorAuthRequestStatus documented by the spec.
const (
	// PriorAuthRequestStatusFailed: the request failed. Terminal.
	PriorAuthRequestStatusFailed PriorAuthRequestStatus = "failed"
	// PriorAuthRequestStatusNotSubmitted: the request will not be submitted
	// (for example the eligibility check returned an error). Terminal.
	PriorAuthRequestStatusNotSubmitted PriorAuthRequestStatus = "not_submitted"
	// PriorAuthRequestStatusProcessing: the request has been received and is
	// being processed (usually minutes).
	PriorAuthRequestStatusProcessing PriorAuthRequestStatus = "processing"
	// PriorAuthRequestStatusAwaitingReview: processing has completed and the
	// AI answers have been generated; the request waits until a user submits
	// it in the platform.
	PriorAuthRequestStatusAwaitingReview PriorAuthRequestStatus = "awaiting_review"
	// PriorAuthRequestStatusAwaitingOutcome: the request has been submitted to
	// the payer or PBM and awaits an outcome.
	PriorAuthRequestStatusAwaitingOutcome PriorAuthRequestStatus = "awaiting_outcome"
	// PriorAuthRequestStatusValidatingOutcome: an outcome was received and
	// Develop Health is validating it; it may return to awaiting_outcome. Do
	// not relay outcomes before completed/failed.
	PriorAuthRequestStatusValidatingOutcome PriorAuthRequestStatus = "validating_outcome"
	// PriorAuthRequestStatusCompleted: the process has completed with an
	// approval, a denial or an "other" outcome. Terminal.
	PriorAuthRequestStatusCompleted PriorAuthRequestStatus = "completed"
	// PriorAuthRequestStatusCancelled: the request was cancelled by the user.
	// Terminal.
	PriorAuthRequestStatusCancelled PriorAuthRequestStatus = "cancelled"
	// PriorAuthRequestStatusAwaitingProviderResponse: the prescriber must
	// supply or review information.
	PriorAuthRequestStatusAwaitingProviderResponse PriorAuthRequestStatus = "awaiting_provider_response"
)

// Known reports whether v is one of the values the spec documents.
func (v PriorAuthRequestStatus) Known() bool {
	switch v {
	case PriorAuthRequestStatusFailed, PriorAuthRequestStatusNotSubmitted,
		PriorAuthRequestStatusProcessing, PriorAuthRequestStatusAwaitingReview,
		PriorAuthRequestStatusAwaitingOutcome, PriorAuthRequestStatusValidatingOutcome,
		PriorAuthRequestStatusCompleted, PriorAuthRequestStatusCancelled,
		PriorAuthRequestStatusAwaitingProviderResponse:
		return true
	}
	return false
}

// PriorAuthErrorCode is the spec schema PriorAuthErrorCode: public version
// of PriorAuthErrorCode. This is used in the API response.
type PriorAuthErrorCode string

// Values of PriorAuthErrorCode documented by the spec.
const (
	// PriorAuthErrorCodeUnsupportedPatient: this means that the patient you
	// submitted the prior authorization for is not currently supported. We're
	// rapidly increasing our PBM and payer coverage, so we'll be reducing the
	// occurrence of these over time.
	PriorAuthErrorCodeUnsupportedPatient PriorAuthErrorCode = "unsupported_patient"
	// PriorAuthErrorCodeUnsupportedDrug: the drug you submitted is not yet
	// supported for prior authorization.
	PriorAuthErrorCodeUnsupportedDrug PriorAuthErrorCode = "unsupported_drug"
	// PriorAuthErrorCodeInsuranceCardMemberIDOCRFailure: we were unable to
	// extract the member ID from the insurance card image provided and no
	// discrete values were provided.
	PriorAuthErrorCodeInsuranceCardMemberIDOCRFailure PriorAuthErrorCode = "insurance_card_member_id_ocr_failure"
	// PriorAuthErrorCodeInsuranceContentInvalidRxBIN: the Rx BIN provided in
	// the insurance content is invalid. This should be a 6 digit number.
	PriorAuthErrorCodeInsuranceContentInvalidRxBIN PriorAuthErrorCode = "insurance_content_invalid_rx_bin"
	// PriorAuthErrorCodePrescriptionMessageNotFound: the
	// prescription_message_id provided does not correspond to any known
	// prescription.
	PriorAuthErrorCodePrescriptionMessageNotFound PriorAuthErrorCode = "prescription_message_not_found"
	// PriorAuthErrorCodePrescriptionMessageAlreadyLinked: the
	// prescription_message_id provided is already linked to a prior
	// authorization request that is in progress or has already been completed
	// as approved. The existing PA request must be cancelled before submitting
	// a new request for the same prescription.
	PriorAuthErrorCodePrescriptionMessageAlreadyLinked PriorAuthErrorCode = "prescription_message_already_linked"
	// PriorAuthErrorCodeProviderNotAuthorized: the NPI provided is not
	// authorized to submit requests. To enable prior authorization requests
	// for this provider, please complete the provider authorization process.
	PriorAuthErrorCodeProviderNotAuthorized PriorAuthErrorCode = "provider_not_authorized"
	// PriorAuthErrorCodeEvidenceFileDownloadFailed: the evidence file could
	// not be downloaded from the provided URL.
	PriorAuthErrorCodeEvidenceFileDownloadFailed PriorAuthErrorCode = "evidence_file_download_failed"
	// PriorAuthErrorCodeInvalidQLEResubmission: quantity limit exception
	// resubmissions are only allowed when the previous prior authorization was
	// approved or was not required.
	PriorAuthErrorCodeInvalidQLEResubmission PriorAuthErrorCode = "invalid_qle_resubmission"
	// PriorAuthErrorCodePreviousPARequestInProgress: the previous prior
	// authorization request referenced in resubmission_info is still in
	// progress. It must be completed or cancelled before a new resubmission
	// can be created.
	PriorAuthErrorCodePreviousPARequestInProgress PriorAuthErrorCode = "previous_pa_request_in_progress"
	// PriorAuthErrorCodeOther: an unexpected error occurred during the prior
	// authorization process.
	PriorAuthErrorCodeOther PriorAuthErrorCode = "other"
)

// Known reports whether v is one of the values the spec documents.
func (v PriorAuthErrorCode) Known() bool {
	switch v {
	case PriorAuthErrorCodeUnsupportedPatient, PriorAuthErrorCodeUnsupportedDrug,
		PriorAuthErrorCodeInsuranceCardMemberIDOCRFailure,
		PriorAuthErrorCodeInsuranceContentInvalidRxBIN, PriorAuthErrorCodePrescriptionMessageNotFound,
		PriorAuthErrorCodePrescriptionMessageAlreadyLinked, PriorAuthErrorCodeProviderNotAuthorized,
		PriorAuthErrorCodeEvidenceFileDownloadFailed, PriorAuthErrorCodeInvalidQLEResubmission,
		PriorAuthErrorCodePreviousPARequestInProgress, PriorAuthErrorCodeOther:
		return true
	}
	return false
}

// PriorAuthOutcomeApprovalDetail is the spec schema
// PriorAuthOutcomeApprovalDetail.
type PriorAuthOutcomeApprovalDetail string

// Values of PriorAuthOutcomeApprovalDetail documented by the spec.
const (
	// PriorAuthOutcomeApprovalDetailPriorAuthNotRequired: a prior
	// authorization is not required.
	PriorAuthOutcomeApprovalDetailPriorAuthNotRequired PriorAuthOutcomeApprovalDetail = "prior_auth_not_required"
	// PriorAuthOutcomeApprovalDetailApproval: the prior authorization request
	// has been approved.
	PriorAuthOutcomeApprovalDetailApproval PriorAuthOutcomeApprovalDetail = "approval"
	// PriorAuthOutcomeApprovalDetailExistingApproval: an active prior
	// authorization approval already exists for the patient.
	PriorAuthOutcomeApprovalDetailExistingApproval PriorAuthOutcomeApprovalDetail = "existing_approval"
)

// Known reports whether v is one of the values the spec documents.
func (v PriorAuthOutcomeApprovalDetail) Known() bool {
	switch v {
	case PriorAuthOutcomeApprovalDetailPriorAuthNotRequired, PriorAuthOutcomeApprovalDetailApproval,
		PriorAuthOutcomeApprovalDetailExistingApproval:
		return true
	}
	return false
}

// PriorAuthOutcomeDenialDetail is the spec schema
// PriorAuthOutcomeDenialDetail.
type PriorAuthOutcomeDenialDetail string

// Values of PriorAuthOutcomeDenialDetail documented by the spec.
const (
	// PriorAuthOutcomeDenialDetailFormularyAlternativePreferred: the formulary
	// alternative is preferred.
	PriorAuthOutcomeDenialDetailFormularyAlternativePreferred PriorAuthOutcomeDenialDetail = "formulary_alternative_preferred"
	// PriorAuthOutcomeDenialDetailMedicalNecessityCriteriaNotMet: the medical
	// necessity criteria are not met.
	PriorAuthOutcomeDenialDetailMedicalNecessityCriteriaNotMet PriorAuthOutcomeDenialDetail = "medical_necessity_criteria_not_met"
	// PriorAuthOutcomeDenialDetailPlanExclusion: the drug is excluded by the
	// plan.
	PriorAuthOutcomeDenialDetailPlanExclusion PriorAuthOutcomeDenialDetail = "plan_exclusion"
	// PriorAuthOutcomeDenialDetailStepTherapyCriteriaNotMet: the step therapy
	// criteria are not met.
	PriorAuthOutcomeDenialDetailStepTherapyCriteriaNotMet PriorAuthOutcomeDenialDetail = "step_therapy_criteria_not_met"
	// PriorAuthOutcomeDenialDetailExistingDenial: an existing denial is on
	// file for this medication and patient. Please follow the appeals process
	// if you wish to adjust this outcome
	PriorAuthOutcomeDenialDetailExistingDenial PriorAuthOutcomeDenialDetail = "existing_denial"
	// PriorAuthOutcomeDenialDetailCoverageLimitsExceeded: the coverage limits
	// have been exceeded for this patient's plan.
	PriorAuthOutcomeDenialDetailCoverageLimitsExceeded PriorAuthOutcomeDenialDetail = "coverage_limits_exceeded"
	// PriorAuthOutcomeDenialDetailPriorWeightLossProgramRequired: the patient
	// has not completed the required weight loss program prior to therapy.
	PriorAuthOutcomeDenialDetailPriorWeightLossProgramRequired PriorAuthOutcomeDenialDetail = "prior_weight_loss_program_required"
	// PriorAuthOutcomeDenialDetailUnknown: the prior authorization request has
	// been denied.
	PriorAuthOutcomeDenialDetailUnknown PriorAuthOutcomeDenialDetail = "unknown"
)

// Known reports whether v is one of the values the spec documents.
func (v PriorAuthOutcomeDenialDetail) Known() bool {
	switch v {
	case PriorAuthOutcomeDenialDetailFormularyAlternativePreferred,
		PriorAuthOutcomeDenialDetailMedicalNecessityCriteriaNotMet,
		PriorAuthOutcomeDenialDetailPlanExclusion, PriorAuthOutcomeDenialDetailStepTherapyCriteriaNotMet,
		PriorAuthOutcomeDenialDetailExistingDenial, PriorAuthOutcomeDenialDetailCoverageLimitsExceeded,
		PriorAuthOutcomeDenialDetailPriorWeightLossProgramRequired, PriorAuthOutcomeDenialDetailUnknown:
		return true
	}
	return false
}

// PriorAuthOutcomeOtherDetailPublic is the spec schema
// PriorAuthOutcomeOtherDetailPublic: public version of
// PriorAuthOutcomeOtherDetail. This is used in the API response.
type PriorAuthOutcomeOtherDetailPublic string

// Values of PriorAuthOutcomeOtherDetailPublic documented by the spec.
const (
	// PriorAuthOutcomeOtherDetailPublicCoverageInactive: the patient's
	// coverage has expired.
	PriorAuthOutcomeOtherDetailPublicCoverageInactive PriorAuthOutcomeOtherDetailPublic = "coverage_inactive"
	// PriorAuthOutcomeOtherDetailPublicCoverageNotYetStarted: the patient's
	// coverage has not yet started.
	PriorAuthOutcomeOtherDetailPublicCoverageNotYetStarted PriorAuthOutcomeOtherDetailPublic = "coverage_not_yet_started"
	// PriorAuthOutcomeOtherDetailPublicNoPharmacyBenefits: the patient's
	// insurance does not include pharmacy benefits.
	PriorAuthOutcomeOtherDetailPublicNoPharmacyBenefits PriorAuthOutcomeOtherDetailPublic = "no_pharmacy_benefits"
	// PriorAuthOutcomeOtherDetailPublicPayerUnableToLocateMember: the payer
	// could not locate the member in their system.
	PriorAuthOutcomeOtherDetailPublicPayerUnableToLocateMember PriorAuthOutcomeOtherDetailPublic = "payer_unable_to_locate_member"
	// PriorAuthOutcomeOtherDetailPublicNPITaxonomyIneligible: the payer
	// rejected the request because the prescriber's NPI taxonomy, provider
	// type, specialty, or credentials are not eligible to submit this prior
	// authorization.
	PriorAuthOutcomeOtherDetailPublicNPITaxonomyIneligible PriorAuthOutcomeOtherDetailPublic = "npi_taxonomy_ineligible"
	// PriorAuthOutcomeOtherDetailPublicPayerReportedInvalidPatientInfo: the
	// payer located the patient in their system but some submitted patient
	// information does not match.
	PriorAuthOutcomeOtherDetailPublicPayerReportedInvalidPatientInfo PriorAuthOutcomeOtherDetailPublic = "payer_reported_invalid_patient_info"
	// PriorAuthOutcomeOtherDetailPublicDuplicateRequest: the request is a
	// duplicate. Please cancel the existing request and resubmit if needed.
	PriorAuthOutcomeOtherDetailPublicDuplicateRequest PriorAuthOutcomeOtherDetailPublic = "duplicate_request"
	// PriorAuthOutcomeOtherDetailPublicPriorAuthNotRequired: a prior
	// authorization is not required for this medication.
	PriorAuthOutcomeOtherDetailPublicPriorAuthNotRequired PriorAuthOutcomeOtherDetailPublic = "prior_auth_not_required"
	// PriorAuthOutcomeOtherDetailPublicPatientConsentRequired: the payer
	// requires verbal consent from the patient before discussing or processing
	// the prior authorization.
	PriorAuthOutcomeOtherDetailPublicPatientConsentRequired PriorAuthOutcomeOtherDetailPublic = "patient_consent_required"
	// PriorAuthOutcomeOtherDetailPublicMoreInformationRequired: insufficient
	// information provided to complete the prior authorization.
	PriorAuthOutcomeOtherDetailPublicMoreInformationRequired PriorAuthOutcomeOtherDetailPublic = "more_information_required"
	// PriorAuthOutcomeOtherDetailPublicOther: a problem not listed here was
	// encountered. Check the `outcome.detail` field for more information.
	PriorAuthOutcomeOtherDetailPublicOther PriorAuthOutcomeOtherDetailPublic = "other"
)

// Known reports whether v is one of the values the spec documents.
func (v PriorAuthOutcomeOtherDetailPublic) Known() bool {
	switch v {
	case PriorAuthOutcomeOtherDetailPublicCoverageInactive,
		PriorAuthOutcomeOtherDetailPublicCoverageNotYetStarted,
		PriorAuthOutcomeOtherDetailPublicNoPharmacyBenefits,
		PriorAuthOutcomeOtherDetailPublicPayerUnableToLocateMember,
		PriorAuthOutcomeOtherDetailPublicNPITaxonomyIneligible,
		PriorAuthOutcomeOtherDetailPublicPayerReportedInvalidPatientInfo,
		PriorAuthOutcomeOtherDetailPublicDuplicateRequest,
		PriorAuthOutcomeOtherDetailPublicPriorAuthNotRequired,
		PriorAuthOutcomeOtherDetailPublicPatientConsentRequired,
		PriorAuthOutcomeOtherDetailPublicMoreInformationRequired, PriorAuthOutcomeOtherDetailPublicOther:
		return true
	}
	return false
}

// PriorAuthOutcomeNotSubmittedDetail is the spec schema
// PriorAuthOutcomeNotSubmittedDetail.
type PriorAuthOutcomeNotSubmittedDetail string

// Values of PriorAuthOutcomeNotSubmittedDetail documented by the spec.
const (
	// PriorAuthOutcomeNotSubmittedDetailEligibilityCheckError: indicates
	// eligibility check encountered an error. Error details will be surfaced
	// in the `eligibility_check_response` field. This status will not happen
	// if `ndp_submission.ignore_eligibility_check_error` was set to True for
	// the PA request.
	PriorAuthOutcomeNotSubmittedDetailEligibilityCheckError PriorAuthOutcomeNotSubmittedDetail = "eligibility_check_error"
	// PriorAuthOutcomeNotSubmittedDetailEligibilityCheckGovernmentPlan:
	// indicates that the eligibility check revealed the patient has only
	// government insurance plan(s). The `eligibility_check_response` field
	// will contain the successful eligibility check response. This status will
	// not happen if
	// `ndp_submission.submit_pa_with_eligibility_check_government_plan` was
	// set to True for the PA request.
	PriorAuthOutcomeNotSubmittedDetailEligibilityCheckGovernmentPlan PriorAuthOutcomeNotSubmittedDetail = "eligibility_check_government_plan"
	// PriorAuthOutcomeNotSubmittedDetailPrescriptionMessageNotFound: indicates
	// the provided prescription message ID does not correspond to a
	// prescription. This can happen if the eScript received to the NDP could
	// not be converted into a valid prescription.
	PriorAuthOutcomeNotSubmittedDetailPrescriptionMessageNotFound PriorAuthOutcomeNotSubmittedDetail = "prescription_message_not_found"
	// PriorAuthOutcomeNotSubmittedDetailMoreInformationRequired: indicates
	// that additional information is required before this request can be
	// submitted. The request was not submitted and should be resubmitted with
	// the additional details.
	PriorAuthOutcomeNotSubmittedDetailMoreInformationRequired PriorAuthOutcomeNotSubmittedDetail = "more_information_required"
	// PriorAuthOutcomeNotSubmittedDetailFormularyAlternativeRequired:
	// indicates that the patient needs to try a formulary alternative before
	// the PA can be approved. The request was not submitted and should instead
	// be submitted for the formulary alternative outlined in the outcome
	// message.
	PriorAuthOutcomeNotSubmittedDetailFormularyAlternativeRequired PriorAuthOutcomeNotSubmittedDetail = "formulary_alternative_required"
	// PriorAuthOutcomeNotSubmittedDetailBenefitVerificationNoMedicationCoverag
	// e: indicates that a triggered benefit verification determined the
	// prescribed medication is not covered by the patient's plan.
	PriorAuthOutcomeNotSubmittedDetailBenefitVerificationNoMedicationCoverage PriorAuthOutcomeNotSubmittedDetail = "benefit_verification_no_medication_coverage"
	// PriorAuthOutcomeNotSubmittedDetailBenefitVerificationOnlyAlternativeMedi
	// cationCovered: indicates that a triggered benefit verification
	// determined the prescribed medication is not covered, but an alternative
	// medication specified in the request is covered.
	PriorAuthOutcomeNotSubmittedDetailBenefitVerificationOnlyAlternativeMedicationCovered PriorAuthOutcomeNotSubmittedDetail = "benefit_verification_only_alternative_medication_covered"
	// PriorAuthOutcomeNotSubmittedDetailBenefitVerificationPANotRequired:
	// indicates that a triggered benefit verification determined the
	// prescribed medication is covered and does not require prior
	// authorization.
	PriorAuthOutcomeNotSubmittedDetailBenefitVerificationPANotRequired PriorAuthOutcomeNotSubmittedDetail = "benefit_verification_pa_not_required"
	// PriorAuthOutcomeNotSubmittedDetailPBMExcluded: indicates that the
	// eligibility check revealed only an excluded PBM payer and the PA was not
	// submitted. The `eligibility_check_response` field will contain the
	// successful eligibility check response.
	PriorAuthOutcomeNotSubmittedDetailPBMExcluded PriorAuthOutcomeNotSubmittedDetail = "pbm_excluded"
	// PriorAuthOutcomeNotSubmittedDetailPayerNotSupported: indicates that the
	// eligibility check revealed the patient's health plan is not supported.
	// Currently, Kaiser health plans are not supported. The
	// `eligibility_check_response` field will contain the successful
	// eligibility check response.
	PriorAuthOutcomeNotSubmittedDetailPayerNotSupported PriorAuthOutcomeNotSubmittedDetail = "payer_not_supported"
)

// Known reports whether v is one of the values the spec documents.
func (v PriorAuthOutcomeNotSubmittedDetail) Known() bool {
	switch v {
	case PriorAuthOutcomeNotSubmittedDetailEligibilityCheckError,
		PriorAuthOutcomeNotSubmittedDetailEligibilityCheckGovernmentPlan,
		PriorAuthOutcomeNotSubmittedDetailPrescriptionMessageNotFound,
		PriorAuthOutcomeNotSubmittedDetailMoreInformationRequired,
		PriorAuthOutcomeNotSubmittedDetailFormularyAlternativeRequired,
		PriorAuthOutcomeNotSubmittedDetailBenefitVerificationNoMedicationCoverage,
		PriorAuthOutcomeNotSubmittedDetailBenefitVerificationOnlyAlternativeMedicationCovered,
		PriorAuthOutcomeNotSubmittedDetailBenefitVerificationPANotRequired,
		PriorAuthOutcomeNotSubmittedDetailPBMExcluded,
		PriorAuthOutcomeNotSubmittedDetailPayerNotSupported:
		return true
	}
	return false
}

// PrescriptionTransferStatus is the spec schema PrescriptionTransferStatus.
type PrescriptionTransferStatus string

// Values of PrescriptionTransferStatus documented by the spec.
const (
	PrescriptionTransferStatusInProgress               PrescriptionTransferStatus = "in_progress"
	PrescriptionTransferStatusCancelled                PrescriptionTransferStatus = "cancelled"
	PrescriptionTransferStatusAwaitingProviderResponse PrescriptionTransferStatus = "awaiting_provider_response"
	PrescriptionTransferStatusCompleted                PrescriptionTransferStatus = "completed"
	PrescriptionTransferStatusError                    PrescriptionTransferStatus = "error"
)

// Known reports whether v is one of the values the spec documents.
func (v PrescriptionTransferStatus) Known() bool {
	switch v {
	case PrescriptionTransferStatusInProgress, PrescriptionTransferStatusCancelled,
		PrescriptionTransferStatusAwaitingProviderResponse, PrescriptionTransferStatusCompleted,
		PrescriptionTransferStatusError:
		return true
	}
	return false
}

// PrescriptionTransferErrorCode is the spec schema
// PrescriptionTransferErrorCode.
type PrescriptionTransferErrorCode string

// Values of PrescriptionTransferErrorCode documented by the spec.
const (
	// PrescriptionTransferErrorCodePharmacyDoesNotExist: the specified
	// pharmacy does not exist in our records.
	PrescriptionTransferErrorCodePharmacyDoesNotExist PrescriptionTransferErrorCode = "pharmacy_does_not_exist"
	// PrescriptionTransferErrorCodePharmacyPermanentlyClosed: the pharmacy has
	// been permanently closed and cannot accept any transfers.
	PrescriptionTransferErrorCodePharmacyPermanentlyClosed PrescriptionTransferErrorCode = "pharmacy_permanently_closed"
	// PrescriptionTransferErrorCodePharmacyUnableToAcceptTransfer: the
	// pharmacy is unable to accept the prescription transfer.
	PrescriptionTransferErrorCodePharmacyUnableToAcceptTransfer PrescriptionTransferErrorCode = "pharmacy_unable_to_accept_transfer"
	// PrescriptionTransferErrorCodePharmacyUnableToFillPrescription: the
	// pharmacy cannot fill the prescription due to restrictions or lack of
	// stock.
	PrescriptionTransferErrorCodePharmacyUnableToFillPrescription PrescriptionTransferErrorCode = "pharmacy_unable_to_fill_prescription"
	// PrescriptionTransferErrorCodePrescriptionTransferNotReceived: the
	// pharmacy did not receive the prescription transfer, possibly after
	// several attempts.
	PrescriptionTransferErrorCodePrescriptionTransferNotReceived PrescriptionTransferErrorCode = "prescription_transfer_not_received"
	// PrescriptionTransferErrorCodeTransferTimedOut: the prescription transfer
	// timed out before it could be completed.
	PrescriptionTransferErrorCodeTransferTimedOut PrescriptionTransferErrorCode = "transfer_timed_out"
	// PrescriptionTransferErrorCodeOther: an unexpected error occurred during
	// the prescription transfer process.
	PrescriptionTransferErrorCodeOther PrescriptionTransferErrorCode = "other"
)

// Known reports whether v is one of the values the spec documents.
func (v PrescriptionTransferErrorCode) Known() bool {
	switch v {
	case PrescriptionTransferErrorCodePharmacyDoesNotExist,
		PrescriptionTransferErrorCodePharmacyPermanentlyClosed,
		PrescriptionTransferErrorCodePharmacyUnableToAcceptTransfer,
		PrescriptionTransferErrorCodePharmacyUnableToFillPrescription,
		PrescriptionTransferErrorCodePrescriptionTransferNotReceived,
		PrescriptionTransferErrorCodeTransferTimedOut, PrescriptionTransferErrorCodeOther:
		return true
	}
	return false
}

// PrescriptionTransferConfirmationAttemptOutcome is the spec schema
// PrescriptionTransferConfirmationAttemptOutcome.
type PrescriptionTransferConfirmationAttemptOutcome string

// Values of PrescriptionTransferConfirmationAttemptOutcome documented by the spec.
const (
	PrescriptionTransferConfirmationAttemptOutcomeSuccess PrescriptionTransferConfirmationAttemptOutcome = "success"
	PrescriptionTransferConfirmationAttemptOutcomeFailed  PrescriptionTransferConfirmationAttemptOutcome = "failed"
)

// Known reports whether v is one of the values the spec documents.
func (v PrescriptionTransferConfirmationAttemptOutcome) Known() bool {
	switch v {
	case PrescriptionTransferConfirmationAttemptOutcomeSuccess,
		PrescriptionTransferConfirmationAttemptOutcomeFailed:
		return true
	}
	return false
}

// EligibilityCheckPlanType is the spec schema EligibilityCheckPlanType.
type EligibilityCheckPlanType string

// Values of EligibilityCheckPlanType documented by the spec.
const (
	EligibilityCheckPlanTypeMedicare          EligibilityCheckPlanType = "medicare"
	EligibilityCheckPlanTypeMedicareAdvantage EligibilityCheckPlanType = "medicare_advantage"
	EligibilityCheckPlanTypeMedicaid          EligibilityCheckPlanType = "medicaid"
	EligibilityCheckPlanTypeTricare           EligibilityCheckPlanType = "tricare"
)

// Known reports whether v is one of the values the spec documents.
func (v EligibilityCheckPlanType) Known() bool {
	switch v {
	case EligibilityCheckPlanTypeMedicare, EligibilityCheckPlanTypeMedicareAdvantage,
		EligibilityCheckPlanTypeMedicaid, EligibilityCheckPlanTypeTricare:
		return true
	}
	return false
}

// EligibilityCheckErrorCode is the spec schema EligibilityCheckErrorCode:
// error code indicating the specific error encountered
type EligibilityCheckErrorCode string

// Values of EligibilityCheckErrorCode documented by the spec.
const (
	// EligibilityCheckErrorCodeProviderNotOnFile: the payer has no record of
	// the provider ID supplied. Provider is not registered with the payer,
	// provider must call payer directly to register their NPI.
	EligibilityCheckErrorCodeProviderNotOnFile EligibilityCheckErrorCode = "provider_not_on_file"
	// EligibilityCheckErrorCodePatientBirthDateDoesNotMatchDatabase: the DOB
	// supplied doesn’t match the payer’s record for the member ID.
	EligibilityCheckErrorCodePatientBirthDateDoesNotMatchDatabase EligibilityCheckErrorCode = "patient_birth_date_does_not_match_database"
	// EligibilityCheckErrorCodeInvalidMissingSubscriberInsuredID: member ID is
	// empty, wrong length, or fails checksum/cross-file lookup. Or does not
	// meet the payer requirements for subscriber ID. This error is rarely
	// encountered.
	EligibilityCheckErrorCodeInvalidMissingSubscriberInsuredID EligibilityCheckErrorCode = "invalid_missing_subscriber_insured_id"
	// EligibilityCheckErrorCodeSubscriberInsuredNotFound: member could not be
	// located with the ID / name / DOB combination submitted. This error is
	// the most common by far.
	EligibilityCheckErrorCodeSubscriberInsuredNotFound EligibilityCheckErrorCode = "subscriber_insured_not_found"
	// EligibilityCheckErrorCodeDuplicateSubscriberInsuredIDNumber: the ID
	// supplied matches more than one person in the payer’s system; inquiry is
	// ambiguous. This error is very rarely encountered, usually only around
	// New Year.
	EligibilityCheckErrorCodeDuplicateSubscriberInsuredIDNumber EligibilityCheckErrorCode = "duplicate_subscriber_insured_id_number"
)

// Known reports whether v is one of the values the spec documents.
func (v EligibilityCheckErrorCode) Known() bool {
	switch v {
	case EligibilityCheckErrorCodeProviderNotOnFile,
		EligibilityCheckErrorCodePatientBirthDateDoesNotMatchDatabase,
		EligibilityCheckErrorCodeInvalidMissingSubscriberInsuredID,
		EligibilityCheckErrorCodeSubscriberInsuredNotFound,
		EligibilityCheckErrorCodeDuplicateSubscriberInsuredIDNumber:
		return true
	}
	return false
}

// EligibilityCheckActionCode is the spec schema EligibilityCheckActionCode:
// action code indicating the action suggested by the payer in the error case
type EligibilityCheckActionCode string

// Values of EligibilityCheckActionCode documented by the spec.
const (
	// EligibilityCheckActionCodePleaseCorrectAndResubmit: the transaction
	// failed basic edits (e.g., missing or invalid data). Fix the errors and
	// resubmit. This indicates the data submitted is incorrect.
	EligibilityCheckActionCodePleaseCorrectAndResubmit EligibilityCheckActionCode = "please_correct_and_resubmit"
	// EligibilityCheckActionCodeResubmissionNotAllowed: the payer will not
	// accept this inquiry again in its current form; requires taking action
	// outside of PMS / contacting the payer directly. For example, (49) PCP
	// assignment requires updating, (76) duplicate patient records must be
	// merged.
	EligibilityCheckActionCodeResubmissionNotAllowed EligibilityCheckActionCode = "resubmission_not_allowed"
)

// Known reports whether v is one of the values the spec documents.
func (v EligibilityCheckActionCode) Known() bool {
	switch v {
	case EligibilityCheckActionCodePleaseCorrectAndResubmit,
		EligibilityCheckActionCodeResubmissionNotAllowed:
		return true
	}
	return false
}

// BenefitVerificationStatus is the spec schema BenefitVerificationStatus.
type BenefitVerificationStatus string

// Values of BenefitVerificationStatus documented by the spec.
const (
	BenefitVerificationStatusPending   BenefitVerificationStatus = "pending"
	BenefitVerificationStatusFailed    BenefitVerificationStatus = "failed"
	BenefitVerificationStatusCompleted BenefitVerificationStatus = "completed"
	BenefitVerificationStatusCancelled BenefitVerificationStatus = "cancelled"
)

// Known reports whether v is one of the values the spec documents.
func (v BenefitVerificationStatus) Known() bool {
	switch v {
	case BenefitVerificationStatusPending, BenefitVerificationStatusFailed,
		BenefitVerificationStatusCompleted, BenefitVerificationStatusCancelled:
		return true
	}
	return false
}

// ReviewStatus is the spec schema ReviewStatus.
type ReviewStatus string

// Values of ReviewStatus documented by the spec.
const (
	ReviewStatusReviewed    ReviewStatus = "reviewed"
	ReviewStatusNotReviewed ReviewStatus = "not_reviewed"
)

// Known reports whether v is one of the values the spec documents.
func (v ReviewStatus) Known() bool {
	switch v {
	case ReviewStatusReviewed, ReviewStatusNotReviewed:
		return true
	}
	return false
}

// DrugCoverage is the spec schema DrugCoverage.
type DrugCoverage string

// Values of DrugCoverage documented by the spec.
const (
	DrugCoverageCovered    DrugCoverage = "covered"
	DrugCoverageNotCovered DrugCoverage = "not_covered"
)

// Known reports whether v is one of the values the spec documents.
func (v DrugCoverage) Known() bool {
	switch v {
	case DrugCoverageCovered, DrugCoverageNotCovered:
		return true
	}
	return false
}

// CoverageDetailCode is the spec schema CoverageDetailCode.
type CoverageDetailCode string

// Values of CoverageDetailCode documented by the spec.
const (
	// CoverageDetailCodeInsurerReportedValue: this is the exact value that the
	// insurer reported for the drug coverage.
	CoverageDetailCodeInsurerReportedValue CoverageDetailCode = "insurer_reported_value"
	// CoverageDetailCodeDiagnosesNotCovered: the drug is being reported as not
	// covered due to this patient's specific diagnosis codes.
	CoverageDetailCodeDiagnosesNotCovered CoverageDetailCode = "diagnoses_not_covered"
	// CoverageDetailCodeQuantityLimitPARequired: the drug is covered but
	// exceeds the plan's dispense quantity limit, so prior authorization is
	// required.
	CoverageDetailCodeQuantityLimitPARequired CoverageDetailCode = "quantity_limit_pa_required"
)

// Known reports whether v is one of the values the spec documents.
func (v CoverageDetailCode) Known() bool {
	switch v {
	case CoverageDetailCodeInsurerReportedValue, CoverageDetailCodeDiagnosesNotCovered,
		CoverageDetailCodeQuantityLimitPARequired:
		return true
	}
	return false
}

// DrugPriorAuthorizationRequirement is the spec schema
// DrugPriorAuthorizationRequirement.
type DrugPriorAuthorizationRequirement string

// Values of DrugPriorAuthorizationRequirement documented by the spec.
const (
	DrugPriorAuthorizationRequirementYes           DrugPriorAuthorizationRequirement = "yes"
	DrugPriorAuthorizationRequirementNo            DrugPriorAuthorizationRequirement = "no"
	DrugPriorAuthorizationRequirementNotApplicable DrugPriorAuthorizationRequirement = "not_applicable"
)

// Known reports whether v is one of the values the spec documents.
func (v DrugPriorAuthorizationRequirement) Known() bool {
	switch v {
	case DrugPriorAuthorizationRequirementYes, DrugPriorAuthorizationRequirementNo,
		DrugPriorAuthorizationRequirementNotApplicable:
		return true
	}
	return false
}

// PatientCoverageStatus is the spec schema PatientCoverageStatus.
type PatientCoverageStatus string

// Values of PatientCoverageStatus documented by the spec.
const (
	// PatientCoverageStatusPatientNotFound: indicates that the patient could
	// not be found in the insurance database.
	PatientCoverageStatusPatientNotFound PatientCoverageStatus = "patient_not_found"
	// PatientCoverageStatusCoverageExpired: implies that the patient's
	// insurance coverage has expired.
	PatientCoverageStatusCoverageExpired PatientCoverageStatus = "coverage_expired"
	// PatientCoverageStatusCoverageNotStarted: suggests that the patient's
	// insurance coverage is in place but has not started yet.
	PatientCoverageStatusCoverageNotStarted PatientCoverageStatus = "coverage_not_started"
	// PatientCoverageStatusCovered: indicates that the patient is covered by
	// the insurance plan.
	PatientCoverageStatusCovered PatientCoverageStatus = "covered"
	// PatientCoverageStatusPatientNotCoveredUnspecified: used when the patient
	// is not covered by the insurance plan, but the specific reason is not
	// specified.
	PatientCoverageStatusPatientNotCoveredUnspecified PatientCoverageStatus = "patient_not_covered_unspecified"
	PatientCoverageStatusHumanUnableToAnswer          PatientCoverageStatus = "human_unable_to_answer"
	PatientCoverageStatusMissingFromTranscript        PatientCoverageStatus = "missing_from_transcript"
	// PatientCoverageStatusUnknown: we were unable to determine the patient's
	// insurance coverage status.
	PatientCoverageStatusUnknown PatientCoverageStatus = "unknown"
)

// Known reports whether v is one of the values the spec documents.
func (v PatientCoverageStatus) Known() bool {
	switch v {
	case PatientCoverageStatusPatientNotFound, PatientCoverageStatusCoverageExpired,
		PatientCoverageStatusCoverageNotStarted, PatientCoverageStatusCovered,
		PatientCoverageStatusPatientNotCoveredUnspecified, PatientCoverageStatusHumanUnableToAnswer,
		PatientCoverageStatusMissingFromTranscript, PatientCoverageStatusUnknown:
		return true
	}
	return false
}

// PatientCoverageType is the spec schema PatientCoverageType: the type of
// coverage the patient has.
type PatientCoverageType string

// Values of PatientCoverageType documented by the spec.
const (
	PatientCoverageTypeMedicare          PatientCoverageType = "medicare"
	PatientCoverageTypeMedicareAdvantage PatientCoverageType = "medicare_advantage"
	PatientCoverageTypeTricare           PatientCoverageType = "tricare"
	PatientCoverageTypeMedicaid          PatientCoverageType = "medicaid"
	PatientCoverageTypeOther             PatientCoverageType = "other"
	PatientCoverageTypeQuestionNotAsked  PatientCoverageType = "question_not_asked"
	PatientCoverageTypeUnableToDetermine PatientCoverageType = "unable_to_determine"
)

// Known reports whether v is one of the values the spec documents.
func (v PatientCoverageType) Known() bool {
	switch v {
	case PatientCoverageTypeMedicare, PatientCoverageTypeMedicareAdvantage,
		PatientCoverageTypeTricare, PatientCoverageTypeMedicaid, PatientCoverageTypeOther,
		PatientCoverageTypeQuestionNotAsked, PatientCoverageTypeUnableToDetermine:
		return true
	}
	return false
}

// PatientPlanFundSource is the spec schema PatientPlanFundSource: the source
// of the patient's plan funding.
type PatientPlanFundSource string

// Values of PatientPlanFundSource documented by the spec.
const (
	PatientPlanFundSourceCommercial        PatientPlanFundSource = "commercial"
	PatientPlanFundSourceGovernment        PatientPlanFundSource = "government"
	PatientPlanFundSourceQuestionNotAsked  PatientPlanFundSource = "question_not_asked"
	PatientPlanFundSourceUnableToDetermine PatientPlanFundSource = "unable_to_determine"
)

// Known reports whether v is one of the values the spec documents.
func (v PatientPlanFundSource) Known() bool {
	switch v {
	case PatientPlanFundSourceCommercial, PatientPlanFundSourceGovernment,
		PatientPlanFundSourceQuestionNotAsked, PatientPlanFundSourceUnableToDetermine:
		return true
	}
	return false
}

// ClientErrorCode is the spec schema ClientErrorCode.
type ClientErrorCode string

// Values of ClientErrorCode documented by the spec.
const (
	// ClientErrorCodePatientNotFound: the plan contact we called was unable to
	// locate the patient in their system. We weren't able to identify a root
	// cause issue with the documentation provided, but re-uploading additional
	// documents may help.
	ClientErrorCodePatientNotFound ClientErrorCode = "Patient Not Found"
	// ClientErrorCodeInsuranceCardOCRFailure: this error means we were unable
	// to read the necessary information from the insurance card image
	// provided. This could be due to the image being unclear. Please check the
	// images provided and/or provide the information manually if possible.
	// This is generally an issue that would be handled on your side, and may
	// involve reaching out to the patient to get a better image of their
	// insurance card.
	ClientErrorCodeInsuranceCardOCRFailure ClientErrorCode = "Insurance Card OCR Failure"
	// ClientErrorCodeInsuranceUnableToProvideInformation: the insurance
	// company was unable to provide the information needed to determine the
	// patient's coverage status. This could be due to various reasons such as
	// the insurance representative being unable or unwilling to provide the
	// necessary details, or issues during the call, like refusal to transfer
	// to a supervisor.
	ClientErrorCodeInsuranceUnableToProvideInformation ClientErrorCode = "Insurance Unable to Provide Information"
	// ClientErrorCodeDocumentQualityError: the insurance documents provided
	// are not valid insurance documents or are low quality (blurry or low
	// resolution) and therefore cannot be processed by our system. To fix this
	// error you can try re-uploading higher quality documents.
	ClientErrorCodeDocumentQualityError ClientErrorCode = "Document Quality Error"
	// ClientErrorCodeDocumentInfoMissingOrIncorrect: the insurance documents
	// provided are missing information that is necessary to identify the
	// patient. The information could be outdated or not present in the
	// documentation. For example, the documents might be missing the member ID
	// for the patient, or could have a medical only ID, or could have an out
	// of date address. To fix this error you can try re-uploading documents
	// that contain the information specified in the message for this error.
	ClientErrorCodeDocumentInfoMissingOrIncorrect ClientErrorCode = "Document Info Missing or Incorrect"
	// ClientErrorCodeUnableToRouteCall: we were unable to determine the
	// correct number to call using the insurance information provided. More
	// information is required.
	ClientErrorCodeUnableToRouteCall ClientErrorCode = "Unable to Route Call"
	// ClientErrorCodeUnableToGatherBenefits: we were unable to gather benefits
	// from the insurance company. This could be due to a variety of reasons,
	// such as the insurance company not being able to provide the information,
	// or the information provided not being sufficient to determine the
	// patient's coverage status. To fix this error, you can try providing
	// insurace information manually and/or providing medication history.
	ClientErrorCodeUnableToGatherBenefits ClientErrorCode = "Unable to Gather Benefits"
	// ClientErrorCodeInternalError: there was an internal error during the
	// benefit verification.
	ClientErrorCodeInternalError ClientErrorCode = "Internal Error"
	// ClientErrorCodeProviderNotAuthorized: the NPI provided is not authorized
	// to submit requests. To enable benefit verification requests for this
	// provider, please complete the provider authorization process.
	ClientErrorCodeProviderNotAuthorized ClientErrorCode = "Provider Not Authorized"
	// ClientErrorCodePatientConsentRequired: benefit verification could not be
	// completed. The payer requires the patient to provide verbal consent
	// during the call.
	ClientErrorCodePatientConsentRequired ClientErrorCode = "Patient Consent Required"
)

// Known reports whether v is one of the values the spec documents.
func (v ClientErrorCode) Known() bool {
	switch v {
	case ClientErrorCodePatientNotFound, ClientErrorCodeInsuranceCardOCRFailure,
		ClientErrorCodeInsuranceUnableToProvideInformation, ClientErrorCodeDocumentQualityError,
		ClientErrorCodeDocumentInfoMissingOrIncorrect, ClientErrorCodeUnableToRouteCall,
		ClientErrorCodeUnableToGatherBenefits, ClientErrorCodeInternalError,
		ClientErrorCodeProviderNotAuthorized, ClientErrorCodePatientConsentRequired:
		return true
	}
	return false
}

// MockResultStatus is the spec schema MockResultStatus.
type MockResultStatus string

// Values of MockResultStatus documented by the spec.
const (
	MockResultStatusCompleted MockResultStatus = "completed"
	MockResultStatusFailed    MockResultStatus = "failed"
)

// Known reports whether v is one of the values the spec documents.
func (v MockResultStatus) Known() bool {
	switch v {
	case MockResultStatusCompleted, MockResultStatusFailed:
		return true
	}
	return false
}

// MockResultCase is the spec schema MockResultCase.
type MockResultCase string

// Values of MockResultCase documented by the spec.
const (
	// MockResultCaseDrugsCoveredPriorAuthRequiredHasCopay: drug is covered,
	// prior authorization required, and there is a copay.
	MockResultCaseDrugsCoveredPriorAuthRequiredHasCopay MockResultCase = "drugs_covered__prior_auth_required__has_copay"
	// MockResultCaseDrugsCoveredPriorAuthRequiredNoCopay: drug is covered,
	// prior authorization required, but there is no copay.
	MockResultCaseDrugsCoveredPriorAuthRequiredNoCopay MockResultCase = "drugs_covered__prior_auth_required__no_copay"
	// MockResultCaseDrugsCoveredPriorAuthNotRequiredHasCopay: drug is covered,
	// no prior authorization required, and there is a copay.
	MockResultCaseDrugsCoveredPriorAuthNotRequiredHasCopay MockResultCase = "drugs_covered__prior_auth_not_required__has_copay"
	// MockResultCaseDrugsCoveredPriorAuthNotRequiredNoCopay: drug is covered,
	// no prior authorization required, and there is no copay.
	MockResultCaseDrugsCoveredPriorAuthNotRequiredNoCopay MockResultCase = "drugs_covered__prior_auth_not_required__no_copay"
	// MockResultCaseDrugsNotCoveredPriorAuthNANoCopay: drug is not covered,
	// prior authorization not applicable (because the drug is not covered),
	// and there is no copay.
	MockResultCaseDrugsNotCoveredPriorAuthNANoCopay MockResultCase = "drugs_not_covered__prior_auth_na__no_copay"
	// MockResultCasePatientConsentRequired: patient consent is required to
	// proceed with the benefit verification.
	MockResultCasePatientConsentRequired MockResultCase = "patient_consent_required"
	// MockResultCaseReverificationExistingPA: reverification case where an
	// existing prior authorization is found. Coverage status and PA
	// requirement will be N/A, with has_active_prior_auth set to true.
	MockResultCaseReverificationExistingPA MockResultCase = "reverification__existing_pa"
	// MockResultCaseReverificationNoExistingPA: reverification case where no
	// existing prior authorization is found. Drug is covered, prior
	// authorization required, with has_active_prior_auth set to false.
	MockResultCaseReverificationNoExistingPA MockResultCase = "reverification__no_existing_pa"
)

// Known reports whether v is one of the values the spec documents.
func (v MockResultCase) Known() bool {
	switch v {
	case MockResultCaseDrugsCoveredPriorAuthRequiredHasCopay,
		MockResultCaseDrugsCoveredPriorAuthRequiredNoCopay,
		MockResultCaseDrugsCoveredPriorAuthNotRequiredHasCopay,
		MockResultCaseDrugsCoveredPriorAuthNotRequiredNoCopay,
		MockResultCaseDrugsNotCoveredPriorAuthNANoCopay, MockResultCasePatientConsentRequired,
		MockResultCaseReverificationExistingPA, MockResultCaseReverificationNoExistingPA:
		return true
	}
	return false
}

// ClinicalQualificationResultStatus is the spec schema
// ClinicalQualificationResultStatus: the status of a clinical qualification
// check.
type ClinicalQualificationResultStatus string

// Values of ClinicalQualificationResultStatus documented by the spec.
const (
	ClinicalQualificationResultStatusPending     ClinicalQualificationResultStatus = "pending"
	ClinicalQualificationResultStatusQualified   ClinicalQualificationResultStatus = "qualified"
	ClinicalQualificationResultStatusUnqualified ClinicalQualificationResultStatus = "unqualified"
	ClinicalQualificationResultStatusUnknown     ClinicalQualificationResultStatus = "unknown"
)

// Known reports whether v is one of the values the spec documents.
func (v ClinicalQualificationResultStatus) Known() bool {
	switch v {
	case ClinicalQualificationResultStatusPending, ClinicalQualificationResultStatusQualified,
		ClinicalQualificationResultStatusUnqualified, ClinicalQualificationResultStatusUnknown:
		return true
	}
	return false
}

// ProviderLookupStatus is the spec schema ProviderLookupStatus: outcome of a
// provider lookup or search.
type ProviderLookupStatus string

// Values of ProviderLookupStatus documented by the spec.
const (
	ProviderLookupStatusActive        ProviderLookupStatus = "active"
	ProviderLookupStatusDeactivated   ProviderLookupStatus = "deactivated"
	ProviderLookupStatusNotFound      ProviderLookupStatus = "not_found"
	ProviderLookupStatusRegistryError ProviderLookupStatus = "registry_error"
	ProviderLookupStatusSearchResults ProviderLookupStatus = "search_results"
)

// Known reports whether v is one of the values the spec documents.
func (v ProviderLookupStatus) Known() bool {
	switch v {
	case ProviderLookupStatusActive, ProviderLookupStatusDeactivated, ProviderLookupStatusNotFound,
		ProviderLookupStatusRegistryError, ProviderLookupStatusSearchResults:
		return true
	}
	return false
}

// Gender is the spec schema Gender.
type Gender string

// Values of Gender documented by the spec.
const (
	GenderMale         Gender = "male"
	GenderFemale       Gender = "female"
	GenderOther        Gender = "other"
	GenderNotSpecified Gender = "not_specified"
)

// Known reports whether v is one of the values the spec documents.
func (v Gender) Known() bool {
	switch v {
	case GenderMale, GenderFemale, GenderOther, GenderNotSpecified:
		return true
	}
	return false
}

// DocType is the spec schema DocType.
type DocType string

// Values of DocType documented by the spec.
const (
	DocTypeApplicationPDF        DocType = "application/pdf"
	DocTypeApplicationMsword     DocType = "application/msword"
	DocTypeTextPlain             DocType = "text/plain"
	DocTypeApplicationVndMsExcel DocType = "application/vnd.ms-excel"
)

// Known reports whether v is one of the values the spec documents.
func (v DocType) Known() bool {
	switch v {
	case DocTypeApplicationPDF, DocTypeApplicationMsword, DocTypeTextPlain,
		DocTypeApplicationVndMsExcel:
		return true
	}
	return false
}

// DoseForm is the spec schema DoseForm.
type DoseForm string

// Values of DoseForm documented by the spec.
const (
	DoseFormAerosol            DoseForm = "aerosol"
	DoseFormBar                DoseForm = "bar"
	DoseFormBead               DoseForm = "bead"
	DoseFormBreadstick         DoseForm = "breadstick"
	DoseFormBulk               DoseForm = "bulk"
	DoseFormCapsule            DoseForm = "capsule"
	DoseFormCatheter           DoseForm = "catheter"
	DoseFormCement             DoseForm = "cement"
	DoseFormCigarette          DoseForm = "cigarette"
	DoseFormCloth              DoseForm = "cloth"
	DoseFormConcentrate        DoseForm = "concentrate"
	DoseFormCone               DoseForm = "cone"
	DoseFormCream              DoseForm = "cream"
	DoseFormCrystal            DoseForm = "crystal"
	DoseFormCulture            DoseForm = "culture"
	DoseFormDentifrice         DoseForm = "dentifrice"
	DoseFormDeposit            DoseForm = "deposit"
	DoseFormDevice             DoseForm = "device"
	DoseFormDiaphragm          DoseForm = "diaphragm"
	DoseFormDisc               DoseForm = "disc"
	DoseFormDouche             DoseForm = "douche"
	DoseFormDressing           DoseForm = "dressing"
	DoseFormDrops              DoseForm = "drops"
	DoseFormElixir             DoseForm = "elixir"
	DoseFormEmulsion           DoseForm = "emulsion"
	DoseFormEnema              DoseForm = "enema"
	DoseFormExtract            DoseForm = "extract"
	DoseFormFilm               DoseForm = "film"
	DoseFormFood               DoseForm = "food"
	DoseFormFoam               DoseForm = "foam"
	DoseFormGel                DoseForm = "gel"
	DoseFormGenerator          DoseForm = "generator"
	DoseFormGlobule            DoseForm = "globule"
	DoseFormGraft              DoseForm = "graft"
	DoseFormGum                DoseForm = "gum"
	DoseFormImplant            DoseForm = "implant"
	DoseFormInfusion           DoseForm = "infusion"
	DoseFormInhalant           DoseForm = "inhalant"
	DoseFormInhalation         DoseForm = "inhalation"
	DoseFormInhaler            DoseForm = "inhaler"
	DoseFormInjectable         DoseForm = "injectable"
	DoseFormInjection          DoseForm = "injection"
	DoseFormInsert             DoseForm = "insert"
	DoseFormIrrigant           DoseForm = "irrigant"
	DoseFormIrrigation         DoseForm = "irrigation"
	DoseFormJelly              DoseForm = "jelly"
	DoseFormKit                DoseForm = "kit"
	DoseFormLens               DoseForm = "lens"
	DoseFormLiner              DoseForm = "liner"
	DoseFormLiniment           DoseForm = "liniment"
	DoseFormLipstick           DoseForm = "lipstick"
	DoseFormLiquid             DoseForm = "liquid"
	DoseFormLollipop           DoseForm = "lollipop"
	DoseFormLotion             DoseForm = "lotion"
	DoseFormLozenge            DoseForm = "lozenge"
	DoseFormMiscellaneous      DoseForm = "miscellaneous"
	DoseFormMouthwash          DoseForm = "mouthwash"
	DoseFormMucilage           DoseForm = "mucilage"
	DoseFormOil                DoseForm = "oil"
	DoseFormOintment           DoseForm = "ointment"
	DoseFormPacking            DoseForm = "packing"
	DoseFormPaste              DoseForm = "paste"
	DoseFormPastille           DoseForm = "pastille"
	DoseFormPatch              DoseForm = "patch"
	DoseFormPellet             DoseForm = "pellet"
	DoseFormPill               DoseForm = "pill"
	DoseFormPlaster            DoseForm = "plaster"
	DoseFormPoultice           DoseForm = "poultice"
	DoseFormPowder             DoseForm = "powder"
	DoseFormResin              DoseForm = "resin"
	DoseFormRing               DoseForm = "ring"
	DoseFormRinse              DoseForm = "rinse"
	DoseFormRod                DoseForm = "rod"
	DoseFormSalve              DoseForm = "salve"
	DoseFormShampoo            DoseForm = "shampoo"
	DoseFormSoap               DoseForm = "soap"
	DoseFormSol                DoseForm = "sol"
	DoseFormSolution           DoseForm = "solution"
	DoseFormSponge             DoseForm = "sponge"
	DoseFormSpray              DoseForm = "spray"
	DoseFormStick              DoseForm = "stick"
	DoseFormStrip              DoseForm = "strip"
	DoseFormSuppository        DoseForm = "suppository"
	DoseFormSuspension         DoseForm = "suspension"
	DoseFormSuture             DoseForm = "suture"
	DoseFormSwab               DoseForm = "swab"
	DoseFormSyrup              DoseForm = "syrup"
	DoseFormTablet             DoseForm = "tablet"
	DoseFormTampon             DoseForm = "tampon"
	DoseFormTape               DoseForm = "tape"
	DoseFormTea                DoseForm = "tea"
	DoseFormTest               DoseForm = "test"
	DoseFormTincture           DoseForm = "tincture"
	DoseFormTroche             DoseForm = "troche"
	DoseFormVaginalSuppository DoseForm = "vaginal_suppository"
	DoseFormVaginalTablet      DoseForm = "vaginal_tablet"
	DoseFormWafer              DoseForm = "wafer"
	DoseFormWash               DoseForm = "wash"
	DoseFormWax                DoseForm = "wax"
)

// Known reports whether v is one of the values the spec documents.
func (v DoseForm) Known() bool {
	switch v {
	case DoseFormAerosol, DoseFormBar, DoseFormBead, DoseFormBreadstick, DoseFormBulk,
		DoseFormCapsule, DoseFormCatheter, DoseFormCement, DoseFormCigarette, DoseFormCloth,
		DoseFormConcentrate, DoseFormCone, DoseFormCream, DoseFormCrystal, DoseFormCulture,
		DoseFormDentifrice, DoseFormDeposit, DoseFormDevice, DoseFormDiaphragm, DoseFormDisc,
		DoseFormDouche, DoseFormDressing, DoseFormDrops, DoseFormElixir, DoseFormEmulsion, DoseFormEnema,
		DoseFormExtract, DoseFormFilm, DoseFormFood, DoseFormFoam, DoseFormGel, DoseFormGenerator,
		DoseFormGlobule, DoseFormGraft, DoseFormGum, DoseFormImplant, DoseFormInfusion, DoseFormInhalant,
		DoseFormInhalation, DoseFormInhaler, DoseFormInjectable, DoseFormInjection, DoseFormInsert,
		DoseFormIrrigant, DoseFormIrrigation, DoseFormJelly, DoseFormKit, DoseFormLens, DoseFormLiner,
		DoseFormLiniment, DoseFormLipstick, DoseFormLiquid, DoseFormLollipop, DoseFormLotion,
		DoseFormLozenge, DoseFormMiscellaneous, DoseFormMouthwash, DoseFormMucilage, DoseFormOil,
		DoseFormOintment, DoseFormPacking, DoseFormPaste, DoseFormPastille, DoseFormPatch,
		DoseFormPellet, DoseFormPill, DoseFormPlaster, DoseFormPoultice, DoseFormPowder, DoseFormResin,
		DoseFormRing, DoseFormRinse, DoseFormRod, DoseFormSalve, DoseFormShampoo, DoseFormSoap,
		DoseFormSol, DoseFormSolution, DoseFormSponge, DoseFormSpray, DoseFormStick, DoseFormStrip,
		DoseFormSuppository, DoseFormSuspension, DoseFormSuture, DoseFormSwab, DoseFormSyrup,
		DoseFormTablet, DoseFormTampon, DoseFormTape, DoseFormTea, DoseFormTest, DoseFormTincture,
		DoseFormTroche, DoseFormVaginalSuppository, DoseFormVaginalTablet, DoseFormWafer, DoseFormWash,
		DoseFormWax:
		return true
	}
	return false
}

// RouteOfAdministration is the spec schema RouteOfAdministration. See:
// https://www.fda.gov/industry/structured-product-labeling-resources/route-
// administration
type RouteOfAdministration string

// Values of RouteOfAdministration documented by the spec.
const (
	RouteOfAdministrationAuricularOtic              RouteOfAdministration = "auricular (otic)"
	RouteOfAdministrationOtic                       RouteOfAdministration = "otic"
	RouteOfAdministrationBuccal                     RouteOfAdministration = "buccal"
	RouteOfAdministrationConjunctival               RouteOfAdministration = "conjunctival"
	RouteOfAdministrationCutaneous                  RouteOfAdministration = "cutaneous"
	RouteOfAdministrationDental                     RouteOfAdministration = "dental"
	RouteOfAdministrationElectroOsmosis             RouteOfAdministration = "electro-osmosis"
	RouteOfAdministrationEndocervical               RouteOfAdministration = "endocervical"
	RouteOfAdministrationEndosinusial               RouteOfAdministration = "endosinusial"
	RouteOfAdministrationEndotracheal               RouteOfAdministration = "endotracheal"
	RouteOfAdministrationEnteral                    RouteOfAdministration = "enteral"
	RouteOfAdministrationEpidural                   RouteOfAdministration = "epidural"
	RouteOfAdministrationExtraAmniotic              RouteOfAdministration = "extra-amniotic"
	RouteOfAdministrationExtracorporeal             RouteOfAdministration = "extracorporeal"
	RouteOfAdministrationHemodialysis               RouteOfAdministration = "hemodialysis"
	RouteOfAdministrationInfiltration               RouteOfAdministration = "infiltration"
	RouteOfAdministrationInterstitial               RouteOfAdministration = "interstitial"
	RouteOfAdministrationIntraAbdominal             RouteOfAdministration = "intra-abdominal"
	RouteOfAdministrationIntraAmniotic              RouteOfAdministration = "intra-amniotic"
	RouteOfAdministrationIntraArterial              RouteOfAdministration = "intra-arterial"
	RouteOfAdministrationIntraArticular             RouteOfAdministration = "intra-articular"
	RouteOfAdministrationIntrabiliary               RouteOfAdministration = "intrabiliary"
	RouteOfAdministrationIntrabronchial             RouteOfAdministration = "intrabronchial"
	RouteOfAdministrationIntrabursal                RouteOfAdministration = "intrabursal"
	RouteOfAdministrationIntracameral               RouteOfAdministration = "intracameral"
	RouteOfAdministrationIntracanalicular           RouteOfAdministration = "intracanalicular"
	RouteOfAdministrationIntracardiac               RouteOfAdministration = "intracardiac"
	RouteOfAdministrationIntracartilaginous         RouteOfAdministration = "intracartilaginous"
	RouteOfAdministrationIntracaudal                RouteOfAdministration = "intracaudal"
	RouteOfAdministrationIntracavernous             RouteOfAdministration = "intracavernous"
	RouteOfAdministrationIntracavitary              RouteOfAdministration = "intracavitary"
	RouteOfAdministrationIntracerebral              RouteOfAdministration = "intracerebral"
	RouteOfAdministrationIntracisternal             RouteOfAdministration = "intracisternal"
	RouteOfAdministrationIntracorneal               RouteOfAdministration = "intracorneal"
	RouteOfAdministrationIntracoronalDental         RouteOfAdministration = "intracoronal, dental"
	RouteOfAdministrationIntracoronary              RouteOfAdministration = "intracoronary"
	RouteOfAdministrationIntracorporusCavernosum    RouteOfAdministration = "intracorporus cavernosum"
	RouteOfAdministrationIntracranial               RouteOfAdministration = "intracranial"
	RouteOfAdministrationIntradermal                RouteOfAdministration = "intradermal"
	RouteOfAdministrationIntradiscal                RouteOfAdministration = "intradiscal"
	RouteOfAdministrationIntraductal                RouteOfAdministration = "intraductal"
	RouteOfAdministrationIntraduodenal              RouteOfAdministration = "intraduodenal"
	RouteOfAdministrationIntradural                 RouteOfAdministration = "intradural"
	RouteOfAdministrationIntraepicardial            RouteOfAdministration = "intraepicardial"
	RouteOfAdministrationIntraepidermal             RouteOfAdministration = "intraepidermal"
	RouteOfAdministrationIntraesophageal            RouteOfAdministration = "intraesophageal"
	RouteOfAdministrationIntragastric               RouteOfAdministration = "intragastric"
	RouteOfAdministrationIntragingival              RouteOfAdministration = "intragingival"
	RouteOfAdministrationIntrahepatic               RouteOfAdministration = "intrahepatic"
	RouteOfAdministrationIntraileal                 RouteOfAdministration = "intraileal"
	RouteOfAdministrationIntralesional              RouteOfAdministration = "intralesional"
	RouteOfAdministrationIntralingual               RouteOfAdministration = "intralingual"
	RouteOfAdministrationIntraluminal               RouteOfAdministration = "intraluminal"
	RouteOfAdministrationIntralymphatic             RouteOfAdministration = "intralymphatic"
	RouteOfAdministrationIntramammary               RouteOfAdministration = "intramammary"
	RouteOfAdministrationIntramedullary             RouteOfAdministration = "intramedullary"
	RouteOfAdministrationIntrameningeal             RouteOfAdministration = "intrameningeal"
	RouteOfAdministrationIntramuscular              RouteOfAdministration = "intramuscular"
	RouteOfAdministrationIntranodal                 RouteOfAdministration = "intranodal"
	RouteOfAdministrationIntraocular                RouteOfAdministration = "intraocular"
	RouteOfAdministrationIntraomentum               RouteOfAdministration = "intraomentum"
	RouteOfAdministrationIntraovarian               RouteOfAdministration = "intraovarian"
	RouteOfAdministrationIntrapericardial           RouteOfAdministration = "intrapericardial"
	RouteOfAdministrationIntraperitoneal            RouteOfAdministration = "intraperitoneal"
	RouteOfAdministrationIntrapleural               RouteOfAdministration = "intrapleural"
	RouteOfAdministrationIntraprostatic             RouteOfAdministration = "intraprostatic"
	RouteOfAdministrationIntrapulmonary             RouteOfAdministration = "intrapulmonary"
	RouteOfAdministrationIntraruminal               RouteOfAdministration = "intraruminal"
	RouteOfAdministrationIntrasinal                 RouteOfAdministration = "intrasinal"
	RouteOfAdministrationIntraspinal                RouteOfAdministration = "intraspinal"
	RouteOfAdministrationIntrasynovial              RouteOfAdministration = "intrasynovial"
	RouteOfAdministrationIntratendinous             RouteOfAdministration = "intratendinous"
	RouteOfAdministrationIntratesticular            RouteOfAdministration = "intratesticular"
	RouteOfAdministrationIntrathecal                RouteOfAdministration = "intrathecal"
	RouteOfAdministrationIntrathoracic              RouteOfAdministration = "intrathoracic"
	RouteOfAdministrationIntratubular               RouteOfAdministration = "intratubular"
	RouteOfAdministrationIntratumor                 RouteOfAdministration = "intratumor"
	RouteOfAdministrationIntratympanic              RouteOfAdministration = "intratympanic"
	RouteOfAdministrationIntrauterine               RouteOfAdministration = "intrauterine"
	RouteOfAdministrationIntravascular              RouteOfAdministration = "intravascular"
	RouteOfAdministrationIntravenous                RouteOfAdministration = "intravenous"
	RouteOfAdministrationIntraventricular           RouteOfAdministration = "intraventricular"
	RouteOfAdministrationIntravesical               RouteOfAdministration = "intravesical"
	RouteOfAdministrationIntravitreal               RouteOfAdministration = "intravitreal"
	RouteOfAdministrationIontophoresis              RouteOfAdministration = "iontophoresis"
	RouteOfAdministrationIrrigation                 RouteOfAdministration = "irrigation"
	RouteOfAdministrationLaryngeal                  RouteOfAdministration = "laryngeal"
	RouteOfAdministrationNasal                      RouteOfAdministration = "nasal"
	RouteOfAdministrationNasogastric                RouteOfAdministration = "nasogastric"
	RouteOfAdministrationNotApplicable              RouteOfAdministration = "not applicable"
	RouteOfAdministrationOcclusiveDressingTechnique RouteOfAdministration = "occlusive dressing technique"
	RouteOfAdministrationOphthalmic                 RouteOfAdministration = "ophthalmic"
	RouteOfAdministrationOral                       RouteOfAdministration = "oral"
	RouteOfAdministrationOropharyngeal              RouteOfAdministration = "oropharyngeal"
	RouteOfAdministrationParenteral                 RouteOfAdministration = "parenteral"
	RouteOfAdministrationPercutaneous               RouteOfAdministration = "percutaneous"
	RouteOfAdministrationPeriarticular              RouteOfAdministration = "periarticular"
	RouteOfAdministrationPeridural                  RouteOfAdministration = "peridural"
	RouteOfAdministrationPerineural                 RouteOfAdministration = "perineural"
	RouteOfAdministrationPeriodontal                RouteOfAdministration = "periodontal"
	RouteOfAdministrationRectal                     RouteOfAdministration = "rectal"
	RouteOfAdministrationRespiratoryInhalation      RouteOfAdministration = "respiratory (inhalation)"
	RouteOfAdministrationInhalation                 RouteOfAdministration = "inhalation"
	RouteOfAdministrationRetrobulbar                RouteOfAdministration = "retrobulbar"
	RouteOfAdministrationSoftTissue                 RouteOfAdministration = "soft tissue"
	RouteOfAdministrationSubarachnoid               RouteOfAdministration = "subarachnoid"
	RouteOfAdministrationSubconjunctival            RouteOfAdministration = "subconjunctival"
	RouteOfAdministrationSubcutaneous               RouteOfAdministration = "subcutaneous"
	RouteOfAdministrationSubgingival                RouteOfAdministration = "subgingival"
	RouteOfAdministrationSublingual                 RouteOfAdministration = "sublingual"
	RouteOfAdministrationSubmucosal                 RouteOfAdministration = "submucosal"
	RouteOfAdministrationSubretinal                 RouteOfAdministration = "subretinal"
	RouteOfAdministrationSuprachoroidal             RouteOfAdministration = "suprachoroidal"
	RouteOfAdministrationTopical                    RouteOfAdministration = "topical"
	RouteOfAdministrationTransdermal                RouteOfAdministration = "transdermal"
	RouteOfAdministrationTransendocardial           RouteOfAdministration = "transendocardial"
	RouteOfAdministrationTransmucosal               RouteOfAdministration = "transmucosal"
	RouteOfAdministrationTransplacental             RouteOfAdministration = "transplacental"
	RouteOfAdministrationTranstracheal              RouteOfAdministration = "transtracheal"
	RouteOfAdministrationTranstympanic              RouteOfAdministration = "transtympanic"
	RouteOfAdministrationUreteral                   RouteOfAdministration = "ureteral"
	RouteOfAdministrationUrethral                   RouteOfAdministration = "urethral"
	RouteOfAdministrationVaginal                    RouteOfAdministration = "vaginal"
)

// Known reports whether v is one of the values the spec documents.
func (v RouteOfAdministration) Known() bool {
	switch v {
	case RouteOfAdministrationAuricularOtic, RouteOfAdministrationOtic, RouteOfAdministrationBuccal,
		RouteOfAdministrationConjunctival, RouteOfAdministrationCutaneous, RouteOfAdministrationDental,
		RouteOfAdministrationElectroOsmosis, RouteOfAdministrationEndocervical,
		RouteOfAdministrationEndosinusial, RouteOfAdministrationEndotracheal,
		RouteOfAdministrationEnteral, RouteOfAdministrationEpidural, RouteOfAdministrationExtraAmniotic,
		RouteOfAdministrationExtracorporeal, RouteOfAdministrationHemodialysis,
		RouteOfAdministrationInfiltration, RouteOfAdministrationInterstitial,
		RouteOfAdministrationIntraAbdominal, RouteOfAdministrationIntraAmniotic,
		RouteOfAdministrationIntraArterial, RouteOfAdministrationIntraArticular,
		RouteOfAdministrationIntrabiliary, RouteOfAdministrationIntrabronchial,
		RouteOfAdministrationIntrabursal, RouteOfAdministrationIntracameral,
		RouteOfAdministrationIntracanalicular, RouteOfAdministrationIntracardiac,
		RouteOfAdministrationIntracartilaginous, RouteOfAdministrationIntracaudal,
		RouteOfAdministrationIntracavernous, RouteOfAdministrationIntracavitary,
		RouteOfAdministrationIntracerebral, RouteOfAdministrationIntracisternal,
		RouteOfAdministrationIntracorneal, RouteOfAdministrationIntracoronalDental,
		RouteOfAdministrationIntracoronary, RouteOfAdministrationIntracorporusCavernosum,
		RouteOfAdministrationIntracranial, RouteOfAdministrationIntradermal,
		RouteOfAdministrationIntradiscal, RouteOfAdministrationIntraductal,
		RouteOfAdministrationIntraduodenal, RouteOfAdministrationIntradural,
		RouteOfAdministrationIntraepicardial, RouteOfAdministrationIntraepidermal,
		RouteOfAdministrationIntraesophageal, RouteOfAdministrationIntragastric,
		RouteOfAdministrationIntragingival, RouteOfAdministrationIntrahepatic,
		RouteOfAdministrationIntraileal, RouteOfAdministrationIntralesional,
		RouteOfAdministrationIntralingual, RouteOfAdministrationIntraluminal,
		RouteOfAdministrationIntralymphatic, RouteOfAdministrationIntramammary,
		RouteOfAdministrationIntramedullary, RouteOfAdministrationIntrameningeal,
		RouteOfAdministrationIntramuscular, RouteOfAdministrationIntranodal,
		RouteOfAdministrationIntraocular, RouteOfAdministrationIntraomentum,
		RouteOfAdministrationIntraovarian, RouteOfAdministrationIntrapericardial,
		RouteOfAdministrationIntraperitoneal, RouteOfAdministrationIntrapleural,
		RouteOfAdministrationIntraprostatic, RouteOfAdministrationIntrapulmonary,
		RouteOfAdministrationIntraruminal, RouteOfAdministrationIntrasinal,
		RouteOfAdministrationIntraspinal, RouteOfAdministrationIntrasynovial,
		RouteOfAdministrationIntratendinous, RouteOfAdministrationIntratesticular,
		RouteOfAdministrationIntrathecal, RouteOfAdministrationIntrathoracic,
		RouteOfAdministrationIntratubular, RouteOfAdministrationIntratumor,
		RouteOfAdministrationIntratympanic, RouteOfAdministrationIntrauterine,
		RouteOfAdministrationIntravascular, RouteOfAdministrationIntravenous,
		RouteOfAdministrationIntraventricular, RouteOfAdministrationIntravesical,
		RouteOfAdministrationIntravitreal, RouteOfAdministrationIontophoresis,
		RouteOfAdministrationIrrigation, RouteOfAdministrationLaryngeal, RouteOfAdministrationNasal,
		RouteOfAdministrationNasogastric, RouteOfAdministrationNotApplicable,
		RouteOfAdministrationOcclusiveDressingTechnique, RouteOfAdministrationOphthalmic,
		RouteOfAdministrationOral, RouteOfAdministrationOropharyngeal, RouteOfAdministrationParenteral,
		RouteOfAdministrationPercutaneous, RouteOfAdministrationPeriarticular,
		RouteOfAdministrationPeridural, RouteOfAdministrationPerineural,
		RouteOfAdministrationPeriodontal, RouteOfAdministrationRectal,
		RouteOfAdministrationRespiratoryInhalation, RouteOfAdministrationInhalation,
		RouteOfAdministrationRetrobulbar, RouteOfAdministrationSoftTissue,
		RouteOfAdministrationSubarachnoid, RouteOfAdministrationSubconjunctival,
		RouteOfAdministrationSubcutaneous, RouteOfAdministrationSubgingival,
		RouteOfAdministrationSublingual, RouteOfAdministrationSubmucosal,
		RouteOfAdministrationSubretinal, RouteOfAdministrationSuprachoroidal,
		RouteOfAdministrationTopical, RouteOfAdministrationTransdermal,
		RouteOfAdministrationTransendocardial, RouteOfAdministrationTransmucosal,
		RouteOfAdministrationTransplacental, RouteOfAdministrationTranstracheal,
		RouteOfAdministrationTranstympanic, RouteOfAdministrationUreteral, RouteOfAdministrationUrethral,
		RouteOfAdministrationVaginal:
		return true
	}
	return false
}
