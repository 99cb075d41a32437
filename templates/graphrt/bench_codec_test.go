package graphrt

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// The codec against encoding/json, side by side in one run (paging and
// downloads through a generated client are measured in ../../bench):
//
//	go test ./templates/graphrt -run '^$' -bench Codec -benchmem -count 5

// User is a model as the emitter writes it.
type User struct {
	ODataType         string                     `json:"@odata.type,omitempty" graph:"#microsoft.graph.user"`
	ID                Nullable[string]           `json:"id,omitzero" graph:"readonly"`
	DisplayName       Nullable[string]           `json:"displayName,omitzero"`
	GivenName         Nullable[string]           `json:"givenName,omitzero"`
	Surname           Nullable[string]           `json:"surname,omitzero"`
	Mail              Nullable[string]           `json:"mail,omitzero"`
	UserPrincipalName Nullable[string]           `json:"userPrincipalName,omitzero"`
	JobTitle          Nullable[string]           `json:"jobTitle,omitzero"`
	Department        Nullable[string]           `json:"department,omitzero"`
	AccountEnabled    Nullable[bool]             `json:"accountEnabled,omitzero"`
	CreatedDateTime   Nullable[time.Time]        `json:"createdDateTime,omitzero" graph:"readonly"`
	AdditionalData    map[string]json.RawMessage `json:"-"`
}

func (v *User) MarshalJSON() ([]byte, error) { return graphrtMarshal(v) }
func (v *User) UnmarshalJSON(b []byte) error { return graphrtUnmarshal(b, v) }

// rtTestPlainUser is what a careful person writes without a generator.
type rtTestPlainUser struct {
	ODataType         string    `json:"@odata.type,omitempty"`
	ID                string    `json:"id,omitempty"`
	DisplayName       string    `json:"displayName,omitempty"`
	GivenName         string    `json:"givenName,omitempty"`
	Surname           string    `json:"surname,omitempty"`
	Mail              string    `json:"mail,omitempty"`
	UserPrincipalName string    `json:"userPrincipalName,omitempty"`
	JobTitle          string    `json:"jobTitle,omitempty"`
	Department        string    `json:"department,omitempty"`
	AccountEnabled    bool      `json:"accountEnabled,omitempty"`
	CreatedDateTime   time.Time `json:"createdDateTime,omitzero"`
}

func rtTestUserJSON(i int) string {
	return fmt.Sprintf(`{"id":"%08d-6342-d59b-4263-9bd542639bd5","displayName":"User Number %d","givenName":"Given%d","surname":"Surname%d",`+
		`"mail":"user%d@contoso.onmicrosoft.com","userPrincipalName":"user%d@contoso.onmicrosoft.com","jobTitle":"Software Engineer",`+
		`"department":"Research & Development","accountEnabled":%v,"createdDateTime":"2019-0%d-1%dT10:%02d:00Z"}`, i, i, i, i, i, i, i%2 == 0, i%9+1, i%10, i%60)
}

// The codec against encoding/json on the equivalent plain struct.
var (
	rtTestBenchUserJSON = []byte(`{"@odata.type":"#microsoft.graph.user",` + rtTestUserJSON(7)[1:])
	rtTestBenchUser     = func() (u User) { graphrtUnmarshal(rtTestBenchUserJSON, &u); return u }()
)

func BenchmarkCodecDecode(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(rtTestBenchUserJSON)))
	for b.Loop() {
		var u User
		if err := graphrtUnmarshal(rtTestBenchUserJSON, &u); err != nil || !rtIsSet(u.ID) {
			b.Fatal(err)
		}
	}
}

func BenchmarkCodecDecodeStdlib(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(rtTestBenchUserJSON)))
	for b.Loop() {
		var u rtTestPlainUser
		if err := json.Unmarshal(rtTestBenchUserJSON, &u); err != nil || u.ID == "" {
			b.Fatal(err)
		}
	}
}

func BenchmarkCodecEncode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := graphrtMarshalAll(&rtTestBenchUser); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCodecEncodeStdlib(b *testing.B) {
	var u rtTestPlainUser
	json.Unmarshal(rtTestBenchUserJSON, &u)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(&u); err != nil {
			b.Fatal(err)
		}
	}
}
