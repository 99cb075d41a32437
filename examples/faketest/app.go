// Package faketest is a small program written against the generated client,
// as a user of graphgen would write it, and tested (app_test.go) with the
// generated fake service, graph/graphtest, exactly as a user would test it.
package faketest

import (
	"context"

	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

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

// uploadChunk is the fragment size of large uploads: 5 MiB, a multiple of
// 320 KiB, in the range Graph recommends.
const uploadChunk = 16 * 320 << 10

// StartUpload opens an upload session for a file of size bytes called name
// in a folder and returns its upload URL: keep it to finish the upload
// with Upload, now or after a failure, from this process or another.
func (a *App) StartUpload(ctx context.Context, folderID, name string, size int64) (string, error) {
	sess, err := a.Graph.CallMeDriveItemByPathCreateUploadSession(ctx, folderID, name, &graph.CallMeDriveItemByPathCreateUploadSessionRequest{
		Item: graph.Value(&graph.DriveItemUploadableProperties{FileSize: graph.Value(size)}),
	})
	if err != nil {
		return "", fmt.Errorf("opening an upload session for %s: %w", name, err)
	}
	u, ok := sess.UploadURL.Get()
	if !ok || u == "" {
		return "", errors.New("the upload session has no uploadUrl")
	}
	return u, nil
}

// Upload sends the file to an upload session, from where the session
// stands, and returns the new item.
func (a *App) Upload(ctx context.Context, uploadURL string, f io.ReaderAt, size int64) (*graph.DriveItem, error) {
	item, err := graph.UploadLarge[graph.DriveItem](ctx, a.Graph, uploadURL, f, size, graph.ChunkSize(uploadChunk))
	if err != nil {
		return nil, fmt.Errorf("uploading: %w", err)
	}
	return item, nil
}

// CopyAndWait copies an item under a new name and waits for the copy to
// finish; it returns the copy's id.
func (a *App) CopyAndWait(ctx context.Context, itemID, name string) (string, error) {
	acc, err := a.Graph.CallMeDriveItemCopy(ctx, itemID, &graph.CallMeDriveItemCopyRequest{Name: graph.Value(name)})
	if err != nil {
		return "", fmt.Errorf("copying %s: %w", itemID, err)
	}
	res, err := a.Graph.Wait(ctx, acc)
	if err != nil {
		return "", fmt.Errorf("waiting for the copy of %s: %w", itemID, err)
	}
	return res.ResourceID, nil
}

// Profiles reads many users at once, as JSON batches, in the order of ids.
func (a *App) Profiles(ctx context.Context, ids []string) ([]*graph.User, error) {
	out := make([]*graph.User, len(ids))
	b := a.Graph.Batch()
	for i, id := range ids {
		b.Go(func(c *graph.Client) (err error) {
			out[i], err = c.GetUser(ctx, id, graph.Select("id", "displayName"))
			return err
		})
	}
	if err := b.Run(ctx); err != nil {
		return nil, fmt.Errorf("reading %d profiles: %w", len(ids), err)
	}
	return out, nil
}

// SyncUsers runs one round of tracking users: every user when link is ""
// (the first round), else the changes since the round that gave link. It
// returns the display names of the users created or changed, the ids of
// those deleted, and the link for the next round.
func (a *App) SyncUsers(ctx context.Context, link string) (changed, removed []string, next string, err error) {
	var opts []graph.RequestOption
	if link != "" {
		opts = append(opts, graph.FromLink(link))
	}
	p, err := a.Graph.ListUsersDeltaPage(ctx, opts...)
	for ; p != nil && err == nil; p, err = p.Next(ctx) {
		for _, u := range p.Items {
			id, _ := u.ID.Get()
			if _, gone := u.AdditionalData["@removed"]; gone {
				removed = append(removed, id)
				continue
			}
			name, _ := u.DisplayName.Get()
			changed = append(changed, name)
		}
		next = p.DeltaLink
	}
	if err != nil {
		return nil, nil, "", fmt.Errorf("tracking users: %w", err)
	}
	return changed, removed, next, nil
}

// UsersNamed returns the ids of the users with a display name.
func (a *App) UsersNamed(ctx context.Context, name string) ([]string, error) {
	filter := "displayName eq '" + strings.ReplaceAll(name, "'", "''") + "'"
	var ids []string
	for u, err := range a.Graph.ListUsers(ctx, graph.Filter(filter)) {
		if err != nil {
			return nil, fmt.Errorf("finding %q: %w", name, err)
		}
		id, _ := u.ID.Get()
		ids = append(ids, id)
	}
	return ids, nil
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

// AddMember adds a directory object (a user, a group, a contact) to a
// group's members by its id: Graph links it by its URL.
func (a *App) AddMember(ctx context.Context, groupID, objectID string) error {
	ref := graph.DefaultBaseURL + "/directoryObjects/" + url.PathEscape(objectID)
	if err := a.Graph.CallGroupMembersRef(ctx, groupID, ref); err != nil {
		return fmt.Errorf("adding %s to group %s: %w", objectID, groupID, err)
	}
	return nil
}
