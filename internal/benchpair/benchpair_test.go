package benchpair

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Both baseline clients send the same request: method, path, the header
// pairs and the body (none when nil), and DecodeJSON reads the answer.
func TestClientsSendTheSameRequest(t *testing.T) {
	type seen struct {
		method, path, accept, auth string
		body                       string
		contentLength              int64
	}
	var got []seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got = append(got, seen{r.Method, r.URL.Path, r.Header.Get("Accept"), r.Header.Get("Authorization"), string(body), r.ContentLength})
		_, _ = io.WriteString(w, `{"n":3}`)
	}))
	t.Cleanup(srv.Close)
	ctx := context.Background()
	for _, c := range []*Client{NetHTTP(t, nil), Retryablehttp(t)} {
		for _, body := range [][]byte{nil, []byte(`{"a":1}`)} {
			resp, err := c.Do(ctx, http.MethodPost, srv.URL+"/x", body, "Accept", "application/json", "Authorization", "Bearer t")
			if out := DecodeJSON[struct{ N int }](t, resp, err); out.N != 3 {
				t.Fatalf("decoded %+v", out)
			}
		}
	}
	want := []seen{
		{"POST", "/x", "application/json", "Bearer t", "", 0},
		{"POST", "/x", "application/json", "Bearer t", `{"a":1}`, 7},
	}
	want = append(want, want...)
	if len(got) != len(want) {
		t.Fatalf("got %d requests, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("request %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

// A hand-written webhook handler built from ReadWebhook and HandleWebhook
// answers 413 past the limit, 400 on a body that does not decode, 500 when
// the handler fails and 200 otherwise; Deliver sends the header pairs.
func TestWebhookHelpers(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Auth") != "s" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		body, ok := ReadWebhook(w, r, 16)
		if !ok {
			return
		}
		HandleWebhook(w, body, func(ev *struct{ OK bool }) error {
			if !ev.OK {
				return errors.New("not ok")
			}
			return nil
		})
	})
	Deliver(t, h, []byte(`{"ok":true}`), "X-Auth", "s")
	for body, want := range map[string]int{
		`{"ok":true}`:          http.StatusOK,
		`{"ok":false}`:         http.StatusInternalServerError,
		`{"ok":`:               http.StatusBadRequest,
		`{"ok":true,"x":"yz"}`: http.StatusRequestEntityTooLarge,
	} {
		req := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
		req.Header.Set("X-Auth", "s")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != want {
			t.Errorf("%s: %d, want %d", body, w.Code, want)
		}
	}
}

// Deliver's writer takes read and write deadlines through
// http.ResponseController, as a net/http server's does: a receiver that
// bounds its body read with a deadline is measured on the path it takes
// in production, not on the fallback for writers without one.
func TestDeliverWriterTakesDeadlines(t *testing.T) {
	var readErr, writeErr error
	Deliver(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctl := http.NewResponseController(w)
		readErr = ctl.SetReadDeadline(time.Now().Add(time.Second))
		writeErr = ctl.SetWriteDeadline(time.Now().Add(time.Second))
	}), []byte(`{}`))
	if readErr != nil || writeErr != nil {
		t.Fatalf("deadlines refused: read %v, write %v", readErr, writeErr)
	}
}

// DeliverToRecorder's writer takes no deadline: the fallback path.
func TestDeliverToRecorderTakesNoDeadline(t *testing.T) {
	var readErr error
	DeliverToRecorder(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		readErr = http.NewResponseController(w).SetReadDeadline(time.Now().Add(time.Second))
	}), []byte(`{}`))
	if !errors.Is(readErr, http.ErrNotSupported) {
		t.Fatalf("SetReadDeadline: %v, want http.ErrNotSupported", readErr)
	}
}
