package carevalidatetest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/carevalidate"
)

// Webhook is where and how the fake delivers case updates, mirroring
// CareValidate's webhook settings.
type Webhook struct {
	// URL receives the POSTs ("" turns delivery off; events are still
	// recorded).
	URL string
	// HeaderName and Secret: the authentication header sent on every call.
	HeaderName string
	Secret     string
	// SigningSecret, when set, signs the body into x-cv-signature.
	SigningSecret string
	// EventOnly sends "only event data" payloads (basic case information)
	// instead of the full case.
	EventOnly bool
	// DocumentFormat is base64 (the default: attachments inline) or url
	// (signed links valid for 15 minutes).
	DocumentFormat carevalidate.DocumentFormat
	// OrderAtTopLevel puts "order" beside "payload", as the spec's first
	// example does (inside "payload" otherwise).
	OrderAtTopLevel bool
	// PluralComments sends the comment under "comments" (the docs page's
	// key) instead of "comment" (the support article's).
	PluralComments bool
	// MaxAttempts bounds the attempts per event (5 when 0); RetryWait is
	// the first wait between them (10ms when 0), doubled each time up to
	// one second.
	MaxAttempts int
	RetryWait   time.Duration
	// Client sends the deliveries (a client with a 10s timeout when nil).
	Client *http.Client
}

// Delivery is one event the fake sent (or would have sent).
type Delivery struct {
	// Type is the event name (Event.Type of the delivered event).
	Type       carevalidate.EventType
	CaseID     string
	ActivityID string
	// Body is the JSON sent (it holds the fake's synthetic PHI).
	Body []byte
	// Attempts counts the POSTs; Statuses has each one's HTTP status (0
	// when the request failed).
	Attempts  int
	Statuses  []int
	Delivered bool
}

// SetWebhook configures delivery for the events recorded from now on.
func (s *Server) SetWebhook(w Webhook) {
	s.mu.Lock()
	s.hook = w
	s.mu.Unlock()
}

// Deliveries returns every event recorded so far, oldest first, with the
// state of its delivery.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Delivery, len(s.events))
	for i, d := range s.events {
		d.Statuses = append([]int(nil), d.Statuses...)
		out[i] = d
	}
	return out
}

// WaitIdle waits until the fake has no event queued or in flight (every
// event recorded so far was delivered or gave up), or ctx ends. (Develop
// Health's fake, whose events are numbered, has WaitForDeliveries(ctx, n)
// instead.)
func (s *Server) WaitIdle(ctx context.Context) error {
	for {
		if s.deliv.idle() {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// hookFormat is the document format of webhook payloads; the caller holds
// s.mu.
func (s *Server) hookFormat() carevalidate.DocumentFormat {
	if s.hook.DocumentFormat == carevalidate.DocumentURL {
		return carevalidate.DocumentURL
	}
	return carevalidate.DocumentBase64
}

// record adds an activity to the case and sends its event, with the event
// object set by obj (which may be nil); the caller holds s.mu.
func (s *Server) record(fc *fakeCase, ev carevalidate.EventType, before, after *string, actor, target *carevalidate.Person, obj func(*carevalidate.Payload)) {
	now := s.timestamp()
	act := carevalidate.Activity{ID: newID(), Type: ev, Timestamp: now, ValueBefore: before, ValueAfter: after, Actor: actor, TargetUser: target}
	fc.c.Activity = append(fc.c.Activity, act)
	fc.c.UpdatedAt = now

	hook := s.hook
	var pl carevalidate.Payload
	a := act
	pl.Activity = &a
	if obj != nil {
		obj(&pl)
	}
	if hook.EventOnly {
		pl.Case = s.render(fc, renderOpts{basic: true})
	} else {
		pl.Case = s.render(fc, renderOpts{attachments: s.hookFormat()})
	}
	if pl.Comment != nil {
		c := *pl.Comment
		c.Attachments = append([]carevalidate.Attachment(nil), c.Attachments...)
		for i := range c.Attachments {
			s.renderAttachment(&c.Attachments[i], s.hookFormat())
		}
		pl.Comment = &c
		if hook.PluralComments {
			pl.Comments = rxbridge.OneOrMany[carevalidate.Comment]{Items: []carevalidate.Comment{c}}
			pl.Comment = nil
		}
	}
	e := carevalidate.NewEvent(ev, pl)
	if hook.OrderAtTopLevel && pl.Order != nil {
		e.TopLevelOrder, e.Payload.Order = pl.Order, nil
	}
	body, _ := json.Marshal(e)
	s.events = append(s.events, Delivery{Type: ev, CaseID: fc.c.ID, ActivityID: act.ID, Body: body})
	if hook.URL != "" && !s.closed {
		s.deliv.enqueue(job{idx: len(s.events) - 1, body: body, hook: hook})
	}
}

// job is one event to deliver.
type job struct {
	idx  int
	body []byte
	hook Webhook
}

// deliverer sends jobs one at a time, in order, retrying failures.
type deliverer struct {
	s      *Server
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu       sync.Mutex
	cond     *sync.Cond
	queue    []job
	inflight bool
	stopped  bool
}

func newDeliverer(s *Server) *deliverer {
	d := &deliverer{s: s, done: make(chan struct{})}
	d.ctx, d.cancel = context.WithCancel(context.Background())
	d.cond = sync.NewCond(&d.mu)
	go d.run()
	return d
}

func (d *deliverer) enqueue(j job) {
	d.mu.Lock()
	d.queue = append(d.queue, j)
	d.mu.Unlock()
	d.cond.Signal()
}

func (d *deliverer) idle() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stopped || (len(d.queue) == 0 && !d.inflight)
}

func (d *deliverer) stop() {
	d.mu.Lock()
	d.stopped = true
	d.mu.Unlock()
	d.cancel()
	d.cond.Broadcast()
	<-d.done
}

func (d *deliverer) run() {
	defer close(d.done)
	for {
		d.mu.Lock()
		for len(d.queue) == 0 && !d.stopped {
			d.cond.Wait()
		}
		if d.stopped {
			d.mu.Unlock()
			return
		}
		j := d.queue[0]
		d.queue = d.queue[1:]
		d.inflight = true
		d.mu.Unlock()

		d.deliver(j)

		d.mu.Lock()
		d.inflight = false
		d.mu.Unlock()
	}
}

// deliver sends one event until it is acknowledged with a 2xx or the
// attempts run out.
func (d *deliverer) deliver(j job) {
	maxAttempts := j.hook.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = 5
	}
	wait := j.hook.RetryWait
	if wait <= 0 {
		wait = 10 * time.Millisecond
	}
	hc := j.hook.Client
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		status := d.post(hc, j)
		d.s.mu.Lock()
		ev := &d.s.events[j.idx]
		ev.Attempts = attempt
		ev.Statuses = append(ev.Statuses, status)
		ev.Delivered = status >= 200 && status < 300
		d.s.mu.Unlock()
		if status >= 200 && status < 300 {
			return
		}
		if attempt == maxAttempts {
			return
		}
		select {
		case <-d.ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Second)
	}
}

// post makes one attempt and returns its status (0 on a transport error).
func (d *deliverer) post(hc *http.Client, j job) int {
	req, err := http.NewRequestWithContext(d.ctx, http.MethodPost, j.hook.URL, bytes.NewReader(j.body))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "carevalidatetest-webhooks/1")
	if j.hook.HeaderName != "" {
		req.Header.Set(j.hook.HeaderName, j.hook.Secret)
	}
	if j.hook.SigningSecret != "" {
		req.Header.Set(carevalidate.SignatureHeader, carevalidate.Sign(j.hook.SigningSecret, j.body))
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	return resp.StatusCode
}
