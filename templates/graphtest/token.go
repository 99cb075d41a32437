package graphtest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"

	graph "github.com/graphgen/graphgen/templates/graphtest/internal/graph"
)

// A fake token is an unsigned JWT ("alg":"none") issued by "graphtest",
// shaped like the tokens of the Microsoft identity platform: a delegated
// token lists its scopes in "scp" (a personal Microsoft account's has the
// consumers tenant in "tid"), an application token its roles in "roles".

const (
	tokenIssuer     = "graphtest"
	consumersTenant = "9188040d-6c67-4c5b-b112-36a304b66dad" // personal Microsoft accounts
	workTenant      = "72f988bf-0000-4000-8000-00000000f00d" // a work or school tenant (made up)
)

type tokenClaims struct {
	Issuer   string   `json:"iss"`
	Audience string   `json:"aud"`
	Tenant   string   `json:"tid,omitempty"`
	Scope    string   `json:"scp,omitempty"`
	Roles    []string `json:"roles,omitempty"`
	IDType   string   `json:"idtyp,omitempty"`
}

// Token returns a fake bearer token of a delegated permission (a work or
// school account) holding scopes.
func Token(scopes ...string) string {
	return makeToken(tokenClaims{Tenant: workTenant, Scope: strings.Join(scopes, " "), IDType: "user"})
}

// PersonalToken returns a fake bearer token of a delegated permission of a
// personal Microsoft account holding scopes.
func PersonalToken(scopes ...string) string {
	return makeToken(tokenClaims{Tenant: consumersTenant, Scope: strings.Join(scopes, " "), IDType: "user"})
}

// AppToken returns a fake bearer token of an application permission
// holding roles.
func AppToken(roles ...string) string {
	return makeToken(tokenClaims{Tenant: workTenant, Roles: append([]string{}, roles...), IDType: "app"})
}

// TokenProvider returns a graph.TokenProvider that always gives token:
// srv.Client(graph.WithTokenProvider(graphtest.TokenProvider(graphtest.Token("User.Read")))).
func TokenProvider(token string) graph.TokenProvider {
	return func(context.Context) (string, error) { return token, nil }
}

func makeToken(c tokenClaims) string {
	c.Issuer = tokenIssuer
	c.Audience = "https://graph.microsoft.com"
	payload, _ := json.Marshal(c)
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc.EncodeToString(payload) + "."
}

// permType is the permission type of a fake token.
type permType uint8

const (
	permDelegatedWork permType = iota
	permDelegatedPersonal
	permApplication
)

func (p permType) String() string {
	switch p {
	case permDelegatedPersonal:
		return "delegated (personal Microsoft account)"
	case permApplication:
		return "application"
	}
	return "delegated (work or school account)"
}

// fakeToken reads the fake token of a request: its scopes and permission
// type; ok is false for a request without one (no token, or another token).
func fakeToken(h http.Header) (scopes []string, typ permType, ok bool) {
	auth := h.Get("Authorization")
	if len(auth) < 7 || !strings.EqualFold(auth[:7], "Bearer ") {
		return nil, 0, false
	}
	parts := strings.Split(strings.TrimSpace(auth[7:]), ".")
	if len(parts) != 3 {
		return nil, 0, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, 0, false
	}
	var c tokenClaims
	if json.Unmarshal(payload, &c) != nil || c.Issuer != tokenIssuer {
		return nil, 0, false
	}
	switch {
	case c.IDType == "app" || c.Scope == "" && c.Roles != nil:
		return c.Roles, permApplication, true
	case c.Tenant == consumersTenant:
		return strings.Fields(c.Scope), permDelegatedPersonal, true
	}
	return strings.Fields(c.Scope), permDelegatedWork, true
}

// denied says why a fake token's scopes do not allow op ("" when they do):
// the token needs one of the scopes the page documents for its permission
// type, least or higher privileged, or for any resource when the scopes
// depend on it. An operation whose page documents no permission graphgen
// could read (Unknown) is denied, saying so, unless the server allows it
// (AllowUnknownPermissions).
func denied(op *operation, scopes []string, typ permType, allowUnknown bool) string {
	p := op.perms
	if p.Unknown {
		if allowUnknown {
			return ""
		}
		return "Insufficient privileges to complete the operation: the docs do not say which scopes allow " + op.name +
			" (its page documents no permissions graphgen could read), so graphtest cannot check the token; " +
			"start the server with graphtest.AllowUnknownPermissions() to let any token call it."
	}
	want := allowedScopes(p, typ)
	if len(want) == 0 {
		return "Insufficient privileges to complete the operation: " + op.name + " does not support " + typ.String() + " permissions."
	}
	for _, w := range want {
		if contains(scopes, w) {
			return ""
		}
	}
	has := "none"
	if len(scopes) > 0 {
		has = strings.Join(scopes, ", ")
	}
	return "Insufficient privileges to complete the operation: " + op.name + " needs one of " + strings.Join(want, ", ") + " (" + typ.String() + "); the token has " + has + "."
}

// allowedScopes are every scope that allows an operation with a permission
// type: the least privileged, the higher privileged, then each resource's.
func allowedScopes(p graph.Permissions, typ permType) []string {
	var out []string
	add := func(list []string) {
		for _, s := range list {
			if !contains(out, s) {
				out = append(out, s)
			}
		}
	}
	add([...][]string{p.DelegatedWork, p.DelegatedPersonal, p.Application}[typ])
	add([...][]string{p.DelegatedWorkHigher, p.DelegatedPersonalHigher, p.ApplicationHigher}[typ])
	for _, r := range p.Resources {
		add([...][]string{r.DelegatedWork, r.DelegatedPersonal, r.Application}[typ])
	}
	return out
}
