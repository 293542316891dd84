package carevalidate_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/carevalidate"
	"github.com/rxbridge/rxbridge-go/internal/contract"
)

// contractKey is a synthetic API key; the recordings only check that an
// API key travels in cv-api-key (and a token as "Authorization: Bearer").
const contractKey = "contract-test-key"

// contractArgs are the arguments a recorded exchange passes to an
// operation. Request, Query and Options are decoded strictly into the
// operation's types, so a field the SDK does not know fails loudly.
type contractArgs struct {
	ID          string          `json:"id"`
	Email       string          `json:"email"`
	AccessToken string          `json:"accessToken"`
	Request     json.RawMessage `json:"request"`
	Query       json.RawMessage `json:"query"`
	Options     json.RawMessage `json:"options"`
}

func strictDecode(what string, raw json.RawMessage, v any) error {
	if len(raw) == 0 {
		return fmt.Errorf("the contract has no args.%s", what)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("args.%s: %w", what, err)
	}
	return nil
}

// decoded decodes raw into a new T.
func decoded[T any](what string, raw json.RawMessage) (*T, error) {
	v := new(T)
	return v, strictDecode(what, raw, v)
}

// optional decodes raw into a new T, or returns nil when raw is empty.
func optional[T any](what string, raw json.RawMessage) (*T, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	return decoded[T](what, raw)
}

var ok = map[string]bool{"ok": true}

// createView is a create's result.
type createView struct {
	CaseID         string          `json:"caseId"`
	FormResponseID string          `json:"formResponseId"`
	IdempotencyKey string          `json:"idempotencyKey"`
	Raw            json.RawMessage `json:"raw"`
}

// caseView is a case with what the SDK derives from it.
type caseView struct {
	Case    *carevalidate.Case    `json:"case"`
	Closed  bool                  `json:"closed"`
	Answers []carevalidate.Answer `json:"answers"`
}

func viewCase(c *carevalidate.Case) caseView {
	return caseView{Case: c, Closed: c.IsClosed(), Answers: c.Answers()}
}

// callCV runs one operation against a client pointed at baseURL, without
// retries.
func callCV(ctx context.Context, baseURL, op string, raw json.RawMessage) (any, error) {
	c, err := carevalidate.NewClient(contractKey, rxbridge.WithBaseURL(baseURL),
		rxbridge.WithRetry(rxbridge.RetryPolicy{MaxRetries: -1}))
	if err != nil {
		return nil, err
	}
	var a contractArgs
	if len(raw) > 0 {
		if err := strictDecode("", raw, &a); err != nil {
			return nil, err
		}
	}
	switch op {
	case "CreateCase":
		req, err := decoded[carevalidate.CreateCaseRequest]("request", a.Request)
		if err != nil {
			return nil, err
		}
		res, err := c.CreateCase(ctx, req)
		if err != nil {
			return nil, err
		}
		return createView{res.CaseID, res.FormResponseID, res.IdempotencyKey, res.Raw}, nil
	case "CreateCaseWithProducts":
		req, err := decoded[carevalidate.CreateCaseWithProductsRequest]("request", a.Request)
		if err != nil {
			return nil, err
		}
		res, err := c.CreateCaseWithProducts(ctx, a.AccessToken, req)
		if err != nil {
			return nil, err
		}
		return createView{res.CaseID, res.FormResponseID, res.IdempotencyKey, res.Raw}, nil
	case "ListCases":
		q, err := decoded[carevalidate.ListCasesQuery]("query", a.Query)
		if err != nil {
			return nil, err
		}
		page, err := c.ListCases(ctx, *q)
		if err != nil {
			return nil, err
		}
		return map[string]any{"page": page, "nextCursor": page.PageInfo.NextCursor()}, nil
	case "Cases":
		q, err := decoded[carevalidate.ListCasesQuery]("query", a.Query)
		if err != nil {
			return nil, err
		}
		ids := []string{}
		for cs, err := range c.Cases(ctx, *q) {
			if err != nil {
				return nil, err
			}
			ids = append(ids, cs.ID)
		}
		return map[string]any{"caseIds": ids}, nil
	case "GetCase", "GetCaseByEmail":
		opts, err := optional[carevalidate.CaseDetailOptions]("options", a.Options)
		if err != nil {
			return nil, err
		}
		var cs *carevalidate.Case
		if op == "GetCase" {
			cs, err = c.GetCase(ctx, a.ID, opts)
		} else {
			cs, err = c.GetCaseByEmail(ctx, a.Email, opts)
		}
		if err != nil {
			return nil, err
		}
		return viewCase(cs), nil
	case "LatestCaseID":
		q, err := decoded[carevalidate.LatestCaseQuery]("query", a.Query)
		if err != nil {
			return nil, err
		}
		id, err := c.LatestCaseID(ctx, *q)
		if err != nil {
			return nil, err
		}
		return map[string]string{"caseId": id}, nil
	case "AddFormResponse":
		req, err := decoded[carevalidate.AddFormRequest]("request", a.Request)
		if err != nil {
			return nil, err
		}
		res, err := c.AddFormResponse(ctx, req)
		if err != nil {
			return nil, err
		}
		return map[string]string{"caseId": res.CaseID, "formResponseId": res.FormResponseID}, nil
	case "AddComment":
		req, err := decoded[carevalidate.NewComment]("request", a.Request)
		if err != nil {
			return nil, err
		}
		res, err := c.AddComment(ctx, a.ID, req)
		if err != nil {
			return nil, err
		}
		return map[string]any{"commentId": res.CommentID, "raw": res.Raw}, nil
	case "CreatePaymentIntent":
		req, err := decoded[carevalidate.PaymentIntentRequest]("request", a.Request)
		if err != nil {
			return nil, err
		}
		pi, err := c.CreatePaymentIntent(ctx, req)
		if err != nil {
			return nil, err
		}
		return map[string]string{"clientSecret": pi.ClientSecret.Reveal(), "printed": fmt.Sprint(pi.ClientSecret),
			"message": pi.Message}, nil
	case "CreatePaymentSetup":
		req, err := optional[carevalidate.PaymentSetupRequest]("request", a.Request)
		if err != nil {
			return nil, err
		}
		ps, err := c.CreatePaymentSetup(ctx, req)
		if err != nil {
			return nil, err
		}
		return map[string]string{"clientSecret": ps.ClientSecret.Reveal(), "printed": fmt.Sprint(ps.ClientSecret),
			"setupIntentId": ps.SetupIntentID()}, nil
	case "CompletePaymentSetup":
		req, err := decoded[carevalidate.CompletePaymentSetupRequest]("request", a.Request)
		if err != nil {
			return nil, err
		}
		return ok, c.CompletePaymentSetup(ctx, req)
	}
	return nil, fmt.Errorf("the contract names an unknown operation %q", op)
}

func cvProvider() contract.Provider {
	return contract.Provider{
		Name: "carevalidate",
		Call: callCV,
		Sentinels: map[string]error{
			"ErrUnauthorized": carevalidate.ErrUnauthorized,
			"ErrNotFound":     carevalidate.ErrNotFound,
			"ErrInvalidCase":  carevalidate.ErrInvalidCase,
			"ErrRejected":     carevalidate.ErrRejected,
			"ErrServer":       carevalidate.ErrServer,
		},
		ErrorFields: func(err error) (int, string, bool) {
			var e *carevalidate.Error
			if !errors.As(err, &e) {
				return 0, "", false
			}
			return e.HTTPStatus, e.Code, true
		},
		ErrorDetails: func(err error) map[string]any {
			var e *carevalidate.Error
			if !errors.As(err, &e) {
				return nil
			}
			return map[string]any{
				"httpStatus": e.HTTPStatus,
				"status":     e.Status,
				"message":    e.Message,
				"detail":     e.Detail,
				"meaning":    e.Meaning,
				"requestId":  e.RequestID,
			}
		},
	}
}

// TestContract replays every recorded exchange in
// testdata/carevalidate/contract and requires one for every REST operation
// of the Client (webhooks are deliveries to you, not calls the SDK makes).
func TestContract(t *testing.T) {
	covered := contract.Run(t, "../testdata/carevalidate/contract", cvProvider())
	contract.RequireOps(t, covered,
		"CreateCase", "CreateCaseWithProducts", "ListCases", "Cases", "GetCase", "GetCaseByEmail", "LatestCaseID",
		"AddFormResponse", "AddComment", "CreatePaymentIntent", "CreatePaymentSetup", "CompletePaymentSetup")
}
