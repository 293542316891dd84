package httpx

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// TestDoRefusesNilContextAndNilClient: a nil ctx is an error
// (ErrInvalidInput, nothing sent), never context.Background(); so is a nil
// pipeline (a provider's zero-value Client).
func TestDoRefusesNilContextAndNilClient(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	t.Cleanup(srv.Close)
	o := Options{BaseURL: srv.URL}
	c, err := New(Config{Provider: "test"}, o)
	require.NoError(t, err)
	req := &Request{Op: "Get", Method: http.MethodGet, Route: "x"}

	var nilCtx context.Context // a nil ctx is the point of the test
	_, err = c.Do(nilCtx, req)
	require.ErrorIs(t, err, rxbridge.ErrInvalidInput)
	require.EqualError(t, err, "test: Get: invalid input, nothing was sent: nil context.Context")
	require.Zero(t, hits.Load(), "nothing may be sent")

	var nilc *Client
	_, err = nilc.DoJSON(context.Background(), req, nil)
	require.ErrorIs(t, err, rxbridge.ErrInvalidInput)
	require.Nil(t, nilc.BaseURL())
	require.True(t, errors.Is(CheckCall(context.Background(), nil, "Get"), rxbridge.ErrInvalidInput))
	require.NoError(t, CheckCall(context.Background(), c, "Get"))

	// A provider's nil Client refuses with the provider's name.
	_, err = Unusable("test").Do(context.Background(), req)
	require.ErrorIs(t, err, rxbridge.ErrInvalidInput)
	require.EqualError(t, err, "test: Get: invalid input, nothing was sent: the Client was not made by NewClient")
}
