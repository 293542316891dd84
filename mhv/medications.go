package mhv

import (
	"context"
	"encoding/json"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// MedicationList is the answer of the medications list (prescription/
// medications), which MHV added after the ICD (2023) and vets-api uses for
// its medications pages: every prescription with its details, refill
// records and tracking. MHV serializes it from XML, so a list of one may
// arrive as a single object; both shapes decode.
type MedicationList struct {
	FailedStationList     StationList      `json:"failedStationList"`
	SuccessfulStationList StationList      `json:"successfulStationList"`
	LastUpdatedTime       rxbridge.RFC1123 `json:"lastUpdatedTime"`
	MedicationList        *MedicationItems `json:"medicationList"`
	// Errors and InfoMessages are MHV's messages about the list, as in the
	// other lists; absent in some answers.
	Errors       []ErrorEntry      `json:"errors,omitzero"`
	InfoMessages []json.RawMessage `json:"infoMessages,omitzero"`
}

// MedicationItems wraps the list as MHV sends it: {"medication": [...]}.
type MedicationItems struct {
	Medication rxbridge.OneOrMany[Medication] `json:"medication"`
}

// Medications returns the medications (never nil).
func (m *MedicationList) Medications() []Medication {
	if m == nil || m.MedicationList == nil || m.MedicationList.Medication.Items == nil {
		return []Medication{}
	}
	return m.MedicationList.Medication.Items
}

// Medication is a prescription with the details of the medications list.
// The Prescription fields come first; the rest may be absent or null.
// prescriptionSource "NV" marks a non-VA medication, whose quantity and
// refillRemaining are null.
type Medication struct {
	Prescription

	ID                      rxbridge.Optional[int64]  `json:"id,omitzero"`
	UserID                  rxbridge.Optional[int64]  `json:"userId,omitzero"`
	FacilityAPIName         rxbridge.Optional[string] `json:"facilityApiName,omitzero"`
	ProviderFirstName       rxbridge.Optional[string] `json:"providerFirstName,omitzero"`
	ProviderLastName        rxbridge.Optional[string] `json:"providerLastName,omitzero"`
	Remarks                 rxbridge.Optional[string] `json:"remarks,omitzero"`
	DivisionName            rxbridge.Optional[string] `json:"divisionName,omitzero"`
	ModifiedDate            rxbridge.RFC1123          `json:"modifiedDate"`
	InstitutionID           rxbridge.Optional[string] `json:"institutionId,omitzero"`
	DialCmopDivisionPhone   rxbridge.Optional[string] `json:"dialCmopDivisionPhone,omitzero"`
	DispStatus              rxbridge.Optional[string] `json:"dispStatus,omitzero"`
	Ndc                     rxbridge.Optional[string] `json:"ndc,omitzero"`
	Reason                  rxbridge.Optional[string] `json:"reason,omitzero"`
	PrescriptionNumberIndex rxbridge.Optional[string] `json:"prescriptionNumberIndex,omitzero"`
	// PrescriptionSource is "RX" (VA), "RF" (a refill record), "NV"
	// (non-VA) or another value MHV adds.
	PrescriptionSource   rxbridge.Optional[string] `json:"prescriptionSource,omitzero"`
	Disclaimer           rxbridge.Optional[string] `json:"disclaimer,omitzero"`
	IndicationForUse     rxbridge.Optional[string] `json:"indicationForUse,omitzero"`
	IndicationForUseFlag rxbridge.Optional[string] `json:"indicationForUseFlag,omitzero"`
	Category             rxbridge.Optional[string] `json:"category,omitzero"`
	OrderableItem        rxbridge.Optional[string] `json:"orderableItem,omitzero"`
	Shape                rxbridge.Optional[string] `json:"shape,omitzero"`
	Color                rxbridge.Optional[string] `json:"color,omitzero"`
	FrontImprint         rxbridge.Optional[string] `json:"frontImprint,omitzero"`
	BackImprint          rxbridge.Optional[string] `json:"backImprint,omitzero"`
	DataSourceSystem     rxbridge.Optional[string] `json:"dataSourceSystem,omitzero"`
	IsRenewable          rxbridge.Optional[bool]   `json:"isRenewable,omitzero"`
	NotRenewableReason   rxbridge.Optional[string] `json:"notRenewableReason,omitzero"`
	// TrackingList holds the shipments ({"tracking": [...]}), or nil.
	TrackingList *MedicationTrackingList `json:"trackingList"`
	// RxRFRecords holds the refill records ({"rfRecord": [...]}), or nil.
	RxRFRecords *RefillRecords          `json:"rxRFRecords"`
	Tracking    rxbridge.Optional[bool] `json:"tracking,omitzero"`
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

// MedicationTracking is one shipment in the medications list. MHV names
// its members differently from the tracking call's Shipment (carrier
// for deliveryService, completeDateTime for shippedDate, ndc for
// ndcNumber, rxNumber for prescriptionNumber) and lists no other
// prescriptions, only whether the package holds some. Every member may be
// absent or null; the numbers keep the text they came in.
type MedicationTracking struct {
	// ID is MHV's id of the tracking record.
	ID rxbridge.Optional[int64] `json:"id,omitzero"`
	// Carrier is the delivery service ("USPS", "UPS", "FEDEX").
	Carrier rxbridge.Optional[string] `json:"carrier,omitzero"`
	// TrackingNumber is the carrier's tracking number.
	TrackingNumber rxbridge.Optional[string] `json:"trackingNumber,omitzero"`
	// CompleteDateTime is when the package was shipped (the tracking
	// call's shippedDate), with its time of day.
	CompleteDateTime rxbridge.RFC1123 `json:"completeDateTime,omitzero"`
	// DateLoaded is when MHV loaded the shipment's record.
	DateLoaded rxbridge.RFC1123 `json:"dateLoaded,omitzero"`
	// DivisionPhone is the phone number of the dispensing division.
	DivisionPhone rxbridge.Optional[string] `json:"divisionPhone,omitzero"`
	// IsLocalTracking reports a package sent by the local VA pharmacy
	// rather than a mail-order (CMOP) pharmacy.
	IsLocalTracking rxbridge.Optional[bool] `json:"isLocalTracking,omitzero"`
	// Ndc is the National Drug Code of what was shipped (see DrugImageURL).
	Ndc rxbridge.Optional[string] `json:"ndc,omitzero"`
	// OthersInSamePackage reports other prescriptions in the same package
	// (the tracking call lists them).
	OthersInSamePackage rxbridge.Optional[bool] `json:"othersInSamePackage,omitzero"`
	// RxNumber is the VistA Rx number, a JSON number or a string (String
	// gives its text, a letter suffix included: "2721263A").
	RxNumber rxbridge.Number `json:"rxNumber,omitzero"`
	// StationNumber is the VA station that dispensed it, a string or a
	// JSON number (String gives its text).
	StationNumber rxbridge.Number `json:"stationNumber,omitzero"`
	// ViewImageDisplayed reports whether MHV shows the drug's image.
	ViewImageDisplayed rxbridge.Optional[bool] `json:"viewImageDisplayed,omitzero"`
}

// Medications returns the veteran's medications list with details, refill
// records and tracking (prescription/medications; pharmacy/ess/medications
// on the gateway). It can be large (over 1 MiB for a long history).
func (u *User) Medications(ctx context.Context) (*MedicationList, error) {
	var out MedicationList
	if err := u.get(ctx, "Medications", u.routes().medications, nil, expectMedications, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
