package reliability

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	rxbridge "github.com/rxbridge/rxbridge-go"
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
		if stillInternal[typ.PkgPath()] {
			return
		}
		assert.NotContains(t, typ.PkgPath(), "/internal/", "%T in the chain of %v: users cannot name it", e, err)
	})
}

// stillInternal are the internal packages whose errors users still
// receive: the webhook receivers' (their own task).
var stillInternal = map[string]bool{"github.com/rxbridge/rxbridge-go/internal/webhookx": true}

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
