package cvsspecialty

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

var fixedMeanings = map[string]bool{"": true, codeMeaningNoStatus: true, "statusCode is not a numeric code": true}

func seedBodies(f *testing.F, files ...string) {
	for _, name := range files {
		f.Add(fixture(f, name))
	}
	for _, s := range []string{
		``, `null`, `[]`, `{}`, `<html>502</html>`, `{"statusCode":1001}`, `{"statusCode":"0000","statusCode":"0000"}`,
		`{"statusCode":"0000","STATUSCODE":"9999"}`, `{"statusCode":"9999","statusDesc":"x"}`, `{"fault":{"errors":[{"field":"a"}]}}`,
		"\xef\xbb\xbf{\"statusCode\":\"0000\"}", `{"statusCode":{"a":1}}`, `{"statusCode":"Aegon Targaryen"}`,
	} {
		f.Add([]byte(s))
	}
}

// FuzzDecodeError: any error body gives an *Error whose Error() is built
// only from the route, the status, a numeric code and fixed text.
func FuzzDecodeError(f *testing.F) {
	seedBodies(f, "error-401-invalid-token.json", "error-400-missing-field.json", "error-500-statusdesc.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		err := decodeError(response(502, "application/json", string(body)))
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("not an *Error: %T", err)
		}
		if e.Code != "" && !numericCode(e.Code) {
			t.Fatalf("non-numeric code %q", e.Code)
		}
		if _, known := codeMeanings[e.Code]; !known && !fixedMeanings[e.Meaning] {
			t.Fatalf("meaning %q is not fixed text", e.Meaning)
		}
		want := "cvsspecialty: Status POST specialty/patient/referral/v1/status: HTTP 502"
		if e.Code != "" {
			want += ": code " + e.Code
		}
		if e.Meaning != "" {
			want += " (" + e.Meaning + ")"
		}
		want += " [2 attempts]"
		if got := err.Error(); got != want {
			t.Fatalf("Error() = %q, want %q", got, want)
		}
	})
}

// FuzzCheckEnvelope: a 2xx body is success only when its one statusCode
// key (in any letter case) is exactly "0000".
func FuzzCheckEnvelope(f *testing.F) {
	seedBodies(f, "intake-response.json", "status-response.json", "error-401-invalid-token.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		err := checkEnvelope(response(200, "application/json", string(body)), "transactionId")
		if err != nil {
			if !errors.Is(err, ErrDecode) {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("unexpected error type %T", err)
				}
			}
			return
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), &m) != nil {
			t.Fatalf("success for a body that is not an object: %q", body)
		}
		n := 0
		var v json.RawMessage
		for k, raw := range m {
			if strings.EqualFold(k, "statusCode") {
				n++
				v = raw
			}
		}
		var code string
		if n != 1 || json.Unmarshal(v, &code) != nil || code != "0000" {
			t.Fatalf("success for %q", body)
		}
	})
}

// FuzzReferral: any referral that decodes and validates is sent as JSON
// that decodes back to the same referral (the streamed body is always
// well-formed, whatever the strings and the image hold).
func FuzzReferral(f *testing.F) {
	f.Add(fixture(f, "intake-request.json"))
	f.Add(fixture(f, "intake-request-postman.json"))
	f.Add([]byte(`{"patient":{"name":{"given":"a","family":"b"},"birthDate":"2000-01-01"},"prescription":[{"drugIdentifier":{"name":"x"},"submission":{"eRxNumber":"1"}}]}`))
	f.Add([]byte(`{"patient":{"name":{"given":"\u2028<&>\"","family":"b"},"birthDate":"01/02/2000"},"prescription":[{"drugIdentifier":{"name":"x"}}],"rxImage":{"content":{"id":"\"}}}","data":"JVBERi0xLjcK"}}}`))
	c, err := NewClient("id", "secret", rxbridge.WithBaseURL(testBase))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var r Referral
		if json.Unmarshal(data, &r) != nil {
			return
		}
		if _, err := json.Marshal(&r); err != nil {
			t.Fatalf("decoded referral does not re-encode: %v", err)
		}
		var p problems
		imgType := r.check(&p, time.Now())
		if p.err("") != nil {
			return
		}
		req, err := c.intakeRequest(&r, "tx-1", imgType)
		if err != nil {
			t.Fatal(err)
		}
		body := req.Body
		if req.BodyFunc != nil {
			rd, _ := req.BodyFunc()
			body, _ = io.ReadAll(rd)
			if int64(len(body)) != req.BodyLength {
				t.Fatalf("BodyLength %d, body %d bytes", req.BodyLength, len(body))
			}
		}
		var sent Referral
		if err := json.Unmarshal(body, &sent); err != nil {
			t.Fatalf("sent body is not JSON: %v\n%s", err, body)
		}
		if sent.TransactionID != "tx-1" || sent.Patient.Name != r.Patient.Name || !sent.Patient.BirthDate.Equal(r.Patient.BirthDate) {
			t.Fatalf("sent referral differs")
		}
		if r.RxImage != nil && (!bytes.Equal(sent.RxImage.Content.Data, r.RxImage.Content.Data) || sent.RxImage.Content.ID != r.RxImage.Content.ID) {
			t.Fatalf("image differs")
		}
	})
}

// FuzzBase64Reader: the streamed body equals head, the standard encoding
// and tail for any input and read size.
func FuzzBase64Reader(f *testing.F) {
	f.Add([]byte(`{"data":"`), []byte("II*\x00"), []byte(`"}`), uint8(1))
	f.Add([]byte{}, []byte{}, []byte{}, uint8(3))
	f.Add([]byte{}, bytes.Repeat([]byte{0xff}, 100), []byte("}"), uint8(7))
	f.Fuzz(func(t *testing.T, head, src, tail []byte, size uint8) {
		buf := make([]byte, int(size)%64+1)
		var out bytes.Buffer
		r := newBase64Reader(head, src, tail)
		for {
			n, err := r.Read(buf)
			out.Write(buf[:n])
			if err == io.EOF {
				break
			}
			if n == 0 {
				t.Fatal("empty read")
			}
		}
		if out.String() != string(head)+base64.StdEncoding.EncodeToString(src)+string(tail) {
			t.Fatal("encoding differs")
		}
	})
}

// FuzzTokenRejected: only a 401 whose statusCode is 1001 rejects the token.
func FuzzTokenRejected(f *testing.F) {
	seedBodies(f, "error-401-invalid-token.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		got := tokenRejected(http.StatusUnauthorized, body)
		var env envelope
		want := json.Unmarshal(bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(body), []byte("\xef\xbb\xbf"))), &env) == nil &&
			strings.TrimSpace(string(env.StatusCode)) == CodeInvalidToken
		if got != want {
			t.Fatalf("tokenRejected = %v for %q", got, body)
		}
		if tokenRejected(http.StatusOK, body) || tokenRejected(http.StatusForbidden, body) {
			t.Fatal("only a 401 rejects the token")
		}
	})
}
