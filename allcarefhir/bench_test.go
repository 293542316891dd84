package allcarefhir_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/internal/benchpair"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// pagedServer serves pages of Observations (perPage each, pages in all) as
// a FHIR server would: page i's next link is ?page=i+1. The entries are
// built once, so the server's own memory does not grow with the pages.
func pagedServer(tb testing.TB, pages, perPage int) *httptest.Server {
	var entries bytes.Buffer
	for i := range perPage {
		if i > 0 {
			entries.WriteByte(',')
		}
		fmt.Fprintf(&entries, `{"fullUrl":"urn:uuid:obs-%d","resource":{"resourceType":"Observation","id":"obs-%d","meta":{"lastUpdated":"2024-05-01T10:00:00Z"},`+
			`"status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],`+
			`"code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}],"text":"Heart rate"},"subject":{"reference":"Patient/p1"},`+
			`"effectiveDateTime":"2024-05-01T09:%02d:00Z","valueQuantity":{"value":%d.5,"unit":"beats/minute","system":"http://unitsofmeasure.org","code":"/min"}},"search":{"mode":"match"}}`,
			i, i, i%60, 60+i%40)
	}
	body := entries.Bytes()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page == 0 {
			page = 1
		}
		w.Header().Set("Content-Type", "application/fhir+json;charset=utf-8")
		next := ""
		if page < pages {
			next = `,{"relation":"next","url":"` + srv.URL + `/r4/Observation?patient=p1&category=vital-signs&page=` + strconv.Itoa(page+1) + `"}`
		}
		fmt.Fprintf(w, `{"resourceType":"Bundle","type":"searchset","total":%d,"link":[{"relation":"self","url":"%s/r4/Observation?page=%d"}%s],"entry":[`, pages*perPage, srv.URL, page, next)
		_, _ = w.Write(body)
		_, _ = io.WriteString(w, `]}`)
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// BenchmarkIterate50k iterates 50,000 Observations over 50 pages and
// reports the peak heap in use, sampled at every page boundary, next to a
// 5-page run: one page in memory at a time keeps it flat.
func BenchmarkIterate50k(b *testing.B) {
	for _, pages := range []int{5, 50} {
		b.Run(fmt.Sprintf("pages=%d", pages), func(b *testing.B) {
			const perPage = 1000
			srv := pagedServer(b, pages, perPage)
			c, err := allcarefhir.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "bench"}),
				rxbridge.WithBaseURL(srv.URL+"/r4"), rxbridge.WithHTTPClient(&http.Client{Transport: httpx.DefaultTransport()}))
			if err != nil {
				b.Fatal(err)
			}
			q := allcarefhir.Query{Type: "Observation", Values: url.Values{"patient": {"p1"}, "category": {"vital-signs"}}}
			ctx := context.Background()
			var ms runtime.MemStats
			var peak uint64
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				for obs, err := range allcarefhir.Search[*allcarefhir.Observation](ctx, c, q) {
					if err != nil {
						b.Fatal(err)
					}
					if obs.ValueQuantity == nil {
						b.Fatal("decode")
					}
					n++
					if n%perPage == 0 {
						runtime.ReadMemStats(&ms)
						peak = max(peak, ms.HeapInuse)
					}
				}
				if n != pages*perPage {
					b.Fatalf("%d resources, want %d", n, pages*perPage)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(pages*perPage), "resources/op")
		})
	}
}

// readServer serves the US Core Patient example.
func readServer(b *testing.B) *httptest.Server {
	body := load(b, "uscore311_patient-example.json")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer bench" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/fhir+json;charset=utf-8")
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// benchClient is the SDK's client for a benchmark server.
func benchClient(b *testing.B, srv *httptest.Server) *allcarefhir.Client {
	c, err := allcarefhir.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "bench"}),
		rxbridge.WithBaseURL(srv.URL+"/r4"), rxbridge.WithHTTPClient(&http.Client{Transport: httpx.DefaultTransport()}))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkReadPatient is one FHIR read through the SDK.
func BenchmarkReadPatient(b *testing.B) {
	c := benchClient(b, readServer(b))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		p, err := c.Patient(ctx, "example")
		if err != nil || len(p.Name) == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadPatientHandwritten is the same read by hand with net/http
// and encoding/json into a plain struct of its own with every member of
// the fixture (plainPatient, dates as strings): the baseline the SDK's
// overhead is measured against.
func BenchmarkReadPatientHandwritten(b *testing.B) {
	benchReadHand(b, benchpair.NetHTTP(b, httpx.DefaultTransport()))
}

// BenchmarkReadPatientRetryablehttp is the same read through
// go-retryablehttp's default client (logger off), what a user would
// otherwise pick, into the same plain struct.
func BenchmarkReadPatientRetryablehttp(b *testing.B) {
	benchReadHand(b, benchpair.Retryablehttp(b))
}

// handHeader is the header of the baselines' FHIR GETs.
var handHeader = []string{"Accept", "application/fhir+json", "Authorization", "Bearer bench", "User-Agent", "hand/1"}

// benchReadHand is the baselines of BenchmarkReadPatient through c.
func benchReadHand(b *testing.B, c *benchpair.Client) {
	base := readServer(b).URL + "/r4/"
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.Do(ctx, http.MethodGet, base+"Patient/"+url.PathEscape("example"), nil, handHeader...)
		if p := benchpair.DecodeJSON[plainPatient](b, resp, err); len(p.Name) == 0 {
			b.Fatal("decode")
		}
	}
}

// The search pair: 10 pages of 100 vital-sign Observations, every page
// read and every resource decoded.
const (
	searchPages   = 10
	searchPerPage = 100
)

// BenchmarkSearch10Pages iterates a 10-page Observation search through the
// SDK (allcarefhir.Search follows the next links).
func BenchmarkSearch10Pages(b *testing.B) {
	c := benchClient(b, pagedServer(b, searchPages, searchPerPage))
	q := allcarefhir.Query{Type: "Observation", Values: url.Values{"patient": {"p1"}, "category": {"vital-signs"}}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for obs, err := range allcarefhir.Search[*allcarefhir.Observation](ctx, c, q) {
			if err != nil || obs.ValueQuantity == nil {
				b.Fatal("decode", err)
			}
			n++
		}
		if n != searchPages*searchPerPage {
			b.Fatalf("%d resources", n)
		}
	}
}

// BenchmarkSearch10PagesHandwritten is the same search by hand: net/http,
// encoding/json into plain structs of its own, following the next links.
func BenchmarkSearch10PagesHandwritten(b *testing.B) {
	benchSearchHand(b, benchpair.NetHTTP(b, httpx.DefaultTransport()))
}

// BenchmarkSearch10PagesRetryablehttp is the same search through
// go-retryablehttp's default client (logger off), with the same plain
// structs.
func BenchmarkSearch10PagesRetryablehttp(b *testing.B) {
	benchSearchHand(b, benchpair.Retryablehttp(b))
}

// benchSearchHand is the baselines of BenchmarkSearch10Pages through c:
// read a page, decode it, follow its next link.
func benchSearchHand(b *testing.B, c *benchpair.Client) {
	base := pagedServer(b, searchPages, searchPerPage).URL + "/r4/"
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		q := url.Values{"patient": {"p1"}, "category": {"vital-signs"}}
		next := base + "Observation?" + q.Encode()
		n := 0
		for next != "" {
			resp, err := c.Do(ctx, http.MethodGet, next, nil, handHeader...)
			page := benchpair.DecodeJSON[plainBundle](b, resp, err)
			next = ""
			for _, l := range page.Link {
				if l.Relation == "next" {
					next = l.URL
				}
			}
			for _, e := range page.Entry {
				if e.Resource.ValueQuantity.Unit == "" {
					b.Fatal("decode")
				}
				n++
			}
		}
		if n != searchPages*searchPerPage {
			b.Fatalf("%d resources", n)
		}
	}
}

// plainBundle is a page of the Observation search as a hand-written client
// models it: every member the server sends, dates as strings.
type plainBundle struct {
	ResourceType string `json:"resourceType"`
	Type         string `json:"type"`
	Total        int    `json:"total"`
	Link         []struct {
		Relation string `json:"relation"`
		URL      string `json:"url"`
	} `json:"link"`
	Entry []struct {
		FullURL  string           `json:"fullUrl"`
		Resource plainObservation `json:"resource"`
		Search   struct {
			Mode string `json:"mode"`
		} `json:"search"`
	} `json:"entry"`
}

type plainObservation struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
	Meta         struct {
		LastUpdated string `json:"lastUpdated"`
	} `json:"meta"`
	Status   string `json:"status"`
	Category []struct {
		Coding []plainPatientCoding `json:"coding"`
	} `json:"category"`
	Code struct {
		Coding []plainPatientCoding `json:"coding"`
		Text   string               `json:"text"`
	} `json:"code"`
	Subject struct {
		Reference string `json:"reference"`
	} `json:"subject"`
	EffectiveDateTime string `json:"effectiveDateTime"`
	ValueQuantity     struct {
		Value  float64 `json:"value"`
		Unit   string  `json:"unit"`
		System string  `json:"system"`
		Code   string  `json:"code"`
	} `json:"valueQuantity"`
}

// TestPlainStructsCoverBenchAnswers: the baselines' plain structs know
// every member of the answers the benchmarks decode, so they decode what
// the SDK decodes.
func TestPlainStructsCoverBenchAnswers(t *testing.T) {
	check := func(name string, body io.Reader, v any) {
		d := json.NewDecoder(body)
		d.DisallowUnknownFields()
		if err := d.Decode(v); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	check("patient", bytes.NewReader(load(t, "uscore311_patient-example.json")), new(plainPatient))
	srv := pagedServer(t, 2, 3)
	resp, err := http.Get(srv.URL + "/r4/Observation")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	check("search page", resp.Body, new(plainBundle))
}

// plainPatient is the US Core Patient example as a hand-written client
// models it: every member of the fixture, dates as strings.
type plainPatient struct {
	ResourceType string                   `json:"resourceType"`
	ID           string                   `json:"id"`
	Meta         plainPatientMeta         `json:"meta"`
	Extension    []plainPatientExtension  `json:"extension"`
	Identifier   []plainPatientIdentifier `json:"identifier"`
	Active       bool                     `json:"active"`
	Name         []plainPatientName       `json:"name"`
	Telecom      []plainPatientTelecom    `json:"telecom"`
	Gender       string                   `json:"gender"`
	BirthDate    string                   `json:"birthDate"`
	Address      []plainPatientAddress    `json:"address"`
}

type plainPatientMeta struct {
	Profile []string `json:"profile"`
}

type plainPatientExtension struct {
	URL       string                      `json:"url"`
	Extension []plainPatientExtensionItem `json:"extension"`
	ValueCode string                      `json:"valueCode"`
}

type plainPatientExtensionItem struct {
	URL         string                  `json:"url"`
	ValueCoding plainPatientValueCoding `json:"valueCoding"`
	ValueString string                  `json:"valueString"`
}

type plainPatientValueCoding struct {
	System  string `json:"system"`
	Code    string `json:"code"`
	Display string `json:"display"`
}

type plainPatientIdentifier struct {
	Use    string           `json:"use"`
	Type   plainPatientType `json:"type"`
	System string           `json:"system"`
	Value  string           `json:"value"`
}

type plainPatientType struct {
	Coding []plainPatientCoding `json:"coding"`
	Text   string               `json:"text"`
}

type plainPatientCoding struct {
	System  string `json:"system"`
	Code    string `json:"code"`
	Display string `json:"display"`
}

type plainPatientName struct {
	Family string             `json:"family"`
	Given  []string           `json:"given"`
	Period plainPatientPeriod `json:"period"`
	Suffix []string           `json:"suffix"`
}

type plainPatientPeriod struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type plainPatientTelecom struct {
	System string `json:"system"`
	Value  string `json:"value"`
	Use    string `json:"use"`
}

type plainPatientAddress struct {
	Line       []string           `json:"line"`
	City       string             `json:"city"`
	State      string             `json:"state"`
	PostalCode string             `json:"postalCode"`
	Country    string             `json:"country"`
	Period     plainPatientPeriod `json:"period"`
}

// BenchmarkDecodeEOB decodes the CARIN BB inpatient EOB (11 KiB) with the
// package's codec, against encoding/json into map[string]any (the other
// lossless option).
func BenchmarkDecodeEOB(b *testing.B) {
	raw := load(b, "c4bb110_ExplanationOfBenefit-EOBInpatient1.json")
	b.Run("allcarefhir", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		for b.Loop() {
			var e allcarefhir.ExplanationOfBenefit
			if err := json.Unmarshal(raw, &e); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json-map", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		for b.Loop() {
			var m map[string]any
			d := json.NewDecoder(strings.NewReader(string(raw)))
			d.UseNumber()
			if err := d.Decode(&m); err != nil {
				b.Fatal(err)
			}
		}
	})
}
