// Package wire holds end-to-end tests of the committed generated client
// (github.com/graphgen/graphgen/generated/graph), used exactly as a program
// outside this module would use it, against httptest servers that answer
// like Microsoft Graph: paging through @odata.nextLink, OData query options
// and headers, uploads and downloads of bytes (with Graph's 302 to a
// storage host), item-path escaping, 202 Accepted, polymorphic members,
// references sent to …/$ref, DateTimeOffset precision and retries on 429;
// and Graph's own patterns
// (patterns_test.go): upload sessions, long-running operations watched with
// Wait, JSON batching. Every wait runs on a fake clock (clock_test.go).
package wire
