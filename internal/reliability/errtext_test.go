package reliability

import (
	"os"
	"strings"
	"testing"
	"unicode"
)

// doubledPhrase returns a phrase that msg repeats: a provider prefix
// ("cvsspecialty: ") given twice, a route given twice, or any run of
// three words said twice ("outcome unknown, the request may have been
// processed ... outcome unknown, the request may have been processed"),
// or "" when msg says everything once.
func doubledPhrase(msg string) string {
	for _, p := range []string{"rxbridge: ", "cvsspecialty: ", "mhv: ", "develophealth: ", "carevalidate: ", "allcarefhir: "} {
		if strings.Count(msg, p) > 1 {
			return p
		}
	}
	words := strings.FieldsFunc(strings.ToLower(msg), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '/' && r != '{' && r != '}' && r != '_' && r != '.'
	})
	seen := map[string]bool{}
	for _, w := range words {
		if strings.Contains(w, "/") && len(w) > 3 { // a route
			if seen[w] {
				return w
			}
			seen[w] = true
		}
	}
	grams := map[string]bool{}
	for i := 0; i+3 <= len(words); i++ {
		g := strings.Join(words[i:i+3], " ")
		if grams[g] {
			return g
		}
		grams[g] = true
	}
	return ""
}

// checkErrorText fails t when err's message does not follow the SDK's
// error style: it starts with the provider's prefix ("mhv: "), says it
// once, and repeats no phrase. (The style: "provider: Op METHOD route:
// what happened: cause", each part once.)
func checkErrorText(t *testing.T, provider string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	if os.Getenv("RXBRIDGE_PRINT_ERRORS") != "" {
		t.Logf("MSG %s", msg)
	}
	if !strings.HasPrefix(msg, provider+": ") {
		t.Errorf("the error does not start with %q: %s", provider+": ", msg)
	}
	if p := doubledPhrase(msg); p != "" {
		t.Errorf("the error repeats %q: %s", p, msg)
	}
	checkPublicChain(t, err)
}

func TestDoubledPhrase(t *testing.T) {
	for msg, want := range map[string]string{
		"cvsspecialty: Submit POST specialty/patient/referral/v1/intake: outcome unknown, the request may have been processed: cvsspecialty: Submit POST specialty/patient/referral/v1/intake: outcome unknown": "cvsspecialty: ",
		"mhv: Refill POST prescription/rxrefill/{id}: HTTP 503 [2 attempts]": "",
		"a b c d a b c":                      "a b c",
		"x: POST api/v1/x: y: POST api/v1/x": "api/v1/x",
		"allcarefhir: Discover GET .well-known/openid-configuration: cannot read the issuer's OpenID configuration: transport failure (host 127.0.0.1:1, 1 attempt): dial tcp 127.0.0.1:1: connect: connection refused": "",
	} {
		if got := doubledPhrase(msg); got != want {
			t.Errorf("doubledPhrase(%q) = %q, want %q", msg, got, want)
		}
	}
}
