package carevalidate

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/internal/lenient"
)

// actionAddCommunication is the case action that adds a comment.
const actionAddCommunication = "ADD_COMMUNICATION"

// NewComment is a comment (or, with IsRestricted, an internal note) to add
// to a case, with optional attachments. Text and attachments are PHI.
type NewComment struct {
	Text string `json:"text"`
	// IsRestricted makes the comment internal-only.
	IsRestricted bool `json:"isRestricted"`
	// WebhookNotify false stops CareValidate from sending your own comment
	// back to you as an ADD_CASE_COMMENT event (default true):
	// rxbridge.Ptr(false).
	WebhookNotify *bool `json:"webhookNotify,omitempty"`
	// Author is who wrote it (Email required).
	Author      CommentAuthorRef `json:"author"`
	Attachments []NewAttachment  `json:"attachments,omitempty"`
}

// CommentAuthorRef identifies a comment's author.
type CommentAuthorRef struct {
	Email     string `json:"email"`
	FirstName string `json:"firstName,omitempty"`
	LastName  string `json:"lastName,omitempty"`
}

// NewAttachment is a file attached to a new comment. Content holds the raw
// bytes; they travel base64-encoded.
type NewAttachment struct {
	FileName string `json:"fileName"`
	Content  []byte `json:"content"`
	// IsRestricted makes the file internal-only; set IsPHI for documents
	// about the patient.
	IsRestricted bool `json:"isRestricted"`
	IsPHI        bool `json:"isPHI"`
}

type caseAction struct {
	Action        string      `json:"action"`
	Communication *NewComment `json:"communication"`
}

// CommentResult is what CareValidate answered to a comment. Its success
// body is not in the public documentation: CommentID is read from "id",
// "data.id", "comment.id" or "communication.id" when present.
type CommentResult struct {
	CommentID string
	// Raw is the success body (it may contain PHI).
	Raw json.RawMessage
}

type commentResponse struct {
	envelope
	ID            lenient.String `json:"id"`
	Data          idObj          `json:"data"`
	Comment       idObj          `json:"comment"`
	Communication idObj          `json:"communication"`
}

// idObj reads the "id" of an object, and ignores anything else.
type idObj struct {
	ID string
}

// UnmarshalJSON implements json.Unmarshaler; it never fails.
func (o *idObj) UnmarshalJSON(b []byte) error {
	var v struct {
		ID lenient.String `json:"id"`
	}
	if jsoncodec.UnmarshalValid(b, &v) == nil {
		o.ID = string(v.ID)
	}
	return nil
}

// AddComment adds a comment with optional attachments to a case (POST
// /api/v1/cases/{caseId}, action ADD_COMMUNICATION). It is never repeated
// once it may have reached CareValidate: a lost response, a redirect, or a
// 2xx that neither says success:true nor carries the comment's id gives
// ErrOutcomeUnknown (check the case's comments with GetCase).
func (c *Client) AddComment(ctx context.Context, caseID string, comment *NewComment) (*CommentResult, error) {
	const op = "AddComment"
	switch {
	case strings.TrimSpace(caseID) == "":
		return nil, invalidArg(op, "caseID is empty")
	case strings.ContainsAny(caseID, "/\\?#") || caseID == "." || caseID == "..":
		return nil, invalidArg(op, "caseID contains a path character")
	case comment == nil:
		return nil, invalidArg(op, "nil comment")
	case strings.TrimSpace(comment.Text) == "":
		return nil, invalidArg(op, "Text is required")
	case strings.TrimSpace(comment.Author.Email) == "":
		return nil, invalidArg(op, "Author.Email is required")
	}
	for i := range comment.Attachments {
		a := &comment.Attachments[i]
		if a.FileName == "" || len(a.Content) == 0 {
			return nil, invalidArg(op, fmt.Sprintf("Attachments[%d] needs FileName and Content", i))
		}
	}
	body, err := jsonBody(op, caseAction{Action: actionAddCommunication, Communication: comment})
	if err != nil {
		return nil, err
	}
	var out commentResponse
	resp, err := c.call(ctx, &httpx.Request{Op: op, Method: http.MethodPost, Route: routeCaseAction,
		PathParams: []string{caseID}, Body: body, Idempotency: httpx.NotIdempotent}, &out)
	if err != nil {
		return nil, err
	}
	res := &CommentResult{CommentID: string(out.ID)}
	for _, id := range []string{out.Data.ID, out.Comment.ID, out.Communication.ID} {
		if res.CommentID == "" {
			res.CommentID = id
		}
	}
	if len(resp.Body) > 0 {
		res.Raw = append(json.RawMessage(nil), resp.Body...)
	}
	return res, nil
}
