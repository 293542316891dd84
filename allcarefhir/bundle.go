package allcarefhir

import (
	"strings"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// Bundle is a collection of resources: a page of search results
// (searchset), the result of $everything, or a document.
type Bundle struct {
	BaseResource
	Identifier *Identifier   `json:"identifier,omitempty"`
	Type       string        `json:"type,omitempty"`
	Timestamp  Instant       `json:"timestamp,omitempty"`
	Total      *int          `json:"total,omitempty"`
	Link       []BundleLink  `json:"link,omitempty"`
	Entry      []BundleEntry `json:"entry,omitempty"`
	Signature  *Signature    `json:"signature,omitempty"`
}

// Bundle types.
const (
	BundleTypeSearchset  = "searchset"
	BundleTypeCollection = "collection"
	BundleTypeDocument   = "document"
)

// Search entry modes (BundleEntrySearch.Mode).
const (
	SearchModeMatch   = "match"
	SearchModeInclude = "include"
	SearchModeOutcome = "outcome"
)

// LinkURL returns the URL of the first link with the relation ("next",
// "self", "previous"; "prev" also matches "previous"), or "".
func (b *Bundle) LinkURL(relation string) string {
	if b == nil {
		return ""
	}
	for _, l := range b.Link {
		if l.Relation == relation || (relation == "previous" && l.Relation == "prev") || (relation == "prev" && l.Relation == "previous") {
			return l.URL
		}
	}
	return ""
}

// Resolve returns the entry resource a reference names: by fullUrl, or by
// "Type/id" (relative or absolute, versions ignored). Nil when the bundle
// does not hold it.
func (b *Bundle) Resolve(ref string) Resource {
	if b == nil {
		return nil
	}
	if ref == "" {
		return nil
	}
	for i := range b.Entry {
		if e := &b.Entry[i]; e.Resource != nil && e.FullURL != "" && e.FullURL == ref {
			return e.Resource
		}
	}
	typ, id, ok := SplitReference(ref)
	if !ok {
		return nil
	}
	for i := range b.Entry {
		if r := b.Entry[i].Resource; r != nil && r.ResourceType() == typ && r.ResourceID() == id {
			return r
		}
	}
	return nil
}

// BundleLink is a link of the bundle (next page, self).
type BundleLink struct {
	BackboneElement
	Relation string `json:"relation,omitempty"`
	URL      string `json:"url,omitempty"`
}

// BundleEntry is one resource in a bundle.
type BundleEntry struct {
	BackboneElement
	Link     []BundleLink         `json:"link,omitempty"`
	FullURL  string               `json:"fullUrl,omitempty"`
	Resource Resource             `json:"resource,omitempty"`
	Search   *BundleEntrySearch   `json:"search,omitempty"`
	Request  *BundleEntryRequest  `json:"request,omitempty"`
	Response *BundleEntryResponse `json:"response,omitempty"`
}

// Mode returns the entry's search mode ("match", "include", "outcome"), or
// "".
func (e *BundleEntry) Mode() string {
	if e == nil {
		return ""
	}
	if e.Search == nil {
		return ""
	}
	return e.Search.Mode
}

// BundleEntrySearch says why an entry is in a searchset.
type BundleEntrySearch struct {
	BackboneElement
	Mode  string          `json:"mode,omitempty"`
	Score rxbridge.Number `json:"score,omitzero"`
}

// BundleEntryRequest is the request of a batch or transaction entry.
type BundleEntryRequest struct {
	BackboneElement
	Method          string  `json:"method,omitempty"`
	URL             string  `json:"url,omitempty"`
	IfNoneMatch     string  `json:"ifNoneMatch,omitempty"`
	IfModifiedSince Instant `json:"ifModifiedSince,omitempty"`
	IfMatch         string  `json:"ifMatch,omitempty"`
	IfNoneExist     string  `json:"ifNoneExist,omitempty"`
}

// BundleEntryResponse is the response of a batch or transaction entry.
type BundleEntryResponse struct {
	BackboneElement
	Status       string   `json:"status,omitempty"`
	Location     string   `json:"location,omitempty"`
	Etag         string   `json:"etag,omitempty"`
	LastModified Instant  `json:"lastModified,omitempty"`
	Outcome      Resource `json:"outcome,omitempty"`
}

// OperationOutcome reports errors and warnings. Diagnostics and Details
// text may repeat what was sent: treat them as PHI.
type OperationOutcome struct {
	DomainResource
	Issue []OperationOutcomeIssue `json:"issue,omitempty"`
}

// Issue severities.
const (
	SeverityFatal       = "fatal"
	SeverityError       = "error"
	SeverityWarning     = "warning"
	SeverityInformation = "information"
)

// OperationOutcomeIssue is one error or warning.
type OperationOutcomeIssue struct {
	BackboneElement
	// Severity is fatal, error, warning or information.
	Severity string `json:"severity,omitempty"`
	// Code is the issue type (http://hl7.org/fhir/issue-type: invalid,
	// not-found, not-supported, processing, security, ...).
	Code        string           `json:"code,omitempty"`
	Details     *CodeableConcept `json:"details,omitempty"`
	Diagnostics string           `json:"diagnostics,omitempty"`
	Location    []string         `json:"location,omitempty"`
	Expression  []string         `json:"expression,omitempty"`
}

// CapabilityStatement is what a FHIR server supports (GET /metadata):
// resource types, interactions, search parameters, _include values and
// operations.
type CapabilityStatement struct {
	DomainResource
	URL                 string                             `json:"url,omitempty"`
	Version             string                             `json:"version,omitempty"`
	Name                string                             `json:"name,omitempty"`
	Title               string                             `json:"title,omitempty"`
	Status              string                             `json:"status,omitempty"`
	Experimental        *bool                              `json:"experimental,omitempty"`
	Date                DateTime                           `json:"date,omitempty"`
	Publisher           string                             `json:"publisher,omitempty"`
	Contact             []ContactDetail                    `json:"contact,omitempty"`
	Description         string                             `json:"description,omitempty"`
	UseContext          []UsageContext                     `json:"useContext,omitempty"`
	Jurisdiction        []CodeableConcept                  `json:"jurisdiction,omitempty"`
	Purpose             string                             `json:"purpose,omitempty"`
	Copyright           string                             `json:"copyright,omitempty"`
	Kind                string                             `json:"kind,omitempty"`
	Instantiates        []string                           `json:"instantiates,omitempty"`
	Imports             []string                           `json:"imports,omitempty"`
	Software            *CapabilityStatementSoftware       `json:"software,omitempty"`
	Implementation      *CapabilityStatementImplementation `json:"implementation,omitempty"`
	FHIRVersion         string                             `json:"fhirVersion,omitempty"`
	Format              []string                           `json:"format,omitempty"`
	PatchFormat         []string                           `json:"patchFormat,omitempty"`
	ImplementationGuide []string                           `json:"implementationGuide,omitempty"`
	Rest                []CapabilityStatementRest          `json:"rest,omitempty"`
	Messaging           []CapabilityStatementMessaging     `json:"messaging,omitempty"`
	Document            []CapabilityStatementDocument      `json:"document,omitempty"`
}

// CapabilityStatementSoftware names the server software.
type CapabilityStatementSoftware struct {
	BackboneElement
	Name        string   `json:"name,omitempty"`
	Version     string   `json:"version,omitempty"`
	ReleaseDate DateTime `json:"releaseDate,omitempty"`
}

// CapabilityStatementImplementation describes the instance.
type CapabilityStatementImplementation struct {
	BackboneElement
	Description string     `json:"description,omitempty"`
	URL         string     `json:"url,omitempty"`
	Custodian   *Reference `json:"custodian,omitempty"`
}

// CapabilityStatementRest is the server's RESTful capabilities.
type CapabilityStatementRest struct {
	BackboneElement
	Mode          string                           `json:"mode,omitempty"`
	Documentation string                           `json:"documentation,omitempty"`
	Security      *CapabilityStatementSecurity     `json:"security,omitempty"`
	Resource      []CapabilityStatementResource    `json:"resource,omitempty"`
	Interaction   []CapabilityStatementInteraction `json:"interaction,omitempty"`
	SearchParam   []CapabilityStatementSearchParam `json:"searchParam,omitempty"`
	Operation     []CapabilityStatementOperation   `json:"operation,omitempty"`
	Compartment   []string                         `json:"compartment,omitempty"`
}

// CapabilityStatementSecurity describes the server's security.
type CapabilityStatementSecurity struct {
	BackboneElement
	Cors        *bool             `json:"cors,omitempty"`
	Service     []CodeableConcept `json:"service,omitempty"`
	Description string            `json:"description,omitempty"`
}

// CapabilityStatementResource is what the server supports for one type.
type CapabilityStatementResource struct {
	BackboneElement
	Type              string                           `json:"type,omitempty"`
	Profile           string                           `json:"profile,omitempty"`
	SupportedProfile  []string                         `json:"supportedProfile,omitempty"`
	Documentation     string                           `json:"documentation,omitempty"`
	Interaction       []CapabilityStatementInteraction `json:"interaction,omitempty"`
	Versioning        string                           `json:"versioning,omitempty"`
	ReadHistory       *bool                            `json:"readHistory,omitempty"`
	UpdateCreate      *bool                            `json:"updateCreate,omitempty"`
	ConditionalCreate *bool                            `json:"conditionalCreate,omitempty"`
	ConditionalRead   string                           `json:"conditionalRead,omitempty"`
	ConditionalUpdate *bool                            `json:"conditionalUpdate,omitempty"`
	ConditionalDelete string                           `json:"conditionalDelete,omitempty"`
	ReferencePolicy   []string                         `json:"referencePolicy,omitempty"`
	SearchInclude     []string                         `json:"searchInclude,omitempty"`
	SearchRevInclude  []string                         `json:"searchRevInclude,omitempty"`
	SearchParam       []CapabilityStatementSearchParam `json:"searchParam,omitempty"`
	Operation         []CapabilityStatementOperation   `json:"operation,omitempty"`
}

// CapabilityStatementInteraction is a supported interaction (read,
// search-type, ...).
type CapabilityStatementInteraction struct {
	BackboneElement
	Code          string `json:"code,omitempty"`
	Documentation string `json:"documentation,omitempty"`
}

// CapabilityStatementSearchParam is a supported search parameter.
type CapabilityStatementSearchParam struct {
	BackboneElement
	Name          string `json:"name,omitempty"`
	Definition    string `json:"definition,omitempty"`
	Type          string `json:"type,omitempty"`
	Documentation string `json:"documentation,omitempty"`
}

// CapabilityStatementOperation is a supported operation ($everything).
type CapabilityStatementOperation struct {
	BackboneElement
	Name          string `json:"name,omitempty"`
	Definition    string `json:"definition,omitempty"`
	Documentation string `json:"documentation,omitempty"`
}

// CapabilityStatementMessaging is what the system supports for FHIR
// messaging.
type CapabilityStatementMessaging struct {
	BackboneElement
	Endpoint         []CapabilityStatementEndpoint         `json:"endpoint,omitempty"`
	ReliableCache    *int                                  `json:"reliableCache,omitempty"`
	Documentation    string                                `json:"documentation,omitempty"`
	SupportedMessage []CapabilityStatementSupportedMessage `json:"supportedMessage,omitempty"`
}

// CapabilityStatementEndpoint is where messages are sent, and by what
// protocol.
type CapabilityStatementEndpoint struct {
	BackboneElement
	Protocol *Coding `json:"protocol,omitempty"`
	Address  string  `json:"address,omitempty"`
}

// CapabilityStatementSupportedMessage is a message the system sends or
// receives, by its MessageDefinition.
type CapabilityStatementSupportedMessage struct {
	BackboneElement
	Mode       string `json:"mode,omitempty"`
	Definition string `json:"definition,omitempty"`
}

// CapabilityStatementDocument is a document profile the system produces
// or consumes.
type CapabilityStatementDocument struct {
	BackboneElement
	Mode          string `json:"mode,omitempty"`
	Documentation string `json:"documentation,omitempty"`
	Profile       string `json:"profile,omitempty"`
}

// Resource returns the server's capabilities for a resource type, or nil.
func (c *CapabilityStatement) Resource(resourceType string) *CapabilityStatementResource {
	if c == nil {
		return nil
	}
	for i := range c.Rest {
		if c.Rest[i].Mode != "" && c.Rest[i].Mode != "server" {
			continue
		}
		for j := range c.Rest[i].Resource {
			if r := &c.Rest[i].Resource[j]; r.Type == resourceType {
				return r
			}
		}
	}
	return nil
}

// SearchParams returns the names of the search parameters the server
// declares for a resource type.
func (c *CapabilityStatement) SearchParams(resourceType string) []string {
	if c == nil {
		return nil
	}
	r := c.Resource(resourceType)
	if r == nil {
		return nil
	}
	out := make([]string, 0, len(r.SearchParam))
	for _, p := range r.SearchParam {
		out = append(out, p.Name)
	}
	return out
}

// SupportsInteraction reports whether the server declares an interaction
// ("read", "search-type") for a resource type.
func (c *CapabilityStatement) SupportsInteraction(resourceType, code string) bool {
	if c == nil {
		return false
	}
	r := c.Resource(resourceType)
	if r == nil {
		return false
	}
	for _, it := range r.Interaction {
		if it.Code == code {
			return true
		}
	}
	return false
}

// SupportsOperation reports whether the server declares an operation (by
// name, with or without "$": "everything") for a resource type or
// system-wide.
func (c *CapabilityStatement) SupportsOperation(resourceType, name string) bool {
	if c == nil {
		return false
	}
	name = strings.TrimPrefix(name, "$")
	match := func(ops []CapabilityStatementOperation) bool {
		for _, op := range ops {
			if strings.TrimPrefix(op.Name, "$") == name {
				return true
			}
		}
		return false
	}
	if r := c.Resource(resourceType); r != nil && match(r.Operation) {
		return true
	}
	for i := range c.Rest {
		if match(c.Rest[i].Operation) {
			return true
		}
	}
	return false
}

// SupportsInclude reports whether the server declares an _include value
// ("ExplanationOfBenefit:patient") for a resource type.
func (c *CapabilityStatement) SupportsInclude(resourceType, include string) bool {
	if c == nil {
		return false
	}
	r := c.Resource(resourceType)
	if r == nil {
		return false
	}
	for _, s := range r.SearchInclude {
		if s == include {
			return true
		}
	}
	return false
}
