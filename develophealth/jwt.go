package develophealth

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash"
	"math"
	"strings"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/internal/webhookx"
)

// webhookPrefix starts every error of the webhook API: "develophealth:
// webhook: what happened: detail".
const webhookPrefix = "develophealth: webhook: "

// Webhook authentication failures. Each matches ErrWebhookUnauthorized
// (and the HTTP handler answers 401); none of their messages carries the
// token or the secret.
var (
	// ErrWebhookUnauthorized matches every authentication failure.
	ErrWebhookUnauthorized = webhookx.ErrUnauthorized
	// ErrWebhookTokenMissing: no X-Webhook-Secret header.
	ErrWebhookTokenMissing = fmt.Errorf(webhookPrefix+"%w: X-Webhook-Secret header missing", webhookx.ErrMissing)
	// ErrWebhookTokenMalformed: the header is not a well-formed JWT.
	ErrWebhookTokenMalformed = fmt.Errorf(webhookPrefix+"%w: X-Webhook-Secret is not a well-formed JWT", webhookx.ErrUnauthorized)
	// ErrWebhookAlgorithm: the JWT's alg is not HS256, HS384 or HS512 ("none",
	// RS256, ES256 and every other algorithm are refused).
	ErrWebhookAlgorithm = fmt.Errorf(webhookPrefix+"%w: JWT algorithm not allowed", webhookx.ErrUnauthorized)
	// ErrWebhookSignature: the signature does not match any configured
	// secret.
	ErrWebhookSignature = fmt.Errorf(webhookPrefix+"%w: JWT signature does not match", webhookx.ErrUnauthorized)
	// ErrWebhookTokenExpired: the JWT's exp (plus leeway) has passed, it
	// was issued (iat) longer ago than the maximum age, or, without iat,
	// its exp lies further ahead than the maximum age.
	ErrWebhookTokenExpired = fmt.Errorf(webhookPrefix+"%w: JWT expired", webhookx.ErrExpired)
	// ErrWebhookTokenNoExpiry: the JWT has no exp, so it would be valid
	// forever (refused unless WithWebhookAllowTokensWithoutExpiry).
	ErrWebhookTokenNoExpiry = fmt.Errorf(webhookPrefix+"%w: JWT has no expiry", webhookx.ErrUnauthorized)
	// ErrWebhookTokenReplayed: the JWT was already used by an acknowledged
	// delivery (see WithWebhookReplayProtection).
	ErrWebhookTokenReplayed = fmt.Errorf(webhookPrefix+"%w: JWT already used", webhookx.ErrReplayed)
	// ErrWebhookTokenNotYetValid: the JWT's nbf or iat is in the future
	// (beyond the leeway).
	ErrWebhookTokenNotYetValid = fmt.Errorf(webhookPrefix+"%w: JWT not valid yet", webhookx.ErrExpired)
	// ErrWebhookBodyMismatch: the body's SHA-256 is not the one the token
	// carries (only with WithWebhookBodyDigestClaim).
	ErrWebhookBodyMismatch = fmt.Errorf(webhookPrefix+"%w: body does not match the token's digest", webhookx.ErrUnauthorized)
)

// maxTokenBytes bounds the header value we look at.
const maxTokenBytes = 8 << 10

// b64 is the JWS base64url alphabet without padding, strict: a
// non-canonical encoding (different trailing bits) is refused, so no two
// strings verify as the same signature.
var b64 = base64.RawURLEncoding.Strict()

// WebhookClaims are the claims of a verified X-Webhook-Secret token.
// Develop Health does not document which claims it sends; the registered
// ones are decoded and every claim is kept in Raw.
type WebhookClaims struct {
	// Algorithm is the header's alg (HS256, HS384 or HS512).
	Algorithm string
	// KeyID is the header's kid, when sent.
	KeyID     string
	Issuer    string
	Subject   string
	Audience  []string
	ID        string
	ExpiresAt time.Time // zero when absent
	NotBefore time.Time // zero when absent
	IssuedAt  time.Time // zero when absent
	// Raw holds every claim as received.
	Raw map[string]json.RawMessage
}

// jwtHeader is the JOSE header fields we read.
type jwtHeader struct {
	Alg  *string         `json:"alg"`
	Kid  string          `json:"kid"`
	Crit json.RawMessage `json:"crit"`
}

// The algorithm allow-list: HMAC with SHA-2 only. An algorithm's place is
// its hash number in the receiver's webhookx.MACKeys.
var tokenAlgs = [...]struct {
	name string
	hash func() hash.Hash
	size int
}{
	{"HS256", sha256.New, sha256.Size},
	{"HS384", sha512.New384, sha512.Size384},
	{"HS512", sha512.New, sha512.Size},
}

// algIndex is alg's place in tokenAlgs (false: not allowed).
func algIndex(alg string) (int, bool) {
	for i, a := range tokenAlgs {
		if a.name == alg {
			return i, true
		}
	}
	return 0, false
}

// newTokenKeys keys the non-empty secrets for every allowed algorithm.
func newTokenKeys(secrets ...string) *webhookx.MACKeys {
	hashes := make([]func() hash.Hash, len(tokenAlgs))
	for i, a := range tokenAlgs {
		hashes[i] = a.hash
	}
	return webhookx.NewMACKeys(hashes, secrets...)
}

// tokenRules are the time checks a token must pass.
type tokenRules struct {
	now    time.Time
	leeway time.Duration
	// maxAge bounds now-iat, or without iat exp-now (0: no bound).
	maxAge time.Duration
	// requireExp refuses a token without exp.
	requireExp bool
}

// verifyToken checks a compact JWS signed with HMAC by one of keys and
// the time claims it carries, and returns its claims. Nothing of the
// payload is read before the signature is verified.
func verifyToken(token string, keys *webhookx.MACKeys, rules tokenRules) (*WebhookClaims, error) {
	if token == "" {
		return nil, ErrWebhookTokenMissing
	}
	if len(token) > maxTokenBytes {
		return nil, ErrWebhookTokenMalformed
	}
	h64, rest, ok := strings.Cut(token, ".")
	if !ok {
		return nil, ErrWebhookTokenMalformed
	}
	p64, s64, ok := strings.Cut(rest, ".")
	if !ok || h64 == "" || p64 == "" || strings.Contains(s64, ".") {
		return nil, ErrWebhookTokenMalformed
	}
	hb, err := b64.DecodeString(h64)
	if err != nil {
		return nil, ErrWebhookTokenMalformed
	}
	var hdr jwtHeader
	if !isObject(hb) || jsoncodec.Unmarshal(hb, &hdr) != nil || hdr.Alg == nil {
		return nil, ErrWebhookTokenMalformed
	}
	alg, ok := algIndex(*hdr.Alg)
	if !ok {
		return nil, ErrWebhookAlgorithm
	}
	if len(bytes.TrimSpace(hdr.Crit)) > 0 && string(bytes.TrimSpace(hdr.Crit)) != "null" {
		// Critical extensions we do not implement must be refused (RFC 7515 4.1.11).
		return nil, ErrWebhookTokenMalformed
	}
	sig, err := b64.DecodeString(s64)
	if err != nil || len(sig) != tokenAlgs[alg].size {
		return nil, ErrWebhookSignature
	}
	if !keys.Matches(alg, []byte(token[:len(h64)+1+len(p64)]), sig) {
		return nil, ErrWebhookSignature
	}
	pb, err := b64.DecodeString(p64)
	if err != nil || !isObject(pb) {
		return nil, ErrWebhookTokenMalformed
	}
	c, err := decodeClaims(pb)
	if err != nil {
		return nil, err
	}
	c.Algorithm, c.KeyID = *hdr.Alg, hdr.Kid
	now, leeway, maxAge := rules.now, rules.leeway, rules.maxAge
	switch {
	case !c.ExpiresAt.IsZero() && now.After(c.ExpiresAt.Add(leeway)):
		return nil, ErrWebhookTokenExpired
	case !c.NotBefore.IsZero() && now.Add(leeway).Before(c.NotBefore):
		return nil, ErrWebhookTokenNotYetValid
	case !c.IssuedAt.IsZero() && now.Add(leeway).Before(c.IssuedAt):
		return nil, ErrWebhookTokenNotYetValid
	case c.ExpiresAt.IsZero() && rules.requireExp:
		return nil, ErrWebhookTokenNoExpiry
	case maxAge > 0 && !c.IssuedAt.IsZero() && now.Sub(c.IssuedAt) > maxAge+leeway:
		return nil, ErrWebhookTokenExpired
	case maxAge > 0 && c.IssuedAt.IsZero() && !c.ExpiresAt.IsZero() && c.ExpiresAt.Sub(now) > maxAge+leeway:
		// Without iat the age is unknown: the token may instead be valid
		// for at most the maximum age from now.
		return nil, ErrWebhookTokenExpired
	}
	return c, nil
}

// acceptableUntil is when a verified token stops being accepted: its exp,
// or iat plus the maximum age, whichever comes first, plus the leeway
// (zero when neither bounds it).
func (rules tokenRules) acceptableUntil(c *WebhookClaims) time.Time {
	var until time.Time
	if !c.ExpiresAt.IsZero() {
		until = c.ExpiresAt
	}
	if rules.maxAge > 0 && !c.IssuedAt.IsZero() {
		if byAge := c.IssuedAt.Add(rules.maxAge); until.IsZero() || byAge.Before(until) {
			until = byAge
		}
	}
	if until.IsZero() {
		return until
	}
	return until.Add(rules.leeway)
}

// decodeClaims reads a verified payload. Registered time claims must be
// numbers when present (a token that says exp="tomorrow" is refused rather
// than read as "no expiry").
func decodeClaims(pb []byte) (*WebhookClaims, error) {
	var raw map[string]json.RawMessage
	if jsoncodec.Unmarshal(pb, &raw) != nil {
		return nil, ErrWebhookTokenMalformed
	}
	c := &WebhookClaims{Raw: raw}
	var err error
	if c.ExpiresAt, err = numericDate(raw["exp"]); err != nil {
		return nil, err
	}
	if c.NotBefore, err = numericDate(raw["nbf"]); err != nil {
		return nil, err
	}
	if c.IssuedAt, err = numericDate(raw["iat"]); err != nil {
		return nil, err
	}
	c.Issuer = claimString(raw["iss"])
	c.Subject = claimString(raw["sub"])
	c.ID = claimString(raw["jti"])
	if a := raw["aud"]; len(a) > 0 {
		var aud rxbridge.OneOrMany[string]
		if jsoncodec.Unmarshal(a, &aud) == nil {
			c.Audience = aud.Items
		}
	}
	return c, nil
}

// numericDate reads a JWT NumericDate (seconds, possibly fractional).
func numericDate(b json.RawMessage) (time.Time, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return time.Time{}, nil
	}
	var f float64
	if jsoncodec.Unmarshal(b, &f) != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > 1e11 {
		return time.Time{}, ErrWebhookTokenMalformed
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
}

// claimString reads a string claim: "" when it is absent, null or not a
// string.
func claimString(b json.RawMessage) string {
	s, ok := jsoncodec.Unquote(bytes.TrimSpace(b))
	if !ok {
		return ""
	}
	return s
}

func isObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 1 && b[0] == '{'
}
