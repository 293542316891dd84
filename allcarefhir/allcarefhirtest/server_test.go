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
	"regexp"
	"strconv"
	"strings"
	"sync"
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

// TestLinksFollowTheRequestHost: the links of a page lead back through the
// host the client reached (a proxy in front forwards its own Host, or sets
// X-Forwarded-Host), not to the fake's own address.
func TestLinksFollowTheRequestHost(t *testing.T) {
	s := NewServer(WithPageSize(10))
	defer s.Close()
	tok := s.IssueAccessToken()
	page := func(set func(*http.Request)) map[string]string {
		req, err := http.NewRequest(http.MethodGet, s.FHIRBaseURL+"/ExplanationOfBenefit?patient="+s.PatientID, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+tok)
		set(req)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var b struct {
			Link []struct {
				Relation string `json:"relation"`
				URL      string `json:"url"`
			} `json:"link"`
			Entry []struct {
				FullURL string `json:"fullUrl"`
			} `json:"entry"`
		}
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&b))
		links := map[string]string{}
		for _, l := range b.Link {
			links[l.Relation] = l.URL
		}
		require.NotEmpty(t, b.Entry)
		links["fullUrl"] = b.Entry[0].FullURL
		return links
	}

	direct := page(func(*http.Request) {})
	assert.Regexp(t, `^`+regexp.QuoteMeta(s.FHIRBaseURL)+`/ExplanationOfBenefit\?`, direct["next"])
	assert.Contains(t, direct["next"], "_offset=10")

	viaHost := page(func(r *http.Request) { r.Host = "proxy.example:8443" })
	for _, rel := range []string{"self", "next", "fullUrl"} {
		assert.True(t, strings.HasPrefix(viaHost[rel], "http://proxy.example:8443/r4/"), "%s: %s", rel, viaHost[rel])
	}

	forwarded := page(func(r *http.Request) {
		r.Header.Set("X-Forwarded-Host", "gw.example")
		r.Header.Set("X-Forwarded-Proto", "https")
	})
	assert.True(t, strings.HasPrefix(forwarded["next"], "https://gw.example/r4/ExplanationOfBenefit?"), forwarded["next"])

	bogus := page(func(r *http.Request) { r.Header.Set("X-Forwarded-Host", "evil.example/path?x") })
	assert.True(t, strings.HasPrefix(bogus["next"], s.FHIRBaseURL+"/"), "an unusable X-Forwarded-Host is ignored: %s", bogus["next"])
}

func TestWithTokensMakesTheCredentials(t *testing.T) {
	var mu sync.Mutex
	n := map[string]int{}
	s := NewServer(WithTokens(func(kind string) string {
		mu.Lock()
		defer mu.Unlock()
		n[kind]++
		return "CANARY-" + kind + "-" + strconv.Itoa(n[kind])
	}))
	defer s.Close()
	tok := s.IssueAccessToken()
	assert.Equal(t, "CANARY-access_token-1", tok)
	st, _ := get(t, s, "/Patient/"+s.PatientID, tok)
	assert.Equal(t, http.StatusOK, st, "the made token is accepted")

	// The authorization code and the token response.
	u := s.Issuer + "/connect/authorize?" + url.Values{
		"client_id": {s.ClientID}, "redirect_uri": {"https://app.example/cb"}, "response_type": {"code id_token"},
		"response_mode": {"form_post"}, "scope": {"openid offline_access"}, "nonce": {"n"}, "state": {"s"},
	}.Encode()
	post, err := s.Authorize(context.Background(), u)
	require.NoError(t, err)
	assert.Equal(t, "CANARY-code-1", post.Values.Get("code"))
	form := url.Values{"grant_type": {"authorization_code"}, "code": {"CANARY-code-1"}, "redirect_uri": {"https://app.example/cb"}}
	req, err := http.NewRequest(http.MethodPost, s.Issuer+"/connect/token", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(s.ClientID, s.ClientSecret)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var tr map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tr))
	assert.Equal(t, "CANARY-access_token-2", tr["access_token"])
	assert.Equal(t, "CANARY-refresh_token-1", tr["refresh_token"])
}

func TestServersShareTheirBuiltRecord(t *testing.T) {
	a := NewServer(WithPatientID("share-test-1"))
	defer a.Close()
	b := NewServer(WithPatientID("share-test-1"))
	defer b.Close()
	c := NewServer(WithPatientID("share-test-2"))
	defer c.Close()
	d := NewServer(WithPatientID("share-test-1"), WithEOBCount(3))
	defer d.Close()
	assert.Same(t, a.data, b.data, "same member and sizes: one read-only record")
	assert.NotSame(t, a.data, c.data)
	assert.NotSame(t, a.data, d.data)
	assert.Len(t, d.data.order, len(a.data.order)-22, "3 claims instead of 25")
	st, p := get(t, c, "/Patient/share-test-2", c.IssueAccessToken())
	assert.Equal(t, http.StatusOK, st)
	assert.Equal(t, "share-test-2", p["id"])
}

// tokenRequest posts a token request and returns the status and the answer.
func tokenRequest(t *testing.T, s *Server, form url.Values) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.Issuer+"/connect/token", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(s.ClientID, s.ClientSecret)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var tr map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tr))
	return resp.StatusCode, tr
}

func TestRefreshTokensRotateAndReuseRevokesTheGrant(t *testing.T) {
	s := NewServer()
	defer s.Close()
	u := s.Issuer + "/connect/authorize?" + url.Values{
		"client_id": {s.ClientID}, "redirect_uri": {"https://app.example/cb"}, "response_type": {"code id_token"},
		"response_mode": {"form_post"}, "scope": {"openid offline_access"}, "nonce": {"n"}, "state": {"s"},
	}.Encode()
	post, err := s.Authorize(context.Background(), u)
	require.NoError(t, err)
	st, tr := tokenRequest(t, s, url.Values{"grant_type": {"authorization_code"}, "code": {post.Values.Get("code")}, "redirect_uri": {"https://app.example/cb"}})
	require.Equal(t, http.StatusOK, st)
	rt1, _ := tr["refresh_token"].(string)
	require.NotEmpty(t, rt1)

	st, tr = tokenRequest(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt1}})
	require.Equal(t, http.StatusOK, st)
	rt2, _ := tr["refresh_token"].(string)
	require.NotEmpty(t, rt2)
	assert.NotEqual(t, rt1, rt2, "rotated")
	assert.Zero(t, s.Stats().RefreshReuses)

	// The rotated-away token again: refused, counted, and the grant it
	// led to is revoked.
	st, tr = tokenRequest(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt1}})
	assert.Equal(t, http.StatusBadRequest, st)
	assert.Equal(t, "invalid_grant", tr["error"])
	assert.Equal(t, 1, s.Stats().RefreshReuses)
	st, tr = tokenRequest(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt2}})
	assert.Equal(t, http.StatusBadRequest, st, "reuse revoked the successor")
	assert.Equal(t, "invalid_grant", tr["error"])
	assert.Equal(t, 3, s.Stats().Refreshes)

	// An unknown token is refused without counting as a reuse.
	st, _ = tokenRequest(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"never-issued"}})
	assert.Equal(t, http.StatusBadRequest, st)
	assert.Equal(t, 1, s.Stats().RefreshReuses)
}
