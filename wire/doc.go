// Package wire holds end-to-end tests of the committed generated client
// (github.com/graphgen/graphgen/generated/graph), used exactly as a program
// outside this module would use it, against httptest servers that answer
// like Microsoft Graph: paging through @odata.nextLink, OData query options
// and headers, uploads and downloads of bytes (with Graph's 302 to a
// storage host), item-path escaping, 202 Accepted, polymorphic members,
// DateTimeOffset precision and retries on 429.
package wire
