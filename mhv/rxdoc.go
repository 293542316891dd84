package mhv

import (
	"context"
	"html"
	"strings"

	"github.com/rxbridge/rxbridge-go/internal/apierr"
)

// RxDocumentation is MHV's documentation of a drug
// (prescription/getrxdoc/{ndc}): the patient medication leaflet, in MHV's
// answer {"html": "..."}.
type RxDocumentation struct {
	// HTML is the leaflet as MHV sends it: an HTML fragment such as
	// "<body><Page><h1>Somatropin</h1><strong>Brand Name(s): ...</strong>
	// <br /><h4>...</h4><h2>WHY is this medicine prescribed?</h2><p>...</p>
	// ...</Page></body>". It is markup from upstream: sanitise it (an
	// allow-list HTML sanitiser) before rendering it in your own pages;
	// never insert it as it is. "" when MHV sends null or no html.
	HTML string `json:"html"`
}

// Title returns the text of the leaflet's first <h1> element, the drug's
// name ("Somatropin"): tags inside it removed (a <br> becomes a space),
// entities unescaped ("&amp;" is "&"), runs of white space made one space,
// trimmed. It returns "" when there is no complete <h1>...</h1>.
func (d *RxDocumentation) Title() string {
	if d == nil {
		return ""
	}
	s := d.HTML
	open := indexTag(s, "<h1")
	if open < 0 {
		return ""
	}
	gt := strings.IndexByte(s[open:], '>')
	if gt < 0 {
		return ""
	}
	s = s[open+gt+1:]
	end := indexTag(s, "</h1")
	if end < 0 {
		return ""
	}
	inner := s[:end]
	var b strings.Builder
	for len(inner) > 0 {
		lt := strings.IndexByte(inner, '<')
		if lt < 0 {
			b.WriteString(inner)
			break
		}
		b.WriteString(inner[:lt])
		gt := strings.IndexByte(inner[lt:], '>')
		if gt < 0 {
			break
		}
		if indexTag(inner[lt:lt+gt+1], "<br") == 0 {
			b.WriteByte(' ') // "A<br />B" is "A B"; "A<b>B</b>" is "AB"
		}
		inner = inner[lt+gt+1:]
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

// indexTag returns the index of the first tag that starts with prefix
// ("<h1", "</h1"), ASCII letters in any case, and ends its name there:
// "<h1>", "<H1 class=...>", never "<h10>" or "<h1x>". -1 if none.
func indexTag(s, prefix string) int {
	for i := 0; i+len(prefix) <= len(s); i++ {
		if !strings.EqualFold(s[i:i+len(prefix)], prefix) {
			continue
		}
		if j := i + len(prefix); j < len(s) {
			switch s[j] {
			case '>', '/', ' ', '\t', '\n', '\r', '\f':
				return i
			}
		}
	}
	return -1
}

// RxDocumentation returns MHV's documentation (the patient medication
// leaflet) of the drug with this National Drug Code
// (prescription/getrxdoc/{ndc}): take the ndc from the prescription
// (Prescription.CmopNdcNumber, Medication.Ndc) or its tracking
// (TrackingDetails.NdcNumber). The ndc follows DrugImageURL's rule:
// surrounding space and hyphens are removed ("00013-2646-81" is sent as
// "00013264681"), and what remains must be 10 or 11 digits or letters;
// anything else gives ErrInvalidNDC (and ErrInvalidInput) and nothing is
// sent.
//
// Which drug a veteran asks about is PHI: the ndc travels in the path but
// never appears in logs (they show the route template) or in errors. The
// call is a read, retried like the others, with the veteran's session.
// Sanitise RxDocumentation.HTML before you render it.
func (u *User) RxDocumentation(ctx context.Context, ndc string) (*RxDocumentation, error) {
	n, ok := normalizeNDC(ndc)
	if !ok {
		return nil, apierr.Input("mhv", "RxDocumentation", "not a 10- or 11-character NDC", ErrInvalidNDC)
	}
	var out RxDocumentation
	if err := u.get(ctx, "RxDocumentation", u.routes().rxDoc, []string{n}, expectRxDoc, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
