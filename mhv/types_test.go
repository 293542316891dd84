package mhv_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/mhv"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "mhv", name))
	require.NoError(t, err)
	return b
}

// roundTrip decodes b into a fresh T, re-encodes it and compares the JSON.
func roundTrip[T any](t *testing.T, b []byte) *T {
	t.Helper()
	v := new(T)
	require.NoError(t, json.Unmarshal(b, v))
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(out))
	return v
}

func TestFixturesRoundTrip(t *testing.T) {
	t.Run("active (ICD)", func(t *testing.T) { roundTrip[mhv.PrescriptionList](t, fixture(t, "active.json")) })
	t.Run("history (ICD)", func(t *testing.T) { roundTrip[mhv.PrescriptionList](t, fixture(t, "history.json")) })
	t.Run("tracking (ICD)", func(t *testing.T) { roundTrip[mhv.TrackingDetails](t, fixture(t, "tracking.json")) })
	t.Run("active 2025 with failed stations", func(t *testing.T) {
		roundTrip[mhv.PrescriptionList](t, fixture(t, "active_2025_failed_station.json"))
	})
	t.Run("tracking with empty other list", func(t *testing.T) {
		roundTrip[mhv.TrackingDetails](t, fixture(t, "tracking_empty_other.json"))
	})
	t.Run("batch refill failure", func(t *testing.T) {
		roundTrip[mhv.BatchRefillResponse](t, fixture(t, "batch_refill_failure.json"))
	})
	t.Run("medications", func(t *testing.T) { roundTrip[mhv.MedicationList](t, fixture(t, "medications.json")) })
}

// est and edt are the real offsets of US Eastern time.
var (
	est = -5 * 3600
	edt = -4 * 3600
)

func offset(t time.Time) int { _, off := t.Zone(); return off }

func TestICDActiveListDecodes(t *testing.T) {
	l := roundTrip[mhv.PrescriptionList](t, fixture(t, "active.json"))
	rxs := l.Prescriptions()
	require.Len(t, rxs, 2)
	rx := rxs[0]
	assert.Equal(t, int64(527450), rx.PrescriptionID)
	assert.Equal(t, mhv.RefillStatusActive, rx.RefillStatus)
	assert.True(t, rx.RefillStatus.Known())
	assert.True(t, rx.IsRefillable)
	assert.False(t, rx.IsTrackable)
	assert.Equal(t, "2719090", rx.PrescriptionNumber)
	assert.Equal(t, "991", rx.StationNumber)
	n, ok := rx.RefillRemaining.Int64()
	assert.True(t, ok)
	assert.Equal(t, int64(11), n)
	q, _ := rx.Quantity.Int64()
	assert.Equal(t, int64(30), q)

	// "Tue, 17 Jan 2012 00:00:00 EST" is 05:00 UTC: EST is a real -05:00.
	assert.Equal(t, est, offset(rx.RefillDate.Time))
	assert.Equal(t, time.Date(2012, 1, 17, 5, 0, 0, 0, time.UTC), rx.RefillDate.UTC())
	assert.Equal(t, rxbridge.Date{Year: 2012, Month: time.January, Day: 17}.String(), rx.RefillDate.DateOnly().String())
	assert.Equal(t, time.Date(2013, 1, 17, 5, 0, 0, 0, time.UTC), rx.ExpirationDate.UTC())

	// null dates are unset, without error, and stay null.
	assert.False(t, rx.RefillSubmitDate.Valid())
	assert.True(t, rx.RefillSubmitDate.IsNull())
	assert.False(t, rx.DispensedDate.Valid())

	assert.False(t, l.Partial())
	assert.Equal(t, 0, l.FailedStationList.Len())
	assert.Equal(t, est, offset(l.LastUpdatedTime.Time))
	_, found := l.Find(527449)
	assert.True(t, found)
}

func TestICDHistoryDatesAreEDTWithTheirRealOffset(t *testing.T) {
	l := roundTrip[mhv.PrescriptionList](t, fixture(t, "history.json"))
	rx := l.Prescriptions()[0]
	// "Tue, 23 Sep 2014 00:00:00 EDT" is 04:00 UTC.
	assert.Equal(t, edt, offset(rx.RefillDate.Time))
	assert.Equal(t, time.Date(2014, 9, 23, 4, 0, 0, 0, time.UTC), rx.RefillDate.UTC())
	assert.Equal(t, "2014-09-23", rx.RefillDate.DateOnly().String())
	// In Los Angeles the same instant is still the 22nd: the date-only view
	// is what a fill date means.
	la := time.FixedZone("PDT", -7*3600)
	assert.Equal(t, 22, rx.RefillDate.In(la).Day())
	assert.Equal(t, 23, rx.RefillDate.DateOnly().Day)
	assert.Equal(t, edt, offset(rx.RefillSubmitDate.Time))
	assert.Equal(t, mhv.RefillStatusRefillInProcess, l.Prescriptions()[1].RefillStatus)
	assert.Equal(t, est, offset(l.LastUpdatedTime.Time))
}

func TestICDTrackingDecodes(t *testing.T) {
	tr := roundTrip[mhv.TrackingDetails](t, fixture(t, "tracking.json"))
	assert.Equal(t, "3635937", tr.PrescriptionNumber)
	assert.Equal(t, "(555)342-4321 ext@1", tr.RxInfoPhoneNumber)
	assert.Equal(t, edt, offset(tr.LastUpdatedtime.Time))
	ships := tr.Shipments()
	require.Len(t, ships, 2)
	assert.Equal(t, "USPS", ships[0].DeliveryService)
	assert.Equal(t, "1Z767W9ENT39121531", ships[1].TrackingNumber)
	assert.Equal(t, "2014-07-22", ships[1].ShippedDate.DateOnly().String())
	others := ships[0].OtherPrescriptionListIncluded
	require.Len(t, others, 2)
	assert.Equal(t, "00074493411", others[0].NdcNumber.Value)
	assert.False(t, others[1].NdcNumber.Valid, "ndcNumber null")
	assert.True(t, others[1].NdcNumber.IsNull())

	u, err := tr.ImageURL()
	require.NoError(t, err)
	assert.Equal(t, "https://www.myhealth.va.gov/mhv-portal-web/ShowBinary/BEA%20Repository/MILDrugImages/A6/NDC000A6074931", u)
	_, err = others[1].ImageURL()
	assert.ErrorIs(t, err, mhv.ErrInvalidNDC)
}

func TestLastUpdatedTimeBothSpellings(t *testing.T) {
	var l mhv.PrescriptionList
	require.NoError(t, json.Unmarshal([]byte(`{"prescriptionList":[],"lastUpdatedtime":"Tue, 09 Sep 2014 00:00:00 EDT"}`), &l))
	assert.Equal(t, edt, offset(l.LastUpdatedTime.Time))
	var tr mhv.TrackingDetails
	require.NoError(t, json.Unmarshal([]byte(`{"lastUpdatedTime":"Tue, 17 Jan 2012 00:00:00 EST"}`), &tr))
	assert.Equal(t, est, offset(tr.LastUpdatedtime.Time))
}

func TestFailedStationListIsAList(t *testing.T) {
	l := roundTrip[mhv.PrescriptionList](t, fixture(t, "active_2025_failed_station.json"))
	assert.Equal(t, []string{"979", "989"}, l.FailedStationList.Stations)
	assert.True(t, l.Partial())
	assert.True(t, l.SuccessfulStationList.IsZero() == false, "null is kept")

	cases := map[string][]string{
		`""`:               {},
		`"Station-000"`:    {"Station-000"},
		`" 979 ,, 989 , "`: {"979", "989"},
		`["979","989"]`:    {"979", "989"},
		`null`:             nil,
		`979`:              {"979"},
	}
	for in, want := range cases {
		var s mhv.StationList
		require.NoError(t, json.Unmarshal([]byte(in), &s), in)
		assert.Equal(t, want, s.Stations, in)
	}
	built := mhv.StationList{Stations: []string{"979", "989"}}
	b, _ := json.Marshal(built)
	assert.Equal(t, `"979,989"`, string(b))
}

func TestMHV2025Fields(t *testing.T) {
	l := roundTrip[mhv.PrescriptionList](t, fixture(t, "active_2025_failed_station.json"))
	rxs := l.Prescriptions()
	require.Len(t, rxs, 2)
	assert.Equal(t, "2720001A", rxs[0].PrescriptionNumber, "letter suffix kept")
	assert.Equal(t, "APPLY TO AFFECTED AREA WEEKLY", rxs[0].Sig.Or(""))
	assert.False(t, rxs[1].Sig.Valid)
	assert.True(t, rxs[1].Sig.IsNull())
	v, ok := rxs[0].InCernerTransition.Get()
	assert.True(t, ok)
	assert.False(t, v)
	// An unknown refillStatus decodes as it is.
	assert.Equal(t, mhv.RefillStatus("newStatusMhvAddedLater"), rxs[1].RefillStatus)
	assert.False(t, rxs[1].RefillStatus.Known())
	// quantity as a string, station number with a leading zero: kept.
	q, ok := rxs[1].Quantity.Int64()
	assert.True(t, ok)
	assert.Equal(t, int64(5), q)
	assert.Equal(t, "0979", rxs[1].StationNumber)
	assert.Equal(t, "0002317", rxs[1].PrescriptionNumber)
	assert.Equal(t, "00093721410", rxs[1].CmopNdcNumber.Value)
	assert.NotNil(t, l.Errors)
	assert.Empty(t, l.Errors)
}

func TestNullsEverywhereDecodeWithoutError(t *testing.T) {
	const allNull = `{"prescriptionList":[{"refillStatus":null,"refillSubmitDate":null,"refillDate":null,
	"refillRemaining":null,"facilityName":null,"isRefillable":null,"isTrackable":null,"prescriptionId":null,
	"orderedDate":null,"quantity":null,"expirationDate":null,"prescriptionNumber":null,"prescriptionName":null,
	"dispensedDate":null,"stationNumber":null,"sig":null}],"failedStationList":null,"lastUpdatedTime":null}`
	var l mhv.PrescriptionList
	require.NoError(t, json.Unmarshal([]byte(allNull), &l))
	rx := l.Prescriptions()[0]
	assert.Equal(t, int64(0), rx.PrescriptionID)
	assert.False(t, rx.RefillDate.Valid())
	_, ok := rx.Quantity.Int64()
	assert.False(t, ok)
	assert.Equal(t, 0, l.FailedStationList.Len())

	var empty mhv.PrescriptionList
	require.NoError(t, json.Unmarshal([]byte(`{"prescriptionList":null}`), &empty))
	assert.NotNil(t, empty.Prescriptions())
	assert.Empty(t, empty.Prescriptions())

	// An odd date does not make the list unreadable.
	var odd mhv.PrescriptionList
	require.NoError(t, json.Unmarshal([]byte(`{"prescriptionList":[{"refillDate":"sometime soon","prescriptionId":1}]}`), &odd))
	assert.False(t, odd.Prescriptions()[0].RefillDate.Valid())
	assert.Equal(t, "sometime soon", odd.Prescriptions()[0].RefillDate.Raw())
}

func TestRefillStatusIsOpen(t *testing.T) {
	for _, s := range mhv.KnownRefillStatuses() {
		assert.True(t, s.Known(), s)
	}
	assert.Len(t, mhv.KnownRefillStatuses(), 13)
	assert.False(t, mhv.RefillStatus("Active").Known(), "values are case-sensitive as MHV sends them")
}

func TestMedicationsDecode(t *testing.T) {
	m := roundTrip[mhv.MedicationList](t, fixture(t, "medications.json"))
	meds := m.Medications()
	require.Len(t, meds, 3)
	first := meds[0]
	assert.Equal(t, int64(21100001), first.PrescriptionID)
	assert.Equal(t, "00172-4741-70", first.Ndc.Value)
	assert.Equal(t, est, offset(first.ModifiedDate.Time))
	refills := first.Refills()
	require.Len(t, refills, 1)
	assert.Equal(t, "RF1", refills[0].PrescriptionNumberIndex.Value)
	assert.Empty(t, first.Shipments())

	// A list of one shipment arrives as a single object, with the members
	// MHV sends in this list (not the tracking call's).
	second := meds[1]
	ships := second.Shipments()
	require.Len(t, ships, 1)
	sh := ships[0]
	assert.Equal(t, rxbridge.Some(int64(31100001)), sh.ID)
	assert.Equal(t, rxbridge.Some("USPS"), sh.Carrier)
	assert.Equal(t, rxbridge.Some("9400100000000000000099"), sh.TrackingNumber)
	assert.Equal(t, time.Date(2025, 4, 2, 14, 31, 7, 0, time.FixedZone("EDT", -4*3600)).Unix(), sh.CompleteDateTime.Time.Unix())
	assert.Equal(t, edt, offset(sh.CompleteDateTime.Time))
	assert.Equal(t, edt, offset(sh.DateLoaded.Time))
	assert.Equal(t, 3, sh.DateLoaded.Time.Day())
	assert.Equal(t, rxbridge.Some("(555)555-0142"), sh.DivisionPhone)
	assert.Equal(t, rxbridge.Some(false), sh.IsLocalTracking)
	assert.Equal(t, rxbridge.Some("00093721410"), sh.Ndc)
	assert.Equal(t, rxbridge.Some(true), sh.OthersInSamePackage)
	assert.Equal(t, "2721350", sh.RxNumber.String())
	assert.Equal(t, "989", sh.StationNumber.String())
	assert.Equal(t, rxbridge.Some(false), sh.ViewImageDisplayed)
	assert.True(t, second.Tracking.Value)

	// The list's own messages.
	assert.NotNil(t, m.Errors)
	assert.Empty(t, m.Errors)
	assert.NotNil(t, m.InfoMessages)

	// Non-VA: quantity and refillRemaining null.
	nv := meds[2]
	assert.Equal(t, "NV", nv.PrescriptionSource.Value)
	_, ok := nv.Quantity.Int64()
	assert.False(t, ok)
	_, ok = nv.RefillRemaining.Int64()
	assert.False(t, ok)

	var none mhv.MedicationList
	require.NoError(t, json.Unmarshal([]byte(`{"medicationList":null}`), &none))
	assert.Empty(t, none.Medications())
}

// The numbers of a medications-list shipment decode as MHV may send them
// (number or string, a letter suffix kept), and the list's errors and
// infoMessages decode and re-encode.
func TestMedicationTrackingShapes(t *testing.T) {
	body := `{"medicationList":{"medication":[{"prescriptionId":1,"trackingList":{"tracking":[` +
		`{"id":"7","rxNumber":"2721263A","stationNumber":989,"isLocalTracking":true,"ndc":null,"completeDateTime":null},` +
		`{"id":8,"rxNumber":3636691,"stationNumber":"979","carrier":"UPS","dateLoaded":""}]}}]},` +
		`"errors":[{"errorCode":"139","developerMessage":"","message":"Prescription is not refillable"}],"infoMessages":[{"text":"x"}]}`
	var m mhv.MedicationList
	require.NoError(t, json.Unmarshal([]byte(body), &m))
	ships := m.Medications()[0].Shipments()
	require.Len(t, ships, 2)
	assert.Equal(t, "2721263A", ships[0].RxNumber.String())
	assert.Equal(t, "989", ships[0].StationNumber.String())
	assert.Equal(t, rxbridge.Some(true), ships[0].IsLocalTracking)
	assert.True(t, ships[0].Ndc.IsNull())
	assert.False(t, ships[0].CompleteDateTime.Valid())
	assert.Equal(t, rxbridge.Some(int64(8)), ships[1].ID)
	n, ok := ships[1].RxNumber.Int64()
	assert.True(t, ok)
	assert.Equal(t, int64(3636691), n)
	assert.Equal(t, "979", ships[1].StationNumber.String())
	assert.Equal(t, rxbridge.Some("UPS"), ships[1].Carrier)
	require.Len(t, m.Errors, 1)
	assert.Equal(t, "139", m.Errors[0].ErrorCode.String())
	require.Len(t, m.InfoMessages, 1)
	out, err := json.Marshal(&m)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"rxNumber":"2721263A"`)
	assert.Contains(t, string(out), `"stationNumber":989`)
	assert.Contains(t, string(out), `"errors":[{"errorCode":"139"`)
	assert.Contains(t, string(out), `"infoMessages":[{"text":"x"}]`)
}

func TestOptional(t *testing.T) {
	var o rxbridge.Optional[string]
	assert.True(t, o.IsZero())
	assert.Equal(t, "d", o.Or("d"))
	require.NoError(t, json.Unmarshal([]byte(`42`), &o), "a number where text was expected is not an error")
	assert.False(t, o.Valid)
	s := rxbridge.Some("x")
	v, ok := s.Get()
	assert.True(t, ok)
	assert.Equal(t, "x", v)
	b, _ := json.Marshal(s)
	assert.Equal(t, `"x"`, string(b))
}

// FuzzDecodePrescriptions: no input panics the decoders, and what decodes
// re-encodes and decodes again.
func FuzzDecodePrescriptions(f *testing.F) {
	for _, name := range []string{"active.json", "history.json", "active_2025_failed_station.json", "batch_refill_failure.json"} {
		f.Add(fixture(f, name))
	}
	f.Add([]byte(`{"prescriptionList":[{"refillDate":"Fri, 05 Sep 2025 15:18:02 GMT+00:00","quantity":"x"}],"failedStationList":[1,"a"]}`))
	f.Add([]byte(`{"failedStationList":{"a":1}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var l mhv.PrescriptionList
		if json.Unmarshal(b, &l) == nil {
			out, err := json.Marshal(&l)
			if err != nil {
				t.Fatalf("re-encode: %v", err)
			}
			var again mhv.PrescriptionList
			if err := json.Unmarshal(out, &again); err != nil {
				t.Fatalf("re-decode %s: %v", out, err)
			}
		}
		var br mhv.BatchRefillResponse
		_ = json.Unmarshal(b, &br)
	})
}

// FuzzDecodeTracking covers the tracking decoder.
func FuzzDecodeTracking(f *testing.F) {
	f.Add(fixture(f, "tracking.json"))
	f.Add(fixture(f, "tracking_empty_other.json"))
	f.Add([]byte(`{"ndcNumber":12,"trackingInfo":[{"otherPrescriptionListIncluded":null}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var tr mhv.TrackingDetails
		if json.Unmarshal(b, &tr) == nil {
			out, err := json.Marshal(&tr)
			if err != nil {
				t.Fatalf("re-encode: %v", err)
			}
			var again mhv.TrackingDetails
			if err := json.Unmarshal(out, &again); err != nil {
				t.Fatalf("re-decode %s: %v", out, err)
			}
			_, _ = tr.ImageURL()
		}
	})
}

// FuzzDecodeMedications covers the medications decoder (nested lists in
// one-or-many shapes).
func FuzzDecodeMedications(f *testing.F) {
	f.Add(fixture(f, "medications.json"))
	f.Add([]byte(`{"medicationList":{"medication":{"rxRFRecords":{"rfRecord":{"prescriptionId":1}}}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var m mhv.MedicationList
		if json.Unmarshal(b, &m) == nil {
			out, err := json.Marshal(&m)
			if err != nil {
				t.Fatalf("re-encode: %v", err)
			}
			var again mhv.MedicationList
			if err := json.Unmarshal(out, &again); err != nil {
				t.Fatalf("re-decode %s: %v", out, err)
			}
			for _, med := range m.Medications() {
				_ = med.Refills()
				_ = med.Shipments()
			}
		}
	})
}

// The ICD's table spells a shipment's list OtherPrescriptionsIncluded, its
// example (and MHV) otherPrescriptionListIncluded: both decode.
func TestTrackingAcceptsBothSpellingsOfTheOtherPrescriptions(t *testing.T) {
	for _, name := range []string{"otherPrescriptionListIncluded", "OtherPrescriptionsIncluded", "otherPrescriptionsIncluded"} {
		body := `{"prescriptionName":"A","trackingInfo":[{"shippedDate":"Tue, 09 Sep 2014 00:00:00 EDT","deliveryService":"USPS",` +
			`"trackingNumber":"1","` + name + `":[{"prescriptionName":"ATENOLOL 50MG TAB","prescriptionNumber":"3635930",` +
			`"ndcNumber":"00074493411","stationNumber":"991"}]}]}`
		var tr mhv.TrackingDetails
		require.NoError(t, json.Unmarshal([]byte(body), &tr), name)
		ships := tr.Shipments()
		require.Len(t, ships, 1, name)
		assert.Equal(t, "USPS", ships[0].DeliveryService, name)
		require.Len(t, ships[0].OtherPrescriptionListIncluded, 1, name)
		assert.Equal(t, "3635930", ships[0].OtherPrescriptionListIncluded[0].PrescriptionNumber, name)
	}
	// Both present: the example's spelling, which MHV sends, wins; an empty
	// list stays empty.
	var ti mhv.Shipment
	require.NoError(t, json.Unmarshal([]byte(`{"otherPrescriptionListIncluded":[],"OtherPrescriptionsIncluded":[{"prescriptionNumber":"9"}]}`), &ti))
	assert.NotNil(t, ti.OtherPrescriptionListIncluded)
	assert.Empty(t, ti.OtherPrescriptionListIncluded)
	ti = mhv.Shipment{}
	require.NoError(t, json.Unmarshal([]byte(`{"deliveryService":"UPS","OtherPrescriptionsIncluded":null}`), &ti))
	assert.Nil(t, ti.OtherPrescriptionListIncluded)
	assert.Equal(t, "UPS", ti.DeliveryService)
}
