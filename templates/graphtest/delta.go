package graphtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
)

// Delta queries. An operation whose path ends in delta (GET /users/delta)
// is a round of changes: its first call answers every item (the handler's,
// or the example's) in pages, and the last page carries an
// @odata.deltaLink instead of an @odata.nextLink. The deltaLink (called
// with graph.FromLink) answers the changes DeltaChanges recorded for the
// operation since that link was given, in pages again, the last with a new
// deltaLink: a program that syncs sees what changed, round after round. An
// unknown $deltatoken is answered 410 Gone (code resyncRequired), as the
// service answers one that has expired.

// deltaMark is where a deltaLink points: an operation's change log at pos.
type deltaMark struct {
	op, path string
	pos      int
}

// deltaTokenLocked makes the token of a deltaLink of op at the end of its
// change log (s.mu held).
func (s *Server) deltaTokenLocked(op, path string) string {
	s.nextAux++
	tok := "d" + strconv.Itoa(s.nextAux)
	s.deltaTokens[tok] = deltaMark{op: op, path: path, pos: len(s.deltaLogs[op])}
	return tok
}

// DeltaChanges records changes of a delta query operation (a client method
// such as ListUsersDelta): every deltaLink the server gave before this
// call answers them (after the changes recorded earlier), a deltaLink
// given later does not. A change is an item as the handler would return it
// (*graph.User...; sent with its read-only properties) or raw JSON, such as
// Removed(id) for a deleted item.
func (s *Server) DeltaChanges(operation string, changes ...any) {
	s.t.Helper()
	if op := byName[operation]; op == nil || !op.delta {
		s.t.Fatalf("graphtest: DeltaChanges: %q is no delta query operation", operation)
		return
	}
	var items []json.RawMessage
	for i := range changes {
		data, err := encodeAnswer(reflect.ValueOf(&changes[i]).Elem())
		if err != nil {
			s.t.Fatalf("graphtest: DeltaChanges: change %d: %v", i, err)
			return
		}
		items = append(items, data)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deltaLogs[operation] = append(s.deltaLogs[operation], items...)
}

// Removed is the change of a deleted item in a delta round, as the
// directory sends it: {"id":id,"@removed":{"reason":"deleted"}}.
func Removed(id string) json.RawMessage {
	data, _ := json.Marshal(map[string]any{"id": id, "@removed": map[string]string{"reason": "deleted"}})
	return data
}

// answerDelta answers a delta query at a deltaLink: the changes since it.
func (s *Server) answerDelta(w http.ResponseWriter, e *errorWriter, in *incoming, query url.Values, truncate bool) int {
	tok := query.Get("$deltatoken")
	s.mu.Lock()
	mark, ok := s.deltaTokens[tok]
	var items []json.RawMessage
	if ok && mark.op == in.op.name {
		items = slices.Clone(s.deltaLogs[mark.op][mark.pos:])
	}
	s.mu.Unlock()
	if !ok || mark.op != in.op.name {
		return e.write(http.StatusGone, "resyncRequired", "graphtest: the $deltatoken "+strconv.Quote(tok)+" is none this server gave for "+in.op.name+"; start a new round without it", truncate)
	}
	items, err := in.filter.apply(items)
	if err != nil {
		return e.write(http.StatusNotImplemented, "NotImplemented", err.Error(), false)
	}
	sel := selectList(query)
	for i := range items {
		items[i] = selectProps(items[i], sel)
	}
	return s.writePage(w, s.newList(in, query, http.StatusOK, items), 0, truncate)
}
