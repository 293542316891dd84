package mhvtest

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rxbridge/rxbridge-go/rxbridgetest"
)

// layoutRFC1123 is how MHV writes dates in bodies ("... EDT").
const layoutRFC1123 = "Mon, 02 Jan 2006 15:04:05 MST"

// handleSession creates a session: GET session with appToken and
// mhvCorrelationId; the token goes in Token, its end in Expires.
func (s *Server) handleSession(w http.ResponseWriter, r *http.Request) {
	app := r.Header.Get("appToken")
	id := r.Header.Get("mhvCorrelationId")

	s.mu.Lock()
	s.sessionRequests[id]++
	if s.cfg.conflicts && s.creating[id] > 0 {
		s.conflicts++
		s.mu.Unlock()
		writeError(w, http.StatusInternalServerError, 99, "Unknown application error occurred", "")
		return
	}
	s.creating[id]++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.creating[id]--; s.creating[id] <= 0 {
			delete(s.creating, id)
		}
		s.mu.Unlock()
	}()

	if hold := s.cfg.sessionHold; hold != nil {
		select {
		case <-hold:
		case <-r.Context().Done():
			return
		}
	}
	if d := s.cfg.sessionDelay; d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	switch {
	case app == "":
		writeError(w, http.StatusBadRequest, 132, "Missing Application Token", "")
		return
	case app != s.cfg.appToken:
		writeError(w, http.StatusBadRequest, 101, "Application authentication failed", "")
		return
	case id == "":
		writeError(w, http.StatusBadRequest, 104, "Missing User Credentials", "")
		return
	}

	s.mu.Lock()
	vet := s.veterans[id]
	var code int
	var msg string
	switch {
	case vet == nil:
		code, msg = 105, "User was not found"
	case vet.Blocked:
		code, msg = 106, "User is not eligible because they are blocked"
	case vet.AgreementNotAccepted:
		code, msg = 135, "User is not eligible because they have not accepted terms and conditions or opted-in"
	}
	if code != 0 {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, code, msg, "")
		return
	}
	tok := s.newToken(id)
	now := s.cfg.clock()
	exp := now.Add(s.cfg.lifetime)
	s.sessions[tok] = &session{vet: id, expires: exp}
	s.sessionsCreated[id]++
	s.mu.Unlock()

	h := w.Header()
	h.Set("Token", tok)
	h.Set("Date", now.UTC().Format(http.TimeFormat))
	if s.cfg.gateway {
		h.Set("Expires", exp.UTC().Format("Mon, 02 Jan 2006 15:04:05")+" GMT+00:00")
		h.Set("Content-Type", "application/json")
	} else {
		h.Set("Expires", exp.UTC().Format(http.TimeFormat))
	}
	h.Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
}

// authenticate returns the veteran of the request's session, or answers
// the refusal.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (string, bool) {
	tok := r.Header.Get("Token")
	s.mu.Lock()
	if tok == "" {
		s.rejections++
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, 108, "Missing session token", "")
		return "", false
	}
	ss := s.sessions[tok]
	if ss == nil {
		s.rejections++
		s.mu.Unlock()
		writeError(w, http.StatusUnauthorized, 0, "", "Error:Invalid session token;")
		return "", false
	}
	if ss.revoked || !s.cfg.clock().Before(ss.expires) {
		s.rejections++
		s.mu.Unlock()
		if s.cfg.reject == RejectUnauthorized {
			writeError(w, http.StatusUnauthorized, 0, "", "Error:Invalid session token;")
		} else {
			writeError(w, http.StatusBadRequest, 110, "Expired session token", "")
		}
		return "", false
	}
	vet := ss.vet
	s.mu.Unlock()
	return vet, true
}

// wireRx is Prescription on the wire.
type wireRx struct {
	RefillStatus       string  `json:"refillStatus"`
	RefillSubmitDate   *string `json:"refillSubmitDate"`
	RefillDate         *string `json:"refillDate"`
	RefillRemaining    int     `json:"refillRemaining"`
	FacilityName       string  `json:"facilityName"`
	IsRefillable       bool    `json:"isRefillable"`
	IsTrackable        bool    `json:"isTrackable"`
	PrescriptionID     int64   `json:"prescriptionId"`
	OrderedDate        *string `json:"orderedDate"`
	Quantity           int     `json:"quantity"`
	ExpirationDate     *string `json:"expirationDate"`
	PrescriptionNumber string  `json:"prescriptionNumber"`
	PrescriptionName   string  `json:"prescriptionName"`
	DispensedDate      *string `json:"dispensedDate"`
	StationNumber      string  `json:"stationNumber"`
}

// wireList is PrescriptionList on the wire.
type wireList struct {
	PrescriptionList []wireRx `json:"prescriptionList"`
	FailedStation    string   `json:"failedStationList"`
	LastUpdatedTime  *string  `json:"lastUpdatedTime"`
}

// date writes a date as MHV does, or null for a zero time.
func (s *Server) date(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	v := t.In(s.east).Format(layoutRFC1123)
	return &v
}

func (s *Server) wire(rx Prescription) wireRx {
	return wireRx{
		RefillStatus:       rx.Status,
		RefillSubmitDate:   s.date(rx.RefillSubmitted),
		RefillDate:         s.date(rx.LastFilled),
		RefillRemaining:    rx.RefillsRemaining,
		FacilityName:       rx.Facility,
		IsRefillable:       rx.Refillable,
		IsTrackable:        rx.Trackable,
		PrescriptionID:     rx.ID,
		OrderedDate:        s.date(rx.Ordered),
		Quantity:           rx.Quantity,
		ExpirationDate:     s.date(rx.Expires),
		PrescriptionNumber: rx.Number,
		PrescriptionName:   rx.Name,
		DispensedDate:      s.date(rx.Dispensed),
		StationNumber:      rx.Station,
	}
}

// handleList answers getactiverx and gethistoryrx.
func (s *Server) handleList(w http.ResponseWriter, vet string, activeOnly bool) {
	s.mu.Lock()
	list := s.listLocked(vet, activeOnly)
	failed := strings.Join(s.failed, ",")
	s.mu.Unlock()
	out := wireList{PrescriptionList: make([]wireRx, 0, len(list)), FailedStation: failed,
		LastUpdatedTime: s.date(s.cfg.clock().Truncate(time.Second))}
	for _, rx := range list {
		out.PrescriptionList = append(out.PrescriptionList, s.wire(rx))
	}
	writeJSON(w, out)
}

// wireOther is OtherPrescription on the wire.
type wireOther struct {
	PrescriptionName   string  `json:"prescriptionName"`
	PrescriptionNumber string  `json:"prescriptionNumber"`
	NdcNumber          *string `json:"ndcNumber"`
	StationNumber      string  `json:"stationNumber"`
}

// wireShipment is Shipment on the wire.
type wireShipment struct {
	ShippedDate     *string     `json:"shippedDate"`
	DeliveryService string      `json:"deliveryService"`
	TrackingNumber  string      `json:"trackingNumber"`
	Others          []wireOther `json:"otherPrescriptionListIncluded"`
}

// wireTracking is TrackingDetails on the wire.
type wireTracking struct {
	PrescriptionName   string         `json:"prescriptionName"`
	PrescriptionNumber string         `json:"prescriptionNumber"`
	FacilityName       string         `json:"facilityName"`
	RxInfoPhoneNumber  string         `json:"rxInfoPhoneNumber"`
	NdcNumber          *string        `json:"ndcNumber"`
	LastUpdatedtime    *string        `json:"lastUpdatedtime"`
	TrackingInfo       []wireShipment `json:"trackingInfo"`
}

func optString(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}

func (s *Server) shipments(rx Prescription) []wireShipment {
	out := make([]wireShipment, 0, len(rx.Shipments))
	for _, sh := range rx.Shipments {
		ws := wireShipment{ShippedDate: s.date(sh.Shipped), DeliveryService: sh.Carrier,
			TrackingNumber: sh.TrackingNumber, Others: []wireOther{}}
		for _, o := range sh.Others {
			ws.Others = append(ws.Others, wireOther{PrescriptionName: o.Name, PrescriptionNumber: o.Number,
				NdcNumber: optString(o.NDC), StationNumber: o.Station})
		}
		out = append(out, ws)
	}
	return out
}

// lookup returns a veteran's prescription or answers 138/136.
func (s *Server) lookup(w http.ResponseWriter, vet, idText string) (Prescription, bool) {
	id, err := strconv.ParseInt(idText, 10, 64)
	s.mu.Lock()
	st, ok := s.rxs[id]
	s.mu.Unlock()
	switch {
	case err != nil || !ok:
		writeError(w, http.StatusBadRequest, 138, "Prescription is not Found", "")
		return Prescription{}, false
	case st.owner != vet:
		writeError(w, http.StatusBadRequest, 136, "The User is not the owner of the prescription", "")
		return Prescription{}, false
	}
	return st.rx, true
}

// handleTracking answers rxtracking/{id}.
func (s *Server) handleTracking(w http.ResponseWriter, vet, idText string) {
	rx, ok := s.lookup(w, vet, idText)
	if !ok {
		return
	}
	last := s.cfg.clock().Truncate(time.Second)
	if len(rx.Shipments) > 0 {
		last = rx.Shipments[0].Shipped
	}
	writeJSON(w, wireTracking{
		PrescriptionName: rx.Name, PrescriptionNumber: rx.Number, FacilityName: rx.Facility,
		RxInfoPhoneNumber: "(555)555-0100", NdcNumber: optString(rx.NDC), LastUpdatedtime: s.date(last),
		TrackingInfo: s.shipments(rx),
	})
}

// refillable reports whether MHV would accept a refill.
func refillable(rx *Prescription) bool {
	return rx.Status == "active" && rx.Refillable && rx.RefillsRemaining > 0
}

// submitLocked applies a refill request to a prescription.
func (s *Server) submitLocked(rx *Prescription) {
	rx.Status = "submitted"
	rx.RefillSubmitted = s.today()
	rx.Refillable = false
}

// handleRefill answers rxrefill/{id}.
func (s *Server) handleRefill(w http.ResponseWriter, vet, idText string) {
	id, err := strconv.ParseInt(idText, 10, 64)
	s.mu.Lock()
	s.refillRequests[id]++
	st, ok := s.rxs[id]
	var code int
	var msg string
	switch {
	case err != nil || !ok:
		code, msg = 138, "Prescription is not Found"
	case st.owner != vet:
		code, msg = 136, "The User is not the owner of the prescription"
	case !refillable(&st.rx):
		code, msg = 139, "Prescription is not Refillable"
	}
	if code != 0 {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, code, msg, "")
		return
	}
	s.submitLocked(&st.rx)
	facility := st.rx.Facility
	lose := s.loseNext > 0
	if lose {
		s.loseNext--
	}
	s.mu.Unlock()
	if lose {
		rxbridgetest.ResetConn(w)
		return
	}
	switch s.cfg.refillBody {
	case RefillBodyText:
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "Successfully submitted to: "+facility)
	case RefillBodyEmpty:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
	default:
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"status":"success"}`)
	}
}

// wireError is an error object inside a 200 (batch refill).
type wireError struct {
	ErrorCode        int    `json:"errorCode"`
	DeveloperMessage string `json:"developerMessage"`
	Message          string `json:"message"`
}

// handleBatchRefill answers POST rxrefill with a JSON array of ids: 200
// with the failures in "errors", each naming its id in developerMessage.
func (s *Server) handleBatchRefill(w http.ResponseWriter, r *http.Request, vet string) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var ids []int64
	if err := json.Unmarshal(body, &ids); err != nil || len(ids) == 0 {
		writeError(w, http.StatusBadRequest, 99, "Unknown application error occurred", "")
		return
	}
	errs := []wireError{}
	s.mu.Lock()
	for _, id := range ids {
		s.refillRequests[id]++
		st, ok := s.rxs[id]
		n := strconv.FormatInt(id, 10)
		switch {
		case !ok:
			errs = append(errs, wireError{138, "Prescription not found for id: " + n, "Prescription is not Found"})
		case st.owner != vet:
			errs = append(errs, wireError{136, "Prescription not owned by the user for id: " + n, "The User is not the owner of the prescription"})
		case !refillable(&st.rx):
			errs = append(errs, wireError{139, "Prescription is not refillable for id: " + n, "Prescription is not Refillable"})
		default:
			s.submitLocked(&st.rx)
		}
	}
	lose := s.loseNext > 0
	if lose {
		s.loseNext--
	}
	s.mu.Unlock()
	if lose {
		rxbridgetest.ResetConn(w)
		return
	}
	writeJSON(w, map[string]any{
		"failedStationList": "", "successfulStationList": "",
		"lastUpdatedTime":  s.date(s.cfg.clock().Truncate(time.Second)),
		"prescriptionList": nil, "errors": errs, "infoMessages": []any{},
	})
}

// wireMedication is a medications-list entry on the wire.
type wireMedication struct {
	wireRx
	Sig                string           `json:"sig"`
	ID                 int64            `json:"id"`
	Remarks            *string          `json:"remarks"`
	ModifiedDate       *string          `json:"modifiedDate"`
	DispStatus         string           `json:"dispStatus"`
	Ndc                *string          `json:"ndc"`
	PrescriptionSource string           `json:"prescriptionSource"`
	DataSourceSystem   string           `json:"dataSourceSystem"`
	IsRenewable        bool             `json:"isRenewable"`
	TrackingList       *wireTrackingRef `json:"trackingList"`
	RxRFRecords        *struct{}        `json:"rxRFRecords"`
	Tracking           bool             `json:"tracking"`
}

type wireTrackingRef struct {
	Tracking []wireMedTracking `json:"tracking"`
}

// wireMedTracking is a shipment as the medications list sends it: not
// the tracking call's members, and no list of the other prescriptions.
type wireMedTracking struct {
	Carrier             string          `json:"carrier"`
	CompleteDateTime    *string         `json:"completeDateTime"`
	DateLoaded          *string         `json:"dateLoaded"`
	DivisionPhone       string          `json:"divisionPhone"`
	ID                  int64           `json:"id"`
	IsLocalTracking     bool            `json:"isLocalTracking"`
	Ndc                 *string         `json:"ndc"`
	OthersInSamePackage bool            `json:"othersInSamePackage"`
	RxNumber            json.RawMessage `json:"rxNumber"`
	StationNumber       string          `json:"stationNumber"`
	TrackingNumber      string          `json:"trackingNumber"`
	ViewImageDisplayed  bool            `json:"viewImageDisplayed"`
}

// rxNumberJSON writes a VistA Rx number as a JSON number, or as a string
// when it carries a letter suffix ("3636710A").
func rxNumberJSON(n string) json.RawMessage {
	if n != "" && strings.Trim(n, "0123456789") == "" && n[0] != '0' {
		return json.RawMessage(n)
	}
	b, _ := json.Marshal(n)
	return b
}

// medTracking renders a prescription's shipments for the medications
// list; the record ids follow the prescription's id.
func (s *Server) medTracking(rx Prescription) []wireMedTracking {
	out := make([]wireMedTracking, 0, len(rx.Shipments))
	for i, sh := range rx.Shipments {
		out = append(out, wireMedTracking{
			Carrier: sh.Carrier, CompleteDateTime: s.date(sh.Shipped), DateLoaded: s.date(sh.Shipped.Add(16 * time.Hour)),
			DivisionPhone: "(555)555-0100", ID: rx.ID*100 + int64(i) + 1, Ndc: optString(rx.NDC),
			OthersInSamePackage: len(sh.Others) > 0, RxNumber: rxNumberJSON(rx.Number), StationNumber: rx.Station,
			TrackingNumber: sh.TrackingNumber,
		})
	}
	return out
}

// handleMedications answers the medications list.
func (s *Server) handleMedications(w http.ResponseWriter, vet string) {
	s.mu.Lock()
	list := s.listLocked(vet, false)
	failed := strings.Join(s.failed, ",")
	s.mu.Unlock()
	meds := make([]wireMedication, 0, len(list))
	for _, rx := range list {
		m := wireMedication{wireRx: s.wire(rx), Sig: rx.Sig, ID: rx.ID, DispStatus: dispStatus(rx.Status),
			Ndc: optString(hyphenated(rx.NDC)), PrescriptionSource: "RX", DataSourceSystem: "VISTA",
			ModifiedDate: s.date(rx.Ordered), Tracking: len(rx.Shipments) > 0}
		if len(rx.Shipments) > 0 {
			m.TrackingList = &wireTrackingRef{Tracking: s.medTracking(rx)}
		}
		meds = append(meds, m)
	}
	writeJSON(w, map[string]any{
		"failedStationList": failed, "successfulStationList": nil,
		"lastUpdatedTime": s.date(s.cfg.clock().Truncate(time.Second)),
		"medicationList":  map[string]any{"medication": meds},
		"errors":          []any{}, "infoMessages": []any{},
	})
}

// dispStatus is the display status MHV pairs with a refillStatus.
func dispStatus(status string) string {
	switch status {
	case "active":
		return "Active"
	case "submitted":
		return "Active: Submitted"
	case "refillinprocess":
		return "Active: Refill in Process"
	case "expired":
		return "Expired"
	case "discontinued", "discontinuedByProvider", "discontinuedEdit":
		return "Discontinued"
	case "hold", "providerHold":
		return "Active: On Hold"
	}
	return "Unknown"
}

// hyphenated writes an 11-digit NDC as 5-4-2.
func hyphenated(ndc string) string {
	if len(ndc) != 11 {
		return ndc
	}
	return ndc[:5] + "-" + ndc[5:9] + "-" + ndc[9:]
}

// handleEmail answers preferences/email.
func (s *Server) handleEmail(w http.ResponseWriter, r *http.Request, vet string) {
	switch r.Method {
	case http.MethodGet:
		s.mu.Lock()
		email := s.veterans[vet].Email
		s.mu.Unlock()
		writeJSON(w, map[string]string{"emailAddress": email})
	case http.MethodPost:
		var in struct {
			EmailAddress string `json:"emailAddress"`
		}
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		if json.Unmarshal(body, &in) != nil || in.EmailAddress == "" || strings.ContainsAny(in.EmailAddress, " \t") {
			writeError(w, http.StatusBadRequest, 157, "Email address is invalid", "")
			return
		}
		s.mu.Lock()
		s.veterans[vet].Email = in.EmailAddress
		s.mu.Unlock()
		writeJSON(w, map[string]string{"status": "success"})
	default:
		writeNotFound(w)
	}
}

// handleRxPreference answers preferences/rx.
func (s *Server) handleRxPreference(w http.ResponseWriter, r *http.Request, vet string) {
	switch r.Method {
	case http.MethodGet:
		s.mu.Lock()
		flag := s.veterans[vet].RxNotifications
		s.mu.Unlock()
		writeJSON(w, map[string]bool{"flag": flag})
	case http.MethodPost:
		var in struct {
			Flag *bool `json:"flag"`
		}
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		if json.Unmarshal(body, &in) != nil || in.Flag == nil {
			writeError(w, http.StatusBadRequest, 99, "Unknown application error occurred", "")
			return
		}
		s.mu.Lock()
		s.veterans[vet].RxNotifications = *in.Flag
		s.mu.Unlock()
		writeJSON(w, map[string]string{"status": "success"})
	default:
		writeNotFound(w)
	}
}
