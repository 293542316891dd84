package cvsspecialty

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// captureIntake records the intake bodies and headers and answers success.
type captureIntake struct {
	bodies  [][]byte
	headers []http.Header
	lengths []int64
}

func (ci *captureIntake) responder(req *http.Request) (*http.Response, error) {
	b, _ := io.ReadAll(req.Body)
	ci.bodies = append(ci.bodies, b)
	ci.headers = append(ci.headers, req.Header.Clone())
	ci.lengths = append(ci.lengths, req.ContentLength)
	return okIntake(&http.Request{Body: io.NopCloser(bytes.NewReader(b))})
}

func TestSubmitSendsTheSpecExample(t *testing.T) {
	c, mt, _ := newMock(t)
	ci := &captureIntake{}
	mt.RegisterResponder(http.MethodPost, intakeURL, ci.responder)
	ref := sampleReferral(t)
	res, err := c.Submit(context.Background(), ref)
	require.NoError(t, err)
	assert.Equal(t, &SubmitResult{
		TransactionID:     "605841b8-1cef-11ea-978f-2e728ce88125",
		SentTransactionID: "605841b8-1cef-11ea-978f-2e728ce88125",
		StatusCode:        "0000",
		StatusDescription: "Success",
		Attempts:          1,
	}, res)
	require.Len(t, ci.bodies, 1)
	assert.JSONEq(t, string(fixture(t, "intake-request.json")), string(ci.bodies[0]),
		"the streamed body is the spec's example, field for field")
	assert.Equal(t, int64(len(ci.bodies[0])), ci.lengths[0], "Content-Length is exact")
	h := ci.headers[0]
	assert.Equal(t, "application/json", h.Get("Content-Type"))
	assert.Equal(t, "Bearer tok1", h.Get("Authorization"))
	assert.Empty(t, h.Values("Idempotency-Key"))
	assert.Empty(t, h.Values("X-Idempotency-Key"))
	assert.Empty(t, h.Get("X-Mock"))
}

func TestSubmitNormalizesDatesFlagsAndImageType(t *testing.T) {
	for _, tc := range []struct {
		opts      []Option
		birthDate string
		authored  string
		authored2 string
	}{
		{nil, "1993-10-21T00:00:00.000Z", "2019-11-22T00:00:00.000Z", "2019-11-23T00:00:00.000Z"},
		{[]Option{WithDateFormat(DateOnly)}, "1993-10-21", "2019-11-22", "2019-11-23"},
	} {
		c, mt, _ := newMock(t, tc.opts...)
		ci := &captureIntake{}
		mt.RegisterResponder(http.MethodPost, intakeURL, ci.responder)
		ref := sampleReferral(t)
		// Dates as the Postman sample writes them, built in code, or parsed.
		require.NoError(t, json.Unmarshal([]byte(`"1993-10-21"`), &ref.Patient.BirthDate))
		ref.Prescription[0].AuthoredOn = rxbridge.NewDate(2019, time.November, 22)
		ref.Prescription[0].SubstitutionAllowed = rxbridge.NewBool(true)
		second := ref.Prescription[0]
		require.NoError(t, json.Unmarshal([]byte(`"2019-11-23T00:00:00.000Z"`), &second.AuthoredOn))
		require.NoError(t, json.Unmarshal([]byte(`"yes"`), &second.SubstitutionAllowed))
		third := ref.Prescription[0]
		third.AuthoredOn = rxbridge.Date{}
		require.NoError(t, json.Unmarshal([]byte(`0`), &third.SubstitutionAllowed))
		ref.Prescription = append(ref.Prescription, second, third)
		ref.RxImage.Content.Type = " IMAGE/TIF "
		_, err := c.Submit(context.Background(), ref)
		require.NoError(t, err)
		var sent struct {
			Patient struct {
				BirthDate string `json:"birthDate"`
			} `json:"patient"`
			Prescription []struct {
				AuthoredOn          *string         `json:"authoredOn"`
				SubstitutionAllowed json.RawMessage `json:"substitutionAllowed"`
			} `json:"prescription"`
			RxImage struct {
				Content struct {
					Type string `json:"type"`
				} `json:"content"`
			} `json:"rxImage"`
		}
		require.NoError(t, json.Unmarshal(ci.bodies[0], &sent))
		assert.Equal(t, tc.birthDate, sent.Patient.BirthDate)
		require.Len(t, sent.Prescription, 3)
		assert.Equal(t, tc.authored, *sent.Prescription[0].AuthoredOn)
		assert.Equal(t, tc.authored2, *sent.Prescription[1].AuthoredOn)
		assert.Nil(t, sent.Prescription[2].AuthoredOn, "an unset date stays omitted")
		assert.Equal(t, `"true"`, string(sent.Prescription[0].SubstitutionAllowed), "built in code: the spec's string")
		assert.Equal(t, `"yes"`, string(sent.Prescription[1].SubstitutionAllowed), "a string as received")
		assert.Equal(t, `"false"`, string(sent.Prescription[2].SubstitutionAllowed), "0 in the spec's string form")
		assert.Equal(t, "image/tiff", sent.RxImage.Content.Type)
		// The caller's referral is untouched.
		assert.Equal(t, " IMAGE/TIF ", ref.RxImage.Content.Type)
		assert.Equal(t, "1993-10-21", ref.Patient.BirthDate.Raw())
		for i, want := range []string{`{"a":"2019-11-22","b":true}`, `{"a":"2019-11-23T00:00:00.000Z","b":"yes"}`, `{"b":0}`} {
			rx := ref.Prescription[i]
			out, err := json.Marshal(struct {
				A rxbridge.Date `json:"a,omitzero"`
				B rxbridge.Bool `json:"b,omitzero"`
			}{rx.AuthoredOn, rx.SubstitutionAllowed})
			require.NoError(t, err)
			assert.Equal(t, want, string(out), "prescription %d of the caller's referral", i)
		}
	}
}

func TestSubmitGeneratesATransactionIDAndFillsAMissingImageType(t *testing.T) {
	c, mt, _ := newMock(t)
	ci := &captureIntake{}
	mt.RegisterResponder(http.MethodPost, intakeURL, ci.responder)
	ref := sampleReferral(t)
	ref.TransactionID = ""
	ref.RxImage.Content.Type = ""
	ref.RxImage.Content.ID = ""
	res, err := c.Submit(context.Background(), ref)
	require.NoError(t, err)
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, res.SentTransactionID)
	assert.Equal(t, res.SentTransactionID, res.TransactionID)
	assert.Empty(t, ref.TransactionID, "Submit does not modify the referral")
	var sent Referral
	require.NoError(t, json.Unmarshal(ci.bodies[0], &sent))
	assert.Equal(t, res.SentTransactionID, sent.TransactionID)
	assert.Equal(t, "image/tiff", sent.RxImage.Content.Type, "sniffed from the bytes")
	assert.Equal(t, ref.RxImage.Content.Data, sent.RxImage.Content.Data)
}

func TestSubmitWithoutImageSendsBytes(t *testing.T) {
	c, mt, _ := newMock(t)
	ci := &captureIntake{}
	mt.RegisterResponder(http.MethodPost, intakeURL, ci.responder)
	ref := sampleReferral(t)
	ref.RxImage = nil // the e-Rx (submission.eRxNumber) is the prescription
	_, err := c.Submit(context.Background(), ref)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(ci.bodies[0], &m))
	assert.NotContains(t, m, "rxImage")
	assert.Contains(t, m, "prescription")
}

func TestSubmitReturnsTheIDCVSIssued(t *testing.T) {
	c, mt, _ := newMock(t)
	mt.RegisterResponder(http.MethodPost, intakeURL, httpmock.NewStringResponder(200, `{"transactionId":"enc-0af3","statusDescription":"Success","statusCode":"0000"}`))
	res, err := c.Submit(context.Background(), sampleReferral(t))
	require.NoError(t, err)
	assert.Equal(t, "enc-0af3", res.TransactionID)
	assert.Equal(t, "605841b8-1cef-11ea-978f-2e728ce88125", res.SentTransactionID)
}

func TestSubmitValidation(t *testing.T) {
	c, mt, _ := newMock(t)
	var postman Referral
	require.NoError(t, json.Unmarshal(fixture(t, "intake-request-postman.json"), &postman))
	for _, tc := range []struct {
		name   string
		edit   func(r *Referral)
		fields []string
		image  bool
	}{
		{"names", func(r *Referral) { r.Patient.Name.Given, r.Patient.Name.Family = " ", "" }, []string{"patient.name.given", "patient.name.family"}, false},
		{"no birth date", func(r *Referral) { r.Patient.BirthDate = rxbridge.Date{} }, []string{"patient.birthDate"}, false},
		{"bad birth date", func(r *Referral) { _ = json.Unmarshal([]byte(`"21st of October"`), &r.Patient.BirthDate) }, []string{"patient.birthDate"}, false},
		{"31 February", func(r *Referral) { r.Patient.BirthDate = rxbridge.NewDate(1993, time.February, 31) }, []string{"patient.birthDate"}, false},
		{"future birth date", func(r *Referral) { r.Patient.BirthDate = rxbridge.NewDate(time.Now().Year()+1, 1, 1) }, []string{"patient.birthDate"}, false},
		{"no prescription", func(r *Referral) { r.Prescription = nil }, []string{"prescription"}, false},
		{"no drug", func(r *Referral) { r.Prescription[0].DrugIdentifier = Identifier{System: "x"} }, []string{"prescription[0].drugIdentifier"}, false},
		{"neither eRx nor image", func(r *Referral) { r.RxImage = nil; r.Prescription[0].Submission.ERxNumber = "" }, []string{"prescription[0].submission.eRxNumber"}, false},
		{"negative numbers", func(r *Referral) { r.Prescription[0].Refills = rxbridge.Ptr(-1); r.Prescription[0].DaysSupply = -3 }, []string{"prescription[0].refills", "prescription[0].daysSupply"}, false},
		{"bad authoredOn", func(r *Referral) { _ = json.Unmarshal([]byte(`"yesterday"`), &r.Prescription[0].AuthoredOn) }, []string{"prescription[0].authoredOn"}, false},
		{"bad transactionId", func(r *Referral) { r.TransactionID = "has space" }, []string{"transactionId"}, false},
		{"empty image", func(r *Referral) { r.RxImage.Content.Data = nil }, []string{"rxImage.content.data"}, false},
		{"PNG declared TIFF (the spec's own sample)", func(r *Referral) { *r = postman }, []string{"rxImage.content.type"}, true},
		{"not an image", func(r *Referral) { r.RxImage.Content.Data = []byte("Aegon Targaryen, DOB 1993-10-21") }, []string{"rxImage.content.data"}, true},
		{"type not accepted", func(r *Referral) { r.RxImage.Content.Type = "image/bmp" }, []string{"rxImage.content.type"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref := sampleReferral(t)
			tc.edit(ref)
			_, err := c.Submit(context.Background(), ref)
			require.ErrorIs(t, err, ErrInvalidInput)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.fields, ve.Fields())
			assert.Equal(t, tc.image, errors.Is(err, ErrImageType))
			for _, v := range []string{"Aegon", "Targaryen", "1993", "21st", "yesterday", "has space"} {
				assert.NotContains(t, err.Error(), v, "errors name fields, never values")
			}
			assert.Equal(t, "cvsspecialty: Submit: "+strings.TrimPrefix(ref.Validate().Error(), "cvsspecialty: "), err.Error(),
				"Validate finds what Submit refuses; Submit's error names the operation")
		})
	}
	assert.Equal(t, 0, mt.GetTotalCallCount(), "nothing was sent, not even a token request")
	_, err := c.Submit(context.Background(), nil)
	require.ErrorIs(t, err, ErrInvalidInput)
	require.NoError(t, sampleReferral(t).Validate())
}

func TestSubmitIsNeverRetriedOnceSent(t *testing.T) {
	html502, _ := io.ReadAll(strings.NewReader(`<html><body><h1>502 Bad Gateway</h1></body></html>`))
	for _, tc := range []struct {
		name      string
		responder httpmock.Responder
		sentinel  error
	}{
		{"500", httpmock.NewStringResponder(500, `{"statusCode":"9999","statusDescription":"An Unexpected error occurred"}`), ErrServer},
		{"502 html", httpmock.NewBytesResponder(502, html502), ErrServer},
		{"503", httpmock.NewStringResponder(503, `{"statusCode":"5000"}`), ErrServer},
		{"504", httpmock.NewStringResponder(504, ``), ErrServer},
		{"reset (maybe sent)", httpmock.NewErrorResponder(&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}), ErrTransport},
		{"unexpected EOF", httpmock.NewErrorResponder(io.ErrUnexpectedEOF), ErrTransport},
		{"200 unreadable", httpmock.NewStringResponder(200, `<html>Welcome</html>`), ErrDecode},
		{"200 empty", httpmock.NewStringResponder(200, ``), ErrUnexpectedResponse},
		{"200 {}", httpmock.NewStringResponder(200, `{}`), ErrUnexpectedResponse},
		{"200 no statusCode", httpmock.NewStringResponder(200, `{"transactionId":"x"}`), ErrUnexpectedResponse},
		{"200 statusCode twice", httpmock.NewStringResponder(200, `{"statusCode":"1001","transactionId":"x","StatusCode":"0000"}`), ErrUnexpectedResponse},
		{"200 transactionId twice", httpmock.NewStringResponder(200, `{"statusCode":"0000","transactionId":"x","transactionId":"y"}`), ErrUnexpectedResponse},
		{"200 server failure code", httpmock.NewStringResponder(200, `{"statusCode":"9999","statusDesc":"Message Not Processed"}`), ErrServer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, mt, _ := newMock(t)
			mt.RegisterResponder(http.MethodPost, intakeURL, tc.responder)
			ref := sampleReferral(t)
			_, err := c.Submit(context.Background(), ref)
			require.ErrorIs(t, err, ErrOutcomeUnknown)
			require.ErrorIs(t, err, tc.sentinel)
			var ou *OutcomeUnknownError
			require.ErrorAs(t, err, &ou)
			assert.Equal(t, ref.TransactionID, ou.TransactionID, "the error carries the transactionId to check")
			assert.Equal(t, 1, ou.Attempts)
			assert.Equal(t, 1, mt.GetCallCountInfo()["POST "+intakeURL], "sent exactly once")
		})
	}
}

// TestSubmitRedirectIsOutcomeUnknown: an intake answered with a same-host
// redirect (a login page) is not followed: Go would GET the page, and the
// referral's fate would be hidden behind the page's answer.
func TestSubmitRedirectIsOutcomeUnknown(t *testing.T) {
	for _, code := range []int{http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect} {
		c, mt, _ := newMock(t)
		mt.RegisterResponder(http.MethodPost, intakeURL, func(*http.Request) (*http.Response, error) {
			r := httpmock.NewStringResponse(code, "")
			r.Header.Set("Location", testBase+"/login")
			return r, nil
		})
		mt.RegisterResponder(http.MethodGet, testBase+"/login", okIntake)
		mt.RegisterResponder(http.MethodPost, testBase+"/login", okIntake)
		ref := sampleReferral(t)
		_, err := c.Submit(context.Background(), ref)
		require.ErrorIs(t, err, ErrOutcomeUnknown, "%d", code)
		var ou *OutcomeUnknownError
		require.ErrorAs(t, err, &ou)
		assert.Equal(t, ref.TransactionID, ou.TransactionID)
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, code, e.HTTPStatus)
		assert.Equal(t, 1, mt.GetCallCountInfo()["POST "+intakeURL], "sent once")
		assert.Zero(t, mt.GetCallCountInfo()["GET "+testBase+"/login"]+mt.GetCallCountInfo()["POST "+testBase+"/login"], "not followed")
	}
}

func TestSubmitDefiniteFailuresAreNotOutcomeUnknown(t *testing.T) {
	for _, tc := range []struct {
		name     string
		status   int
		body     string
		sentinel error
	}{
		{"400 5004", 400, string(fixture(t, "error-400-missing-field.json")), ErrRejected},
		{"200 5004", 200, string(fixture(t, "error-400-missing-field.json")), ErrRejected},
		{"403", 403, ``, ErrForbidden},
		{"404 5013", 404, `{"statusCode":"5013","statusDescription":"not valid"}`, ErrNotFound},
		{"200 unknown code", 200, `{"statusCode":"7777","statusDescription":"new"}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, mt, _ := newMock(t)
			mt.RegisterResponder(http.MethodPost, intakeURL, httpmock.NewStringResponder(tc.status, tc.body))
			_, err := c.Submit(context.Background(), sampleReferral(t))
			require.Error(t, err)
			assert.NotErrorIs(t, err, ErrOutcomeUnknown)
			if tc.sentinel != nil {
				assert.ErrorIs(t, err, tc.sentinel)
			}
			var e *Error
			require.ErrorAs(t, err, &e)
			if tc.status == 200 {
				assert.Equal(t, 0, e.HTTPStatus)
			} else {
				assert.Equal(t, tc.status, e.HTTPStatus)
			}
			assert.Equal(t, 1, mt.GetCallCountInfo()["POST "+intakeURL])
		})
	}
}

func TestSubmitFaultNamesTheRefusedFields(t *testing.T) {
	c, mt, _ := newMock(t)
	mt.RegisterResponder(http.MethodPost, intakeURL, httpmock.NewBytesResponder(400, fixture(t, "error-400-missing-field.json")))
	_, err := c.Submit(context.Background(), sampleReferral(t))
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "5004", e.StatusCode())
	assert.Equal(t, "missing/incorrect input request", e.StatusDescription())
	require.NotNil(t, e.Fault)
	assert.Equal(t, "REQUIRED_FIELD_MISSING", e.Fault.Type)
	require.Len(t, e.Fault.Errors, 1)
	assert.Equal(t, FaultError{Title: "missing/incorrect input request", Field: "patient.name.family", Type: "KEY_MISSING_IN_REQUEST"}, e.Fault.Errors[0])
	assert.Equal(t, "cvsspecialty: Submit POST specialty/patient/referral/v1/intake: HTTP 400: code 5004 (missing or incorrect input)", e.Error())
}

func TestSubmitRetriedOnlyWhenNothingWasSent(t *testing.T) {
	c, mt, _ := newMock(t)
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	mt.RegisterResponder(http.MethodPost, intakeURL,
		httpmock.NewErrorResponder(dial).Then(httpmock.NewErrorResponder(dial)).Then(okIntake))
	res, err := c.Submit(context.Background(), sampleReferral(t))
	require.NoError(t, err)
	assert.Equal(t, 3, res.Attempts)
	assert.Equal(t, 3, mt.GetCallCountInfo()["POST "+intakeURL])

	// 429: CVS refused it before acting.
	c, mt, _ = newMock(t)
	mt.RegisterResponder(http.MethodPost, intakeURL, httpmock.NewStringResponder(429, `{}`).Then(okIntake))
	_, err = c.Submit(context.Background(), sampleReferral(t))
	require.NoError(t, err)
	assert.Equal(t, 2, mt.GetCallCountInfo()["POST "+intakeURL])

	// Refused every time: never outcome unknown.
	c, mt, _ = newMock(t)
	mt.RegisterResponder(http.MethodPost, intakeURL, httpmock.NewErrorResponder(dial))
	_, err = c.Submit(context.Background(), sampleReferral(t))
	require.ErrorIs(t, err, ErrTransport)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, 4, mt.GetCallCountInfo()["POST "+intakeURL])
}

func TestSubmitContextDeadlineWhileSentIsOutcomeUnknown(t *testing.T) {
	c, mt, _ := newMock(t)
	// The caller's deadline passes once the request is sent (an event: a
	// short timeout could pass before, while the client built the body or
	// fetched its token, and nothing would have been sent).
	ctx, expire := faultserver.NewDeadline(context.Background())
	mt.RegisterResponder(http.MethodPost, intakeURL, func(req *http.Request) (*http.Response, error) {
		expire()
		<-req.Context().Done()
		return nil, req.Context().Err()
	})
	ref := sampleReferral(t)
	_, err := c.Submit(ctx, ref)
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	var ou *OutcomeUnknownError
	require.ErrorAs(t, err, &ou)
	assert.Equal(t, ref.TransactionID, ou.TransactionID)
}

func TestSubmitReplayAfterInvalidTokenResendsTheWholeStreamedBody(t *testing.T) {
	c, mt, _ := newMock(t)
	ci := &captureIntake{}
	first := true
	mt.RegisterResponder(http.MethodPost, intakeURL, func(req *http.Request) (*http.Response, error) {
		if first {
			first = false
			b, _ := io.ReadAll(req.Body)
			ci.bodies = append(ci.bodies, b)
			return httpmock.NewBytesResponse(401, fixture(t, "error-401-invalid-token.json")), nil
		}
		return ci.responder(req)
	})
	ref := sampleReferral(t)
	ref.RxImage.Content.Data = append(append([]byte(nil), ref.RxImage.Content.Data...), bytes.Repeat([]byte{7}, 100_000)...)
	_, err := c.Submit(context.Background(), ref)
	require.NoError(t, err)
	require.Len(t, ci.bodies, 2)
	assert.Equal(t, ci.bodies[0], ci.bodies[1])
	var sent Referral
	require.NoError(t, json.Unmarshal(ci.bodies[1], &sent))
	assert.Equal(t, ref.RxImage.Content.Data, sent.RxImage.Content.Data)
}

// TestBase64ReaderMatchesTheEncoder: the intake body's reader gives the
// head, the standard encoding and the tail, whatever the read size.
func TestBase64ReaderMatchesTheEncoder(t *testing.T) {
	for n := range 40 {
		src := make([]byte, n)
		for i := range src {
			src[i] = byte(i*37 + n)
		}
		// The JSON before the data and the braces after it, as the intake
		// sends them (none, for the bare encoding).
		head, tail := []byte(`{"rxImage":{"content":{"data":"`), []byte(`"}}}`)
		if n%3 == 0 {
			head, tail = nil, nil
		}
		want := string(head) + base64.StdEncoding.EncodeToString(src) + string(tail)
		for _, size := range []int{1, 2, 3, 4, 5, 7, 8, 64} {
			r := newBase64Reader(head, src, tail)
			var got bytes.Buffer
			buf := make([]byte, size)
			for {
				k, err := r.Read(buf)
				got.Write(buf[:k])
				if err == io.EOF {
					break
				}
				require.NoError(t, err)
				require.NotZero(t, k, "no empty reads before EOF")
			}
			require.Equal(t, want, got.String(), "len %d, read size %d", n, size)
		}
	}
}

func TestNewTransactionIDIsRandomV4(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := NewTransactionID()
		require.Len(t, id, 36)
		require.Equal(t, byte('4'), id[14])
		require.False(t, seen[id])
		seen[id] = true
	}
}

func TestSniffImageType(t *testing.T) {
	for _, tc := range []struct {
		data []byte
		want string
	}{
		{[]byte("II*\x00rest"), ImageTypeTIFF},
		{[]byte("MM\x00*rest"), ImageTypeTIFF},
		{[]byte("\x89PNG\r\n\x1a\nrest"), ImageTypePNG},
		{[]byte("\xff\xd8\xffrest"), ImageTypeJPEG},
		{[]byte("GIF89a..."), ImageTypeGIF},
		{[]byte("%PDF-1.7\n"), ImageTypePDF},
		{[]byte("hello"), ""},
		{nil, ""},
	} {
		assert.Equal(t, tc.want, SniffImageType(tc.data), strconv.Quote(string(tc.data)))
	}
	assert.Equal(t, "image/tiff", NormalizeImageType("IMAGE/TIFF"))
	assert.Equal(t, "image/jpeg", NormalizeImageType("image/JPG; q=1"))
	assert.Equal(t, "", NormalizeImageType("  "))
}

func TestSubmitToAnUnknownHostIsNotRetried(t *testing.T) {
	c, mt, _ := newMock(t)
	mt.RegisterResponder(http.MethodPost, intakeURL, httpmock.NewErrorResponder(&net.DNSError{Err: "no such host", Name: "cvs.test", IsNotFound: true}))
	_, err := c.Submit(context.Background(), sampleReferral(t))
	require.ErrorIs(t, err, ErrTransport)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "NXDOMAIN: nothing was sent")
	assert.Equal(t, 1, mt.GetCallCountInfo()["POST "+intakeURL], "NXDOMAIN is not retried")
}

func TestSubmitResponseTooLargeIsOutcomeUnknown(t *testing.T) {
	c, mt, _ := newMock(t, rxbridge.WithMaxResponseBytes(1024))
	mt.RegisterResponder(http.MethodPost, intakeURL, httpmock.NewStringResponder(200, `{"statusCode":"0000","pad":"`+strings.Repeat("x", 4096)+`"}`))
	_, err := c.Submit(context.Background(), sampleReferral(t))
	require.ErrorIs(t, err, ErrOutcomeUnknown, "CVS answered 2xx: it may have acted")
	require.ErrorIs(t, err, ErrResponseTooLarge)
	assert.Equal(t, 1, mt.GetCallCountInfo()["POST "+intakeURL])

	mt.RegisterResponder(http.MethodPost, statusURL, httpmock.NewStringResponder(200, `{"statusCode":"0000","pad":"`+strings.Repeat("x", 4096)+`"}`))
	_, err = c.Status(context.Background(), "x")
	require.ErrorIs(t, err, ErrResponseTooLarge)
	assert.Equal(t, 1, mt.GetCallCountInfo()["POST "+statusURL], "a size limit is not a transient failure")
}
