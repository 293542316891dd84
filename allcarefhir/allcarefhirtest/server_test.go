package allcarefhirtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

func TestEmbeddedDataMatchesTestdata(t *testing.T) {
	files, err := dataFS.ReadDir("data")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		emb, err := dataFS.ReadFile("data/" + f.Name())
		require.NoError(t, err)
		orig, err := os.ReadFile(filepath.Join("..", "..", "testdata", "allcarefhir", "fhir", f.Name()))
		require.NoError(t, err, f.Name())
		assert.True(t, bytes.Equal(emb, orig), "%s differs from testdata/allcarefhir/fhir", f.Name())
	}
}

func get(t *testing.T, s *Server, path, token string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.FHIRBaseURL+path, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "application/fhir+json; charset=utf-8", resp.Header.Get("Content-Type"))
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m), string(b))
	return resp.StatusCode, m
}

func TestFHIRServer(t *testing.T) {
	s := NewServer(WithEOBCount(25), WithPageSize(10))
	defer s.Close()
	tok := s.IssueAccessToken()

	st, _ := get(t, s, "/Patient/"+s.PatientID, "")
	assert.Equal(t, http.StatusUnauthorized, st)
	st, p := get(t, s, "/Patient/"+s.PatientID, tok)
	assert.Equal(t, http.StatusOK, st)
	assert.Equal(t, s.PatientID, p["id"])

	// Paging: 25 EOBs in 3 pages of 10, 10 and 5.
	st, b := get(t, s, "/ExplanationOfBenefit?patient="+s.PatientID, tok)
	require.Equal(t, http.StatusOK, st)
	assert.EqualValues(t, 25, b["total"])
	n := len(b["entry"].([]any))
	pages := 1
	for {
		var next string
		for _, l := range b["link"].([]any) {
			if lm := l.(map[string]any); lm["relation"] == "next" {
				next = lm["url"].(string)
			}
		}
		if next == "" {
			break
		}
		u, err := url.Parse(next)
		require.NoError(t, err)
		_, b = get(t, s, u.Path[len("/r4"):]+"?"+u.RawQuery, tok)
		n += len(b["entry"].([]any))
		pages++
	}
	assert.Equal(t, 25, n)
	assert.Equal(t, 3, pages)

	// AllCare's "no data" is a 404, and drugplan is required.
	st, _ = get(t, s, "/Condition?patient=someone-else", tok)
	assert.Equal(t, http.StatusNotFound, st)
	st, oo := get(t, s, "/MedicationKnowledge?drugname=aspirin", tok)
	assert.Equal(t, http.StatusBadRequest, st)
	assert.Equal(t, "OperationOutcome", oo["resourceType"])
	st, b = get(t, s, "/MedicationKnowledge?drugplan="+DrugPlanID+"&drugtier=brand", tok)
	assert.Equal(t, http.StatusOK, st)
	assert.NotEmpty(t, b["entry"])

	// Faults apply to FHIR requests.
	s.Faults.Enqueue(faultserver.Status(503, `{}`))
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, s.FHIRBaseURL+"/metadata", nil)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 503, resp.StatusCode)
}
