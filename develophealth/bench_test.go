package develophealth

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/benchpair"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// benchServer serves the spec's GET example (about 5 KiB) on loopback.
func benchServer(b *testing.B) *httptest.Server {
	body := fixture(b, "pa_get.json")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer bench-token" {
			w.WriteHeader(401)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkGetPriorAuthorization is one SDK call: GetPriorAuthorization
// through the whole pipeline (auth, retry wrapper, size-limited read,
// envelope unwrap, typed decode with unions and zone-less times).
func BenchmarkGetPriorAuthorization(b *testing.B) {
	srv := benchServer(b)
	c, err := NewClient("bench-token", rxbridge.WithBaseURL(srv.URL), rxbridge.WithHTTPClient(&http.Client{Transport: httpx.DefaultTransport()}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		pa, err := c.GetPriorAuthorization(ctx, "pa_sdkfj3f")
		if err != nil {
			b.Fatal(err)
		}
		if pa.Outcome.Denied == nil || len(pa.ActivityLog) != 3 {
			b.Fatal("decode")
		}
	}
}

// BenchmarkGetPriorAuthorizationHandwritten is the same GET written by
// hand with net/http and encoding/json into plain structs of its own
// (plainPA): the baseline.
func BenchmarkGetPriorAuthorizationHandwritten(b *testing.B) {
	benchGetHand(b, benchpair.NetHTTP(b, httpx.DefaultTransport()))
}

// BenchmarkGetPriorAuthorizationRetryablehttp is the same GET through
// go-retryablehttp's default client (logger off), what a user would
// otherwise pick, into the same plain structs.
func BenchmarkGetPriorAuthorizationRetryablehttp(b *testing.B) {
	benchGetHand(b, benchpair.Retryablehttp(b))
}

// benchGetHand is the baselines of BenchmarkGetPriorAuthorization through c.
func benchGetHand(b *testing.B, c *benchpair.Client) {
	base, id := benchServer(b).URL+"/prior-authorization/", "pa_sdkfj3f"
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.Do(ctx, http.MethodGet, base+id, nil,
			"Authorization", "Bearer bench-token", "Accept", "application/json", "User-Agent", "hand/1")
		env := benchpair.DecodeJSON[plainPAEnvelope](b, resp, err)
		if env.Data == nil || env.Data.Outcome.Result != "Denied" || len(env.Data.ActivityLog) != 3 {
			b.Fatal("decode")
		}
	}
}

// plainPAEnvelope is the GET answer as a hand-written client decodes it.
type plainPAEnvelope struct {
	Status string   `json:"status"`
	Data   *plainPA `json:"data"`
}

// benchWebhookSecret signs the benchmark's webhook deliveries.
const benchWebhookSecret = "bench-webhook-secret"

// benchTokens hands out a fresh HS256 token per delivery (iat now, exp in
// five minutes, a unique jti), as Develop Health sends one per delivery:
// a receiver that refuses replayed tokens accepts every one. Tokens are
// made in batches with the benchmark timer stopped, so signing them is
// not measured.
type benchTokens struct {
	b    *testing.B
	n    int
	next []string
}

func (t *benchTokens) token() string {
	if len(t.next) == 0 {
		t.b.StopTimer()
		now := time.Now().Unix()
		for range 256 {
			t.n++
			t.next = append(t.next, signBenchToken(fmt.Sprintf(`{"iat":%d,"exp":%d,"jti":"bench-%d"}`, now, now+300, t.n)))
		}
		t.b.StartTimer()
	}
	tok := t.next[len(t.next)-1]
	t.next = t.next[:len(t.next)-1]
	return tok
}

func signBenchToken(claims string) string {
	enc := base64.RawURLEncoding
	in := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(claims))
	m := hmac.New(sha256.New, []byte(benchWebhookSecret))
	m.Write([]byte(in))
	return in + "." + enc.EncodeToString(m.Sum(nil))
}

// BenchmarkReceiver is one prior_authorization.status_change delivery
// (the spec's example, about 4 KiB) through the SDK's webhook handler:
// verify the token, read, decode, handle.
func BenchmarkReceiver(b *testing.B) { benchReceiver(b, benchpair.Deliver) }

// BenchmarkReceiverWithoutReadDeadline is BenchmarkReceiver through a
// ResponseWriter that takes no read deadline (httptest's recorder, or a
// middleware wrapper without Unwrap): the body is then read beside a timer
// on a goroutine of its own. Outside the pairs: a net/http server's writer
// takes the deadline (see benchpair.Deliver).
func BenchmarkReceiverWithoutReadDeadline(b *testing.B) {
	benchReceiver(b, benchpair.DeliverToRecorder)
}

// benchReceiver is BenchmarkReceiver's delivery through deliver.
func benchReceiver(b *testing.B, deliver func(tb testing.TB, h http.Handler, body []byte, header ...string)) {
	body := fixture(b, "webhook_pa_status_change.json")
	h, err := NewReceiver(benchWebhookSecret, func(_ context.Context, ev *Event) error {
		if ev.PriorAuthorization == nil || len(ev.PriorAuthorization.ActivityLog) != 3 {
			return fmt.Errorf("decode")
		}
		return nil
	}, WithWebhookDeduplication(false)) // the same event each time: measure its handling
	if err != nil {
		b.Fatal(err)
	}
	tokens := &benchTokens{b: b}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		deliver(b, h, body, "Content-Type", "application/json", WebhookHeader, tokens.token())
	}
}

// BenchmarkReceiverHandwritten is the same delivery through a minimal
// net/http handler written by hand: the HS256 signature and the token's
// expiry checked, the body read with a limit and decoded with
// encoding/json into plain structs of its own: the baseline.
func BenchmarkReceiverHandwritten(b *testing.B) {
	body := fixture(b, "webhook_pa_status_change.json")
	h := handWebhookHandler([]byte(benchWebhookSecret), func(ev *plainEvent) error {
		if len(ev.Data.ActivityLog) != 3 {
			return fmt.Errorf("decode")
		}
		return nil
	})
	tokens := &benchTokens{b: b}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		benchpair.Deliver(b, h, body, "Content-Type", "application/json", WebhookHeader, tokens.token())
	}
}

// handWebhookHandler is what a user would write without the SDK.
func handWebhookHandler(secret []byte, handle func(*plainEvent) error) http.Handler {
	enc := base64.RawURLEncoding
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		tok := r.Header.Get(WebhookHeader)
		h64, rest, ok1 := strings.Cut(tok, ".")
		p64, s64, ok2 := strings.Cut(rest, ".")
		sig, err := enc.DecodeString(s64)
		if !ok1 || !ok2 || err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(tok[:len(h64)+1+len(p64)]))
		if subtle.ConstantTimeCompare(m.Sum(nil), sig) != 1 {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var hdr struct {
			Alg string `json:"alg"`
		}
		var claims struct {
			Exp int64 `json:"exp"`
			Iat int64 `json:"iat"`
		}
		hb, err1 := enc.DecodeString(h64)
		pb, err2 := enc.DecodeString(p64)
		if err1 != nil || err2 != nil || json.Unmarshal(hb, &hdr) != nil || hdr.Alg != "HS256" || json.Unmarshal(pb, &claims) != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if now := time.Now().Unix(); claims.Exp == 0 || now > claims.Exp+60 || claims.Iat > now+60 {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		body, ok := benchpair.ReadWebhook(w, r, 10<<20)
		if !ok {
			return
		}
		benchpair.HandleWebhook(w, body, handle)
	})
}

// plainEvent is a prior-authorization webhook as a hand-written handler
// decodes it.
type plainEvent struct {
	EventID     string  `json:"event_id"`
	OccurredAt  string  `json:"occurred_at"`
	Title       string  `json:"title"`
	Description string  `json:"description"`
	EventType   string  `json:"event_type"`
	Data        plainPA `json:"data"`
}

// TestPlainStructsCoverBenchFixtures: the baselines' plain structs know
// every member of the answers and deliveries the benchmarks decode, so
// they decode what the SDK decodes.
func TestPlainStructsCoverBenchFixtures(t *testing.T) {
	for name, v := range map[string]any{"pa_get.json": new(plainPAEnvelope), "webhook_pa_status_change.json": new(plainEvent)} {
		d := json.NewDecoder(bytes.NewReader(fixture(t, name)))
		d.DisallowUnknownFields()
		if err := d.Decode(v); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// The prior authorization as a hand-written client models it: every
// member of the spec's example, dates as strings, free-form objects as
// maps.
type plainPA struct {
	ID                     string                      `json:"id"`
	Object                 string                      `json:"object"`
	URL                    string                      `json:"url"`
	Status                 string                      `json:"status"`
	Diagnoses              []plainPADiagnoses          `json:"diagnoses"`
	Evidence               []plainPAEvidence           `json:"evidence"`
	Patient                plainPAPatient              `json:"patient"`
	Insurance              []plainPAInsurance          `json:"insurance"`
	Prescription           plainPAPrescription         `json:"prescription"`
	Provider               plainPAProvider             `json:"provider"`
	Pharmacy               plainPAPharmacy             `json:"pharmacy"`
	Questionnaires         []plainPAQuestionnaires     `json:"questionnaires"`
	VisitNotes             []plainPAVisitNotes         `json:"visit_notes"`
	ActivityLog            []plainPAActivityLog        `json:"activity_log"`
	SubmittedBy            plainPAUser                 `json:"submitted_by"`
	ReviewedBy             plainPAUser                 `json:"reviewed_by"`
	DenialReasonAnalysis   plainPADenialReasonAnalysis `json:"denial_reason_analysis"`
	IsAppeal               bool                        `json:"is_appeal"`
	PatientConsentRequired bool                        `json:"patient_consent_required"`
	Outcome                plainPAOutcome              `json:"outcome"`
}

type plainPADiagnoses struct {
	Code string `json:"code"`
}

type plainPAEvidence struct {
	Content     map[string]any `json:"content"`
	DateCreated string         `json:"date_created"`
	Title       string         `json:"title"`
}

type plainPAPatient struct {
	Address     plainPAAddress `json:"address"`
	DateOfBirth string         `json:"date_of_birth"`
	Email       string         `json:"email"`
	FirstName   string         `json:"first_name"`
	LastName    string         `json:"last_name"`
	Gender      string         `json:"gender"`
	InternalID  string         `json:"internal_id"`
	Phone       string         `json:"phone"`
}

type plainPAAddress struct {
	Street        string `json:"street"`
	City          string `json:"city"`
	StateProvince string `json:"state_province"`
	ZipPostalCode string `json:"zip_postal_code"`
	Country       string `json:"country"`
}

type plainPAInsurance struct {
	ScannedContent  plainPAScannedContent  `json:"scanned_content"`
	DiscreteContent plainPADiscreteContent `json:"discrete_content"`
	URL             string                 `json:"url"`
}

type plainPAScannedContent struct {
	ClientName   string `json:"client_name"`
	GroupNumber  string `json:"group_number"`
	MemberName   string `json:"member_name"`
	MemberNumber string `json:"member_number"`
	PayerName    string `json:"payer_name"`
	PlanName     string `json:"plan_name"`
	RxBIN        string `json:"rx_bin"`
	RxGroup      string `json:"rx_group"`
	RxPCN        string `json:"rx_pcn"`
	Error        string `json:"error"`
}

type plainPADiscreteContent struct{}

type plainPAPrescription struct {
	DaysSupply            int64          `json:"days_supply"`
	Quantity              int64          `json:"quantity"`
	Directions            string         `json:"directions"`
	DrugName              string         `json:"drug_name"`
	Strength              string         `json:"strength"`
	DoseForm              string         `json:"dose_form"`
	RouteOfAdministration string         `json:"route_of_administration"`
	Extra                 map[string]any `json:"extra"`
	PrescriptionDate      string         `json:"prescription_date"`
}

type plainPAProvider struct {
	Address    plainPAAddress `json:"address"`
	Fax        string         `json:"fax"`
	FirstName  string         `json:"first_name"`
	InternalID string         `json:"internal_id"`
	LastName   string         `json:"last_name"`
	NPI        string         `json:"npi"`
	Phone      string         `json:"phone"`
}

type plainPAPharmacy struct {
	Name    string         `json:"name"`
	Address plainPAAddress `json:"address"`
}

type plainPAQuestionnaires struct {
	Questions   []plainPAQuestions `json:"questions"`
	DateCreated string             `json:"date_created"`
}

type plainPAQuestions struct {
	Answer   string `json:"answer"`
	Question string `json:"question"`
}

type plainPAVisitNotes struct {
	Content     string `json:"content"`
	DateCreated string `json:"date_created"`
}

type plainPAActivityLog struct {
	ID        string         `json:"id"`
	CreatedAt string         `json:"created_at"`
	Type      string         `json:"type"`
	Details   plainPADetails `json:"details"`
}

type plainPADetails struct {
	URL          string `json:"url"`
	Notes        string `json:"notes"`
	RecordingURL string `json:"recording_url"`
	Transcript   string `json:"transcript"`
}

type plainPAUser struct {
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Email     string `json:"email"`
}

type plainPADenialReasonAnalysis struct {
	Categories           []string `json:"categories"`
	Explanation          string   `json:"explanation"`
	NextSteps            string   `json:"next_steps"`
	NextStepsExplanation string   `json:"next_steps_explanation"`
}

type plainPAOutcome struct {
	Detail     string `json:"detail"`
	Result     string `json:"result"`
	DetailCode string `json:"detail_code"`
}
