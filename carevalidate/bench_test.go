package carevalidate

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/benchpair"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// BenchmarkParseEvent decodes the spec's full example payload (about 14 KB
// pretty-printed).
func BenchmarkParseEvent(b *testing.B) {
	raw := fixture(b, "case-update-order-top-level.json")
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		ev, err := ParseEvent(raw)
		if err != nil || ev.Payload.Case == nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReceiver is one delivery of the spec's example through the
// SDK's receiver: verify the header secret and the HMAC, read, decode,
// handle.
func BenchmarkReceiver(b *testing.B) {
	raw := fixture(b, "case-update-order-top-level.json")
	rc, err := NewReceiver(WebhookSecrets{HeaderName: "X-Auth", Secrets: []string{"s"}, SigningSecrets: []string{"k"}},
		func(_ context.Context, ev *Event) error {
			if ev.Payload.Case == nil || len(ev.Payload.Case.Activity) != 15 {
				return errors.New("decode")
			}
			return nil
		})
	if err != nil {
		b.Fatal(err)
	}
	sig := Sign("k", raw)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		benchpair.Deliver(b, rc, raw, "X-Auth", "s", SignatureHeader, sig)
	}
}

// BenchmarkReceiverHandwritten is the same delivery through a minimal
// net/http handler written by hand: the header secret compared in
// constant time, the body read with a limit, its hex HMAC-SHA256 checked,
// and decoded with encoding/json into plain structs of its own: the
// baseline.
func BenchmarkReceiverHandwritten(b *testing.B) {
	raw := fixture(b, "case-update-order-top-level.json")
	h := handWebhookHandler("s", []byte("k"), func(ev *plainCV) error {
		if len(ev.Payload.Case.Activity) != 15 {
			return errors.New("decode")
		}
		return nil
	})
	sig := Sign("k", raw)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		benchpair.Deliver(b, h, raw, "X-Auth", "s", SignatureHeader, sig)
	}
}

// handWebhookHandler is what a user would write without the SDK.
func handWebhookHandler(secret string, signingKey []byte, handle func(*plainCV) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("X-Auth")), []byte(secret)) != 1 {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		body, ok := benchpair.ReadWebhook(w, r, 32<<20)
		if !ok {
			return
		}
		sig, err := hex.DecodeString(r.Header.Get(SignatureHeader))
		m := hmac.New(sha256.New, signingKey)
		m.Write(body)
		if err != nil || !hmac.Equal(m.Sum(nil), sig) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		benchpair.HandleWebhook(w, body, handle)
	})
}

// caseDetailBody is the case-detail answer holding the spec example's
// case.
func caseDetailBody(b *testing.B) []byte {
	var env struct {
		Payload struct {
			Case json.RawMessage `json:"case"`
		} `json:"payload"`
	}
	if err := json.Unmarshal(fixture(b, "case-update-order-top-level.json"), &env); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	buf.WriteString(`{"status":200,"success":true,"caseDetail":`)
	if err := json.Compact(&buf, env.Payload.Case); err != nil {
		b.Fatal(err)
	}
	buf.WriteString(`}`)
	return buf.Bytes()
}

// caseDetailServer answers the case-detail route with caseDetailBody.
func caseDetailServer(b *testing.B) *httptest.Server {
	body := caseDetailBody(b)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("cv-api-key") != "bench-key" || r.URL.Query().Get("caseId") == "" {
			w.WriteHeader(400)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

const benchCaseID = "a265d7a3-d9e2-48b5-b46b-b91e15f9b515"

// BenchmarkGetCase is one GetCase through the SDK against a loopback
// server.
func BenchmarkGetCase(b *testing.B) {
	srv := caseDetailServer(b)
	c, err := NewClient("bench-key", rxbridge.WithBaseURL(srv.URL), rxbridge.WithHTTPClient(&http.Client{Transport: httpx.DefaultTransport()}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		cs, err := c.GetCase(ctx, benchCaseID, nil)
		if err != nil || len(cs.Activity) != 15 {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetCaseHandwritten is the same call written by hand with
// net/http and encoding/json into plain structs of its own: the baseline.
func BenchmarkGetCaseHandwritten(b *testing.B) {
	benchGetCaseHand(b, benchpair.NetHTTP(b, httpx.DefaultTransport()))
}

// BenchmarkGetCaseRetryablehttp is the same call through
// go-retryablehttp's default client (logger off), what a user would
// otherwise pick, into the same plain structs.
func BenchmarkGetCaseRetryablehttp(b *testing.B) {
	benchGetCaseHand(b, benchpair.Retryablehttp(b))
}

// benchGetCaseHand is the baselines of BenchmarkGetCase through c.
func benchGetCaseHand(b *testing.B, c *benchpair.Client) {
	srv := caseDetailServer(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		q := url.Values{"caseId": {benchCaseID}}
		resp, err := c.Do(ctx, http.MethodGet, srv.URL+"/api/v1/customer-case-detail?"+q.Encode(), nil,
			"cv-api-key", "bench-key", "Accept", "application/json", "User-Agent", "hand/1")
		out := benchpair.DecodeJSON[plainCaseDetail](b, resp, err)
		if !out.Success || out.CaseDetail == nil || len(out.CaseDetail.Activity) != 15 {
			b.Fatal("decode")
		}
	}
}

// plainCaseDetail is the case-detail answer as a hand-written client
// decodes it.
type plainCaseDetail struct {
	Status     int          `json:"status"`
	Success    bool         `json:"success"`
	CaseDetail *plainCVCase `json:"caseDetail"`
}

// TestPlainStructsCoverBenchFixture: the baselines' plain structs know
// every member of the delivery (and so of the case) the benchmarks decode,
// so they decode what the SDK decodes.
func TestPlainStructsCoverBenchFixture(t *testing.T) {
	d := json.NewDecoder(bytes.NewReader(fixture(t, "case-update-order-top-level.json")))
	d.DisallowUnknownFields()
	var ev plainCV
	if err := d.Decode(&ev); err != nil {
		t.Fatal(err)
	}
}

// The case-update delivery as a hand-written handler models it: every
// member of the spec's example, dates as strings.
type plainCV struct {
	Event   string         `json:"event"`
	Order   plainCVOrder   `json:"order"`
	Payload plainCVPayload `json:"payload"`
}

type plainCVOrder struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	TrackingID string `json:"trackingId"`
	Message    string `json:"message"`
	CreatedAt  string `json:"createdAt"`
}

type plainCVPayload struct {
	Case     plainCVCase     `json:"case"`
	Activity plainCVActivity `json:"activity"`
	Payment  plainCVPayment  `json:"payment"`
}

type plainCVCase struct {
	ID            string               `json:"id"`
	Type          string               `json:"type"`
	Title         string               `json:"title"`
	Status        string               `json:"status"`
	ShortID       string               `json:"shortId"`
	CreatedAt     string               `json:"createdAt"`
	UpdatedAt     string               `json:"updatedAt"`
	AssignedAt    string               `json:"assignedAt"`
	InProgressAt  string               `json:"inProgressAt"`
	ClosedAt      string               `json:"closedAt"`
	IsArchived    bool                 `json:"isArchived"`
	IsEscalated   bool                 `json:"isEscalated"`
	IsImported    bool                 `json:"isImported"`
	ReferralCode  *string              `json:"referralCode"`
	ProductBundle plainCVProductBundle `json:"productBundle"`
	AssignedTo    plainCVUser          `json:"assignedTo"`
	HrRep         plainCVUser          `json:"hrRep"`
	AssignedBy    plainCVUser          `json:"assignedBy"`
	Assignees     []plainCVAssignees   `json:"assignees"`
	Submitter     plainCVSubmitter     `json:"submitter"`
	Activity      []plainCVActivity    `json:"activity"`
	Decisions     []plainCVDecisions   `json:"decisions"`
	Comments      []json.RawMessage    `json:"comments"`
	Payments      []plainCVPayment     `json:"payments"`
	Attachments   []plainCVAttachments `json:"attachments"`
	ClosedBy      string               `json:"closedBy"`
	InProgressBy  string               `json:"inProgressBy"`
	Responses     []plainCVResponses   `json:"responses"`
	Notes         []json.RawMessage    `json:"notes"`
}

type plainCVProductBundle struct {
	Name string `json:"name"`
}

type plainCVAssignees struct {
	Assignee plainCVUser `json:"assignee"`
}

type plainCVSubmitter struct {
	ID          string `json:"id"`
	FirstName   string `json:"firstName"`
	LastName    string `json:"lastName"`
	Email       string `json:"email"`
	DOB         string `json:"dob"`
	Gender      string `json:"gender"`
	PhoneNumber string `json:"phoneNumber"`
	Address     string `json:"address"`
	City        string `json:"city"`
	State       string `json:"state"`
	PostalCode  string `json:"postalCode"`
}

type plainCVActivity struct {
	ID           string      `json:"id"`
	Type         string      `json:"type"`
	IsPHI        bool        `json:"isPHI"`
	IsRestricted bool        `json:"isRestricted"`
	Timestamp    string      `json:"timestamp"`
	ValueBefore  string      `json:"valueBefore"`
	ValueAfter   string      `json:"valueAfter"`
	Actor        plainCVUser `json:"actor"`
	TargetUser   plainCVUser `json:"targetUser"`
}

type plainCVDecisions struct {
	ID           string           `json:"id"`
	IsApproved   bool             `json:"isApproved"`
	IsNoDecision bool             `json:"isNoDecision"`
	StartDate    string           `json:"startDate"`
	EndDate      string           `json:"endDate"`
	DecisionText string           `json:"decisionText"`
	Category     *string          `json:"category"`
	Cost         *string          `json:"cost"`
	CreatedAt    string           `json:"createdAt"`
	IsPaid       bool             `json:"isPaid"`
	MedInfo      []plainCVMedInfo `json:"medInfo"`
	AddedBy      plainCVUser      `json:"addedBy"`
}

type plainCVMedInfo struct {
	ID                   string `json:"id"`
	Medicine             string `json:"medicine"`
	Dosage               string `json:"dosage"`
	RefillCount          int64  `json:"refillCount"`
	PharmacyInstructions string `json:"pharmacyInstructions"`
	DosingFrequency      string `json:"dosingFrequency"`
}

type plainCVAttachments struct {
	ID           string      `json:"id"`
	IsRestricted bool        `json:"isRestricted"`
	IsPHI        bool        `json:"isPHI"`
	FileName     string      `json:"fileName"`
	IsDeleted    bool        `json:"isDeleted"`
	CreatedAt    string      `json:"createdAt"`
	UploadedBy   plainCVUser `json:"uploadedBy"`
	Content      string      `json:"content"`
}

type plainCVResponses struct {
	ID        string                 `json:"id"`
	IsDraft   bool                   `json:"isDraft"`
	Form      plainCVForm            `json:"form"`
	Responses []plainCVResponsesItem `json:"responses"`
}

type plainCVForm struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type plainCVResponsesItem struct {
	ID         string          `json:"id"`
	IsArchived bool            `json:"isArchived"`
	Question   plainCVQuestion `json:"question"`
	Text       string          `json:"text"`
	CreatedAt  string          `json:"createdAt"`
	Respondent plainCVUser     `json:"respondent"`
}

type plainCVQuestion struct {
	Index    int64    `json:"index"`
	Type     string   `json:"type"`
	Text     string   `json:"text"`
	IsPHI    bool     `json:"isPHI"`
	Options  []string `json:"options"`
	Required bool     `json:"required"`
}

type plainCVPayment struct {
	ID               string      `json:"id"`
	IsDeleted        bool        `json:"isDeleted"`
	Description      string      `json:"description"`
	Amount           string      `json:"amount"`
	Status           string      `json:"status"`
	DueDate          string      `json:"dueDate"`
	PaymentDate      string      `json:"paymentDate"`
	CancellationDate *string     `json:"cancellationDate"`
	IsScheduled      bool        `json:"isScheduled"`
	SchedulePosition *string     `json:"schedulePosition"`
	IsAutoCreated    bool        `json:"isAutoCreated"`
	CreatedAt        string      `json:"createdAt"`
	UpdatedAt        string      `json:"updatedAt"`
	CreatedBy        plainCVUser `json:"createdBy"`
}

// plainCVUser is every person member of a case (email when sent).
type plainCVUser struct {
	ID        string `json:"id"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	Email     string `json:"email"`
}
