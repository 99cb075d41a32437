package api

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// documentedResponse reads a page's own Response section without the
// parser, line by line: from the first heading whose text starts with
// "Response" (before a level-2 "Example" heading) to the next heading,
// outside code fences. It returns the text of the first link to a page
// under resources/ whose text is one word (a type name) in a paragraph that speaks of the response body, and
// whether the section names a 202 Accepted.
var (
	headingRe = regexp.MustCompile(`^(#{1,6})[ \t]+(.*?)[ \t#]*$`)
	linkRe    = regexp.MustCompile("\\[([\\w.*`]+)\\]\\(([^)\\s]*resources/[^)\\s]*\\.md[^)\\s]*)\\)")
	fenceRe   = regexp.MustCompile("^[ \t]*(```|~~~)")
)

func documentedResponse(src string) (link string, accepted bool) {
	var lines []string
	in, fence := false, false
	for _, ln := range strings.Split(src, "\n") {
		ln = strings.TrimRight(ln, "\r")
		if fenceRe.MatchString(ln) {
			fence = !fence
			continue
		}
		if fence {
			continue
		}
		if m := headingRe.FindStringSubmatch(ln); m != nil {
			low := strings.ToLower(m[2])
			if in || strings.HasPrefix(low, "example") && len(m[1]) == 2 {
				break
			}
			in = strings.HasPrefix(low, "response")
			continue
		}
		if in {
			lines = append(lines, ln)
		}
	}
	for _, para := range strings.Split(strings.Join(lines, "\n"), "\n\n") {
		p := strings.Join(strings.Fields(para), " ")
		low := strings.ToLower(p)
		if strings.Contains(low, "202 accepted") {
			accepted = true
		}
		if link == "" && strings.Contains(low, "response body") {
			if m := linkRe.FindStringSubmatch(p); m != nil {
				link = strings.Trim(m[1], "*_` ")
			}
		}
	}
	return link, accepted
}

// TestCorpusResponses (issue 18.4): over the 2021-07 beta and v1.0 folders,
// every operation page whose own Response section links a type in a
// paragraph about the response body (read above, without the parser) ends
// with a response type, a documented 202 Accepted, or a warning saying why
// it has none. Before this rule 39 beta and 25 v1.0 such pages had none
// and no warning (14 and 8 of them with a 2xx status other than 204, the
// others a 204 No Content said to carry the type).
func TestCorpusResponses(t *testing.T) {
	if testing.Short() {
		t.Skip("parses every 2021-07 page")
	}
	for _, c := range []struct {
		version                    string
		linked, typed, accepted    between
		noContent, mismatch, named int
	}{
		{version: "beta", linked: between{3500, 3600}, typed: between{3470, 3560}, accepted: between{0, 10}, noContent: 25},
		{version: "v1.0", linked: between{1400, 1450}, typed: between{1380, 1420}, accepted: between{0, 10}, noContent: 17},
	} {
		t.Run(c.version, func(t *testing.T) {
			dir := filepath.Join(docsDir(t), "2021-07", "api-reference", c.version)
			docs := corpusPages(t, "2021-07", c.version)
			a := Build(docs, Options{})
			warned := map[string]string{}
			for _, d := range docs {
				for _, x := range d.Diagnostics {
					switch x.Code {
					case "response-type-unknown", "response-type-no-content":
						warned[d.Path] = x.Code
					}
				}
			}
			linked, typed, accepted, noContent, dropped, mismatch := 0, 0, 0, 0, 0, 0
			for _, op := range a.Operations {
				src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(op.Page.Path)))
				if err != nil {
					t.Fatal(err)
				}
				link, acc := documentedResponse(string(src))
				if link == "" {
					continue
				}
				linked++
				r := op.Response
				switch {
				case r != nil && (r.Type != nil || r.Binary):
					typed++
					if r.Type != nil && !strings.EqualFold(r.Type.Name, link) && !strings.HasSuffix(strings.ToLower(r.Type.Name), "."+strings.ToLower(link)) {
						mismatch++
						t.Logf("%s: the Response section links %q; the response type is %s", op.Page.Path, link, r.Type)
					}
				case acc && r != nil && r.Status == 202:
					accepted++
				case warned[op.Page.Path] == "response-type-no-content":
					noContent++
				case warned[op.Page.Path] != "":
				default:
					dropped++
					t.Errorf("%s: the Response section links %q in the response body; no response type and no warning (%+v)", op.Page.Path, link, r)
				}
			}
			t.Logf("%s: %d pages link a type in the response body: %d typed (%d another type than the link's), %d 202 Accepted, %d 204 No Content with a warning, %d dropped",
				c.version, linked, typed, mismatch, accepted, noContent, dropped)
			c.linked.check(t, "pages linking a type in the response body", linked)
			c.typed.check(t, "of them typed", typed)
			c.accepted.check(t, "of them 202 Accepted", accepted)
			if mismatch != 0 {
				t.Errorf("%d pages return another type than the one their Response section links", mismatch)
			}
			if noContent != c.noContent {
				t.Errorf("204 No Content pages naming a body type = %d, want %d", noContent, c.noContent)
			}
		})
	}
}
