package rxbridge

import (
	"strconv"
	"strings"
)

// APIError is what every provider's *Error has: where the error came from
// (provider, operation, method, route template), the HTTP status, the
// provider's code and its documented meaning, the request id and the
// attempt count. Each provider's Error type embeds it, so these fields and
// the Error method are the provider error's own (e.HTTPStatus, e.Code).
//
// Error() is built only from those fields and a fixed meaning text. The
// upstream's own message is kept in Message for programs to inspect, but it
// is never part of Error(), because upstream messages can echo what was sent
// (names, ids, dates of birth) and error strings end up in logs.
type APIError struct {
	// Provider is the package that produced the error ("mhv").
	Provider string
	// Op is the SDK operation ("RefillPrescription").
	Op string
	// Method and Route are the HTTP method and path template
	// ("prescription/rxrefill/{id}"); the filled path is never kept.
	Method string
	Route  string
	// HTTPStatus is the response status (0 when the error was found in a
	// 2xx body, such as a CVS statusCode other than 0000 under HTTP 200).
	HTTPStatus int
	// Code is the provider's error code as text ("110", "1001",
	// "prescription_message_already_linked"); empty when none was sent.
	Code string
	// Meaning is the documented meaning of Code, from the provider's spec.
	// It is fixed SDK text and safe to log.
	Meaning string
	// Message is the upstream's human-readable message. It may repeat
	// details of the request, so treat it as PHI: it is not in Error().
	Message string
	// RequestID is the upstream's request/correlation id, when sent.
	RequestID string
	// Attempts is how many attempts were made, including any that failed
	// before the request left.
	Attempts int
	// ContentType is the response's Content-Type (useful when a gateway
	// answered with an HTML page instead of the API).
	ContentType string
}

// Error returns "provider: Op METHOD route: HTTP 400: code 110 (meaning)
// [request id X, 2 attempts]". It never contains a body, a header value, a
// query string, a filled path, a token or the upstream's message.
func (b *APIError) Error() string {
	if b == nil {
		return "rxbridge: nil *APIError"
	}
	var s strings.Builder
	s.Grow(128)
	s.WriteString(b.Provider)
	s.WriteString(": ")
	s.WriteString(where(b.Op, b.Method, b.Route))
	if b.HTTPStatus != 0 {
		s.WriteString(": HTTP ")
		s.WriteString(strconv.Itoa(b.HTTPStatus))
	}
	if b.Code != "" {
		s.WriteString(": code ")
		s.WriteString(safeToken(b.Code))
	}
	if b.Meaning != "" {
		s.WriteString(" (")
		s.WriteString(b.Meaning)
		s.WriteByte(')')
	} else if b.Code == "" && b.HTTPStatus != 0 {
		if ct := b.ContentType; ct != "" && !strings.Contains(ct, "json") {
			s.WriteString(" (non-JSON response: ")
			s.WriteString(safeToken(mediaType(ct)))
			s.WriteByte(')')
		}
	}
	if b.RequestID != "" || b.Attempts > 1 {
		s.WriteString(" [")
		if b.RequestID != "" {
			s.WriteString("request id ")
			s.WriteString(safeToken(b.RequestID))
		}
		if b.Attempts > 1 {
			if b.RequestID != "" {
				s.WriteString(", ")
			}
			s.WriteString(strconv.Itoa(b.Attempts))
			s.WriteString(" attempts")
		}
		s.WriteByte(']')
	}
	return s.String()
}

// call implements caller: the call is in the fields (and so in every
// provider's *Error, which embeds APIError).
func (b *APIError) call() (Call, bool) {
	if b == nil {
		return Call{}, false
	}
	return callIn(b.Provider, b.Op, b.Method, b.Route)
}

// mediaType drops parameters from a Content-Type.
func mediaType(ct string) string {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.TrimSpace(ct)
}

// safeToken keeps an upstream-supplied code or id printable and short: at
// most 64 characters from [A-Za-z0-9._:/-], anything else replaced by '?'.
// A code is an identifier, never free text; this stops a server that puts a
// sentence (or PHI) in a code field from reaching error strings intact.
func safeToken(v string) string {
	if len(v) > 64 {
		v = v[:64]
	}
	ok := true
	for i := 0; i < len(v); i++ {
		if !tokenByte(v[i]) {
			ok = false
			break
		}
	}
	if ok {
		return v
	}
	b := []byte(v)
	for i := range b {
		if !tokenByte(b[i]) {
			b[i] = '?'
		}
	}
	return string(b)
}

func tokenByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '.' || c == '_' || c == '-' || c == ':' || c == '/'
}

// GoString keeps %#v as safe as Error(): the upstream message is shown only
// by its length.
func (b *APIError) GoString() string {
	if b == nil {
		return "(*rxbridge.APIError)(nil)"
	}
	return "&rxbridge.APIError{Provider:" + strconv.Quote(b.Provider) + ", Op:" + strconv.Quote(b.Op) +
		", Method:" + strconv.Quote(b.Method) + ", Route:" + strconv.Quote(b.Route) +
		", HTTPStatus:" + strconv.Itoa(b.HTTPStatus) + ", Code:" + strconv.Quote(safeToken(b.Code)) +
		", Message:<" + strconv.Itoa(len(b.Message)) + " bytes redacted>, RequestID:" + strconv.Quote(safeToken(b.RequestID)) +
		", Attempts:" + strconv.Itoa(b.Attempts) + "}"
}
