package timefmt

import (
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
