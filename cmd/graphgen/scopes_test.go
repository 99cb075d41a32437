package main

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestScopesSeed: the seed package's least-privilege scopes, in full.
func TestScopesSeed(t *testing.T) {
	code, stdout, stderr := runCmd(t, "scopes", "--specs", "../../specs")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := `10 operation pages, 20 methods.

Delegated (work or school account): 5 scopes
  DeviceManagementConfiguration.ReadWrite.All
    update-deviceconfigurationassignment.md  UpdateDeviceManagementDeviceConfigurationAssignment, UpdateDeviceManagementDeviceConfigurationRootCertificateAssignment and 6 more
  Directory.Read.All
    group-list-members.md  ListGroupMembers
    user-delta.md          ListUsersDelta
    user-get.md            GetUser, GetMe
    user-list.md           ListUsers
  Files.Read
    driveitem-get-content.md  DownloadMeDriveItemContent, DownloadMeDriveRootByPathContent
  Files.ReadWrite
    driveitem-copy.md                 CallMeDriveItemCopy
    driveitem-createuploadsession.md  CallMeDriveItemByPathCreateUploadSession
    driveitem-put-content.md          UploadMeDriveItemContent, UploadMeDriveItemByPathContent
  GroupMember.ReadWrite.All
    group-post-members.md  CallGroupMembersRef
  not allowed: none

Delegated (personal Microsoft account): 3 scopes
  Files.Read
    driveitem-get-content.md  DownloadMeDriveItemContent, DownloadMeDriveRootByPathContent
  Files.ReadWrite
    driveitem-copy.md                 CallMeDriveItemCopy
    driveitem-createuploadsession.md  CallMeDriveItemByPathCreateUploadSession
    driveitem-put-content.md          UploadMeDriveItemContent, UploadMeDriveItemByPathContent
  User.Read
    user-get.md  GetUser, GetMe
  not allowed (no scope of this type allows them):
    group-list-members.md                    ListGroupMembers
    group-post-members.md                    CallGroupMembersRef
    update-deviceconfigurationassignment.md  UpdateDeviceManagementDeviceConfigurationAssignment, UpdateDeviceManagementDeviceConfigurationRootCertificateAssignment and 6 more
    user-delta.md                            ListUsersDelta
    user-list.md                             ListUsers

Application: 4 scopes
  Directory.Read.All
    group-list-members.md  ListGroupMembers
    user-delta.md          ListUsersDelta
    user-get.md            GetUser, GetMe
    user-list.md           ListUsers
  Files.Read.All
    driveitem-get-content.md  DownloadMeDriveItemContent, DownloadMeDriveRootByPathContent
  Files.ReadWrite.All
    driveitem-copy.md                 CallMeDriveItemCopy
    driveitem-createuploadsession.md  CallMeDriveItemByPathCreateUploadSession
    driveitem-put-content.md          UploadMeDriveItemContent, UploadMeDriveItemByPathContent
  GroupMember.ReadWrite.All
    group-post-members.md  CallGroupMembersRef
  not allowed (no scope of this type allows them):
    update-deviceconfigurationassignment.md  UpdateDeviceManagementDeviceConfigurationAssignment, UpdateDeviceManagementDeviceConfigurationRootCertificateAssignment and 6 more
`
	if d := cmp.Diff(want, stdout); d != "" {
		t.Errorf("scopes (-want +got):\n%s", d)
	}
}

// scopesJSON runs scopes --format json.
func scopesJSON(t *testing.T, args ...string) scopesOutput {
	t.Helper()
	code, stdout, stderr := runCmd(t, append([]string{"scopes", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out scopesOutput
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("%v in:\n%s", err, stdout)
	}
	return out
}

// names lists a type's scopes, or the methods of a list of operations.
func scopeNames(st scopesType) []string {
	var out []string
	for _, s := range st.Scopes {
		out = append(out, s.Scope)
	}
	return out
}

func methodNames(ops []scopesOp) []string {
	var out []string
	for _, op := range ops {
		out = append(out, op.Methods...)
	}
	return out
}

// TestScopesMatchGeneratedPackage: scopes_gen.go of a generated package
// holds what graphgen scopes prints for the same flags: RequiredScopes the
// scopes, MethodsNotAllowed the methods not allowed, per type. Two
// selections of the seed: all of it, and without the pages of users.
func TestScopesMatchGeneratedPackage(t *testing.T) {
	for _, sel := range [][]string{nil, {"--exclude", "user-*.md"}} {
		t.Run(strings.Join(sel, " "), func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"generate", "--specs", "../../specs", "--out", out}, sel...)
			if code, _, stderr := runCmd(t, args...); code != 0 {
				t.Fatalf("generate: exit %d: %s", code, stderr)
			}
			required, notAllowed := readScopesFile(t, filepath.Join(out, "graph", "scopes_gen.go"))
			rep := scopesJSON(t, append([]string{"--specs", "../../specs"}, sel...)...)
			fields := map[string]string{"delegatedWork": "DelegatedWork", "delegatedPersonal": "DelegatedPersonal", "application": "Application"}
			if len(rep.Types) != 3 {
				t.Fatalf("%d types, want 3", len(rep.Types))
			}
			for _, st := range rep.Types {
				f := fields[string(st.Type)]
				if d := cmp.Diff(scopeNames(st), required[f]); d != "" {
					t.Errorf("RequiredScopes.%s (-scopes +package):\n%s", f, d)
				}
				if d := cmp.Diff(methodNames(st.NotAllowed), notAllowed[f]); d != "" {
					t.Errorf("MethodsNotAllowed.%s (-scopes +package):\n%s", f, d)
				}
				if !st.Exact {
					t.Errorf("%s: not exact", st.Type)
				}
			}
			if sel != nil && strings.Contains(strings.Join(required["DelegatedPersonal"], " "), "User.Read") {
				t.Errorf("without the user pages, User.Read is still required: %v", required["DelegatedPersonal"])
			}
		})
	}
}

// readScopesFile reads the string lists of RequiredScopes and
// MethodsNotAllowed from a generated scopes_gen.go, by field.
func readScopesFile(t *testing.T, file string) (required, notAllowed map[string][]string) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]map[string][]string{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			lit := vs.Values[0].(*ast.CompositeLit)
			m := map[string][]string{}
			for _, e := range lit.Elts {
				kv := e.(*ast.KeyValueExpr)
				key := kv.Key.(*ast.Ident).Name
				m[key] = nil
				if l, ok := kv.Value.(*ast.CompositeLit); ok {
					for _, x := range l.Elts {
						s, err := strconv.Unquote(x.(*ast.BasicLit).Value)
						if err != nil {
							t.Fatal(err)
						}
						m[key] = append(m[key], s)
					}
				}
			}
			vars[vs.Names[0].Name] = m
		}
	}
	if vars["RequiredScopes"] == nil || vars["MethodsNotAllowed"] == nil {
		t.Fatalf("%s lacks RequiredScopes or MethodsNotAllowed: %v", file, vars)
	}
	return vars["RequiredScopes"], vars["MethodsNotAllowed"]
}

// TestScopesSelectionAndEdges: --include narrows the operations; a page
// without a permissions table is undocumented, not "not allowed"; a
// selected page whose endpoint another page documents first is named.
func TestScopesSelectionAndEdges(t *testing.T) {
	rep := scopesJSON(t, "--specs", "../../specs", "--include", "driveitem-*.md")
	if rep.Operations != 4 || rep.Methods != 6 {
		t.Errorf("driveitem-*.md: %d pages, %d methods, want 4 and 6", rep.Operations, rep.Methods)
	}
	if got := scopeNames(rep.Types[0]); !cmp.Equal(got, []string{"Files.Read", "Files.ReadWrite"}) {
		t.Errorf("delegated work scopes %v, want [Files.Read Files.ReadWrite]", got)
	}

	specs := filepath.Join(t.TempDir(), "specs")
	copyTree(t, "../../specs", specs)
	page := filepath.Join(specs, "user-list.md")
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	// Drop the permissions section (up to the next heading).
	re := regexp.MustCompile(`(?s)## Permissions\n.*?\n(## )`)
	if !re.Match(b) {
		t.Fatalf("%s has no permissions section to drop", page)
	}
	if err := os.WriteFile(page, re.ReplaceAll(b, []byte("$1")), 0o644); err != nil {
		t.Fatal(err)
	}
	// A copy of user-get.md documents the same endpoints: it gives no
	// method of its own.
	get, err := os.ReadFile(filepath.Join(specs, "user-get.md"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(specs, "zz-user-get-copy.md"), get, 0o644); err != nil {
		t.Fatal(err)
	}
	rep = scopesJSON(t, "--specs", specs, "--include", "user-*.md", "--include", "zz-*.md")
	if d := cmp.Diff([]string{"zz-user-get-copy.md"}, rep.NoMethod); d != "" {
		t.Errorf("noMethod (-want +got):\n%s", d)
	}
	for _, st := range rep.Types {
		if d := cmp.Diff([]string{"ListUsers"}, methodNames(st.Undocumented)); d != "" {
			t.Errorf("%s undocumented (-want +got):\n%s", st.Type, d)
		}
		if got := methodNames(st.NotAllowed); slices.Contains(got, "ListUsers") {
			t.Errorf("%s: ListUsers is listed as not allowed: %v", st.Type, got)
		}
	}
	_, stdout, _ := runCmd(t, "scopes", "--specs", specs, "--include", "user-*.md", "--include", "zz-*.md")
	for _, s := range []string{"unknown (the page documents no permissions graphgen could read; graphgen check says why):\n    user-list.md  ListUsers\n", "with no method of their own"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("text output lacks %q:\n%s", s, stdout)
		}
	}
	// A type that allows none of the operations says so in one line.
	_, stdout, _ = runCmd(t, "scopes", "--specs", "../../specs", "--include", "update-*.md")
	if want := "Application: 0 scopes\n  not allowed: every operation\n"; !strings.HasSuffix(stdout, want) {
		t.Errorf("text output does not end with %q:\n%s", want, stdout)
	}
}

func TestScopesUsage(t *testing.T) {
	tests := []struct {
		args       []string
		code       int
		stdoutHas  string
		stderrHas  string
		stderrLack string
	}{
		{args: []string{"scopes", "--help"}, code: 0, stdoutHas: "Usage: graphgen scopes"},
		{args: []string{"--help"}, code: 0, stdoutHas: "graphgen scopes [flags]"},
		{args: []string{"scopes", "--format", "xml"}, code: 2, stderrHas: `--format "xml": want text or json`},
		{args: []string{"scopes", "extra"}, code: 2, stderrHas: `unexpected argument "extra"`},
		{args: []string{"scopes", "--include", "[x"}, code: 2, stderrHas: `graphgen scopes: bad glob "[x"`},
		{args: []string{"scopes", "--specs", "../../specs", "--include", "nope-*.md"}, code: 2, stderrHas: `--include "nope-*.md" matches no operation page`, stderrLack: "nothing was written"},
		{args: []string{"scopes", "--specs", "no/such/dir"}, code: 2, stderrHas: "graphgen scopes: no/such/dir: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stdout, tt.stdoutHas) || !strings.Contains(stderr, tt.stderrHas) {
				t.Errorf("stdout %q / stderr %q, want %q / %q", stdout, stderr, tt.stdoutHas, tt.stderrHas)
			}
			if tt.stderrLack != "" && strings.Contains(stderr, tt.stderrLack) {
				t.Errorf("stderr %q has %q", stderr, tt.stderrLack)
			}
		})
	}
}

// TestScopesDocBlocks runs every `$ go run ./cmd/graphgen scopes ...` block of
// docs/scopes.md (from the repository root: paths are adjusted) and
// compares the output with the block. A block over the real docs is skipped
// when they are absent.
func TestScopesDocBlocks(t *testing.T) {
	b, err := os.ReadFile("../../docs/scopes.md")
	if err != nil {
		t.Fatal(err)
	}
	sec := string(b)
	blocks := regexp.MustCompile("(?s)```\n\\$ go run ./cmd/graphgen (scopes[^\n]*)\n(.*?)```\n").FindAllStringSubmatch(sec, -1)
	if len(blocks) != 2 {
		t.Fatalf("%d scopes blocks in the section, want 2", len(blocks))
	}
	for _, bl := range blocks {
		t.Run(bl[1], func(t *testing.T) {
			args := shellWords(bl[1])
			hasSpecs := false
			for i := range args {
				if i > 0 && args[i-1] == "--specs" {
					hasSpecs = true
					args[i] = filepath.Join("../..", args[i])
					if _, err := os.Stat(args[i]); err != nil {
						t.Skipf("%s: %v", args[i], err)
					}
				}
			}
			if !hasSpecs {
				args = append(args, "--specs", "../../specs")
			}
			code, stdout, stderr := runCmd(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if d := cmp.Diff(bl[2], stdout); d != "" {
				t.Errorf("docs/scopes.md block differs from the output (-doc +output):\n%s", d)
			}
		})
	}
}

// shellWords splits a command line at spaces, honouring single quotes.
func shellWords(s string) []string {
	var out []string
	var cur strings.Builder
	quoted, any := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			quoted, any = !quoted, true
		case r == ' ' && !quoted:
			if any {
				out = append(out, cur.String())
			}
			cur.Reset()
			any = false
		default:
			cur.WriteRune(r)
			any = true
		}
	}
	if any {
		out = append(out, cur.String())
	}
	return out
}
