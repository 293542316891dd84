//go:build ignore

// Command jwtgen made the signed id_tokens and the JWKS that the login
// recordings in testdata/allcarefhir/contract hold (handlecallback*,
// callbackhandler, refresh*, and the member tokens in the args). It signs
// with a fresh RSA key each run and prints the values as JSON; the private
// keys are not kept. To change a claim, edit it here, run
//
//	go run ./testdata/allcarefhir/contract/jwtgen/main.go
//
// and replace every id_token and the JWKS in those recordings with the
// printed values (the recordings use them as they are: nothing is signed at
// test time).
//
// The claims are those IdentityServer puts in a hybrid-flow id_token
// (front channel: c_hash and s_hash; token endpoint: at_hash), issued at
// the contract clock (2025-09-05T15:00:00Z, acNow in
// allcarefhir/contract_test.go) minus 30 s and valid for 300 s. All values
// are synthetic.
package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

const (
	issuer   = "https://ccoportal.allcarehealth.com"
	clientID = "rxbridge-contract-client"
	kid      = "contract-key-1"
	subject  = "contract-subject-0001"
	nonce    = "contract-nonce-0001-ZmV3LXJhbmRvbS1ieXRlcy1oZXJl"
	state    = "contract-state-0001-c29tZS1yYW5kb20tYnl0ZXMtaGVyZQ"
	code     = "contract-authorization-code-0001"
	access1  = "contract-access-token-0001"
	access2  = "contract-access-token-0002"
)

var now = time.Date(2025, 9, 5, 15, 0, 0, 0, time.UTC)

// leftHalf is the OIDC c_hash / at_hash / s_hash of v for RS256.
func leftHalf(v string) string {
	sum := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(sum[:16])
}

func sign(key *rsa.PrivateKey, claims map[string]any) string {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", kid))
	if err != nil {
		panic(err)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		panic(err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		panic(err)
	}
	s, err := jws.CompactSerialize()
	if err != nil {
		panic(err)
	}
	return s
}

func claims(extra map[string]any) map[string]any {
	iat := now.Add(-30 * time.Second).Unix()
	c := map[string]any{
		"nbf": iat, "exp": iat + 300, "iat": iat,
		"iss": issuer, "aud": clientID, "sub": subject,
		"sid": "contract-session-0001", "auth_time": now.Add(-time.Minute).Unix(),
		"idp": "local", "amr": []string{"pwd"},
	}
	for k, v := range extra {
		if v == nil {
			delete(c, k)
			continue
		}
		c[k] = v
	}
	return c
}

func main() {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	jwks := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: kid, Algorithm: "RS256", Use: "sig"}}}
	front := claims(map[string]any{"nonce": nonce, "c_hash": leftHalf(code), "s_hash": leftHalf(state)})
	out := map[string]any{
		"jwks": jwks,
		// The callback's id_token (front channel).
		"front": sign(key, front),
		// The same claims signed by another key under the same kid.
		"frontOtherKey": sign(other, front),
		// The token endpoint's id_token after the code exchange.
		"back": sign(key, claims(map[string]any{"nonce": nonce, "at_hash": leftHalf(access1)})),
		// The token endpoint's id_token after a refresh (no nonce).
		"refresh": sign(key, claims(map[string]any{"at_hash": leftHalf(access2)})),
		// A refresh id_token for another subject.
		"refreshOtherSubject": sign(key, claims(map[string]any{"at_hash": leftHalf(access2), "sub": "contract-subject-9999"})),
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
