package parser

import (
	"bytes"
	"errors"
	"strings"

	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/odatapath"
	"github.com/yuin/goldmark/ast"
)

var methods = [...]string{"GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS"}

// splitMethod splits "METHOD rest" when the first word is an HTTP method
// (any case). It returns the upper-case method.
func splitMethod(line []byte) (string, []byte, bool) {
	sp := bytes.IndexAny(line, " \t")
	if sp < 3 || sp > 7 {
		return "", nil, false
	}
	w := line[:sp]
	for _, m := range methods {
		if len(m) == len(w) && bytes.EqualFold(w, []byte(m)) {
			return m, bytes.TrimSpace(line[sp+1:]), true
		}
	}
	return "", nil, false
}

// gluedMethod splits "DELETE/path", a method written without its space.
func gluedMethod(line []byte) (string, []byte, bool) {
	for _, m := range methods {
		if len(line) > len(m) && line[len(m)] == '/' && bytes.EqualFold(line[:len(m)], []byte(m)) {
			return m, line[len(m):], true
		}
	}
	return "", nil, false
}

// endpoints reads every `METHOD /path` line of a code block in the HTTP
// request section.
func (p *pageParser) endpoints(n ast.Node) {
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		raw := seg.Value(p.body)
		line := bytes.TrimSpace(raw)
		if len(line) == 0 || bytes.HasPrefix(line, []byte("//")) || line[0] == '#' {
			continue
		}
		off := seg.Start + bytes.IndexByte(raw, line[0])
		method, rest, ok := splitMethod(line)
		if !ok {
			if m, r, glued := gluedMethod(line); glued {
				p.diag(off, model.SevWarning, "endpoint-malformed", "no space between method and path in %q; read as %s %s", clip(line), m, clip(r))
				method, rest, ok = m, r, true
			}
		}
		if !ok {
			p.diag(off, model.SevWarning, "endpoint-malformed", "line %q in the HTTP request section is not `METHOD /path`", clip(line))
			continue
		}
		if method != string(line[:len(method)]) {
			p.diag(off, model.SevInfo, "endpoint-method-case", "method %q written in lower or mixed case", line[:len(method)])
		}
		// Drop a trailing " HTTP/1.1" and an absolute host.
		if sp := bytes.LastIndexAny(rest, " \t"); sp > 0 && bytes.HasPrefix(bytes.TrimSpace(rest[sp:]), []byte("HTTP/")) {
			rest = bytes.TrimSpace(rest[:sp])
		}
		restS := string(rest) // one copy for the parse and the endpoint
		if strings.HasPrefix(restS, "https://") || strings.HasPrefix(restS, "http://") {
			if v, r := odatapath.Version(restS); v != "" {
				restS = r
				p.diag(off, model.SevInfo, "endpoint-absolute-url", "endpoint written as a full URL; host and version dropped")
			}
		}
		var tp odatapath.Template
		var repairs []odatapath.Repair
		var err error
		tp, repairs, err = odatapath.Parse(restS)
		switch {
		case err != nil:
		case tp.Path == "":
			err = errors.New("no path")
		case strings.Contains(tp.Path, "://"):
			err = errors.New("a URL of another host, or without the version (v1.0 or beta)")
		}
		if err != nil {
			p.diag(off, model.SevError, "endpoint-refused", "endpoint %q: %v; no method is generated for it", clip(line), err)
			continue
		}
		if len(repairs) > 0 {
			msgs := make([]string, len(repairs))
			for i, r := range repairs {
				msgs[i] = r.Message
			}
			p.diag(off, model.SevWarning, "endpoint-repaired", "endpoint %q read as %s %s: %s", clip(line), method, tp.Path, strings.Join(msgs, "; "))
		}
		if tp.Path[0] != '/' {
			p.diag(off, model.SevWarning, "endpoint-relative", "path of %q does not start with /; kept as written", clip(line))
		}
		ep := model.Endpoint{Method: method, Path: tp.Path, Query: tp.Query, Params: tp.Params, Segments: tp.Segments, Pos: p.pos(off)}
		if p.doc.Endpoints == nil {
			// Room for one endpoint a line of the block.
			p.doc.Endpoints = make([]model.Endpoint, 0, lines.Len()-i)
		}
		p.doc.Endpoints = append(p.doc.Endpoints, ep)
	}
}

func clip(b []byte) string {
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}

// quietEndpoint reads `METHOD /path` text outside the HTTP request section
// (a permissions table's requestUrls, an http block in the Permissions
// section) through the same grammar, with no diagnostics: a path that does
// not start with '/' or that the grammar refuses is not one.
func quietEndpoint(method string, rest []byte) (model.Endpoint, bool) {
	if len(rest) == 0 || rest[0] != '/' {
		return model.Endpoint{}, false
	}
	tp, _, err := odatapath.Parse(string(rest))
	if err != nil || tp.Path == "" || tp.Path[0] != '/' {
		return model.Endpoint{}, false
	}
	return model.Endpoint{Method: method, Path: tp.Path, Query: tp.Query, Params: tp.Params, Segments: tp.Segments}, true
}
