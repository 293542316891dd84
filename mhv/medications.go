package mhv

import (
	"context"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// MedicationsTO is the answer of the medications list (prescription/
// medications), which MHV added after the ICD (2023) and vets-api uses for
// its medications pages: every prescription with its details, refill
// records and tracking. MHV serializes it from XML, so a list of one may
// arrive as a single object; both shapes decode.
type MedicationsTO struct {
	FailedStationList     StationList     `json:"failedStationList"`
	SuccessfulStationList StationList     `json:"successfulStationList"`
	LastUpdatedTime       RFC1123         `json:"lastUpdatedTime"`
	MedicationList        *MedicationList `json:"medicationList"`
}

// MedicationList wraps the list as MHV sends it: {"medication": [...]}.
type MedicationList struct {
	Medication rxbridge.OneOrMany[Medication] `json:"medication"`
}

// Medications returns the medications (never nil).
func (m *MedicationsTO) Medications() []Medication {
	if m == nil || m.MedicationList == nil || m.MedicationList.Medication.Items == nil {
		return []Medication{}
	}
	return m.MedicationList.Medication.Items
}

// Medication is a prescription with the details of the medications list.
// The PrescriptionTO fields come first; the rest may be absent or null.
// prescriptionSource "NV" marks a non-VA medication, whose quantity and
// refillRemaining are null.
type Medication struct {
	PrescriptionTO

	ID                      Optional[int64]  `json:"id,omitzero"`
	UserID                  Optional[int64]  `json:"userId,omitzero"`
	FacilityAPIName         Optional[string] `json:"facilityApiName,omitzero"`
	ProviderFirstName       Optional[string] `json:"providerFirstName,omitzero"`
	ProviderLastName        Optional[string] `json:"providerLastName,omitzero"`
	Remarks                 Optional[string] `json:"remarks,omitzero"`
	DivisionName            Optional[string] `json:"divisionName,omitzero"`
	ModifiedDate            RFC1123          `json:"modifiedDate"`
	InstitutionID           Optional[string] `json:"institutionId,omitzero"`
	DialCmopDivisionPhone   Optional[string] `json:"dialCmopDivisionPhone,omitzero"`
	DispStatus              Optional[string] `json:"dispStatus,omitzero"`
	Ndc                     Optional[string] `json:"ndc,omitzero"`
	Reason                  Optional[string] `json:"reason,omitzero"`
	PrescriptionNumberIndex Optional[string] `json:"prescriptionNumberIndex,omitzero"`
	// PrescriptionSource is "RX" (VA), "RF" (a refill record), "NV"
	// (non-VA) or another value MHV adds.
	PrescriptionSource   Optional[string] `json:"prescriptionSource,omitzero"`
	Disclaimer           Optional[string] `json:"disclaimer,omitzero"`
	IndicationForUse     Optional[string] `json:"indicationForUse,omitzero"`
	IndicationForUseFlag Optional[string] `json:"indicationForUseFlag,omitzero"`
	Category             Optional[string] `json:"category,omitzero"`
	OrderableItem        Optional[string] `json:"orderableItem,omitzero"`
	Shape                Optional[string] `json:"shape,omitzero"`
	Color                Optional[string] `json:"color,omitzero"`
	FrontImprint         Optional[string] `json:"frontImprint,omitzero"`
	BackImprint          Optional[string] `json:"backImprint,omitzero"`
	DataSourceSystem     Optional[string] `json:"dataSourceSystem,omitzero"`
	IsRenewable          Optional[bool]   `json:"isRenewable,omitzero"`
	NotRenewableReason   Optional[string] `json:"notRenewableReason,omitzero"`
	// TrackingList holds the shipments ({"tracking": [...]}), or nil.
	TrackingList *MedicationTrackingList `json:"trackingList"`
	// RxRFRecords holds the refill records ({"rfRecord": [...]}), or nil.
	RxRFRecords *RefillRecords `json:"rxRFRecords"`
	Tracking    Optional[bool] `json:"tracking,omitzero"`
}

// Refills returns the refill records (never nil).
func (m *Medication) Refills() []Medication {
	if m == nil || m.RxRFRecords == nil || m.RxRFRecords.RfRecord.Items == nil {
		return []Medication{}
	}
	return m.RxRFRecords.RfRecord.Items
}

// Shipments returns the tracking entries (never nil).
func (m *Medication) Shipments() []MedicationTracking {
	if m == nil || m.TrackingList == nil || m.TrackingList.Tracking.Items == nil {
		return []MedicationTracking{}
	}
	return m.TrackingList.Tracking.Items
}

// RefillRecords wraps a medication's refill records: {"rfRecord": [...]}.
type RefillRecords struct {
	RfRecord rxbridge.OneOrMany[Medication] `json:"rfRecord"`
}

// MedicationTrackingList wraps a medication's shipments:
// {"tracking": [...]}.
type MedicationTrackingList struct {
	Tracking rxbridge.OneOrMany[MedicationTracking] `json:"tracking"`
}

// MedicationTracking is one shipment in the medications list. Its fields
// follow vets-api's Tracking model (the same names as the tracking call);
// every one is optional.
type MedicationTracking struct {
	PrescriptionID                Optional[int64]         `json:"prescriptionId,omitzero"`
	PrescriptionName              Optional[string]        `json:"prescriptionName,omitzero"`
	PrescriptionNumber            Optional[string]        `json:"prescriptionNumber,omitzero"`
	FacilityName                  Optional[string]        `json:"facilityName,omitzero"`
	RxInfoPhoneNumber             Optional[string]        `json:"rxInfoPhoneNumber,omitzero"`
	NdcNumber                     Optional[string]        `json:"ndcNumber,omitzero"`
	ShippedDate                   RFC1123                 `json:"shippedDate,omitzero"`
	DeliveryService               Optional[string]        `json:"deliveryService,omitzero"`
	TrackingNumber                Optional[string]        `json:"trackingNumber,omitzero"`
	OtherPrescriptionListIncluded []OtherPresListIncluded `json:"otherPrescriptionListIncluded,omitzero"`
}

// Medications returns the veteran's medications list with details, refill
// records and tracking (prescription/medications; pharmacy/ess/medications
// on the gateway). It can be large (over 1 MiB for a long history).
func (u *User) Medications(ctx context.Context) (*MedicationsTO, error) {
	var out MedicationsTO
	if err := u.get(ctx, "Medications", u.routes().medications, nil, expectMedications, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
