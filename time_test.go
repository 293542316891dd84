package rxbridge

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/rxbridge/rxbridge-go/internal/timefmt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
		tm, kind, err := timefmt.Parse(s)
		if err != nil {
			return
		}
		if kind == timefmt.KindRFC1123 {
			// Printing and re-parsing keeps the instant and offset.
			again, _, err := timefmt.Parse(tm.Format(layoutRFC1123))
			if name, _ := tm.Zone(); name != "" {
				if err != nil || !sameInstantAndOffset(again, tm) {
					t.Fatalf("%q -> %s -> %v %v", s, tm.Format(layoutRFC1123), again, err)
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
