// Package carevalidate is a client for CareValidate (CareGLP): the
// case-update webhooks a telehealth partner receives as a patient's case
// moves from creation through the doctor's decision, payment and shipping,
// and the partner REST API that creates and drives cases.
//
// # Receiving case updates
//
// Give CareValidate your endpoint's URL with an authentication header name
// and secret value, and/or a Secret Key for the x-cv-signature HMAC, and
// mount a Receiver there:
//
//	rc, err := carevalidate.NewReceiver(carevalidate.WebhookSecrets{
//		HeaderName:     "X-Partner-Auth",
//		Secrets:        []string{os.Getenv("CAREVALIDATE_WEBHOOK_SECRET")},
//		SigningSecrets: []string{os.Getenv("CAREVALIDATE_SIGNING_KEY")},
//	}, func(ctx context.Context, ev *carevalidate.Event) error {
//		switch ev.Type() {
//		case carevalidate.EventAddCaseDecision:
//			// ev.Payload.Case.Decisions, ev.Payload.Decision
//		case carevalidate.EventOrderTrackingAdded:
//			// ev.Order().TrackingID
//		}
//		return store.Save(ctx, ev.ID(), ev.Raw()) // durable before 200
//	}, rxbridge.WithStore(shared)) // shared by your instances (redisstore)
//	http.Handle("/carevalidate/webhook", rc)
//
// The receiver does no work for strangers. It answers 405 to anything but
// POST; 401, before reading a byte of the body, when the authentication
// header is missing or wrong or x-cv-signature is missing or malformed;
// 413 to a body over the limit (32 MiB by default: full-case payloads
// carry base64 attachments); 408 to a body that has not arrived within
// WithWebhookReadTimeout (30 s by default); 401 when the HMAC does not
// match the raw body (constant-time, before any parsing); 413 to a body
// whose decode would take more than sixteen times its size in memory; 400
// to a body that is not an event; and 200 only after your handler returned
// nil; otherwise 500, so CareValidate sends it again. If you route
// requests yourself, call Receiver.VerifyAndParse with the raw body.
//
// Each event (Event.ID) is processed once: a delivery of an event already
// processed is acknowledged without calling your handler, and one whose
// event is being processed (here or on another instance sharing the
// rxbridge.WithStore store) is answered 503, so that CareValidate sends it
// again. The claim on an event is a lease (WithWebhookLease) that becomes a
// done marker only once your handler returned nil: if the instance running
// it dies, the event is processed again when the lease ends. A store that
// fails answers 503 too: no event is acknowledged unprocessed.
//
// Your http.Server must still bound what happens before the receiver
// runs: set ReadHeaderTimeout (slow headers), and keep MaxHeaderBytes,
// IdleTimeout and WriteTimeout sane.
//
// Events are typed (Event, Payload, Case, Activity, Decision, Payment,
// Attachment, Comment, FormResponse, Order) and tolerant of what the
// documentation shows varying: "order" beside or inside "payload"
// (Event.Order), "comment" or "comments" (Event.Comments), amounts as
// numbers or strings, full-case or event-only payloads, nulls.
// EventType is open: an event this package does not list reaches your
// handler too. Case.Answers and Event.Answers give the patient's answers as
// question/answer pairs; Event.ID is the de-duplication key (the triggering
// activity's id).
//
// # Calling the REST API
//
//	c, err := carevalidate.NewClient(os.Getenv("CAREVALIDATE_API_KEY"))
//	res, err := c.CreateCase(ctx, &carevalidate.CreateCaseRequest{
//		FirstName: "Jordan", LastName: "Sample", Email: "jordan@example.com",
//		FormTitle: "Weight Loss Intake",
//		Questions: []carevalidate.Question{{QuestionID: "q1", Question: "Height?", Type: "text", Answer: "180 cm"}},
//		IdempotencyKey: intake.Key,
//	})
//	cs, err := c.GetCase(ctx, res.CaseID, nil)
//	for cs, err := range c.Cases(ctx, carevalidate.ListCasesQuery{StartTime: from, EndTime: to}) { ... }
//
// Also: CreateCaseWithProducts (bearer token), GetCaseByEmail,
// LatestCaseID, AddFormResponse, AddComment (with attachments),
// CreatePaymentIntent, CreatePaymentSetup, CompletePaymentSetup.
//
// Values are the SDK's own types (package rxbridge): a date of birth is an
// rxbridge.Date (rxbridge.NewDate(1990, time.March, 4), sent as
// YYYY-MM-DD), a timestamp an rxbridge.DateTime, an amount in dollars an
// rxbridge.Number (rxbridge.NewNumber("350.00"); it arrives as a number or
// a numeric string and is kept exactly), a Stripe client secret an
// rxbridge.Secret (it never prints), and a decision's medicines and a
// payload's comments an rxbridge.OneOrMany (a list or one object).
//
// Calls that create something are never repeated once they may have
// reached CareValidate: a lost response gives an error matching
// ErrOutcomeUnknown. The one exception is CreateCase with an
// IdempotencyKey, which is retried with the same key.
//
// CareValidate answers most failures, including a bad API key and an
// unknown case, with HTTP 400 and {"status", "success": false, "error",
// "message", "code"}. The SDK returns them as *Error sorted into sentinels:
// errors.Is(err, carevalidate.ErrUnauthorized), ErrNotFound,
// ErrInvalidCase, ErrRejected, ErrConflict, ErrRateLimited,
// ErrServer. Error() never contains CareValidate's text, which can echo
// PHI; it is in Error.Message and Error.Detail.
//
// The carevalidatetest package is an in-process fake of CareValidate for
// your tests: it keeps cases, serves the REST API and delivers signed
// webhooks to your receiver as cases move through their life.
package carevalidate
