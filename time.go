package rxbridge

import (
	"bytes"
	"strconv"
	"time"

	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/internal/lenient"
	"github.com/rxbridge/rxbridge-go/internal/timefmt"
)

// state records how a value arrived, so it re-encodes the same way.
type state uint8

const (
	fromCode   state = iota // built in code: meaning comes from the fields
	wasNull                 // JSON null
	wasEmpty                // JSON ""
	wasInvalid              // text matching no form (kept in raw)
	wasParsed               // parsed from raw
)

// Layouts used to print values built in code.
const (
	// layoutRFC1123 prints the zone abbreviation (GMT for zones we do not
	// name).
	layoutRFC1123 = "Mon, 02 Jan 2006 15:04:05 MST"
	// layoutDateTime is RFC 3339 with as many fractional digits as needed.
	layoutDateTime = time.RFC3339Nano
	// layoutDate prints a date.
	layoutDate = "2006-01-02"
)

// text holds what every type needs: the original text and how it arrived.
type text struct {
	raw      string
	state    state
	kind     timefmt.Kind
	verbatim bool // raw is JSON to emit as is (a number), not a string
}

// Raw returns the text as received ("" for values built in code, null or
// empty).
func (t text) Raw() string { return t.raw }

// IsNull reports whether the value arrived as JSON null.
func (t text) IsNull() bool { return t.state == wasNull }

// decode reads a JSON value into the text, returning the parsed time when
// there is one. It reads the token itself: no decoder is started.
func (t *text) decode(b []byte) (time.Time, bool) {
	*t = text{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		t.state = wasNull
		return time.Time{}, false
	}
	if b[0] != '"' {
		t.raw, t.verbatim = string(b), true
		return t.parsed()
	}
	s, ok := jsoncodec.PlainString(b)
	if !ok {
		u, ok := jsoncodec.UnquoteBytes(b)
		if !ok {
			t.raw, t.verbatim, t.state = string(b), true, wasInvalid
			return time.Time{}, false
		}
		s = u
	}
	return t.decodeText(string(s))
}

// decodeText reads the text of a string (UnmarshalText, or the content
// of a JSON string).
func (t *text) decodeText(s string) (time.Time, bool) {
	*t = text{}
	if s == "" {
		t.state = wasEmpty
		return time.Time{}, false
	}
	t.raw = s
	return t.parsed()
}

// parsed parses the kept text and records the outcome.
func (t *text) parsed() (time.Time, bool) {
	v, k, ok := t.parseRaw()
	if !ok {
		t.state = wasInvalid
		return time.Time{}, false
	}
	t.state, t.kind = wasParsed, k
	return v, true
}

// parseRaw parses the kept text: a string in any form timefmt.Parse reads, or a
// JSON number of Unix seconds (milliseconds when above 1e11).
func (t text) parseRaw() (time.Time, timefmt.Kind, bool) {
	if !t.verbatim {
		v, k, err := timefmt.Parse(t.raw)
		return v, k, err == nil
	}
	n, err := strconv.ParseFloat(t.raw, 64)
	if err != nil || n < 0 || n > 1e14 {
		return time.Time{}, timefmt.KindNone, false
	}
	if n > 1e11 {
		return time.UnixMilli(int64(n)).UTC(), timefmt.KindUnix, true
	}
	sec := int64(n)
	return time.Unix(sec, int64((n-float64(sec))*1e9)).UTC(), timefmt.KindUnix, true
}

// encode returns the JSON of an arrived value (null, "", the original text)
// and true, or false when the value must be printed from its fields.
func (t text) encode(unchanged bool) ([]byte, bool) {
	switch t.state {
	case wasNull:
		return []byte("null"), true
	case wasEmpty:
		return []byte(`""`), true
	case wasInvalid:
		return t.original(), true
	case wasParsed:
		if unchanged {
			return t.original(), true
		}
	}
	return nil, false
}

// original returns the JSON the value arrived as.
func (t text) original() []byte {
	if t.verbatim {
		return []byte(t.raw)
	}
	return quote(t.raw)
}

// sameTime reports whether v is still the instant the text says, with the
// same offset (so it re-encodes as received).
func (t text) sameTime(v time.Time) bool {
	p, _, ok := t.parseRaw()
	return ok && sameInstantAndOffset(p, v)
}

// sameDate reports whether the text still says this date.
func (t text) sameDate(d Date) bool {
	p, _, ok := t.parseRaw()
	if !ok {
		return false
	}
	y, m, dd := p.Date()
	return y == d.Year && m == d.Month && dd == d.Day
}

func quote(s string) []byte {
	return lenient.AppendString(make([]byte, 0, len(s)+2), s)
}

// The date and time types (RFC1123, DateTime, Date) decode every form the
// upstreams send:
//   - RFC 1123 with a US zone abbreviation, mapped to its real offset:
//     "Tue, 17 Jan 2012 00:00:00 EST" is 05:00 UTC (an unknown abbreviation
//     is never guessed); also a numeric offset ("-0500") and the gateway
//     form "Fri, 05 Sep 2025 15:18:02 GMT+00:00";
//   - ISO 8601 with a zone ("2024-08-22T18:24:56.692Z", "...+00:00"), or
//     without one ("2024-02-14T05:46:07.764000", read as UTC);
//   - a date alone ("1980-01-01", US "01/02/1980");
//   - a JSON number of Unix seconds (or milliseconds).
//
// JSON null and "" decode to an unset value without error; text that
// matches no form decodes without error to an invalid value that keeps the
// text (Valid reports false, Raw returns it), because one odd date must not
// make a whole prescription list unreadable. A decoded value re-encodes in
// the form it came in, unless it was changed.

// RFC1123 is an instant sent as an RFC 1123 date with a US zone
// abbreviation (My HealtheVet). It decodes every form listed above. A value
// built in code prints as layoutRFC1123 in its own zone when that zone has
// a US abbreviation, otherwise in GMT.
type RFC1123 struct {
	time.Time
	text
}

// UnmarshalJSON implements json.Unmarshaler; it never fails on a string.
func (v *RFC1123) UnmarshalJSON(b []byte) error {
	t, _ := v.text.decode(b)
	v.Time = t
	return nil
}

// MarshalJSON implements json.Marshaler: the original text when the time is
// unchanged, null for an unset value built in code.
func (v RFC1123) MarshalJSON() ([]byte, error) {
	if b, ok := v.text.encode(v.state == wasParsed && v.sameTime(v.Time)); ok {
		return b, nil
	}
	if v.Time.IsZero() {
		return []byte("null"), nil
	}
	return quote(v.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (v *RFC1123) UnmarshalText(b []byte) error {
	v.Time, _ = v.text.decodeText(string(b))
	return nil
}

// MarshalText implements encoding.TextMarshaler.
func (v RFC1123) MarshalText() ([]byte, error) {
	if v.state == wasParsed && v.sameTime(v.Time) || v.state == wasInvalid {
		return []byte(v.raw), nil
	}
	return []byte(v.String()), nil
}

// String prints the value in RFC 1123 form ("" when unset).
func (v RFC1123) String() string {
	if v.state == wasInvalid {
		return v.raw
	}
	if v.Time.IsZero() {
		return ""
	}
	if _, ok := timefmt.ZoneName(v.Time); ok {
		return v.Time.Format(layoutRFC1123)
	}
	return v.Time.UTC().Format("Mon, 02 Jan 2006 15:04:05") + " GMT"
}

// Valid reports whether the value holds a usable time.
func (v RFC1123) Valid() bool { return !v.Time.IsZero() }

// DateOnly returns the calendar date in the value's own zone: "Tue, 17 Jan
// 2012 00:00:00 EST" is 17 Jan 2012, not the 16th it would be west of New
// York. Most MHV dates are midnight Eastern and mean a day.
func (v RFC1123) DateOnly() Date { return DateOf(v.Time) }

// In returns the instant in loc. A nil loc is UTC (time.Time.In panics).
func (v RFC1123) In(loc *time.Location) time.Time { return v.Time.In(orUTC(loc)) }

// orUTC is loc, or UTC for a nil loc: the In methods never panic.
func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

// DateTime is an instant sent as ISO 8601, with or without a zone
// (Develop Health sends "2024-02-14T05:46:07.764000"). A zone-less value is
// read as UTC; HasZone tells. A value built in code prints as RFC 3339.
type DateTime struct {
	time.Time
	text
}

// UnmarshalJSON implements json.Unmarshaler; it never fails on a string.
func (v *DateTime) UnmarshalJSON(b []byte) error {
	t, _ := v.text.decode(b)
	v.Time = t
	return nil
}

// MarshalJSON implements json.Marshaler.
func (v DateTime) MarshalJSON() ([]byte, error) {
	if b, ok := v.text.encode(v.state == wasParsed && v.sameTime(v.Time)); ok {
		return b, nil
	}
	if v.Time.IsZero() {
		return []byte("null"), nil
	}
	return quote(v.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (v *DateTime) UnmarshalText(b []byte) error {
	v.Time, _ = v.text.decodeText(string(b))
	return nil
}

// MarshalText implements encoding.TextMarshaler.
func (v DateTime) MarshalText() ([]byte, error) {
	if v.state == wasParsed && v.sameTime(v.Time) || v.state == wasInvalid {
		return []byte(v.raw), nil
	}
	return []byte(v.String()), nil
}

// String prints the value as RFC 3339 ("" when unset).
func (v DateTime) String() string {
	if v.state == wasInvalid {
		return v.raw
	}
	if v.Time.IsZero() {
		return ""
	}
	return v.Time.Format(layoutDateTime)
}

// Valid reports whether the value holds a usable time.
func (v DateTime) Valid() bool { return !v.Time.IsZero() }

// HasZone reports whether the text carried a zone or offset. A value built
// in code always has one.
func (v DateTime) HasZone() bool { return v.kind != timefmt.KindISOLocal && v.kind != timefmt.KindDate }

// In reinterprets a zone-less value's wall clock in loc (a value with a
// zone is converted instead). A nil loc is UTC.
func (v DateTime) In(loc *time.Location) time.Time {
	loc = orUTC(loc)
	if v.HasZone() {
		return v.Time.In(loc)
	}
	t := v.Time
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
}

// DateOnly returns the calendar date of the value as written.
func (v DateTime) DateOnly() Date { return DateOf(v.Time) }

// Date is a calendar date without a zone (a birth date, a fill date). It
// decodes "1980-01-01", "01/02/1980", and date-times, taking the date as
// written ("1993-10-21T00:00:00.000Z" is 21 Oct 1993; an RFC 1123 value
// gives its date in its own zone). A value built in code prints as
// "2006-01-02".
type Date struct {
	Year  int
	Month time.Month
	Day   int
	text
}

// DateOf returns the date of t in t's own location.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// NewDate returns a date built in code.
func NewDate(year int, month time.Month, day int) Date {
	return Date{Year: year, Month: month, Day: day}
}

// UnmarshalJSON implements json.Unmarshaler; it never fails on a string.
func (d *Date) UnmarshalJSON(b []byte) error {
	t, ok := d.text.decode(b)
	d.setDate(t, ok)
	return nil
}

// setDate keeps the date of a parsed time (none when !ok).
func (d *Date) setDate(t time.Time, ok bool) {
	d.Year, d.Month, d.Day = 0, 0, 0
	if ok {
		d.Year, d.Month, d.Day = t.Date()
	}
}

// MarshalJSON implements json.Marshaler.
func (d Date) MarshalJSON() ([]byte, error) {
	if b, ok := d.text.encode(d.state == wasParsed && d.sameDate(d)); ok {
		return b, nil
	}
	if d.IsZero() {
		return []byte("null"), nil
	}
	return quote(d.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	t, ok := d.text.decodeText(string(b))
	d.setDate(t, ok)
	return nil
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) {
	if d.state == wasParsed && d.sameDate(d) || d.state == wasInvalid {
		return []byte(d.raw), nil
	}
	return []byte(d.String()), nil
}

// String prints "2006-01-02" ("" when unset).
func (d Date) String() string {
	if d.state == wasInvalid {
		return d.raw
	}
	if d.IsZero() {
		return ""
	}
	return d.In(time.UTC).Format(layoutDate)
}

// IsZero reports an unset date (used by the omitzero JSON option).
func (d Date) IsZero() bool { return d.Year == 0 && d.Month == 0 && d.Day == 0 }

// Valid reports whether the date is set and real (no 31 February).
func (d Date) Valid() bool {
	if d.IsZero() || d.Month < 1 || d.Month > 12 || d.Day < 1 {
		return false
	}
	return d.In(time.UTC).Day() == d.Day
}

// In returns midnight of the date in loc (a nil loc is UTC).
func (d Date) In(loc *time.Location) time.Time {
	loc = orUTC(loc)
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Format prints the date with a time layout (midnight UTC), for providers
// that send dates in another form, such as "2006-01-02T00:00:00.000Z".
func (d Date) Format(layout string) string { return d.In(time.UTC).Format(layout) }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.In(time.UTC).Before(e.In(time.UTC)) }

// Equal reports whether d and e are the same date (however they arrived).
func (d Date) Equal(e Date) bool { return d.Year == e.Year && d.Month == e.Month && d.Day == e.Day }

// sameInstantAndOffset reports equal instants printed with equal offsets.
func sameInstantAndOffset(a, b time.Time) bool {
	_, oa := a.Zone()
	_, ob := b.Zone()
	return a.Equal(b) && oa == ob
}
