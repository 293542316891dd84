package allcarefhirtest

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"sync"
	"time"
)

// data holds copies of official FHIR examples (CC0; see
// testdata/allcarefhir/fhir/SOURCES.md): US Core 3.1.1, CARIN Blue Button
// 1.1.0, US Drug Formulary 1.1.0 and FHIR R4 spec examples. They are all
// fictional people; the fake makes them the member's by pointing their
// patient references at PatientID.
//
//go:embed data/*.json
var dataFS embed.FS

// entry is one stored resource.
type entry struct {
	typ, id string
	raw     json.RawMessage // compact JSON as served
	doc     map[string]any  // decoded (numbers as json.Number) for searching
	member  bool            // in the member's compartment
}

// store is the member's record. It is read-only once built (servers may
// share it: memberStore).
type store struct {
	order []*entry
	byKey map[string]*entry
}

// compartment names the field that points at the patient, per type.
var compartment = map[string]string{
	"Patient": "", "Coverage": "beneficiary", "ExplanationOfBenefit": "patient",
	"Condition": "subject", "Observation": "subject", "Procedure": "subject", "MedicationRequest": "subject",
	"DiagnosticReport": "subject", "DocumentReference": "subject", "CarePlan": "subject", "CareTeam": "subject",
	"Goal": "subject", "Encounter": "subject", "AllergyIntolerance": "patient", "Immunization": "patient", "Device": "patient",
}

func decodeDoc(b []byte) map[string]any {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		panic("allcarefhirtest: bad embedded data: " + err.Error())
	}
	return m
}

func (st *store) add(doc map[string]any, member bool) {
	raw, err := json.Marshal(doc)
	if err != nil {
		panic("allcarefhirtest: " + err.Error())
	}
	e := &entry{typ: doc["resourceType"].(string), id: doc["id"].(string), raw: raw, doc: doc, member: member}
	if old := st.byKey[e.typ+"/"+e.id]; old != nil {
		*old = *e
		return
	}
	st.order = append(st.order, e)
	st.byKey[e.typ+"/"+e.id] = e
}

func clone(doc map[string]any) map[string]any {
	b, _ := json.Marshal(doc)
	return decodeDoc(b)
}

// storeKey is everything a built store depends on.
type storeKey struct {
	patient     string
	eobs, drugs int
}

// builtStore is one store, built once.
type builtStore struct {
	once sync.Once
	st   *store
}

// maxSharedStores bounds the stores kept for reuse.
const maxSharedStores = 16

// shared keeps built stores for reuse. A store is read-only once built,
// and building one (decoding and copying the examples: tens of
// milliseconds under -race) dominates NewServer, so servers with the same
// member and sizes share it. Only the first maxSharedStores
// configurations are kept; others are built per server.
var shared = struct {
	sync.Mutex
	m map[storeKey]*builtStore
}{m: map[storeKey]*builtStore{}}

// memberStore returns the store of a server's configuration, shared when
// possible.
func memberStore(s *Server) *store {
	k := storeKey{patient: s.PatientID, eobs: s.cfg.eobCount, drugs: s.cfg.drugCount}
	shared.Lock()
	b := shared.m[k]
	if b == nil && len(shared.m) < maxSharedStores {
		b = &builtStore{}
		shared.m[k] = b
	}
	shared.Unlock()
	if b == nil {
		return loadStore(s)
	}
	b.once.Do(func() { b.st = loadStore(s) })
	return b.st
}

// loadStore builds the member's record.
func loadStore(s *Server) *store {
	st := &store{byKey: map[string]*entry{}}
	files, _ := dataFS.ReadDir("data")
	names := make([]string, 0, len(files))
	for _, f := range files {
		names = append(names, f.Name())
	}
	sort.Strings(names)
	docs := map[string]map[string]any{}
	for _, n := range names {
		b, err := dataFS.ReadFile(path.Join("data", n))
		if err != nil {
			panic("allcarefhirtest: " + err.Error())
		}
		docs[n] = decodeDoc(b)
	}
	me := map[string]any{"reference": "Patient/" + s.PatientID}
	own := func(doc map[string]any) map[string]any {
		typ := doc["resourceType"].(string)
		if typ == "Patient" {
			doc["id"] = s.PatientID
			return doc
		}
		if f := compartment[typ]; f != "" {
			doc[f] = clone(me)
		}
		if typ == "Coverage" {
			doc["subscriber"], doc["policyHolder"] = clone(me), clone(me)
		}
		return doc
	}
	st.add(own(docs["uscore311_patient-example.json"]), true)
	st.add(own(docs["c4bb110_Coverage-Coverage1.json"]), true)
	st.add(docs["c4bb110_Organization-Payer1.json"], false)
	st.add(docs["c4bb110_Practitioner-Practitioner1.json"], false)
	st.add(map[string]any{"resourceType": "Organization", "id": "OrganizationProvider1", "active": true,
		"name": "Example Provider Organization (synthetic)", "identifier": []any{map[string]any{"system": "http://hl7.org/fhir/sid/us-npi", "value": "9999999999"}}}, false)

	eobs := []string{"c4bb110_ExplanationOfBenefit-EOBInpatient1.json", "c4bb110_ExplanationOfBenefit-EOBPharmacy1.json", "c4bb110_ExplanationOfBenefit-EOBProfessional1a.json"}
	for i := 0; i < s.cfg.eobCount; i++ {
		if i < len(eobs) {
			st.add(own(docs[eobs[i]]), true)
			continue
		}
		// Synthetic claims: copies of the pharmacy example, one per day.
		d := own(clone(docs[eobs[1]]))
		day := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
		d["id"] = fmt.Sprintf("eob-synthetic-%04d", i)
		d["identifier"] = []any{map[string]any{"system": "https://allcare.example/fhir/EOBIdentifier", "value": fmt.Sprintf("SYN%08d", i)}}
		d["billablePeriod"] = map[string]any{"start": day.Format("2006-01-02"), "end": day.Format("2006-01-02")}
		d["created"] = day.Add(36 * time.Hour).Format(time.RFC3339)
		st.add(d, true)
	}
	for _, n := range []string{"uscore311_Condition-example.json", "uscore311_Observation-blood-pressure.json",
		"hl7tc_allergyintolerance-example.json", "hl7tc_immunization-example.json",
		"uscore311_MedicationRequest-uscore-mo1.json", "hl7tc_medicationrequest0301.json"} {
		st.add(own(docs[n]), true)
	}

	drug := docs["usdf11_FormularyDrugV1002.json"]
	if s.cfg.drugCount > 0 {
		st.add(drug, false)
	}
	tiers := []string{"generic", "preferred-generic", "brand", "preferred-brand", "specialty"}
	drugNames := []string{"atorvastatin 10 MG Oral Tablet", "lisinopril 10 MG Oral Tablet", "metformin hydrochloride 500 MG Oral Tablet",
		"amlodipine 5 MG Oral Tablet", "levothyroxine sodium 0.05 MG Oral Tablet", "omeprazole 20 MG Delayed Release Oral Capsule",
		"sertraline 50 MG Oral Tablet", "albuterol 0.09 MG/ACTUAT Metered Dose Inhaler", "gabapentin 300 MG Oral Capsule",
		"losartan potassium 50 MG Oral Tablet", "insulin glargine 100 UNT/ML Injectable Solution"}
	for i := 1; i < s.cfg.drugCount; i++ {
		d := clone(drug)
		d["id"] = fmt.Sprintf("formulary-drug-%03d", i)
		tier := tiers[i%len(tiers)]
		name := drugNames[(i-1)%len(drugNames)]
		for _, x := range d["extension"].([]any) {
			ext := x.(map[string]any)
			if ext["url"] == extDrugTier {
				ext["valueCodeableConcept"] = map[string]any{"coding": []any{map[string]any{
					"system": "http://hl7.org/fhir/us/davinci-drug-formulary/CodeSystem/usdf-DrugTierCS", "code": tier}}}
			}
		}
		d["code"] = map[string]any{"coding": []any{map[string]any{"system": "http://www.nlm.nih.gov/research/umls/rxnorm",
			"code": fmt.Sprintf("99%05d", i), "display": name + " (synthetic)"}}}
		st.add(d, false)
	}
	plan := docs["usdf11_CoveragePlanV1002.json"]
	plan["identifier"] = []any{map[string]any{"value": DrugPlanID}}
	st.add(plan, false)
	return st
}

const (
	extDrugTier = "http://hl7.org/fhir/us/davinci-drug-formulary/StructureDefinition/usdf-DrugTierID-extension"
	extPlanID   = "http://hl7.org/fhir/us/davinci-drug-formulary/StructureDefinition/usdf-PlanID-extension"
)
