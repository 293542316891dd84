package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rxbridge/rxbridge-go/internal/redistest"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestWithoutRedisItSaysHowToGetOne(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), nil, env(nil), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, want := range []string{"REDIS_URL is not set", "redis-server", "REDIS_URL=redis://localhost:6379/0 go run ./examples/fleet"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestThreeInstancesShareOneSessionAndOneToken(t *testing.T) {
	srv := redistest.Start(t)
	var out, errOut bytes.Buffer
	e := env(map[string]string{"REDIS_URL": "redis://" + srv.Addr() + "/0"})
	if code := run(context.Background(), []string{"-json"}, e, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var rep report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("-json: %v\n%s", err, out.String())
	}
	if rep.MHVSessions != 1 || rep.MHVCreationRequests != 1 || rep.MHV500s != 0 || rep.CVSTokenRequests != 1 {
		t.Errorf("the fleet did not share: %+v", rep)
	}
	var total int64
	for _, n := range rep.SessionsCreatedBy {
		total += n
	}
	if total != 1 {
		t.Errorf("sessions created per instance %v: want one in all", rep.SessionsCreatedBy)
	}

	out.Reset()
	if code := run(context.Background(), nil, e, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "MHV: 1 session(s) for the veteran, 1 creation request(s), 0 upstream 500(s)") ||
		!strings.Contains(out.String(), "CVS: 1 token request(s)") {
		t.Errorf("text output:\n%s", out.String())
	}
}

func TestBadKeysAreRefused(t *testing.T) {
	var out, errOut bytes.Buffer
	e := env(map[string]string{"REDIS_URL": "redis://127.0.0.1:1/0", "REDIS_HASH_KEY": "not base64!"})
	if code := run(context.Background(), nil, e, &out, &errOut); code != 2 {
		t.Fatalf("exit %d, want 2: %s", code, errOut.String())
	}
}
