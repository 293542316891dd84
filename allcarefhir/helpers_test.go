package allcarefhir_test

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/rxbridge/rxbridge-go/allcarefhir"

	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// faultJSON is a scripted JSON answer of a fake.
func faultJSON(status int, body string) faultserver.Fault { return faultserver.Status(status, body) }

// sprintAll prints v every way a program might, slog included.
func sprintAll(v any) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v %+v %#v %s %q\n", v, v, v, v, v)
	h := slog.NewJSONHandler(&b, nil)
	slog.New(h).Info("x", "v", v)
	h2 := slog.NewTextHandler(&b, nil)
	slog.New(h2).Info("x", "v", v)
	return b.String()
}

func oauth2Static(access string) oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access, TokenType: "Bearer"})
}

// collectErr drains an iterator and returns its error.
func collectErr[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// collectEOBs drains an EOB search, failing the test on error.
func collectEOBs(t *testing.T, c *allcarefhir.Client, p allcarefhir.ExplanationOfBenefitSearch) []*allcarefhir.ExplanationOfBenefit {
	t.Helper()
	var out []*allcarefhir.ExplanationOfBenefit
	for e, err := range c.SearchExplanationOfBenefit(context.Background(), p) {
		if err != nil {
			t.Fatalf("search: %v", err)
		}
		out = append(out, e)
	}
	return out
}
