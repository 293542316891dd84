package mhv_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxbridge/rxbridge-go/internal/faultserver"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
)

func TestRxDocumentationFromTheFake(t *testing.T) {
	for _, tc := range []struct {
		name, path string
		opts       []mhvtest.Option
		client     []mhv.Option
	}{
		{"legacy", "/mhv-api/patient/v1/prescription/getrxdoc/", nil, nil},
		{"gateway", "/v1/pharmacy/ess/getrxdoc/", []mhvtest.Option{mhvtest.WithGateway("key-1")}, []mhv.Option{mhv.WithGateway("key-1")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mhvtest.NewServer(tc.opts...)
			t.Cleanup(srv.Close)
			vet := newClient(t, srv, tc.client...).User(mhvtest.DemoVeteran)
			ctx := context.Background()

			// The NDC as MHV gives it on a prescription, hyphenated (the
			// medications list), padded: all sent as 11 characters.
			for _, ndc := range []string{"00378018701", "00378-0187-01", " 00378018701\t"} {
				doc, err := vet.RxDocumentation(ctx, ndc)
				require.NoError(t, err, ndc)
				assert.Equal(t, "METFORMIN HCL 500MG TAB", doc.Title(), ndc)
				assert.True(t, strings.HasPrefix(doc.HTML, "<body><Page><h1>"), doc.HTML)
			}
			assert.Equal(t, 3, countPath(srv, tc.path+"00378018701"), "sent normalised")

			// A drug no prescription has: the fake's generic leaflet.
			doc, err := vet.RxDocumentation(ctx, "0006074954")
			require.NoError(t, err)
			assert.Equal(t, mhvtest.UnknownDrugTitle, doc.Title())

			// The NDC of a tracking answer works as it is.
			tr, err := vet.Tracking(ctx, mhvtest.DemoTrackable)
			require.NoError(t, err)
			doc, err = vet.RxDocumentation(ctx, tr.NdcNumber.Value)
			require.NoError(t, err)
			assert.Equal(t, tr.PrescriptionName, doc.Title())
			assert.Equal(t, 1, srv.SessionsCreated(mhvtest.DemoVeteran), "one session for every call")
		})
	}
}

func TestRxDocumentationRetriesAndReplaysLikeTheOtherReads(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	vet := newClient(t, srv).User(mhvtest.DemoVeteran)
	ctx := context.Background()
	require.NoError(t, vet.EnsureSession(ctx))
	const path = "/mhv-api/patient/v1/prescription/getrxdoc/00093721410"

	// 503, 502 and a reset after the request was read: a read, retried.
	srv.Faults.Enqueue(faultserver.GatewayHTML(503), faultserver.Status(502, ``), faultserver.Fault{Kind: faultserver.ResetAfterRead})
	doc, err := vet.RxDocumentation(ctx, "00093721410")
	require.NoError(t, err)
	assert.Equal(t, "ATORVASTATIN CALCIUM 10MG TAB", doc.Title())
	assert.Equal(t, 4, countPath(srv, path))

	// An expired session: replaced, the call replayed once.
	srv.RevokeVeteranCredentials(mhvtest.DemoVeteran)
	doc, err = vet.RxDocumentation(ctx, "00093721410")
	require.NoError(t, err)
	assert.Equal(t, "ATORVASTATIN CALCIUM 10MG TAB", doc.Title())
	assert.Equal(t, 2, srv.SessionsCreated(mhvtest.DemoVeteran))
	assert.Equal(t, 6, countPath(srv, path))

	// MHV's error shape decodes as for every call.
	srv.Faults.Enqueue(faultserver.Status(400, `{"errorCode":99,"message":"Unknown application error occurred","developerMessage":""}`))
	_, err = vet.RxDocumentation(ctx, "00093721410")
	require.ErrorIs(t, err, mhv.ErrUnknownApplication)
	assert.NotContains(t, err.Error(), "00093721410")
	assert.Contains(t, err.Error(), "prescription/getrxdoc/{ndc}", "the route template, never the NDC")

	// A 2xx that is not JSON is a decode error, never retried into a success.
	srv.Faults.Enqueue(faultserver.Fault{Kind: faultserver.Respond, Status: 200, ContentType: "application/json", Body: []byte("<html>maintenance</html>")})
	_, err = vet.RxDocumentation(ctx, "00093721410")
	require.ErrorIs(t, err, mhv.ErrDecode)
	assert.NotContains(t, err.Error(), "maintenance")
}

func TestRxDocumentationRefusesAnInvalidNDCWithoutSending(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	vet := newClient(t, srv).User(mhvtest.DemoVeteran)
	for _, bad := range []string{"", "   ", "123", "123456789", "123456789012", "0006 074954", "0006/074954", "000607495.",
		"00060749541a2", "ÄÄÄÄÄÄÄÄÄÄ", "0006074954\x00", "00060\n74954", "../../../etc", "..%2F..%2Fetc", "00378018701?x=1",
		"0037801870#", "-----------"} {
		doc, err := vet.RxDocumentation(context.Background(), bad)
		assert.Nil(t, doc, "%q", bad)
		assert.ErrorIs(t, err, mhv.ErrInvalidNDC, "%q", bad)
		assert.ErrorIs(t, err, mhv.ErrInvalidInput, "%q", bad)
		if bad != "" && strings.TrimSpace(bad) != "" {
			assert.NotContains(t, err.Error(), bad, "the value is never in the error")
		}
	}
	assert.Zero(t, srv.Faults.Count(), "nothing sent, not even a session creation")

	// An unusable correlation id is refused before sending too.
	_, err := newClient(t, srv).User("").RxDocumentation(context.Background(), "00378018701")
	assert.ErrorIs(t, err, mhv.ErrInvalidInput)
	var nilUser *mhv.User
	_, err = nilUser.RxDocumentation(context.Background(), "00378018701")
	assert.ErrorIs(t, err, mhv.ErrInvalidInput)
	assert.Zero(t, srv.Faults.Count())
}

func TestRxDocumentationTitle(t *testing.T) {
	cases := []struct{ name, html, want string }{
		{"the recorded shape", string(fixture(t, "rx_documentation.json")), "Somatropin"},
		{"MHV's start", `<body><Page><h1>Somatropin</h1><strong>Brand Name(s): X®</strong><br /><h4>Human Growth Hormone</h4>`, "Somatropin"},
		{"entities", `<h1>Sulfamethoxazole &amp; Trimethoprim &#40;oral&#41; &lt;tab&gt;</h1>`, "Sulfamethoxazole & Trimethoprim (oral) <tab>"},
		{"tags inside", `<h1><span class="x">Insulin</span> <em>Glargine</em><sup>&reg;</sup></h1>`, "Insulin Glargine®"},
		{"a br separates", `<h1>Insulin<br/>Glargine</h1>`, "Insulin Glargine"},
		{"white space", "<h1>\n  Insulin \t\n Glargine  \n</h1>", "Insulin Glargine"},
		{"upper case tags", `<BODY><H1 CLASS="t">Warfarin</H1></BODY>`, "Warfarin"},
		{"attributes", `<h1 id="a" class='b'>Warfarin</h1>`, "Warfarin"},
		{"the first of several", `<h1>First</h1><h1>Second</h1>`, "First"},
		{"h10 and h1x are not h1", `<h10>No</h10><h1x>No</h1x><h1>Yes</h1>`, "Yes"},
		{"an h10 inside", `<h1>Insulin<h10>x</h10> Glargine</h1>`, "Insulinx Glargine"},
		{"non-breaking spaces", `<h1>&nbsp;Insulin&nbsp;&nbsp;Glargine </h1>`, "Insulin Glargine"},
		{"no h1", `<body><Page><h2>WHY is this medicine prescribed?</h2></Page></body>`, ""},
		{"unclosed h1", `<body><h1>Somatropin`, ""},
		{"unclosed start tag", `<body><h1 class="x`, ""},
		{"h1 at the end", `<body><h1`, ""},
		{"empty h1", `<h1></h1><h1>Later</h1>`, ""},
		{"only tags", `<h1><img src="x"></h1>`, ""},
		{"unterminated tag inside", `<h1>Insulin <b</h1>`, "Insulin"},
		{"empty", ``, ""},
		{"plain text", `Somatropin`, ""},
	}
	for _, tc := range cases {
		d := &mhv.RxDocumentation{HTML: tc.html}
		assert.Equal(t, tc.want, d.Title(), tc.name)
	}
	var nilDoc *mhv.RxDocumentation
	assert.Empty(t, nilDoc.Title())
}

func TestRxDocumentationDecodes(t *testing.T) {
	d := roundTrip[mhv.RxDocumentation](t, fixture(t, "rx_documentation.json"))
	assert.True(t, strings.HasPrefix(d.HTML, "<body><Page><h1>Somatropin</h1>"))
	assert.True(t, strings.HasSuffix(d.HTML, "</Page></body>"))

	for body, want := range map[string]string{
		`{"html":null}`:                     "",
		`{}`:                                "",
		`{"html":"<h1>A</h1>","other":[1]}`: "<h1>A</h1>", // unknown keys ignored
		`{"html":"\u003ch1\u003eA\u003c/h1\u003e"}`: "<h1>A</h1>",
	} {
		var d mhv.RxDocumentation
		require.NoError(t, json.Unmarshal([]byte(body), &d), body)
		assert.Equal(t, want, d.HTML, body)
	}
}

// FuzzRxDocumentation covers the getrxdoc decoder and Title: any input
// decodes or fails without panicking, and a title never keeps a tag's
// brackets from the markup it was cut from.
func FuzzRxDocumentation(f *testing.F) {
	f.Add(fixture(f, "rx_documentation.json"))
	f.Add([]byte(`{"html":"<H1 class=x>A &amp; <b>B</b><br>C</H1>"}`))
	f.Add([]byte(`{"html":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var d mhv.RxDocumentation
		if json.Unmarshal(b, &d) != nil {
			return
		}
		title := d.Title()
		if title != strings.TrimSpace(title) || strings.Contains(title, "  ") {
			t.Fatalf("title %q is not trimmed and collapsed", title)
		}
		if !strings.Contains(strings.ToLower(d.HTML), "<h1") && title != "" {
			t.Fatalf("title %q without an h1", title)
		}
		out, err := json.Marshal(&d)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		var again mhv.RxDocumentation
		if err := json.Unmarshal(out, &again); err != nil || again.HTML != d.HTML {
			t.Fatalf("re-decode %s: %v", out, err)
		}
	})
}
