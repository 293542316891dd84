package cvsspecialty_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/internal/contract"
)

// The contract tests replay the recorded exchanges in
// testdata/cvsspecialty/contract: the token request, the intake and status
// requests the client must send (method, path, headers, JSON body) and the
// answers CVS gave, which must decode to the golden results or to the
// expected typed errors.

const contractDir = "../testdata/cvsspecialty/contract"

// cvsSentinels names every sentinel of the package (checked against the
// source by TestContractSentinelsAreComplete).
var cvsSentinels = map[string]error{
	"ErrOutcomeUnknown":       cvsspecialty.ErrOutcomeUnknown,
	"ErrRetryBudgetExhausted": cvsspecialty.ErrRetryBudgetExhausted,
	"ErrResponseTooLarge":     cvsspecialty.ErrResponseTooLarge,
	"ErrTransport":            cvsspecialty.ErrTransport,
	"ErrDecode":               cvsspecialty.ErrDecode,
	"ErrInvalidToken":         cvsspecialty.ErrInvalidToken,
	"ErrUnauthorized":         cvsspecialty.ErrUnauthorized,
	"ErrForbidden":            cvsspecialty.ErrForbidden,
	"ErrNotFound":             cvsspecialty.ErrNotFound,
	"ErrRejected":             cvsspecialty.ErrRejected,
	"ErrRateLimited":          cvsspecialty.ErrRateLimited,
	"ErrServer":               cvsspecialty.ErrServer,
	"ErrUnexpectedResponse":   cvsspecialty.ErrUnexpectedResponse,
	"ErrTokenRequest":         cvsspecialty.ErrTokenRequest,
	"ErrInvalidInput":         cvsspecialty.ErrInvalidInput,
	"ErrImageType":            cvsspecialty.ErrImageType,
}

// cvsArgs are a contract's arguments: the call's input and the client
// options it needs.
type cvsArgs struct {
	// Referral is Submit's input.
	Referral *cvsspecialty.Referral `json:"referral"`
	// IDs are Status's input.
	IDs []string `json:"ids"`
	// Options.
	Mock        bool `json:"mock"`
	DateOnly    bool `json:"dateOnly"`
	BatchSize   int  `json:"batchSize"`
	Concurrency int  `json:"concurrency"`
}

// cvsCall runs one operation against a client pointed at the recording.
// Reads may be retried once (1 ms apart), so the recordings show which
// calls are retried and which never are.
func cvsCall(ctx context.Context, baseURL, op string, raw json.RawMessage) (any, error) {
	var a cvsArgs
	if len(raw) > 0 {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&a); err != nil {
			return nil, fmt.Errorf("contract args: %w", err)
		}
	}
	opts := []cvsspecialty.Option{
		rxbridge.WithBaseURL(baseURL),
		rxbridge.WithRetry(rxbridge.RetryPolicy{MaxRetries: 1, WaitMin: time.Millisecond, WaitMax: time.Millisecond}),
		rxbridge.WithTimeout(30 * time.Second), // a guard: no call waits for it
	}
	if a.Mock {
		opts = append(opts, cvsspecialty.WithMockMode())
	}
	if a.DateOnly {
		opts = append(opts, cvsspecialty.WithDateFormat(cvsspecialty.DateOnly))
	}
	if a.BatchSize > 0 {
		opts = append(opts, cvsspecialty.WithStatusBatchSize(a.BatchSize))
	}
	if a.Concurrency > 0 {
		opts = append(opts, cvsspecialty.WithStatusConcurrency(a.Concurrency))
	}
	c, err := cvsspecialty.NewClient("contract-client-id", "contract-client-secret", opts...)
	if err != nil {
		return nil, err
	}
	switch op {
	case "Submit":
		if a.Referral == nil {
			return nil, errors.New("contract args: Submit needs a referral")
		}
		return c.Submit(ctx, a.Referral)
	case "Status":
		return c.Status(ctx, a.IDs...)
	}
	return nil, fmt.Errorf("contract: unknown operation %q", op)
}

// cvsErrorFields extracts the HTTP status and CVS statusCode (or the OAuth
// error code of a token failure).
func cvsErrorFields(err error) (int, string, bool) {
	var e *cvsspecialty.Error
	if errors.As(err, &e) {
		return e.HTTPStatus, e.Code, true
	}
	var te *cvsspecialty.TokenError
	if errors.As(err, &te) {
		return te.HTTPStatus, te.Code, true
	}
	return 0, "", false
}

// cvsErrorView is what a recorded error decodes to.
type cvsErrorView struct {
	// Is lists every package sentinel the error matches, sorted.
	Is []string `json:"is"`
	// Error is the *cvsspecialty.Error, if any.
	Error *cvsAPIErrorView `json:"error,omitempty"`
	// OutcomeUnknownTransactionID is the transactionId an
	// *OutcomeUnknownError carries.
	OutcomeUnknownTransactionID string `json:"outcomeUnknownTransactionId,omitempty"`
	// Token is the *TokenError, if any.
	Token *cvsTokenErrorView `json:"token,omitempty"`
}

type cvsAPIErrorView struct {
	HTTPStatus    int                 `json:"httpStatus"`
	Code          string              `json:"code"`
	Meaning       string              `json:"meaning"`
	Message       string              `json:"message"`
	RawStatusCode string              `json:"rawStatusCode,omitempty"`
	ContentType   string              `json:"contentType,omitempty"`
	Fault         *cvsspecialty.Fault `json:"fault,omitempty"`
}

type cvsTokenErrorView struct {
	HTTPStatus int    `json:"httpStatus"`
	Code       string `json:"code"`
	Reason     string `json:"reason,omitempty"`
}

func cvsErrorDetail(err error) any {
	v := cvsErrorView{Is: matching(err, cvsSentinels)}
	var e *cvsspecialty.Error
	if errors.As(err, &e) {
		v.Error = &cvsAPIErrorView{HTTPStatus: e.HTTPStatus, Code: e.Code, Meaning: e.Meaning, Message: e.Message,
			RawStatusCode: e.RawStatusCode, ContentType: e.ContentType, Fault: e.Fault}
	}
	var ou *cvsspecialty.OutcomeUnknownError
	if errors.As(err, &ou) {
		v.OutcomeUnknownTransactionID = ou.TransactionID
	}
	var te *cvsspecialty.TokenError
	if errors.As(err, &te) {
		v.Token = &cvsTokenErrorView{HTTPStatus: te.HTTPStatus, Code: te.Code, Reason: te.Reason}
	}
	return v
}

// matching returns the names of the sentinels err matches, sorted.
func matching(err error, sentinels map[string]error) []string {
	out := []string{}
	for name, s := range sentinels {
		if errors.Is(err, s) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func TestContract(t *testing.T) {
	covered := contract.Run(t, contractDir, contract.Provider{
		Name:        "cvsspecialty",
		Call:        cvsCall,
		Sentinels:   cvsSentinels,
		ErrorFields: cvsErrorFields,
		ErrorDetail: cvsErrorDetail,
	})
	// Every exported method of *Client that talks to CVS must have a
	// recording; a new one fails here until it gets one. WaitStatus only
	// repeats Status.
	ops := contract.Methods(reflect.TypeFor[*cvsspecialty.Client](), "String", "GoString", "Format", "LogValue", "WaitStatus")
	require.Equal(t, []string{"Status", "Submit"}, ops, "the client's operations")
	contract.RequireOps(t, covered, ops...)
}

// TestContractSentinelsAreComplete checks that cvsSentinels names every
// exported Err variable of the package, so a contract can name any of
// them and the error views list every match.
func TestContractSentinelsAreComplete(t *testing.T) {
	declared, err := contract.ErrVars(".")
	require.NoError(t, err)
	assert.ElementsMatch(t, declared, slices.Collect(maps.Keys(cvsSentinels)))
}

// TestContractCoversEveryCode checks that every CVS statusCode the package
// names has a recorded exchange that decodes to it.
func TestContractCoversEveryCode(t *testing.T) {
	files, err := contract.Load(contractDir)
	require.NoError(t, err)
	recorded := map[string]bool{}
	for _, f := range files {
		if f.Error != nil {
			recorded[f.Error.Code] = true
		}
	}
	for _, code := range []string{cvsspecialty.CodeInvalidToken, cvsspecialty.CodeAccessDenied, cvsspecialty.CodeForbidden,
		cvsspecialty.CodeMissingField, cvsspecialty.CodeNotFound, cvsspecialty.CodeUnavailable, cvsspecialty.CodeUnexpected,
		cvsspecialty.CodeBadGateway, cvsspecialty.CodeGatewayTimeout} {
		assert.True(t, recorded[code], "statusCode %s has no recorded error exchange", code)
	}
}
