package reliability

import (
	"context"
	"errors"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
)

// mhv is My HealtheVet: one session per veteran (session creation passes
// the proxy untouched unless it is the operation under test).
var mhvProvider = &provider{
	name: "mhv",
	start: func(t *testing.T, route string, cfg clientConfig) *fixture {
		var n atomic.Int64
		srv := mhvtest.NewServer(mhvtest.WithAppToken(canaryMHVApp), mhvtest.WithTokens(func(string) string {
			return canaryMHVSession + strconv.FormatInt(n.Add(1), 10)
		}))
		t.Cleanup(srv.Close)
		for _, id := range []string{canaryVet, canaryVetCold} {
			srv.AddVeteran(mhvtest.Veteran{CorrelationID: id, Email: canaryEmail, RxNotifications: true})
		}
		day := time.Now().AddDate(0, 0, -10)
		srv.AddPrescription(canaryVet, mhvtest.Prescription{ID: canaryRxID, Number: "3639901", Name: "METFORMIN HCL 500MG TAB",
			Status: "active", Refillable: true, Trackable: true, RefillsRemaining: 3, Quantity: 60, Facility: "DAYT29",
			Station: "989", NDC: canaryNDC, Sig: canaryNote, Ordered: day.AddDate(0, -3, 0), Expires: day.AddDate(1, 0, 0),
			LastFilled: day, Dispensed: day,
			Shipments: []mhvtest.Shipment{{Shipped: day, Carrier: "USPS", TrackingNumber: "9400100000000000000099"}}})
		px := newProxy(t, srv.URL, route)
		opts := []mhv.Option{
			rxbridge.WithBaseURL(px.URL), rxbridge.WithHTTPClient(cfg.hc), rxbridge.WithLogger(cfg.logger),
			rxbridge.WithRetry(cfg.retry), rxbridge.WithTimeout(cfg.timeout),
		}
		if cfg.maxBytes > 0 {
			opts = append(opts, rxbridge.WithMaxResponseBytes(cfg.maxBytes))
		}
		opts = append(opts, cfg.telemetry...)
		c, err := mhv.NewClient(canaryMHVApp, opts...)
		require.NoError(t, err)
		return &fixture{proxy: px, client: c, fake: srv}
	},
	warm: func(ctx context.Context, fx *fixture) error { return vet(fx).EnsureSession(ctx) },
	typed: func(err error) (int, int, bool) {
		var e *mhv.Error
		if errors.As(err, &e) {
			return e.HTTPStatus, e.Attempts, true
		}
		return 0, 0, false
	},
}

// tolerant marks an operation that reads no answer body (any 2xx is
// success).
func tolerant(o op) op {
	o.tolerant2xx = true
	return o
}

// vet is the canary veteran's handle on the client under test.
func vet(fx *fixture) *mhv.User { return fx.client.(*mhv.Client).User(canaryVet) }

// mhvOps: reads (GETs) are retried; setting a preference is documented as
// harmless to repeat (retried like a read); refills are never repeated once
// they may have reached MHV. Session creation is a GET, retried.
func mhvOps() []op {
	read := func(name, route string, f func(context.Context, *mhv.User) error) op {
		return op{p: mhvProvider, name: name, idempotent: true, route: route,
			call: func(ctx context.Context, fx *fixture) error { return f(ctx, vet(fx)) }}
	}
	return []op{
		{p: mhvProvider, name: "EnsureSession", idempotent: true, route: "GET session",
			// A 2xx without a Token header is a typed error, not retried.
			on2xxPage: &expectation{requests: 1, class: typed, status: 200, attempts: 1},
			// A veteran without a session yet: the warm-up made the other's.
			call: func(ctx context.Context, fx *fixture) error {
				return fx.client.(*mhv.Client).User(canaryVetCold).EnsureSession(ctx)
			}},
		read("ActivePrescriptions", "GET prescription/getactiverx", func(ctx context.Context, u *mhv.User) error {
			_, err := u.ActivePrescriptions(ctx)
			return err
		}),
		read("PrescriptionHistory", "GET prescription/gethistoryrx", func(ctx context.Context, u *mhv.User) error {
			_, err := u.PrescriptionHistory(ctx)
			return err
		}),
		read("Prescription", "GET prescription/gethistoryrx", func(ctx context.Context, u *mhv.User) error {
			_, err := u.Prescription(ctx, canaryRxID)
			return err
		}),
		read("Medications", "GET prescription/medications", func(ctx context.Context, u *mhv.User) error {
			_, err := u.Medications(ctx)
			return err
		}),
		read("Tracking", "GET prescription/rxtracking/{id}", func(ctx context.Context, u *mhv.User) error {
			_, err := u.Tracking(ctx, canaryRxID)
			return err
		}),
		// The drug's leaflet: a read, with the canary drug's NDC in the path.
		read("RxDocumentation", "GET prescription/getrxdoc/{ndc}", func(ctx context.Context, u *mhv.User) error {
			_, err := u.RxDocumentation(ctx, canaryNDC)
			return err
		}),
		read("NotificationEmail", "GET preferences/email", func(ctx context.Context, u *mhv.User) error {
			_, err := u.NotificationEmail(ctx)
			return err
		}),
		tolerant(read("SetNotificationEmail", "POST preferences/email", func(ctx context.Context, u *mhv.User) error {
			return u.SetNotificationEmail(ctx, canaryEmail)
		})),
		read("RxNotifications", "GET preferences/rx", func(ctx context.Context, u *mhv.User) error {
			_, err := u.RxNotifications(ctx)
			return err
		}),
		tolerant(read("SetRxNotifications", "POST preferences/rx", func(ctx context.Context, u *mhv.User) error {
			return u.SetRxNotifications(ctx, false)
		})),
		// Refills: done only on MHV's documented answers; an HTML page is
		// outcome unknown.
		{p: mhvProvider, name: "Refill", idempotent: false, route: "POST prescription/rxrefill/{id}",
			call: func(ctx context.Context, fx *fixture) error { return vet(fx).Refill(ctx, canaryRxID) }},
		{p: mhvProvider, name: "RefillMany", idempotent: false, route: "POST prescription/rxrefill",
			call: func(ctx context.Context, fx *fixture) error {
				_, err := vet(fx).RefillMany(ctx, []int64{canaryRxID})
				return err
			}},
	}
}
