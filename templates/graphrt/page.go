package graphrt

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"reflect"
)

// Page is one page of a collection: its items, and the links OData gives
// to the rest.
//
// Walk every page with Next, which returns (nil, nil) after the last one:
//
//	for p, err := c.ListUsersPage(ctx); p != nil || err != nil; p, err = p.Next(ctx) {
//		if err != nil {
//			return err
//		}
//		for _, u := range p.Items {
//			...
//		}
//	}
//
// (or range over the iterator the client's List methods return, which
// does the same one item at a time).
type Page[T any] struct {
	Items     []T
	NextLink  string          // @odata.nextLink: the next page; "" on the last
	DeltaLink string          // @odata.deltaLink: where to ask for changes later (delta queries)
	Count     Nullable[int64] // @odata.count, when asked for with Count()

	c       *Client
	op      string
	headers []string // of the call's Header options, sent with every page
}

// Next fetches the page NextLink names, with the same headers as the first
// page (NextLink carries the query already); (nil, nil) when NextLink is
// empty or p is nil. A NextLink to another origin than the client's base
// URL is an error: the token is never sent elsewhere.
//
// A delta query's last page has DeltaLink instead: call the delta method
// again with FromLink(p.DeltaLink) for the changes since (now or in
// another process).
func (p *Page[T]) Next(ctx context.Context) (*Page[T], error) {
	if p == nil || p.NextLink == "" {
		return nil, nil
	}
	if p.c == nil {
		return nil, errors.New("Page.Next: the page does not come from a Client")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", p.op, err)
	}
	link, err := p.c.graphrtLink(p.op, "@odata.nextLink", p.NextLink)
	if err != nil {
		return nil, err
	}
	n := &Page[T]{c: p.c, op: p.op, headers: p.headers}
	if _, err := graphrtFetchPage(ctx, p.c, p.op, http.MethodGet, link, nil, n, nil); err != nil {
		return nil, err
	}
	return n, nil
}

// graphrtPage makes a call answered by a collection and returns its first
// page.
//
//go:noinline
func graphrtPage[T any](ctx context.Context, c *Client, op, method, path string, body any, opts []RequestOption) (*Page[T], error) {
	payload, err := graphrtPayload(op, body)
	if err != nil {
		return nil, err
	}
	o := graphrtApplyOptions(opts)
	p := &Page[T]{c: c, op: op, headers: o.headers}
	if _, err := graphrtFetchPage(ctx, c, op, method, c.graphrtURL(path, &o), payload, p, nil); err != nil {
		return nil, err
	}
	return p, nil
}

// graphrtItems makes a call answered by a collection and yields every item
// of every page, following @odata.nextLink with GET. Nothing is requested
// before the loop starts; breaking out of the loop or the context ending
// stops it with no further request; an error is yielded once (with the
// zero T) and ends it. One page is in memory at a time.
//
//go:noinline
func graphrtItems[T any](ctx context.Context, c *Client, op, method, path string, body any, opts []RequestOption) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		payload, err := graphrtPayload(op, body)
		if err != nil {
			yield(zero, err)
			return
		}
		o := graphrtApplyOptions(opts)
		p := &Page[T]{c: c, op: op, headers: o.headers}
		link := c.graphrtURL(path, &o)
		var buf []byte // the response body, reused from page to page
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, fmt.Errorf("%s: %w", op, err))
				return
			}
			// p.Items is reused too: each item is zeroed before it is
			// decoded, and the caller only ever got copies.
			if buf, err = graphrtFetchPage(ctx, c, op, method, link, payload, p, buf); err != nil {
				yield(zero, err)
				return
			}
			for i := range p.Items {
				if err := ctx.Err(); err != nil {
					yield(zero, fmt.Errorf("%s: %w", op, err))
					return
				}
				if !yield(p.Items[i], nil) {
					return
				}
			}
			if p.NextLink == "" {
				return
			}
			if link, err = c.graphrtLink(op, "@odata.nextLink", p.NextLink); err != nil {
				yield(zero, err)
				return
			}
			method, payload = http.MethodGet, nil
		}
	}
}

// graphrtFetchPage requests one page into p (its Items reused), reading the
// body into buf; it returns the buffer for the next page.
func graphrtFetchPage[T any](ctx context.Context, c *Client, op, method, link string, payload []byte, p *Page[T], buf []byte) ([]byte, error) {
	o := graphrtRequestOptions{headers: p.headers}
	resp, token, err := c.graphrtSend(ctx, &graphrtSpec{op: op, method: method, url: link, payload: payload, opts: &o})
	if err != nil {
		return buf, err
	}
	data, err := graphrtReadBody(op, resp, token, c.maxResponse, buf)
	if err != nil {
		return buf, err
	}
	p.Items, p.NextLink, p.DeltaLink, p.Count = p.Items[:0], "", "", Nullable[int64]{}
	if data == nil {
		return buf, nil // no content: an empty last page
	}
	if err := graphrtDecodePage(data, p); err != nil {
		return data, &DecodeError{Op: op, StatusCode: resp.StatusCode, ContentType: graphrtRedact(resp.Header.Get("Content-Type"), token, nil), Err: err}
	}
	// A nextLink is followed by the iterators: one to another origin fails
	// the call here. A deltaLink is only followed when the caller passes it
	// to FromLink, which checks it then.
	if p.NextLink != "" {
		if _, err := c.graphrtLink(op, "@odata.nextLink", p.NextLink); err != nil {
			return data, err
		}
	}
	return data, nil
}

var (
	graphrtStringCodec = graphrtCodecFor(reflect.TypeFor[string]())
	graphrtCountCodec  = graphrtCodecFor(reflect.TypeFor[Nullable[int64]]())
)

// graphrtDecodePage decodes {"value":[...],"@odata.nextLink":...} into p.
func graphrtDecodePage[T any](data []byte, p *Page[T]) error {
	d := graphrtDecoder{data: data}
	d.ws()
	items := reflect.ValueOf(&p.Items).Elem()
	ic := graphrtCodecFor(items.Type())
	return d.members(func(key []byte) error {
		switch string(key) {
		case "value":
			return d.value(ic, items)
		case "@odata.nextLink":
			return d.value(graphrtStringCodec, reflect.ValueOf(&p.NextLink).Elem())
		case "@odata.deltaLink":
			return d.value(graphrtStringCodec, reflect.ValueOf(&p.DeltaLink).Elem())
		case "@odata.count":
			return d.value(graphrtCountCodec, reflect.ValueOf(&p.Count).Elem())
		}
		return d.skip()
	})
}

// graphrtLink checks a URL the client is about to send a token to (a
// method's own, a nextLink, FromLink's): resolved against the base URL, it
// must have the same origin (scheme, host, port), so that the token is
// never sent anywhere else. A URL that starts with the base URL and then
// '/' or '?' (every method's own) has its origin and is not parsed.
func (c *Client) graphrtLink(op, name, link string) (string, error) {
	if n := len(c.baseURL); c.base != nil && len(link) > n && (link[n] == '/' || link[n] == '?') && link[:n] == c.baseURL {
		return link, nil
	}
	base := c.base
	if base == nil {
		u, err := url.Parse(c.baseURL)
		if err != nil {
			return "", fmt.Errorf("%s: base URL: %w", op, err)
		}
		base = u
	}
	ref, err := url.Parse(link)
	if err != nil {
		return "", fmt.Errorf("%s: %s is not a URL: %w", op, name, err)
	}
	u := base.ResolveReference(ref)
	if (u.Scheme != "https" && u.Scheme != "http") || !graphrtSameOrigin(base.Scheme, base.Host, u.Scheme, u.Host) {
		return "", fmt.Errorf("%s: %s leads to %s://%s, not to the client's %s://%s: not followed", op, name, u.Scheme, u.Host, base.Scheme, base.Host)
	}
	if ref.IsAbs() {
		return link, nil // sent as the service wrote it
	}
	return u.String(), nil
}
