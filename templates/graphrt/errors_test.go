package graphrt

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzErrorBody: whatever a server sends, the *Error's Body is valid UTF-8
// of at most 512 bytes, and neither it nor Error() holds the token.
func FuzzErrorBody(f *testing.F) {
	f.Add([]byte(`{"error":{"code":"X","message":"m","innerError":{"request-id":"r"}}}`), "tok")
	f.Add([]byte(strings.Repeat("é", 400)), "é")
	f.Add([]byte("\xff\xfe{"), "zz")
	f.Fuzz(func(t *testing.T, body []byte, token string) {
		if len(token) < 4 {
			return // too short to be a token; it could occur by chance after redaction
		}
		e := graphrtNewError("Op", 500, "", "", body, token, nil)
		if len(e.Body) > graphrtExcerptLimit || !utf8.ValidString(e.Body) {
			t.Errorf("Body %q: %d bytes, valid %v", e.Body, len(e.Body), utf8.ValidString(e.Body))
		}
		if strings.Contains(e.Error(), token) && !strings.Contains("[REDACTED]", token) && !strings.Contains("Op: HTTP 500", token) {
			t.Errorf("Error() %q holds the token %q", e.Error(), token)
		}
	})
}
