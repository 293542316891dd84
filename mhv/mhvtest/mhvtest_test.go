package mhvtest

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// raw sends a request to the fake without the SDK.
func raw(t *testing.T, method, url string, h map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	require.NoError(t, err)
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, b
}

func newSession(t *testing.T, s *Server, vet string) string {
	t.Helper()
	resp, _ := raw(t, "GET", s.URL+"/session", map[string]string{"appToken": s.AppToken, "mhvCorrelationId": vet})
	require.Equal(t, 200, resp.StatusCode)
	return resp.Header.Get("Token")
}

// keys returns the sorted keys of a JSON object.
func keys(t *testing.T, obj json.RawMessage) []string {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(obj, &m))
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func icdFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "mhv", name))
	require.NoError(t, err)
	return b
}

var mhvDate = regexp.MustCompile(`^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} E[SD]T$`)

func TestSessionWireFormat(t *testing.T) {
	s := NewServer()
	t.Cleanup(s.Close)
	resp, body := raw(t, "GET", s.URL+"/session", map[string]string{"appToken": s.AppToken, "mhvCorrelationId": DemoVeteran})
	require.Equal(t, 200, resp.StatusCode)
	assert.Empty(t, body)
	assert.NotEmpty(t, resp.Header.Get("Token"))
	exp, err := http.ParseTime(resp.Header.Get("Expires"))
	require.NoError(t, err, "legacy Expires is RFC 1123 GMT")
	date, err := http.ParseTime(resp.Header.Get("Date"))
	require.NoError(t, err)
	assert.Equal(t, 10*time.Minute, exp.Sub(date))

	for h, code := range map[string]string{"": `"errorCode":132`, "wrong": `"errorCode":101`} {
		resp, body := raw(t, "GET", s.URL+"/session", map[string]string{"appToken": h, "mhvCorrelationId": DemoVeteran})
		assert.Equal(t, 400, resp.StatusCode)
		assert.Contains(t, string(body), code)
	}
	for vet, code := range map[string]string{"": `"errorCode":104`, UnknownVeteran: `"errorCode":105`,
		BlockedVeteran: `"errorCode":106`, NoAgreementVeteran: `"errorCode":135`} {
		resp, body := raw(t, "GET", s.URL+"/session", map[string]string{"appToken": s.AppToken, "mhvCorrelationId": vet})
		assert.Equal(t, 400, resp.StatusCode, vet)
		assert.Contains(t, string(body), code, vet)
	}
}

func TestGatewayWireFormat(t *testing.T) {
	s := NewServer(WithGateway("key-1"))
	t.Cleanup(s.Close)
	assert.True(t, strings.HasSuffix(s.URL, "/v1"))
	resp, body := raw(t, "GET", s.URL+"/usermgmt/auth/session", map[string]string{"appToken": s.AppToken, "mhvCorrelationId": DemoVeteran})
	assert.Equal(t, 403, resp.StatusCode)
	assert.JSONEq(t, `{"message":"Forbidden"}`, string(body))
	resp, _ = raw(t, "GET", s.URL+"/usermgmt/auth/session", map[string]string{"appToken": s.AppToken, "mhvCorrelationId": DemoVeteran, "x-api-key": "key-1"})
	require.Equal(t, 200, resp.StatusCode)
	assert.True(t, strings.HasSuffix(resp.Header.Get("Expires"), " GMT+00:00"), resp.Header.Get("Expires"))
	tok := resp.Header.Get("Token")
	resp, _ = raw(t, "GET", s.URL+"/pharmacy/ess/getactiverx", map[string]string{"Token": tok, "x-api-key": "key-1"})
	assert.Equal(t, 200, resp.StatusCode)
	resp, _ = raw(t, "GET", s.URL+"/prescription/getactiverx", map[string]string{"Token": tok, "x-api-key": "key-1"})
	assert.Equal(t, 404, resp.StatusCode, "legacy routes are not the gateway's")
}

func TestListsAndTrackingSpeakTheICDsShape(t *testing.T) {
	s := NewServer()
	t.Cleanup(s.Close)
	tok := newSession(t, s, DemoVeteran)

	var icd struct {
		PrescriptionList []json.RawMessage `json:"prescriptionList"`
	}
	require.NoError(t, json.Unmarshal(icdFixture(t, "active.json"), &icd))
	wantRx := keys(t, icd.PrescriptionList[0])
	wantList := keys(t, icdFixture(t, "active.json"))

	resp, body := raw(t, "GET", s.URL+"/prescription/getactiverx", map[string]string{"Token": tok})
	require.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	assert.Equal(t, wantList, keys(t, body))
	var got struct {
		PrescriptionList []map[string]any `json:"prescriptionList"`
	}
	require.NoError(t, json.Unmarshal(body, &got))
	require.Len(t, got.PrescriptionList, 4)
	for _, rx := range got.PrescriptionList {
		b, _ := json.Marshal(rx)
		assert.Equal(t, wantRx, keys(t, b))
		for _, k := range []string{"refillDate", "orderedDate", "expirationDate"} {
			assert.Regexp(t, mhvDate, rx[k], k)
		}
		assert.IsType(t, "", rx["prescriptionNumber"])
		assert.IsType(t, float64(0), rx["prescriptionId"])
	}

	resp, body = raw(t, "GET", s.URL+"/prescription/rxtracking/22000102", map[string]string{"Token": tok})
	require.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, keys(t, icdFixture(t, "tracking.json")), keys(t, body))
	var tr struct {
		LastUpdatedtime string            `json:"lastUpdatedtime"`
		TrackingInfo    []json.RawMessage `json:"trackingInfo"`
	}
	require.NoError(t, json.Unmarshal(body, &tr))
	assert.Regexp(t, mhvDate, tr.LastUpdatedtime)
	var icdTr struct {
		TrackingInfo []json.RawMessage `json:"trackingInfo"`
	}
	require.NoError(t, json.Unmarshal(icdFixture(t, "tracking.json"), &icdTr))
	assert.Equal(t, keys(t, icdTr.TrackingInfo[0]), keys(t, tr.TrackingInfo[0]))
}

func TestSessionRefusals(t *testing.T) {
	s := NewServer(WithRejectStyle(RejectExpired110))
	t.Cleanup(s.Close)
	url := s.URL + "/prescription/getactiverx"
	resp, body := raw(t, "GET", url, nil)
	assert.Equal(t, 400, resp.StatusCode)
	assert.Contains(t, string(body), `"errorCode":108`)
	resp, body = raw(t, "GET", url, map[string]string{"Token": "made-up"})
	assert.Equal(t, 401, resp.StatusCode)
	assert.JSONEq(t, `{"errorCode":0,"developerMessage":"Error:Invalid session token;","message":null}`, string(body))
	tok := newSession(t, s, DemoVeteran)
	s.RevokeVeteranCredentials(DemoVeteran)
	resp, body = raw(t, "GET", url, map[string]string{"Token": tok})
	assert.Equal(t, 400, resp.StatusCode)
	assert.Contains(t, string(body), `"errorCode":110`)
	assert.Equal(t, 3, s.Rejections())

	// Sessions end after their lifetime on the fake's clock.
	now := time.Now()
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s2 := NewServer(WithClock(clock), WithSessionLifetime(time.Minute), WithRejectStyle(RejectUnauthorized))
	t.Cleanup(s2.Close)
	tok = newSession(t, s2, DemoVeteran)
	mu.Lock()
	now = now.Add(61 * time.Second)
	mu.Unlock()
	resp, _ = raw(t, "GET", s2.URL+"/prescription/getactiverx", map[string]string{"Token": tok})
	assert.Equal(t, 401, resp.StatusCode)
}

func TestConcurrentSessionCreationsGet500(t *testing.T) {
	// The first creation is held until the four others were refused: the
	// overlap is an event, not a delay racing the requests' arrival.
	release := make(chan struct{})
	s := NewServer(WithConcurrentSessionErrors(), WithSessionHold(release))
	t.Cleanup(s.Close)
	var wg sync.WaitGroup
	codes := make(chan int, 5)
	for range 5 {
		wg.Go(func() {
			resp, _ := raw(t, "GET", s.URL+"/session", map[string]string{"appToken": s.AppToken, "mhvCorrelationId": DemoVeteran})
			codes <- resp.StatusCode
		})
	}
	for s.SessionConflicts() < 4 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	close(codes)
	n500 := 0
	for c := range codes {
		if c == 500 {
			n500++
		}
	}
	assert.Equal(t, 4, n500, "one creation at a time per veteran")
	assert.Equal(t, 4, s.SessionConflicts())
	assert.Equal(t, 1, s.SessionsCreated(DemoVeteran))
	assert.Equal(t, 5, s.SessionRequests(DemoVeteran))
	// Other veterans are not affected.
	_ = newSession(t, s, SecondVeteran)
}

// rxDoc decodes a getrxdoc answer.
func rxDoc(t *testing.T, body []byte) string {
	t.Helper()
	var doc map[string]string
	require.NoError(t, json.Unmarshal(body, &doc))
	require.Equal(t, []string{"html"}, keys(t, body), "the recorded shape: one key, html")
	return doc["html"]
}

func TestRxDocumentationLegacyAndGateway(t *testing.T) {
	s := NewServer()
	t.Cleanup(s.Close)
	// A drug only the second veteran has, with the demo veteran's session:
	// documentation is about the drug, not the veteran.
	s.AddPrescription(SecondVeteran, Prescription{Name: "SYNTHETIC <B> & C 5MG TAB", Status: "active", NDC: "000A6074931"})
	tok := newSession(t, s, DemoVeteran)
	h := map[string]string{"Token": tok}

	cases := []struct{ ndc, title string }{
		{"00093721410", "ATORVASTATIN CALCIUM 10MG TAB"},
		{"00093-7214-10", "ATORVASTATIN CALCIUM 10MG TAB"}, // hyphens removed
		{"62175011843", "OMEPRAZOLE 20MG CAP"},             // the second veteran's
		{"000a6074931", "SYNTHETIC &lt;B&gt; &amp; C 5MG TAB"},
		{"0006074954", UnknownDrugTitle},
	}
	for _, tc := range cases {
		resp, body := raw(t, "GET", s.URL+"/prescription/getrxdoc/"+tc.ndc, h)
		require.Equal(t, 200, resp.StatusCode, tc.ndc)
		assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
		assert.Equal(t, strconv.Itoa(len(body)), resp.Header.Get("Content-Length"))
		doc := rxDoc(t, body)
		assert.True(t, strings.HasPrefix(doc, "<body><Page><h1>"+tc.title+"</h1><strong>Brand Name(s): "), doc)
		assert.Contains(t, doc, "<h2>")
		assert.Contains(t, doc, "<p>")
		assert.True(t, strings.HasSuffix(doc, "</p></Page></body>"), doc)
	}

	// The veteran's own prescription comes first.
	s.AddPrescription(DemoVeteran, Prescription{ID: 1, Name: "OTHER NAME", Status: "active", NDC: "62175-0118-43"})
	_, body := raw(t, "GET", s.URL+"/prescription/getrxdoc/62175011843", h)
	assert.Contains(t, rxDoc(t, body), "<h1>OTHER NAME</h1>")

	for _, bad := range []string{"123", "123456789012", "0009372141.", "%C3%84%C3%84%C3%84%C3%84%C3%84"} {
		resp, body := raw(t, "GET", s.URL+"/prescription/getrxdoc/"+bad, h)
		assert.Equal(t, 400, resp.StatusCode, bad)
		assert.Contains(t, string(body), `"errorCode":99`, bad)
	}
	// The veteran's session is required.
	resp, body := raw(t, "GET", s.URL+"/prescription/getrxdoc/00093721410", nil)
	assert.Equal(t, 400, resp.StatusCode)
	assert.Contains(t, string(body), `"errorCode":108`)
	s.RevokeVeteranCredentials(DemoVeteran)
	resp, body = raw(t, "GET", s.URL+"/prescription/getrxdoc/00093721410", h)
	assert.Equal(t, 400, resp.StatusCode)
	assert.Contains(t, string(body), `"errorCode":110`)

	// The gateway's route; the legacy one is not the gateway's.
	g := NewServer(WithGateway("key-1"))
	t.Cleanup(g.Close)
	resp, _ = raw(t, "GET", g.URL+"/usermgmt/auth/session", map[string]string{"appToken": g.AppToken, "mhvCorrelationId": DemoVeteran, "x-api-key": "key-1"})
	require.Equal(t, 200, resp.StatusCode)
	gh := map[string]string{"Token": resp.Header.Get("Token"), "x-api-key": "key-1"}
	resp, body = raw(t, "GET", g.URL+"/pharmacy/ess/getrxdoc/00378018701", gh)
	require.Equal(t, 200, resp.StatusCode)
	assert.Contains(t, rxDoc(t, body), "<h1>METFORMIN HCL 500MG TAB</h1>")
	resp, _ = raw(t, "GET", g.URL+"/prescription/getrxdoc/00378018701", gh)
	assert.Equal(t, 404, resp.StatusCode)
	resp, _ = raw(t, "GET", g.URL+"/pharmacy/ess/getrxdoc/00378018701", map[string]string{"Token": gh["Token"]})
	assert.Equal(t, 403, resp.StatusCode, "x-api-key required")
}
