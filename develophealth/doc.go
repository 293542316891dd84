// Package develophealth is a client for the Develop Health API: prior
// authorizations, benefit verifications, clinical qualifications,
// prescriber authorization and lookup, the /status check, and a receiver
// for Develop Health's webhooks.
//
// # The main flow
//
//	client, err := develophealth.NewClient(os.Getenv("DEVELOPHEALTH_API_TOKEN"))
//	created, err := client.CreatePriorAuthorization(ctx, &develophealth.CreatePriorAuthRequest{
//		Diagnoses:    []develophealth.Diagnosis{{Code: "E66.9"}},
//		Patient:      patient,
//		Provider:     prescriber,
//		Prescription: develophealth.NewCodedPrescription(rx),
//		Insurance:    develophealth.InsuranceCardImages(front, back),
//	})
//	switch {
//	case errors.Is(err, develophealth.ErrOutcomeUnknown):
//		// Sent, answer lost: the request may exist, and Develop Health has
//		// no list of requests. An NDP request (prescription_message_id)
//		// can be sent again safely: client.RecoverPriorAuthorization(ctx, req).
//		// Any other: match its webhooks with req.MatchesPriorAuthorization.
//	case errors.Is(err, develophealth.ErrPrescriptionMessageAlreadyLinked):
//		var e *develophealth.Error
//		errors.As(err, &e) // e.ExistingPriorAuthRequestID
//	case err != nil:
//		// e.g. develophealth.ErrUnsupportedDrug: fall back to your manual process.
//	}
//	pa, err := client.WaitPriorAuthorization(ctx, created.ID, develophealth.WaitOptions{})
//	if pa.Outcome.Denied != nil {
//		fmt.Println(pa.Outcome.Denied.DetailCode, pa.DenialReasonAnalysis.NextSteps)
//	}
//
// Webhooks are the better signal than polling:
//
//	receiver, err := develophealth.NewReceiver(secret, func(ctx context.Context, ev *develophealth.Event) error {
//		if ev.PriorAuthorization != nil { ... } // return an error to have it resent
//		return nil
//	}, rxbridge.WithStore(shared)) // shared by your instances (redisstore)
//	http.Handle("/webhooks/develophealth", receiver)
//
// Each event (Event.ID) is processed once: a delivery of an event already
// processed is acknowledged without calling your handler, and one whose
// event is being processed (here or on another instance sharing the
// rxbridge.WithStore store) is answered 503, so that Develop Health sends
// it again. The claim on an event is a lease (WithWebhookLease) that
// becomes a done marker only once your handler returned nil: if the
// instance running it dies, the event is processed again when the lease
// ends. A store that fails answers 503 too: no event is acknowledged
// unprocessed.
//
// The receiver does no work for strangers: the X-Webhook-Secret token is
// checked before a byte of the body is read. By default it must carry exp,
// be at most five minutes old (iat), and not have been used by an
// acknowledged delivery before (the token does not cover the body, so a
// reusable token would let one captured header forge any event); see
// WithWebhookMaxAge, WithWebhookAllowTokensWithoutExpiry and
// WithWebhookReplayProtection. The body has WithWebhookReadTimeout (30 s)
// to arrive (408 otherwise). Your http.Server must still set
// ReadHeaderTimeout (slow headers), and keep MaxHeaderBytes, IdleTimeout
// and WriteTimeout sane.
//
// # Wire format
//
// Every answer's {status, error, data} envelope is unwrapped: methods
// return the data, or an *Error. Field names are the spec's; types carry
// the spec's schema names in their documentation. Enumerations are open
// string types (unknown values decode, Known() tells); the outcome is a
// union keyed on its result, the activity log on each item's type (unknown
// items are kept as received). Dates and times are the SDK's value types
// (package rxbridge): a date ("1980-01-01") is an rxbridge.Date, built
// with rxbridge.NewDate(1980, time.January, 1); a timestamp is an
// rxbridge.DateTime, built with rxbridge.DateTime{Time: t} and sent as
// RFC 3339. Develop Health often sends timestamps without a zone
// ("2024-02-14T05:46:07.764000"): they are read as UTC (HasZone tells),
// decode without loss and re-encode as they came.
//
// # Retries
//
// Reads, cancellations, the NDP update and provider lookup are retried on
// 429, 5xx and transport failures. Creates (prior authorization, benefit
// verification, clinical qualification), provider authorization and
// feedback are never sent twice once they may have reached Develop Health:
// a lost answer matches ErrOutcomeUnknown.
//
// # PHI
//
// The client logs nothing unless given rxbridge.WithLogger, and then never bodies,
// ids, tokens or header values. Error() carries the operation, route
// template, HTTP status and code; the server's description is in
// Error.Message, to be treated as PHI.
//
// # Testing
//
// Package develophealthtest is an in-process fake with state, webhooks and
// fault injection.
package develophealth
