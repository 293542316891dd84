package develophealthtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	dh "github.com/rxbridge/rxbridge-go/develophealth"
)

// event is a webhook waiting for delivery.
type event struct {
	id, url, secret string
	typ             dh.EventType
	body            []byte
}

// Delivery records one webhook sent by the fake.
type Delivery struct {
	// EventID is the envelope's event_id ("" in the legacy envelope).
	EventID string
	// Type is the event_type (Event.Type of the delivered event).
	Type dh.EventType
	// Status is the last HTTP status received (0 when none arrived).
	Status int
	// Attempts is how many times it was sent.
	Attempts int
	// Delivered reports a 2xx.
	Delivered bool
	// Body is the JSON sent.
	Body []byte
}

var eventTitles = map[dh.EventType][2]string{
	dh.EventBenefitVerificationStatusChange:      {"Benefit Verification Updated", "A Benefit Verification has completed or failed."},
	dh.EventPriorAuthStatusChange:                {"Prior Authorization Updated", "A Prior Authorization submission status or outcome has changed."},
	dh.EventPriorAuthActivityLogUpdated:          {"Prior Authorization Activity Log Updated", "The activity log of a Prior Authorization was updated."},
	dh.EventPriorAuthMessage:                     {"Prior Authorization Message", "A message was added to a Prior Authorization message thread."},
	dh.EventPriorAuthPrescriptionTransferChange:  {"Prior Authorization Prescription Transfer Updated", "The prescription transfer for a Prior Authorization was updated."},
	dh.EventPriorAuthRealTimeBenefitsCheckChange: {"Prior Authorization Real-Time Benefits Check", "A real-time benefits check for a Prior Authorization completed."},
}

// emit queues an event for data. Caller holds s.mu.
func (s *Server) emit(typ dh.EventType, data any) {
	if s.closed || s.cfg.webhookURL == "" {
		return
	}
	s.seq++
	id := fmt.Sprintf("wh_evt_fake%05d", s.seq)
	env := map[string]any{"title": eventTitles[typ][0], "description": eventTitles[typ][1], "event_type": typ, "data": data}
	if !s.cfg.legacyEnvelope {
		env["event_id"] = id
		env["occurred_at"] = s.now().Format(time.RFC3339)
	} else {
		id = ""
	}
	body, err := json.Marshal(env)
	if err != nil {
		return
	}
	select {
	case s.events <- event{id: id, url: s.cfg.webhookURL, secret: s.cfg.webhookSecret, typ: typ, body: body}:
	default: // a full queue drops the event, as a real sender might
	}
}

func (s *Server) emitPA(st *paState, typ dh.EventType) { s.emit(typ, st.pa) }

// emitBV sends the single terminal benefit verification event.
func (s *Server) emitBV(st *bvState) { s.emit(dh.EventBenefitVerificationStatusChange, st.bv) }

// deliverLoop sends events in order, retrying non-2xx answers.
func (s *Server) deliverLoop() {
	defer s.wg.Done()
	sent := 0 // attempts so far, across events
	for ev := range s.events {
		d := Delivery{EventID: ev.id, Type: ev.typ, Body: ev.body}
		for attempt := 0; attempt <= s.cfg.webhookRetries; attempt++ {
			if attempt > 0 {
				select {
				case <-time.After(s.cfg.webhookRetryWait):
				case <-s.ctx.Done():
				}
			}
			if s.ctx.Err() != nil {
				break
			}
			d.Attempts++
			sent++
			d.Status = s.post(ev, sent)
			if d.Status >= 200 && d.Status < 300 {
				d.Delivered = true
				break
			}
		}
		s.mu.Lock()
		s.deliveries = append(s.deliveries, d)
		s.delivered.Broadcast()
		s.mu.Unlock()
	}
}

// post sends one attempt with a fresh token; attempt numbers every
// attempt the fake makes.
func (s *Server) post(ev event, attempt int) int {
	ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ev.url, bytes.NewReader(ev.body))
	if err != nil {
		return 0
	}
	now := s.now()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "develophealthtest-webhooks/1")
	sum := sha256.Sum256(ev.body)
	// A token of its own per attempt (jti): the SDK's receiver refuses a
	// token it has seen, as a replay.
	req.Header.Set(dh.WebhookHeader, SignToken(ev.secret, map[string]any{
		"iss": "develophealth", "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "event_type": ev.typ,
		"body_sha256": hex.EncodeToString(sum[:]), "jti": fmt.Sprintf("wh_tok_%d", attempt),
	}))
	resp, err := s.cfg.webhookClient.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	return resp.StatusCode
}

// Deliveries returns the webhook deliveries finished so far, in order.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.deliveries...)
}

// WaitForDeliveries waits until at least n deliveries have finished (or
// ctx ends) and returns them.
func (s *Server) WaitForDeliveries(ctx context.Context, n int) ([]Delivery, error) {
	stop := context.AfterFunc(ctx, func() {
		s.mu.Lock()
		s.delivered.Broadcast()
		s.mu.Unlock()
	})
	defer stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.deliveries) < n {
		if err := ctx.Err(); err != nil {
			return append([]Delivery(nil), s.deliveries...), err
		}
		if s.closed {
			return append([]Delivery(nil), s.deliveries...), errClosed
		}
		s.delivered.Wait()
	}
	return append([]Delivery(nil), s.deliveries...), nil
}
