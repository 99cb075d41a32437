package graphrt

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is a non-2xx response from the service. Code, Message, RequestID,
// ClientRequestID and Date come from Graph's error body
// {"error":{"code","message","innerError":{"request-id","date","client-request-id"}}}
// (the request-id and client-request-id response headers fill in when the
// body lacks them). Body is an excerpt of at most 512 bytes of the response
// body, valid UTF-8. No field ever holds the bearer token; Error() prints
// neither Body nor anything from the request.
type Error struct {
	Op              string // the operation, e.g. "UpdateDeviceConfigurationAssignment"
	StatusCode      int
	Code            string
	Message         string
	RequestID       string
	ClientRequestID string
	Date            string
	Body            string
}

// Error returns "<op>: HTTP <status>: <code>: <message> (request-id <id>)",
// leaving out the parts that are empty; the message is cut at 512 bytes.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	b.WriteString(": HTTP ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if e.Code != "" {
		b.WriteString(": ")
		b.WriteString(graphrtExcerpt(e.Code, 128))
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(graphrtExcerpt(e.Message, graphrtExcerptLimit))
	}
	if e.RequestID != "" {
		b.WriteString(" (request-id ")
		b.WriteString(graphrtExcerpt(e.RequestID, 128))
		b.WriteString(")")
	}
	return b.String()
}

// DecodeError is a 2xx response whose body could not be decoded: a content
// type that is not JSON, or JSON that does not fit the expected type.
type DecodeError struct {
	Op          string
	StatusCode  int
	ContentType string
	Err         error
}

// Error names the operation, the status and the content type.
func (e *DecodeError) Error() string {
	s := e.Op + ": decoding HTTP " + strconv.Itoa(e.StatusCode) + " response"
	if e.ContentType != "" {
		s += " (Content-Type " + strconv.Quote(graphrtExcerpt(e.ContentType, 128)) + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// ResponseTooLargeError is a 2xx response whose body is over the Client's
// limit (WithMaxResponseSize): it is not decoded, and at most Limit+1 bytes
// of it were read.
type ResponseTooLargeError struct {
	Op            string
	StatusCode    int
	Limit         int64 // the limit in bytes
	ContentLength int64 // as the response announced it; -1 when unknown
}

// Error names the operation, the status and the limit.
func (e *ResponseTooLargeError) Error() string {
	s := e.Op + ": HTTP " + strconv.Itoa(e.StatusCode) + " response body over the " + strconv.FormatInt(e.Limit, 10) + "-byte limit"
	if e.ContentLength >= 0 {
		s += " (Content-Length " + strconv.FormatInt(e.ContentLength, 10) + ")"
	}
	return s
}

// graphrtErrNotJSON is DecodeError.Err when a 2xx body is not JSON.
var graphrtErrNotJSON = graphrtError("response content type is not JSON")

type graphrtError string

func (e graphrtError) Error() string { return string(e) }

const (
	graphrtErrorBodyLimit = 64 << 10 // bytes of a non-2xx body read at most
	graphrtExcerptLimit   = 512      // bytes of Error.Body and of Error() messages
)

// graphrtNewError builds the *Error for a non-2xx response from at most
// graphrtErrorBodyLimit bytes of its body, with every occurrence of the
// token (and of the request body, when the server echoes it) redacted.
func graphrtNewError(op string, status int, reqID, clientReqID string, body []byte, token string, payload []byte) *Error {
	e := &Error{Op: op, StatusCode: status}
	var env struct {
		Error struct {
			Code       string `json:"code"`
			Message    string `json:"message"`
			InnerError struct {
				RequestID       string `json:"request-id"`
				ClientRequestID string `json:"client-request-id"`
				Date            string `json:"date"`
			} `json:"innerError"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &env) == nil {
		e.Code = env.Error.Code
		e.Message = env.Error.Message
		e.RequestID = env.Error.InnerError.RequestID
		e.ClientRequestID = env.Error.InnerError.ClientRequestID
		e.Date = env.Error.InnerError.Date
	}
	if e.RequestID == "" {
		e.RequestID = reqID
	}
	if e.ClientRequestID == "" {
		e.ClientRequestID = clientReqID
	}
	// Redact before cutting, so that no prefix of the token survives a cut.
	e.Body = string(body)
	for _, p := range []*string{&e.Code, &e.Message, &e.RequestID, &e.ClientRequestID, &e.Date, &e.Body} {
		*p = graphrtRedact(*p, token, payload)
	}
	e.Body = graphrtExcerpt(e.Body, graphrtExcerptLimit)
	return e
}

// graphrtRedact replaces the token, and the request body when it is long
// enough to matter, wherever they occur in s.
func graphrtRedact(s, token string, payload []byte) string {
	if token != "" && strings.Contains(s, token) {
		s = strings.ReplaceAll(s, token, "[REDACTED]")
	}
	if len(payload) >= 16 {
		if strings.Contains(s, string(payload)) {
			s = strings.ReplaceAll(s, string(payload), "[request body]")
		}
		// Echoed inside a JSON string (a message quoting the request).
		if q, err := json.Marshal(string(payload)); err == nil {
			if q = q[1 : len(q)-1]; strings.Contains(s, string(q)) {
				s = strings.ReplaceAll(s, string(q), "[request body]")
			}
		}
	}
	return s
}

// graphrtExcerpt cuts s to at most n bytes at a rune boundary and makes it
// valid UTF-8.
func graphrtExcerpt(s string, n int) string {
	s = graphrtCut(s, n)
	if !utf8.ValidString(s) {
		// Replacement characters may make it longer again: cut once more,
		// at a rune boundary of what is now valid UTF-8.
		s = graphrtCut(strings.ToValidUTF8(s, "\uFFFD"), n)
	}
	return s
}

// graphrtCut cuts s to at most n bytes, backing up to a rune start.
func graphrtCut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && i > n-utf8.UTFMax && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}
