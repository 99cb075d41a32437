// Package parser reads one Microsoft Graph documentation page (markdown) into
// a model.Document, with diagnostics for anything it cannot place.
//
// Parse runs goldmark (CommonMark plus the GFM table extension, no renderer)
// once over the page and walks the top-level blocks once, keeping track of
// the section each block sits in (the H2, or a known H3, heading). Nodes hold
// byte offsets into the page; a line table built once per page (newline
// counts per 512-byte chunk) turns them into line:col for every element and
// diagnostic. Tables are classified
// by their header row and their section together: a permissions table is
// found by its header wherever it sits ("Permission type | Permissions
// (...)", "Permission type | Least privileged permissions | Higher privileged
// permissions", or one row per resource), inline or in a permission include
// ([!INCLUDE [permissions-table](path)], read through the caller's Includer
// by ParseWith: the parser opens no file); a property-like table (a Property/Name/Parameter column, usually Type and
// Description) lands in Properties, Relationships, RequestBody or Parameters
// by its section.
//
// Several permissions tables on a page are mapped to the endpoints they are
// for in finish (permissions.go: the annotation's requestUrls, then the
// words of a sub-heading or lead-in naming a path segment, then the http
// block next to the table); an operation page without a readable table has
// PermissionsUnknown.
//
// The response is the page's own Response section (the first: a later one
// documents another request of the page, such as "Upload bytes"): the
// status from the first paragraph naming one, the type from a one-word link
// to a page in a paragraph or list item about the response body (with or
// without a status), else from the @odata.type annotation of an example
// response of that status. A table of a section titled "Parameters" on an
// all-POST page whose Request body section has no table is the request
// body.
//
// Choices worth knowing: APIVersion comes from the page's path (/beta/,
// /v1.0/) when it says, else from the first example URL; an example calling
// another version is an info diagnostic. Scopes are stored least privileged
// first (a "most to least" table is reversed). Endpoint paths are read by
// internal/odatapath and kept as documented (typos repaired), without the
// query string; a full URL loses its host and version. Example bodies are kept as JSON when they parse, else as a JSON
// string; JSON bodies and the JSON representation are slices of the page, so
// a Document references its src, which the caller must leave unmodified.
//
// The parser never panics on input and keeps no state between calls; Parse is
// safe for concurrent use. Output is deterministic (page order everywhere).
//
// # Diagnostics
//
// Errors make a page unusable for generation; warnings are oddities the
// generator can live with (something was skipped or guessed); info notes a
// normalisation. Every code, with its severity (also in Codes):
//
//	code                          severity  meaning
//	endpoint-missing              error     operation page (HTTP request section, or doc_type apiPageType) without one `METHOD /path` line
//	endpoint-malformed            warning   a line of an HTTP request block that is not `METHOD /path` (a header, prose); skipped
//	endpoint-refused              error     a `METHOD path` line whose path internal/odatapath does not read (white space, unpaired braces or parentheses, braces around text); no endpoint
//	endpoint-repaired             warning   a path typo with one sure reading ({id}$ref, an unclosed {group-id, <id>, companies{id}...; see internal/odatapath); read repaired
//	endpoint-relative             warning   endpoint path without the leading /; kept as written
//	endpoint-absolute-url         info      endpoint written as https://graph.microsoft.com/<version>/...; host and version dropped
//	endpoint-method-case          info      method written in lower or mixed case; upper-cased
//	code-block-ignored            info      a code block in the HTTP request section in another language, with no `METHOD /path` line
//	permission-row-unknown        warning   permissions row whose type is none of delegated (work or school), delegated (personal), application; skipped
//	permission-table-by-resource  info      a permissions table with one row per resource and one column per type; kept per resource (Permission.Resource)
//	permission-scope-odd          warning   words in permissions cells that are not scope names ("for", a placeholder such as "_2.AA"); dropped, one diagnostic per page
//	permission-include-missing    error     a permission include ([!INCLUDE [permissions-table](path)]) that does not exist or cannot be read; its scopes are unknown
//	permission-include-refused    error     a permission include that resolves outside the docs root; never opened, its scopes are unknown
//	permissions-unreadable        error     an operation page's Permissions section (or a permission include) without a permissions table graphgen can read; the scopes are unknown
//	permission-table-signals      warning   several permissions tables: what says which endpoints one is for (requestUrls, heading, http block) disagrees; read as for all they name
//	permission-table-unsure       warning   several permissions tables: endpoints no table is surely for, or several are, get the union of those tables
//	table-unclassified            warning   a table in a section whose tables graphgen reads (permissions, HTTP request, headers, parameters, body, properties, relationships) that is none of those
//	table-ignored                 info      a table elsewhere (examples, error codes, see also) that is none of those
//	table-malformed               warning   lines starting with | that goldmark does not read as a table (delimiter row missing or of another width)
//	table-row-cells               warning   a row with fewer cells (read as empty) or more cells (dropped) than the header
//	property-name-missing         warning   a property or parameter row with an empty name cell; skipped
//	type-unknown                  warning   a type cell that is empty or unreadable ("boolean or string"); kind "unknown"
//	response-missing              warning   operation page without a Response section
//	response-status-missing       warning   Response section, or example response block, without a status code
//	response-status-from-example  info      Response section without a status; taken from the first example response
//	response-collection-from-example info   a single response type that an example response's annotation marks isCollection: a collection
//	request-body-from-parameters  info      the table of a section titled "Parameters" on a POST page whose Request body section has no table: the request body
//	response-type-from-example    info      a Response section that links no type: the @odata.type annotation of the first example response of its status gives it
//	response-type-unknown         warning   a 2xx response (not 202 or 204) whose example has a body, with no type in the Response section or the example's annotation
//	response-type-no-content      warning   a Response section naming a type in the body of a 204 No Content: no value is returned
//	example-unpaired              warning   example request with no response after it, or response with no request before it (kept alone)
//	example-body-invalid-json     warning   example body that looks like JSON but does not parse; kept as a JSON string
//	example-block-unknown         warning   an http (or annotated) block in the examples that is neither `METHOD URL` nor `HTTP/1.1 <status>`
//	annotation-invalid-json       warning   `<!-- { ... } -->` annotation that is not strict JSON; its keys are read leniently
//	fence-unclosed                warning   a code fence that runs to the end of the page
//	json-representation-invalid   info      the resource's JSON representation is not valid JSON (kept as text only)
//	type-name-mismatch            warning   the title's "X resource type" and the JSON representation's @odata.type disagree
//	api-version-mismatch          info      an example URL calls another version than the page's folder
//	title-missing                 warning   no level-1 heading (front matter title used when present)
//	title-duplicate               info      a second level-1 heading outside tab groups
//	front-matter-unclosed         warning   --- front matter never closed; read as markdown
//	page-refused                  error     a line, block or nesting beyond the limits in limits.go (MaxLineBytes...); not parsed
//	table-truncated               warning   a table of more than MaxTableRows body rows; the rest are dropped
//
// Positions: a diagnostic about the page as a whole is at 1:1.
package parser

import "github.com/graphgen/graphgen/internal/model"

// Codes maps every diagnostic code Parse emits to its severity.
var Codes = map[string]model.Severity{
	"endpoint-missing":                 model.SevError,
	"page-refused":                     model.SevError,
	"table-truncated":                  model.SevWarning,
	"endpoint-malformed":               model.SevWarning,
	"endpoint-refused":                 model.SevError,
	"endpoint-repaired":                model.SevWarning,
	"endpoint-relative":                model.SevWarning,
	"endpoint-absolute-url":            model.SevInfo,
	"endpoint-method-case":             model.SevInfo,
	"code-block-ignored":               model.SevInfo,
	"permission-row-unknown":           model.SevWarning,
	"permission-scope-odd":             model.SevWarning,
	"permission-table-by-resource":     model.SevInfo,
	"permission-include-missing":       model.SevError,
	"permission-include-refused":       model.SevError,
	"permissions-unreadable":           model.SevError,
	"permission-table-signals":         model.SevWarning,
	"permission-table-unsure":          model.SevWarning,
	"table-unclassified":               model.SevWarning,
	"table-ignored":                    model.SevInfo,
	"table-malformed":                  model.SevWarning,
	"table-row-cells":                  model.SevWarning,
	"property-name-missing":            model.SevWarning,
	"type-unknown":                     model.SevWarning,
	"response-missing":                 model.SevWarning,
	"response-status-missing":          model.SevWarning,
	"response-status-from-example":     model.SevInfo,
	"response-collection-from-example": model.SevInfo,
	"response-type-from-example":       model.SevInfo,
	"request-body-from-parameters":     model.SevInfo,
	"response-type-unknown":            model.SevWarning,
	"response-type-no-content":         model.SevWarning,
	"example-unpaired":                 model.SevWarning,
	"example-body-invalid-json":        model.SevWarning,
	"example-block-unknown":            model.SevWarning,
	"annotation-invalid-json":          model.SevWarning,
	"fence-unclosed":                   model.SevWarning,
	"json-representation-invalid":      model.SevInfo,
	"type-name-mismatch":               model.SevWarning,
	"api-version-mismatch":             model.SevInfo,
	"title-missing":                    model.SevWarning,
	"title-duplicate":                  model.SevInfo,
	"front-matter-unclosed":            model.SevWarning,
}
