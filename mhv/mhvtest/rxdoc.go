package mhvtest

import (
	"html"
	"net/http"
	"strings"
)

// UnknownDrugTitle is the h1 of the leaflet the fake answers for an NDC
// that no prescription has.
const UnknownDrugTitle = "SYNTHETIC MEDICATION"

// handleRxDoc answers getrxdoc/{ndc}: 200 {"html": leaflet}, the shape
// MHV answered in vets-api's recording (rx_documentation_search.yml). The
// leaflet is synthetic and short, with the structure of MHV's (an h1 with
// the drug's name, a strong brand-names line, an h2 and a p): its h1 is
// the name of a prescription with that NDC (the veteran's own first, then
// anyone's, lowest id first; NDCs compared without hyphens, letters in any
// case), or UnknownDrugTitle. A value that is not a 10- or 11-character
// NDC gets errorCode 99 (MHV's answer is not recorded).
func (s *Server) handleRxDoc(w http.ResponseWriter, vet, ndc string) {
	n := strings.ReplaceAll(ndc, "-", "")
	if !validNDC(n) {
		writeError(w, http.StatusBadRequest, 99, "Unknown application error occurred", "")
		return
	}
	title := UnknownDrugTitle
	s.mu.Lock()
	var own, anyone *Prescription
	for _, st := range s.rxs {
		if !strings.EqualFold(strings.ReplaceAll(st.rx.NDC, "-", ""), n) {
			continue
		}
		rx := &st.rx
		if st.owner == vet && (own == nil || rx.ID < own.ID) {
			own = rx
		}
		if anyone == nil || rx.ID < anyone.ID {
			anyone = rx
		}
	}
	switch {
	case own != nil:
		title = own.Name
	case anyone != nil:
		title = anyone.Name
	}
	s.mu.Unlock()
	writeJSON(w, map[string]string{"html": leaflet(title)})
}

// leaflet returns the fake's synthetic leaflet for a drug name (escaped
// as HTML), in the structure of MHV's getrxdoc answers.
func leaflet(drugName string) string {
	name := html.EscapeString(drugName)
	return "<body><Page><h1>" + name + "</h1>" +
		"<strong>Brand Name(s): Synthetic Brand&reg;</strong><br />" +
		"<h2>WHY is this medicine prescribed?</h2>" +
		"<p>Synthetic leaflet from mhvtest for " + name + ". Not medical information.</p>" +
		"</Page></body>"
}

// validNDC reports 10 or 11 digits or ASCII letters.
func validNDC(n string) bool {
	if len(n) != 10 && len(n) != 11 {
		return false
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}
