package cvsspecialty_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// A server whose certificate is not trusted: the token request fails once,
// permanently, and the intake is never sent.
func TestUntrustedCertificateIsNotRetried(t *testing.T) {
	srv := faultserver.NewTLS(nil)
	t.Cleanup(srv.Close)
	c, err := cvsspecialty.NewClient("id", "secret", rxbridge.WithBaseURL(srv.URL), fast)
	require.NoError(t, err)
	_, err = c.Submit(context.Background(), cvsspecialtytest.SampleReferral())
	require.ErrorIs(t, err, cvsspecialty.ErrTokenRequest)
	assert.NotErrorIs(t, err, cvsspecialty.ErrOutcomeUnknown)
	assert.Equal(t, 0, srv.Count(), "no request got past the TLS handshake")
	assert.Contains(t, err.Error(), "certificate")
	assert.NotErrorIs(t, err, cvsspecialty.ErrTransport, "stopped as permanent, not retried as a transport failure")

	// Trusted: the same server answers (its default answer is {} without a
	// statusCode, which is not success).
	c, err = cvsspecialty.NewClient("id", "secret", rxbridge.WithBaseURL(srv.URL), rxbridge.WithHTTPClient(srv.Client()), fast)
	require.NoError(t, err)
	_, err = c.Status(context.Background(), "x")
	require.Error(t, err)
	assert.ErrorIs(t, err, cvsspecialty.ErrTokenRequest, "{} has no access_token")
}
