package carevalidate

import (
	"context"
	"net/http"
	"strings"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/lenient"
	"github.com/rxbridge/rxbridge-go/internal/redact"
)

// Payment calls create Stripe objects through CareValidate. None of them is
// ever repeated once it may have reached CareValidate: a lost response
// gives ErrOutcomeUnknown.

// PaymentMetadata links a payment to the patient.
type PaymentMetadata struct {
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// PaymentIntentRequest creates a Stripe PaymentIntent.
type PaymentIntentRequest struct {
	// Amount in dollars (rxbridge.NewNumber("1.15")).
	Amount rxbridge.Number `json:"amount"`
	// PaymentMethodTypes restricts the methods ("card").
	PaymentMethodTypes []string         `json:"paymentMethodTypes,omitempty"`
	Metadata           *PaymentMetadata `json:"metadata,omitempty"`
}

// PaymentIntent is a created PaymentIntent.
type PaymentIntent struct {
	// ClientSecret is the PaymentIntent's client secret for Stripe.js
	// ("pi_..._secret_..."); it prints as [REDACTED], Reveal returns it.
	ClientSecret rxbridge.Secret
	// Message is CareValidate's confirmation text.
	Message string
}

type intentResponse struct {
	envelope
	Data struct {
		PaymentIntentSecret lenient.String `json:"paymentIntentSecret"`
	} `json:"data"`
	PaymentIntentSecret lenient.String `json:"paymentIntentSecret"`
}

// CreatePaymentIntent creates a Stripe PaymentIntent for amount dollars
// (POST /api/v1/payments/intent).
func (c *Client) CreatePaymentIntent(ctx context.Context, req *PaymentIntentRequest) (*PaymentIntent, error) {
	const op = "CreatePaymentIntent"
	if req == nil {
		return nil, invalidArg(op, "nil request")
	}
	if f, ok := req.Amount.Float64(); !ok || f <= 0 {
		return nil, invalidArg(op, "Amount must be a positive number")
	}
	body, err := jsonBody(op, req)
	if err != nil {
		return nil, err
	}
	var out intentResponse
	if _, err := c.call(ctx, &httpx.Request{Op: op, Method: http.MethodPost, Route: routePaymentIntent, Body: body,
		Idempotency: httpx.NotIdempotent}, &out); err != nil {
		return nil, err
	}
	s := out.Data.PaymentIntentSecret
	if s == "" {
		s = out.PaymentIntentSecret
	}
	return &PaymentIntent{ClientSecret: redact.NewSecret(string(s)), Message: string(out.Message)}, nil
}

// PaymentSetupRequest creates a Stripe SetupIntent (to save a card).
type PaymentSetupRequest struct {
	Metadata *PaymentMetadata `json:"metadata,omitempty"`
}

// PaymentSetup is a created SetupIntent.
type PaymentSetup struct {
	// ClientSecret is the SetupIntent's client secret for Stripe.js
	// ("seti_..._secret_..."); it prints as [REDACTED].
	ClientSecret rxbridge.Secret
}

// SetupIntentID returns the SetupIntent's id ("seti_...") from its client
// secret, for CompletePaymentSetup; "" if the secret has another form.
func (s *PaymentSetup) SetupIntentID() string {
	if s == nil {
		return ""
	}
	v := s.ClientSecret.Reveal()
	if i := strings.Index(v, "_secret_"); i > 0 {
		return v[:i]
	}
	return ""
}

type setupResponse struct {
	envelope
	PaymentSecret lenient.String `json:"paymentSecret"`
	Data          struct {
		PaymentSecret lenient.String `json:"paymentSecret"`
	} `json:"data"`
}

// CreatePaymentSetup creates a Stripe SetupIntent (POST
// /api/v1/payments/setup). req may be nil.
func (c *Client) CreatePaymentSetup(ctx context.Context, req *PaymentSetupRequest) (*PaymentSetup, error) {
	const op = "CreatePaymentSetup"
	if req == nil {
		req = &PaymentSetupRequest{}
	}
	body, err := jsonBody(op, req)
	if err != nil {
		return nil, err
	}
	var out setupResponse
	if _, err := c.call(ctx, &httpx.Request{Op: op, Method: http.MethodPost, Route: routePaymentSetup, Body: body,
		Idempotency: httpx.NotIdempotent}, &out); err != nil {
		return nil, err
	}
	s := out.PaymentSecret
	if s == "" {
		s = out.Data.PaymentSecret
	}
	return &PaymentSetup{ClientSecret: redact.NewSecret(string(s))}, nil
}

// CompletePaymentSetupRequest finalizes a SetupIntent with the shipping
// address.
type CompletePaymentSetupRequest struct {
	// StripeSetupID is the SetupIntent id ("seti_...").
	StripeSetupID   string        `json:"stripeSetupID"`
	ShippingAddress StripeAddress `json:"shippingAddress"`
}

// StripeAddress is an address in Stripe's snake_case form.
type StripeAddress struct {
	Line1      string `json:"line1"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city"`
	State      string `json:"state"`
	Country    string `json:"country"`
	PostalCode string `json:"postal_code"`
}

type statusResponse struct {
	envelope
}

// CompletePaymentSetup finalizes a SetupIntent (POST
// /api/v1/complete-payment-setup).
func (c *Client) CompletePaymentSetup(ctx context.Context, req *CompletePaymentSetupRequest) error {
	const op = "CompletePaymentSetup"
	switch {
	case req == nil:
		return invalidArg(op, "nil request")
	case strings.TrimSpace(req.StripeSetupID) == "":
		return invalidArg(op, "StripeSetupID is required")
	}
	a := &req.ShippingAddress
	if a.Line1 == "" || a.City == "" || a.State == "" || a.Country == "" || a.PostalCode == "" {
		return invalidArg(op, "ShippingAddress needs Line1, City, State, Country and PostalCode")
	}
	body, err := jsonBody(op, req)
	if err != nil {
		return err
	}
	var out statusResponse
	_, err = c.call(ctx, &httpx.Request{Op: op, Method: http.MethodPost, Route: routeCompleteSetup, Body: body,
		Idempotency: httpx.NotIdempotent}, &out)
	return err
}
