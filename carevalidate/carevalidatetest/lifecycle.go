package carevalidatetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/carevalidate"
)

// Doctor returns the fake's (synthetic) clinician, to whom cases are
// assigned.
func Doctor() carevalidate.Person {
	return carevalidate.Person{ID: "fake-doctor-0001", FirstName: "Dana", LastName: "Fakedoc"}
}

// Support returns the fake's (synthetic) CareValidate support member, who
// assigns cases.
func Support() carevalidate.Person {
	return carevalidate.Person{ID: "fake-support-0001", FirstName: "Sam", LastName: "Fakesupport"}
}

// ErrTransition is returned when a case cannot take a lifecycle step in
// its current state.
var ErrTransition = errors.New("carevalidatetest: the case cannot take this step now")

// Decision is a clinician's decision for Decide.
type Decision struct {
	// Outcome is APPROVED (the default), REJECTED or NO_DECISION.
	Outcome         carevalidate.CaseStatus
	Medicine        string
	Dosage          string
	DosingFrequency string
	RefillCount     int
	Text            string
}

// step runs fn on a case under the lock.
func (s *Server) step(caseID string, fn func(fc *fakeCase) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	fc := s.cases[caseID]
	if fc == nil {
		return ErrNoCase
	}
	return fn(fc)
}

func p(s string) *string { return &s }

// AddPayment adds an unpaid payment of amount dollars ("350") and sends
// PAYMENT_ADDED.
func (s *Server) AddPayment(caseID, amount string) error {
	return s.step(caseID, func(fc *fakeCase) error {
		if _, ok := rxbridge.NewNumber(amount).Cents(); !ok {
			return fmt.Errorf("carevalidatetest: amount %q is not a number", amount)
		}
		s.addPayment(fc, amount, "")
		return nil
	})
}

// addPayment adds a payment; the caller holds s.mu. The amount travels as
// a string, as in CareValidate's example.
func (s *Server) addPayment(fc *fakeCase, amount, desc string) {
	var a rxbridge.Number
	_ = json.Unmarshal([]byte(strconv.Quote(amount)), &a)
	if desc == "" {
		desc = "Initial payment for 'Synthetic Bundle'"
	}
	now := s.timestamp()
	var by *carevalidate.Person
	if sub := fc.c.Submitter; sub != nil {
		by = &carevalidate.Person{ID: sub.ID, FirstName: sub.FirstName, LastName: sub.LastName, Email: sub.Email}
	}
	pay := carevalidate.Payment{ID: newID(), Description: desc, Amount: a, Status: carevalidate.PaymentUnpaid,
		DueDate: now, CreatedAt: now, UpdatedAt: now, CreatedBy: by}
	fc.c.Payments = append(fc.c.Payments, pay)
	s.record(fc, carevalidate.EventPaymentAdded, nil, p(dollars(a)), personOf(fc.c.Submitter), nil, func(pl *carevalidate.Payload) {
		pp := pay
		pl.Payment = &pp
	})
}

func dollars(a rxbridge.Number) string {
	c, _ := a.Cents()
	return fmt.Sprintf("$%d.%02d", c/100, c%100)
}

// Assign assigns an OPEN case to Doctor: ADD_CASE_ASSIGNEE, then
// CHANGE_CASE_STATUS OPEN → ASSIGNED.
func (s *Server) Assign(caseID string) error {
	return s.step(caseID, func(fc *fakeCase) error {
		if fc.c.Status != carevalidate.CaseOpen {
			return ErrTransition
		}
		doc, sup := Doctor(), Support()
		fc.c.AssignedTo, fc.c.HRRep, fc.c.AssignedBy = &doc, &sup, &sup
		fc.c.Assignees = append(fc.c.Assignees, carevalidate.Assignee{Assignee: Doctor()})
		fc.c.AssignedAt = s.timestamp()
		s.record(fc, carevalidate.EventAddCaseAssignee, nil, nil, &sup, &doc, func(pl *carevalidate.Payload) {
			pl.Assignees = []carevalidate.Assignee{{Assignee: Doctor()}}
		})
		s.changeStatus(fc, carevalidate.CaseAssigned, &sup, &doc)
		return nil
	})
}

// changeStatus sets the status and sends CHANGE_CASE_STATUS; the caller
// holds s.mu.
func (s *Server) changeStatus(fc *fakeCase, to carevalidate.CaseStatus, actor, target *carevalidate.Person) {
	from := fc.c.Status
	fc.c.Status = to
	s.record(fc, carevalidate.EventChangeCaseStatus, p(string(from)), p(string(to)), actor, target, nil)
}

// StartReview moves an ASSIGNED case to IN_PROGRESS.
func (s *Server) StartReview(caseID string) error {
	return s.step(caseID, func(fc *fakeCase) error {
		if fc.c.Status != carevalidate.CaseAssigned {
			return ErrTransition
		}
		fc.c.InProgressAt = s.timestamp()
		fc.c.InProgressBy = Doctor().ID
		doc := Doctor()
		s.changeStatus(fc, carevalidate.CaseInProgress, &doc, nil)
		return nil
	})
}

// Decide records the doctor's decision on a case under review, which
// closes it: CHANGE_CASE_STATUS to the outcome, then ADD_CASE_DECISION.
func (s *Server) Decide(caseID string, d Decision) error {
	return s.step(caseID, func(fc *fakeCase) error {
		if fc.c.Status != carevalidate.CaseInProgress && fc.c.Status != carevalidate.CaseAssigned {
			return ErrTransition
		}
		if d.Outcome == "" {
			d.Outcome = carevalidate.CaseApproved
		}
		if !d.Outcome.Decided() {
			return fmt.Errorf("carevalidatetest: %q is not a decision", d.Outcome)
		}
		doc := Doctor()
		now := s.timestamp()
		fc.c.ClosedAt, fc.c.ClosedBy = now, doc.ID
		s.changeStatus(fc, d.Outcome, &doc, nil)
		dec := carevalidate.Decision{ID: newID(), IsApproved: d.Outcome == carevalidate.CaseApproved,
			IsNoDecision: d.Outcome == carevalidate.CaseNoDecision, StartDate: now, EndDate: now, DecisionText: d.Text,
			CreatedAt: now, VisitType: carevalidate.VisitAsyncTextEmail,
			AddedBy: &carevalidate.Clinician{ID: doc.ID, FirstName: doc.FirstName, LastName: doc.LastName, Title: "MD"}}
		if d.Medicine != "" {
			dec.MedInfo = rxbridge.OneOrMany[carevalidate.MedInfo]{Items: []carevalidate.MedInfo{{ID: newID(), Medicine: d.Medicine,
				Dosage: d.Dosage, RefillCount: d.RefillCount, DosingFrequency: d.DosingFrequency}}}
		} else {
			dec.MedInfo = rxbridge.OneOrMany[carevalidate.MedInfo]{Items: []carevalidate.MedInfo{}}
		}
		fc.c.Decisions = append(fc.c.Decisions, dec)
		s.record(fc, carevalidate.EventAddCaseDecision, nil, p(string(d.Outcome)), &doc, nil, func(pl *carevalidate.Payload) {
			dd := dec
			pl.Decision = &dd
		})
		return nil
	})
}

// CompletePayment marks the case's first unpaid payment paid and sends
// PAYMENT_COMPLETED.
func (s *Server) CompletePayment(caseID string) error {
	return s.step(caseID, func(fc *fakeCase) error {
		for i := range fc.c.Payments {
			pay := &fc.c.Payments[i]
			if pay.Status != carevalidate.PaymentUnpaid {
				continue
			}
			now := s.timestamp()
			pay.Status, pay.PaymentDate, pay.UpdatedAt = carevalidate.PaymentPaid, now, now
			msg := "A " + dollars(pay.Amount) + " USD payment was processed using a visa ending in 4242"
			sup := Support()
			snapshot := *pay
			s.record(fc, carevalidate.EventPaymentCompleted, nil, &msg, &sup, nil, func(pl *carevalidate.Payload) {
				pl.Payment = &snapshot
			})
			return nil
		}
		return ErrTransition
	})
}

// CreateOrder creates the pharmacy order of an approved case (ORDER_CREATED)
// and attaches the prescription (ADD_CASE_ATTACHMENT).
func (s *Server) CreateOrder(caseID string) error {
	return s.step(caseID, func(fc *fakeCase) error {
		if fc.c.Status != carevalidate.CaseApproved {
			return ErrTransition
		}
		o := carevalidate.Order{ID: newID(), Status: carevalidate.OrderOrdered, Message: "Order placed", CreatedAt: s.timestamp()}
		fc.orders = append(fc.orders, o)
		sup := Support()
		s.record(fc, carevalidate.EventOrderCreated, nil, nil, &sup, nil, func(pl *carevalidate.Payload) {
			oo := o
			pl.Order = &oo
		})
		name := "prescription-order-" + s.now().UTC().Format("2006-01-02T15:04:05.000-07:00") + ".pdf"
		at := s.addFile(name, syntheticPDF, false, false, &sup)
		fc.c.Attachments = append(fc.c.Attachments, at)
		s.record(fc, carevalidate.EventAddCaseAttachment, nil, &name, &sup, nil, func(pl *carevalidate.Payload) {
			a := at
			s.renderAttachment(&a, s.hookFormat())
			pl.Attachment = &a
		})
		return nil
	})
}

// ShipOrder ships the latest order (ORDER_STATUS_CHANGED to SHIPPED, then
// ORDER_TRACKING_ADDED). An empty trackingID gets a synthetic one.
func (s *Server) ShipOrder(caseID, trackingID string) error {
	return s.step(caseID, func(fc *fakeCase) error {
		if len(fc.orders) == 0 {
			return ErrTransition
		}
		o := &fc.orders[len(fc.orders)-1]
		if trackingID == "" {
			trackingID = fmt.Sprintf("1ZFAKE%012d", s.seq*7919)
		}
		o.Status, o.TrackingID = carevalidate.OrderShipped, trackingID
		s.orderEvent(fc, carevalidate.EventOrderStatusChanged, string(o.Status), *o)
		s.orderEvent(fc, carevalidate.EventOrderTrackingAdded, trackingID, *o)
		return nil
	})
}

// DeliverOrder marks the latest order delivered (ORDER_STATUS_CHANGED).
func (s *Server) DeliverOrder(caseID string) error {
	return s.step(caseID, func(fc *fakeCase) error {
		if len(fc.orders) == 0 || fc.orders[len(fc.orders)-1].Status != carevalidate.OrderShipped {
			return ErrTransition
		}
		o := &fc.orders[len(fc.orders)-1]
		o.Status = carevalidate.OrderDelivered
		s.orderEvent(fc, carevalidate.EventOrderStatusChanged, string(o.Status), *o)
		return nil
	})
}

func (s *Server) orderEvent(fc *fakeCase, ev carevalidate.EventType, after string, o carevalidate.Order) {
	s.record(fc, ev, nil, &after, nil, nil, func(pl *carevalidate.Payload) { pl.Order = &o })
}

// Archive archives a case (ARCHIVE_CASE).
func (s *Server) Archive(caseID string, reason carevalidate.ArchiveReason) error {
	return s.step(caseID, func(fc *fakeCase) error {
		if fc.c.IsArchived {
			return ErrTransition
		}
		fc.c.IsArchived, fc.c.ArchiveReason = true, reason
		sup := Support()
		s.record(fc, carevalidate.EventArchiveCase, nil, p(string(reason)), &sup, nil, nil)
		return nil
	})
}

// AddComment adds a comment from the doctor (ADD_CASE_COMMENT).
func (s *Server) AddComment(caseID, text string) error {
	return s.step(caseID, func(fc *fakeCase) error {
		doc := Doctor()
		c := carevalidate.Comment{ID: newID(), Text: text, CreatedAt: s.timestamp(),
			Author: &carevalidate.CommentAuthor{ID: doc.ID, FirstName: doc.FirstName, LastName: doc.LastName,
				Role: carevalidate.RoleCaseWorker, Title: "MD"}}
		fc.c.Comments = append(fc.c.Comments, c)
		s.record(fc, carevalidate.EventAddCaseComment, nil, nil, &doc, nil, func(pl *carevalidate.Payload) { pl.Comment = &c })
		return nil
	})
}

// Escalate escalates a case (ESCALATE_CASE).
func (s *Server) Escalate(caseID string) error {
	return s.Emit(caseID, carevalidate.EventEscalateCase, nil, nil)
}

// Emit records an activity of any type (an event this SDK does not list,
// ESCALATE_CASE, ...) and sends it.
func (s *Server) Emit(caseID string, event carevalidate.EventType, valueBefore, valueAfter *string) error {
	return s.step(caseID, func(fc *fakeCase) error {
		switch event {
		case carevalidate.EventEscalateCase:
			fc.c.IsEscalated = true
		case carevalidate.EventDeescalateCase:
			fc.c.IsEscalated = false
		}
		s.record(fc, event, valueBefore, valueAfter, nil, nil, nil)
		return nil
	})
}

// RunLifecycle takes an OPEN case through an approved life: a $350
// payment (unless it has one), assignment, review, approval, payment,
// order, shipping, delivery and archiving. Its events are queued for
// delivery in that order; WaitIdle waits for them.
func (s *Server) RunLifecycle(caseID string) error {
	s.mu.Lock()
	fc := s.cases[caseID]
	hasPayment := fc != nil && len(fc.c.Payments) > 0
	s.mu.Unlock()
	if fc == nil {
		return ErrNoCase
	}
	steps := []func() error{
		func() error {
			if hasPayment {
				return nil
			}
			return s.AddPayment(caseID, "350")
		},
		func() error { return s.Assign(caseID) },
		func() error { return s.StartReview(caseID) },
		func() error {
			return s.Decide(caseID, Decision{Medicine: "Semaglutide (synthetic)", Dosage: "Injection 0.25mg", DosingFrequency: "Weekly"})
		},
		func() error { return s.CompletePayment(caseID) },
		func() error { return s.CreateOrder(caseID) },
		func() error { return s.ShipOrder(caseID, "") },
		func() error { return s.DeliverOrder(caseID) },
		func() error { return s.Archive(caseID, carevalidate.ArchiveComplete) },
	}
	for i, st := range steps {
		if err := st(); err != nil {
			return fmt.Errorf("carevalidatetest: lifecycle step %d: %w", i+1, err)
		}
	}
	return nil
}
