package carevalidate

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

const (
	testKey   = "test-api-key-123"
	prodCases = ProductionURL + "/api/v1/cases"
)

var fastRetry = rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond}

func newMockClient(t *testing.T, opts ...Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewNotFoundResponder(t.Fatal))
	opts = append([]Option{rxbridge.WithHTTPClient(&http.Client{Transport: mt}), rxbridge.WithRetry(fastRetry)}, opts...)
	c, err := NewClient(testKey, opts...)
	require.NoError(t, err)
	return c, mt
}

// captured is one request a responder saw.
type captured struct {
	method string
	url    *url.URL
	header http.Header
	body   []byte
}

// capture answers with status/body and keeps every request.
type capture struct {
	mu   sync.Mutex
	reqs []captured
}

func (c *capture) responder(status int, body string) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		c.keep(req)
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	}
}

func (c *capture) keep(req *http.Request) {
	var b []byte
	if req.Body != nil {
		b, _ = io.ReadAll(req.Body)
	}
	c.mu.Lock()
	c.reqs = append(c.reqs, captured{req.Method, req.URL, req.Header.Clone(), b})
	c.mu.Unlock()
}

func (c *capture) last(t *testing.T) captured {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	require.NotEmpty(t, c.reqs)
	return c.reqs[len(c.reqs)-1]
}

func (c *capture) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.reqs)
}

func bodyMap(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}

func sampleCreate() *CreateCaseRequest {
	return &CreateCaseRequest{
		FirstName: "Test", LastName: "Patient", Email: "patient@example.com",
		FormTitle: "Synthetic Intake", FormDescription: "Synthetic",
		Questions: []Question{
			{QuestionID: "q1", Question: "Height in cm?", Type: "text", Answer: "180", Required: true, PHI: true},
			{QuestionID: "q2", Question: "Which apply?", Type: "multiselect", Answer: []string{"A", "B"}, Options: []string{"A", "B", "C"}},
		},
		DOB: rxbridge.NewDate(1990, time.March, 4), Gender: GenderFemale, PhoneNumber: "+12255550123",
		ShippingAddress:     &ShippingAddress{AddressLine1: "1 Test St", City: "Testville", State: "LA", Country: "US", PostalCode: "70000"},
		LanguagePreferences: []string{"en"},
	}
}

func TestNewClientValidates(t *testing.T) {
	for _, k := range []string{"", "   ", "key\nInjected: x", "key with space"} {
		_, err := NewClient(k)
		require.Error(t, err)
		if k != "" && strings.TrimSpace(k) != "" {
			assert.NotContains(t, err.Error(), k)
		}
	}
	_, err := NewClient("k", rxbridge.WithBaseURL("ftp://x"))
	assert.Error(t, err)
	c, err := NewClient("k")
	require.NoError(t, err)
	assert.Equal(t, ProductionURL, c.BaseURL())
	c, err = NewClient("k", WithStaging())
	require.NoError(t, err)
	assert.Equal(t, StagingURL, c.BaseURL())
}

func TestCreateCase(t *testing.T) {
	c, mt := newMockClient(t)
	var cp capture
	mt.RegisterResponder("POST", ProductionURL+"/api/v1/dynamic-case",
		cp.responder(200, `{"status":200,"success":true,"message":"Case created","data":{"caseId":"case-1","formResponseId":"fr-1"}}`))

	req := sampleCreate()
	req.IdempotencyKey = "intake-42"
	res, err := c.CreateCase(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, "case-1", res.CaseID)
	assert.Equal(t, "fr-1", res.FormResponseID)
	assert.Equal(t, "intake-42", res.IdempotencyKey)
	assert.Contains(t, string(res.Raw), "case-1")

	r := cp.last(t)
	assert.Equal(t, "POST", r.method)
	assert.Equal(t, testKey, r.header.Get("cv-api-key"))
	assert.Empty(t, r.header.Get("Authorization"))
	assert.Equal(t, "application/json", r.header.Get("Content-Type"))
	assert.JSONEq(t, `{
		"firstName":"Test","lastName":"Patient","email":"patient@example.com",
		"formTitle":"Synthetic Intake","formDescription":"Synthetic",
		"questions":[
			{"questionId":"q1","question":"Height in cm?","type":"text","answer":"180","required":true,"phi":true},
			{"questionId":"q2","question":"Which apply?","type":"multiselect","answer":["A","B"],"options":["A","B","C"]}],
		"dob":"1990-03-04","gender":"FEMALE","phoneNumber":"+12255550123",
		"shippingAddress":{"addressLine1":"1 Test St","city":"Testville","state":"LA","country":"US","postalCode":"70000"},
		"languagePreferences":["en"],"idempotencyKey":"intake-42"}`, string(r.body))
}

func TestCreateCaseResponseShapes(t *testing.T) {
	for body, want := range map[string]string{
		`{"status":200,"success":true,"caseId":"c-top"}`: "c-top",
		`{"success":true,"case":{"id":"c-case"}}`:        "c-case",
		`{"data":{"case":{"id":"c-data-case"}}}`:         "c-data-case",
		`{"data":{"id":"c-data-id"}}`:                    "c-data-id",
		`{"id":"c-id"}`:                                  "c-id",
		`{"caseId":12345}`:                               "12345",
	} {
		c, mt := newMockClient(t)
		mt.RegisterResponder("POST", ProductionURL+"/api/v1/dynamic-case", httpmock.NewStringResponder(201, body))
		res, err := c.CreateCase(context.Background(), sampleCreate())
		require.NoError(t, err, body)
		assert.Equal(t, want, res.CaseID, body)
	}
	// Without a case id, the 2xx does not say what was created: the case
	// may exist, and the caller must look before creating it again.
	for _, body := range []string{`not json at all`, ``, `{"success":true,"data":"created","caseId":{"weird":true}}`} {
		c, mt := newMockClient(t)
		mt.RegisterResponder("POST", ProductionURL+"/api/v1/dynamic-case", httpmock.NewStringResponder(201, body))
		_, err := c.CreateCase(context.Background(), sampleCreate())
		require.ErrorIs(t, err, ErrOutcomeUnknown, body)
		assert.ErrorIs(t, err, ErrDecode, body)
	}
}

func TestCreateCaseDateNormalized(t *testing.T) {
	c, mt := newMockClient(t)
	var cp capture
	mt.RegisterResponder("POST", ProductionURL+"/api/v1/dynamic-case", cp.responder(200, `{"caseId":"c"}`))
	req := sampleCreate()
	var d rxbridge.Date
	require.NoError(t, json.Unmarshal([]byte(`"03/04/1990"`), &d))
	req.DOB = d
	_, err := c.CreateCase(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, "1990-03-04", bodyMap(t, cp.last(t).body)["dob"])
}

func TestCreateCaseValidation(t *testing.T) {
	c, mt := newMockClient(t)
	mutate := map[string]func(r *CreateCaseRequest){
		"no first name":    func(r *CreateCaseRequest) { r.FirstName = "" },
		"no email":         func(r *CreateCaseRequest) { r.Email = " " },
		"no questions":     func(r *CreateCaseRequest) { r.Questions = nil },
		"no form":          func(r *CreateCaseRequest) { r.FormTitle = "" },
		"bad status":       func(r *CreateCaseRequest) { r.Status = CaseApproved },
		"question no id":   func(r *CreateCaseRequest) { r.Questions[1].QuestionID = "" },
		"question no type": func(r *CreateCaseRequest) { r.Questions[0].Type = "" },
		"no answer":        func(r *CreateCaseRequest) { r.Questions[0].Answer = nil },
		"bad address":      func(r *CreateCaseRequest) { r.ShippingAddress.City = "" },
		"bad dob":          func(r *CreateCaseRequest) { r.DOB = rxbridge.NewDate(1990, 2, 31) },
		"unencodable":      func(r *CreateCaseRequest) { r.Questions[0].Answer = func() {} },
	}
	for name, m := range mutate {
		r := sampleCreate()
		m(r)
		_, err := c.CreateCase(context.Background(), r)
		assert.ErrorIs(t, err, ErrInvalidInput, name)
	}
	_, err := c.CreateCase(context.Background(), nil)
	assert.ErrorIs(t, err, ErrInvalidInput)
	assert.Equal(t, 0, mt.GetTotalCallCount(), "nothing is sent")
}

func TestCreateCaseWithoutKeyIsNeverRepeated(t *testing.T) {
	for name, r := range map[string]httpmock.Responder{
		"reset":       httpmock.NewErrorResponder(io.ErrUnexpectedEOF),
		"503":         httpmock.NewStringResponder(503, `{"success":false,"message":"Internal server error"}`),
		"gateway 502": httpmock.NewStringResponder(502, `<html>bad gateway</html>`),
		"500":         httpmock.NewStringResponder(500, `{"success":false,"message":"Internal server error"}`),
	} {
		c, mt := newMockClient(t)
		mt.RegisterResponder("POST", ProductionURL+"/api/v1/dynamic-case", r)
		_, err := c.CreateCase(context.Background(), sampleCreate())
		require.ErrorIs(t, err, ErrOutcomeUnknown, name)
		assert.Equal(t, 1, mt.GetTotalCallCount(), name)
	}
}

func TestCreateCaseRetriedOn429AndDialFailure(t *testing.T) {
	c, mt := newMockClient(t)
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	mt.RegisterResponder("POST", ProductionURL+"/api/v1/dynamic-case",
		httpmock.NewStringResponder(429, `{}`).Then(httpmock.NewErrorResponder(dial)).Then(httpmock.NewStringResponder(200, `{"caseId":"c"}`)))
	res, err := c.CreateCase(context.Background(), sampleCreate())
	require.NoError(t, err, "refused (429) and never sent (dial) are safe to repeat")
	assert.Equal(t, "c", res.CaseID)
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

func TestCreateCaseWithKeyIsRetriedWithTheSameKey(t *testing.T) {
	c, mt := newMockClient(t)
	var cp capture
	n := 0
	mt.RegisterResponder("POST", ProductionURL+"/api/v1/dynamic-case", func(req *http.Request) (*http.Response, error) {
		cp.keep(req)
		n++
		if n == 1 {
			return nil, io.ErrUnexpectedEOF
		}
		if n == 2 {
			return httpmock.NewStringResponse(503, `{}`), nil
		}
		return httpmock.NewStringResponse(200, `{"caseId":"c-1"}`), nil
	})
	req := sampleCreate()
	req.IdempotencyKey = NewIdempotencyKey()
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, req.IdempotencyKey)
	res, err := c.CreateCase(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, "c-1", res.CaseID)
	require.Equal(t, 3, cp.count())
	for _, r := range cp.reqs {
		assert.Equal(t, req.IdempotencyKey, bodyMap(t, r.body)["idempotencyKey"])
		assert.Equal(t, string(cp.reqs[0].body), string(r.body), "every attempt sends the same bytes")
	}
}

func TestCreateCaseWithProducts(t *testing.T) {
	c, mt := newMockClient(t)
	var cp capture
	mt.RegisterResponder("POST", prodCases, cp.responder(200, `{"status":200,"success":true,"data":{"caseId":"cp-1"}}`))
	req := &CreateCaseWithProductsRequest{
		User: CaseUser{FirstName: "Test", LastName: "Patient", Email: "p@example.com", PhoneNumber: "+12255550123",
			DOB: rxbridge.NewDate(1985, time.December, 1), Gender: GenderOther},
		Payment: &CasePayment{Amount: rxbridge.NewNumber("149.99"), Currency: "USD",
			ProviderReference: &ProviderReference{Type: ReferenceSetupIntent, ID: "seti_123"}},
		Products: []CaseProduct{{ID: "prod-uuid-1", Form: &ProductForm{Title: "Intake",
			Questions: []Question{{QuestionID: "q1", Question: "Allergies?", Type: "text", Answer: "none"}}}}},
	}
	res, err := c.CreateCaseWithProducts(context.Background(), "access-token-xyz", req)
	require.NoError(t, err)
	assert.Equal(t, "cp-1", res.CaseID)
	r := cp.last(t)
	assert.Equal(t, "Bearer access-token-xyz", r.header.Get("Authorization"))
	assert.Empty(t, r.header.Get("cv-api-key"), "the API key does not travel with the bearer call")
	assert.JSONEq(t, `{"isTest":false,"forceCreate":false,
		"user":{"firstName":"Test","lastName":"Patient","email":"p@example.com","gender":"OTHER","phoneNumber":"+12255550123","dob":"1985-12-01"},
		"payment":{"amount":149.99,"currency":"USD","providerReference":{"type":"SETUP_INTENT","id":"seti_123"}},
		"products":[{"id":"prod-uuid-1","form":{"title":"Intake","questions":[{"questionId":"q1","question":"Allergies?","type":"text","answer":"none"}]}}]}`,
		string(r.body))

	// The next call on the same client is back on the API key.
	mt.RegisterResponder("GET", ProductionURL+"/api/v1/customer-latest-case-id", cp.responder(200, `{"case":{"id":"x"}}`))
	_, err = c.LatestCaseID(context.Background(), LatestCaseQuery{Email: "p@example.com"})
	require.NoError(t, err)
	assert.Equal(t, testKey, cp.last(t).header.Get("cv-api-key"))
	assert.Empty(t, cp.last(t).header.Get("Authorization"))

	_, err = c.CreateCaseWithProducts(context.Background(), "", req)
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = c.CreateCaseWithProducts(context.Background(), "tok\r\nX: y", req)
	assert.ErrorIs(t, err, ErrInvalidInput)
	req.Products = nil
	_, err = c.CreateCaseWithProducts(context.Background(), "t", req)
	assert.ErrorIs(t, err, ErrInvalidInput)

	mt.RegisterResponder("POST", prodCases, httpmock.NewErrorResponder(io.ErrUnexpectedEOF))
	req.Products = []CaseProduct{{ID: "p"}}
	calls := mt.GetTotalCallCount()
	_, err = c.CreateCaseWithProducts(context.Background(), "t", req)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, calls+1, mt.GetTotalCallCount())

	mt.RegisterResponder("POST", prodCases, httpmock.NewStringResponder(401, `{"status":401,"success":false,"error":"Invalid token"}`))
	_, err = c.CreateCaseWithProducts(context.Background(), "t", req)
	assert.ErrorIs(t, err, ErrUnauthorized)
}

func caseJSON(id string) string {
	return fmt.Sprintf(`{"id":%q,"status":"OPEN","shortId":"TST-%s","createdAt":"2025-01-02T03:04:05.000Z"}`, id, id)
}

func TestListCases(t *testing.T) {
	c, mt := newMockClient(t)
	var cp capture
	mt.RegisterResponder("GET", prodCases, cp.responder(200,
		`{"status":200,"success":true,"cases":[`+caseJSON("c1")+`,`+caseJSON("c2")+`],"pageInfo":{"cursor":{"start":"c1","end":"c2"},"hasNextPage":true,"hasPreviousPage":false}}`))
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	page, err := c.ListCases(context.Background(), ListCasesQuery{
		StartTime: start, EndTime: start.Add(30 * 24 * time.Hour), Statuses: []CaseStatus{CaseOpen, CaseApproved},
		RecordsPerPage: 50, After: "c0", IncludeAttachments: true, IncludeOrders: true,
	})
	require.NoError(t, err)
	require.Len(t, page.Cases, 2)
	assert.Equal(t, "c2", page.Cases[1].ID)
	assert.Equal(t, "c2", page.PageInfo.NextCursor())
	q := cp.last(t).url.Query()
	assert.Equal(t, "2025-01-01T00:00:00.000Z", q.Get("startTime"))
	assert.Equal(t, "2025-01-31T00:00:00.000Z", q.Get("endTime"))
	assert.Equal(t, "OPEN,APPROVED", q.Get("status"))
	assert.Equal(t, "50", q.Get("recordsPerPage"))
	assert.Equal(t, "c0", q.Get("after"))
	assert.Equal(t, "true", q.Get("includeAttachments"))
	assert.Equal(t, "base64", q.Get("documentFormat"), "required with includeAttachments")
	assert.Equal(t, "true", q.Get("includeOrders"))
	assert.Empty(t, q.Get("includeCalendarEvents"))
	assert.Equal(t, testKey, cp.last(t).header.Get("cv-api-key"))

	for name, q := range map[string]ListCasesQuery{
		"no window":      {},
		"end <= start":   {StartTime: start, EndTime: start},
		"over 60 days":   {StartTime: start, EndTime: start.Add(61 * 24 * time.Hour)},
		"page too big":   {StartTime: start, EndTime: start.Add(time.Hour), RecordsPerPage: 101},
		"bad doc format": {StartTime: start, EndTime: start.Add(time.Hour), DocumentFormat: "pdf"},
	} {
		_, err := c.ListCases(context.Background(), q)
		assert.ErrorIs(t, err, ErrInvalidInput, name)
	}
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestListCasesResponseShapes(t *testing.T) {
	pi := `{"cursor":{"start":"a","end":"b"},"hasNextPage":true}`
	for name, body := range map[string]string{
		"cases + pageInfo":     `{"cases":[` + caseJSON("a") + `,` + caseJSON("b") + `],"pageInfo":` + pi + `}`,
		"data list + pageInfo": `{"data":[` + caseJSON("a") + `,` + caseJSON("b") + `],"pageInfo":` + pi + `}`,
		"data object":          `{"data":{"cases":[` + caseJSON("a") + `,` + caseJSON("b") + `],"pageInfo":` + pi + `}}`,
		"data.data":            `{"success":true,"data":{"data":[` + caseJSON("a") + `,` + caseJSON("b") + `],"pageInfo":` + pi + `}}`,
	} {
		c, mt := newMockClient(t)
		mt.RegisterResponder("GET", prodCases, httpmock.NewStringResponder(200, body))
		start := time.Now().Add(-time.Hour)
		page, err := c.ListCases(context.Background(), ListCasesQuery{StartTime: start, EndTime: time.Now()})
		require.NoError(t, err, name)
		require.Len(t, page.Cases, 2, name)
		assert.Equal(t, "b", page.PageInfo.NextCursor(), name)
	}
}

// pagedResponder serves pages keyed by the "after" cursor.
func pagedResponder(t *testing.T, pages map[string]string, seen *[]string, mu *sync.Mutex) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		after := req.URL.Query().Get("after")
		mu.Lock()
		*seen = append(*seen, req.URL.Query().Get("startTime")+"|"+after)
		mu.Unlock()
		body, ok := pages[after]
		if !ok {
			t.Errorf("unexpected cursor %q", after)
			return httpmock.NewStringResponse(400, `{"status":400,"success":false,"error":"bad cursor"}`), nil
		}
		return httpmock.NewStringResponse(200, body), nil
	}
}

func page(next string, ids ...string) string {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = caseJSON(id)
	}
	end := ""
	if len(ids) > 0 {
		end = ids[len(ids)-1]
	}
	return fmt.Sprintf(`{"status":200,"success":true,"cases":[%s],"pageInfo":{"cursor":{"start":"","end":%q},"hasNextPage":%t,"hasPreviousPage":false}}`,
		strings.Join(items, ","), end, next != "")
}

func collect(t *testing.T, c *Client, q ListCasesQuery) ([]string, error) {
	t.Helper()
	var got []string
	for cs, err := range c.Cases(context.Background(), q) {
		if err != nil {
			return got, err
		}
		got = append(got, cs.ID)
	}
	return got, nil
}

func TestCasesIteratesAllPages(t *testing.T) {
	c, mt := newMockClient(t)
	var seen []string
	var mu sync.Mutex
	mt.RegisterResponder("GET", prodCases, pagedResponder(t, map[string]string{
		"":   page("c2", "c1", "c2"),
		"c2": page("c4", "c3", "c4"),
		"c4": page("", "c5"),
	}, &seen, &mu))
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	got, err := collect(t, c, ListCasesQuery{StartTime: start, EndTime: start.Add(24 * time.Hour)})
	require.NoError(t, err)
	assert.Equal(t, []string{"c1", "c2", "c3", "c4", "c5"}, got)
	assert.Equal(t, 3, mt.GetTotalCallCount())

	// Breaking early stops fetching.
	n := mt.GetTotalCallCount()
	for cs, err := range c.Cases(context.Background(), ListCasesQuery{StartTime: start, EndTime: start.Add(24 * time.Hour)}) {
		require.NoError(t, err)
		if cs.ID == "c1" {
			break
		}
	}
	assert.Equal(t, n+1, mt.GetTotalCallCount())
}

func TestCasesStopsOnANonAdvancingCursor(t *testing.T) {
	c, mt := newMockClient(t)
	var seen []string
	var mu sync.Mutex
	mt.RegisterResponder("GET", prodCases, pagedResponder(t, map[string]string{
		"":   page("c2", "c1", "c2"),
		"c2": page("c2", "c2"), // the server hands back the same cursor
	}, &seen, &mu))
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	got, err := collect(t, c, ListCasesQuery{StartTime: start, EndTime: start.Add(time.Hour)})
	require.ErrorIs(t, err, ErrPageLoop)
	require.ErrorIs(t, err, rxbridge.ErrPageLoop)
	assert.Equal(t, "carevalidate: Cases: next page repeats a page already read", err.Error())
	assert.Equal(t, []string{"c1", "c2", "c2"}, got)
	assert.Equal(t, 2, mt.GetTotalCallCount(), "no third request")

	// A cursor that comes back after another page is a loop too.
	c2, mt2 := newMockClient(t)
	mt2.RegisterResponder("GET", prodCases, pagedResponder(t, map[string]string{
		"":  page("a", "a"),
		"a": page("b", "b"),
		"b": page("a", "a"),
	}, &seen, &mu))
	_, err = collect(t, c2, ListCasesQuery{StartTime: start, EndTime: start.Add(time.Hour)})
	require.ErrorIs(t, err, ErrPageLoop)
	assert.Equal(t, 3, mt2.GetTotalCallCount())
}

func TestCasesNextPageWithoutCursor(t *testing.T) {
	c, mt := newMockClient(t)
	mt.RegisterResponder("GET", prodCases, httpmock.NewStringResponder(200,
		`{"cases":[`+caseJSON("c1")+`],"pageInfo":{"cursor":{},"hasNextPage":true}}`))
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	got, err := collect(t, c, ListCasesQuery{StartTime: start, EndTime: start.Add(time.Hour)})
	require.ErrorIs(t, err, ErrCursorMissing)
	assert.Equal(t, []string{"c1"}, got)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestCasesWalksLongWindows(t *testing.T) {
	c, mt := newMockClient(t)
	var seen []string
	var mu sync.Mutex
	mt.RegisterResponder("GET", prodCases, func(req *http.Request) (*http.Response, error) {
		q := req.URL.Query()
		mu.Lock()
		seen = append(seen, q.Get("startTime")+" "+q.Get("endTime")+" "+q.Get("after")+" "+q.Get("recordsPerPage"))
		mu.Unlock()
		st, _ := time.Parse(time.RFC3339, q.Get("startTime"))
		en, _ := time.Parse(time.RFC3339, q.Get("endTime"))
		assert.LessOrEqual(t, en.Sub(st), MaxListWindow)
		return httpmock.NewStringResponse(200, page("", "case-"+q.Get("startTime")[:10])), nil
	})
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	got, err := collect(t, c, ListCasesQuery{StartTime: start, EndTime: start.Add(130 * 24 * time.Hour), After: "resume"})
	require.NoError(t, err)
	assert.Equal(t, []string{"case-2025-01-01", "case-2025-03-02", "case-2025-05-01"}, got)
	assert.Equal(t, []string{
		"2025-01-01T00:00:00.000Z 2025-03-02T00:00:00.000Z resume 100",
		"2025-03-02T00:00:00.000Z 2025-05-01T00:00:00.000Z  100",
		"2025-05-01T00:00:00.000Z 2025-05-11T00:00:00.000Z  100",
	}, seen, "After applies to the first window only")

	_, err = collect(t, c, ListCasesQuery{})
	assert.ErrorIs(t, err, ErrInvalidInput)
}

func TestCasesStopsOnError(t *testing.T) {
	c, mt := newMockClient(t)
	mt.RegisterResponder("GET", prodCases, httpmock.NewStringResponder(200, page("c1", "c1")).
		Then(httpmock.NewStringResponder(400, `{"status":400,"success":false,"message":"Invalid case data","error":"endTime must be after startTime","code":"CASE_ERROR"}`)))
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	got, err := collect(t, c, ListCasesQuery{StartTime: start, EndTime: start.Add(time.Hour)})
	assert.ErrorIs(t, err, ErrRejected)
	assert.Equal(t, []string{"c1"}, got)
}

func TestGetCase(t *testing.T) {
	c, mt := newMockClient(t)
	var cp capture
	spec := fixture(t, "case-update-order-top-level.json")
	var env struct {
		Payload struct {
			Case json.RawMessage `json:"case"`
		} `json:"payload"`
	}
	require.NoError(t, json.Unmarshal(spec, &env))
	mt.RegisterResponder("GET", ProductionURL+"/api/v1/customer-case-detail",
		cp.responder(200, `{"status":200,"success":true,"caseDetail":`+string(env.Payload.Case)+`}`))

	cs, err := c.GetCase(context.Background(), "a265d7a3-d9e2-48b5-b46b-b91e15f9b515", &CaseDetailOptions{
		IncludeAttachments: true, DocumentFormat: DocumentURL, IncludeOrders: true, IncludeCaseProducts: true, IncludeCalendarEvents: true})
	require.NoError(t, err)
	assertSpecCase(t, cs)
	q := cp.last(t).url.Query()
	assert.Equal(t, "a265d7a3-d9e2-48b5-b46b-b91e15f9b515", q.Get("caseId"))
	assert.Empty(t, q.Get("email"))
	assert.Equal(t, "true", q.Get("includeAttachments"))
	assert.Equal(t, "url", q.Get("documentFormat"))
	assert.Equal(t, "true", q.Get("includeOrders"))
	assert.Equal(t, "true", q.Get("includeCaseProducts"))
	assert.Equal(t, "true", q.Get("includeCalendarEvents"))

	_, err = c.GetCaseByEmail(context.Background(), "patient+tag@example.com", nil)
	require.NoError(t, err)
	q = cp.last(t).url.Query()
	assert.Equal(t, "patient+tag@example.com", q.Get("email"))
	assert.Empty(t, q.Get("caseId"))
	assert.Empty(t, q.Get("includeAttachments"))

	_, err = c.GetCase(context.Background(), "", nil)
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = c.GetCaseByEmail(context.Background(), "", nil)
	assert.ErrorIs(t, err, ErrInvalidInput)
}

func TestGetCaseNotFound(t *testing.T) {
	c, mt := newMockClient(t)
	mt.RegisterResponder("GET", ProductionURL+"/api/v1/customer-case-detail",
		httpmock.NewStringResponder(400, `{"status":400,"success":false,"message":"Invalid case data","error":"No Case found for provided details!","code":"CASE_ERROR"}`))
	_, err := c.GetCase(context.Background(), "nope", nil)
	require.ErrorIs(t, err, ErrNotFound)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 400, e.HTTPStatus)
	assert.Equal(t, 400, e.Status)
	assert.Equal(t, "CASE_ERROR", e.Code)
	assert.Equal(t, "Invalid case data", e.Message)
	assert.Equal(t, "No Case found for provided details!", e.Detail)
	assert.Equal(t, 1, e.Attempts, "a 400 is not retried")

	mt.RegisterResponder("GET", ProductionURL+"/api/v1/customer-case-detail", httpmock.NewStringResponder(200, `{"status":200,"success":true,"caseDetail":null}`))
	_, err = c.GetCase(context.Background(), "nope", nil)
	assert.ErrorIs(t, err, ErrNotFound, "a success with no case")

	mt.RegisterResponder("GET", ProductionURL+"/api/v1/customer-case-detail", httpmock.NewStringResponder(200, `{"status":200,"success":true}`))
	_, err = c.GetCase(context.Background(), "nope", nil)
	assert.ErrorIs(t, err, ErrDecode, "a success without caseDetail is not the documented answer")
}

func TestGetCaseRetriesServerErrors(t *testing.T) {
	c, mt := newMockClient(t)
	mt.RegisterResponder("GET", ProductionURL+"/api/v1/customer-case-detail",
		httpmock.NewStringResponder(503, `{}`).Then(httpmock.NewErrorResponder(io.ErrUnexpectedEOF)).
			Then(httpmock.NewStringResponder(200, `{"caseDetail":`+caseJSON("c1")+`}`)))
	cs, err := c.GetCase(context.Background(), "c1", nil)
	require.NoError(t, err)
	assert.Equal(t, "c1", cs.ID)
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

func TestLatestCaseID(t *testing.T) {
	c, mt := newMockClient(t)
	var cp capture
	mt.RegisterResponder("GET", ProductionURL+"/api/v1/customer-latest-case-id",
		cp.responder(200, `{"status":200,"success":true,"case":{"id":"5f1c2b64-0000-4000-8000-000000000000"}}`))
	id, err := c.LatestCaseID(context.Background(), LatestCaseQuery{Email: "p@example.com", PhoneNumber: "+12255550123"})
	require.NoError(t, err)
	assert.Equal(t, "5f1c2b64-0000-4000-8000-000000000000", id)
	q := cp.last(t).url.Query()
	assert.Equal(t, "p@example.com", q.Get("email"))
	assert.Equal(t, "+12255550123", q.Get("phoneNumber"))

	mt.RegisterResponder("GET", ProductionURL+"/api/v1/customer-latest-case-id",
		httpmock.NewStringResponder(400, `{"status":400,"success":false,"message":"Invalid case data","error":"Organization with [CV-Api-Key-Hash] not found!","code":"CASE_ERROR"}`))
	_, err = c.LatestCaseID(context.Background(), LatestCaseQuery{Email: "p@example.com"})
	assert.ErrorIs(t, err, ErrUnauthorized, "an unknown key arrives as HTTP 400")
	assert.NotErrorIs(t, err, ErrNotFound)

	mt.RegisterResponder("GET", ProductionURL+"/api/v1/customer-latest-case-id",
		httpmock.NewStringResponder(400, `{"error":"Email id not provided!"}`))
	_, err = c.LatestCaseID(context.Background(), LatestCaseQuery{Email: "p@example.com"})
	assert.ErrorIs(t, err, ErrRejected)

	_, err = c.LatestCaseID(context.Background(), LatestCaseQuery{})
	assert.ErrorIs(t, err, ErrInvalidInput)
}

func TestAddFormResponse(t *testing.T) {
	c, mt := newMockClient(t)
	var cp capture
	mt.RegisterResponder("POST", ProductionURL+"/api/v1/customer-dynamic-case-form",
		cp.responder(200, `{"status":200,"success":true,"data":{"caseId":"c1","formResponseId":"fr-9"}}`))
	res, err := c.AddFormResponse(context.Background(), &AddFormRequest{CaseID: "c1", FormTitle: "Follow-up",
		Questions: []Question{{QuestionID: "f1", Question: "Any side effects?", Type: "text", Answer: "none"}}})
	require.NoError(t, err)
	assert.Equal(t, &FormResult{CaseID: "c1", FormResponseID: "fr-9"}, res)
	assert.JSONEq(t, `{"caseId":"c1","formTitle":"Follow-up","questions":[{"questionId":"f1","question":"Any side effects?","type":"text","answer":"none"}]}`,
		string(cp.last(t).body))

	for _, tc := range []struct{ body, meaning string }{
		{`{"status":400,"success":false,"error":"Secret key not provided!"}`, "API key or access token missing or not accepted"},
		{`{"status":400,"success":false,"error":"Partner organization is disabled"}`, "partner organization is disabled"},
	} {
		mt.RegisterResponder("POST", ProductionURL+"/api/v1/customer-dynamic-case-form", httpmock.NewStringResponder(400, tc.body))
		_, err = c.AddFormResponse(context.Background(), &AddFormRequest{CaseID: "c1", FormID: "f",
			Questions: []Question{{QuestionID: "f1", Question: "q", Type: "text", Answer: 1}}})
		assert.ErrorIs(t, err, ErrUnauthorized, tc.body)
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, tc.meaning, e.Meaning)
	}

	for body, want := range map[string]error{
		`{"status":400,"success":false,"error":"Provided case is not valid"}`:                ErrInvalidCase,
		`{"status":400,"success":false,"error":"Case Form can't be Submitted."}`:             ErrInvalidCase,
		`{"status":400,"success":false,"error":"The 'questions[0].type' field is required"}`: ErrRejected,
	} {
		mt.RegisterResponder("POST", ProductionURL+"/api/v1/customer-dynamic-case-form", httpmock.NewStringResponder(400, body))
		_, err = c.AddFormResponse(context.Background(), &AddFormRequest{CaseID: "c1", FormID: "f",
			Questions: []Question{{QuestionID: "f1", Question: "q", Type: "text", Answer: 1}}})
		assert.ErrorIs(t, err, want, body)
	}

	mt.RegisterResponder("POST", ProductionURL+"/api/v1/customer-dynamic-case-form", httpmock.NewErrorResponder(io.ErrUnexpectedEOF))
	n := mt.GetTotalCallCount()
	_, err = c.AddFormResponse(context.Background(), &AddFormRequest{CaseID: "c1", FormID: "f",
		Questions: []Question{{QuestionID: "f1", Question: "q", Type: "text", Answer: 1}}})
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, n+1, mt.GetTotalCallCount())

	_, err = c.AddFormResponse(context.Background(), &AddFormRequest{FormID: "f"})
	assert.ErrorIs(t, err, ErrInvalidInput)
}

func TestAddComment(t *testing.T) {
	c, mt := newMockClient(t)
	var cp capture
	mt.RegisterResponder("POST", `=~^https://api\.care360-next\.carevalidate\.com/api/v1/cases/`,
		cp.responder(200, `{"status":200,"success":true,"data":{"id":"comment-7"}}`))
	pdf := []byte("%PDF-1.3 synthetic")
	res, err := c.AddComment(context.Background(), "case 1+ü", &NewComment{
		Text: "Lab results attached", WebhookNotify: rxbridge.Ptr(false),
		Author:      CommentAuthorRef{Email: "staff@example.com", FirstName: "Staff"},
		Attachments: []NewAttachment{{FileName: "labs.pdf", Content: pdf, IsPHI: true}},
	})
	require.NoError(t, err)
	assert.Equal(t, "comment-7", res.CommentID)
	r := cp.last(t)
	assert.Equal(t, "/api/v1/cases/case%201+%C3%BC", r.url.EscapedPath(), "the id is one escaped segment")
	assert.JSONEq(t, `{"action":"ADD_COMMUNICATION","communication":{"text":"Lab results attached","isRestricted":false,
		"webhookNotify":false,"author":{"email":"staff@example.com","firstName":"Staff"},
		"attachments":[{"fileName":"labs.pdf","content":"JVBERi0xLjMgc3ludGhldGlj","isRestricted":false,"isPHI":true}]}}`, string(r.body))

	for name, cm := range map[string]*NewComment{
		"nil":              nil,
		"no text":          {Author: CommentAuthorRef{Email: "a@b"}},
		"no author":        {Text: "x"},
		"empty attachment": {Text: "x", Author: CommentAuthorRef{Email: "a@b"}, Attachments: []NewAttachment{{FileName: "f"}}},
	} {
		_, err := c.AddComment(context.Background(), "c1", cm)
		assert.ErrorIs(t, err, ErrInvalidInput, name)
	}
	for _, id := range []string{"..", "a/../b", `a\b`, "a?b", "a#b"} {
		_, err = c.AddComment(context.Background(), id, &NewComment{Text: "x", Author: CommentAuthorRef{Email: "a@b"}})
		assert.ErrorIs(t, err, ErrInvalidInput, id)
	}
	_, err = c.AddComment(context.Background(), "", &NewComment{Text: "x", Author: CommentAuthorRef{Email: "a@b"}})
	assert.ErrorIs(t, err, ErrInvalidInput)
	assert.Equal(t, 1, mt.GetTotalCallCount())

	mt.RegisterResponder("POST", `=~^https://api\.care360-next\.carevalidate\.com/api/v1/cases/`,
		httpmock.NewStringResponder(504, `<html>gateway timeout</html>`))
	_, err = c.AddComment(context.Background(), "c1", &NewComment{Text: "x", Author: CommentAuthorRef{Email: "a@b"}})
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.ErrorIs(t, err, ErrServer)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestPayments(t *testing.T) {
	c, mt := newMockClient(t)
	var cp capture
	mt.RegisterResponder("POST", ProductionURL+"/api/v1/payments/intent",
		cp.responder(200, `{"status":200,"success":true,"message":"payment Intent initiated successfully","data":{"paymentIntentSecret":"pi_123_secret_456"}}`))
	pi, err := c.CreatePaymentIntent(context.Background(), &PaymentIntentRequest{Amount: rxbridge.NewNumber("1.15"),
		PaymentMethodTypes: []string{"card"}, Metadata: &PaymentMetadata{Email: "p@example.com"}})
	require.NoError(t, err)
	assert.Equal(t, "pi_123_secret_456", pi.ClientSecret.Reveal())
	assert.Equal(t, "payment Intent initiated successfully", pi.Message)
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", pi, pi, pi), "pi_123_secret_456")
	assert.JSONEq(t, `{"amount":1.15,"paymentMethodTypes":["card"],"metadata":{"email":"p@example.com"}}`, string(cp.last(t).body))

	mt.RegisterResponder("POST", ProductionURL+"/api/v1/payments/setup", cp.responder(200, `{"success":true,"paymentSecret":"seti_abc_secret_def"}`))
	ps, err := c.CreatePaymentSetup(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, "seti_abc", ps.SetupIntentID())
	assert.Equal(t, `{}`, string(cp.last(t).body))

	mt.RegisterResponder("POST", ProductionURL+"/api/v1/complete-payment-setup", cp.responder(200, `{"status":200,"success":true}`))
	err = c.CompletePaymentSetup(context.Background(), &CompletePaymentSetupRequest{StripeSetupID: ps.SetupIntentID(),
		ShippingAddress: StripeAddress{Line1: "1 Test St", City: "Testville", State: "LA", Country: "US", PostalCode: "70000"}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"stripeSetupID":"seti_abc","shippingAddress":{"line1":"1 Test St","city":"Testville","state":"LA","country":"US","postal_code":"70000"}}`,
		string(cp.last(t).body))

	// Validation.
	_, err = c.CreatePaymentIntent(context.Background(), &PaymentIntentRequest{})
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = c.CreatePaymentIntent(context.Background(), &PaymentIntentRequest{Amount: rxbridge.NewNumber("-1")})
	assert.ErrorIs(t, err, ErrInvalidInput)
	err = c.CompletePaymentSetup(context.Background(), &CompletePaymentSetupRequest{StripeSetupID: "seti"})
	assert.ErrorIs(t, err, ErrInvalidInput)
	assert.Equal(t, 3, mt.GetTotalCallCount())

	// 401 on payments; success:false in a 200.
	mt.RegisterResponder("POST", ProductionURL+"/api/v1/payments/intent", httpmock.NewStringResponder(401, `{"status":401,"error":"Invalid API key"}`))
	_, err = c.CreatePaymentIntent(context.Background(), &PaymentIntentRequest{Amount: rxbridge.NewNumber("5")})
	assert.ErrorIs(t, err, ErrUnauthorized)
	mt.RegisterResponder("POST", ProductionURL+"/api/v1/payments/setup", httpmock.NewStringResponder(200, `{"success":false,"message":"Customer not found"}`))
	_, err = c.CreatePaymentSetup(context.Background(), &PaymentSetupRequest{})
	assert.ErrorIs(t, err, ErrNotFound)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 0, e.HTTPStatus, "found in a 2xx body")
}

func TestPaymentsAreNeverBlindlyRetried(t *testing.T) {
	routes := map[string]func(c *Client) error{
		"/api/v1/payments/intent": func(c *Client) error {
			_, err := c.CreatePaymentIntent(context.Background(), &PaymentIntentRequest{Amount: rxbridge.NewNumber("10")})
			return err
		},
		"/api/v1/payments/setup": func(c *Client) error {
			_, err := c.CreatePaymentSetup(context.Background(), nil)
			return err
		},
		"/api/v1/complete-payment-setup": func(c *Client) error {
			return c.CompletePaymentSetup(context.Background(), &CompletePaymentSetupRequest{StripeSetupID: "seti_1",
				ShippingAddress: StripeAddress{Line1: "a", City: "b", State: "c", Country: "US", PostalCode: "1"}})
		},
	}
	for route, call := range routes {
		for name, r := range map[string]httpmock.Responder{
			"reset": httpmock.NewErrorResponder(io.ErrUnexpectedEOF),
			"500":   httpmock.NewStringResponder(500, `{"success":false,"message":"Internal server error"}`),
			"503":   httpmock.NewStringResponder(503, ``),
		} {
			c, mt := newMockClient(t)
			mt.RegisterResponder("POST", ProductionURL+route, r)
			err := call(c)
			assert.ErrorIs(t, err, ErrOutcomeUnknown, route+" "+name)
			assert.Equal(t, 1, mt.GetTotalCallCount(), route+" "+name)
		}
	}
}

func TestErrorEnvelope(t *testing.T) {
	cases := []struct {
		status int
		ct     string
		body   string
		want   error
		code   string
	}{
		{400, "application/json", `{"status":400,"success":false,"message":"Invalid case data","error":"No Case found for provided details!","code":"CASE_ERROR"}`, ErrNotFound, "CASE_ERROR"},
		{400, "application/json", `{"status":400,"success":false,"message":"Invalid case data","error":"Organization with [abc] not found!","code":"CASE_ERROR"}`, ErrUnauthorized, "CASE_ERROR"},
		{400, "application/json", `{"status":"400","success":"false","error":"The 'questions[2].answer' field is required"}`, ErrRejected, ""},
		{400, "text/plain", `{"error":{"message":"Secret key not provided!"}}`, ErrUnauthorized, ""},
		{401, "application/json", `{"status":401,"error":"Invalid API key"}`, ErrUnauthorized, ""},
		{403, "application/json", ``, ErrForbidden, ""},
		{404, "text/html", `<html>Not Found</html>`, ErrNotFound, ""},
		{409, "application/json", `{"error":"record clash 409"}`, ErrConflict, ""},
		{400, "application/json", `{"success":false,"error":"Case already exists for this user"}`, ErrConflict, ""},
		{422, "application/json", `{"message":"validation failed"}`, ErrRejected, ""},
		{400, "application/json", `[1,2,3]`, ErrRejected, ""},
		{500, "application/json", `{"success":false,"message":"Internal server error"}`, ErrServer, ""},
		{502, "text/html", `<html><body>Bad Gateway</body></html>`, ErrServer, ""},
	}
	for _, tc := range cases {
		c, mt := newMockClient(t, rxbridge.WithRetry(rxbridge.RetryPolicy{MaxRetries: -1}))
		mt.RegisterResponder("GET", ProductionURL+"/api/v1/customer-latest-case-id", func(*http.Request) (*http.Response, error) {
			r := httpmock.NewStringResponse(tc.status, tc.body)
			r.Header.Set("Content-Type", tc.ct)
			r.Header.Set("X-Request-Id", "req-1")
			return r, nil
		})
		_, err := c.LatestCaseID(context.Background(), LatestCaseQuery{Email: "canary.patient@example.com"})
		require.ErrorIs(t, err, tc.want, tc.body)
		var e *Error
		require.ErrorAs(t, err, &e, tc.body)
		assert.Equal(t, tc.status, e.HTTPStatus)
		assert.Equal(t, tc.code, e.Code)
		assert.Equal(t, "req-1", e.RequestID)
		assert.Equal(t, tc.want, e.Kind())
		msg := err.Error()
		assert.Contains(t, msg, "carevalidate: LatestCaseID GET api/v1/customer-latest-case-id: HTTP")
		assert.NotContains(t, msg, "canary.patient")
		if e.Reason() != "" {
			assert.NotContains(t, msg, e.Reason(), "the upstream's text stays out of Error()")
		}
		assert.NotContains(t, fmt.Sprintf("%#v", err), "No Case found")
	}
}

func TestCasesYieldsABoundaryCaseOnce(t *testing.T) {
	c, mt := newMockClient(t)
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	boundary := start.Add(MaxListWindow).Format("2006-01-02T15:04:05.000Z")
	edgeCase := `{"id":"edge","createdAt":"` + boundary + `"}`
	mt.RegisterResponder("GET", prodCases, func(req *http.Request) (*http.Response, error) {
		// An inclusive server: both windows return the case at the boundary.
		if req.URL.Query().Get("startTime") == start.Format("2006-01-02T15:04:05.000Z") {
			return httpmock.NewStringResponse(200, `{"cases":[`+caseJSON("a")+`,`+edgeCase+`],"pageInfo":{"hasNextPage":false}}`), nil
		}
		return httpmock.NewStringResponse(200, `{"cases":[`+edgeCase+`,`+caseJSON("b")+`],"pageInfo":{"hasNextPage":false}}`), nil
	})
	got, err := collect(t, c, ListCasesQuery{StartTime: start, EndTime: start.Add(MaxListWindow + time.Hour)})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "edge", "b"}, got)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}
