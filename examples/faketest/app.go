// Package faketest is a small program written against the generated client,
// as a user of graphgen would write it, and tested (app_test.go) with the
// generated fake service, graph/graphtest, exactly as a user would test it.
package faketest

import (
	"context"
	"fmt"
	"io"

	"github.com/graphgen/graphgen/generated/graph"
)

// App is the program: the few Graph calls it makes.
type App struct {
	Graph *graph.Client
}

// AssignToGroup points a device configuration's assignment at a group and
// returns the assignment's id as the service answers it.
func (a *App) AssignToGroup(ctx context.Context, configID, assignmentID, groupID string) (string, error) {
	target := &graph.GroupAssignmentTarget{
		ODataType: "#microsoft.graph.groupAssignmentTarget",
		GroupID:   graph.Value(groupID),
	}
	got, err := a.Graph.UpdateDeviceManagementDeviceConfigurationAssignment(ctx, configID, assignmentID,
		&graph.DeviceConfigurationAssignment{Target: graph.Value[graph.DeviceAndAppManagementAssignmentTargetVariant](target)})
	if err != nil {
		return "", fmt.Errorf("assigning %s to group %s: %w", configID, groupID, err)
	}
	id, _ := got.ID.Get()
	return id, nil
}

// EnabledUsers lists the display names of every enabled user, across all
// pages.
func (a *App) EnabledUsers(ctx context.Context) ([]string, error) {
	var names []string
	for u, err := range a.Graph.ListUsers(ctx, graph.Select("displayName", "accountEnabled")) {
		if err != nil {
			return nil, fmt.Errorf("listing users: %w", err)
		}
		if enabled, _ := u.AccountEnabled.Get(); enabled {
			name, _ := u.DisplayName.Get()
			names = append(names, name)
		}
	}
	return names, nil
}

// UploadReport stores a report in a folder of the signed-in user's drive
// and returns its size as the service counted it.
func (a *App) UploadReport(ctx context.Context, folderID, name string, report io.Reader) (int64, error) {
	item, err := a.Graph.UploadMeDriveItemByPathContent(ctx, folderID, name, report, "text/csv")
	if err != nil {
		return 0, fmt.Errorf("uploading %s: %w", name, err)
	}
	size, _ := item.Size.Get()
	return size, nil
}

// Whoami returns the signed-in user's display name.
func (a *App) Whoami(ctx context.Context) (string, error) {
	me, err := a.Graph.GetMe(ctx)
	if err != nil {
		return "", err
	}
	name, _ := me.DisplayName.Get()
	return name, nil
}

// GroupMemberIDs returns the id of every member of a group, whatever its
// type (user, group, contact, or one this package does not know): the
// family's DirectoryObject method gives any member's directoryObject
// fields, no type switch needed.
func (a *App) GroupMemberIDs(ctx context.Context, groupID string) ([]string, error) {
	var ids []string
	for m, err := range a.Graph.ListGroupMembers(ctx, groupID) {
		if err != nil {
			return nil, fmt.Errorf("listing members of %s: %w", groupID, err)
		}
		id, _ := m.DirectoryObject().ID.Get()
		ids = append(ids, id)
	}
	return ids, nil
}
