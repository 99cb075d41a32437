package graphrt

import (
	"net/http"
	"strconv"
	"strings"
)

// RequestOption adds a query parameter or a header to one call (and, for
// collections, headers to each of its page requests). Options apply in the
// order given; a nil option is skipped.
type RequestOption func(*graphrtRequestOptions)

type graphrtRequestOptions struct {
	query   []byte   // encoded "k=v&k=v", without the leading '?'
	headers []string // canonical name, value, name, value...
	link    string   // FromLink's URL
}

// graphrtApplyOptions collects opts (nil entries skipped).
func graphrtApplyOptions(opts []RequestOption) graphrtRequestOptions {
	var o graphrtRequestOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// Select asks for these properties only: $select=id,displayName. No fields
// add nothing.
func Select(fields ...string) RequestOption { return graphrtListOption("$select", fields) }

// Expand asks for these relationships inline: $expand=members,owners. No
// fields add nothing.
func Expand(fields ...string) RequestOption { return graphrtListOption("$expand", fields) }

// OrderBy sorts: OrderBy("displayName desc", "id") gives
// $orderby=displayName%20desc,id. No fields add nothing.
func OrderBy(fields ...string) RequestOption { return graphrtListOption("$orderby", fields) }

// Filter adds $filter=expr ("" adds nothing), encoded as Query says:
// Filter("startswith(displayName,'a b')") gives
// $filter=startswith(displayName,%27a%20b%27).
func Filter(expr string) RequestOption { return graphrtTextOption("$filter", expr) }

// Search adds $search=expr ("" adds nothing); Graph wants the expression
// in double quotes: Search(`"displayName:x"`) gives
// $search=%22displayName:x%22. Some resources also need the header
// ConsistencyLevel: eventual (Header).
func Search(expr string) RequestOption { return graphrtTextOption("$search", expr) }

// Top asks for at most n items per page: $top=n.
func Top(n int) RequestOption { return Query("$top", strconv.Itoa(n)) }

// Skip skips the first n items: $skip=n.
func Skip(n int) RequestOption { return Query("$skip", strconv.Itoa(n)) }

// Count asks for the total number of items: $count=true (Page.Count).
func Count() RequestOption { return Query("$count", "true") }

// Query adds the parameter name=value to the request's query string (after
// any the path already has). Name and value are percent-encoded with one
// rule, the same for every option: ASCII letters, digits and
// - . _ ~ , ( ) $ : @ / stay as they are; every other byte is written %XX
// (upper-case hex), so a space is %20 (never '+'), ' is %27, " is %22,
// and + & = # % ; ? are escaped, as is every byte of a non-ASCII character.
func Query(name, value string) RequestOption {
	return func(o *graphrtRequestOptions) {
		if len(o.query) > 0 {
			o.query = append(o.query, '&')
		}
		o.query = graphrtAppendQuery(o.query, name)
		o.query = append(o.query, '=')
		o.query = graphrtAppendQuery(o.query, value)
	}
}

// Header sets a request header on every request of the call (every page of
// a collection too). It replaces the header the client would send
// (Accept, User-Agent); given twice for one name, both values are sent.
// Authorization is ignored (the TokenProvider is its only source), and so
// is Content-Type on a request with a body (the body's type is known).
func Header(name, value string) RequestOption {
	name = http.CanonicalHeaderKey(name)
	return func(o *graphrtRequestOptions) {
		o.headers = append(o.headers, name, value)
	}
}

func graphrtListOption(name string, fields []string) RequestOption {
	return func(o *graphrtRequestOptions) {
		if len(fields) == 0 {
			return
		}
		if len(o.query) > 0 {
			o.query = append(o.query, '&')
		}
		o.query = graphrtAppendQuery(o.query, name)
		o.query = append(o.query, '=')
		for i, f := range fields {
			if i > 0 {
				o.query = append(o.query, ',')
			}
			o.query = graphrtAppendQuery(o.query, f)
		}
	}
}

func graphrtTextOption(name, value string) RequestOption {
	if value == "" {
		return nil
	}
	return Query(name, value)
}

// graphrtAppendQuery appends s percent-encoded as Query documents.
func graphrtAppendQuery(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if graphrtUnreserved(c) || strings.IndexByte(",()$:@/", c) >= 0 {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	return b
}

// FromLink makes the call at a URL an earlier answer gave instead of the
// method's path and query options: a delta query's @odata.deltaLink (the
// changes since that answer), or an @odata.nextLink to resume a listing.
// Headers still apply. The URL must have the client's base URL's origin
// (scheme, host and port), or the call fails before anything is sent: the
// token is never sent elsewhere.
//
//	for u, err := range c.ListUsersDelta(ctx, graph.FromLink(saved)) { ... }
func FromLink(url string) RequestOption {
	return func(o *graphrtRequestOptions) { o.link = url }
}

// graphrtURL joins the base URL, path and the options' query; FromLink's
// URL instead when given (graphrtSend checks its origin).
func (c *Client) graphrtURL(path string, o *graphrtRequestOptions) string {
	if o.link != "" {
		return o.link
	}
	if len(o.query) == 0 {
		return c.baseURL + path
	}
	sep := "?"
	if strings.IndexByte(path, '?') >= 0 {
		sep = "&"
	}
	return c.baseURL + path + sep + string(o.query)
}
