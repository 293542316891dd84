package timefmt

import (
	"testing"
	"time"
)

// daysIn and shortMonth agree with the time package for every month of
// four centuries (leap years included).
func TestDaysInAndShortMonthAgreeWithTime(t *testing.T) {
	for year := 1900; year <= 2300; year++ {
		for m := time.January; m <= time.December; m++ {
			if got, want := daysIn(m, year), time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day(); got != want {
				t.Fatalf("daysIn(%v, %d) = %d, want %d", m, year, got, want)
			}
			if got := shortMonth(m.String()[:3]); got != m {
				t.Fatalf("shortMonth(%q) = %v", m.String()[:3], got)
			}
		}
	}
	for _, bad := range []string{"", "jan", "JAN", "Janu", "Foo"} {
		if shortMonth(bad) != 0 {
			t.Fatalf("shortMonth(%q) is not 0", bad)
		}
	}
}
