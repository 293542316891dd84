package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

func TestRunAgainstTheFake(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), &out, config{wait: true, mock: true, interval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"submitted to in-process fake", "status: Pending", "after 2 polls: Processing"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
}

func TestRunJSON(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out, config{asJSON: true, wait: true, interval: 20 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	var got output
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out.String())
	}
	if got.Submit == nil || got.Submit.StatusCode != "0000" || got.Status == nil || got.Status.Status != "Pending" ||
		got.Final == nil || got.Final.Status != "Processing" || got.Polls != 2 {
		t.Fatalf("unexpected result: %s", out.String())
	}
}

func TestWaitIsBounded(t *testing.T) {
	// One-hour polls: the deadline ends the wait. It passes once the first
	// status is printed (an event: a short timeout could pass before, while
	// the referral was submitted on a busy machine).
	ctx, expire := faultserver.NewDeadline(context.Background())
	w := &expireOn{mark: "status: ", expire: expire}
	err := run(ctx, w, config{wait: true, interval: time.Hour})
	if err == nil || !strings.Contains(err.Error(), "waiting for a status change") {
		t.Fatalf("err = %v\n%s", err, w.String())
	}
}

// expireOn calls expire once what was written contains mark.
type expireOn struct {
	bytes.Buffer
	mark   string
	expire func()
}

func (w *expireOn) Write(p []byte) (int, error) {
	n, err := w.Buffer.Write(p)
	if strings.Contains(w.Buffer.String(), w.mark) {
		w.expire()
	}
	return n, err
}

func TestRunAgainstABaseURL(t *testing.T) {
	srv := cvsspecialtytest.NewServer()
	defer srv.Close()
	id, secret := srv.Credentials()
	var out bytes.Buffer
	err := run(context.Background(), &out, config{mock: true, interval: time.Millisecond, baseURL: srv.URL, id: id, secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	refs := srv.Referrals()
	if len(refs) != 1 || !refs[0].MockMode {
		t.Fatalf("referrals: %+v", refs)
	}
	if refs[0].SentTransactionID == "605841b8-1cef-11ea-978f-2e728ce88125" {
		t.Fatal("the example must not reuse the spec's transactionId")
	}
	if err := run(context.Background(), &out, config{baseURL: srv.URL}); err == nil {
		t.Fatal("missing credentials accepted")
	}
}

func TestRunRecoversALostAnswer(t *testing.T) {
	srv := cvsspecialtytest.NewServer()
	defer srv.Close()
	srv.LoseAnswers(1)
	id, secret := srv.Credentials()
	var out bytes.Buffer
	if err := run(context.Background(), &out, config{asJSON: true, baseURL: srv.URL, id: id, secret: secret}); err != nil {
		t.Fatal(err)
	}
	var got output
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || !got.Recovered || !got.Status.Found {
		t.Fatalf("%v %s", err, out.String())
	}
	if n := srv.IntakeFaults.Count(); n != 1 {
		t.Fatalf("%d intake requests", n)
	}
}
