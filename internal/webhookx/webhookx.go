// Package webhookx is the skeleton of every rxbridge webhook receiver: an
// http.Handler that does no work for strangers. It accepts only POST (405),
// checks what the headers alone can prove before reading a byte of the body
// (401), reads the body through a size limit (413) and a read deadline of
// its own (408), verifies it over the raw bytes before any parsing (401),
// parses it into a typed event (400, or 413 when decoding would cost too
// much memory), and answers 2xx only after the user's handler returned
// nil, so the sender retries when processing failed. Providers supply
// Authenticate, Verify and Parse; users supply Handle.
//
// It also has the constant-time checks the providers verify with,
// lease-based de-duplication over an rxbridge.Store (LeaseDedup, and
// Leases.ClaimUse for one-time tokens), and a bound on the memory a JSON
// decode may take (CheckDecodeCost).
//
// What the receiver cannot bound is the work done before ServeHTTP runs:
// the user's http.Server must still set ReadHeaderTimeout (slow headers),
// MaxHeaderBytes, and IdleTimeout; WriteTimeout bounds a slow reader of the
// answer.
package webhookx

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/rxbridge/rxbridge-go/internal/telemetry"
)

// DefaultMaxBodyBytes is the default body limit: 10 MiB, room for base64
// attachments.
const DefaultMaxBodyBytes = 10 << 20

// DefaultReadTimeout is the default time a delivery has to arrive, from the
// moment its headers were read until the last byte of its body: 30 seconds.
const DefaultReadTimeout = 30 * time.Second

// Errors a Verify or Parse function returns, matched with errors.Is.
// Their texts carry no prefix: they are shared by the providers' receivers,
// and each provider's errors say them after "provider: webhook: " (for
// example "carevalidate: webhook: authentication failed: x-cv-signature
// missing").
var (
	// ErrUnauthorized: the delivery failed authentication (401).
	ErrUnauthorized = errors.New("authentication failed")
	// ErrMalformed: the body is not a valid event (400).
	ErrMalformed = errors.New("malformed payload")
	// ErrTooLarge: the body exceeds the limit, or decoding it would take
	// too much memory (413).
	ErrTooLarge = errors.New("body too large")
)

// StatusCoder lets a handler's error choose the response status (for
// example 409 for a conflict the sender should not retry, or 503).
type StatusCoder interface{ HTTPStatus() int }

// Receiver is a webhook endpoint for events of type E.
type Receiver[E any] struct {
	// Provider names the package in logs.
	Provider string
	// MaxBodyBytes limits the body (DefaultMaxBodyBytes when 0).
	MaxBodyBytes int64
	// ReadTimeout bounds the time from the start of ServeHTTP until the
	// whole body was read (DefaultReadTimeout when 0; negative: no bound of
	// the receiver's own). A body that has not arrived by then is answered
	// 408. It is a read deadline on the connection where the ResponseWriter
	// supports one (http.ResponseController; it replaces the server's own
	// ReadTimeout deadline for the body), else a timer.
	ReadTimeout time.Duration
	// Authenticate, when set, checks what the headers alone can prove,
	// before any of the body is read; its error answers 401 with the body
	// unread when it wraps ErrUnauthorized, and otherwise errorStatus's
	// (a StatusCoder's status, 503 for ErrInProgress or
	// ErrDedupUnavailable, else 500: a store it depends on failed). A non-nil
	// done is called exactly once when the delivery ends, before the
	// answer is written, with whether the delivery is to be acknowledged
	// (2xx), so that a claim taken here (a token's use) can be kept or
	// given back; when it fails to keep it, the answer becomes 503 (the
	// sender retries) instead of a 2xx. The context it returns (ctx, or
	// one carrying what it proved, such as a token's claims) is the one
	// Verify, Parse and Handle get; nil means ctx.
	Authenticate func(ctx context.Context, h http.Header) (authenticated context.Context, done func(ctx context.Context, acknowledged bool) error, err error)
	// Verify authenticates the delivery over the raw body. Its error should
	// wrap ErrUnauthorized.
	Verify func(ctx context.Context, h http.Header, body []byte) error
	// Parse decodes the verified body. Its error should wrap ErrMalformed
	// (or ErrTooLarge).
	Parse func(ctx context.Context, h http.Header, body []byte) (E, error)
	// Handle processes the event. A nil return acknowledges it (200); an
	// error answers errorStatus's status (500 unless a StatusCoder chooses,
	// or a de-duplication outcome: 503), so the sender retries.
	Handle func(ctx context.Context, e E) error
	// Logger, when set, records outcomes (status, reason, size, duration);
	// never bodies, headers or secrets.
	Logger *slog.Logger
	// Telemetry, when set, records each delivery as a server span and in
	// the deliveries metric (see telemetry.go).
	Telemetry *telemetry.Recorder
	// EventType names a parsed event for telemetry: one of the provider's
	// documented event names, or "" for anything else (recorded as
	// "other"). Never the sender's text for an event it does not document.
	EventType func(E) string
}

// The reasons respond answers with.
const (
	reasonMethod          = "method not allowed"
	reasonUnauthorized    = "unauthorized"
	reasonAuthUnavailable = "authentication unavailable"
	reasonTooLarge        = "body too large"
	reasonTimeout         = "body not received in time"
	reasonHandler         = "handler failed"
)

// ServeHTTP implements http.Handler. The flow: authenticate (headers) →
// read → verify → parse → handle (de-duplication wraps the provider's
// handler) → answer.
func (rc *Receiver[E]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if rc == nil || rc.Handle == nil || rc.Parse == nil {
		// No handler (Handler(nil), a zero-value receiver): the delivery
		// cannot be processed, so it is not acknowledged. 500 makes the
		// sender retry it; nothing is read.
		closeUnread(w)
		if rc == nil {
			rc = &Receiver[E]{}
		}
		rc.respond(w, r, answer{http.StatusInternalServerError, "no handler", 0}, start)
		return
	}
	r = rc.startDelivery(r)
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		closeUnread(w)
		rc.respond(w, r, answer{http.StatusMethodNotAllowed, reasonMethod, 0}, start)
		return
	}
	if rc.Authenticate == nil {
		rc.respond(w, r, rc.serve(r.Context(), w, r, start), start)
		return
	}
	ctx, done, err := rc.Authenticate(r.Context(), r.Header)
	if err != nil {
		closeUnread(w)
		if errors.Is(err, ErrUnauthorized) {
			noteVerification(r.Context(), err)
			rc.respond(w, r, answer{http.StatusUnauthorized, reasonUnauthorized, 0}, start)
		} else {
			// A store it depends on failed, or another delivery holds the
			// token: the sender should retry.
			rc.respond(w, r, answer{errorStatus(err), reasonAuthUnavailable, 0}, start)
		}
		return
	}
	if ctx == nil {
		ctx = r.Context()
	}
	a := rc.serve(ctx, w, r, start)
	if done != nil {
		if err := done(r.Context(), a.acknowledged()); err != nil && a.acknowledged() {
			// The token's use could not be recorded: no 2xx, so that the
			// delivery is sent again.
			a = answer{http.StatusServiceUnavailable, reasonAuthUnavailable, a.size}
		}
	}
	rc.respond(w, r, a, start)
}

// answer is the outcome of a delivery, written by respond.
type answer struct {
	status int
	reason string
	size   int
}

func (a answer) acknowledged() bool { return a.status >= 200 && a.status < 300 }

// serve reads, verifies, parses and handles an authenticated POST, and
// returns the answer to give; ctx is the request's context, or the one
// Authenticate returned.
func (rc *Receiver[E]) serve(ctx context.Context, w http.ResponseWriter, r *http.Request, start time.Time) answer {
	limit := rc.MaxBodyBytes
	if limit <= 0 {
		limit = DefaultMaxBodyBytes
	}
	if r.ContentLength > limit {
		closeUnread(w)
		return answer{http.StatusRequestEntityTooLarge, reasonTooLarge, 0}
	}
	body, err := rc.readBody(w, r, limit, start)
	if err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return answer{http.StatusRequestEntityTooLarge, reasonTooLarge, len(body)}
		case errors.Is(err, errReadTimeout):
			return answer{http.StatusRequestTimeout, reasonTimeout, len(body)}
		default:
			closeUnread(w)
			return answer{http.StatusBadRequest, "unreadable body", len(body)}
		}
	}
	ev, err := rc.verifyAndParse(ctx, r.Header, body)
	if errors.Is(err, ErrUnauthorized) {
		noteVerification(ctx, err)
	} else {
		noteVerification(ctx, nil)
	}
	if err != nil {
		switch {
		case errors.Is(err, ErrUnauthorized):
			return answer{http.StatusUnauthorized, reasonUnauthorized, len(body)}
		case errors.Is(err, ErrTooLarge):
			return answer{http.StatusRequestEntityTooLarge, reasonTooLarge, len(body)}
		default:
			return answer{http.StatusBadRequest, "malformed payload", len(body)}
		}
	}
	rc.noteEvent(ctx, ev)
	if err := rc.Handle(ctx, ev); err != nil {
		noteHandlerError(ctx, err)
		return answer{errorStatus(err), reasonHandler, len(body)}
	}
	return answer{http.StatusOK, "", len(body)}
}

// errorStatus is the status that answers a delivery the handler (or
// Authenticate) failed: a StatusCoder's status (400-599), 503 for a
// de-duplication outcome (the event or token held by another delivery, the
// store failed: see retryLater), and 500 otherwise; the sender retries
// all but a 4xx.
func errorStatus(err error) int {
	var sc StatusCoder
	switch {
	case errors.As(err, &sc) && sc.HTTPStatus() >= 400 && sc.HTTPStatus() <= 599:
		return sc.HTTPStatus()
	case retryLater(err):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// closeUnread marks an answer given before the body was read to its end:
// the connection closes after it, instead of net/http reading (up to 256
// KiB of) the rest of a stranger's body first.
func closeUnread(w http.ResponseWriter) { w.Header().Set("Connection", "close") }

// errReadTimeout: the body did not arrive within the read timeout.
var errReadTimeout = errors.New("body not received in time")

// readBody reads the body through the size limit, within the read
// timeout. Where the ResponseWriter supports it, the timeout is a read
// deadline on the connection, cleared once the body is read (so that the
// server's background read does not cancel the request while the handler
// runs) and left passed when it cut the body off; otherwise the read runs beside a timer, and a body still
// arriving when it fires is abandoned (its goroutine ends when the read
// returns: set the server's ReadTimeout too).
func (rc *Receiver[E]) readBody(w http.ResponseWriter, r *http.Request, limit int64, start time.Time) ([]byte, error) {
	timeout := rc.ReadTimeout
	if timeout == 0 {
		timeout = DefaultReadTimeout
	}
	if timeout < 0 {
		return readAll(http.MaxBytesReader(w, r.Body, limit), r.ContentLength)
	}
	deadline := start.Add(timeout)
	ctl := http.NewResponseController(w)
	if err := ctl.SetReadDeadline(deadline); err == nil {
		body, err := readAll(http.MaxBytesReader(w, r.Body, limit), r.ContentLength)
		if err != nil && isTimeout(err, deadline) {
			// The deadline stays passed: the server's attempt to drain the
			// rest of the body before answering then fails at once, and the
			// connection is closed.
			closeUnread(w)
			return body, errReadTimeout
		}
		_ = ctl.SetReadDeadline(time.Time{})
		return body, err
	}
	type result struct {
		body []byte
		err  error
	}
	res := make(chan result, 1)
	src, announced := r.Body, r.ContentLength
	go func() {
		// No ResponseWriter here: it is not safe for use from this
		// goroutine once the handler answered.
		b, err := readAll(http.MaxBytesReader(nil, src, limit), announced)
		res <- result{b, err}
	}()
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case out := <-res:
		return out.body, out.err
	case <-timer.C:
	case <-r.Context().Done():
	}
	closeUnread(w)
	return nil, errReadTimeout
}

// isTimeout reports a read that failed on the deadline.
func isTimeout(err error, deadline time.Time) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) || !time.Now().Before(deadline)
}

// readAll reads src to its end in chunks that grow with what arrives (a
// client that announces a large body and sends little pins little
// memory), then joins them once: about twice the body in all. A body that
// announces a small length (at most 64 KiB: little to pin) is read into one
// buffer of that length and a byte, so a body that keeps its word is read
// with one allocation.
func readAll(src io.Reader, announced int64) ([]byte, error) {
	const first, most, small = 4 << 10, 1 << 20, 64 << 10
	var few [4][]byte
	chunks := few[:0]
	total := 0
	size := first
	if announced > 0 && announced <= small {
		size = int(announced) + 1 // the byte more sees the end
	}
	for {
		buf := make([]byte, size)
		n, err := io.ReadFull(src, buf)
		if n > 0 {
			chunks = append(chunks, buf[:n])
			total += n
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return join(chunks, total), err
		}
		size = min(2*size, most)
	}
	return join(chunks, total), nil
}

func join(chunks [][]byte, total int) []byte {
	switch len(chunks) {
	case 0:
		return []byte{}
	case 1:
		return chunks[0]
	}
	out := make([]byte, 0, total)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out
}

// VerifyAndParse authenticates and decodes a delivery, for users who route
// requests themselves: Authenticate (whose done, if any, is told whether
// the delivery verified and parsed), Verify, then Parse. Nothing is parsed
// before verification succeeds.
func (rc *Receiver[E]) VerifyAndParse(ctx context.Context, h http.Header, body []byte) (E, error) {
	var zero E
	if rc.Authenticate != nil {
		actx, done, err := rc.Authenticate(ctx, h)
		if err != nil {
			return zero, err
		}
		if actx == nil {
			actx = ctx
		}
		ev, err := rc.verifyAndParse(actx, h, body)
		if done != nil {
			if derr := done(ctx, err == nil); derr != nil && err == nil {
				return zero, derr
			}
		}
		return ev, err
	}
	return rc.verifyAndParse(ctx, h, body)
}

// verifyAndParse runs Verify, then Parse.
func (rc *Receiver[E]) verifyAndParse(ctx context.Context, h http.Header, body []byte) (E, error) {
	var zero E
	if rc.Verify != nil {
		if err := rc.Verify(ctx, h, body); err != nil {
			return zero, unauthorized(err)
		}
	}
	ev, err := rc.Parse(ctx, h, body)
	if err != nil {
		if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrTooLarge) {
			err = withKind(err, ErrMalformed)
		}
		return zero, err
	}
	return ev, nil
}

func unauthorized(err error) error {
	if !errors.Is(err, ErrUnauthorized) {
		err = withKind(err, ErrUnauthorized)
	}
	return err
}

// withKind gives a provider's error the kind the receiver answers by
// (ErrUnauthorized, ErrMalformed) when it did not match it already,
// without changing its text (errors.Join would add a line without the
// provider's prefix): fmt's own wrapper of both, whose message is err's
// alone (the kind is printed with precision 0: as nothing), so that no
// type of this internal package reaches users.
func withKind(err, kind error) error { return fmt.Errorf("%w%.0w", err, kind) }

// respond writes a small JSON answer and logs the outcome.
func (rc *Receiver[E]) respond(w http.ResponseWriter, r *http.Request, a answer, start time.Time) {
	endDelivery(r.Context(), a.status, a.reason)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(a.status)
	if a.status < 300 {
		_, _ = io.WriteString(w, `{"received":true}`)
	} else {
		_, _ = io.WriteString(w, `{"error":"`+a.reason+`"}`)
	}
	if rc.Logger == nil {
		return
	}
	level := slog.LevelInfo
	if a.status >= 400 {
		level = slog.LevelWarn
	}
	rc.Logger.LogAttrs(r.Context(), level, "rxbridge webhook",
		slog.String("provider", rc.Provider), slog.Int("status", a.status), slog.String("reason", a.reason),
		slog.Int("bytes", a.size), slog.Duration("duration", time.Since(start)))
}

// EqualSecret compares a presented secret with the expected one in
// constant time, whatever their lengths (both are hashed first). An empty
// expected secret never matches.
func EqualSecret(got, want string) bool {
	if want == "" {
		return false
	}
	g := sha256.Sum256([]byte(got))
	x := sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], x[:]) == 1
}

// EqualAnySecret reports whether got matches any of the accepted secrets
// (several during a rotation). Every candidate is compared.
func EqualAnySecret(got string, accepted ...string) bool {
	ok := false
	for _, w := range accepted {
		if EqualSecret(got, w) {
			ok = true
		}
	}
	return ok
}

// HMACSHA256Hex returns the lowercase hex HMAC-SHA256 of body.
func HMACSHA256Hex(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// WellFormedHMACSHA256Hex reports whether sig has the shape
// MACKeys.VerifySHA256Hex accepts (64 hex digits, an optional "sha256="
// prefix), so that a delivery without one is refused before its body is
// read.
func WellFormedHMACSHA256Hex(sig string) bool {
	sig = strings.TrimSpace(sig)
	sig = strings.TrimPrefix(strings.TrimPrefix(sig, "sha256="), "SHA256=")
	if len(sig) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(sig); i++ {
		c := sig[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
