package allcarefhir_test

import (
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxbridge/rxbridge-go/allcarefhir"
)

// Typed access to the R4 elements the r4spec_ fixtures exercise (each
// fixture also round-trips in TestRoundTripEveryFixture and is checked by
// TestEveryR4ElementOfTheFixturesIsTyped).

func TestProvenanceSignature(t *testing.T) {
	var p allcarefhir.Provenance
	require.NoError(t, json.Unmarshal(load(t, "r4spec_provenance-example-sig.json"), &p))
	require.Len(t, p.Signature, 1)
	sig := p.Signature[0]
	require.Len(t, sig.Type, 1)
	assert.Equal(t, "1.2.840.10065.1.12.1.5", sig.Type[0].Code)
	assert.Equal(t, "Practitioner/xcda-author", sig.Who.Reference)
	assert.Equal(t, "Organization/hl7", sig.OnBehalfOf.Reference)
	when, err := sig.When.Time()
	require.NoError(t, err)
	assert.Equal(t, 2015, when.Year())
	assert.Equal(t, "application/fhir+xml", sig.TargetFormat)
	assert.Equal(t, "application/signature+xml", sig.SigFormat)
	data, err := base64.StdEncoding.DecodeString(sig.Data)
	require.NoError(t, err)
	assert.Equal(t, "this blob is snipped", string(data))
	assert.Empty(t, p.Unmodeled())

	// A Bundle's signature is the same datatype.
	in := []byte(`{"resourceType":"Bundle","type":"document","signature":{"type":[{"code":"1.2.840.10065.1.12.1.1"}],"when":"2020-01-01T00:00:00Z","who":{"reference":"Practitioner/1"},"data":"AAEC"}}`)
	var b allcarefhir.Bundle
	require.NoError(t, json.Unmarshal(in, &b))
	require.NotNil(t, b.Signature)
	assert.Equal(t, "AAEC", b.Signature.Data)
	assert.Empty(t, b.Unmodeled())
	out, err := json.Marshal(&b)
	require.NoError(t, err)
	requireSameJSON(t, in, out)
}
