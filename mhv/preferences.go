package mhv

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// emailPreference is the body of preferences/email.
type emailPreference struct {
	EmailAddress string `json:"emailAddress"`
}

// rxPreference is the body of preferences/rx.
type rxPreference struct {
	Flag bool `json:"flag"`
}

// NotificationEmail returns the email address MHV sends the veteran's
// notifications to (preferences/email; usermgmt/notification/email on the
// gateway). It is the veteran's personal data: do not log it.
func (u *User) NotificationEmail(ctx context.Context) (string, error) {
	var out emailPreference
	if err := u.get(ctx, "NotificationEmail", u.routes().email, nil, expectEmail, &out); err != nil {
		return "", err
	}
	return out.EmailAddress, nil
}

// SetNotificationEmail sets the address of the veteran's notifications.
// MHV refuses an address with spaces (errorCode 157: ErrInvalidEmail).
// Setting the same value twice is harmless, so the call is retried like a
// read.
func (u *User) SetNotificationEmail(ctx context.Context, email string) error {
	email = strings.TrimSpace(email)
	if email == "" || !strings.Contains(email, "@") {
		return apierr.Input("mhv", "SetNotificationEmail", "not an email address")
	}
	body, err := json.Marshal(emailPreference{EmailAddress: email})
	if err != nil {
		return err
	}
	_, err = u.send(ctx, &httpx.Request{Op: "SetNotificationEmail", Method: http.MethodPost,
		Route: u.routes().email, Body: body, Idempotency: httpx.Idempotent})
	return err
}

// RxNotifications reports whether the veteran gets prescription
// notifications (preferences/rx; usermgmt/notification/rx on the gateway).
func (u *User) RxNotifications(ctx context.Context) (bool, error) {
	var out rxPreference
	if err := u.get(ctx, "RxNotifications", u.routes().rxPreference, nil, expectRxPreference, &out); err != nil {
		return false, err
	}
	return out.Flag, nil
}

// SetRxNotifications turns the veteran's prescription notifications on or
// off. Setting the same value twice is harmless, so the call is retried
// like a read.
func (u *User) SetRxNotifications(ctx context.Context, on bool) error {
	body := []byte(`{"flag":false}`)
	if on {
		body = []byte(`{"flag":true}`)
	}
	_, err := u.send(ctx, &httpx.Request{Op: "SetRxNotifications", Method: http.MethodPost,
		Route: u.routes().rxPreference, Body: body, Idempotency: httpx.Idempotent})
	return err
}
