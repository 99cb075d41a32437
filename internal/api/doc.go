// Package api is graphgen's linked API model: the types and operations of a
// Microsoft Graph API version with every reference resolved once, built from
// the per-page IR (internal/model) and, when given, the service's CSDL
// metadata (internal/csdl). Printers (internal/emit), the API comparer
// (internal/apidiff) and `graphgen check` read this model; none of them
// resolves names or knows markdown conventions.
//
// Build is a pure function. Every element says where it came from: the page
// (file:line:col) and, when metadata was merged, the metadata file:line:col.
//
// # Merge policy
//
// The metadata decides the wire shape: property types and collection-ness,
// enum members, base types, abstract types and which derived types exist.
// The pages decide what only they know: paths and path variants,
// permissions, examples, descriptions, read-only and required flags, request
// headers. A type the pages never describe comes from the metadata. Each
// disagreement is a diagnostic at the page's line naming the metadata's.
//
// # Metadata names
//
// Every name the metadata gives (schema namespaces and aliases, entity,
// complex and enum types, properties, navigation properties, key
// properties, enum members and their values, actions, functions, their
// parameters and return types, containers, entity sets, singletons, base
// and property types) passes one check (metaname.go) before anything is
// merged: an OData SimpleIdentifier of ASCII letters, digits and
// underscores (at most 128, not starting with a digit), dotted when
// qualified; an enum value is an integer. Names become Go identifiers,
// struct tags and string literals, so an element that fails is left out
// with an error at its metadata line, and so is every element that refers
// to one left out (a type whose base is, a property, an operation, an
// entity set of its type), each with an error of its own. The documents
// given are not modified. Page names have their own, looser check
// (property-name-invalid): a page writes @odata.type-like names.
//
// # Request bodies
//
// A request body is the type the Request body section names, the type the
// page returns when its table lists only that type's properties (a create
// or update), or else a request type of its own (Type.Request set, named
// "request body of <title>" in messages) with the table's rows. With
// metadata, a page whose endpoints all call one action (its last path
// segment, among actions of that name the one bound to the type the path
// addresses: entity sets, singletons, navigation properties, keys, casts;
// actions.go) gets its request type from the action's parameters: the
// metadata's types, every parameter (the page's table narrows nothing),
// the page's descriptions and flags and, where the two spell a name in
// another case, the page's camel case (the metadata writes some actions'
// parameters in Pascal case).
//
// An endpoint that links an object (Endpoint.Ref: POST or PUT to a path
// whose last segment is $ref, such as POST /groups/{id}/members/$ref)
// sends a reference, {"@odata.id": "<URL of the object to link>"}, whatever
// its page's body section says ("supply a JSON representation of a
// directoryObject"): its JSONBody is nil, and an example of it gives the
// reference it sends (ExampleRequest.Ref) when its body is an object
// holding "@odata.id", a string that is not empty, and nothing else; any
// other body (none, {}, the properties of an object to create) marks the
// example example-not-reference. GET and DELETE of a $ref send nothing;
// a PATCH of one is not a reference endpoint.
//
// A parameter table without a Type column ("Name | Description", as query
// parameter tables are) gives String parameters: their values go in the
// URL.
//
// # Resolution
//
// A type cell resolves through maps built once: (1) the page its link
// points to (file base name, whatever the revision's naming:
// intune_shared_x.md, intune-shared-x.md, x.md) when that page defines the
// type the cell names; (2) a qualified name by the types' OData names; (3)
// the type name, case-insensitively, preferring a page in a resources/
// folder, then the page named after the type, then the microsoft.graph
// namespace, then path order; (4) the link's page alone; (5) with metadata,
// the metadata's type of that (qualified or unique simple) name. A cell
// linking to an anchor of its own page, to a "…-values" anchor, or to a
// non-resource page whose title says "enum" is an enum, in the namespace of
// the type whose page names it. Two pages describing one qualified name make
// one type (the preferred page's). Base types resolve the same way from
// "Inherits from".
//
// # Examples
//
// Each example of an operation page is linked once (example.go), after
// types and endpoints resolve, into an Example: the endpoint its request's
// method and URL match (odatapath.Match), the argument values in the
// endpoint's Args order (typed where the argument is a function parameter
// of a primitive or enum type), the query's parameters classified by the
// client option that sends them (ParseQuery), the headers a client sends,
// and the request and response bodies as typed value trees (Value: each
// object with the type its @odata.type or its place names, each member
// with its Property, each scalar checked against its primitive or enum;
// members in the example's order, read with encoding/json's tokenizer).
// An endpoint documented by several pages is one client method, made from
// the first page's endpoint (Endpoint.Primary): examples are read against
// its shapes. A request body is read strictly (a client builds it as
// written: no read-only property, no @odata.type outside the type's
// family; a member the type does not document is sent as additional data,
// with a warning); a response as a client reads it (null anywhere,
// undocumented members and unknown @odata.types kept).
//
// What a client cannot send, or read back, as the example writes it marks
// the example (Example.Skip) with an example-* diagnostic at the request's
// or response's line; a printer writes a test that skips with that reason
// and decides nothing itself. The fake service's default answer of each
// endpoint (Endpoint.Answer: the first example response a call of it can
// read) and the required body properties (Body.Required) are decided here
// too.
//
// # Diagnostics
//
//	code                            severity  meaning
//	missing-type                    warning   a type cell naming no type: raw JSON
//	unknown-type                    warning   a type cell the parser could not read: raw JSON
//	unknown-primitive               warning   a primitive graphgen does not know: raw JSON
//	missing-base-type               warning   "Inherits from" a type that is not in the input
//	inheritance-cycle               error     a type that inherits from itself
//	type-duplicate                  info      a second page describing a type: the preferred one is used
//	property-duplicate              warning   a property listed twice: the first row is used
//	property-name-invalid           warning   a page property "name" that cannot be one (description text; a comma, quote, backslash or backquote): the row is skipped
//	metadata-name-invalid           error     a metadata name that is not an OData identifier: the element is left out
//	metadata-reference-dropped      error     a metadata element that refers to one left out: it is left out too
//	metadata-type-unknown           warning   a page's type the metadata does not define
//	metadata-type-name              warning   a type name the metadata spells otherwise: the metadata's is used
//	metadata-type-unresolved        warning   the metadata names a type it does not define
//	metadata-base-differs           warning   another base type than the metadata's: the metadata's is used
//	metadata-base-undocumented      info      a page that does not say the base type the metadata gives
//	metadata-property-unknown       warning   a documented property the metadata's type does not have
//	metadata-property-undocumented  warning   a metadata property the page does not list: it is added
//	metadata-property-name          warning   a property (or action parameter) name the metadata spells otherwise: the metadata's is used
//	metadata-property-navigation    info      a documented property that is a navigation property
//	metadata-type-differs           warning   another property (or action parameter) type than the metadata's: the metadata's is used
//	metadata-type-refined           info      the same wire shape, named more precisely by the metadata (String -> an enum)
//	metadata-enum-member-unknown    warning   a documented enum value the metadata's enum lacks
//	metadata-parameter-unknown      warning   a request body row the metadata's action has no parameter for: it is kept
//	metadata-parameter-undocumented warning   a parameter of the metadata's action the page's table does not list: it is added
//	metadata-parameter-name         info      an action parameter the metadata spells in Pascal case: the page's camel case is kept
//	example-unmatched               warning   an example URL that matches none of the page's endpoints
//	example-bad-json                warning   an example body that is not valid JSON
//	example-unexpected-body         warning   an example request with a body where the page documents none
//	example-not-success             warning   an example response with a non-2xx status
//	example-missing-body            warning   an example response without the body the page documents
//	example-type-mismatch           warning   an example value (or URL argument) of another type than documented
//	example-unknown-type            warning   an example @odata.type that is not the documented type or derived from it
//	example-unknown-property        warning   an example request property that the type does not document: the client sends it as additional data
//	example-read-only-property      warning   an example request that sends a read-only property
//	example-not-reference           warning   an example request to a reference endpoint (POST or PUT …/$ref) whose body is not {"@odata.id": "<URL>"}
//
// Each example-* diagnostic but example-unknown-property marks its example
// unsendable (Example.Skip).
package api
