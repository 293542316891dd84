package allcarefhirtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

const fhirJSON = "application/fhir+json; charset=utf-8"

// scopeFor is the scope each resource type needs (none for directory and
// formulary data shared by all members... except the formulary scope).
func scopeFor(typ string) string {
	switch typ {
	case "Patient":
		return "patientapi.demographics.read"
	case "Coverage":
		return "patientapi.coverage.read"
	case "ExplanationOfBenefit":
		return "patientapi.claims.read"
	case "MedicationKnowledge", "List":
		return "patientapi.formulary.read"
	case "Organization", "Practitioner", "PractitionerRole", "Location":
		return ""
	}
	return "patientapi.clinical.read"
}

func writeFHIR(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", fhirJSON)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func outcome(w http.ResponseWriter, status int, severity, code, diagnostics string) {
	b, _ := json.Marshal(map[string]any{"resourceType": "OperationOutcome", "issue": []any{
		map[string]any{"severity": severity, "code": code, "diagnostics": diagnostics}}})
	writeFHIR(w, status, b)
}

// serveFHIR is the FHIR server, rooted at /r4.
func (s *Server) serveFHIR(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.stats.FHIRRequests++
	s.mu.Unlock()
	p, ok := strings.CutPrefix(r.URL.Path, "/r4/")
	if !ok {
		outcome(w, http.StatusNotFound, "error", "not-found", "unknown path")
		return
	}
	if r.Method != http.MethodGet {
		outcome(w, http.StatusMethodNotAllowed, "error", "not-supported", "read-only server")
		return
	}
	if p == "metadata" {
		writeFHIR(w, http.StatusOK, s.metadata(requestBase(r)))
		return
	}
	sess := s.bearer(r)
	if sess == nil {
		s.mu.Lock()
		s.stats.Unauthorized++
		s.mu.Unlock()
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		outcome(w, http.StatusUnauthorized, "error", "login", "the access token is missing, invalid or expired")
		return
	}
	seg := strings.Split(p, "/")
	if err := s.checkScope(sess, seg[0]); err != "" {
		outcome(w, http.StatusForbidden, "error", "forbidden", err)
		return
	}
	switch {
	case len(seg) == 1:
		s.search(w, r, seg[0])
	case len(seg) == 2:
		s.read(w, seg[0], seg[1])
	case len(seg) == 3 && seg[0] == "Patient" && seg[2] == "$everything":
		if !s.cfg.everything {
			outcome(w, http.StatusNotImplemented, "error", "not-supported", "$everything is not supported")
			return
		}
		s.everything(w, r, seg[1])
	default:
		outcome(w, http.StatusNotFound, "error", "not-found", "unknown path")
	}
}

func (s *Server) bearer(r *http.Request) *session {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := s.access[tok]
	if sess == nil || time.Now().After(sess.expires) {
		return nil
	}
	return sess
}

func (s *Server) checkScope(sess *session, typ string) string {
	need := scopeFor(typ)
	if need != "" && !slices.Contains(strings.Fields(sess.scope), need) {
		return "insufficient scope: " + need + " was not granted"
	}
	return ""
}

func (s *Server) read(w http.ResponseWriter, typ, id string) {
	// Everything the fake holds is the member's or shared directory and
	// formulary data, so any stored resource may be read.
	e := s.data.byKey[typ+"/"+id]
	if e == nil {
		outcome(w, http.StatusNotFound, "error", "not-found", "Resource "+typ+"/"+id+" is not known")
		return
	}
	writeFHIR(w, http.StatusOK, e.raw)
}

// search answers a type search with paging by next links.
func (s *Server) search(w http.ResponseWriter, r *http.Request, typ string) {
	q := r.URL.Query()
	switch typ {
	case "MedicationKnowledge":
		if q.Get("drugplan") == "" {
			outcome(w, http.StatusBadRequest, "error", "required", "the drugplan parameter is required")
			return
		}
	case "Observation":
		if q.Get("category") == "" && q.Get("code") == "" && q.Get("_id") == "" {
			outcome(w, http.StatusBadRequest, "error", "required", "Must have either code or category.")
			return
		}
	}
	var matches []*entry
	for _, e := range s.data.order {
		if e.typ == typ && s.matches(e, q) {
			matches = append(matches, e)
		}
	}
	s.page(w, r, matches, q, typ, true)
}

// everything answers Patient/$everything.
func (s *Server) everything(w http.ResponseWriter, r *http.Request, id string) {
	if id != s.PatientID {
		outcome(w, http.StatusNotFound, "error", "not-found", "unknown patient")
		return
	}
	q := r.URL.Query()
	types := splitOR(q.Get("_type"))
	var out []*entry
	for _, e := range s.data.order {
		if (e.member || e.typ == "Organization" || e.typ == "Practitioner") && (len(types) == 0 || slices.Contains(types, e.typ)) {
			out = append(out, e)
		}
	}
	s.page(w, r, out, q, "Patient/"+id+"/$everything", false)
}

type bundleEntry struct {
	FullURL  string          `json:"fullUrl"`
	Resource json.RawMessage `json:"resource"`
	Search   *struct {
		Mode string `json:"mode"`
	} `json:"search,omitempty"`
}

// requestBase is the FHIR base as the client reached it: the scheme and
// host of the request (X-Forwarded-Host and X-Forwarded-Proto when a proxy
// in front sets them) with the /r4 prefix. Links built on it lead back
// through whatever the client talks to, as a server behind a reverse proxy
// does.
func requestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
		scheme = p
	}
	host := r.Host
	if fh, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Host"), ","); validHost(strings.TrimSpace(fh)) {
		host = strings.TrimSpace(fh)
	}
	return scheme + "://" + host + "/r4"
}

// validHost accepts a host[:port] made of the characters a host name or
// an IP literal can hold.
func validHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-.:[]", c) >= 0) {
			return false
		}
	}
	return true
}

// page writes one searchset page of matches. route is the search's path
// under the FHIR base ("ExplanationOfBenefit").
func (s *Server) page(w http.ResponseWriter, r *http.Request, matches []*entry, q url.Values, route string, includes bool) {
	if len(matches) == 0 && s.cfg.notFoundOnEmpty {
		outcome(w, http.StatusNotFound, "error", "not-found", "No data found for the search")
		return
	}
	base := requestBase(r)
	self := base + "/" + route
	count := s.cfg.pageSize
	if c, err := strconv.Atoi(q.Get("_count")); err == nil && c > 0 {
		count = min(c, 1000)
	}
	offset, _ := strconv.Atoi(q.Get("_offset"))
	offset = max(0, min(offset, len(matches)))
	end := min(offset+count, len(matches))
	mode := func(m string) *struct {
		Mode string `json:"mode"`
	} {
		return &struct {
			Mode string `json:"mode"`
		}{m}
	}
	entries := []bundleEntry{}
	seen := map[string]bool{}
	for _, e := range matches[offset:end] {
		seen[e.typ+"/"+e.id] = true
		be := bundleEntry{FullURL: base + "/" + e.typ + "/" + e.id, Resource: e.raw}
		if includes {
			be.Search = mode("match")
		}
		entries = append(entries, be)
	}
	if includes {
		for _, e := range matches[offset:end] {
			for _, ref := range s.includes(e, q["_include"]) {
				if inc := s.data.byKey[ref]; inc != nil && !seen[ref] {
					seen[ref] = true
					entries = append(entries, bundleEntry{FullURL: base + "/" + ref, Resource: inc.raw, Search: mode("include")})
				}
			}
		}
	}
	type link struct {
		Relation string `json:"relation"`
		URL      string `json:"url"`
	}
	selfQ := cloneValues(q)
	links := []link{{"self", self + encodeQ(selfQ)}}
	if end < len(matches) {
		nq := cloneValues(q)
		nq.Set("_offset", strconv.Itoa(end))
		nq.Set("_count", strconv.Itoa(count))
		links = append(links, link{"next", self + encodeQ(nq)})
	}
	head, _ := json.Marshal(struct {
		ResourceType string            `json:"resourceType"`
		ID           string            `json:"id"`
		Meta         map[string]string `json:"meta"`
		Type         string            `json:"type"`
		Total        int               `json:"total"`
		Link         []link            `json:"link"`
	}{"Bundle", randomID(8), map[string]string{"lastUpdated": time.Now().UTC().Format(time.RFC3339)}, "searchset", len(matches), links})
	writeFHIR(w, http.StatusOK, appendEntries(head, entries))
}

// appendEntries adds the entries to a marshalled Bundle without the
// entry member. The resources are copied as stored (compact JSON):
// json.Marshal would scan every byte of them again.
func appendEntries(head []byte, entries []bundleEntry) []byte {
	n := len(head) + 16
	for _, e := range entries {
		n += len(e.Resource) + len(e.FullURL) + 64
	}
	b := make([]byte, 0, n)
	b = append(b, head[:len(head)-1]...)
	b = append(b, `,"entry":[`...)
	for i, e := range entries {
		if i > 0 {
			b = append(b, ',')
		}
		fu, _ := json.Marshal(e.FullURL)
		b = append(b, `{"fullUrl":`...)
		b = append(b, fu...)
		b = append(b, `,"resource":`...)
		b = append(b, e.Resource...)
		if e.Search != nil {
			m, _ := json.Marshal(e.Search.Mode)
			b = append(b, `,"search":{"mode":`...)
			b = append(b, m...)
			b = append(b, '}')
		}
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

func encodeQ(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// includes returns the "Type/id" references an entry's _include values
// name.
func (s *Server) includes(e *entry, incs []string) []string {
	var out []string
	add := func(v any) {
		if m, ok := v.(map[string]any); ok {
			if ref, ok := m["reference"].(string); ok {
				out = append(out, ref)
			}
		}
	}
	each := func(list any, field string) {
		items, _ := list.([]any)
		for _, it := range items {
			if m, ok := it.(map[string]any); ok {
				add(m[field])
			}
		}
	}
	for _, inc := range incs {
		typ, param, _ := strings.Cut(inc, ":")
		if typ != e.typ {
			continue
		}
		all := param == "*"
		switch e.typ {
		case "ExplanationOfBenefit":
			if all || param == "patient" {
				add(e.doc["patient"])
			}
			if all || param == "provider" {
				add(e.doc["provider"])
			}
			if all || param == "insurer" {
				add(e.doc["insurer"])
			}
			if all || param == "coverage" {
				each(e.doc["insurance"], "coverage")
			}
			if all || param == "care-team" {
				each(e.doc["careTeam"], "provider")
			}
		case "Coverage":
			if all || param == "payor" {
				items, _ := e.doc["payor"].([]any)
				for _, it := range items {
					add(it)
				}
			}
		case "MedicationRequest":
			if all || param == "medication" {
				add(e.doc["medicationReference"])
			}
		}
	}
	return out
}

func splitOR(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

// matches applies the search parameters the fake understands; others are
// ignored, as lenient FHIR servers do.
func (s *Server) matches(e *entry, q url.Values) bool {
	for name, vals := range q {
		for _, v := range vals {
			if !s.match(e, name, v) {
				return false
			}
		}
	}
	return true
}

func (s *Server) match(e *entry, name, v string) bool {
	d := e.doc
	switch name {
	case "_id":
		return slices.Contains(splitOR(v), e.id)
	case "patient", "subject", "beneficiary":
		if f, ok := compartment[e.typ]; ok && f != "" {
			want := strings.TrimPrefix(v, "Patient/")
			return refID(d[f]) == want
		}
		return false
	case "category":
		return tokenMatch(v, d["category"])
	case "code":
		return tokenMatch(v, d["code"])
	case "type":
		return tokenMatch(v, d["type"])
	case "clinical-status":
		return tokenMatch(v, d["clinicalStatus"])
	case "intent", "status":
		got, _ := d[name].(string)
		return slices.Contains(splitOR(v), got)
	case "identifier":
		return identifierMatch(v, d["identifier"])
	case "service-date":
		bp, _ := d["billablePeriod"].(map[string]any)
		start, _ := bp["start"].(string)
		return dateMatch(v, start)
	case "drugplan":
		return extString(d, extPlanID) == v
	case "drugtier":
		return tokenMatch(v, extValue(d, extDrugTier))
	case "drugname":
		return strings.Contains(strings.ToLower(codingDisplays(d["code"])), strings.ToLower(v))
	}
	return true
}

func refID(v any) string {
	m, _ := v.(map[string]any)
	ref, _ := m["reference"].(string)
	if i := strings.LastIndexByte(ref, '/'); i >= 0 {
		return ref[i+1:]
	}
	return ref
}

// codings lists "system|code" and "code" of a CodeableConcept (or a list).
func codings(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, it := range x {
				walk(it)
			}
		case map[string]any:
			if cs, ok := x["coding"].([]any); ok {
				for _, c := range cs {
					cm, _ := c.(map[string]any)
					code, _ := cm["code"].(string)
					sys, _ := cm["system"].(string)
					out = append(out, code, sys+"|"+code)
				}
			}
		case string:
			out = append(out, x)
		}
	}
	walk(v)
	return out
}

func tokenMatch(param string, v any) bool {
	have := codings(v)
	for _, want := range splitOR(param) {
		if slices.Contains(have, want) || (strings.HasPrefix(want, "|") && slices.Contains(have, want[1:])) {
			return true
		}
	}
	return false
}

func identifierMatch(param string, v any) bool {
	sys, val, hasSys := strings.Cut(param, "|")
	if !hasSys {
		val = sys
	}
	items, _ := v.([]any)
	for _, it := range items {
		m, _ := it.(map[string]any)
		if m["value"] == val && (!hasSys || m["system"] == sys) {
			return true
		}
	}
	return false
}

// dateMatch compares dates (as text: YYYY-MM-DD sorts) with a FHIR prefix.
func dateMatch(param, have string) bool {
	if have == "" {
		return false
	}
	prefix, date := "eq", param
	if len(param) > 2 && param[0] >= 'a' && param[0] <= 'z' {
		prefix, date = param[:2], param[2:]
	}
	h := have[:min(len(have), len(date))]
	switch prefix {
	case "ge", "sa":
		return h >= date
	case "gt":
		return h > date
	case "le", "eb":
		return h <= date
	case "lt":
		return h < date
	case "ne":
		return h != date
	}
	return h == date
}

func extValue(d map[string]any, url string) any {
	exts, _ := d["extension"].([]any)
	for _, x := range exts {
		m, _ := x.(map[string]any)
		if m["url"] == url {
			for k, v := range m {
				if strings.HasPrefix(k, "value") {
					return v
				}
			}
		}
	}
	return nil
}

func extString(d map[string]any, url string) string {
	s, _ := extValue(d, url).(string)
	return s
}

func codingDisplays(v any) string {
	m, _ := v.(map[string]any)
	cs, _ := m["coding"].([]any)
	var out []string
	for _, c := range cs {
		cm, _ := c.(map[string]any)
		if d, ok := cm["display"].(string); ok {
			out = append(out, d)
		}
	}
	if t, ok := m["text"].(string); ok {
		out = append(out, t)
	}
	return strings.Join(out, " ")
}

// metadata returns the CapabilityStatement for a base, built once per base
// (for the first few bases).
func (s *Server) metadata(base string) []byte {
	s.mu.Lock()
	b, ok := s.caps[base]
	s.mu.Unlock()
	if ok {
		return b
	}
	b = s.capabilities(base)
	s.mu.Lock()
	if len(s.caps) < 16 {
		s.caps[base] = b
	}
	s.mu.Unlock()
	return b
}

// capabilities is the fake's CapabilityStatement.
func (s *Server) capabilities(base string) []byte {
	sp := func(names ...string) []any {
		var out []any
		for _, n := range names {
			out = append(out, map[string]any{"name": n, "type": "token"})
		}
		return out
	}
	res := func(typ string, includes []string, params ...string) map[string]any {
		r := map[string]any{"type": typ, "interaction": []any{map[string]any{"code": "read"}, map[string]any{"code": "search-type"}},
			"searchParam": sp(params...)}
		if len(includes) > 0 {
			r["searchInclude"] = includes
		}
		return r
	}
	patient := res("Patient", nil, "_id", "identifier")
	if s.cfg.everything {
		patient["operation"] = []any{map[string]any{"name": "everything", "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything"}}
	}
	resources := []any{
		patient,
		res("Coverage", []string{"Coverage:payor"}, "_id", "patient", "beneficiary"),
		res("ExplanationOfBenefit", []string{"ExplanationOfBenefit:patient", "ExplanationOfBenefit:provider", "ExplanationOfBenefit:care-team",
			"ExplanationOfBenefit:coverage", "ExplanationOfBenefit:insurer", "ExplanationOfBenefit:*"},
			"_id", "patient", "_lastUpdated", "type", "identifier", "service-date"),
		res("Condition", nil, "patient", "category", "clinical-status", "code"),
		res("Observation", nil, "patient", "category", "code", "status"),
		res("AllergyIntolerance", nil, "patient", "clinical-status"),
		res("Immunization", nil, "patient", "status"),
		res("MedicationRequest", []string{"MedicationRequest:medication"}, "patient", "intent", "status"),
		res("MedicationKnowledge", nil, "drugplan", "drugtier", "drugname", "code", "_id"),
		res("List", nil, "code", "identifier", "_id"),
		res("Organization", nil, "_id"),
		res("Practitioner", nil, "_id"),
	}
	b, _ := json.Marshal(map[string]any{
		"resourceType": "CapabilityStatement", "status": "active", "date": "2024-01-01", "kind": "instance",
		"software":       map[string]any{"name": "allcarefhirtest (fake AllCare Patient Access API)"},
		"implementation": map[string]any{"description": "rxbridge allcarefhirtest", "url": base},
		"fhirVersion":    "4.0.1", "format": []string{"json"},
		"rest": []any{map[string]any{"mode": "server", "resource": resources, "security": map[string]any{
			"service": []any{map[string]any{"coding": []any{map[string]any{"system": "http://terminology.hl7.org/CodeSystem/restful-security-service", "code": "SMART-on-FHIR"}}}},
		}}},
	})
	return b
}
