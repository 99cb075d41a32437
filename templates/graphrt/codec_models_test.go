package graphrt

import (
	"encoding/json"
	"time"
)

// Models written exactly as the emitter writes them (the contract of the
// codec): plain structs and one-line methods.

// TargetKind is an enum: a named string type that keeps any value.
type TargetKind string

// TargetVariant is the family of deviceAndAppManagementAssignmentTarget.
type TargetVariant interface{ isTarget() }

// UnknownTarget is a target whose @odata.type is not known here.
type UnknownTarget struct{ Unknown }

// Target is the family's base type.
type Target struct {
	ODataType      string                     `json:"@odata.type,omitempty" graph:"#microsoft.graph.deviceAndAppManagementAssignmentTarget"`
	AdditionalData map[string]json.RawMessage `json:"-"`
}

func (v *Target) MarshalJSON() ([]byte, error) { return graphrtMarshal(v) }
func (v *Target) UnmarshalJSON(b []byte) error { return graphrtUnmarshal(b, v) }

type AllDevicesAssignmentTarget struct {
	ODataType      string                     `json:"@odata.type,omitempty" graph:"#microsoft.graph.allDevicesAssignmentTarget"`
	AdditionalData map[string]json.RawMessage `json:"-"`
}

func (v *AllDevicesAssignmentTarget) MarshalJSON() ([]byte, error) { return graphrtMarshal(v) }
func (v *AllDevicesAssignmentTarget) UnmarshalJSON(b []byte) error {
	return graphrtUnmarshal(b, v)
}

// Inner is a model held by value.
type Inner struct {
	ODataType      string                     `json:"@odata.type,omitempty" graph:"#microsoft.graph.inner"`
	ID             Nullable[string]           `json:"id,omitzero" graph:"readonly"`
	Name           Nullable[string]           `json:"name,omitzero"`
	Count          Nullable[int32]            `json:"count,omitzero"`
	AdditionalData map[string]json.RawMessage `json:"-"`
}

func (v *Inner) MarshalJSON() ([]byte, error) { return graphrtMarshal(v) }
func (v *Inner) UnmarshalJSON(b []byte) error { return graphrtUnmarshal(b, v) }

type GroupAssignmentTarget struct {
	ODataType      string                           `json:"@odata.type,omitempty" graph:"#microsoft.graph.groupAssignmentTarget"`
	ID             Nullable[string]                 `json:"id,omitzero" graph:"readonly"`
	GroupID        Nullable[string]                 `json:"groupId,omitzero"`
	Created        Nullable[time.Time]              `json:"createdDateTime,omitzero"`
	Day            Nullable[Date]                   `json:"day,omitzero"`
	At             Nullable[TimeOfDay]              `json:"at,omitzero"`
	Kind           Nullable[TargetKind]             `json:"kind,omitzero"`
	Enabled        Nullable[bool]                   `json:"enabled,omitzero"`
	Small          Nullable[int16]                  `json:"small,omitzero"`
	Count          Nullable[int32]                  `json:"count,omitzero"`
	Size           Nullable[int64]                  `json:"size,omitzero"`
	Ratio          Nullable[float64]                `json:"ratio,omitzero"`
	Tags           Nullable[[]string]               `json:"tags,omitzero"`
	Inner          Nullable[Inner]                  `json:"inner,omitzero"`
	Inners         Nullable[[]Inner]                `json:"inners,omitzero"`
	Self           Nullable[*GroupAssignmentTarget] `json:"self,omitzero"`
	Target         Nullable[TargetVariant]          `json:"target,omitzero"`
	Targets        Nullable[[]TargetVariant]        `json:"targets,omitzero"`
	Raw            Nullable[json.RawMessage]        `json:"raw,omitzero"`
	AdditionalData map[string]json.RawMessage       `json:"-"`
}

func (v *GroupAssignmentTarget) MarshalJSON() ([]byte, error) { return graphrtMarshal(v) }
func (v *GroupAssignmentTarget) UnmarshalJSON(b []byte) error { return graphrtUnmarshal(b, v) }

// ExclusionGroupAssignmentTarget derives from GroupAssignmentTarget.
type ExclusionGroupAssignmentTarget struct {
	ODataType      string                     `json:"@odata.type,omitempty" graph:"#microsoft.graph.exclusionGroupAssignmentTarget"`
	GroupID        Nullable[string]           `json:"groupId,omitzero"`
	AdditionalData map[string]json.RawMessage `json:"-"`
}

func (v *ExclusionGroupAssignmentTarget) MarshalJSON() ([]byte, error) { return graphrtMarshal(v) }
func (v *ExclusionGroupAssignmentTarget) UnmarshalJSON(b []byte) error {
	return graphrtUnmarshal(b, v)
}

// SecurityGroupAssignmentTarget has the same last segment as
// GroupAssignmentTarget in another namespace.
type SecurityGroupAssignmentTarget struct {
	ODataType      string                     `json:"@odata.type,omitempty" graph:"#microsoft.graph.security.groupAssignmentTarget"`
	AdditionalData map[string]json.RawMessage `json:"-"`
}

func (v *SecurityGroupAssignmentTarget) MarshalJSON() ([]byte, error) { return graphrtMarshal(v) }
func (v *SecurityGroupAssignmentTarget) UnmarshalJSON(b []byte) error {
	return graphrtUnmarshal(b, v)
}

func (*Target) isTarget()                         {}
func (*AllDevicesAssignmentTarget) isTarget()     {}
func (*GroupAssignmentTarget) isTarget()          {}
func (*ExclusionGroupAssignmentTarget) isTarget() {}
func (*SecurityGroupAssignmentTarget) isTarget()  {}
func (*UnknownTarget) isTarget()                  {}

var _ = graphrtFamily[TargetVariant](new(UnknownTarget), new(Target), new(AllDevicesAssignmentTarget),
	new(GroupAssignmentTarget), new(ExclusionGroupAssignmentTarget), new(SecurityGroupAssignmentTarget))

// Bare is a model without ODataType and AdditionalData.
type Bare struct {
	Name Nullable[string] `json:"name,omitzero"`
	N    Nullable[int64]  `json:"n,omitzero"`
}

func (v *Bare) MarshalJSON() ([]byte, error) { return graphrtMarshal(v) }
func (v *Bare) UnmarshalJSON(b []byte) error { return graphrtUnmarshal(b, v) }
