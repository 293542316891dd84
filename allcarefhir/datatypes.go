package allcarefhir

import (
	"errors"
	"strings"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// FHIR's date and time primitives (see "Dates and decimals" in the
// package documentation): strings that keep the text as sent, partial
// dates included, parsed by their Time methods.

// Date is a FHIR date: "YYYY", "YYYY-MM" or "YYYY-MM-DD", no time zone. It
// is the text as sent, not an rxbridge.Date: Time parses it and gives its
// precision; DateOf builds one from a time.Time.
type Date string

// DateTime is a FHIR dateTime: a date, a year, a year and month, or a date
// and time with a zone ("2015-02-07T13:28:17-05:00"). It is the text as
// sent, not an rxbridge.DateTime: Time parses it and gives its precision;
// DateTimeOf builds one from a time.Time.
type DateTime string

// Instant is a FHIR instant: a date and time with a zone, to the second or
// finer (Meta.LastUpdated). It is the text as sent; Time parses it.
type Instant string

// Precision says how much of a date or time a value gives.
type Precision int

// Precisions of a Date or DateTime.
const (
	PrecisionNone Precision = iota
	PrecisionYear
	PrecisionMonth
	PrecisionDay
	PrecisionTime
)

// ErrBadDate is returned by the Time methods for text that is not a FHIR
// date or date-time.
var ErrBadDate = errors.New("allcarefhir: not a FHIR date or dateTime")

// Time parses the date. A partial date gives the first day of its year or
// month, in UTC.
func (d Date) Time() (time.Time, Precision, error) { return parseFHIRTime(string(d), false) }

// Time parses the date-time. A date without a time is midnight UTC; a time
// without a zone (not valid FHIR, but seen) is read as UTC.
func (d DateTime) Time() (time.Time, Precision, error) { return parseFHIRTime(string(d), true) }

// Time parses the instant.
func (d Instant) Time() (time.Time, error) {
	t, _, err := parseFHIRTime(string(d), true)
	return t, err
}

// DateTimeOf formats t as a FHIR dateTime to the second or finer, with
// t's offset ("2015-02-07T13:28:17-05:00").
func DateTimeOf(t time.Time) DateTime { return DateTime(t.Format(time.RFC3339Nano)) }

// DateOf formats the date of t, in t's own location, as a FHIR date of day
// precision ("2015-02-07"), as rxbridge.DateOf does for an rxbridge.Date.
// For a FHIR date from an rxbridge.Date d, write DateOf(d.In(time.UTC)).
func DateOf(t time.Time) Date { return Date(t.Format("2006-01-02")) }

func parseFHIRTime(s string, withTime bool) (time.Time, Precision, error) {
	s = strings.TrimSpace(s)
	switch {
	case len(s) == 4:
		t, err := time.Parse("2006", s)
		return t, PrecisionYear, dateErr(err)
	case len(s) == 7:
		t, err := time.Parse("2006-01", s)
		return t, PrecisionMonth, dateErr(err)
	case len(s) == 10:
		t, err := time.Parse("2006-01-02", s)
		return t, PrecisionDay, dateErr(err)
	case withTime && len(s) > 10:
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t, PrecisionTime, nil
			}
		}
	}
	return time.Time{}, PrecisionNone, ErrBadDate
}

func dateErr(err error) error {
	if err != nil {
		return ErrBadDate
	}
	return nil
}

// Coding is a code from a code system.
type Coding struct {
	Element
	System       string `json:"system,omitempty"`
	Version      string `json:"version,omitempty"`
	Code         string `json:"code,omitempty"`
	Display      string `json:"display,omitempty"`
	UserSelected *bool  `json:"userSelected,omitempty"`
}

// CodeableConcept is a concept given by codings and/or text.
type CodeableConcept struct {
	Element
	Coding []Coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

// Has reports whether one of the codings has the system and code (an empty
// system matches any).
func (c *CodeableConcept) Has(system, code string) bool {
	if c == nil {
		return false
	}
	for _, cd := range c.Coding {
		if cd.Code == code && (system == "" || cd.System == system) {
			return true
		}
	}
	return false
}

// Code returns the first coding's code in the system (any system when
// empty), or "".
func (c *CodeableConcept) Code(system string) string {
	if c == nil {
		return ""
	}
	for _, cd := range c.Coding {
		if system == "" || cd.System == system {
			return cd.Code
		}
	}
	return ""
}

// Display returns the text, or the first coding's display.
func (c *CodeableConcept) Display() string {
	if c == nil {
		return ""
	}
	if c.Text != "" {
		return c.Text
	}
	for _, cd := range c.Coding {
		if cd.Display != "" {
			return cd.Display
		}
	}
	return ""
}

// Identifier is a business identifier (member id, NPI, claim number).
type Identifier struct {
	Element
	Use      string           `json:"use,omitempty"`
	Type     *CodeableConcept `json:"type,omitempty"`
	System   string           `json:"system,omitempty"`
	Value    string           `json:"value,omitempty"`
	Period   *Period          `json:"period,omitempty"`
	Assigner *Reference       `json:"assigner,omitempty"`
}

// Reference points to another resource: relative ("Patient/123"),
// absolute, local to the containing resource ("#med1"), a Bundle fullUrl
// ("urn:uuid:..."), or only by identifier.
type Reference struct {
	Element
	Reference  string      `json:"reference,omitempty"`
	Type       string      `json:"type,omitempty"`
	Identifier *Identifier `json:"identifier,omitempty"`
	Display    string      `json:"display,omitempty"`
}

// TypeAndID returns the resource type and id of a relative or absolute
// literal reference ("Patient/123", "https://x/fhir/Patient/123/_history/2").
// ok is false for local, urn and identifier-only references.
func (r *Reference) TypeAndID() (typ, id string, ok bool) {
	if r == nil {
		return "", "", false
	}
	return SplitReference(r.Reference)
}

// IsLocal reports a reference to a contained resource ("#id").
func (r *Reference) IsLocal() bool { return r != nil && strings.HasPrefix(r.Reference, "#") }

// SplitReference returns the type and id of a relative or absolute literal
// reference, ignoring a trailing "_history/{vid}".
func SplitReference(ref string) (typ, id string, ok bool) {
	if ref == "" || strings.HasPrefix(ref, "#") || strings.HasPrefix(ref, "urn:") {
		return "", "", false
	}
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		ref = ref[:i]
	}
	parts := strings.Split(strings.TrimSuffix(ref, "/"), "/")
	if n := len(parts); n >= 4 && parts[n-2] == "_history" {
		parts = parts[:n-2]
	}
	n := len(parts)
	if n < 2 {
		return "", "", false
	}
	typ, id = parts[n-2], parts[n-1]
	if typ == "" || id == "" || typ[0] < 'A' || typ[0] > 'Z' {
		return "", "", false
	}
	return typ, id, true
}

// Period is a time range; either end may be missing.
type Period struct {
	Element
	Start DateTime `json:"start,omitempty"`
	End   DateTime `json:"end,omitempty"`
}

// Quantity is a measured amount (also used for SimpleQuantity, Age,
// Duration, Distance and Count).
type Quantity struct {
	Element
	Value      rxbridge.Number `json:"value,omitzero"`
	Comparator string          `json:"comparator,omitempty"`
	Unit       string          `json:"unit,omitempty"`
	System     string          `json:"system,omitempty"`
	Code       string          `json:"code,omitempty"`
}

// Money is an amount of currency.
type Money struct {
	Element
	Value    rxbridge.Number `json:"value,omitzero"`
	Currency string          `json:"currency,omitempty"`
}

// Range is a set of values between a low and a high quantity.
type Range struct {
	Element
	Low  *Quantity `json:"low,omitempty"`
	High *Quantity `json:"high,omitempty"`
}

// Ratio is a ratio of two quantities.
type Ratio struct {
	Element
	Numerator   *Quantity `json:"numerator,omitempty"`
	Denominator *Quantity `json:"denominator,omitempty"`
}

// HumanName is a person's name.
type HumanName struct {
	Element
	Use    string   `json:"use,omitempty"`
	Text   string   `json:"text,omitempty"`
	Family string   `json:"family,omitempty"`
	Given  []string `json:"given,omitempty"`
	Prefix []string `json:"prefix,omitempty"`
	Suffix []string `json:"suffix,omitempty"`
	Period *Period  `json:"period,omitempty"`
}

// Address is a postal or physical address.
type Address struct {
	Element
	Use        string   `json:"use,omitempty"`
	Type       string   `json:"type,omitempty"`
	Text       string   `json:"text,omitempty"`
	Line       []string `json:"line,omitempty"`
	City       string   `json:"city,omitempty"`
	District   string   `json:"district,omitempty"`
	State      string   `json:"state,omitempty"`
	PostalCode string   `json:"postalCode,omitempty"`
	Country    string   `json:"country,omitempty"`
	Period     *Period  `json:"period,omitempty"`
}

// ContactPoint is a phone number, email address or other contact.
type ContactPoint struct {
	Element
	System string  `json:"system,omitempty"`
	Value  string  `json:"value,omitempty"`
	Use    string  `json:"use,omitempty"`
	Rank   *int    `json:"rank,omitempty"`
	Period *Period `json:"period,omitempty"`
}

// Attachment is content given inline (base64 Data) or by URL.
type Attachment struct {
	Element
	ContentType string   `json:"contentType,omitempty"`
	Language    string   `json:"language,omitempty"`
	Data        string   `json:"data,omitempty"`
	URL         string   `json:"url,omitempty"`
	Size        *int     `json:"size,omitempty"`
	Hash        string   `json:"hash,omitempty"`
	Title       string   `json:"title,omitempty"`
	Creation    DateTime `json:"creation,omitempty"`
}

// Signature is a digital signature or an electronic one (an image, a
// hash) with who signed, when, and for what.
type Signature struct {
	Element
	Type         []Coding   `json:"type,omitempty"`
	When         Instant    `json:"when,omitempty"`
	Who          *Reference `json:"who,omitempty"`
	OnBehalfOf   *Reference `json:"onBehalfOf,omitempty"`
	TargetFormat string     `json:"targetFormat,omitempty"`
	SigFormat    string     `json:"sigFormat,omitempty"`
	// Data is the signature, base64-encoded.
	Data string `json:"data,omitempty"`
}

// Extension is additional content, identified by URL, with a value of one
// of the R4 open types (value[x]: one field per type; Value returns the one
// set). A value of another type (from a later FHIR version) is kept (see
// Unmodeled).
type Extension struct {
	Element
	URL string `json:"url,omitempty"`

	ValueBase64Binary        string               `json:"valueBase64Binary,omitempty"`
	ValueBoolean             *bool                `json:"valueBoolean,omitempty"`
	ValueCanonical           string               `json:"valueCanonical,omitempty"`
	ValueCode                string               `json:"valueCode,omitempty"`
	ValueDate                Date                 `json:"valueDate,omitempty"`
	ValueDateTime            DateTime             `json:"valueDateTime,omitempty"`
	ValueDecimal             rxbridge.Number      `json:"valueDecimal,omitzero"`
	ValueID                  string               `json:"valueId,omitempty"`
	ValueInstant             Instant              `json:"valueInstant,omitempty"`
	ValueInteger             *int                 `json:"valueInteger,omitempty"`
	ValueMarkdown            string               `json:"valueMarkdown,omitempty"`
	ValueOID                 string               `json:"valueOid,omitempty"`
	ValuePositiveInt         *int                 `json:"valuePositiveInt,omitempty"`
	ValueString              string               `json:"valueString,omitempty"`
	ValueTime                string               `json:"valueTime,omitempty"`
	ValueUnsignedInt         *int                 `json:"valueUnsignedInt,omitempty"`
	ValueURI                 string               `json:"valueUri,omitempty"`
	ValueURL                 string               `json:"valueUrl,omitempty"`
	ValueUUID                string               `json:"valueUuid,omitempty"`
	ValueAddress             *Address             `json:"valueAddress,omitempty"`
	ValueAge                 *Quantity            `json:"valueAge,omitempty"`
	ValueAnnotation          *Annotation          `json:"valueAnnotation,omitempty"`
	ValueAttachment          *Attachment          `json:"valueAttachment,omitempty"`
	ValueCodeableConcept     *CodeableConcept     `json:"valueCodeableConcept,omitempty"`
	ValueCoding              *Coding              `json:"valueCoding,omitempty"`
	ValueContactPoint        *ContactPoint        `json:"valueContactPoint,omitempty"`
	ValueCount               *Quantity            `json:"valueCount,omitempty"`
	ValueDistance            *Quantity            `json:"valueDistance,omitempty"`
	ValueDuration            *Quantity            `json:"valueDuration,omitempty"`
	ValueHumanName           *HumanName           `json:"valueHumanName,omitempty"`
	ValueIdentifier          *Identifier          `json:"valueIdentifier,omitempty"`
	ValueMoney               *Money               `json:"valueMoney,omitempty"`
	ValuePeriod              *Period              `json:"valuePeriod,omitempty"`
	ValueQuantity            *Quantity            `json:"valueQuantity,omitempty"`
	ValueRange               *Range               `json:"valueRange,omitempty"`
	ValueRatio               *Ratio               `json:"valueRatio,omitempty"`
	ValueReference           *Reference           `json:"valueReference,omitempty"`
	ValueSampledData         *SampledData         `json:"valueSampledData,omitempty"`
	ValueSignature           *Signature           `json:"valueSignature,omitempty"`
	ValueTiming              *Timing              `json:"valueTiming,omitempty"`
	ValueContactDetail       *ContactDetail       `json:"valueContactDetail,omitempty"`
	ValueContributor         *Contributor         `json:"valueContributor,omitempty"`
	ValueDataRequirement     *DataRequirement     `json:"valueDataRequirement,omitempty"`
	ValueExpression          *Expression          `json:"valueExpression,omitempty"`
	ValueParameterDefinition *ParameterDefinition `json:"valueParameterDefinition,omitempty"`
	ValueRelatedArtifact     *RelatedArtifact     `json:"valueRelatedArtifact,omitempty"`
	ValueTriggerDefinition   *TriggerDefinition   `json:"valueTriggerDefinition,omitempty"`
	ValueUsageContext        *UsageContext        `json:"valueUsageContext,omitempty"`
	ValueDosage              *Dosage              `json:"valueDosage,omitempty"`
	ValueMeta                *Meta                `json:"valueMeta,omitempty"`
}

// Value returns the value[x] that is set and its JSON name ("valueString"),
// or nil and "" (also for a value type kept in Unmodeled).
func (x *Extension) Value() (any, string) {
	return choiceValue(x, "value")
}

// FindExtension returns the first extension with the URL, or nil.
func FindExtension(exts []Extension, url string) *Extension {
	for i := range exts {
		if exts[i].URL == url {
			return &exts[i]
		}
	}
	return nil
}

// Meta is metadata about a resource.
type Meta struct {
	Element
	VersionID   string   `json:"versionId,omitempty"`
	LastUpdated Instant  `json:"lastUpdated,omitempty"`
	Source      string   `json:"source,omitempty"`
	Profile     []string `json:"profile,omitempty"`
	Security    []Coding `json:"security,omitempty"`
	Tag         []Coding `json:"tag,omitempty"`
}

// Narrative is the human-readable XHTML summary of a resource. Its Div can
// hold PHI.
type Narrative struct {
	Element
	Status string `json:"status,omitempty"`
	Div    string `json:"div,omitempty"`
}

// Annotation is a note with its author and time.
type Annotation struct {
	Element
	AuthorReference *Reference `json:"authorReference,omitempty"`
	AuthorString    string     `json:"authorString,omitempty"`
	Time            DateTime   `json:"time,omitempty"`
	Text            string     `json:"text,omitempty"`
}

// Dosage is how a medication is or should be taken.
type Dosage struct {
	BackboneElement
	Sequence                 *int                `json:"sequence,omitempty"`
	Text                     string              `json:"text,omitempty"`
	AdditionalInstruction    []CodeableConcept   `json:"additionalInstruction,omitempty"`
	PatientInstruction       string              `json:"patientInstruction,omitempty"`
	Timing                   *Timing             `json:"timing,omitempty"`
	AsNeededBoolean          *bool               `json:"asNeededBoolean,omitempty"`
	AsNeededCodeableConcept  *CodeableConcept    `json:"asNeededCodeableConcept,omitempty"`
	Site                     *CodeableConcept    `json:"site,omitempty"`
	Route                    *CodeableConcept    `json:"route,omitempty"`
	Method                   *CodeableConcept    `json:"method,omitempty"`
	DoseAndRate              []DosageDoseAndRate `json:"doseAndRate,omitempty"`
	MaxDosePerPeriod         *Ratio              `json:"maxDosePerPeriod,omitempty"`
	MaxDosePerAdministration *Quantity           `json:"maxDosePerAdministration,omitempty"`
	MaxDosePerLifetime       *Quantity           `json:"maxDosePerLifetime,omitempty"`
}

// DosageDoseAndRate is an amount of medication per dose and rate.
type DosageDoseAndRate struct {
	Element
	Type         *CodeableConcept `json:"type,omitempty"`
	DoseRange    *Range           `json:"doseRange,omitempty"`
	DoseQuantity *Quantity        `json:"doseQuantity,omitempty"`
	RateRatio    *Ratio           `json:"rateRatio,omitempty"`
	RateRange    *Range           `json:"rateRange,omitempty"`
	RateQuantity *Quantity        `json:"rateQuantity,omitempty"`
}

// Timing is when an event occurs, possibly repeating.
type Timing struct {
	BackboneElement
	Event  []DateTime       `json:"event,omitempty"`
	Repeat *TimingRepeat    `json:"repeat,omitempty"`
	Code   *CodeableConcept `json:"code,omitempty"`
}

// TimingRepeat is a repetition rule.
type TimingRepeat struct {
	Element
	BoundsDuration *Quantity       `json:"boundsDuration,omitempty"`
	BoundsRange    *Range          `json:"boundsRange,omitempty"`
	BoundsPeriod   *Period         `json:"boundsPeriod,omitempty"`
	Count          *int            `json:"count,omitempty"`
	CountMax       *int            `json:"countMax,omitempty"`
	Duration       rxbridge.Number `json:"duration,omitzero"`
	DurationMax    rxbridge.Number `json:"durationMax,omitzero"`
	DurationUnit   string          `json:"durationUnit,omitempty"`
	Frequency      *int            `json:"frequency,omitempty"`
	FrequencyMax   *int            `json:"frequencyMax,omitempty"`
	Period         rxbridge.Number `json:"period,omitzero"`
	PeriodMax      rxbridge.Number `json:"periodMax,omitzero"`
	PeriodUnit     string          `json:"periodUnit,omitempty"`
	DayOfWeek      []string        `json:"dayOfWeek,omitempty"`
	TimeOfDay      []string        `json:"timeOfDay,omitempty"`
	When           []string        `json:"when,omitempty"`
	Offset         *int            `json:"offset,omitempty"`
}

// ContactDetail is a name and ways to reach a person or organization.
type ContactDetail struct {
	Element
	Name    string         `json:"name,omitempty"`
	Telecom []ContactPoint `json:"telecom,omitempty"`
}

// SampledData is a series of measurements taken by a device (an ECG
// trace): data points, in Data, separated by spaces, each scaled by
// Factor and added to Origin.
type SampledData struct {
	Element
	Origin     *Quantity       `json:"origin,omitempty"`
	Period     rxbridge.Number `json:"period,omitzero"`
	Factor     rxbridge.Number `json:"factor,omitzero"`
	LowerLimit rxbridge.Number `json:"lowerLimit,omitzero"`
	UpperLimit rxbridge.Number `json:"upperLimit,omitzero"`
	Dimensions *int            `json:"dimensions,omitempty"`
	Data       string          `json:"data,omitempty"`
}

// Contributor is a person or organization that contributed to a
// knowledge artifact (author, editor, reviewer, endorser).
type Contributor struct {
	Element
	Type    string          `json:"type,omitempty"`
	Name    string          `json:"name,omitempty"`
	Contact []ContactDetail `json:"contact,omitempty"`
}

// DataRequirement describes the data a knowledge artifact needs: a type
// of data, with code and date filters. subject[x] is a choice: one field
// per type.
type DataRequirement struct {
	Element
	Type                   string                      `json:"type,omitempty"`
	Profile                []string                    `json:"profile,omitempty"`
	SubjectCodeableConcept *CodeableConcept            `json:"subjectCodeableConcept,omitempty"`
	SubjectReference       *Reference                  `json:"subjectReference,omitempty"`
	MustSupport            []string                    `json:"mustSupport,omitempty"`
	CodeFilter             []DataRequirementCodeFilter `json:"codeFilter,omitempty"`
	DateFilter             []DataRequirementDateFilter `json:"dateFilter,omitempty"`
	Limit                  *int                        `json:"limit,omitempty"`
	Sort                   []DataRequirementSort       `json:"sort,omitempty"`
}

// DataRequirementCodeFilter selects data by a coded element's codes or
// value set.
type DataRequirementCodeFilter struct {
	Element
	Path        string   `json:"path,omitempty"`
	SearchParam string   `json:"searchParam,omitempty"`
	ValueSet    string   `json:"valueSet,omitempty"`
	Code        []Coding `json:"code,omitempty"`
}

// DataRequirementDateFilter selects data by a date element. value[x] is a
// choice: one field per type.
type DataRequirementDateFilter struct {
	Element
	Path          string    `json:"path,omitempty"`
	SearchParam   string    `json:"searchParam,omitempty"`
	ValueDateTime DateTime  `json:"valueDateTime,omitempty"`
	ValuePeriod   *Period   `json:"valuePeriod,omitempty"`
	ValueDuration *Quantity `json:"valueDuration,omitempty"`
}

// DataRequirementSort is the order of the data (an element path and a
// direction).
type DataRequirementSort struct {
	Element
	Path      string `json:"path,omitempty"`
	Direction string `json:"direction,omitempty"`
}

// Expression is an expression in a given language (FHIRPath, CQL, a FHIR
// query), inline or by reference.
type Expression struct {
	Element
	Description string `json:"description,omitempty"`
	Name        string `json:"name,omitempty"`
	Language    string `json:"language,omitempty"`
	Expression  string `json:"expression,omitempty"`
	Reference   string `json:"reference,omitempty"`
}

// ParameterDefinition is a parameter of a knowledge artifact (a module's
// input or output).
type ParameterDefinition struct {
	Element
	Name          string `json:"name,omitempty"`
	Use           string `json:"use,omitempty"`
	Min           *int   `json:"min,omitempty"`
	Max           string `json:"max,omitempty"`
	Documentation string `json:"documentation,omitempty"`
	Type          string `json:"type,omitempty"`
	Profile       string `json:"profile,omitempty"`
}

// RelatedArtifact is a related resource or document (documentation, a
// citation, a predecessor).
type RelatedArtifact struct {
	Element
	Type     string      `json:"type,omitempty"`
	Label    string      `json:"label,omitempty"`
	Display  string      `json:"display,omitempty"`
	Citation string      `json:"citation,omitempty"`
	URL      string      `json:"url,omitempty"`
	Document *Attachment `json:"document,omitempty"`
	Resource string      `json:"resource,omitempty"`
}

// TriggerDefinition is an event that triggers a knowledge artifact (a
// schedule, a data change). timing[x] is a choice: one field per type.
type TriggerDefinition struct {
	Element
	Type            string            `json:"type,omitempty"`
	Name            string            `json:"name,omitempty"`
	TimingTiming    *Timing           `json:"timingTiming,omitempty"`
	TimingReference *Reference        `json:"timingReference,omitempty"`
	TimingDate      Date              `json:"timingDate,omitempty"`
	TimingDateTime  DateTime          `json:"timingDateTime,omitempty"`
	Data            []DataRequirement `json:"data,omitempty"`
	Condition       *Expression       `json:"condition,omitempty"`
}

// UsageContext is a context an artifact is meant for (a jurisdiction, a
// patient age range, a care setting). value[x] is a choice: one field per
// type; Value returns the one set.
type UsageContext struct {
	Element
	Code                 *Coding          `json:"code,omitempty"`
	ValueCodeableConcept *CodeableConcept `json:"valueCodeableConcept,omitempty"`
	ValueQuantity        *Quantity        `json:"valueQuantity,omitempty"`
	ValueRange           *Range           `json:"valueRange,omitempty"`
	ValueReference       *Reference       `json:"valueReference,omitempty"`
}

// Value returns the value[x] that is set and its JSON name, or nil and "".
func (u *UsageContext) Value() (any, string) { return choiceValue(u, "value") }
