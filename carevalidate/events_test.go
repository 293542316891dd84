package carevalidate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "carevalidate", name))
	require.NoError(t, err)
	return b
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

func str(s string) *string { return &s }

// assertSpecCase checks every field of the spec example's payload.case.
func assertSpecCase(t *testing.T, c *Case) {
	t.Helper()
	require.NotNil(t, c)
	assert.Equal(t, "a265d7a3-d9e2-48b5-b46b-b91e15f9b515", c.ID)
	assert.Equal(t, "GLP", c.Type)
	assert.Equal(t, "Case for Chris 2024-08-22 Ordering", c.Title)
	assert.Equal(t, CaseApproved, c.Status)
	assert.True(t, c.Status.Known())
	assert.Equal(t, "ADA-TOSXM", c.ShortID)
	assert.True(t, c.CreatedAt.Equal(ts("2024-08-22T18:24:53.118Z")))
	assert.True(t, c.UpdatedAt.Equal(ts("2024-08-22T19:34:47.843Z")))
	assert.True(t, c.AssignedAt.Equal(ts("2024-08-22T18:28:02.579Z")))
	assert.True(t, c.InProgressAt.Equal(ts("2024-08-22T18:51:15.233Z")))
	assert.True(t, c.ClosedAt.Equal(ts("2024-08-22T19:34:47.842Z")))
	assert.False(t, c.IsArchived)
	assert.False(t, c.IsEscalated)
	assert.False(t, c.IsImported)
	assert.Nil(t, c.ReferralCode)
	assert.True(t, c.IsClosed())
	require.NotNil(t, c.ProductBundle)
	assert.Equal(t, ProductBundle{Name: "Wegovy Bundle"}, *c.ProductBundle)
	doctor := Person{ID: "o57NMEFpTKQzmCn5um56fJv6Lfy2", FirstName: "Chris", LastName: "TPA Medical"}
	support := Person{ID: "W6ZflkLk9oUQFYNEypUlqIeLlQW2", FirstName: "Chris", LastName: "ExampleMan"}
	patient := Person{ID: "y1fovBDTWzTZUnHBdrCMM3GkU663", FirstName: "Chris", LastName: "2024-08-22 Ordering"}
	assert.Equal(t, &doctor, c.AssignedTo)
	assert.Equal(t, &doctor, c.HRRep)
	assert.Equal(t, &support, c.AssignedBy)
	assert.Equal(t, []Assignee{{Assignee: doctor}}, c.Assignees)

	s := c.Submitter
	require.NotNil(t, s)
	assert.Equal(t, "y1fovBDTWzTZUnHBdrCMM3GkU663", s.ID)
	assert.Equal(t, "Chris", s.FirstName)
	assert.Equal(t, "2024-08-22 Ordering", s.LastName)
	assert.Equal(t, "chris.ExampleMan+2024-08-22-ordering@carevalidate.com", s.Email)
	assert.True(t, s.DOB.Equal(rxbridge.NewDate(2000, time.May, 30)), "dob %v", s.DOB)
	assert.Equal(t, GenderMale, s.Gender)
	assert.Equal(t, "2258675309", s.PhoneNumber)
	assert.Equal(t, "93492 Peachtree Dr.", s.Address)
	assert.Equal(t, "Baton Rouge", s.City)
	assert.Equal(t, "LA", s.State)
	assert.Equal(t, "70360", s.PostalCode)

	// Activity: 15 entries, types in order, the fields of a few in full.
	require.Len(t, c.Activity, 15)
	wantTypes := []EventType{EventCreateCase, EventPaymentAdded, EventChangeCaseStatus, EventChangeCaseStatus,
		EventChangeCaseStatus, EventAddCaseDecision, EventFollowupEmail, EventPaymentCompleted, EventOrderCreated,
		EventAddCaseAttachment, EventOrderStatusChanged, EventOrderTrackingAdded, EventOrderStatusChanged,
		EventOrderStatusChanged, EventOrderStatusChanged}
	for i, a := range c.Activity {
		assert.Equal(t, wantTypes[i], a.Type, "activity %d", i)
		assert.True(t, a.Type.Known())
		assert.NotEmpty(t, a.ID)
		assert.True(t, a.Timestamp.Valid())
		assert.False(t, a.IsPHI)
		assert.False(t, a.IsRestricted)
	}
	a2 := c.Activity[2]
	assert.Equal(t, "d728da8e-60cd-4905-a02b-236ce0a994c2", a2.ID)
	assert.True(t, a2.Timestamp.Equal(ts("2024-08-22T18:28:02.579Z")))
	assert.Equal(t, str("OPEN"), a2.ValueBefore)
	assert.Equal(t, str("ASSIGNED"), a2.ValueAfter)
	assert.Equal(t, &support, a2.Actor)
	assert.Equal(t, &doctor, a2.TargetUser)
	assert.Equal(t, "OPEN", a2.Before())
	assert.Equal(t, "ASSIGNED", a2.After())
	a0 := c.Activity[0]
	assert.Nil(t, a0.ValueBefore)
	assert.Nil(t, a0.ValueAfter)
	assert.Equal(t, "", a0.Before())
	assert.Equal(t, &patient, a0.Actor)
	assert.Nil(t, a0.TargetUser)
	assert.Nil(t, c.Activity[6].Actor, "FOLLOWUP_EMAIL has a null actor")
	assert.Equal(t, str("$350.00"), c.Activity[1].ValueAfter)
	assert.Equal(t, str("1Z73W7720197837423"), c.Activity[11].ValueAfter)
	assert.Equal(t, str("RETURNED"), c.Activity[14].ValueAfter)

	require.Len(t, c.Decisions, 1)
	d := c.Decisions[0]
	assert.Equal(t, "598d9070-943f-41d3-b9c5-560b36536074", d.ID)
	assert.True(t, d.IsApproved)
	assert.False(t, d.IsNoDecision)
	assert.True(t, d.StartDate.Equal(ts("2024-08-22T00:00:00.000Z")))
	assert.True(t, d.EndDate.Equal(ts("2024-07-18T00:00:00.000Z")), "the example's end is before its start: kept as sent")
	assert.Equal(t, "", d.DecisionText)
	assert.Nil(t, d.Category)
	assert.True(t, d.Cost.IsZero(), "cost is null")
	assert.True(t, d.CreatedAt.Equal(ts("2024-08-22T19:34:48.344Z")))
	assert.False(t, d.IsPaid)
	assert.Equal(t, []MedInfo{{ID: "c53fd5f0-5bab-47d5-9a5e-3df2e95ad273", Medicine: "Saxenda", Dosage: "Injection 0.6mg",
		RefillCount: 0, PharmacyInstructions: "", DosingFrequency: "Daily"}}, d.Medicines())
	assert.Equal(t, &Clinician{ID: doctor.ID, FirstName: doctor.FirstName, LastName: doctor.LastName}, d.AddedBy)

	require.NotNil(t, c.Comments, "an empty list is kept as empty, not absent")
	assert.Empty(t, c.Comments)
	require.NotNil(t, c.Notes)
	assert.Empty(t, c.Notes)

	require.Len(t, c.Payments, 1)
	assertSpecPayment(t, &c.Payments[0], false)

	require.Len(t, c.Attachments, 1)
	at := c.Attachments[0]
	assert.Equal(t, "2e5e6304-c565-4d87-b1a6-8ecfe04ccf1f", at.ID)
	assert.False(t, at.IsRestricted)
	assert.False(t, at.IsPHI)
	assert.Equal(t, "prescription-order-2024-08-22T20:18:21.297+00:00.pdf", at.FileName)
	assert.False(t, at.IsDeleted)
	assert.True(t, at.CreatedAt.Equal(ts("2024-08-22T20:18:22.317Z")))
	assert.Equal(t, &Person{FirstName: "Chris", LastName: "ExampleMan"}, at.UploadedBy)
	assert.Equal(t, "JVBERi0xLjMKJf////8KOS...", at.Content)
	assert.Empty(t, at.URL)

	assert.Equal(t, "o57NMEFpTKQzmCn5um56fJv6Lfy2", c.ClosedBy)
	assert.Equal(t, "o57NMEFpTKQzmCn5um56fJv6Lfy2", c.InProgressBy)

	require.Len(t, c.Responses, 1)
	fr := c.Responses[0]
	assert.Equal(t, "f4d430c8-7e11-4374-9d4e-369a7038e127", fr.ID)
	assert.False(t, fr.IsDraft)
	assert.Equal(t, &FormRef{ID: "18dc40ed-9885-494d-bea9-12fccb06049b", Name: "GLP Weight Loss Intake Form"}, fr.Form)
	require.Len(t, fr.Responses, 2)
	q1 := fr.Responses[0]
	assert.Equal(t, "bf7ccf24-a608-417e-a6f9-3b4706bf7324", q1.ID)
	assert.False(t, q1.IsArchived)
	assert.Equal(t, &FormQuestion{Index: 1, Type: QuestionSingleSelect, Text: "What was your gender at birth?",
		Options: []Text{"Male", "Female", "Other"}}, q1.Question)
	assert.Equal(t, Text("Male"), q1.Text)
	assert.True(t, q1.CreatedAt.Equal(ts("2024-08-22T18:24:53.118Z")))
	assert.Equal(t, &patient, q1.Respondent)
	q2 := fr.Responses[1]
	assert.Equal(t, &FormQuestion{Index: 2, Type: QuestionDate, Text: "What is your date of birth?", Options: []Text{}, Required: true}, q2.Question)
	assert.Equal(t, Text("2024/06/05"), q2.Text)

	assert.Equal(t, []Answer{
		{FormID: "18dc40ed-9885-494d-bea9-12fccb06049b", FormName: "GLP Weight Loss Intake Form", Index: 1,
			Question: "What was your gender at birth?", Type: QuestionSingleSelect, Options: []Text{"Male", "Female", "Other"}, Answer: "Male"},
		{FormID: "18dc40ed-9885-494d-bea9-12fccb06049b", FormName: "GLP Weight Loss Intake Form", Index: 2,
			Question: "What is your date of birth?", Type: QuestionDate, Options: []Text{}, Answer: "2024/06/05"},
	}, c.Answers())
}

func assertSpecPayment(t *testing.T, p *Payment, _ bool) {
	t.Helper()
	assert.Equal(t, "d3f6a0b2-eeda-4586-9bab-ec12c2f7b980", p.ID)
	assert.False(t, p.IsDeleted)
	assert.Equal(t, "Initial payment for 'Wegovy Bundle'", p.Description)
	cents, ok := p.Amount.Cents()
	assert.True(t, ok)
	assert.Equal(t, int64(35000), cents, "amount arrives as the string \"350\"")
	assert.Equal(t, PaymentPaid, p.Status)
	assert.True(t, p.DueDate.Equal(ts("2024-08-22T18:24:56.692Z")))
	assert.True(t, p.PaymentDate.Equal(ts("2024-07-11T16:48:05.000Z")))
	assert.False(t, p.CancellationDate.Valid())
	assert.True(t, p.CancellationDate.IsNull())
	assert.False(t, p.IsScheduled)
	assert.Nil(t, p.SchedulePosition)
	assert.False(t, p.IsAutoCreated)
	assert.True(t, p.CreatedAt.Equal(ts("2024-08-22T18:24:56.692Z")))
	assert.True(t, p.UpdatedAt.Equal(ts("2024-07-11T16:48:06.615Z")))
	assert.Equal(t, &Person{ID: "y1fovBDTWzTZUnHBdrCMM3GkU663", FirstName: "Chris", LastName: "2024-08-22 Ordering",
		Email: "chris.ExampleMan+2024-08-22-ordering@carevalidate.com"}, p.CreatedBy)
}

func assertSpecEnvelope(t *testing.T, ev *Event) {
	t.Helper()
	assert.Equal(t, EventOrderTrackingAdded, ev.Type())
	assert.True(t, ev.Type().Known())
	assertSpecCase(t, ev.Payload.Case)
	assert.Equal(t, ev.Payload.Case, ev.Case())
	assert.Equal(t, "a265d7a3-d9e2-48b5-b46b-b91e15f9b515", ev.CaseID())

	a := ev.Payload.Activity
	require.NotNil(t, a)
	assert.Equal(t, "26b44dbd-34c2-42d0-a037-3e99cedb7c89", a.ID)
	assert.Equal(t, EventPaymentCompleted, a.Type)
	assert.True(t, a.Timestamp.Equal(ts("2024-07-11T16:48:05.000Z")))
	assert.Nil(t, a.ValueBefore)
	assert.Equal(t, str("A $350.00 USD payment was processed using a visa ending in 4242"), a.ValueAfter)
	assert.Equal(t, &Person{ID: "W6ZflkLk9oUQFYNEypUlqIeLlQW2", FirstName: "Chris", LastName: "ExampleMan",
		Email: "chris.ExampleMan@carevalidate.com"}, a.Actor)
	assert.Nil(t, a.TargetUser)
	assert.Equal(t, "ORDER_TRACKING_ADDED:26b44dbd-34c2-42d0-a037-3e99cedb7c89", ev.ID())

	require.NotNil(t, ev.Payload.Payment)
	assertSpecPayment(t, ev.Payload.Payment, true)
	assert.Len(t, ev.Answers(), 2)
	assert.Empty(t, ev.Comments())
}

func TestSpecExampleOrderTopLevel(t *testing.T) {
	raw := fixture(t, "case-update-order-top-level.json")
	ev, err := ParseEvent(raw)
	require.NoError(t, err)
	assertSpecEnvelope(t, ev)
	assert.Nil(t, ev.Payload.Order)
	require.NotNil(t, ev.TopLevelOrder)
	o := ev.Order()
	assert.Same(t, ev.TopLevelOrder, o)
	assert.Equal(t, "934c3044-096e-4abc-a67f-16eca9890543", o.ID)
	assert.Equal(t, OrderShipped, o.Status)
	assert.Equal(t, "1Z73W7720197837423", o.TrackingID)
	assert.Equal(t, "msg", o.Message)
	assert.True(t, o.CreatedAt.Equal(ts("2024-08-22T14:39:55.927Z")))
	assert.Equal(t, raw, ev.Raw())
}

func TestSpecExampleOrderInPayload(t *testing.T) {
	ev, err := ParseEvent(fixture(t, "case-update-order-in-payload.json"))
	require.NoError(t, err)
	assertSpecEnvelope(t, ev)
	assert.Nil(t, ev.TopLevelOrder)
	o := ev.Order()
	require.NotNil(t, o)
	assert.Same(t, ev.Payload.Order, o)
	assert.Equal(t, Order{ID: "1b266eaf-d282-4831-9d3c-572265b28394", Status: OrderShipped, TrackingID: "1Z73W7724497173000",
		Message: "Test", CreatedAt: o.CreatedAt}, *o)
	assert.True(t, o.CreatedAt.Equal(ts("2024-11-06T14:56:35.749Z")))
}

func TestSpecExamplesRoundTrip(t *testing.T) {
	for _, name := range []string{"case-update-order-top-level.json", "case-update-order-in-payload.json"} {
		t.Run(name, func(t *testing.T) {
			raw := fixture(t, name)
			ev, err := ParseEvent(raw)
			require.NoError(t, err)
			out, err := json.Marshal(ev)
			require.NoError(t, err)
			assert.JSONEq(t, string(raw), string(out))
			// And a second pass is stable.
			ev2, err := ParseEvent(out)
			require.NoError(t, err)
			out2, err := json.Marshal(ev2)
			require.NoError(t, err)
			assert.Equal(t, string(out), string(out2))
		})
	}
}

func TestEventOnlyCommentsObject(t *testing.T) {
	ev, err := ParseEvent(fixture(t, "event-only-add-case-comment.json"))
	require.NoError(t, err)
	assert.Equal(t, EventAddCaseComment, ev.Type())
	c := ev.Case()
	require.NotNil(t, c)
	assert.Equal(t, CaseInProgress, c.Status)
	assert.Nil(t, c.Activity, "event-only: no activity list")
	assert.Nil(t, c.Submitter)
	assert.False(t, c.ClosedAt.Valid())
	assert.False(t, c.IsClosed())
	assert.Empty(t, c.Answers())
	cs := ev.Comments()
	require.Len(t, cs, 1, "\"comments\" sent as one object")
	cm := cs[0]
	assert.Equal(t, "Synthetic comment text", cm.Text)
	require.NotNil(t, cm.Author)
	assert.Equal(t, RoleCaseWorker, cm.Author.Role)
	assert.Equal(t, []OrganizationAccess{{Role: RoleTPAMedical}}, cm.Author.OrganizationAccess)
	assert.Equal(t, "", cm.Author.DEA)
	require.Len(t, cm.Attachments, 1)
	at := cm.Attachments[0]
	assert.True(t, at.IsPHI)
	assert.Contains(t, at.URL, "https://storage.example.com/signed/")
	_, err = at.Bytes()
	assert.ErrorIs(t, err, ErrNoContent)
	assert.Equal(t, "ADD_CASE_COMMENT:a0000000-0000-4000-8000-000000000010", ev.ID())
}

func TestEventOnlyPaymentNumericAmountAndNulls(t *testing.T) {
	ev, err := ParseEvent(fixture(t, "event-only-payment-added.json"))
	require.NoError(t, err)
	c := ev.Case()
	require.NotNil(t, c)
	assert.Nil(t, c.AssignedTo)
	assert.Nil(t, c.ProductBundle)
	assert.True(t, c.ClosedAt.IsNull())
	p := ev.Payload.Payment
	require.NotNil(t, p)
	cents, ok := p.Amount.Cents()
	require.True(t, ok)
	assert.Equal(t, int64(14999), cents, "amount as a JSON number")
	f, _ := p.Amount.Float64()
	assert.InDelta(t, 149.99, f, 1e-9)
	assert.Equal(t, PaymentUnpaid, p.Status)
	require.NotNil(t, p.SchedulePosition)
	assert.Equal(t, 2, *p.SchedulePosition)
	assert.True(t, p.IsScheduled)
	assert.True(t, p.PaymentDate.IsNull())
	assert.True(t, p.UpdatedAt.IsNull())
	assert.Nil(t, p.CreatedBy)
	cs := ev.Comments()
	require.Len(t, cs, 1, "the singular \"comment\" key")
	assert.True(t, cs[0].IsRestricted)
	assert.Equal(t, "$149.99", ev.Payload.Activity.After())

	out, err := json.Marshal(ev)
	require.NoError(t, err)
	var back map[string]any
	require.NoError(t, json.Unmarshal(out, &back))
	pay := back["payload"].(map[string]any)["payment"].(map[string]any)
	assert.Equal(t, 149.99, pay["amount"], "a numeric amount stays a number")
}

func TestAddFormResponseEvent(t *testing.T) {
	ev, err := ParseEvent(fixture(t, "event-only-add-form-response.json"))
	require.NoError(t, err)
	ans := ev.Answers()
	require.Len(t, ans, 1)
	a := ans[0]
	assert.Equal(t, "Synthetic Follow-up Form", a.FormName)
	assert.Equal(t, 3, a.Index)
	assert.Equal(t, QuestionMultiSelect, a.Type)
	assert.Equal(t, "Which synthetic options apply?", a.Question)
	assert.Equal(t, []Text{"Alpha", "Beta", "7"}, a.Options, "a non-string option is kept as its JSON text")
	assert.Equal(t, Text(`["Alpha", "Beta"]`), a.Answer, "a list answer is kept as its JSON text")
	assert.True(t, a.IsPHI)
	assert.Equal(t, "Synthetic Follow-up Form", ev.Payload.Form.Name)
	assert.Equal(t, "Synthetic", ev.Payload.Form.Description)
}

func TestUnknownEventDecodes(t *testing.T) {
	ev, err := ParseEvent(fixture(t, "unknown-event.json"))
	require.NoError(t, err)
	assert.Equal(t, EventType("CASE_PRODUCT_STATUS_CHANGED"), ev.Type())
	assert.False(t, ev.Type().Known())
	raw, ok := ev.PayloadField("caseProduct")
	require.True(t, ok)
	assert.JSONEq(t, `{"id":"p0000000-0000-4000-8000-000000000060","status":"ORDERED"}`, string(raw))
	_, ok = ev.PayloadField("nothing")
	assert.False(t, ok)
	assert.Equal(t, "APPROVED", ev.Payload.Activity.Before())
}

func TestParseEventRejects(t *testing.T) {
	for name, body := range map[string]string{
		"not JSON":        `{"event":`,
		"no event":        `{"payload":{}}`,
		"empty":           ``,
		"array":           `[]`,
		"event not text":  `{"event":{"x":1},"payload":{}}`,
		"case not object": `{"event":"CREATE_CASE","payload":{"case":[1,2]}}`,
	} {
		_, err := ParseEvent([]byte(body))
		assert.ErrorIs(t, err, ErrWebhookMalformed, name)
	}
}

func TestParseEventErrorQuotesNothing(t *testing.T) {
	_, err := ParseEvent([]byte(`{"event":"X","payload":{"case":{"submitter":{"firstName":5551234567}}}}`))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "5551234567")
	assert.Contains(t, err.Error(), "firstName")
}

func TestEventIDFallsBackToBodyHash(t *testing.T) {
	a, err := ParseEvent([]byte(`{"event":"CREATE_CASE","payload":{"case":{"id":"c1"}}}`))
	require.NoError(t, err)
	b, err := ParseEvent([]byte(`{"event":"CREATE_CASE","payload":{"case":{"id":"c2"}}}`))
	require.NoError(t, err)
	assert.Regexp(t, `^sha256:[0-9a-f]{64}$`, a.ID())
	assert.NotEqual(t, a.ID(), b.ID(), "distinct deliveries never collapse")
	assert.Equal(t, "", NewEvent(EventCreateCase, Payload{}).ID())
	assert.Equal(t, "c1", a.CaseID())
}

func TestAttachmentBytes(t *testing.T) {
	for _, s := range []string{"aGVsbG8=", "aGVsbG8", "aGVs\nbG8=", "data:application/pdf;base64,aGVsbG8="} {
		b, err := (&Attachment{Content: s}).Bytes()
		require.NoError(t, err, s)
		assert.Equal(t, "hello", string(b))
	}
	_, err := (&Attachment{Content: "JVBERi0xLjMKJf////8KOS..."}).Bytes()
	assert.Error(t, err, "the spec's truncated example is not valid base64")
}

func TestEnumsKnown(t *testing.T) {
	assert.Len(t, EventTypes(), 45)
	for _, e := range []EventType{"ADD_CASE_ASSIGNEE", "ADD_CASE_ATTACHMENT", "ADD_CASE_COMMENT", "ADD_CASE_DECISION",
		"ADD_FORM_RESPONSE", "ARCHIVE_CASE", "CHANGE_CASE_STATUS", "CREATE_CASE", "DEESCALATE_CASE", "DELETE_ATTACHMENT",
		"ESCALATE_CASE", "PAYMENT_ADDED", "PAYMENT_COMPLETED", "REMOVE_CASE_ASSIGNEE", "ORDER_STATUS_CHANGED",
		"ORDER_TRACKING_ADDED"} {
		assert.True(t, e.Known(), "the spec's %s", e)
	}
	assert.False(t, EventType("NEW_THING").Known())
	assert.True(t, QuestionType("multiselect").Known())
	assert.True(t, DocumentFormat("BASE64").Known())
	assert.False(t, CaseStatus("CLOSED").Known())
	assert.True(t, CaseRejected.Decided())
	assert.False(t, CaseInProgress.Decided())
}
