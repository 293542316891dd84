package carevalidatetest_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/carevalidate"
	"github.com/rxbridge/rxbridge-go/carevalidate/carevalidatetest"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"
)

const (
	hdr     = "X-Partner-Auth"
	secret  = "fake-header-secret"
	signKey = "fake-signing-key"
)

// sink is a receiver that keeps the events it accepted, in order.
type sink struct {
	mu     sync.Mutex
	events []*carevalidate.Event
	fail   atomic.Int32 // fail this many deliveries first
	calls  atomic.Int32
}

func (s *sink) handle(_ context.Context, ev *carevalidate.Event) error {
	s.calls.Add(1)
	if s.fail.Load() > 0 {
		s.fail.Add(-1)
		return errors.New("temporarily unavailable")
	}
	s.mu.Lock()
	s.events = append(s.events, ev)
	s.mu.Unlock()
	return nil
}

func (s *sink) names() []carevalidate.EventType {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]carevalidate.EventType, len(s.events))
	for i, e := range s.events {
		out[i] = e.Type()
	}
	return out
}

func (s *sink) all() []*carevalidate.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*carevalidate.Event(nil), s.events...)
}

type env struct {
	srv    *carevalidatetest.Server
	client *carevalidate.Client
	sink   *sink
	hook   *httptest.Server
}

func setup(t *testing.T, w carevalidatetest.Webhook, cfg carevalidate.WebhookSecrets) *env {
	t.Helper()
	e := &env{sink: &sink{}}
	if cfg.HeaderName == "" && len(cfg.SigningSecrets) == 0 {
		cfg = carevalidate.WebhookSecrets{HeaderName: hdr, Secrets: []string{secret}, SigningSecrets: []string{signKey}}
	}
	rc, err := carevalidate.NewReceiver(cfg, e.sink.handle)
	require.NoError(t, err)
	e.hook = httptest.NewServer(rc)
	t.Cleanup(e.hook.Close)
	if w.URL == "" {
		w.URL = e.hook.URL
	}
	if w.HeaderName == "" && w.SigningSecret == "" {
		w.HeaderName, w.Secret, w.SigningSecret = hdr, secret, signKey
	}
	if w.RetryWait == 0 {
		w.RetryWait = time.Millisecond
	}
	e.srv = carevalidatetest.NewServer(carevalidatetest.WithWebhook(w))
	t.Cleanup(e.srv.Close)
	e.client, err = carevalidate.NewClient(e.srv.APIKey, rxbridge.WithBaseURL(e.srv.URL),
		rxbridge.WithRetry(rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond}))
	require.NoError(t, err)
	return e
}

func createReq(email string) *carevalidate.CreateCaseRequest {
	return &carevalidate.CreateCaseRequest{
		FirstName: "Synthetic", LastName: "Patient", Email: email, FormTitle: "Synthetic Intake",
		DOB: rxbridge.NewDate(1990, 1, 2), Gender: carevalidate.GenderFemale, PhoneNumber: "+15555550100",
		Questions: []carevalidate.Question{
			{QuestionID: "q1", Question: "Synthetic question one?", Type: "text", Answer: "Synthetic answer"},
			{QuestionID: "q2", Question: "Pick some", Type: "multiselect", Answer: []string{"A", "C"}, Options: []string{"A", "B", "C"}},
		},
	}
}

func wait(t *testing.T, srv *carevalidatetest.Server) {
	t.Helper()
	// A guard: the deliveries come long before on any machine.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.NoError(t, srv.WaitIdle(ctx))
}

func TestLifecycleDeliversSignedEventsInOrder(t *testing.T) {
	e := setup(t, carevalidatetest.Webhook{}, carevalidate.WebhookSecrets{})
	ctx := context.Background()
	res, err := e.client.CreateCase(ctx, createReq("synthetic.one@example.com"))
	require.NoError(t, err)
	require.NotEmpty(t, res.CaseID)
	require.NoError(t, e.srv.RunLifecycle(res.CaseID))
	wait(t, e.srv)

	assert.Equal(t, []carevalidate.EventType{
		carevalidate.EventCreateCase, carevalidate.EventPaymentAdded, carevalidate.EventAddCaseAssignee,
		carevalidate.EventChangeCaseStatus, carevalidate.EventChangeCaseStatus, carevalidate.EventChangeCaseStatus,
		carevalidate.EventAddCaseDecision, carevalidate.EventPaymentCompleted, carevalidate.EventOrderCreated,
		carevalidate.EventAddCaseAttachment, carevalidate.EventOrderStatusChanged, carevalidate.EventOrderTrackingAdded,
		carevalidate.EventOrderStatusChanged, carevalidate.EventArchiveCase,
	}, e.sink.names())

	evs := e.sink.all()
	for i, ev := range evs {
		assert.Equal(t, res.CaseID, ev.CaseID())
		require.NotNil(t, ev.Payload.Activity)
		assert.Equal(t, ev.Type(), ev.Payload.Activity.Type)
		assert.Len(t, ev.Payload.Case.Activity, i+1, "full-case mode: the whole activity log")
	}
	first := evs[0]
	ans := first.Answers()
	require.Len(t, ans, 2)
	assert.Equal(t, "Synthetic question one?", ans[0].Question)
	assert.Equal(t, carevalidate.Text("Synthetic answer"), ans[0].Answer)
	assert.Equal(t, carevalidate.Text(`["A","C"]`), ans[1].Answer)
	assert.Equal(t, carevalidate.QuestionMultiSelect, ans[1].Type)

	pay := evs[1].Payload.Payment
	require.NotNil(t, pay)
	c, _ := pay.Amount.Cents()
	assert.Equal(t, int64(35000), c)
	assert.Equal(t, "$350.00", evs[1].Payload.Activity.After())

	assert.Equal(t, "OPEN", evs[3].Payload.Activity.Before())
	assert.Equal(t, "ASSIGNED", evs[3].Payload.Activity.After())
	assert.Equal(t, carevalidatetest.Doctor().ID, evs[3].Payload.Activity.TargetUser.ID)
	assert.Equal(t, []carevalidate.Assignee{{Assignee: carevalidatetest.Doctor()}}, evs[2].Payload.Assignees)

	dec := evs[6].Payload.Decision
	require.NotNil(t, dec)
	assert.True(t, dec.IsApproved)
	require.Len(t, dec.Medicines(), 1)
	assert.Equal(t, "Weekly", dec.Medicines()[0].DosingFrequency)
	assert.True(t, evs[6].Payload.Case.IsClosed())
	assert.Equal(t, carevalidate.PaymentPaid, evs[7].Payload.Payment.Status)

	at := evs[9].Payload.Attachment
	require.NotNil(t, at)
	pdf, err := at.Bytes()
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")))

	track := evs[11].Order()
	require.NotNil(t, track)
	assert.Equal(t, carevalidate.OrderShipped, track.Status)
	assert.NotEmpty(t, track.TrackingID)
	assert.Equal(t, track.TrackingID, evs[11].Payload.Activity.After())
	assert.Equal(t, carevalidate.OrderDelivered, evs[12].Order().Status)
	last := evs[13].Payload.Case
	assert.True(t, last.IsArchived)
	assert.Equal(t, carevalidate.ArchiveComplete, last.ArchiveReason)

	for _, d := range e.srv.Deliveries() {
		assert.True(t, d.Delivered)
		assert.Equal(t, 1, d.Attempts)
		assert.Equal(t, []int{200}, d.Statuses)
	}
}

func TestDeliveriesAreRetriedUntilAcknowledged(t *testing.T) {
	e := setup(t, carevalidatetest.Webhook{MaxAttempts: 4}, carevalidate.WebhookSecrets{})
	e.sink.fail.Store(2)
	res, err := e.client.CreateCase(context.Background(), createReq("synthetic.two@example.com"))
	require.NoError(t, err)
	wait(t, e.srv)
	d := e.srv.Deliveries()
	require.Len(t, d, 1)
	assert.Equal(t, []int{500, 500, 200}, d[0].Statuses)
	assert.True(t, d[0].Delivered)
	assert.Equal(t, []carevalidate.EventType{carevalidate.EventCreateCase}, e.sink.names())
	assert.Equal(t, int32(3), e.sink.calls.Load())

	// A receiver that keeps failing: the fake gives up after MaxAttempts.
	e.sink.fail.Store(100)
	require.NoError(t, e.srv.Assign(res.CaseID))
	wait(t, e.srv)
	d = e.srv.Deliveries()
	require.Len(t, d, 3)
	for _, x := range d[1:] {
		assert.False(t, x.Delivered)
		assert.Equal(t, 4, x.Attempts)
	}
}

func TestRetriedDeliveryIsProcessedOnceThroughDedup(t *testing.T) {
	var processed atomic.Int32
	var failOnce atomic.Bool
	failOnce.Store(true)
	rc, err := carevalidate.NewReceiver(carevalidate.WebhookSecrets{HeaderName: hdr, Secrets: []string{secret}},
		func(ctx context.Context, ev *carevalidate.Event) error {
			processed.Add(1)
			return nil
		})
	require.NoError(t, err)
	// A proxy that loses the first acknowledgement after the receiver
	// processed the event: the fake sends it again.
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := httptest.NewRecorder()
		rc.ServeHTTP(rw, r)
		if failOnce.CompareAndSwap(true, false) {
			w.WriteHeader(502)
			return
		}
		w.WriteHeader(rw.Code)
	}))
	defer hook.Close()
	srv := carevalidatetest.NewServer(carevalidatetest.WithWebhook(carevalidatetest.Webhook{URL: hook.URL, HeaderName: hdr, Secret: secret, RetryWait: time.Millisecond}))
	defer srv.Close()
	c, err := carevalidate.NewClient(srv.APIKey, rxbridge.WithBaseURL(srv.URL))
	require.NoError(t, err)
	_, err = c.CreateCase(context.Background(), createReq("synthetic.dedup@example.com"))
	require.NoError(t, err)
	wait(t, srv)
	d := srv.Deliveries()
	require.Len(t, d, 1)
	assert.Equal(t, []int{502, 200}, d[0].Statuses)
	assert.Equal(t, int32(1), processed.Load(), "two deliveries, one processing")
}

func TestWrongSecretIsRefused(t *testing.T) {
	e := setup(t, carevalidatetest.Webhook{HeaderName: hdr, Secret: "not-the-secret", MaxAttempts: 2},
		carevalidate.WebhookSecrets{HeaderName: hdr, Secrets: []string{secret}})
	_, err := e.client.CreateCase(context.Background(), createReq("synthetic.three@example.com"))
	require.NoError(t, err)
	wait(t, e.srv)
	d := e.srv.Deliveries()
	require.Len(t, d, 1)
	assert.Equal(t, []int{401, 401}, d[0].Statuses)
	assert.Equal(t, int32(0), e.sink.calls.Load())
}

func TestEventOnlyURLFormatTopLevelOrderPluralComments(t *testing.T) {
	e := setup(t, carevalidatetest.Webhook{EventOnly: true, DocumentFormat: carevalidate.DocumentURL, OrderAtTopLevel: true,
		PluralComments: true}, carevalidate.WebhookSecrets{})
	res, err := e.client.CreateCase(context.Background(), createReq("synthetic.four@example.com"))
	require.NoError(t, err)
	id := res.CaseID
	require.NoError(t, e.srv.AddComment(id, "Synthetic clinician note"))
	require.NoError(t, e.srv.RunLifecycle(id))
	wait(t, e.srv)
	var sawOrder, sawAttachment, sawComment bool
	for _, ev := range e.sink.all() {
		c := ev.Case()
		require.NotNil(t, c)
		assert.Nil(t, c.Activity, "only event data")
		assert.Nil(t, c.Submitter)
		assert.Equal(t, id, c.ID)
		if ev.Type() == carevalidate.EventOrderTrackingAdded {
			sawOrder = true
			assert.Nil(t, ev.Payload.Order)
			require.NotNil(t, ev.TopLevelOrder)
			assert.Same(t, ev.TopLevelOrder, ev.Order())
		}
		if ev.Type() == carevalidate.EventAddCaseComment {
			sawComment = true
			assert.Nil(t, ev.Payload.Comment)
			require.Len(t, ev.Comments(), 1)
			assert.Equal(t, "Synthetic clinician note", ev.Comments()[0].Text)
		}
		if at := ev.Payload.Attachment; at != nil {
			sawAttachment = true
			assert.Empty(t, at.Content)
			require.NotEmpty(t, at.URL)
			resp, err := http.Get(at.URL)
			require.NoError(t, err)
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, 200, resp.StatusCode)
			assert.True(t, bytes.HasPrefix(b, []byte("%PDF-")))
			resp, err = http.Get(at.URL + "0")
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, 403, resp.StatusCode, "a tampered link is refused")
		}
	}
	assert.True(t, sawOrder && sawAttachment && sawComment)
}

func TestRESTAgainstTheFake(t *testing.T) {
	e := setup(t, carevalidatetest.Webhook{}, carevalidate.WebhookSecrets{})
	ctx := context.Background()
	c := e.client

	res, err := c.CreateCase(ctx, createReq("synthetic.rest@example.com"))
	require.NoError(t, err)
	cs, err := c.GetCase(ctx, res.CaseID, &carevalidate.CaseDetailOptions{IncludeOrders: true})
	require.NoError(t, err)
	assert.Equal(t, carevalidate.CaseOpen, cs.Status)
	assert.Equal(t, "synthetic.rest@example.com", cs.Submitter.Email)
	assert.True(t, cs.Submitter.DOB.Equal(rxbridge.NewDate(1990, 1, 2)))
	require.Len(t, cs.Responses, 1)
	assert.Equal(t, res.FormResponseID, cs.Responses[0].ID)

	byEmail, err := c.GetCaseByEmail(ctx, "SYNTHETIC.REST@example.com", nil)
	require.NoError(t, err)
	assert.Equal(t, res.CaseID, byEmail.ID)
	latest, err := c.LatestCaseID(ctx, carevalidate.LatestCaseQuery{Email: "synthetic.rest@example.com", PhoneNumber: "+15555550100"})
	require.NoError(t, err)
	assert.Equal(t, res.CaseID, latest)

	fr, err := c.AddFormResponse(ctx, &carevalidate.AddFormRequest{CaseID: res.CaseID, FormTitle: "Synthetic Follow-up",
		Questions: []carevalidate.Question{{QuestionID: "f1", Question: "Synthetic follow-up?", Type: "text", Answer: "yes"}}})
	require.NoError(t, err)
	assert.Equal(t, res.CaseID, fr.CaseID)
	assert.NotEmpty(t, fr.FormResponseID)

	cm, err := c.AddComment(ctx, res.CaseID, &carevalidate.NewComment{Text: "Synthetic partner note",
		Author:      carevalidate.CommentAuthorRef{Email: "staff@example.com"},
		Attachments: []carevalidate.NewAttachment{{FileName: "synthetic.txt", Content: []byte("synthetic bytes")}}})
	require.NoError(t, err)
	assert.NotEmpty(t, cm.CommentID)
	_, err = c.AddComment(ctx, res.CaseID, &carevalidate.NewComment{Text: "Quiet note", WebhookNotify: rxbridge.Ptr(false),
		Author: carevalidate.CommentAuthorRef{Email: "staff@example.com"}})
	require.NoError(t, err)
	wait(t, e.srv)
	assert.Equal(t, []carevalidate.EventType{carevalidate.EventCreateCase, carevalidate.EventAddFormResponse,
		carevalidate.EventAddCaseComment}, e.sink.names(), "webhookNotify:false sends no event")
	formEv := e.sink.all()[1]
	require.NotNil(t, formEv.Payload.Response)
	assert.Equal(t, "Synthetic follow-up?", formEv.Payload.Response.Question.Text)
	commentEv := e.sink.all()[2]
	require.Len(t, commentEv.Comments(), 1)
	b, err := commentEv.Comments()[0].Attachments[0].Bytes()
	require.NoError(t, err)
	assert.Equal(t, "synthetic bytes", string(b))

	cs, err = c.GetCase(ctx, res.CaseID, &carevalidate.CaseDetailOptions{IncludeAttachments: true})
	require.NoError(t, err)
	assert.Len(t, cs.Responses, 2)
	assert.Len(t, cs.Comments, 2)
	require.Len(t, cs.Attachments, 1)
	assert.NotEmpty(t, cs.Attachments[0].Content)

	// Payments.
	pi, err := c.CreatePaymentIntent(ctx, &carevalidate.PaymentIntentRequest{Amount: rxbridge.NewNumber("12.50")})
	require.NoError(t, err)
	assert.Contains(t, pi.ClientSecret.Reveal(), "_secret_")
	ps, err := c.CreatePaymentSetup(ctx, nil)
	require.NoError(t, err)
	require.NotEmpty(t, ps.SetupIntentID())
	addr := carevalidate.StripeAddress{Line1: "1 Synthetic Way", City: "Testville", State: "LA", Country: "US", PostalCode: "70000"}
	require.NoError(t, c.CompletePaymentSetup(ctx, &carevalidate.CompletePaymentSetupRequest{StripeSetupID: ps.SetupIntentID(), ShippingAddress: addr}))
	err = c.CompletePaymentSetup(ctx, &carevalidate.CompletePaymentSetupRequest{StripeSetupID: "seti_unknown", ShippingAddress: addr})
	assert.ErrorIs(t, err, carevalidate.ErrNotFound)

	// Errors, CareValidate style.
	_, err = c.GetCase(ctx, "00000000-0000-4000-8000-000000000000", nil)
	assert.ErrorIs(t, err, carevalidate.ErrNotFound)
	_, err = c.AddFormResponse(ctx, &carevalidate.AddFormRequest{CaseID: "00000000-0000-4000-8000-000000000000", FormTitle: "x",
		Questions: []carevalidate.Question{{QuestionID: "f1", Question: "q", Type: "text", Answer: "a"}}})
	assert.ErrorIs(t, err, carevalidate.ErrInvalidCase)
	bad, err := carevalidate.NewClient("wrong-key", rxbridge.WithBaseURL(e.srv.URL))
	require.NoError(t, err)
	_, err = bad.LatestCaseID(ctx, carevalidate.LatestCaseQuery{Email: "synthetic.rest@example.com"})
	assert.ErrorIs(t, err, carevalidate.ErrUnauthorized)
	var ce *carevalidate.Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 400, ce.HTTPStatus, "CareValidate answers a bad key with HTTP 400")
	_, err = bad.CreatePaymentIntent(ctx, &carevalidate.PaymentIntentRequest{Amount: rxbridge.NewNumber("1")})
	assert.ErrorIs(t, err, carevalidate.ErrUnauthorized)
}

func TestCaseProductsAgainstTheFake(t *testing.T) {
	e := setup(t, carevalidatetest.Webhook{}, carevalidate.WebhookSecrets{})
	ctx := context.Background()
	req := &carevalidate.CreateCaseWithProductsRequest{
		User: carevalidate.CaseUser{FirstName: "Synthetic", LastName: "Buyer", Email: "synthetic.buyer@example.com",
			PhoneNumber: "+15555550101", DOB: rxbridge.NewDate(1980, 5, 6)},
		Payment:  &carevalidate.CasePayment{Amount: rxbridge.NewNumber("99"), Currency: "USD"},
		Products: []carevalidate.CaseProduct{{ID: "prod-1"}},
	}
	res, err := e.client.CreateCaseWithProducts(ctx, e.srv.AccessToken, req)
	require.NoError(t, err)
	require.NotEmpty(t, res.CaseID)
	_, err = e.client.CreateCaseWithProducts(ctx, e.srv.AccessToken, req)
	assert.ErrorIs(t, err, carevalidate.ErrConflict, "an open case exists")
	req.ForceCreate = true
	_, err = e.client.CreateCaseWithProducts(ctx, e.srv.AccessToken, req)
	require.NoError(t, err)
	_, err = e.client.CreateCaseWithProducts(ctx, "wrong-token", req)
	assert.ErrorIs(t, err, carevalidate.ErrUnauthorized)
	wait(t, e.srv)
	assert.Equal(t, []carevalidate.EventType{carevalidate.EventCreateCase, carevalidate.EventPaymentAdded,
		carevalidate.EventCreateCase, carevalidate.EventPaymentAdded}, e.sink.names())
}

func TestListingPagesThroughTheFake(t *testing.T) {
	var now atomic.Int64
	base := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	now.Store(base.UnixMilli())
	srv := carevalidatetest.NewServer(carevalidatetest.WithClock(func() time.Time {
		return time.UnixMilli(now.Add(int64(time.Hour / time.Millisecond))).UTC()
	}))
	defer srv.Close()
	c, err := carevalidate.NewClient(srv.APIKey, rxbridge.WithBaseURL(srv.URL))
	require.NoError(t, err)
	ctx := context.Background()
	var ids []string
	for i := range 25 {
		res, err := c.CreateCase(ctx, createReq("synthetic.list"+string(rune('a'+i))+"@example.com"))
		require.NoError(t, err)
		ids = append(ids, res.CaseID)
	}
	require.NoError(t, srv.RunLifecycle(ids[3]))

	q := carevalidate.ListCasesQuery{StartTime: base, EndTime: base.Add(100 * 24 * time.Hour), RecordsPerPage: 10}
	var got []string
	for cs, err := range c.Cases(ctx, q) {
		require.NoError(t, err)
		got = append(got, cs.ID)
	}
	assert.Equal(t, ids, got)
	before := srv.Faults.Count()
	page, err := c.ListCases(ctx, carevalidate.ListCasesQuery{StartTime: base, EndTime: base.Add(30 * 24 * time.Hour), RecordsPerPage: 10})
	require.NoError(t, err)
	require.Len(t, page.Cases, 10)
	assert.True(t, page.PageInfo.HasNextPage)
	assert.Equal(t, ids[9], page.PageInfo.NextCursor())
	assert.Equal(t, before+1, srv.Faults.Count())

	q.Statuses = []carevalidate.CaseStatus{carevalidate.CaseApproved}
	got = nil
	for cs, err := range c.Cases(ctx, q) {
		require.NoError(t, err)
		got = append(got, cs.ID)
	}
	assert.Equal(t, []string{ids[3]}, got)

	_, err = c.ListCases(ctx, carevalidate.ListCasesQuery{StartTime: base, EndTime: base.Add(time.Hour), After: "not-a-case"})
	assert.ErrorIs(t, err, carevalidate.ErrRejected)
}

func TestIdempotencyKeyAndFaults(t *testing.T) {
	srv := carevalidatetest.NewServer()
	defer srv.Close()
	c, err := carevalidate.NewClient(srv.APIKey, rxbridge.WithBaseURL(srv.URL),
		rxbridge.WithRetry(rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond}))
	require.NoError(t, err)
	ctx := context.Background()

	req := createReq("synthetic.idem@example.com")
	req.IdempotencyKey = carevalidate.NewIdempotencyKey()
	a, err := c.CreateCase(ctx, req)
	require.NoError(t, err)
	b, err := c.CreateCase(ctx, req)
	require.NoError(t, err)
	assert.Equal(t, a.CaseID, b.CaseID, "the same key gives the same case")
	assert.Len(t, srv.CaseIDs(), 1)

	// A lost response on a keyed create is retried with the same key.
	srv.Faults.Enqueue(rxbridgetest.ResetAfterRead())
	req.IdempotencyKey = carevalidate.NewIdempotencyKey()
	n := srv.Faults.Count()
	res, err := c.CreateCase(ctx, req)
	require.NoError(t, err)
	assert.Equal(t, n+2, srv.Faults.Count())
	assert.Len(t, srv.CaseIDs(), 2)
	reqs := srv.Faults.Requests()
	assert.Equal(t, reqs[len(reqs)-1].Body, reqs[len(reqs)-2].Body)
	assert.Equal(t, res.CaseID, srv.CaseIDs()[1])

	// Without a key it is not repeated.
	srv.Faults.Enqueue(rxbridgetest.ResetAfterRead())
	req.IdempotencyKey = ""
	n = srv.Faults.Count()
	_, err = c.CreateCase(ctx, req)
	assert.ErrorIs(t, err, carevalidate.ErrOutcomeUnknown)
	assert.Equal(t, n+1, srv.Faults.Count())

	// Reads are retried through a gateway page.
	srv.Faults.Enqueue(rxbridgetest.GatewayHTML(503), rxbridgetest.RetryAfter(429, "0"))
	cs, err := c.GetCase(ctx, a.CaseID, nil)
	require.NoError(t, err)
	assert.Equal(t, a.CaseID, cs.ID)

	srv.Faults.Enqueue(rxbridgetest.GatewayHTML(502))
	_, err = c.AddComment(ctx, a.CaseID, &carevalidate.NewComment{Text: "x", Author: carevalidate.CommentAuthorRef{Email: "s@example.com"}})
	assert.ErrorIs(t, err, carevalidate.ErrOutcomeUnknown)
	assert.ErrorIs(t, err, carevalidate.ErrServer)

	_, ok := srv.Case("missing")
	assert.False(t, ok)
	got, ok := srv.Case(a.CaseID)
	require.True(t, ok)
	assert.Equal(t, a.CaseID, got.ID)
	assert.Error(t, srv.Assign("missing"))
	assert.ErrorIs(t, srv.StartReview(a.CaseID), carevalidatetest.ErrTransition)
}

func TestSignatureOnlyDelivery(t *testing.T) {
	e := setup(t, carevalidatetest.Webhook{SigningSecret: signKey},
		carevalidate.WebhookSecrets{SigningSecrets: []string{"old-key", signKey}})
	res, err := e.client.CreateCase(context.Background(), createReq("synthetic.sig@example.com"))
	require.NoError(t, err)
	require.NoError(t, e.srv.Escalate(res.CaseID))
	wait(t, e.srv)
	assert.Equal(t, []carevalidate.EventType{carevalidate.EventCreateCase, carevalidate.EventEscalateCase}, e.sink.names())
	d := e.srv.Deliveries()
	require.Len(t, d, 2)
	assert.True(t, e.sink.all()[1].Case().IsEscalated)

	// An event name the SDK does not list still reaches the handler.
	require.NoError(t, e.srv.Emit(res.CaseID, "CASE_PRODUCT_STATUS_CHANGED", nil, nil))
	wait(t, e.srv)
	names := e.sink.names()
	assert.Equal(t, carevalidate.EventType("CASE_PRODUCT_STATUS_CHANGED"), names[len(names)-1])
}
