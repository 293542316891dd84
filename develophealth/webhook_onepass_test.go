package develophealth

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// webhookFixtures are every webhook delivery of the testdata.
func webhookFixtures(t testing.TB) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(fixtureDir, "webhook_*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, names)
	out := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		require.NoError(t, err)
		out[filepath.Base(n)] = b
	}
	return out
}

// onePassAgrees checks that when the one pass takes b, its Event is the
// two-step reference's, member for member.
func onePassAgrees(t testing.TB, b []byte) (taken bool) {
	b = bytes.TrimSpace(b)
	if !isObject(b) {
		return false
	}
	one := parseOnePass(b)
	if one == nil {
		return false
	}
	ref, err := parseTwoSteps(b)
	if err != nil {
		t.Fatalf("the one pass accepted what the reference refuses (%v): %q", err, b)
	}
	if !reflect.DeepEqual(one, ref) {
		t.Fatalf("the one pass disagrees with the reference on %q:\none: %+v\nref: %+v", b, one, ref)
	}
	return true
}

// Every documented delivery decodes in one pass, into what the two-step
// decode gives.
func TestWebhookFixturesDecodeInOnePass(t *testing.T) {
	for name, b := range webhookFixtures(t) {
		t.Run(name, func(t *testing.T) {
			assert.True(t, onePassAgrees(t, b), "the one pass took it")
			ev, err := ParseEvent(b)
			require.NoError(t, err)
			if ev.Type().Known() {
				assert.True(t, ev.PriorAuthorization != nil || ev.BenefitVerification != nil ||
					ev.ProviderOutreach != nil || ev.ClinicalQualification != nil, "typed data")
				assert.NoError(t, ev.DataErr)
			}
		})
	}
}

// The bodies the cursor cannot read as encoding/json would go to the
// two-step reference; those it can read agree with it.
func TestWebhookOnePassEdges(t *testing.T) {
	pa := string(fixtureData(t, "webhook_pa_status_change.json"))
	for _, tc := range []struct {
		name  string
		body  string
		taken bool
	}{
		{"known type", `{"event_type":"prior_authorization.status_change","data":` + pa + `}`, true},
		{"type after data", `{"data":` + pa + `,"event_type":"prior_authorization.status_change","event_id":"e1"}`, true},
		{"upper-case names", `{"EVENT_TYPE":"prior_authorization.status_change","Data":` + pa + `}`, true},
		{"no data", `{"event_type":"prior_authorization.status_change"}`, true},
		{"null data", `{"event_type":"prior_authorization.status_change","data":null}`, true},
		{"unknown type, typed by object", `{"event_type":"prior_authorization.v2_change","data":{"object":"prior_authorization","id":"pa_1"}}`, true},
		{"other type, typed by object", `{"event_type":"x.y","data":{"object":"benefit_verification","id":"bv_1"}}`, true},
		{"other type, no object", `{"event_type":"x.y","data":{"id":"1"}}`, true},
		{"other type, array data", `{"event_type":"x.y","data":[1,2]}`, true},
		{"other type, unknown object", `{"event_type":"x.y","data":{"object":"thing"}}`, true},
		{"no type", `{"data":{"object":"provider_outreach","id":"po_1"}}`, true},
		{"outreach", `{"event_type":"prior_authorization.provider_outreach_change","data":{"id":"po_1","object":"provider_outreach","x":[1]}}`, true},
		{"escaped type name", `{"event_typ\u0065":"prior_authorization.status_change","data":` + pa + `}`, true},
		{"escaped type", `{"event_type":"prior_authorization.status_chang\u0065","data":` + pa + `}`, false},
		{"folded name", `{"event_type":"x.y","dſta":{"object":"prior_authorization"}}`, true},
		{"duplicate type", `{"event_type":"benefit_verification.status_change","event_type":"prior_authorization.status_change","data":` + pa + `}`, false},
		{"duplicate data", `{"event_type":"prior_authorization.status_change","data":{"id":"a"},"data":{"status":"b"}}`, false},
		{"numeric type", `{"event_type":7,"data":{}}`, false},
		{"data of the wrong shape", `{"event_type":"prior_authorization.status_change","data":[1]}`, false},
		{"data member of the wrong type", `{"event_type":"prior_authorization.status_change","data":{"id":5}}`, false},
		{"object of the wrong type", `{"event_type":"x.y","data":{"object":5}}`, false},
		{"duplicate object", `{"event_type":"x.y","data":{"object":"prior_authorization","object":"benefit_verification"}}`, false},
		{"invalid UTF-8 type", "{\"event_type\":\"prior_authorization.status_change\xff\",\"data\":{}}", false},
		{"costly data", `{"event_type":"prior_authorization.status_change","data":{"activity_log":[` + strings.TrimSuffix(strings.Repeat("{},", 200_000), ",") + `]}}`, false},
		{"invalid JSON", `{"event_type":"prior_authorization.status_change","data":{"id":"a"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.taken, onePassAgrees(t, []byte(tc.body)))
			one, err1 := ParseEvent([]byte(tc.body))
			ref, err2 := parseTwoSteps(bytes.Clone([]byte(tc.body)))
			assert.Equal(t, err2 != nil, err1 != nil)
			if err1 == nil {
				assert.Equal(t, ref.ID(), one.ID())
				assert.Equal(t, ref.DataErr != nil, one.DataErr != nil)
			}
		})
	}
}

// ParseEvent keeps a copy of the body: the caller's buffer stays theirs.
func TestParseEventCopiesTheBody(t *testing.T) {
	body := fixture(t, "webhook_pa_status_change_legacy.json")
	ev, err := ParseEvent(body)
	require.NoError(t, err)
	id, data := ev.ID(), string(ev.Data)
	for i := range body {
		body[i] = ' '
	}
	assert.Equal(t, id, ev.ID())
	assert.Equal(t, data, string(ev.Data))
	assert.True(t, strings.HasPrefix(id, "body:"), "the legacy envelope has no event_id")
}

// The one pass decodes a delivery once: it allocates fewer bytes than the
// two-step decode (the envelope with its data copied as raw bytes, then
// the data again). The count of allocations is the same: the decoded
// values themselves.
func TestWebhookOnePassAllocatesLessThanTwoSteps(t *testing.T) {
	b := bytes.TrimSpace(fixture(t, "webhook_pa_status_change.json"))
	one := allocatedBytes(func() { _ = parseOnePass(b) })
	two := allocatedBytes(func() { _, _ = parseTwoSteps(b) })
	t.Logf("one pass %d bytes, two steps %d", one, two)
	assert.Less(t, one, two)
}

// allocatedBytes is the bytes fn allocates per run, over 50 runs.
func allocatedBytes(fn func()) uint64 {
	fn() // warm the codecs' caches
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 50 {
		fn()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / 50
}

// FuzzWebhookOnePass: whatever the body, the one pass either leaves it to
// the two-step reference or gives exactly the reference's Event.
func FuzzWebhookOnePass(f *testing.F) {
	for _, b := range webhookFixtures(f) {
		f.Add(b)
	}
	for _, s := range []string{`{"event_type":"x.y","data":{"object":"prior_authorization"}}`, `{"data":null}`,
		`{"EVENT_TYPE":"benefit_verification.status_change","data":{"id":"1","object":"benefit_verification"}}`,
		`{"event_type":"prior_authorization.status_change","data":{"outcome":{"result":"Denied"},"activity_log":[{}]}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		onePassAgrees(t, body)
		if ev, err := ParseEvent(body); err == nil {
			_, _ = json.Marshal(ev)
		}
	})
}

// String claims read as encoding/json reads them into a string: escapes
// resolved; absent, null or not a string gives "".
func TestClaimStrings(t *testing.T) {
	c, err := decodeClaims([]byte(`{"iss":"a\u0062","sub":null,"jti":5,"exp":1700000000}`))
	require.NoError(t, err)
	assert.Equal(t, "ab", c.Issuer)
	assert.Equal(t, "", c.Subject)
	assert.Equal(t, "", c.ID)
	assert.Equal(t, "", claimString(nil))
	assert.Equal(t, "x y", claimString([]byte(` "x y" `)))
}
