package webhookx

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// headerReceiver authenticates from X-Secret before the body is read.
func headerReceiver(handled *atomic.Int32) *Receiver[event] {
	rc := newReceiver(handled, nil)
	verify := rc.Verify
	rc.Verify = nil
	rc.Authenticate = func(_ context.Context, h http.Header) (context.Context, func(context.Context, bool) error, error) {
		return nil, nil, verify(context.Background(), h, nil)
	}
	return rc
}

type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func TestAuthenticateBeforeTheBody(t *testing.T) {
	var handled atomic.Int32
	rc := headerReceiver(&handled)
	for _, secret := range []string{"", "guess"} {
		cr := &countingReader{r: strings.NewReader(`{"id":"1","type":"t"}` + strings.Repeat(" ", 1000))}
		req := httptest.NewRequest(http.MethodPost, "/hook", cr)
		req.Header.Set("X-Secret", secret)
		w := httptest.NewRecorder()
		rc.ServeHTTP(w, req)
		assert.Equal(t, 401, w.Code)
		assert.Zero(t, cr.n.Load(), "body bytes read before the 401")
		assert.Equal(t, "close", w.Header().Get("Connection"), "net/http must not drain a stranger's body either")
	}
	assert.Equal(t, 200, post(rc, http.MethodPost, "s3cret", `{"id":"1","type":"t"}`).Code)

	// A failing store behind Authenticate is not the sender's fault: 500,
	// so it retries.
	rc.Authenticate = func(context.Context, http.Header) (context.Context, func(context.Context, bool) error, error) {
		return nil, nil, errors.New("store down")
	}
	assert.Equal(t, 500, post(rc, http.MethodPost, "s3cret", `{"id":"1","type":"t"}`).Code)
}

func TestAuthenticateDoneReportsTheOutcome(t *testing.T) {
	var handled atomic.Int32
	rc := headerReceiver(&handled)
	var outcomes []bool
	auth := rc.Authenticate
	rc.Authenticate = func(ctx context.Context, h http.Header) (context.Context, func(context.Context, bool) error, error) {
		if _, _, err := auth(ctx, h); err != nil {
			return nil, nil, err
		}
		return ctx, func(_ context.Context, ok bool) error { outcomes = append(outcomes, ok); return nil }, nil
	}
	post(rc, http.MethodPost, "s3cret", `{"id":"1","type":"t"}`)
	post(rc, http.MethodPost, "s3cret", `not json`)
	post(rc, http.MethodPost, "s3cret", `{"id":"`+strings.Repeat("x", 2000)+`","type":"t"}`)
	rc.Handle = func(context.Context, event) error { return errors.New("db down") }
	post(rc, http.MethodPost, "s3cret", `{"id":"1","type":"t"}`)
	post(rc, http.MethodPost, "wrong", `{"id":"1","type":"t"}`)
	assert.Equal(t, []bool{true, false, false, false}, outcomes, "once per authenticated delivery; true only for a 2xx")

	outcomes = nil
	_, err := rc.VerifyAndParse(context.Background(), http.Header{"X-Secret": {"s3cret"}}, []byte(`{"id":"1","type":"t"}`))
	require.NoError(t, err)
	_, err = rc.VerifyAndParse(context.Background(), http.Header{"X-Secret": {"s3cret"}}, []byte(`{`))
	require.Error(t, err)
	assert.Equal(t, []bool{true, false}, outcomes)
}

// TestAuthenticateDoneFailureIsNoAcknowledgement: when the token's use
// cannot be recorded (its store failed), the delivery is answered 503, so
// the sender retries, and VerifyAndParse fails: never a 2xx for it. A
// StatusCoder from Authenticate chooses the status (503 for a token whose
// use is in progress elsewhere).
func TestAuthenticateDoneFailureIsNoAcknowledgement(t *testing.T) {
	var handled atomic.Int32
	rc := headerReceiver(&handled)
	auth := rc.Authenticate
	storeDown := errors.New("store down")
	rc.Authenticate = func(ctx context.Context, h http.Header) (context.Context, func(context.Context, bool) error, error) {
		if _, _, err := auth(ctx, h); err != nil {
			return nil, nil, err
		}
		return ctx, func(context.Context, bool) error { return storeDown }, nil
	}
	assert.Equal(t, 503, post(rc, http.MethodPost, "s3cret", `{"id":"1","type":"t"}`).Code)
	assert.Equal(t, int32(1), handled.Load())
	_, err := rc.VerifyAndParse(context.Background(), http.Header{"X-Secret": {"s3cret"}}, []byte(`{"id":"1","type":"t"}`))
	require.ErrorIs(t, err, storeDown)
	// A failed delivery stays failed (400), whatever done answers.
	assert.Equal(t, 400, post(rc, http.MethodPost, "s3cret", `not json`).Code)

	rc.Authenticate = func(context.Context, http.Header) (context.Context, func(context.Context, bool) error, error) {
		return nil, nil, ErrInProgress
	}
	assert.Equal(t, 503, post(rc, http.MethodPost, "s3cret", `{"id":"1","type":"t"}`).Code)
}

// TestReadTimeoutWithoutDeadlineSupport: where the ResponseWriter cannot
// set a read deadline (httptest.ResponseRecorder, a wrapper without
// Unwrap), a timer still cuts the body off.
func TestReadTimeoutWithoutDeadlineSupport(t *testing.T) {
	var handled atomic.Int32
	rc := newReceiver(&handled, nil)
	rc.ReadTimeout = 20 * time.Millisecond
	pr, pw := io.Pipe()
	t.Cleanup(func() { _ = pw.Close() })
	req := httptest.NewRequest(http.MethodPost, "/hook", pr)
	req.Header.Set("X-Secret", "s3cret")
	w := httptest.NewRecorder()
	// Nothing is ever written to the pipe: only the timer ends the read.
	rc.ServeHTTP(w, req)
	assert.Equal(t, http.StatusRequestTimeout, w.Code)
	assert.Equal(t, "close", w.Header().Get("Connection"))
	assert.Zero(t, handled.Load())
}

// TestReadDeadlineIsClearedForTheHandler: once the body is read, the
// deadline is lifted, so a handler that runs past it keeps a live request
// context (net/http cancels it when a read on the connection fails).
func TestReadDeadlineIsClearedForTheHandler(t *testing.T) {
	var handled atomic.Int32
	rc := newReceiver(&handled, nil)
	rc.ReadTimeout = 20 * time.Millisecond
	rc.Handle = func(ctx context.Context, _ event) error {
		select {
		case <-ctx.Done():
			return errors.New("request context cancelled")
		case <-time.After(10 * rc.ReadTimeout): // well past the deadline
			return nil
		}
	}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	req, err := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(`{"id":"1","type":"t"}`))
	require.NoError(t, err)
	req.Header.Set("X-Secret", "s3cret")
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
}

// readAll reads the whole body whatever length it announced: none, its
// own, less or more than it sends.
func TestReadAllJoinsChunks(t *testing.T) {
	for _, n := range []int{0, 1, 4095, 4096, 4097, 100_000, 3 << 20} {
		in := bytes.Repeat([]byte("abcdefg"), n/7+1)[:n]
		for _, announced := range []int64{-1, 0, int64(n), int64(n) / 2, int64(n) + 10, 64 << 10} {
			out, err := readAll(io.MultiReader(bytes.NewReader(in[:n/2]), bytes.NewReader(in[n/2:])), announced)
			require.NoError(t, err)
			assert.Equal(t, in, out, "%d bytes, %d announced", n, announced)
		}
	}
}

// A small body that announces its length is read with one allocation.
func TestReadAllOneBufferForAnAnnouncedSmallBody(t *testing.T) {
	in := bytes.Repeat([]byte("x"), 5000)
	src := bytes.NewReader(in)
	allocs := testing.AllocsPerRun(20, func() {
		src.Reset(in)
		if out, err := readAll(src, int64(len(in))); err != nil || len(out) != len(in) {
			t.Fatal(len(out), err)
		}
	})
	assert.Equal(t, 1.0, allocs)
}

type costItem struct {
	ID    string            `json:"id"`
	When  time.Time         `json:"when"`
	Tags  []string          `json:"tags"`
	Next  *costItem         `json:"next"`
	Extra map[string]string `json:"extra"`
	Any   any               `json:"any"`
}

type costDoc struct {
	Items []costItem `json:"items"`
	Raw   []json.RawMessage
}

// measure returns what json.Unmarshal allocates for data into a T.
func measure[T any](data []byte) uint64 {
	best := ^uint64(0)
	for range 3 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		var v T
		_ = json.Unmarshal(data, &v)
		runtime.ReadMemStats(&after)
		best = min(best, after.TotalAlloc-before.TotalAlloc)
	}
	return best
}

// TestDecodeCostTracksTheDecoder: the estimate is not far below what the
// decoder really allocates, whatever the shape.
func TestDecodeCostTracksTheDecoder(t *testing.T) {
	many := func(n int, elem string) string {
		return "[" + strings.TrimSuffix(strings.Repeat(elem+",", n), ",") + "]"
	}
	for name, body := range map[string]string{
		"empty objects":       `{"items":` + many(50_000, "{}") + `}`,
		"escaped member name": `{"\u0069tems":` + many(50_000, "{}") + `}`,
		"upper-case name":     `{"ITEMS":` + many(50_000, "{}") + `}`,
		"folded name":         `{"itemſ":` + many(50_000, "{}") + `}`,
		"strings":             `{"items":[{"id":"` + strings.Repeat("x", 100_000) + `","tags":` + many(20_000, `"t"`) + `}]}`,
		"pointers":            `{"items":` + many(20_000, `{"next":{"next":{}}}`) + `}`,
		"maps":                `{"items":[{"extra":{` + strings.TrimSuffix(strings.Repeat(`"k":"v",`, 1), ",") + `}}]}`,
		"any":                 `{"items":[{"any":` + many(20_000, `{"a":[1,"b"]}`) + `}]}`,
		"raw messages":        `{"Raw":` + many(50_000, "{}") + `}`,
		"real items":          `{"items":` + many(2_000, `{"id":"item-1","when":"2026-01-02T03:04:05Z","tags":["a","b"],"extra":{"k":"v"}}`) + `}`,
	} {
		data := []byte(body)
		est := DecodeCost(data, reflect.TypeFor[costDoc]())
		got := measure[costDoc](data)
		t.Logf("%s: %d bytes, estimate %d, allocated %d", name, len(data), est, got)
		assert.GreaterOrEqual(t, 2*est+64<<10, int64(got), "%s: estimate %d far below the %d allocated", name, est, got)
	}
}

func TestCheckDecodeCost(t *testing.T) {
	bomb := []byte(`{"items":[` + strings.TrimSuffix(strings.Repeat("{},", 400_000), ",") + `]}`)
	assert.ErrorIs(t, CheckDecodeCost(bomb, reflect.TypeFor[costDoc]()), ErrTooCostly)
	assert.ErrorIs(t, CheckDecodeCost(bomb, reflect.TypeFor[costDoc]()), ErrTooLarge)
	escaped := bytes.Replace(bomb, []byte(`"items"`), []byte(`"\u0069tems"`), 1)
	assert.ErrorIs(t, CheckDecodeCost(escaped, reflect.TypeFor[costDoc]()), ErrTooCostly, "an escaped member name is the same member")
	// encoding/json folds the long s (U+017F) to s, and so the jsoncodec
	// decoder: "itemſ" is the member items.
	folded := bytes.Replace(bomb, []byte(`"items"`), []byte(`"itemſ"`), 1)
	var doc costDoc
	require.NoError(t, json.Unmarshal([]byte(`{"itemſ":[{}]}`), &doc))
	require.Len(t, doc.Items, 1)
	assert.ErrorIs(t, CheckDecodeCost(folded, reflect.TypeFor[costDoc]()), ErrTooCostly, "a case-folded member name is the same member")
	// Members the type does not have are skipped by the decoder: free.
	unknown := bytes.Replace(bomb, []byte(`"items"`), []byte(`"other"`), 1)
	assert.NoError(t, CheckDecodeCost(unknown, reflect.TypeFor[costDoc]()))
	// Invalid JSON is left to the decoder's own error.
	assert.NoError(t, CheckDecodeCost([]byte(`{"items":[{},`), reflect.TypeFor[costDoc]()))
	real := []byte(`{"items":[` + strings.TrimSuffix(strings.Repeat(`{"id":"item-1","when":"2026-01-02T03:04:05Z","tags":["a","b"]},`, 5000), ",") + `]}`)
	assert.NoError(t, CheckDecodeCost(real, reflect.TypeFor[costDoc]()))
}

// FuzzDecodeCost: the estimate ends on any input, valid JSON or not, for
// any type, without panicking (CheckDecodeCost walks a body before anything
// validates it); invalid JSON is never refused as too costly.
func FuzzDecodeCost(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, `null`, `{"items":[{},{"id":"x","tags":["a"]}]}`, `{"items":{"next":null}}`,
		`{"\u0069tems":[{"any":[1,{"a":"b"},true]}]}`, `"str"`, `123`, `{"items":[{"extra":{"k":"v"},"when":"2026-01-01T00:00:00Z"}]}`,
		`{,`, `{"`, `{"\`, `{"items":[{},`, `{"items":{"any":[`, `{"a":"b",}`, `{"items" "x"}`, `[{"any":`, `{"extra":{"k"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, typ := range []reflect.Type{reflect.TypeFor[costDoc](), reflect.TypeFor[any](), reflect.TypeFor[[]costItem](), reflect.TypeFor[map[string]costItem]()} {
			if c := DecodeCost(data, typ); c < 0 {
				t.Fatalf("negative cost %d", c)
			}
		}
		if err := CheckDecodeCost(data, reflect.TypeFor[costDoc]()); err != nil && !json.Valid(data) {
			t.Fatalf("invalid JSON refused as too costly")
		}
	})
}

// Invalid JSON over the budget passes CheckDecodeCost, as it did when
// validity was checked first: the decoder refuses it (400), not the
// budget (413).
func TestCheckDecodeCostLeavesInvalidJSONToTheDecoder(t *testing.T) {
	bomb := `{"items":[` + strings.TrimSuffix(strings.Repeat("{},", 400_000), ",")
	require.ErrorIs(t, CheckDecodeCost([]byte(bomb+`]}`), reflect.TypeFor[costDoc]()), ErrTooCostly)
	assert.NoError(t, CheckDecodeCost([]byte(bomb), reflect.TypeFor[costDoc]()), "unterminated")
	assert.NoError(t, CheckDecodeCost([]byte(bomb+`]}x`), reflect.TypeFor[costDoc]()), "trailing garbage")
	for _, s := range []string{`{,`, `{"`, `{"\`, `{"a":"b",}`, `{"items" "x"}`, `[{"any":`, `{"items":[{"any":[1,`} {
		assert.NotPanics(t, func() { _ = DecodeCost([]byte(s), reflect.TypeFor[costDoc]()) }, "%q", s)
	}
}

// rxbridge.OneOrMany[T] is walked as the slice of T it holds: a long
// array of "{}" under it is as costly as under a plain slice.
func TestDecodeCostSeesThroughOneOrMany(t *testing.T) {
	type doc struct {
		Items rxbridge.OneOrMany[costItem] `json:"items"`
	}
	bomb := []byte(`{"items":[` + strings.TrimSuffix(strings.Repeat("{},", 400_000), ",") + `]}`)
	assert.ErrorIs(t, CheckDecodeCost(bomb, reflect.TypeFor[doc]()), ErrTooCostly)
	plain := DecodeCost(bomb, reflect.TypeFor[costDoc]())
	assert.Equal(t, plain, DecodeCost(bomb, reflect.TypeFor[doc]()), "the same cost as a []costItem")
}
