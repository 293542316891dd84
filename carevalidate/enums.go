package carevalidate

import "strings"

// EventType names a case-update webhook event (the envelope's "event") and,
// from the same vocabulary, the type of an activity log entry. The set is
// open: CareValidate adds events, and an unknown value decodes and reaches
// your handler like any other (Known reports false).
type EventType string

// The events of the original support article (16).
const (
	EventAddCaseAssignee    EventType = "ADD_CASE_ASSIGNEE"
	EventAddCaseAttachment  EventType = "ADD_CASE_ATTACHMENT"
	EventAddCaseComment     EventType = "ADD_CASE_COMMENT"
	EventAddCaseDecision    EventType = "ADD_CASE_DECISION"
	EventAddFormResponse    EventType = "ADD_FORM_RESPONSE"
	EventArchiveCase        EventType = "ARCHIVE_CASE"
	EventChangeCaseStatus   EventType = "CHANGE_CASE_STATUS"
	EventCreateCase         EventType = "CREATE_CASE"
	EventDeescalateCase     EventType = "DEESCALATE_CASE"
	EventDeleteAttachment   EventType = "DELETE_ATTACHMENT"
	EventEscalateCase       EventType = "ESCALATE_CASE"
	EventPaymentAdded       EventType = "PAYMENT_ADDED"
	EventPaymentCompleted   EventType = "PAYMENT_COMPLETED"
	EventRemoveCaseAssignee EventType = "REMOVE_CASE_ASSIGNEE"
	EventOrderStatusChanged EventType = "ORDER_STATUS_CHANGED"
	EventOrderTrackingAdded EventType = "ORDER_TRACKING_ADDED"
)

// The events added by the newer support article (43 events) and the
// docs.careglp.com event pages.
const (
	EventDeleteCaseComment          EventType = "DELETE_CASE_COMMENT"
	EventDecisionDeleted            EventType = "DECISION_DELETED"
	EventUpdateFormResponse         EventType = "UPDATE_FORM_RESPONSE"
	EventReopenCase                 EventType = "REOPEN_CASE"
	EventImportCase                 EventType = "IMPORT_CASE"
	EventAddPaymentInfoUsingLink    EventType = "ADD_PAYMENT_INFO_USING_LINK"
	EventPaymentInfoLinkSent        EventType = "PAYMENT_INFO_LINK_SENT"
	EventOrderCreated               EventType = "ORDER_CREATED"
	EventAddHRRep                   EventType = "ADD_HR_REP"
	EventRemoveHRRep                EventType = "REMOVE_HR_REP"
	EventCalendarEventCreated       EventType = "CALENDAR_EVENT_CREATED"
	EventCalendarEventCanceled      EventType = "CALENDAR_EVENT_CANCELED"
	EventCalendarEventRescheduled   EventType = "CALENDAR_EVENT_RESCHEDULED"
	EventCalendarEventNoShow        EventType = "CALENDAR_EVENT_NO_SHOW"
	EventCalendarEventNoShowRemoved EventType = "CALENDAR_EVENT_NO_SHOW_REMOVED"
	EventCalendarEventStatusUpdated EventType = "CALENDAR_EVENT_STATUS_UPDATED"
	EventCommentAcknowledged        EventType = "COMMENT_ACKNOWLEDGED"
	EventNoteAcknowledged           EventType = "NOTE_ACKNOWLEDGED"
	EventFollowupEmail              EventType = "FOLLOWUP_EMAIL"
	EventFollowupForm               EventType = "FOLLOWUP_FORM"
	EventInboundEmail               EventType = "INBOUND_EMAIL"
	EventOutboundEmail              EventType = "OUTBOUND_EMAIL"
	EventSMSReceived                EventType = "SMS_RECEIVED"
	EventSMSSent                    EventType = "SMS_SENT"
	EventTextInfo                   EventType = "TEXT_INFO"
	EventSupportNoteAdded           EventType = "SUPPORT_NOTE_ADDED"
	EventSupportNoteCompleted       EventType = "SUPPORT_NOTE_COMPLETED"
	EventSupportNoteUpdated         EventType = "SUPPORT_NOTE_UPDATED"
	EventVisitTypeChanged           EventType = "VISIT_TYPE_CHANGED"
)

// knownEvents is every documented event name.
var knownEvents = map[EventType]struct{}{
	EventAddCaseAssignee: {}, EventAddCaseAttachment: {}, EventAddCaseComment: {}, EventAddCaseDecision: {},
	EventAddFormResponse: {}, EventArchiveCase: {}, EventChangeCaseStatus: {}, EventCreateCase: {},
	EventDeescalateCase: {}, EventDeleteAttachment: {}, EventEscalateCase: {}, EventPaymentAdded: {},
	EventPaymentCompleted: {}, EventRemoveCaseAssignee: {}, EventOrderStatusChanged: {}, EventOrderTrackingAdded: {},
	EventDeleteCaseComment: {}, EventDecisionDeleted: {}, EventUpdateFormResponse: {}, EventReopenCase: {},
	EventImportCase: {}, EventAddPaymentInfoUsingLink: {}, EventPaymentInfoLinkSent: {}, EventOrderCreated: {},
	EventAddHRRep: {}, EventRemoveHRRep: {}, EventCalendarEventCreated: {}, EventCalendarEventCanceled: {},
	EventCalendarEventRescheduled: {}, EventCalendarEventNoShow: {}, EventCalendarEventNoShowRemoved: {},
	EventCalendarEventStatusUpdated: {}, EventCommentAcknowledged: {}, EventNoteAcknowledged: {},
	EventFollowupEmail: {}, EventFollowupForm: {}, EventInboundEmail: {}, EventOutboundEmail: {},
	EventSMSReceived: {}, EventSMSSent: {}, EventTextInfo: {}, EventSupportNoteAdded: {},
	EventSupportNoteCompleted: {}, EventSupportNoteUpdated: {}, EventVisitTypeChanged: {},
}

// Known reports whether t is a documented event name.
func (t EventType) Known() bool { _, ok := knownEvents[t]; return ok }

// EventTypes returns every documented event name, in no particular order.
func EventTypes() []EventType {
	out := make([]EventType, 0, len(knownEvents))
	for t := range knownEvents {
		out = append(out, t)
	}
	return out
}

// CaseStatus is a case's review status.
type CaseStatus string

// Documented case statuses.
const (
	CaseOpen       CaseStatus = "OPEN"
	CaseAssigned   CaseStatus = "ASSIGNED"
	CaseInProgress CaseStatus = "IN_PROGRESS"
	CaseApproved   CaseStatus = "APPROVED"
	CaseRejected   CaseStatus = "REJECTED"
	CaseNoDecision CaseStatus = "NO_DECISION"
	CaseAbandoned  CaseStatus = "ABANDONED"
)

// Known reports whether s is a documented status.
func (s CaseStatus) Known() bool {
	switch s {
	case CaseOpen, CaseAssigned, CaseInProgress, CaseApproved, CaseRejected, CaseNoDecision, CaseAbandoned:
		return true
	}
	return false
}

// Decided reports whether the clinician has closed the review (approved,
// rejected or no decision).
func (s CaseStatus) Decided() bool {
	return s == CaseApproved || s == CaseRejected || s == CaseNoDecision
}

// OrderStatus is a pharmacy order's status.
type OrderStatus string

// Order statuses seen in the documentation (the case-product lifecycle adds
// PENDING, APPROVED, REJECTED and ORDERED).
const (
	OrderPending        OrderStatus = "PENDING"
	OrderApproved       OrderStatus = "APPROVED"
	OrderRejected       OrderStatus = "REJECTED"
	OrderOrdered        OrderStatus = "ORDERED"
	OrderShipped        OrderStatus = "SHIPPED"
	OrderDelivered      OrderStatus = "DELIVERED"
	OrderTransitFailure OrderStatus = "TRANSIT_FAILURE"
	OrderReturned       OrderStatus = "RETURNED"
)

// Known reports whether s is a documented order status.
func (s OrderStatus) Known() bool {
	switch s {
	case OrderPending, OrderApproved, OrderRejected, OrderOrdered, OrderShipped, OrderDelivered,
		OrderTransitFailure, OrderReturned:
		return true
	}
	return false
}

// PaymentStatus is a payment's status.
type PaymentStatus string

// Payment statuses seen in the documentation (others exist).
const (
	PaymentPaid   PaymentStatus = "PAID"
	PaymentUnpaid PaymentStatus = "UNPAID"
)

// Known reports whether s is a documented payment status.
func (s PaymentStatus) Known() bool { return s == PaymentPaid || s == PaymentUnpaid }

// Gender is a patient's gender as CareValidate records it.
type Gender string

// Documented genders.
const (
	GenderMale   Gender = "MALE"
	GenderFemale Gender = "FEMALE"
	GenderOther  Gender = "OTHER"
)

// Known reports whether g is a documented value.
func (g Gender) Known() bool { return g == GenderMale || g == GenderFemale || g == GenderOther }

// QuestionType is a form question's type.
type QuestionType string

// Question types seen in the documentation (requests also use lower case:
// "text", "file", "multiselect").
const (
	QuestionText         QuestionType = "TEXT"
	QuestionSingleSelect QuestionType = "SINGLESELECT"
	QuestionMultiSelect  QuestionType = "MULTISELECT"
	QuestionDate         QuestionType = "DATE"
	QuestionFile         QuestionType = "FILE"
)

// Known reports whether t is a documented type (case-insensitively).
func (t QuestionType) Known() bool {
	switch QuestionType(strings.ToUpper(string(t))) {
	case QuestionText, QuestionSingleSelect, QuestionMultiSelect, QuestionDate, QuestionFile:
		return true
	}
	return false
}

// VisitType is how a decision's visit took place.
type VisitType string

// Documented visit types.
const (
	VisitNoShow         VisitType = "NO_SHOW"
	VisitAsyncTextEmail VisitType = "ASYNC_TEXT_EMAIL"
	VisitSyncVideo      VisitType = "SYNC_VIDEO"
	VisitSyncPhone      VisitType = "SYNC_PHONE"
	VisitOrderForm      VisitType = "ORDER_FORM"
)

// Known reports whether v is a documented visit type.
func (v VisitType) Known() bool {
	switch v {
	case VisitNoShow, VisitAsyncTextEmail, VisitSyncVideo, VisitSyncPhone, VisitOrderForm:
		return true
	}
	return false
}

// ArchiveReason says why a case was archived.
type ArchiveReason string

// Documented archive reasons.
const (
	ArchiveComplete   ArchiveReason = "COMPLETE"
	ArchiveIneligible ArchiveReason = "INELIGIBLE"
)

// Known reports whether r is a documented reason.
func (r ArchiveReason) Known() bool { return r == ArchiveComplete || r == ArchiveIneligible }

// Role is a comment author's role.
type Role string

// Documented roles (comment authors; organizationAccess adds the TPA roles).
const (
	RoleUser        Role = "USER"
	RoleCaseManager Role = "CASEMANAGER"
	RoleCaseWorker  Role = "CASEWORKER"
	RoleAdmin       Role = "ADMIN"
	RoleCVAdmin     Role = "CVADMIN"
	RoleCVTPA       Role = "CVTPA"
	RoleTPASupport  Role = "TPASUPPORT"
	RoleTPAMedical  Role = "TPAMEDICAL"
	RoleTPALegal    Role = "TPALEGAL"
)

// Known reports whether r is a documented role.
func (r Role) Known() bool {
	switch r {
	case RoleUser, RoleCaseManager, RoleCaseWorker, RoleAdmin, RoleCVAdmin, RoleCVTPA,
		RoleTPASupport, RoleTPAMedical, RoleTPALegal:
		return true
	}
	return false
}

// DocumentFormat selects how attachments are delivered: inline base64
// content, or a signed URL valid for 15 minutes.
type DocumentFormat string

// Document formats. The REST API takes the lower-case values; the webhook
// settings page names them BASE64 and URL.
const (
	DocumentBase64 DocumentFormat = "base64"
	DocumentURL    DocumentFormat = "url"
)

// Known reports whether f is a documented format (case-insensitively).
func (f DocumentFormat) Known() bool {
	switch DocumentFormat(strings.ToLower(string(f))) {
	case DocumentBase64, DocumentURL:
		return true
	}
	return false
}

// ProviderReferenceType says what a case payment's providerReference is.
type ProviderReferenceType string

// Documented provider reference types (Stripe objects).
const (
	ReferenceSetupIntent   ProviderReferenceType = "SETUP_INTENT"
	ReferencePaymentIntent ProviderReferenceType = "PAYMENT_INTENT"
	ReferencePaymentToken  ProviderReferenceType = "PAYMENT_TOKEN"
)

// Known reports whether t is a documented type.
func (t ProviderReferenceType) Known() bool {
	return t == ReferenceSetupIntent || t == ReferencePaymentIntent || t == ReferencePaymentToken
}
