package mhvtest

import "time"

// More seeded veterans.
const (
	// SecondVeteran is another seeded veteran, with prescriptions of his
	// own (to check that sessions and data never cross veterans).
	SecondVeteran = "15176498"
	// BlockedVeteran gets errorCode 106 at session creation.
	BlockedVeteran = "15176499"
	// NoAgreementVeteran gets errorCode 135 at session creation.
	NoAgreementVeteran = "15176500"
)

// Demo prescription ids of DemoVeteran.
const (
	// DemoRefillable is active and refillable.
	DemoRefillable int64 = 22000101
	// DemoTrackable is active, refillable and was shipped (tracking with
	// two packages).
	DemoTrackable int64 = 22000102
	// DemoSubmitted has a refill pending (not refillable: errorCode 139).
	DemoSubmitted int64 = 22000103
	// DemoInProcess is being filled and was shipped before (UPS).
	DemoInProcess int64 = 22000104
	// DemoExpired is expired (history only).
	DemoExpired int64 = 22000105
	// DemoDiscontinued is discontinued (history only).
	DemoDiscontinued int64 = 22000106
	// SecondVeteranRx belongs to SecondVeteran.
	SecondVeteranRx int64 = 22000201
)

// seed adds the synthetic demo data. Dates are relative to the fake's
// clock, at midnight US Eastern, so some fall in EST and some in EDT.
func (s *Server) seed() {
	today := s.today()
	day := func(n int) time.Time { return today.AddDate(0, 0, -n) }
	s.AddVeteran(Veteran{CorrelationID: DemoVeteran, Email: "veteran.demo@example.com", RxNotifications: true})
	s.AddVeteran(Veteran{CorrelationID: SecondVeteran, Email: "second.demo@example.com"})
	s.AddVeteran(Veteran{CorrelationID: BlockedVeteran, Blocked: true})
	s.AddVeteran(Veteran{CorrelationID: NoAgreementVeteran, AgreementNotAccepted: true})

	rxs := []Prescription{
		{ID: DemoRefillable, Number: "3636691", Name: "ATORVASTATIN CALCIUM 10MG TAB", Status: "active",
			Refillable: true, RefillsRemaining: 5, Quantity: 30, Facility: "DAYT29", Station: "989",
			NDC: "00093721410", Sig: "TAKE ONE TABLET BY MOUTH EVERY EVENING",
			Ordered: day(200), Expires: day(-165), LastFilled: day(40), Dispensed: day(41)},
		{ID: DemoTrackable, Number: "3636710A", Name: "METFORMIN HCL 500MG TAB", Status: "active",
			Refillable: true, Trackable: true, RefillsRemaining: 3, Quantity: 60, Facility: "DAYT29", Station: "989",
			NDC: "00378018701", Sig: "TAKE ONE TABLET BY MOUTH TWICE A DAY WITH MEALS",
			Ordered: day(120), Expires: day(-245), LastFilled: day(12), Dispensed: day(12),
			Shipments: []Shipment{
				{Shipped: day(10), Carrier: "USPS", TrackingNumber: "9400100000000000000001",
					Others: []OtherRx{{Name: "LISINOPRIL 10MG TAB", Number: "3636714", NDC: "00172375810", Station: "989"}}},
				{Shipped: day(100), Carrier: "UPS", TrackingNumber: "1Z000000000000001",
					Others: []OtherRx{{Name: "ATORVASTATIN CALCIUM 10MG TAB", Number: "3636691", NDC: "", Station: "989"}}},
			}},
		{ID: DemoSubmitted, Number: "3636714", Name: "LISINOPRIL 10MG TAB", Status: "submitted",
			RefillsRemaining: 4, Quantity: 30, Facility: "SLC10", Station: "979", NDC: "00172375810",
			Sig:     "TAKE ONE TABLET BY MOUTH DAILY",
			Ordered: day(150), Expires: day(-215), LastFilled: day(35), RefillSubmitted: day(2), Dispensed: day(35)},
		{ID: DemoInProcess, Number: "2721334", Name: "AMLODIPINE BESYLATE 5MG TAB", Status: "refillinprocess",
			Trackable: true, RefillsRemaining: 2, Quantity: 30, Facility: "DAYT29", Station: "989",
			NDC: "00069152068", Sig: "TAKE ONE TABLET BY MOUTH DAILY",
			Ordered: day(300), Expires: day(-65), LastFilled: day(33), RefillSubmitted: day(5), Dispensed: day(33),
			Shipments: []Shipment{{Shipped: day(31), Carrier: "UPS", TrackingNumber: "1Z000000000000002", Others: []OtherRx{}}}},
		{ID: DemoExpired, Number: "3636846", Name: "SIMVASTATIN 20MG TAB", Status: "expired",
			Quantity: 30, Facility: "SLC10", Station: "979", NDC: "00006073554",
			Ordered: day(500), Expires: day(135), LastFilled: day(170), Dispensed: day(170)},
		{ID: DemoDiscontinued, Number: "3636847", Name: "GABAPENTIN 100MG CAP", Status: "discontinued",
			RefillsRemaining: 1, Quantity: 90, Facility: "SLC10", Station: "979", NDC: "59762502401",
			Ordered: day(400), Expires: day(35), LastFilled: day(250)},
	}
	for _, rx := range rxs {
		s.AddPrescription(DemoVeteran, rx)
	}
	s.AddPrescription(SecondVeteran, Prescription{ID: SecondVeteranRx, Number: "2720945", Name: "OMEPRAZOLE 20MG CAP",
		Status: "active", Refillable: true, RefillsRemaining: 6, Quantity: 30, Facility: "DAYT29", Station: "989",
		NDC: "62175011843", Ordered: day(60), Expires: day(-305), LastFilled: day(20), Dispensed: day(20)})
}
