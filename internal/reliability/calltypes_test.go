package reliability

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	ac "github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/allcarefhir/allcarefhirtest"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"
)

// checkPublicChain asserts that users can name every error they receive:
// the error and every error in its chain (as errors.As walks it) have
// types declared outside internal/ (the module's public packages, or the
// standard library's and dependencies' plain causes: *net.OpError,
// context errors, fmt's wrappers, encoding/json's errors).
func checkPublicChain(t *testing.T, err error) {
	t.Helper()
	walkChain(err, func(e error) {
		typ := reflect.TypeOf(e)
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		assert.NotContains(t, typ.PkgPath(), "/internal/", "%T in the chain of %v: users cannot name it", e, err)
	})
}

// walkChain calls f for err and every error it wraps.
func walkChain(err error, f func(error)) {
	if err == nil {
		return
	}
	f(err)
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		walkChain(u.Unwrap(), f)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			walkChain(e, f)
		}
	}
}

// checkCallOf asserts that rxbridge.CallOf gives the call err's message
// names first: "provider: Op METHOD route: ..." (or "... (meaning)").
func checkCallOf(t *testing.T, provider string, err error) {
	t.Helper()
	c, ok := rxbridge.CallOf(err)
	if !assert.True(t, ok, "CallOf(%T %v)", err, err) {
		return
	}
	assert.Equal(t, provider, c.Provider)
	assert.NotEmpty(t, c.Op)
	prefix := provider + ": " + c.String()
	msg := err.Error()
	assert.True(t, strings.HasPrefix(msg, prefix+": ") || strings.HasPrefix(msg, prefix+" ("),
		"CallOf gives %q; the message names first: %q", c, msg)
}

// The provider errors that wrap a call's error name, for rxbridge.CallOf,
// the call their message names first, and none when their message names
// none.
func TestCallOfProviderWrappers(t *testing.T) {
	ctx := context.Background()
	fast := rxbridge.WithRetry(rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond})

	// mhv.SessionError, as EnsureSession returns it: the session call.
	mhvDead, err := mhv.NewClient("app-token", rxbridge.WithBaseURL(closedURL(t)), fast)
	require.NoError(t, err)
	err = mhvDead.User("15176497").EnsureSession(ctx)
	var se *mhv.SessionError
	require.ErrorAs(t, err, &se)
	checkCallOf(t, "mhv", err)
	c, _ := rxbridge.CallOf(err)
	assert.Equal(t, rxbridge.Call{Provider: "mhv", Op: "CreateSession", Method: "GET", Route: "session"}, c)
	assert.True(t, strings.HasPrefix(err.Error(), "mhv: CreateSession GET session: cannot create the veteran's session: transport failure"), err.Error())

	// allcarefhir.LoginError of a failed HTTP call: that call.
	srv := allcarefhirtest.NewServer()
	t.Cleanup(srv.Close)
	login, err := ac.NewLogin(ac.OAuthConfig{Issuer: srv.Issuer, ClientID: srv.ClientID, ClientSecret: srv.ClientSecret,
		RedirectURL: "https://app.example/callback", Scopes: srv.Scopes()}, fast)
	require.NoError(t, err)
	srv.AuthFaults.Enqueue(rxbridgetest.Status(http.StatusNotFound, `{}`))
	_, err = login.AuthCodeURL(ctx)
	var le *ac.LoginError
	require.ErrorAs(t, err, &le)
	require.ErrorIs(t, err, ac.ErrDiscovery)
	checkErrorText(t, "allcarefhir", err)
	checkCallOf(t, "allcarefhir", err)
	c, _ = rxbridge.CallOf(err)
	assert.Equal(t, "Discover", c.Op)

	// allcarefhir.LoginError of the login's own checks: no call.
	_, err = login.HandleCallback(ctx, url.Values{})
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "allcarefhir: login: state: the callback has no state", err.Error())
	_, ok := rxbridge.CallOf(err)
	assert.False(t, ok)

	// cvsspecialty.TokenError alone names no call; the call that needed
	// the token does.
	_, ok = rxbridge.CallOf(&cvsspecialty.TokenError{HTTPStatus: 401, Code: "invalid_client"})
	assert.False(t, ok)
	// (cvsspecialty.OutcomeUnknownError: TestSentinelTable's
	// cvsspecialty/reset-on-write; CredentialError wrapping a TokenError
	// or a SessionError: TestCredentialAnswersNameTheCall.)
}
