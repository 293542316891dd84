package benchpair

import (
	"fmt"
	"strings"
)

// MHVActiveList is an active list of 10 prescriptions in MHV's wire format
// (about 5 KiB), as the ICD's examples look: the answer mhv's benchmarks
// are served and the body jsoncodec's benchmarks decode.
func MHVActiveList() string {
	var b strings.Builder
	b.WriteString(`{"prescriptionList":[`)
	for i := range 10 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"refillStatus":"active","refillSubmitDate":null,"refillDate":"Tue, 17 Jan 2012 00:00:00 EST",`+
			`"refillRemaining":11,"facilityName":"SLC4","isRefillable":true,"isTrackable":false,"prescriptionId":%d,`+
			`"orderedDate":"Tue, 17 Jan 2012 00:00:00 EST","quantity":30,"expirationDate":"Thu, 17 Jan 2013 00:00:00 EST",`+
			`"prescriptionNumber":"27190%02d","prescriptionName":"SYNTHETIC DRUG %d 5MG CAP","dispensedDate":"Tue, 23 Sep 2014 00:00:00 EDT","stationNumber":"991"}`,
			527450+i, i, i)
	}
	b.WriteString(`],"failedStationList":"","lastUpdatedTime":"Tue, 17 Jan 2012 00:00:00 EST"}`)
	return b.String()
}

// MHVPlainList is MHVActiveList as a hand-written client decodes it:
// plain structs with every member, dates left as strings.
type MHVPlainList struct {
	PrescriptionList  []MHVPlainRx `json:"prescriptionList"`
	FailedStationList string       `json:"failedStationList"`
	LastUpdatedTime   string       `json:"lastUpdatedTime"`
}

// MHVPlainRx is one prescription of MHVPlainList.
type MHVPlainRx struct {
	RefillStatus       string `json:"refillStatus"`
	RefillSubmitDate   string `json:"refillSubmitDate"`
	RefillDate         string `json:"refillDate"`
	RefillRemaining    int    `json:"refillRemaining"`
	FacilityName       string `json:"facilityName"`
	IsRefillable       bool   `json:"isRefillable"`
	IsTrackable        bool   `json:"isTrackable"`
	PrescriptionID     int64  `json:"prescriptionId"`
	OrderedDate        string `json:"orderedDate"`
	Quantity           int    `json:"quantity"`
	ExpirationDate     string `json:"expirationDate"`
	PrescriptionNumber string `json:"prescriptionNumber"`
	PrescriptionName   string `json:"prescriptionName"`
	DispensedDate      string `json:"dispensedDate"`
	StationNumber      string `json:"stationNumber"`
}
