package develophealth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/develophealth"
	"github.com/rxbridge/rxbridge-go/internal/contract"
)

// contractToken is a synthetic API token; the recordings only check that
// it travels as "Authorization: Bearer <token>".
const contractToken = "contract-test-token"

// contractArgs are the arguments a recorded exchange passes to an
// operation: the path id and the request body (decoded strictly into the
// operation's request type, so a field the SDK does not know fails
// loudly).
type contractArgs struct {
	ID      string          `json:"id"`
	Request json.RawMessage `json:"request"`
}

func strictDecode(raw json.RawMessage, v any) error {
	if len(raw) == 0 {
		return errors.New("the contract has no args.request")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// request decodes args.request into a new T.
func request[T any](a contractArgs) (*T, error) {
	v := new(T)
	if err := strictDecode(a.Request, v); err != nil {
		return nil, fmt.Errorf("args.request: %w", err)
	}
	return v, nil
}

// ok is the result of an operation that returns only an error.
var ok = map[string]bool{"ok": true}

// paView is GetPriorAuthorization's result plus what the SDK made of its
// unions: which typed variant holds the outcome and each activity item
// ("raw" when the SDK kept it as received).
type paView struct {
	PriorAuthorization *develophealth.PriorAuthorization `json:"priorAuthorization"`
	Decoded            paDecoded                         `json:"decoded"`
}

type paDecoded struct {
	StatusKnown       bool     `json:"statusKnown"`
	Terminal          bool     `json:"terminal"`
	OutcomeVariant    string   `json:"outcomeVariant"`
	OutcomeDetailCode string   `json:"outcomeDetailCode"`
	ActivityVariants  []string `json:"activityVariants"`
	EligibilityItems  []string `json:"eligibilityVariants"`
	MockResult        string   `json:"mockResult"`
}

func viewPA(pa *develophealth.PriorAuthorization) paView {
	d := paDecoded{
		StatusKnown:       pa.Status.Known(),
		Terminal:          pa.Status.IsTerminal(),
		OutcomeDetailCode: pa.Outcome.DetailCode(),
		ActivityVariants:  []string{},
		EligibilityItems:  []string{},
		MockResult:        string(pa.MockResult.Result()),
	}
	o := pa.Outcome
	switch {
	case o.Approved != nil:
		d.OutcomeVariant = "Approved"
	case o.Denied != nil:
		d.OutcomeVariant = "Denied"
	case o.Other != nil:
		d.OutcomeVariant = "Other"
	case o.Pending != nil:
		d.OutcomeVariant = "Pending"
	case o.NotSubmitted != nil:
		d.OutcomeVariant = "NotSubmitted"
	case len(o.Raw) > 0:
		d.OutcomeVariant = "raw"
	}
	for _, a := range pa.ActivityLog {
		switch {
		case a.Fax != nil:
			d.ActivityVariants = append(d.ActivityVariants, string(a.Type)+":fax")
		case a.FollowUpCall != nil:
			d.ActivityVariants = append(d.ActivityVariants, string(a.Type)+":call")
		default:
			d.ActivityVariants = append(d.ActivityVariants, string(a.Type)+":raw")
		}
	}
	for _, e := range pa.EligibilityCheckResponse {
		switch {
		case e.Success != nil:
			d.EligibilityItems = append(d.EligibilityItems, "success")
		case e.Error != nil:
			d.EligibilityItems = append(d.EligibilityItems, "error")
		default:
			d.EligibilityItems = append(d.EligibilityItems, "raw")
		}
	}
	return paView{PriorAuthorization: pa, Decoded: d}
}

// bvView is GetBenefitVerification's result plus derived facts.
type bvView struct {
	BenefitVerification *develophealth.BenefitVerification `json:"benefitVerification"`
	Terminal            bool                               `json:"terminal"`
	FailureDetailKnown  bool                               `json:"failureDetailKnown"`
}

// providerView is an authorized provider with its pending state.
type providerView struct {
	develophealth.AuthorizedProvider
	Pending bool `json:"pending"`
}

// callDH runs one operation against a client pointed at baseURL, without
// retries.
func callDH(ctx context.Context, baseURL, op string, raw json.RawMessage) (any, error) {
	c, err := develophealth.NewClient(contractToken, rxbridge.WithBaseURL(baseURL),
		rxbridge.WithRetry(rxbridge.RetryPolicy{MaxRetries: -1}))
	if err != nil {
		return nil, err
	}
	var a contractArgs
	if len(raw) > 0 {
		if err := strictDecode(raw, &a); err != nil {
			return nil, fmt.Errorf("args: %w", err)
		}
	}
	switch op {
	case "CreatePriorAuthorization":
		req, err := request[develophealth.CreatePriorAuthRequest](a)
		if err != nil {
			return nil, err
		}
		return c.CreatePriorAuthorization(ctx, req)
	case "GetPriorAuthorization":
		pa, err := c.GetPriorAuthorization(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		return viewPA(pa), nil
	case "CancelPriorAuthorization":
		req, err := request[develophealth.CancelPriorAuthRequest](a)
		if err != nil {
			return nil, err
		}
		return ok, c.CancelPriorAuthorization(ctx, a.ID, req)
	case "SubmitPriorAuthFeedback":
		req, err := request[develophealth.PriorAuthFeedbackRequest](a)
		if err != nil {
			return nil, err
		}
		return ok, c.SubmitPriorAuthFeedback(ctx, a.ID, req)
	case "UpdateNDPSubmission":
		req, err := request[develophealth.UpdateNDPSubmissionRequest](a)
		if err != nil {
			return nil, err
		}
		return c.UpdateNDPSubmission(ctx, a.ID, req)
	case "CancelPrescriptionTransfer":
		return ok, c.CancelPrescriptionTransfer(ctx, a.ID)
	case "CreateBenefitVerification":
		req, err := request[develophealth.CreateBenefitVerificationRequest](a)
		if err != nil {
			return nil, err
		}
		return c.CreateBenefitVerification(ctx, req)
	case "GetBenefitVerification":
		bv, err := c.GetBenefitVerification(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		v := bvView{BenefitVerification: bv, Terminal: bv.Status.IsTerminal()}
		if bv.Error != nil {
			v.FailureDetailKnown = bv.Error.DetailCode.Known()
		}
		return v, nil
	case "CancelBenefitVerification":
		return ok, c.CancelBenefitVerification(ctx, a.ID)
	case "CreateClinicalQualification":
		req, err := request[develophealth.CreateClinicalQualificationRequest](a)
		if err != nil {
			return nil, err
		}
		return c.CreateClinicalQualification(ctx, req)
	case "GetClinicalQualification":
		return c.GetClinicalQualification(ctx, a.ID)
	case "AuthorizeProvider":
		req, err := request[develophealth.AuthorizeProviderRequest](a)
		if err != nil {
			return nil, err
		}
		return ok, c.AuthorizeProvider(ctx, req)
	case "ListAuthorizedProviders":
		list, err := c.ListAuthorizedProviders(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]providerView, len(list))
		for i, p := range list {
			out[i] = providerView{AuthorizedProvider: p, Pending: p.Pending()}
		}
		return out, nil
	case "LookupProvider":
		req, err := request[develophealth.ProviderLookupRequest](a)
		if err != nil {
			return nil, err
		}
		return c.LookupProvider(ctx, req)
	case "Status":
		st, err := c.Status(ctx)
		if err != nil {
			return nil, err
		}
		return map[string]any{"status": st.Status, "message": st.Message, "data": st.Data}, nil
	}
	return nil, fmt.Errorf("the contract names an unknown operation %q", op)
}

func dhProvider() contract.Provider {
	return contract.Provider{
		Name: "develophealth",
		Call: callDH,
		Sentinels: map[string]error{
			"ErrUnauthorized":                          develophealth.ErrUnauthorized,
			"ErrForbidden":                             develophealth.ErrForbidden,
			"ErrNotFound":                              develophealth.ErrNotFound,
			"ErrRejected":                              develophealth.ErrRejected,
			"ErrRateLimited":                           develophealth.ErrRateLimited,
			"ErrInvalidState":                          develophealth.ErrInvalidState,
			"ErrUnsupportedPatient":                    develophealth.ErrUnsupportedPatient,
			"ErrUnsupportedDrug":                       develophealth.ErrUnsupportedDrug,
			"ErrInsuranceCardMemberIDOCRFailure":       develophealth.ErrInsuranceCardMemberIDOCRFailure,
			"ErrInsuranceContentInvalidRxBIN":          develophealth.ErrInsuranceContentInvalidRxBIN,
			"ErrPrescriptionMessageNotFound":           develophealth.ErrPrescriptionMessageNotFound,
			"ErrPrescriptionMessageAlreadyLinked":      develophealth.ErrPrescriptionMessageAlreadyLinked,
			"ErrProviderNotAuthorized":                 develophealth.ErrProviderNotAuthorized,
			"ErrEvidenceFileDownloadFailed":            develophealth.ErrEvidenceFileDownloadFailed,
			"ErrInvalidQLEResubmission":                develophealth.ErrInvalidQLEResubmission,
			"ErrPreviousPARequestInProgress":           develophealth.ErrPreviousPARequestInProgress,
			"ErrCreateFailed":                          develophealth.ErrCreateFailed,
			"ErrMockResultNotAllowed":                  develophealth.ErrMockResultNotAllowed,
			"ErrProviderAuthorizationAlreadyInitiated": develophealth.ErrProviderAuthorizationAlreadyInitiated,
		},
		ErrorFields: func(err error) (int, string, bool) {
			var e *develophealth.Error
			if !errors.As(err, &e) {
				return 0, "", false
			}
			return e.HTTPStatus, e.Code, true
		},
		ErrorDetails: func(err error) map[string]any {
			var e *develophealth.Error
			if !errors.As(err, &e) {
				return nil
			}
			fields := make([]string, len(e.ValidationErrors))
			for i, v := range e.ValidationErrors {
				fields[i] = v.Field()
			}
			return map[string]any{
				"httpStatus":                 e.HTTPStatus,
				"title":                      e.Title,
				"message":                    e.Message,
				"existingPriorAuthRequestId": e.ExistingPriorAuthRequestID,
				"validationErrors":           e.ValidationErrors,
				"fields":                     fields,
				"oddCode":                    e.OddCode,
				"requestId":                  e.RequestID,
				"contentType":                e.ContentType,
				"meaning":                    e.Meaning,
			}
		},
	}
}

// TestContract replays every recorded exchange in
// testdata/develophealth/contract and requires one for every operation of
// the Client.
func TestContract(t *testing.T) {
	covered := contract.Run(t, "../testdata/develophealth/contract", dhProvider())
	contract.RequireOps(t, covered,
		"CreatePriorAuthorization", "GetPriorAuthorization", "CancelPriorAuthorization", "SubmitPriorAuthFeedback",
		"UpdateNDPSubmission", "CancelPrescriptionTransfer",
		"CreateBenefitVerification", "GetBenefitVerification", "CancelBenefitVerification",
		"CreateClinicalQualification", "GetClinicalQualification",
		"AuthorizeProvider", "ListAuthorizedProviders", "LookupProvider", "Status")
}
