package emit

import (
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
)

// initialisms maps a lower-case word to its Go spelling.
var initialisms = map[string]string{
	"acl": "ACL", "api": "API", "ascii": "ASCII", "cpu": "CPU", "css": "CSS", "dns": "DNS",
	"eof": "EOF", "guid": "GUID", "html": "HTML", "http": "HTTP", "https": "HTTPS", "id": "ID",
	"ios": "IOS", "ip": "IP", "json": "JSON", "odata": "OData", "sql": "SQL", "ssh": "SSH",
	"tcp": "TCP", "tls": "TLS", "ttl": "TTL", "udp": "UDP", "ui": "UI", "uid": "UID",
	"uri": "URI", "url": "URL", "utf8": "UTF8", "uuid": "UUID", "vm": "VM", "vpn": "VPN",
	"xml": "XML", "xsrf": "XSRF", "xss": "XSS",
}

// words splits a documentation name into words: at every character that is
// not an ASCII letter or digit, at a lower-case letter or digit followed by an
// upper-case letter ("deviceId" -> device, Id), and before the last capital
// of a run followed by a lower-case letter ("SCEPCertificate" -> SCEP,
// Certificate). Digits stay with the word before them.
func words(s string) []string {
	var out []string
	var cur []byte
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	isUpper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	isLower := func(c byte) bool { return c >= 'a' && c <= 'z' }
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isUpper(c) && !isLower(c) && !isDigit(c) {
			flush()
			continue
		}
		if isUpper(c) && len(cur) > 0 {
			prev := cur[len(cur)-1]
			if isLower(prev) || isDigit(prev) {
				flush()
			} else if isUpper(prev) && i+1 < len(s) && isLower(s[i+1]) {
				flush()
			}
		}
		cur = append(cur, c)
	}
	flush()
	return out
}

// capWord spells one word for an identifier: an initialism from the table,
// an initialism plus plural "s" ("Ids" -> "IDs"), or the word with its first
// letter upper-cased (the rest as written).
func capWord(w string) string {
	lw := strings.ToLower(w)
	if in, ok := initialisms[lw]; ok {
		return in
	}
	if len(lw) > 2 && strings.HasSuffix(lw, "s") {
		if in, ok := initialisms[lw[:len(lw)-1]]; ok {
			return in + "s"
		}
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// GoName converts a documentation name (property, type, path segment) to an
// exported Go identifier. See the package documentation for the rules.
func GoName(s string) string {
	var b strings.Builder
	for _, w := range words(s) {
		b.WriteString(capWord(w))
	}
	name := b.String()
	if name == "" {
		return "X"
	}
	if name[0] >= '0' && name[0] <= '9' {
		name = "X" + name
	}
	return name
}

// lowerName converts a documentation name to an unexported Go identifier
// (method arguments): the first word in lower case, the others as in GoName;
// "x" before a leading digit; a trailing underscore on Go keywords and
// predeclared identifiers.
func lowerName(s string) string {
	ws := words(s)
	if len(ws) == 0 {
		return "x"
	}
	var b strings.Builder
	b.WriteString(strings.ToLower(ws[0]))
	for _, w := range ws[1:] {
		b.WriteString(capWord(w))
	}
	name := b.String()
	if name[0] >= '0' && name[0] <= '9' {
		name = "x" + name
	}
	if token.IsKeyword(name) || predeclared[name] {
		name += "_"
	}
	return name
}

// predeclared holds Go's predeclared identifiers.
var predeclared = map[string]bool{}

func init() {
	for _, s := range strings.Fields(`any append bool byte cap clear close comparable complex complex64
	complex128 copy delete error false float32 float64 imag int int8 int16 int32 int64 iota len make
	max min new nil panic print println real recover rune string true uint uint8 uint16 uint32 uint64 uintptr`) {
		predeclared[s] = true
	}
}

// scope hands out unique identifiers: a name equal to a reserved name gets a
// trailing underscore; a name already handed out gets the smallest free
// numeric suffix 2, 3, ...
type scope struct {
	reserved map[string]bool
	taken    map[string]bool
}

func newScope(reserved ...string) *scope {
	s := &scope{reserved: map[string]bool{}, taken: map[string]bool{}}
	for _, r := range reserved {
		s.reserved[r] = true
	}
	return s
}

// unique returns name, or its renamed form, and marks it taken.
func (s *scope) unique(name string) string {
	if s.reserved[name] {
		name += "_"
	}
	if !s.taken[name] && !s.reserved[name] {
		s.taken[name] = true
		return name
	}
	for i := 2; ; i++ {
		n := name + strconv.Itoa(i)
		if !s.taken[n] && !s.reserved[n] {
			s.taken[n] = true
			return n
		}
	}
}

// reservedPackageNames are the runtime's exported names and the names the
// emitter writes once per package: a type or enum of that name gets a
// trailing underscore ("error" -> Error_). The runtime's methods of Client
// (Wait, Batch) need no reserving: every generated method's name starts
// with the verb of its HTTP method (see verb).
var reservedPackageNames = []string{
	"Client", "Option", "NewClient", "WithHTTPClient", "WithBaseURL", "WithTokenProvider",
	"TokenProvider", "WithUserAgent", "WithRetry", "WithMaxResponseSize", "Error", "DecodeError",
	"ResponseTooLargeError", "Nullable", "Value", "Null", "DefaultBaseURL", "Permissions", "ResourcePermissions",
	"RequestOption", "Select", "Expand", "Filter", "OrderBy", "Search", "Top", "Skip", "Count",
	"Header", "Query", "FromLink", "Page", "Download", "Accepted", "Unknown", "Date", "TimeOfDay",
	"ParseDate", "ParseTimeOfDay", "RequiredScopes", "MethodsNotAllowed", "MethodLists", "Marshal",
	"Unmarshal", "Clock", "WithClock", "UploadLarge", "UploadOption", "ChunkSize", "OnProgress",
	"UploadLocation", "CancelUpload", "WaitResult", "WaitOption", "MaxPollInterval", "OnPoll",
	"Batch",
}

// reservedMemberNames are the field and method names every generated model
// has.
var reservedMemberNames = []string{"ODataType", "AdditionalData", "MarshalJSON", "UnmarshalJSON"}

// reservedAccessorNames are the names a family's accessor (named after its
// base type) cannot have: every model's members, and Raw, the field an
// Unknown<Type> holds.
var reservedAccessorNames = append(slices.Clone(reservedMemberNames), "Raw")

// reservedArgNames are the names a generated method's signature and body
// use besides its path arguments, and every package-level identifier a
// method body refers to (runtime helpers and imported package names): a
// path parameter named {json}, {c} or {pathSegment} gets a trailing '_'.
var reservedArgNames = []string{
	"c", "ctx", "body", "contentType", "opts", "context", "io", "iter", "json", "time",
	"pathSegment", "pathItem", "odataLiteral",
}

// fileStem turns a name into a file name stem: lower case, every character
// other than a-z and 0-9 becoming '_', runs collapsed.
func fileStem(p string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(p) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			under = false
		} else if !under {
			b.WriteByte('_')
			under = true
		}
	}
	s := strings.Trim(b.String(), "_")
	if s == "" {
		s = "x"
	}
	return s
}

// pageStem is the stem of a page's file name: its base name without ".md".
func pageStem(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		p = p[i+1:]
	}
	return fileStem(strings.TrimSuffix(p, ".md"))
}

// TypeName is the Go name of a type: GoName of its name, after the words of
// its namespace beyond microsoft.graph ("microsoft.graph.termStore.group"
// -> TermStoreGroup). It depends on the type alone.
func TypeName(t *api.Type) string {
	ns := strings.TrimPrefix(strings.TrimPrefix(t.Namespace, "microsoft.graph"), ".")
	if strings.EqualFold(t.Namespace, "microsoft.graph") {
		ns = ""
	}
	return GoName(ns + " " + t.Name)
}

// singular is the singular of an English plural noun written in Go's
// spelling ("Policies" -> "Policy", "Children" -> "Child"), or w itself
// when it does not look plural.
func singular(w string) string {
	lw := strings.ToLower(w)
	switch {
	case strings.HasSuffix(lw, "children"):
		return w[:len(w)-3]
	case strings.HasSuffix(lw, "people"):
		return w[:len(w)-6] + "Person"
	case strings.HasSuffix(lw, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(lw, "sses"), strings.HasSuffix(lw, "xes"), strings.HasSuffix(lw, "ches"),
		strings.HasSuffix(lw, "shes"), strings.HasSuffix(lw, "uses"):
		return w[:len(w)-2]
	case strings.HasSuffix(lw, "ss"), strings.HasSuffix(lw, "us"), strings.HasSuffix(lw, "is"):
		return w
	case strings.HasSuffix(w, "IDs"), strings.HasSuffix(w, "URLs"), strings.HasSuffix(w, "IPs"):
		return w[:len(w)-1]
	case strings.HasSuffix(lw, "s") && len(w) > 1:
		return w[:len(w)-1]
	}
	return w
}

// shadowed lists the keyed collections whose singular would name the same
// method as a single-valued navigation or a longer collection next to them
// in Graph (/me/calendar beside /me/calendars/{id}; /groupSettings beside
// /groups/{id}/settings). Their keyed segment is written <Singular>ByID.
// "a/b" entries apply when the keyed segment a is followed by the literal
// b. The list is fixed: adding to it renames methods, so it only grows when
// new documentation brings a new clash (generate reports one as
// method-name-collision).
var shadowed = map[string]bool{
	"calendars": true, "photos": true, "drives": true, "exchangeonpremisespolicies": true,
	"calendargroups": true, "groups/settings": true, "mobileapps/categories": true,
	"managedebooks/categories": true, "templates/settings": true,
	"privilegedroles/assignments": true, "programs/controls": true, "assignments/categories": true,
}

// keyedWord is the word of a collection addressed by a key: its singular
// ("users/{id}" -> User); <Singular>ByID for a shadowed collection (see
// shadowed); <Name>ByKey for a name that is not a plural. key is the index
// of the segment holding the key (the next segment's index follows it).
func keyedWord(name string, segs []model.Segment, key int) string {
	w := GoName(name)
	low := strings.ToLower(name)
	next := ""
	if key+1 < len(segs) && segs[key+1].Kind == model.SegLiteral {
		next = "/" + strings.ToLower(segs[key+1].Name)
	}
	switch {
	case shadowed[low] || next != "" && shadowed[low+next]:
		return singular(w) + "ByID"
	case singular(w) == w:
		return w + "ByKey"
	}
	return singular(w)
}

// verb is the first word of a method's name: it depends on the HTTP method
// and the kind of call, and no two HTTP methods share one, so endpoints
// with different methods never share a name.
func verb(m *methodPlan) string {
	switch m.ep.Method {
	case "GET":
		switch {
		case m.kind == callDownload:
			return "Download"
		case m.kind == callList:
			return "List"
		}
		return "Get"
	case "POST":
		if m.created {
			return "Create"
		}
		return "Call"
	case "PUT":
		if m.ep.BinaryIn {
			return "Upload"
		}
		return "Replace"
	case "PATCH":
		return "Update"
	case "DELETE":
		return "Delete"
	case "HEAD":
		return "Head"
	case "OPTIONS":
		return "Options"
	}
	return GoName(strings.ToLower(m.ep.Method))
}

// methodName is a method's name: its verb, then one word per path segment
// (see the package documentation). It depends on the endpoint and its
// page alone.
func methodName(m *methodPlan) string {
	segs := m.ep.Segments
	var b strings.Builder
	b.WriteString(verb(m))
	for i, s := range segs {
		keyed := i+1 < len(segs) && segs[i+1].Kind == model.SegParam
		switch s.Kind {
		case model.SegParam:
			switch {
			case s.Prefix != "":
				// An alternate key: /directoryRoles/roleTemplateId={id}
				// is DirectoryRoleByRoleTemplateID.
				b.WriteString("By" + GoName(strings.TrimSuffix(s.Prefix, "=")))
			case i == 0 || segs[i-1].Kind != model.SegLiteral:
				b.WriteString("ByKey")
			}
		case model.SegItemPath:
			b.WriteString("ByPath")
		case model.SegCast:
			n := s.Name
			if j := strings.LastIndexByte(n, '.'); j >= 0 {
				n = n[j+1:]
			}
			b.WriteString("As" + GoName(n))
		case model.SegKey:
			b.WriteString(keyedWord(s.Name, segs, i))
		case model.SegFunction:
			n := s.Name
			if len(n) > 3 && strings.HasPrefix(n, "get") && n[3] >= 'A' && n[3] <= 'Z' {
				n = n[3:] // getSchedule() under GET: GetMeCalendarSchedule
			}
			b.WriteString(GoName(n))
			{
				with := false
				for _, a := range s.Args {
					if a.Name != "" {
						if !with {
							b.WriteString("With")
							with = true
						}
						b.WriteString(GoName(a.Name))
					}
				}
			}
		default:
			w := GoName(s.Name)
			low := strings.ToLower(s.Name)
			switch {
			case keyed:
				w = keyedWord(s.Name, segs, i+1)
			case i == len(segs)-1 && m.created && !strings.HasPrefix(low, "$"):
				w = singular(w) // POST /users: CreateUser
			}
			b.WriteString(w)
		}
	}
	return b.String()
}
