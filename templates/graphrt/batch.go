package graphrt

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Batch sends the calls of generated methods as JSON batches (POST
// /$batch, at most 20 requests each), with the methods written as they
// are:
//
//	b := c.Batch()
//	var me *User
//	b.Go(func(c *Client) (err error) { me, err = c.GetMe(ctx); return })
//	var n int
//	b.Go(func(c *Client) error {
//		for _, err := range c.ListGroupMembers(ctx, groupID) {
//			if err != nil {
//				return err
//			}
//			n++
//		}
//		return nil
//	})
//	err := b.Run(ctx) // errors.Join of the funcs' errors
//
// Run runs every func given to Go at once, each with a *Client of its own
// whose requests are not sent but queued; whenever every unfinished func
// is waiting for an answer, Run sends the queued requests in the funcs'
// order as one or more $batch requests (20 each, one after another) and
// hands each request its own answer. So each call's result is decoded by
// its own method into the type it returns, its error is the one it would
// return (a *Error with the request's own status, code and message), and
// a func that makes calls one after another (a page, then the next) sends
// one per round. Nothing depends on timing: a round is sent when every
// func waits, not after a delay. The funcs run concurrently: what they
// share needs the usual care (each writing its own variable is enough).
//
// Why a queueing Client rather than generated request values (a type and
// a constructor per method, collected into a batch): the calls stay the
// methods the program already uses, answers are decoded and errors built by
// the one code that does it unbatched, retries and paging come for free,
// and nothing is generated per method, so the whole API's compile does not
// grow.
//
// A request the service answers 429 (or 503, 504) inside the batch is
// retried by its method as any call is, after its Retry-After (through the
// client's Clock), in a later round. A $batch request that fails (after
// the client's retries) fails every call in it with that error.
//
// Go(fn, dependsOn...) names earlier funcs (by the number Go returned)
// that fn's requests depend on: in a round where such a func has a request
// too, fn's are sent after it (dependsOn, in the same $batch when it fits,
// else in a later one) and the service answers them 424 Failed Dependency
// when it fails; a func depended on that has already failed makes the
// requests answer 424 at once; one that has finished well changes nothing.
//
// What cannot be batched fails at once, naming the method: downloads and
// uploads (their bodies are streams, not JSON), UploadLarge, CancelUpload
// and Wait (their URLs are not the service's), and a URL outside the base
// URL (FromLink to another version). Pages are batched: Page.Next and the
// iterators' following pages go in later rounds. A func must not wait for
// another func of the same Batch (it would wait forever); calls it makes
// with another Client are not batched.
//
// Compared with msgraph-sdk-go's BatchRequestContent, where a program
// builds a RequestInformation per step (client.Me().ToGetRequestInformation),
// adds it with AddBatchRequestStep, posts the batch, and then asks the
// response for each step by id and decodes it with the step's type and
// error mapping written again (GetBatchResponseById[models.Userable](resp,
// id, models.CreateUserFromDiscriminatorValue)), a Batch takes the calls
// as the program already writes them, decodes and maps errors with the
// methods' own code, splits at 20 and follows pages on its own. What it
// does not do is let a program inspect or edit the raw batch.
type Batch struct {
	c       *Client
	mu      sync.Mutex
	cond    sync.Cond
	calls   []*graphrtBatchCall // every func given to Go; Go returns the index
	pending []*graphrtBatchCall // not started yet: the next Run starts them
	running bool

	// Of the running Run:
	unfinished int                // funcs started and not returned
	blocked    int                // of those, funcs with a request queued
	queue      []*graphrtBatchReq // requests waiting for the next round
	seq        int                // numbers requests in the order queued
}

// graphrtBatchMax is the most requests Graph takes in one $batch.
const graphrtBatchMax = 20

// Batch returns a new Batch of calls made with c (its base URL, token,
// retry policy and clock).
func (c *Client) Batch() *Batch {
	b := &Batch{c: c}
	b.cond.L = &b.mu
	return b
}

// graphrtBatchCall is one func given to Go.
type graphrtBatchCall struct {
	b       *Batch
	n       int
	fn      func(*Client) error
	deps    []int
	queued  int // requests in b.queue
	done    bool
	err     error
	started bool
}

// graphrtBatchReq is one request a func's call queued.
type graphrtBatchReq struct {
	call    *graphrtBatchCall
	seq     int
	method  string
	url     string // relative to the base URL: "/users/1?$select=id"
	header  http.Header
	body    []byte // JSON; nil for none
	answer  chan graphrtBatchAnswer
	id      string   // in its $batch
	depends []string // ids in the same $batch it depends on
}

type graphrtBatchAnswer struct {
	resp *http.Response
	err  error
}

// Go adds fn to the batch and returns its number (0 for the first): Run
// runs it with a *Client whose calls are batched. fn's requests depend on
// those of the funcs numbered in dependsOn (each an earlier one's number;
// another number makes Run return an error for fn, which is not run).
// Go may be called while Run runs (from a func too): fn then starts at
// once; after Run returns, at the next Run.
func (b *Batch) Go(fn func(c *Client) error, dependsOn ...int) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := &graphrtBatchCall{b: b, n: len(b.calls), fn: fn, deps: slices.Clone(dependsOn)}
	b.calls = append(b.calls, k)
	if b.running {
		b.start(k)
	} else {
		b.pending = append(b.pending, k)
	}
	return k.n
}

// start runs k's func (b.mu held).
func (b *Batch) start(k *graphrtBatchCall) {
	k.started = true
	for _, d := range k.deps {
		if d < 0 || d >= k.n {
			k.done, k.err = true, fmt.Errorf("Batch: func %d depends on %d, which is not an earlier func", k.n, d)
			return
		}
	}
	if k.fn == nil {
		k.done = true
		return
	}
	b.unfinished++
	c := *b.c
	c.batch = k
	go func() {
		err := k.fn(&c)
		b.mu.Lock()
		k.done, k.err = true, err
		b.unfinished--
		b.cond.Broadcast()
		b.mu.Unlock()
	}()
}

// Run runs the funcs given to Go since the last Run, sending their
// requests in rounds as the Batch documentation says, until every one has
// returned (also those Go adds meanwhile). It returns errors.Join of their
// errors, in the order Go was called (nil when every one returned nil).
// ctx is the context of the $batch requests; each call keeps its own.
func (b *Batch) Run(ctx context.Context) error {
	b.mu.Lock()
	if b.running {
		b.mu.Unlock()
		return errors.New("Batch.Run: already running")
	}
	b.running = true
	first := len(b.calls) - len(b.pending)
	for _, k := range b.pending {
		b.start(k)
	}
	b.pending = nil
	for {
		for b.unfinished > 0 && (len(b.queue) == 0 || b.blocked < b.unfinished) {
			b.cond.Wait()
		}
		if b.unfinished == 0 {
			break
		}
		round := b.queue
		b.queue = nil
		for _, r := range round {
			if r.call.queued--; r.call.queued == 0 {
				b.blocked--
			}
		}
		b.mu.Unlock()
		b.send(ctx, round)
		b.mu.Lock()
	}
	b.running = false
	var errs []error
	for _, k := range b.calls[first:] {
		if k.err != nil {
			errs = append(errs, k.err)
		}
	}
	b.mu.Unlock()
	return errors.Join(errs...)
}

// roundTrip queues the request a call's graphrtSend built and waits for its
// answer, or for ctx to end.
func (k *graphrtBatchCall) roundTrip(ctx context.Context, s *graphrtSpec, h http.Header) (*http.Response, error) {
	b := k.b
	base := b.c.baseURL
	rel, ok := strings.CutPrefix(s.url, base)
	if !ok || rel != "" && rel[0] != '/' && rel[0] != '?' {
		return nil, errors.New("cannot be batched: the URL is not under the client's base URL")
	}
	if rel == "" || rel[0] == '?' {
		rel = "/" + rel
	}
	r := &graphrtBatchReq{call: k, method: s.method, url: rel, header: h, body: s.payload, answer: make(chan graphrtBatchAnswer, 1)}
	b.mu.Lock()
	r.seq = b.seq
	b.seq++
	b.queue = append(b.queue, r)
	if k.queued++; k.queued == 1 {
		b.blocked++
	}
	b.cond.Broadcast()
	b.mu.Unlock()
	select {
	case a := <-r.answer:
		return a.resp, a.err
	case <-ctx.Done():
		b.mu.Lock()
		if i := slices.Index(b.queue, r); i >= 0 {
			b.queue = slices.Delete(b.queue, i, i+1)
			if k.queued--; k.queued == 0 {
				b.blocked--
			}
			b.cond.Broadcast()
		}
		b.mu.Unlock()
		return nil, ctx.Err()
	}
}

// send sends one round: its requests in the funcs' order, in $batch
// requests of at most graphrtBatchMax, one after another.
func (b *Batch) send(ctx context.Context, round []*graphrtBatchReq) {
	slices.SortFunc(round, func(x, y *graphrtBatchReq) int {
		if x.call.n != y.call.n {
			return x.call.n - y.call.n
		}
		return x.seq - y.seq
	})
	byCall := map[*graphrtBatchCall][]*graphrtBatchReq{}
	for _, r := range round {
		byCall[r.call] = append(byCall[r.call], r)
	}
	// The funcs depended on, and whether each has failed already.
	deps := map[int]*graphrtBatchCall{}
	failedFunc := map[int]bool{}
	b.mu.Lock()
	for _, r := range round {
		for _, d := range r.call.deps {
			deps[d] = b.calls[d]
			failedFunc[d] = b.calls[d].done && b.calls[d].err != nil
		}
	}
	b.mu.Unlock()
	ok := map[*graphrtBatchReq]bool{} // answered 2xx in an earlier $batch
	for start := 0; start < len(round); start += graphrtBatchMax {
		chunk := round[start:min(start+graphrtBatchMax, len(round))]
		var out []*graphrtBatchReq
		inChunk := map[*graphrtBatchReq]bool{}
		for i, r := range chunk {
			r.id = strconv.Itoa(i + 1)
			failed := ""
			for _, d := range r.call.deps {
				reqs := byCall[deps[d]]
				if len(reqs) == 0 && failedFunc[d] {
					failed = "func " + strconv.Itoa(d) + " failed"
				}
				// A request depended on comes earlier in the round (its
				// func's number is lower): in this $batch, or answered.
				for _, dr := range reqs {
					if inChunk[dr] {
						r.depends = append(r.depends, dr.id)
					} else if !ok[dr] {
						failed = "the request of func " + strconv.Itoa(d) + " failed"
					}
				}
			}
			if failed != "" {
				r.answer <- graphrtBatchAnswer{resp: graphrtFailedDependency(failed)}
				continue
			}
			inChunk[r] = true
			out = append(out, r)
		}
		if len(out) == 0 {
			continue
		}
		answers, err := b.post(ctx, out)
		for _, r := range out {
			a := answers[r.id]
			switch {
			case err != nil:
				r.answer <- graphrtBatchAnswer{err: err}
			case a == nil:
				r.answer <- graphrtBatchAnswer{err: errors.New("the $batch answer has no response with id " + r.id)}
			default:
				ok[r] = a.StatusCode >= 200 && a.StatusCode <= 299
				r.answer <- graphrtBatchAnswer{resp: a}
			}
		}
	}
}

// graphrtFailedDependency is the 424 Graph answers a request whose
// dependency failed.
func graphrtFailedDependency(why string) *http.Response {
	body := `{"error":{"code":"FailedDependency","message":` + strconv.Quote("not sent: "+why) + `}}`
	return &http.Response{
		StatusCode: http.StatusFailedDependency, Status: "424 Failed Dependency",
		Header:        http.Header{"Content-Type": graphrtJSONHeader},
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
	}
}

type graphrtBatchRequestJSON struct {
	ID        string            `json:"id"`
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	DependsOn []string          `json:"dependsOn,omitempty"`
	Headers   map[string]string `json:"headers,omitempty"`
	Body      json.RawMessage   `json:"body,omitempty"`
}

type graphrtBatchResponseJSON struct {
	ID      string            `json:"id"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    json.RawMessage   `json:"body"`
}

// post sends one $batch request with the parent client and returns the
// answers by id.
func (b *Batch) post(ctx context.Context, reqs []*graphrtBatchReq) (map[string]*http.Response, error) {
	const op = "Batch"
	in := struct {
		Requests []graphrtBatchRequestJSON `json:"requests"`
	}{}
	for _, r := range reqs {
		j := graphrtBatchRequestJSON{ID: r.id, Method: r.method, URL: r.url, DependsOn: r.depends, Body: r.body}
		for k, v := range r.header {
			switch k {
			case "Authorization", "User-Agent":
				continue
			case "Accept":
				if len(v) == 1 && v[0] == "application/json" {
					continue
				}
			}
			if j.Headers == nil {
				j.Headers = map[string]string{}
			}
			j.Headers[k] = strings.Join(v, ", ")
		}
		in.Requests = append(in.Requests, j)
	}
	payload, err := json.Marshal(in)
	if err != nil {
		return nil, fmt.Errorf("%s: encoding the $batch request: %w", op, err)
	}
	resp, token, err := b.c.graphrtSend(ctx, &graphrtSpec{op: op, method: http.MethodPost, url: b.c.baseURL + "/$batch", payload: payload})
	if err != nil {
		return nil, err
	}
	limit := b.c.maxResponse // per answer: a $batch may carry len(reqs) of them
	if n := int64(len(reqs)); limit <= math.MaxInt64/n {
		limit *= n
	}
	data, err := graphrtReadBody(op, resp, token, limit, nil)
	if err != nil {
		return nil, err
	}
	var out struct {
		Responses []graphrtBatchResponseJSON `json:"responses"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, &DecodeError{Op: op, StatusCode: resp.StatusCode, ContentType: graphrtRedact(resp.Header.Get("Content-Type"), token, nil), Err: err}
	}
	answers := map[string]*http.Response{}
	for _, a := range out.Responses {
		answers[a.ID] = graphrtBatchResponse(a)
	}
	return answers, nil
}

// graphrtBatchResponse makes one answer of a $batch into the response its
// call would have had: the status, the headers, and the body (JSON as it
// is; a JSON string, which is how a batch carries another body, base64
// decoded when it is base64, else as its text).
func graphrtBatchResponse(a graphrtBatchResponseJSON) *http.Response {
	h := http.Header{}
	for k, v := range a.Headers {
		h.Set(k, v)
	}
	body := bytes.TrimSpace(a.Body)
	if string(body) == "null" {
		body = nil
	}
	if len(body) > 0 && body[0] == '"' && !graphrtIsJSON(h.Get("Content-Type")) {
		var s string
		if json.Unmarshal(body, &s) == nil {
			if dec, err := base64.StdEncoding.DecodeString(s); err == nil {
				body = dec
			} else {
				body = []byte(s)
			}
		}
	} else if len(body) > 0 && h.Get("Content-Type") == "" {
		h["Content-Type"] = graphrtJSONHeader
	}
	return &http.Response{
		StatusCode: a.Status, Status: strconv.Itoa(a.Status) + " " + http.StatusText(a.Status),
		Header: h, Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)),
	}
}
