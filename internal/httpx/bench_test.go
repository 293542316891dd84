package httpx

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/rxbridge/rxbridge-go/internal/benchpair"
)

// benchDoc is a realistic response: a page of prescriptions (about 2 KiB).
const benchDoc = `{"failedStationList":"","successfulStationList":"979,989","lastUpdatedTime":"Tue, 17 Jan 2012 00:00:00 EST","prescriptionList":[` +
	`{"prescriptionId":1435525,"prescriptionNumber":"2719324","prescriptionName":"ACETAMINOPHEN 325MG TAB","refillStatus":"active","refillSubmitDate":null,"refillDate":"Thu, 17 Jan 2013 00:00:00 EST","refillRemaining":4,"facilityName":"ABC1223","orderedDate":"Tue, 17 Jan 2012 00:00:00 EST","quantity":"30","expirationDate":"Fri, 17 Jan 2014 00:00:00 EST","dispensedDate":null,"stationNumber":"979","isRefillable":true,"isTrackable":false},` +
	`{"prescriptionId":1435526,"prescriptionNumber":"2719325","prescriptionName":"IBUPROFEN 400MG TAB","refillStatus":"submitted","refillSubmitDate":"Tue, 23 Sep 2014 00:00:00 EDT","refillDate":"Tue, 09 Sep 2014 00:00:00 EDT","refillRemaining":2,"facilityName":"ABC1223","orderedDate":"Tue, 17 Jan 2012 00:00:00 EST","quantity":"60","expirationDate":"Fri, 17 Jan 2014 00:00:00 EST","dispensedDate":"Tue, 09 Sep 2014 00:00:00 EDT","stationNumber":"979","isRefillable":false,"isTrackable":true},` +
	`{"prescriptionId":1435527,"prescriptionNumber":"2719326","prescriptionName":"METFORMIN 500MG TAB","refillStatus":"expired","refillSubmitDate":null,"refillDate":"Thu, 17 Jan 2013 00:00:00 EST","refillRemaining":0,"facilityName":"ABC1223","orderedDate":"Tue, 17 Jan 2012 00:00:00 EST","quantity":"90","expirationDate":"Fri, 17 Jan 2014 00:00:00 EST","dispensedDate":null,"stationNumber":"989","isRefillable":false,"isTrackable":false}]}`

type benchRx struct {
	PrescriptionID   int64  `json:"prescriptionId"`
	PrescriptionName string `json:"prescriptionName"`
	RefillStatus     string `json:"refillStatus"`
	RefillDate       string `json:"refillDate"`
	Quantity         string `json:"quantity"`
	IsRefillable     bool   `json:"isRefillable"`
}

type benchList struct {
	LastUpdatedTime  string    `json:"lastUpdatedTime"`
	PrescriptionList []benchRx `json:"prescriptionList"`
}

func benchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, benchDoc)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// inMemoryBase is the base URL of the clients over cannedTransport.
const inMemoryBase = "http://api.example/mhv-api/patient/v1"

// benchClient is the pipeline's client of the benchmarks: baseURL over rt,
// its Options set by set (nil: telemetry off, no logger). Its idle
// connections are closed when tb ends.
func benchClient(tb testing.TB, baseURL string, rt http.RoundTripper, set func(testing.TB, *Options)) *Client {
	tb.Helper()
	var o Options
	o.BaseURL = baseURL
	o.HTTPClient = &http.Client{Transport: rt}
	if set != nil {
		set(tb, &o)
	}
	c, err := New(Config{Provider: "bench"}, o)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(c.hc.CloseIdleConnections)
	return c
}

// BenchmarkGET is one GET through Client.DoJSON.
func BenchmarkGET(b *testing.B) {
	c := benchClient(b, benchServer(b).URL+"/mhv-api/patient/v1", DefaultTransport(), nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		req := Request{Op: "ListActive", Method: http.MethodGet, Route: "prescription/getactiverx/{id}", PathParams: []string{"1435525"}}
		var out benchList
		if _, err := c.DoJSON(ctx, &req, &out); err != nil {
			b.Fatal(err)
		}
		if len(out.PrescriptionList) != 3 {
			b.Fatal("decode")
		}
	}
}

// BenchmarkGETHandwritten is the same GET written by hand with net/http and
// encoding/json into the same plain structs, the baseline the pipeline is
// held to.
func BenchmarkGETHandwritten(b *testing.B) {
	benchGETHand(b, benchpair.NetHTTP(b, DefaultTransport()))
}

// BenchmarkGETRetryablehttp is the same GET through go-retryablehttp's
// default client (logger off), what a user would otherwise pick, decoding
// into the same plain structs.
func BenchmarkGETRetryablehttp(b *testing.B) {
	benchGETHand(b, benchpair.Retryablehttp(b))
}

// handHeader is the hand-written GETs' header.
var handHeader = []string{"Accept", "application/json", "User-Agent", "hand/1"}

// benchGETHand is the baselines of BenchmarkGET through c.
func benchGETHand(b *testing.B, c *benchpair.Client) {
	base, id := benchServer(b).URL+"/mhv-api/patient/v1/", "1435525"
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.Do(ctx, http.MethodGet, base+"prescription/getactiverx/"+id, nil, handHeader...)
		if out := benchpair.DecodeJSON[benchList](b, resp, err); len(out.PrescriptionList) != 3 {
			b.Fatal("decode")
		}
	}
}

// BenchmarkGETChunked is BenchmarkGET with a response of
// unknown length (chunked), as some upstreams send.
func BenchmarkGETChunked(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, benchDoc[:len(benchDoc)/2])
		w.(http.Flusher).Flush() // forces chunked encoding
		_, _ = io.WriteString(w, benchDoc[len(benchDoc)/2:])
	}))
	b.Cleanup(srv.Close)
	c := benchClient(b, srv.URL, DefaultTransport(), nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		req := Request{Op: "ListActive", Method: http.MethodGet, Route: "rx"}
		var out benchList
		resp, err := c.DoJSON(ctx, &req, &out)
		if err != nil || len(out.PrescriptionList) != 3 || resp.Header.Get("Content-Length") != "" {
			b.Fatal("decode or not chunked", err)
		}
	}
}

// The pipeline's own cost (issue 15, item 3): the same GET against the
// same loopback server, reading the whole body and decoding nothing,
// through the pipeline (telemetry off, no logger) and through net/http's
// Client.Do with io.ReadAll. A call that succeeds on its first attempt must
// cost within a few µs of the bare Client.Do.

// BenchmarkPipelineGET is one GET through Client.Do.
func BenchmarkPipelineGET(b *testing.B) {
	benchPipeline(b, benchClient(b, benchServer(b).URL+"/mhv-api/patient/v1", DefaultTransport(), nil))
}

// benchPipeline is the BenchmarkPipelineGET pairs' GET through c.Do.
func benchPipeline(b *testing.B, c *Client) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		req := Request{Op: "ListActive", Method: http.MethodGet, Route: "prescription/getactiverx/{id}", PathParams: []string{"1435525"}}
		resp, err := c.Do(ctx, &req)
		if err != nil || len(resp.Body) != len(benchDoc) {
			b.Fatal("pipeline", err)
		}
	}
}

// BenchmarkPipelineGETHandwritten is the same GET with net/http's
// Client.Do and io.ReadAll, the same headers and the same transport.
func BenchmarkPipelineGETHandwritten(b *testing.B) {
	benchPipelineHand(b, benchpair.NetHTTP(b, DefaultTransport()), benchServer(b).URL+"/mhv-api/patient/v1")
}

// BenchmarkPipelineGETRetryablehttp is the same GET through
// go-retryablehttp's default client (logger off) with io.ReadAll.
func BenchmarkPipelineGETRetryablehttp(b *testing.B) {
	benchPipelineHand(b, benchpair.Retryablehttp(b), benchServer(b).URL+"/mhv-api/patient/v1")
}

// benchPipelineHand is the baselines of the BenchmarkPipelineGET pairs:
// the GET through c to the API at base, its body read with io.ReadAll.
func benchPipelineHand(b *testing.B, c *benchpair.Client, base string) {
	id := "1435525"
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.Do(ctx, http.MethodGet, base+"/prescription/getactiverx/"+url.PathEscape(id), nil, handHeader...)
		if body := benchpair.ReadBody(b, resp, err); len(body) != len(benchDoc) {
			b.Fatal("body")
		}
	}
}

// BenchmarkPipelineGETInMemory is BenchmarkPipelineGET over an in-memory
// transport (cannedTransport): the pipeline's own cost without the
// loopback's noise.
func BenchmarkPipelineGETInMemory(b *testing.B) {
	benchPipeline(b, benchClient(b, inMemoryBase, cannedTransport{}, nil))
}

// BenchmarkPipelineGETInMemoryHandwritten is the same GET over the same
// in-memory transport with net/http's Client.Do and io.ReadAll.
func BenchmarkPipelineGETInMemoryHandwritten(b *testing.B) {
	benchPipelineHand(b, benchpair.NetHTTP(b, cannedTransport{}), inMemoryBase)
}

// BenchmarkPipelineGETInMemoryRetryablehttp is the same GET over the same
// in-memory transport through go-retryablehttp's default client: the
// twin's own cost beside the pipeline's, without the loopback's noise.
func BenchmarkPipelineGETInMemoryRetryablehttp(b *testing.B) {
	benchPipelineHand(b, benchpair.RetryablehttpOver(b, cannedTransport{}), inMemoryBase)
}
