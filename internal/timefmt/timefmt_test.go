package timefmt

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRFC1123ZonesHaveRealOffsets(t *testing.T) {
	// The same wall clock in every zone: the instant must move by the
	// zone's real offset, which time.Parse gets wrong (it says +0000).
	const wall = "Tue, 17 Jan 2012 00:00:00 "
	cases := []struct {
		zone    string
		offsetH int
	}{
		{"EST", -5}, {"EDT", -4}, {"CST", -6}, {"CDT", -5}, {"MST", -7}, {"MDT", -6},
		{"PST", -8}, {"PDT", -7}, {"AKST", -9}, {"AKDT", -8}, {"HST", -10}, {"HDT", -9},
		{"GMT", 0}, {"UTC", 0}, {"UT", 0}, {"est", -5},
		{"GMT+00:00", 0}, {"UTC+0000", 0}, {"GMT-05:00", -5}, {"-0500", -5}, {"+0530", 0},
	}
	for _, tc := range cases {
		t.Run(tc.zone, func(t *testing.T) {
			got, kind, err := Parse(wall + tc.zone)
			require.NoError(t, err)
			assert.Equal(t, KindRFC1123, kind)
			_, off := got.Zone()
			if tc.zone == "+0530" {
				assert.Equal(t, 5*3600+30*60, off)
				return
			}
			assert.Equal(t, tc.offsetH*3600, off)
			want := time.Date(2012, 1, 17, 0, 0, 0, 0, time.UTC).Add(time.Duration(-tc.offsetH) * time.Hour)
			assert.True(t, got.Equal(want), "got %s want %s", got.UTC(), want)
		})
	}
}

func TestParseRFC1123Variants(t *testing.T) {
	want := time.Date(2025, 9, 5, 15, 18, 2, 0, time.UTC)
	for _, s := range []string{
		"Fri, 05 Sep 2025 15:18:02 GMT+00:00", // the MHV gateway's Expires header
		"Fri, 05 Sep 2025 15:18:02 GMT",
		"Fri, 5 Sep 2025 15:18:02 GMT",
		"05 Sep 2025 15:18:02 GMT",
		"Friday, 05-Sep-25 15:18:02 GMT",
		"Fri, 05 Sep 2025 11:18:02 EDT",
		"  Fri, 05 Sep 2025 11:18:02 EDT  ",
	} {
		got, _, err := Parse(s)
		require.NoError(t, err, s)
		assert.True(t, got.Equal(want), "%q: got %s", s, got.UTC())
	}
}

func TestParseRejectsUnknownAndContradictoryZones(t *testing.T) {
	for _, s := range []string{
		"Tue, 17 Jan 2012 00:00:00 CEST",
		"Tue, 17 Jan 2012 00:00:00 IST",
	} {
		_, _, err := Parse(s)
		assert.ErrorIs(t, err, ErrUnknownZone, s)
	}
	for _, s := range []string{
		"Tue, 17 Jan 2012 00:00:00 EST+01:00",
		"Tue, 17 Jan 2012 00:00:00 GMT+99:00",
		"Tue, 17 Jan 2012 25:00:00 EST",
		"Tue, 32 Jan 2012 00:00:00 EST",
		"yesterday",
		"",
		"2024-13-01",
	} {
		_, _, err := Parse(s)
		assert.Error(t, err, s)
	}
}

func TestParseISOForms(t *testing.T) {
	cases := []struct {
		in     string
		kind   Kind
		want   time.Time
		offset int
	}{
		{"2024-08-22T18:24:56.692Z", KindISOZoned, time.Date(2024, 8, 22, 18, 24, 56, 692e6, time.UTC), 0},
		{"2024-08-22T20:18:21.297+00:00", KindISOZoned, time.Date(2024, 8, 22, 20, 18, 21, 297e6, time.UTC), 0},
		{"2024-08-22T20:18:21.297+0000", KindISOZoned, time.Date(2024, 8, 22, 20, 18, 21, 297e6, time.UTC), 0},
		{"2024-08-22T16:18:21-04:00", KindISOZoned, time.Date(2024, 8, 22, 20, 18, 21, 0, time.UTC), -4 * 3600},
		{"2024-08-22T16:18:21z", KindISOZoned, time.Date(2024, 8, 22, 16, 18, 21, 0, time.UTC), 0},
		{"2024-02-14T05:46:07.764000", KindISOLocal, time.Date(2024, 2, 14, 5, 46, 7, 764e6, time.UTC), 0},
		{"2024-02-14T05:46:07", KindISOLocal, time.Date(2024, 2, 14, 5, 46, 7, 0, time.UTC), 0},
		{"2024-02-14 05:46:07", KindISOLocal, time.Date(2024, 2, 14, 5, 46, 7, 0, time.UTC), 0},
		{"2023-11-10T10:15", KindISOLocal, time.Date(2023, 11, 10, 10, 15, 0, 0, time.UTC), 0},
		{"1980-01-01", KindDate, time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), 0},
		{"01/02/1980", KindDate, time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC), 0},
		{"1/2/1980", KindDate, time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC), 0},
	}
	for _, tc := range cases {
		got, kind, err := Parse(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.kind, kind, tc.in)
		assert.True(t, got.Equal(tc.want), "%s: got %s", tc.in, got)
		_, off := got.Zone()
		assert.Equal(t, tc.offset, off, tc.in)
	}
}

type payload struct {
	Refill  RFC1123  `json:"refillDate"`
	Created DateTime `json:"created"`
	Birth   Date     `json:"birthDate"`
}

func TestJSONRoundTripKeepsTheFormItCameIn(t *testing.T) {
	docs := []string{
		`{"refillDate":"Tue, 17 Jan 2012 00:00:00 EST","created":"2024-02-14T05:46:07.764000","birthDate":"1993-10-21T00:00:00.000Z"}`,
		`{"refillDate":"Fri, 05 Sep 2025 15:18:02 GMT+00:00","created":"2024-08-22T20:18:21.297+00:00","birthDate":"1993-10-21"}`,
		`{"refillDate":null,"created":"","birthDate":null}`,
		`{"refillDate":"","created":null,"birthDate":""}`,
		`{"refillDate":"not a date","created":"soon","birthDate":"21st October"}`,
		`{"refillDate":1700000000,"created":1700000000123,"birthDate":"01/02/1980"}`,
	}
	for _, doc := range docs {
		var p payload
		require.NoError(t, json.Unmarshal([]byte(doc), &p), doc)
		out, err := json.Marshal(p)
		require.NoError(t, err)
		assert.JSONEq(t, doc, string(out))
	}
}

func TestNullAndEmptyAreUnsetWithoutError(t *testing.T) {
	var p payload
	require.NoError(t, json.Unmarshal([]byte(`{"refillDate":null,"created":"","birthDate":null}`), &p))
	assert.False(t, p.Refill.Valid())
	assert.True(t, p.Refill.IsNull())
	assert.False(t, p.Created.Valid())
	assert.False(t, p.Birth.Valid())
	assert.True(t, p.Birth.IsZero())
}

func TestInvalidTextIsKeptNotFatal(t *testing.T) {
	var p payload
	require.NoError(t, json.Unmarshal([]byte(`{"refillDate":"Tue, 17 Jan 2012 00:00:00 CEST","created":true,"birthDate":"soon"}`), &p))
	assert.False(t, p.Refill.Valid())
	assert.Equal(t, "Tue, 17 Jan 2012 00:00:00 CEST", p.Refill.Raw())
	assert.False(t, p.Created.Valid())
	assert.Equal(t, "soon", p.Birth.Raw())
}

func TestChangedValuesPrintCanonically(t *testing.T) {
	var p payload
	require.NoError(t, json.Unmarshal([]byte(`{"refillDate":"Tue, 17 Jan 2012 00:00:00 EST","created":"2024-02-14T05:46:07","birthDate":"1993-10-21T00:00:00.000Z"}`), &p))
	p.Refill.Time = p.Refill.Time.Add(24 * time.Hour)
	p.Created.Time = p.Created.Time.Add(time.Second)
	p.Birth.Day = 22
	out, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"refillDate":"Wed, 18 Jan 2012 00:00:00 EST","created":"2024-02-14T05:46:08Z","birthDate":"1993-10-22"}`, string(out))
}

func TestValuesBuiltInCode(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no zone database")
	}
	p := payload{
		Refill:  RFC1123{Time: time.Date(2024, 7, 4, 0, 0, 0, 0, ny)},
		Created: DateTime{Time: time.Date(2024, 7, 4, 12, 0, 0, 500, time.UTC)},
		Birth:   NewDate(1980, time.January, 1),
	}
	out, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"refillDate":"Thu, 04 Jul 2024 00:00:00 EDT","created":"2024-07-04T12:00:00.0000005Z","birthDate":"1980-01-01"}`, string(out))

	// A zone with no US abbreviation prints in GMT.
	paris := time.FixedZone("CEST", 2*3600)
	assert.Equal(t, "Wed, 03 Jul 2024 22:00:00 GMT", RFC1123{Time: time.Date(2024, 7, 4, 0, 0, 0, 0, paris)}.String())

	var zero payload
	out, err = json.Marshal(zero)
	require.NoError(t, err)
	assert.JSONEq(t, `{"refillDate":null,"created":null,"birthDate":null}`, string(out))
}

func TestOmitZero(t *testing.T) {
	type req struct {
		Birth Date     `json:"birthDate,omitzero"`
		When  DateTime `json:"when,omitzero"`
	}
	out, err := json.Marshal(req{})
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(out))
}

func TestDateOnlyViewAvoidsOffByOne(t *testing.T) {
	var v RFC1123
	require.NoError(t, json.Unmarshal([]byte(`"Tue, 17 Jan 2012 00:00:00 EST"`), &v))
	d := v.DateOnly()
	assert.Equal(t, NewDate(2012, time.January, 17), Date{Year: d.Year, Month: d.Month, Day: d.Day})
	// In UTC it is still the 17th (05:00); in Los Angeles the wall clock
	// would say the 16th, which is the classic bug.
	la := time.FixedZone("PST", -8*3600)
	assert.Equal(t, 16, v.Time.In(la).Day())
	assert.Equal(t, "2012-01-17", d.String())
}

func TestDateFromDateTimeTakesTheWrittenDate(t *testing.T) {
	var d Date
	require.NoError(t, json.Unmarshal([]byte(`"1993-10-21T23:30:00-05:00"`), &d))
	assert.Equal(t, "1993-10-21", d.String(), "the date as written, not converted to UTC")
	assert.True(t, d.Valid())
	assert.Equal(t, "1993-10-21T00:00:00.000Z", d.Format("2006-01-02T15:04:05.000Z"))
	assert.False(t, Date{Year: 2023, Month: 2, Day: 29}.Valid())
	assert.True(t, NewDate(2024, 2, 29).Valid())
	assert.True(t, NewDate(2024, 1, 1).Before(NewDate(2024, 1, 2)))
}

func TestDateTimeZoneless(t *testing.T) {
	var v DateTime
	require.NoError(t, json.Unmarshal([]byte(`"2024-02-14T05:46:07.764000"`), &v))
	assert.False(t, v.HasZone())
	ny := time.FixedZone("EST", -5*3600)
	assert.Equal(t, 10, v.In(ny).UTC().Hour(), "wall clock reinterpreted in the given zone")
	require.NoError(t, json.Unmarshal([]byte(`"2024-02-14T05:46:07Z"`), &v))
	assert.True(t, v.HasZone())
	assert.Equal(t, 5, v.In(ny).UTC().Hour(), "converted, not reinterpreted")
	assert.Equal(t, 0, v.In(ny).Hour())
}

func TestTextMarshaling(t *testing.T) {
	var v RFC1123
	require.NoError(t, v.UnmarshalText([]byte("Tue, 17 Jan 2012 00:00:00 EST")))
	b, err := v.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "Tue, 17 Jan 2012 00:00:00 EST", string(b))
	var d Date
	require.NoError(t, d.UnmarshalText([]byte("1980-01-01")))
	b, err = d.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "1980-01-01", string(b))
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"Tue, 17 Jan 2012 00:00:00 EST", "Fri, 05 Sep 2025 15:18:02 GMT+00:00", "2024-02-14T05:46:07.764000",
		"2024-08-22T18:24:56.692Z", "1980-01-01", "01/02/1980", "", "null", "GMT-5", "2024-08-22T20:18:21.297+0000",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, kind, err := Parse(s)
		if err != nil {
			return
		}
		if kind == KindRFC1123 {
			// Printing and re-parsing keeps the instant and offset.
			again, _, err := Parse(tm.Format(LayoutRFC1123))
			if name, _ := tm.Zone(); name != "" {
				if err != nil || !sameInstantAndOffset(again, tm) {
					t.Fatalf("%q -> %s -> %v %v", s, tm.Format(LayoutRFC1123), again, err)
				}
			}
		}
		// JSON: decode then encode reproduces the input string.
		in, _ := json.Marshal(s)
		for _, v := range []any{&RFC1123{}, &DateTime{}, &Date{}} {
			if err := json.Unmarshal(in, v); err != nil {
				t.Fatalf("decode %s: %v", in, err)
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			if string(out) != string(in) {
				t.Fatalf("round trip %s -> %s", in, out)
			}
		}
	})
}

func TestDecodingADateAllocatesOnce(t *testing.T) {
	b := []byte(`"Tue, 17 Jan 2012 00:00:00 EST"`)
	var v RFC1123
	n := testing.AllocsPerRun(200, func() { _ = v.UnmarshalJSON(b) })
	assert.LessOrEqual(t, n, 1.0, "the kept text only: no decoder, no new Location")
	name, off := v.Zone()
	assert.Equal(t, "EST", name)
	assert.Equal(t, -5*3600, off)
	assert.Equal(t, "Tue, 17 Jan 2012 00:00:00 EST", v.Raw())
}

func TestPlainAndEscapedStringsDecodeAlike(t *testing.T) {
	for _, in := range []string{
		`"Tue, 17 Jan 2012 00:00:00 EST"`,
		`"Tue, 17 Jan 2012 00:00:00 \u0045ST"`,
		`"Tue, 17 Jan 2012 00:00:00\tEDT"`,
		`"Fri, 05 Sep 2025 15:18:02 GMT+00:00"`,
		`"Tue, 17 Jan 2012 00:00:00 CEST"`,
		`"\"quoted\""`,
		`"é"`,
		`""`,
		`" "`,
		`"2024-02-14T05:46:07.764000"`,
	} {
		var got RFC1123
		require.NoError(t, got.UnmarshalJSON([]byte(in)), in)
		var s string
		require.NoError(t, json.Unmarshal([]byte(in), &s), in)
		var want RFC1123
		require.NoError(t, want.UnmarshalText([]byte(s)), in)
		if s == "" {
			assert.False(t, got.Valid(), in)
			continue
		}
		assert.Equal(t, s, got.Raw(), in)
		assert.True(t, want.Time.Equal(got.Time), in)
		assert.Equal(t, want.Valid(), got.Valid(), in)
		out, err := json.Marshal(got)
		require.NoError(t, err)
		assert.JSONEq(t, in, string(out), in)
	}
}

func TestSharedZonesKeepTheirNameAndOffset(t *testing.T) {
	for abbr, hours := range map[string]int{"EST": -5, "EDT": -4, "CST": -6, "PDT": -7, "HST": -10, "GMT": 0, "UTC": 0} {
		v, _, err := ParseRFC1123("Tue, 17 Jan 2012 00:00:00 " + abbr)
		require.NoError(t, err)
		name, off := v.Zone()
		assert.Equal(t, abbr, name)
		assert.Equal(t, hours*3600, off)
	}
	v, _, err := ParseRFC1123("Tue, 17 Jan 2012 00:00:00 GMT+01:00")
	require.NoError(t, err)
	name, off := v.Zone()
	assert.Equal(t, "", name)
	assert.Equal(t, 3600, off)
	assert.Same(t, fixedZone("EST", -5*3600), fixedZone("EST", -5*3600))
	assert.NotSame(t, fixedZone("EST", -4*3600), fixedZone("EST", -4*3600), "a mismatched offset is never the shared zone")
}

// FuzzCanonicalMatchesGeneral: whatever the fast path accepts, the general
// path (time.Parse) accepts with the same instant, zone name and offset.
func FuzzCanonicalMatchesGeneral(f *testing.F) {
	for _, s := range []string{
		"Tue, 17 Jan 2012 00:00:00 EST", "Wed, 24 Sep 2014 00:00:00 EDT", "Thu, 26 Dec 2015 15:54:21 GMT",
		"Sat, 29 Feb 2020 23:59:59 PST", "Sun, 29 Feb 2021 00:00:00 EST", "Mon, 31 Apr 2024 00:00:00 EST",
		"Tue, 17 Jan 2012 24:00:00 EST", "Tue, 17 Jan 2012 00:00:60 EST", "tue, 17 jan 2012 00:00:00 est",
		"Tue, 17 Jan 2012 00:00:00 GMT+00:00", "Tue, 7 Jan 2012 00:00:00 EST", "Xyz, 17 Jan 2012 00:00:00 EST",
		"Tue, 17 Foo 2012 00:00:00 EST", "Tue, 00 Jan 2012 00:00:00 EST", "Tue, 17 Jan 0000 00:00:00 UTC",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast, ok := parseCanonical(s)
		if !ok {
			return
		}
		slow, _, err := parseRFC1123General(s)
		if err != nil {
			t.Fatalf("fast path accepted %q, general path refused it: %v", s, err)
		}
		fn, fo := fast.Zone()
		sn, so := slow.Zone()
		if !fast.Equal(slow) || fn != sn || fo != so {
			t.Fatalf("%q: fast %v (%s %d), general %v (%s %d)", s, fast, fn, fo, slow, sn, so)
		}
	})
}

func TestCanonicalFastPathIsTaken(t *testing.T) {
	n := testing.AllocsPerRun(100, func() { _, _, _ = Parse("Tue, 17 Jan 2012 00:00:00 EST") })
	assert.Zero(t, n)
	_, ok := parseCanonical("Tue, 17 Jan 2012 00:00:00 EST")
	assert.True(t, ok)
	for _, s := range []string{"Sun, 29 Feb 2021 00:00:00 EST", "Tue, 17 Jan 2012 24:00:00 EST", "Tue, 17 Jan 2012 00:00:00 GMT+00:00",
		"tue, 17 jan 2012 00:00:00 EST", "Tue, 17 Jan 2012 00:00:00 CEST"} {
		_, ok := parseCanonical(s)
		assert.False(t, ok, s)
	}
	_, _, err := Parse("Sun, 29 Feb 2021 00:00:00 EST")
	assert.Error(t, err, "an impossible date is still refused")
	v, _, err := Parse("tue, 17 jan 2012 00:00:00 est")
	require.NoError(t, err, "the general path still reads other capitalizations")
	_, off := v.Zone()
	assert.Equal(t, -5*3600, off)
}
