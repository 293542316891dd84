package develophealthtest

import (
	_ "embed"
	"encoding/json"

	dh "github.com/rxbridge/rxbridge-go/develophealth"
)

// specPriorAuthRequest is the request example of the Develop Health
// OpenAPI document (POST /prior-authorization), verbatim: synthetic
// people, no PHI.
//
//go:embed pa_create_request.json
var specPriorAuthRequest []byte

// PriorAuthRequestExample returns a fresh copy of the spec's example
// prior authorization request (Wegovy for E66.9, patient "John Doe").
func PriorAuthRequestExample() (*dh.CreatePriorAuthRequest, error) {
	var req dh.CreatePriorAuthRequest
	if err := json.Unmarshal(specPriorAuthRequest, &req); err != nil {
		return nil, err
	}
	return &req, nil
}
