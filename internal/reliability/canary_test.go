package reliability

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/rxbridge/rxbridge-go/internal/canary"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// Canaries: PHI and secrets planted in requests, credentials and upstream
// answers. None may appear in a log line or in any rendering of an error.
const (
	// PHI in request bodies, paths, queries and headers.
	canaryGiven   = "CANARYGIVEN"
	canaryFamily  = "CANARYFAMILY"
	canaryDOB     = "1937-04-19"
	canaryEmail   = "canary.patient.7731@example.org"
	canaryPhone   = "2255550187"
	canaryMember  = "CANARYMEMBER991"
	canaryNote    = "CANARYNOTE"
	canaryTx      = "CANARYTX-6f1e"
	canaryVet     = "CANARYVET5521"
	canaryVetCold = "CANARYVET5522"
	canaryRxID    = int64(84172635901)
	canaryRxText  = "84172635901"
	// canaryNDC is the canary veteran's drug (an 11-character NDC, letters
	// allowed): which drug a veteran looks up is PHI.
	canaryNDC = "C4N4RYNDC71"

	// Credentials.
	canaryCVSClientID = "CANARY-CLIENTID-cvs"
	canaryCVSSecret   = "CANARY-SECRET-cvs-83kd"
	canaryMHVApp      = "CANARY-APPTOKEN-mhv-19x"
	canaryMHVSession  = "CANARY-SESSION-mhv-"
	canaryDHToken     = "CANARY-DHTOKEN-44a"
	canaryCVKey       = "CANARY-CVKEY-71b"
	canaryCVAccess    = "CANARY-CVACCESS-2c9"

	// AllCare: the member's patient id (in paths and queries), the client
	// credentials, and the prefixes of the codes, access and refresh
	// tokens the fake issues (id_tokens, states, nonces and PKCE
	// verifiers are random; the suite adds them with plant).
	canaryACPatient  = "CANARYPAT-4471"
	canaryACClientID = "CANARY-CLIENTID-allcare"
	canaryACSecret   = "CANARY-SECRET-allcare-5q1"
	canaryACCode     = "CANARY-ACCODE-"
	canaryACAccess   = "CANARY-ACACCESS-"
	canaryACRefresh  = "CANARY-ACREFRESH-"

	// What the upstream (the fault proxy) answers.
	canaryUpstream = "CANARY-UPSTREAM-TEXT-" + canaryFamily
	canaryHeader   = "CANARY-UPSTREAM-HEADER"
	canaryCookie   = "CANARY-UPSTREAM-COOKIE"
)

// plantedOnWire are the canaries that must be seen in some request the
// suite sent (proof that they were planted; the upstream's are in the
// answers).
var plantedOnWire = []string{
	canaryGiven, canaryFamily, canaryDOB, canaryEmail, canaryPhone, canaryMember, canaryNote, canaryTx,
	canaryVet, canaryVetCold, canaryRxText, canaryNDC, canaryCVSClientID, canaryMHVApp, canaryMHVSession,
	canaryDHToken, canaryCVKey, canaryCVAccess,
	canaryACPatient, canaryACClientID, canaryACSecret, canaryACCode, canaryACAccess, canaryACRefresh,
}

// fixedCanaries are all the constant canaries.
var fixedCanaries = append(append([]string(nil), plantedOnWire...), canaryCVSSecret, canaryUpstream, canaryHeader, canaryCookie,
	// The local part of the email: a query string escapes the @.
	"canary.patient.7731")

// canaryHeaders are sent with every fault answer.
func canaryHeaders() http.Header {
	return http.Header{"X-Upstream-Debug": {canaryHeader + " patient " + canaryGiven}, "Set-Cookie": {"sid=" + canaryCookie}}
}

// jsonFault is an error answer whose message fields echo PHI, as upstreams
// do (codes are left out: a code is an identifier and may be printed). It
// carries every provider's message fields at once: the REST APIs', a FHIR
// OperationOutcome's diagnostics and an OAuth error_description.
func jsonFault(status int) faultserver.Fault {
	f := faultserver.Status(status, `{"status":"error","success":false,"message":"`+canaryUpstream+`","developerMessage":"`+canaryUpstream+
		`","statusDescription":"`+canaryUpstream+`","detail":"`+canaryUpstream+`","error":{"title":"`+canaryUpstream+
		`","description":"`+canaryUpstream+`"},"error_description":"`+canaryUpstream+
		`","resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing","diagnostics":"`+canaryUpstream+`"}]}`)
	f.Header = canaryHeaders()
	return f
}

// gatewayHTML is a load balancer's HTML error page that quotes the patient.
func gatewayHTML(status int) faultserver.Fault {
	f := faultserver.GatewayHTML(status)
	f.Body = append([]byte("<!-- "+canaryUpstream+" -->"), f.Body...)
	f.Header = canaryHeaders()
	return f
}

// retryAfter429 is a 429 with Retry-After and a PHI-echoing body.
func retryAfter429(after string) faultserver.Fault {
	f := jsonFault(http.StatusTooManyRequests)
	f.Header.Set("Retry-After", after)
	return f
}

// unavailable503 is a 503 with Retry-After (honoured like a 429's).
func unavailable503(after string) faultserver.Fault {
	f := jsonFault(http.StatusServiceUnavailable)
	f.Header.Set("Retry-After", after)
	return f
}

// truncated declares a JSON success body and sends half of it.
func truncated() faultserver.Fault {
	body := `{"status":"success","success":true,"statusCode":"0000","data":{"id":"` + canaryUpstream + `","note":"` +
		canaryUpstream + `"},"padding":"` + strings.Repeat(canaryUpstream, 20) + `"}`
	return faultserver.Fault{Kind: faultserver.Truncate, Status: 200, Body: []byte(body), ContentType: "application/json", Header: canaryHeaders()}
}

// page200 is a 2xx whose body is an HTML page (a captive portal, a
// gateway's maintenance page served with 200).
func page200() faultserver.Fault {
	f := gatewayHTML(http.StatusOK)
	f.Body = []byte("<html><body><h1>Maintenance</h1><!-- " + canaryUpstream + " --></body></html>")
	return f
}

// loginRedirect302 is a same-host 302 back to the request's own URL (a
// fragment-only reference resolves to it), with a page that quotes the
// patient.
func loginRedirect302() faultserver.Fault {
	f := gatewayHTML(http.StatusFound)
	f.Body = []byte("<html><body>Sign in to continue <!-- " + canaryUpstream + " --></body></html>")
	f.Header.Set("Location", "#signin")
	return f
}

// oversizedDeclared is a success answer whose Content-Length is over the
// limit of the oversized cases.
func oversizedDeclared() faultserver.Fault {
	body := `{"data":"` + strings.Repeat(canaryUpstream, 2*smallBodyLimit/len(canaryUpstream)) + `"}`
	f := faultserver.Status(200, body)
	f.Header = canaryHeaders()
	return f
}

// credentialHeaders are request headers whose values are secrets.
var credentialHeaders = []string{"Authorization", "Token", "Apptoken", "Cv-Api-Key", "X-Api-Key"}

// collector holds what the whole suite produced.
type collector struct {
	mu      sync.Mutex
	logs    strings.Builder
	errs    strings.Builder
	records int
	errors  int
	// secrets are the credentials seen on the wire (and planted); the
	// value is false for those that contain a fixed canary (a token made
	// from a canary prefix), which the fixed one already finds.
	secrets map[string]bool
	seen    map[string]bool // planted canaries seen on the wire
	// match finds every canary known when it was built; stale marks it
	// out of date.
	match *matcher
	stale bool
}

var suite = &collector{secrets: map[string]bool{}, seen: map[string]bool{}}

// observe is the proxies' hook: it notes every credential value and every
// planted canary in a request's URL and headers.
func (c *collector) observe(r *http.Request) {
	var b strings.Builder
	b.WriteString(r.URL.String())
	var creds []string
	for k, vs := range r.Header {
		for _, v := range vs {
			b.WriteString(v)
			b.WriteByte('\n')
		}
		for _, name := range credentialHeaders {
			if strings.EqualFold(k, name) {
				creds = append(creds, vs...)
			}
		}
		if strings.EqualFold(k, "Authorization") {
			for _, v := range vs {
				if rest, ok := strings.CutPrefix(v, "Basic "); ok {
					dec, _ := base64.StdEncoding.DecodeString(rest)
					b.Write(dec)
					b.WriteByte('\n')
				}
			}
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, v := range creds {
		for _, s := range credentialParts(v) {
			c.addSecret(s)
		}
	}
	c.noteSeen(b.String())
}

// credentialParts returns what of a credential header value must never be
// printed: the value, the part after the scheme, and a Basic
// credential's decoded secret.
func credentialParts(v string) []string {
	out := []string{v}
	scheme, rest, ok := strings.Cut(v, " ")
	if ok && len(rest) >= 8 {
		out = append(out, rest)
		if strings.EqualFold(scheme, "Basic") {
			if dec, err := base64.StdEncoding.DecodeString(rest); err == nil {
				if _, secret, ok := strings.Cut(string(dec), ":"); ok && len(secret) >= 8 {
					out = append(out, secret)
				}
			}
		}
	}
	var keep []string
	for _, s := range out {
		if len(s) >= 8 {
			keep = append(keep, s)
		}
	}
	return keep
}

// noteSeen marks the planted canaries present in s; c.mu is held.
func (c *collector) noteSeen(s string) {
	for _, p := range plantedOnWire {
		if strings.Contains(s, p) {
			c.seen[p] = true
		}
	}
}

// plant notes credentials the suite handled that travel outside request
// headers (id_tokens, states, nonces, PKCE verifiers): the scans look for
// them as for the credentials seen on the wire.
func (c *collector) plant(secrets ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range secrets {
		if len(s) >= 8 {
			c.addSecret(s)
		}
	}
}

// addSecret notes a credential; c.mu is held.
func (c *collector) addSecret(s string) {
	if _, ok := c.secrets[s]; ok {
		return
	}
	own := true
	for _, f := range fixedCanaries {
		if strings.Contains(s, f) {
			own = false
			break
		}
	}
	c.secrets[s] = own
	c.stale = c.stale || own
}

// canaries returns every canary known so far (a credential that contains
// a fixed canary is found by it).
func (c *collector) canaries() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.canariesLocked()
}

func (c *collector) canariesLocked() []string {
	out := append([]string(nil), fixedCanaries...)
	for s, own := range c.secrets {
		if own {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// matcher returns a matcher of every canary known so far (read-only).
func (c *collector) matcher() *matcher {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.match == nil || c.stale {
		c.match, c.stale = newMatcher(c.canariesLocked()), false
	}
	return c.match
}

// leaks reports the canaries found in h, one line each, sorted.
func leaks(m *matcher, h string, context int) []string {
	var out []string
	for s, i := range m.find(h) {
		out = append(out, fmt.Sprintf("canary %q leaked in: %s", s, lineAt(h, i, context)))
	}
	sort.Strings(out)
	return out
}

// collect checks one case's logs and error for canaries and keeps them for
// the suite-wide scan.
func (c *collector) collect(t *testing.T, sink *canary.Sink, fx *fixture, err error) {
	t.Helper()
	var wire strings.Builder
	for _, r := range fx.proxy.Requests() {
		wire.Write(r.Body)
		wire.WriteString(r.Path + "?" + r.Query + "\n")
	}
	logs := sink.String()
	errText := canary.Errors(err)
	c.mu.Lock()
	c.noteSeen(wire.String())
	c.logs.WriteString(logs)
	c.errs.WriteString(errText)
	c.records += sink.Records()
	if err != nil {
		c.errors++
	}
	c.mu.Unlock()
	for _, leak := range leaks(c.matcher(), logs+errText, 1<<20) {
		t.Error(leak)
	}
}

// scan checks everything the suite logged and every error it produced
// against every canary (including credentials seen in any case) and, with
// requirePlanted, that the planted canaries did travel. It does nothing
// when no case ran.
func (c *collector) scan(requirePlanted bool) error {
	m := c.matcher()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.records == 0 {
		return nil
	}
	problems := leaks(m, c.logs.String()+c.errs.String(), 200)
	if requirePlanted {
		for _, p := range plantedOnWire {
			if !c.seen[p] {
				problems = append(problems, fmt.Sprintf("canary %q was never sent: the scan proves nothing about it", p))
			}
		}
		if len(c.secrets) < 4 {
			problems = append(problems, fmt.Sprintf("only %d credentials seen on the wire", len(c.secrets)))
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

// summary describes what the scan covered.
func (c *collector) summary() string {
	n := len(c.canaries())
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprintf("canary scan: %d log records and %d errors, %d canaries (%d credentials seen on the wire): clean",
		c.records, c.errors, n, len(c.secrets))
}

// matrixRan is set when the whole fault matrix ran (not filtered with
// -run), so every planted canary must have been sent.
var matrixRan bool
