// Package timefmt parses the dates the upstream APIs send. The JSON-aware
// types built on it (rxbridge.Date, DateTime, RFC1123) are public, in the
// rxbridge package.
//
// Forms understood by Parse:
//   - RFC 1123 with a US zone abbreviation, mapped to its real offset:
//     "Tue, 17 Jan 2012 00:00:00 EST" is 05:00 UTC. (time.Parse silently
//     gives +0000 for an abbreviation the local zone database does not
//     know, and http.ParseTime accepts only GMT.) Also a numeric offset
//     ("-0500") and the gateway form "Fri, 05 Sep 2025 15:18:02 GMT+00:00".
//     An unknown abbreviation is an error, never a guess.
//   - ISO 8601 with a zone ("2024-08-22T18:24:56.692Z", "...+00:00",
//     "...+0000"), without one ("2024-02-14T05:46:07.764000", interpreted
//     as UTC), with a space instead of "T".
//   - date only ("1980-01-01") and US "01/02/2006".
package timefmt

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Kind is the form a value was written in.
type Kind uint8

const (
	// KindNone: no value (null, "", or built in code).
	KindNone Kind = iota
	// KindRFC1123: "Tue, 17 Jan 2012 00:00:00 EST" and its variants.
	KindRFC1123
	// KindISOZoned: ISO 8601 date and time with a zone or offset.
	KindISOZoned
	// KindISOLocal: ISO 8601 date and time without a zone (read as UTC).
	KindISOLocal
	// KindDate: a date without time ("1980-01-01", "01/02/1980").
	KindDate
	// KindUnix: a JSON number of seconds (or milliseconds) since 1970.
	KindUnix
)

// ErrUnknownZone is returned for a zone abbreviation we do not map.
var ErrUnknownZone = errors.New("timefmt: unknown time zone abbreviation")

// ErrFormat is returned for text that matches no supported form.
var ErrFormat = errors.New("timefmt: unrecognized date/time format")

// ZoneOffset returns the UTC offset in seconds of a US zone abbreviation
// (EST, EDT, CST, CDT, MST, MDT, PST, PDT, AKST, AKDT, HST, HDT) or of
// GMT, UTC, UT and Z.
func ZoneOffset(abbr string) (int, bool) {
	const h = 3600
	switch strings.ToUpper(abbr) {
	case "GMT", "UTC", "UT", "Z":
		return 0, true
	case "EST":
		return -5 * h, true
	case "EDT":
		return -4 * h, true
	case "CST":
		return -6 * h, true
	case "CDT":
		return -5 * h, true
	case "MST":
		return -7 * h, true
	case "MDT":
		return -6 * h, true
	case "PST":
		return -8 * h, true
	case "PDT":
		return -7 * h, true
	case "AKST":
		return -9 * h, true
	case "AKDT":
		return -8 * h, true
	case "HST":
		return -10 * h, true
	case "HDT":
		return -9 * h, true
	}
	return 0, false
}

// Parse reads s in any supported form and reports which one it was.
func Parse(s string) (time.Time, Kind, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, KindNone, ErrFormat
	}
	if len(s) > 64 {
		return time.Time{}, KindNone, ErrFormat
	}
	if s[len(s)-1] == 'z' {
		s = s[:len(s)-1] + "Z"
	}
	c := s[0]
	if c >= '0' && c <= '9' && len(s) >= 8 && (s[4] == '-' || strings.IndexByte(s[:3], '/') >= 0) {
		return parseISO(s)
	}
	return ParseRFC1123(s)
}

var rfc1123Heads = []string{
	"Mon, 02 Jan 2006 15:04:05",
	"Mon, 2 Jan 2006 15:04:05",
	"02 Jan 2006 15:04:05",
	"2 Jan 2006 15:04:05",
	"Monday, 02-Jan-06 15:04:05",
	"Mon, 02-Jan-2006 15:04:05",
}

// ParseRFC1123 parses an RFC 1123 date with a US zone abbreviation, a
// numeric offset, or an abbreviation followed by an offset ("GMT+00:00").
func ParseRFC1123(s string) (time.Time, Kind, error) {
	s = strings.TrimSpace(s)
	if t, ok := parseCanonical(s); ok {
		return t, KindRFC1123, nil
	}
	return parseRFC1123General(s)
}

// parseRFC1123General is ParseRFC1123 for every variant, through
// time.Parse.
func parseRFC1123General(s string) (time.Time, Kind, error) {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return time.Time{}, KindNone, ErrFormat
	}
	head, zone := strings.TrimSpace(s[:i]), s[i+1:]
	name, off, err := parseZone(zone)
	if err != nil {
		return time.Time{}, KindNone, err
	}
	for _, layout := range rfc1123Heads {
		t, err := time.Parse(layout, head)
		if err != nil {
			continue
		}
		y, mo, d := t.Date()
		hh, mm, ss := t.Clock()
		return time.Date(y, mo, d, hh, mm, ss, t.Nanosecond(), fixedZone(name, off)), KindRFC1123, nil
	}
	return time.Time{}, KindNone, ErrFormat
}

// parseCanonical reads the one form MHV writes in every body, "Tue, 17
// Jan 2012 00:00:00 EST" (canonical capitalization, two-digit day, a zone
// we name), about ten times faster than time.Parse: a prescription list
// has five such dates per prescription. Anything else, including invalid
// values, gets ok=false and goes to the general path, which decides; the
// result for accepted input is identical (FuzzCanonicalMatchesGeneral).
func parseCanonical(s string) (time.Time, bool) {
	// "Mon, 02 Jan 2006 15:04:05 " is 26 bytes; the zone follows.
	if len(s) < 27 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
		s[19] != ':' || s[22] != ':' || s[25] != ' ' {
		return time.Time{}, false
	}
	loc, ok := zoneCache[s[26:]]
	if !ok || !shortDay(s[:3]) {
		return time.Time{}, false
	}
	mon := shortMonth(s[8:11])
	day, ok1 := digits(s[5:7])
	year, ok2 := digits(s[12:16])
	hh, ok3 := digits(s[17:19])
	mm, ok4 := digits(s[20:22])
	ss, ok5 := digits(s[23:25])
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || mon == 0 || day < 1 || day > daysIn(mon, year) ||
		hh > 23 || mm > 59 || ss > 59 {
		return time.Time{}, false
	}
	return time.Date(year, mon, day, hh, mm, ss, 0, loc), true
}

// digits reads an unsigned decimal of ASCII digits only.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// shortDay reports a canonical three-letter day name.
func shortDay(s string) bool {
	switch s {
	case "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun":
		return true
	}
	return false
}

// shortMonth returns the month of a canonical three-letter name (0 when
// none).
func shortMonth(s string) time.Month {
	switch s {
	case "Jan":
		return time.January
	case "Feb":
		return time.February
	case "Mar":
		return time.March
	case "Apr":
		return time.April
	case "May":
		return time.May
	case "Jun":
		return time.June
	case "Jul":
		return time.July
	case "Aug":
		return time.August
	case "Sep":
		return time.September
	case "Oct":
		return time.October
	case "Nov":
		return time.November
	case "Dec":
		return time.December
	}
	return 0
}

// daysIn returns the number of days of a month.
func daysIn(m time.Month, year int) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// zoneCache holds one shared *time.Location per named zone we map, so
// parsing "... EST" does not build a new Location (three allocations) for
// every date of a prescription list. Locations are immutable; sharing them
// changes nothing but the allocation count.
var zoneCache = func() map[string]*time.Location {
	m := map[string]*time.Location{}
	for _, n := range []string{"GMT", "UTC", "UT", "Z", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "AKST", "AKDT", "HST", "HDT"} {
		off, _ := ZoneOffset(n)
		m[n] = time.FixedZone(n, off)
	}
	return m
}()

// fixedZone returns the Location of a zone name and offset: the shared one
// when the name is a zone we map with its own offset, a new one otherwise.
func fixedZone(name string, off int) *time.Location {
	if loc, ok := zoneCache[name]; ok {
		if o, _ := ZoneOffset(name); o == off {
			return loc
		}
	}
	return time.FixedZone(name, off)
}

// parseZone reads "EST", "-0500", "+05:30", "GMT+00:00", "UTC-5".
func parseZone(z string) (name string, off int, err error) {
	if z == "" {
		return "", 0, ErrFormat
	}
	if z[0] == '+' || z[0] == '-' {
		off, ok := parseOffset(z)
		if !ok {
			return "", 0, ErrFormat
		}
		return "", off, nil
	}
	j := strings.IndexAny(z, "+-")
	abbr := z
	if j > 0 {
		abbr = z[:j]
	}
	base, ok := ZoneOffset(abbr)
	if !ok {
		for _, r := range abbr {
			if r < 'A' || r > 'z' {
				return "", 0, ErrFormat
			}
		}
		return "", 0, ErrUnknownZone
	}
	name = strings.ToUpper(abbr)
	if j < 0 {
		return name, base, nil
	}
	o, ok := parseOffset(z[j:])
	if !ok {
		return "", 0, ErrFormat
	}
	if base != 0 && o != base {
		// "EST+01:00" contradicts itself; refuse rather than pick one.
		return "", 0, ErrFormat
	}
	if o != base {
		// "GMT+01:00": the abbreviation no longer names the zone; keep
		// only the offset so it prints as one.
		return "", o, nil
	}
	return name, o, nil
}

// parseOffset reads ±hh, ±hhmm, ±hh:mm (and ±h) into seconds.
func parseOffset(s string) (int, bool) {
	sign := 1
	switch s[0] {
	case '-':
		sign = -1
	case '+':
	default:
		return 0, false
	}
	s = strings.ReplaceAll(s[1:], ":", "")
	var h, m int
	var err error
	switch len(s) {
	case 1, 2:
		h, err = strconv.Atoi(s)
	case 3:
		h, err = strconv.Atoi(s[:1])
		if err == nil {
			m, err = strconv.Atoi(s[1:])
		}
	case 4:
		h, err = strconv.Atoi(s[:2])
		if err == nil {
			m, err = strconv.Atoi(s[2:])
		}
	default:
		return 0, false
	}
	if err != nil || h > 14 || m > 59 || h < 0 || m < 0 {
		return 0, false
	}
	return sign * (h*3600 + m*60), true
}

var (
	isoZoned = []string{"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05Z07",
		"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05Z0700", "2006-01-02T15:04Z07:00"}
	isoLocal = []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04"}
	dateOnly = []string{"2006-01-02", "01/02/2006", "1/2/2006"}
)

// parseISO reads the ISO 8601 and date-only forms.
func parseISO(s string) (time.Time, Kind, error) {
	if len(s) <= 10 {
		for _, l := range dateOnly {
			if t, err := time.Parse(l, s); err == nil {
				return t, KindDate, nil
			}
		}
		return time.Time{}, KindNone, ErrFormat
	}
	if hasZone(s) {
		for _, l := range isoZoned {
			if t, err := time.Parse(l, s); err == nil {
				return normalizeUTC(t), KindISOZoned, nil
			}
		}
		return time.Time{}, KindNone, ErrFormat
	}
	for _, l := range isoLocal {
		if t, err := time.Parse(l, s); err == nil {
			return t, KindISOLocal, nil
		}
	}
	return time.Time{}, KindNone, ErrFormat
}

// hasZone reports whether an ISO date-time ends with Z or an offset.
func hasZone(s string) bool {
	if s[len(s)-1] == 'Z' {
		return true
	}
	// An offset sign after the time part (position 10 is the T/space).
	return strings.ContainsAny(s[11:], "+-")
}

// normalizeUTC gives a zero offset the UTC location, so Z and +00:00 compare
// and print alike.
func normalizeUTC(t time.Time) time.Time {
	if _, off := t.Zone(); off == 0 {
		return t.UTC()
	}
	return t
}

// ZoneName returns the US abbreviation for a zone offset in a given
// season, used to print RFC 1123 values built in code in their own zone.
func ZoneName(t time.Time) (string, bool) {
	name, off := t.Zone()
	if o, ok := ZoneOffset(name); ok && o == off {
		return strings.ToUpper(name), true
	}
	return "", false
}
