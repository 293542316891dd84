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
	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// pagedServer serves pages of Observations (perPage each, pages in all) as
// a FHIR server would: page i's next link is ?page=i+1. The entries are
// built once, so the server's own memory does not grow with the pages.
func pagedServer(b *testing.B, pages, perPage int) *httptest.Server {
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
	b.Cleanup(srv.Close)
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
func readServer(b *testing.B) (*httptest.Server, []byte) {
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
	return srv, body
}

// BenchmarkReadPatient is one FHIR read through the SDK.
func BenchmarkReadPatient(b *testing.B) {
	srv, _ := readServer(b)
	c, err := allcarefhir.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "bench"}),
		rxbridge.WithBaseURL(srv.URL+"/r4"), rxbridge.WithHTTPClient(&http.Client{Transport: httpx.DefaultTransport()}))
	if err != nil {
		b.Fatal(err)
	}
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
// and encoding/json into the same allcarefhir.Patient type: the baseline
// the SDK's overhead is measured against.
func BenchmarkReadPatientHandwritten(b *testing.B) {
	srv, _ := readServer(b)
	hc := &http.Client{Transport: httpx.DefaultTransport()}
	base := srv.URL + "/r4/"
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"Patient/"+url.PathEscape("example"), nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Accept", "application/fhir+json")
		req.Header.Set("Authorization", "Bearer bench")
		req.Header.Set("User-Agent", "hand/1")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatal("status")
		}
		var p allcarefhir.Patient
		if err := json.Unmarshal(body, &p); err != nil || len(p.Name) == 0 {
			b.Fatal(err)
		}
	}
}

// plainPatient is what a hand-written client might decode into: a few
// fields, no extensions kept, nothing else.
type plainPatient struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
	Name         []struct {
		Family string   `json:"family"`
		Given  []string `json:"given"`
	} `json:"name"`
	Gender    string `json:"gender"`
	BirthDate string `json:"birthDate"`
}

// BenchmarkReadPatientHandwrittenPlain decodes into plainPatient: the cost
// of the lossless R4 types shows as the difference to
// BenchmarkReadPatientHandwritten.
func BenchmarkReadPatientHandwrittenPlain(b *testing.B) {
	srv, _ := readServer(b)
	hc := &http.Client{Transport: httpx.DefaultTransport()}
	base := srv.URL + "/r4/"
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"Patient/example", nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Accept", "application/fhir+json")
		req.Header.Set("Authorization", "Bearer bench")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var p plainPatient
		err = json.NewDecoder(resp.Body).Decode(&p)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || len(p.Name) == 0 {
			b.Fatal(err)
		}
	}
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
