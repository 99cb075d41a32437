package emit

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/graphgen/graphgen/internal/model"
)

func TestGoName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"deviceConfigurationAssignment", "DeviceConfigurationAssignment"},
		{"Update deviceConfigurationAssignment", "UpdateDeviceConfigurationAssignment"},
		{"deviceConfigurationId", "DeviceConfigurationID"},
		{"id", "ID"},
		{"ID", "ID"},
		{"Id", "ID"},
		{"groupIds", "GroupIDs"},
		{"httpsUrls", "HTTPSURLs"},
		{"iosScepCertificateProfile", "IOSScepCertificateProfile"},
		{"macOSScepCertificateProfile", "MacOSScepCertificateProfile"},
		{"windows81SCEPCertificateProfile", "Windows81SCEPCertificateProfile"},
		{"windowsPhone81VpnConfiguration", "WindowsPhone81VPNConfiguration"},
		{"@odata.type", "ODataType"},
		{"odata.nextLink", "ODataNextLink"},
		{"user-name", "UserName"},
		{"3dModel", "X3dModel"},
		{"", "X"},
		{"---", "X"},
		{"type", "Type"},
		{"apiUrl", "APIURL"},
		{"jsonUI", "JSONUI"},
		{"userPrincipalName", "UserPrincipalName"},
		{"is", "Is"},
		{"éclair", "Clair"},
	} {
		if got := GoName(tc.in); got != tc.want {
			t.Errorf("GoName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLowerName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"deviceConfigurationId", "deviceConfigurationID"},
		{"id", "id"},
		{"ID", "id"},
		{"type", "type_"},
		{"func", "func_"},
		{"string", "string_"},
		{"nil", "nil_"},
		{"3d", "x3d"},
		{"note-id", "noteID"},
		{"version.id", "versionID"},
		{"odataType", "odataType"},
		{"", "x"},
	} {
		if got := lowerName(tc.in); got != tc.want {
			t.Errorf("lowerName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestScope(t *testing.T) {
	s := newScope("Client", "Error")
	var got []string
	for _, n := range []string{"Client", "Widget", "Widget", "Error", "Error_", "Widget2", "Widget"} {
		got = append(got, s.unique(n))
	}
	want := []string{"Client_", "Widget", "Widget2", "Error_", "Error_2", "Widget22", "Widget3"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func seg(kind model.SegmentKind, name string) model.Segment {
	return model.Segment{Kind: kind, Name: name}
}

func TestMethodSuffix(t *testing.T) {
	lit, par, cast := model.SegLiteral, model.SegParam, model.SegCast
	first := model.Endpoint{Method: "PATCH", Segments: []model.Segment{seg(lit, "a"), seg(par, "x"), seg(lit, "assignments"), seg(par, "y")}}
	for _, tc := range []struct {
		name string
		ep   model.Endpoint
		want string
	}{
		{"literal", model.Endpoint{Method: "PATCH", Segments: []model.Segment{seg(lit, "a"), seg(par, "x"), seg(lit, "rootCertificate"), seg(lit, "assignments"), seg(par, "y")}}, "ViaRootCertificate"},
		{"cast", model.Endpoint{Method: "PATCH", Segments: []model.Segment{seg(lit, "a"), seg(par, "x"), seg(cast, "microsoft.graph.iosScepCertificateProfile"), seg(lit, "rootCertificate"), seg(lit, "assignments"), seg(par, "y")}}, "ViaIOSScepCertificateProfileRootCertificate"},
		{"params only", model.Endpoint{Method: "PATCH", Segments: []model.Segment{seg(lit, "a"), seg(par, "x"), seg(par, "z"), seg(lit, "assignments"), seg(par, "y")}}, "ByZ"},
		{"method", model.Endpoint{Method: "DELETE", Segments: first.Segments}, "Delete"},
		{"same", first, ""},
	} {
		if got := methodSuffix(first, tc.ep); got != tc.want {
			t.Errorf("%s: methodSuffix = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestFileBase(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"api/update-deviceconfigurationassignment.md", "update_deviceconfigurationassignment"},
		{"resources/intune_shared_x.md", "intune_shared_x"},
		{"a/B C.md", "b_c"},
		{"a/---.md", "page"},
	} {
		if got := fileBase(tc.in); got != tc.want {
			t.Errorf("fileBase(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSanitizeComment(t *testing.T) {
	in := "a\nb\r\n\tc\u2028d\u2029e\x00f  */ g"
	want := "a b c d e f */ g"
	if got := sanitizeComment(in); got != want {
		t.Errorf("sanitizeComment = %q, want %q", got, want)
	}
}
