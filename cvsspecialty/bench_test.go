package cvsspecialty_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
	"github.com/rxbridge/rxbridge-go/internal/benchpair"
)

const benchImageSize = 16 << 20

// benchServer is a minimal upstream: a token, an intake that drains the
// body without keeping it (so the benchmark measures the client), and a
// status that answers every id.
func benchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/oauth2/v1/token"):
			_, _ = io.WriteString(w, `{"access_token":"bench","token_type":"Bearer","expires_in":3600}`)
		case strings.HasSuffix(r.URL.Path, "/intake"):
			_, _ = io.Copy(io.Discard, r.Body)
			_, _ = io.WriteString(w, `{"transactionId":"605841b8-1cef-11ea-978f-2e728ce88125","statusDescription":"Success","statusCode":"0000"}`)
		case strings.HasSuffix(r.URL.Path, "/status"):
			var in cvsspecialty.StatusRequest
			_ = json.NewDecoder(r.Body).Decode(&in)
			_ = json.NewEncoder(w).Encode(benchStatus(in.TransactionIDs))
		}
	}))
	b.Cleanup(srv.Close)
	return srv
}

// benchStatus is benchServer's status answer: every id pending.
func benchStatus(ids []string) cvsspecialty.StatusResponse {
	out := cvsspecialty.StatusResponse{StatusCode: "0000", StatusDescription: "Success"}
	for _, id := range ids {
		out.ReferralStatus = append(out.ReferralStatus, cvsspecialty.ReferralStatus{TransactionID: id, Status: "Pending"})
	}
	return out
}

func benchImage() []byte {
	img := make([]byte, benchImageSize)
	copy(img, cvsspecialtytest.SampleTIFF())
	r := rand.NewChaCha8([32]byte{1})
	_, _ = r.Read(img[200:])
	return img
}

func benchReferral(img []byte) *cvsspecialty.Referral {
	ref := cvsspecialtytest.SampleReferral()
	ref.RxImage.Content.Data = img
	return ref
}

// reportHeapRatio adds the bytes allocated per op divided by the image
// size (the target is at most 3).
func reportHeapRatio(b *testing.B, before *runtime.MemStats) {
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	perOp := float64(after.TotalAlloc-before.TotalAlloc) / float64(b.N)
	b.ReportMetric(perOp/benchImageSize, "alloc/image")
}

// BenchmarkSubmit16MiBImage is one intake with a 16 MiB rxImage through
// the SDK (validation, sniffing, streamed base64 body) to a loopback
// server. The server side drains the body into io.Discard.
func BenchmarkSubmit16MiBImage(b *testing.B) {
	srv := benchServer(b)
	c, err := cvsspecialty.NewClient("id", "secret", rxbridge.WithBaseURL(srv.URL))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	ref := benchReferral(benchImage())
	if _, err := c.Submit(ctx, ref); err != nil { // token and connection warm
		b.Fatal(err)
	}
	b.SetBytes(benchImageSize)
	b.ReportAllocs()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	for b.Loop() {
		if _, err := c.Submit(ctx, ref); err != nil {
			b.Fatal(err)
		}
	}
	reportHeapRatio(b, &ms)
}

// BenchmarkSubmit16MiBImageHandwritten is the same intake written by hand
// with plain structs of its own, json.Marshal and net/http: the baseline
// the streaming avoids.
func BenchmarkSubmit16MiBImageHandwritten(b *testing.B) {
	benchSubmitHand(b, benchpair.NetHTTP(b, nil))
}

// BenchmarkSubmit16MiBImageRetryablehttp is the same intake through
// go-retryablehttp's default client (logger off), what a user would
// otherwise pick, with the same plain structs.
func BenchmarkSubmit16MiBImageRetryablehttp(b *testing.B) {
	benchSubmitHand(b, benchpair.Retryablehttp(b))
}

// benchSubmitHand is the baselines of BenchmarkSubmit16MiBImage through c.
func benchSubmitHand(b *testing.B, c *benchpair.Client) {
	srv := benchServer(b)
	ctx := context.Background()
	ref := plainBenchReferral(b, benchImage())
	send := func() {
		body, err := json.Marshal(ref)
		if err != nil {
			b.Fatal(err)
		}
		resp, err := c.Do(ctx, http.MethodPost, srv.URL+"/specialty/patient/referral/v1/intake", body,
			"Content-Type", "application/json", "Authorization", "Bearer bench")
		if out := benchpair.DecodeJSON[plainIntakeResponse](b, resp, err); out.StatusCode != "0000" {
			b.Fatal("intake", out.StatusCode)
		}
	}
	// The connection warm, as the SDK's is before its loop: at a few
	// iterations per run, a dial counted in the loop added a tenth to the
	// baseline's allocations per call.
	send()
	b.SetBytes(benchImageSize)
	b.ReportAllocs()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	for b.Loop() {
		send()
	}
	reportHeapRatio(b, &ms)
}

// plainIntakeResponse is the intake answer as a hand-written client
// decodes it.
type plainIntakeResponse struct {
	TransactionID     string `json:"transactionId"`
	StatusDescription string `json:"statusDescription"`
	StatusCode        string `json:"statusCode"`
}

// The intake request as a hand-written client would model it: plain
// structs with every member of the spec's example, dates as strings.
type (
	plainReferral struct {
		TransactionID string              `json:"transactionId"`
		Clinical      plainClinical       `json:"clinical"`
		Coverage      plainCoverage       `json:"coverage"`
		Patient       plainPatient        `json:"patient"`
		Prescriber    plainPrescriber     `json:"prescriber"`
		Prescription  []plainPrescription `json:"prescription"`
		RxImage       struct {
			Content struct {
				ID   string `json:"id"`
				Type string `json:"type"`
				Data []byte `json:"data"`
			} `json:"content"`
		} `json:"rxImage"`
	}
	plainClinical struct {
		AllergyIntolerance struct {
			Allergies []struct {
				Category       string `json:"category"`
				ClinicalStatus string `json:"clinicalStatus"`
				Note           string `json:"note"`
				LastOccurrence string `json:"lastOccurrence"`
				OnsetString    string `json:"onsetString"`
				Reactions      []struct {
					Description   string `json:"description"`
					Manifestation string `json:"manifestation"`
					Severity      string `json:"severity"`
				} `json:"reactions"`
				Substance          string `json:"substance"`
				VerificationStatus string `json:"verificationStatus"`
			} `json:"allergies"`
			EmptyReasonCode string `json:"emptyReasonCode"`
		} `json:"allergyIntolerance"`
		Height     string `json:"height"`
		Weight     string `json:"weight"`
		DoctorNote string `json:"doctorNote"`
	}
	plainCoverage struct {
		Primary                plainInsurance   `json:"primary"`
		Secondary              []plainInsurance `json:"secondary"`
		PolicyHolderGivenName  string           `json:"policyHolderGivenName"`
		PolicyHolderFamilyName string           `json:"policyHolderFamilyName"`
	}
	plainInsurance struct {
		CompanyName         string `json:"companyName"`
		HelpDeskPhoneNumber string `json:"helpDeskPhoneNumber"`
		BIN                 string `json:"bin"`
		GroupNumber         string `json:"groupNumber"`
		MemberID            string `json:"memberId"`
		PCN                 string `json:"pcn"`
		PersonCode          string `json:"personCode"`
	}
	plainPatient struct {
		Name          plainName          `json:"name"`
		Addresses     []plainAddress     `json:"addresses"`
		BirthDate     string             `json:"birthDate"`
		GenderCode    string             `json:"genderCode"`
		Communication plainCommunication `json:"communication"`
		Consents      []plainContact     `json:"consents"`
	}
	plainPrescriber struct {
		Identifiers   []plainIdentifier  `json:"identifiers"`
		Name          plainName          `json:"name"`
		Consents      []plainContact     `json:"consents"`
		Communication plainCommunication `json:"communication"`
		Location      struct {
			Name              string       `json:"name"`
			OfficeContactName plainName    `json:"officeContactName"`
			Address           plainAddress `json:"address"`
		} `json:"location"`
	}
	plainName struct {
		Use    string `json:"use"`
		Given  string `json:"given"`
		Family string `json:"family"`
		Prefix string `json:"prefix"`
	}
	plainAddress struct {
		Use        string `json:"use"`
		Line1      string `json:"line1"`
		Line2      string `json:"line2"`
		City       string `json:"city"`
		County     string `json:"county"`
		StateCode  string `json:"stateCode"`
		PostalCode string `json:"postalCode"`
	}
	plainCommunication struct {
		Contact          []plainContact `json:"contact"`
		OptInPreferences struct {
			AcceptedLanguageTCPA string `json:"acceptedLanguageTCPA"`
			MessagingType        string `json:"messagingType"`
		} `json:"optInPreferences"`
		Relationship string `json:"relationship"`
	}
	plainContact struct {
		System string `json:"system"`
		Value  string `json:"value"`
		Use    string `json:"use"`
	}
	plainIdentifier struct {
		System string `json:"system"`
		Value  string `json:"value"`
		Name   string `json:"name"`
	}
	plainPrescription struct {
		DrugIdentifier       plainIdentifier   `json:"drugIdentifier"`
		DiagnosticIdentifier []plainIdentifier `json:"diagnosticIdentifier"`
		AuthoredOn           string            `json:"authoredOn"`
		Submission           struct {
			ERxVendorID string `json:"eRxVendorId"`
			ERxNumber   string `json:"eRxNumber"`
			Channel     string `json:"channel"`
		} `json:"submission"`
		MDOConsentRefID       string  `json:"mDOConsentRefId"`
		Note                  string  `json:"note"`
		QuantityQualifierCode string  `json:"quantityQualifierCode"`
		Refills               int     `json:"refills"`
		Sig                   string  `json:"sig"`
		Strength              float64 `json:"strength"`
		StrengthUnits         string  `json:"strengthUnits"`
		SubstitutionAllowed   string  `json:"substitutionAllowed"`
		DaysSupply            int     `json:"daysSupply"`
	}
)

// plainBenchReferral is the spec's example in plainReferral with img as
// its image and a fresh transaction id.
func plainBenchReferral(b *testing.B, img []byte) *plainReferral {
	var ref plainReferral
	d := json.NewDecoder(bytes.NewReader(cvsspecialtytest.SampleReferralJSON()))
	d.DisallowUnknownFields()
	if err := d.Decode(&ref); err != nil {
		b.Fatal(err)
	}
	ref.TransactionID = cvsspecialty.NewTransactionID()
	ref.RxImage.Content.Data = img
	return &ref
}

// TestPlainReferralCoversTheSample: the baseline's plain structs hold every
// member of the referral the SDK sends.
func TestPlainReferralCoversTheSample(t *testing.T) {
	var ref plainReferral
	d := json.NewDecoder(bytes.NewReader(cvsspecialtytest.SampleReferralJSON()))
	d.DisallowUnknownFields()
	if err := d.Decode(&ref); err != nil {
		t.Fatal(err)
	}
}

func benchIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("605841b8-1cef-11ea-978f-%012d", i)
	}
	return ids
}

// BenchmarkStatus50 is one status call for 50 ids (one batch) through the
// SDK.
func BenchmarkStatus50(b *testing.B) {
	srv := benchServer(b)
	c, err := cvsspecialty.NewClient("id", "secret", rxbridge.WithBaseURL(srv.URL))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	ids := benchIDs(50)
	b.ReportAllocs()
	for b.Loop() {
		res, err := c.Status(ctx, ids...)
		if err != nil || !res.Referrals[49].Found {
			b.Fatal(err)
		}
	}
}

// plainStatusRequest and plainStatusResponse are the status call as a
// hand-written client models it.
type (
	plainStatusRequest struct {
		TransactionIDs []string `json:"transactionIds"`
	}
	plainStatusResponse struct {
		StatusCode        string `json:"statusCode"`
		StatusDescription string `json:"statusDescription"`
		ReferralStatus    []struct {
			TransactionID string `json:"transactionId"`
			Status        string `json:"status"`
			Reason        string `json:"reason"`
		} `json:"referralStatus"`
	}
)

// BenchmarkStatus50Handwritten is the same call written by hand with
// net/http and encoding/json into plain structs.
func BenchmarkStatus50Handwritten(b *testing.B) {
	benchStatus50Hand(b, benchpair.NetHTTP(b, nil))
}

// BenchmarkStatus50Retryablehttp is the same call through go-retryablehttp's
// default client (logger off), with the same plain structs.
func BenchmarkStatus50Retryablehttp(b *testing.B) {
	benchStatus50Hand(b, benchpair.Retryablehttp(b))
}

// benchStatus50Hand is the baselines of BenchmarkStatus50 through c.
func benchStatus50Hand(b *testing.B, c *benchpair.Client) {
	srv := benchServer(b)
	ctx := context.Background()
	ids := benchIDs(50)
	b.ReportAllocs()
	for b.Loop() {
		body, err := json.Marshal(plainStatusRequest{TransactionIDs: ids})
		if err != nil {
			b.Fatal(err)
		}
		resp, err := c.Do(ctx, http.MethodPost, srv.URL+"/specialty/patient/referral/v1/status", body,
			"Content-Type", "application/json", "Authorization", "Bearer bench")
		if out := benchpair.DecodeJSON[plainStatusResponse](b, resp, err); len(out.ReferralStatus) != 50 {
			b.Fatal("status", len(out.ReferralStatus))
		}
	}
}

// BenchmarkColdStartThousandGoroutines starts 1,000 status calls at once on a cold
// client (no token yet) against the fake and reports how many token
// requests reached the token endpoint per cold start (DESIGN.md: exactly 1).
func BenchmarkColdStartThousandGoroutines(b *testing.B) {
	srv := cvsspecialtytest.NewServer()
	b.Cleanup(srv.Close)
	ctx := context.Background()
	total := 0
	for b.Loop() {
		before := srv.TokenRequests()
		c, err := srv.NewClient()
		if err != nil {
			b.Fatal(err)
		}
		errs := make(chan error, 1000)
		for range 1000 {
			go func() {
				_, err := c.Status(ctx, "605841b8-1cef-11ea-978f-2e728ce88125")
				errs <- err
			}()
		}
		for range 1000 {
			if err := <-errs; err != nil {
				b.Fatal(err)
			}
		}
		total += srv.TokenRequests() - before
	}
	b.ReportMetric(float64(total)/float64(b.N), "tokens/op")
}
