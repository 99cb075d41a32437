// Package csdl reads OData CSDL XML (a service's $metadata document, such as
// Microsoft Graph's beta.xml and v1.0.xml) into plain data with source
// positions. It reads only what it is given: it never fetches anything
// (edmx:Reference URIs are not followed) and does no DTD or entity processing;
// a document whose <!DOCTYPE declares an ENTITY is refused.
//
// Parse streams the document once with encoding/xml (RawToken, Strict mode).
// Elements are matched by local name, so any prefix may stand for the edmx and
// edm namespaces. Unknown elements and attributes are skipped; a known CSDL
// element in a place it cannot be (a Property directly in a Schema, a Key in a
// ComplexType) is an error. Errors are *Error values, formatted
// "FILE:LINE:COL: message"; malformed XML, a root that is not edmx:Edmx, a
// missing required attribute, a document over 256 MiB or elements nested
// deeper than 256 are all errors, never panics.
//
// # Positions
//
// Pos is the 1-based line and column of the '<' that starts an element; the
// column counts bytes, not runes. Error positions are those of the element at
// fault or, for malformed XML, where encoding/xml stopped: just past the byte
// at fault, or at the end of the input when it is truncated.
//
// # Names
//
// Every qualified name the package returns (TypeRef.Name, BaseType,
// EntitySet.EntityType, Singleton.Type) is alias resolved: each Schema's Alias,
// and each edmx:Include Alias, anywhere in the same document, is replaced by its
// namespace ("graph.user" becomes "microsoft.graph.user", also inside
// Collection(...)). Names are otherwise kept as written (case sensitive);
// Index lookups are case-insensitive.
//
// # Annotations
//
// Only four terms of the Org.OData.Core.V1 vocabulary are read, inline (as a
// child of the annotated element) or out of line (<Annotations Target=...>
// naming "ns.Type", "ns.Type/member", "ns.Enum", "ns.Enum/member",
// "ns.op(T1, T2)" or "ns.op(T1, T2)/param"): Description (String attribute or
// <String> child) fills the Description fields; Computed (Bool="true" or no
// value) and Permissions with the single member
// Org.OData.Core.V1.Permission/Read make a Property ReadOnly; OptionalParameter
// makes a Parameter Optional. An operation target matches each overload whose
// parameter types are the ones listed, all of them or (for an action) the
// binding parameter's alone. An inline Description wins over an out-of-line
// one, and the first out-of-line one over later ones. Other targets (a
// container, an entity set) and other terms are ignored.
//
// # Files
//
// StructuredType, EnumType and Operation carry the File of the Metadata they
// came from (the name given to Parse); Index.File answers the same for every
// element kind.
package csdl
