package graph

import (
	"context"
	"io"
	"iter"
)

func (c *Client) ListWidgets(ctx context.Context, opts ...RequestOption) iter.Seq2[Widget, error] {
	return graphrtItems[Widget](ctx, c, "ListWidgets", "GET", "/widgets", nil, opts)
}

func (c *Client) ListWidgetsPage(ctx context.Context, opts ...RequestOption) (*Page[Widget], error) {
	return graphrtPage[Widget](ctx, c, "ListWidgets", "GET", "/widgets", nil, opts)
}

var ListWidgetsPermissions = Permissions{
	DelegatedWork:     []string{"Widget.Read", "Widget.ReadWrite"},
	DelegatedPersonal: []string{"Widget.Read"},
	Application:       []string{"Widget.Read.All"},
}

func (c *Client) GetWidget(ctx context.Context, id string, opts ...RequestOption) (*Widget, error) {
	return graphrtCall(ctx, c, "GetWidget", "GET", "/widgets/"+pathSegment(id), nil, new(Widget), opts)
}

func (c *Client) GetMeWidget(ctx context.Context, opts ...RequestOption) (*Widget, error) {
	return graphrtCall(ctx, c, "GetMeWidget", "GET", "/me/widget", nil, new(Widget), opts)
}

var GetWidgetPermissions = Permissions{
	DelegatedWork:       []string{"Widget.Read"},
	DelegatedPersonal:   []string{"Widget.Read"},
	Application:         []string{"Widget.Read.All"},
	DelegatedWorkHigher: []string{"Widget.ReadWrite"},
}

func (c *Client) CreateWidget(ctx context.Context, body *Widget, opts ...RequestOption) (*Widget, error) {
	return graphrtCall(ctx, c, "CreateWidget", "POST", "/widgets", body, new(Widget), opts)
}

var CreateWidgetPermissions = Permissions{
	DelegatedWork: []string{"Widget.ReadWrite"},
	Application:   []string{"Widget.ReadWrite.All"},
}

func (c *Client) UpdateWidget(ctx context.Context, id string, body *Widget, opts ...RequestOption) (*Widget, error) {
	return graphrtCall(ctx, c, "UpdateWidget", "PATCH", "/widgets/"+pathSegment(id), body, new(Widget), opts)
}

var UpdateWidgetPermissions = Permissions{
	DelegatedWork: []string{"Widget.ReadWrite"},
	Application:   []string{"Widget.ReadWrite.All"},
}

func (c *Client) DeleteWidget(ctx context.Context, id string, opts ...RequestOption) error {
	return graphrtNoContent(ctx, c, "DeleteWidget", "DELETE", "/widgets/"+pathSegment(id), nil, opts)
}

var DeleteWidgetPermissions = Permissions{
	DelegatedWork: []string{"Widget.ReadWrite"},
	Application:   []string{"Widget.ReadWrite.All"},
}

func (c *Client) ListShapes(ctx context.Context, opts ...RequestOption) iter.Seq2[ShapeVariant, error] {
	return graphrtItems[ShapeVariant](ctx, c, "ListShapes", "GET", "/shapes", nil, opts)
}

func (c *Client) ListShapesPage(ctx context.Context, opts ...RequestOption) (*Page[ShapeVariant], error) {
	return graphrtPage[ShapeVariant](ctx, c, "ListShapes", "GET", "/shapes", nil, opts)
}

var ListShapesPermissions = Permissions{Unknown: true}

func (c *Client) GetShape(ctx context.Context, id string, opts ...RequestOption) (ShapeVariant, error) {
	return graphrtCallValue[ShapeVariant](ctx, c, "GetShape", "GET", "/shapes/"+pathSegment(id), nil, opts)
}

var GetShapePermissions = Permissions{Unknown: true}

func (c *Client) UpdateShape(ctx context.Context, id string, body ShapeVariant, opts ...RequestOption) (ShapeVariant, error) {
	return graphrtCallValue[ShapeVariant](ctx, c, "UpdateShape", "PATCH", "/shapes/"+pathSegment(id), body, opts)
}

var UpdateShapePermissions = Permissions{Unknown: true}

func (c *Client) CountWidgetsWithColor(ctx context.Context, color Color, opts ...RequestOption) (int64, error) {
	return graphrtCallScalar[int64](ctx, c, "CountWidgetsWithColor", "GET", "/widgets/count(color="+odataLiteral(color)+")", nil, opts)
}

var CountWidgetsWithColorPermissions = Permissions{Unknown: true}

func (c *Client) DownloadWidgetContent(ctx context.Context, id string, opts ...RequestOption) (*Download, error) {
	return graphrtDownload(ctx, c, "DownloadWidgetContent", "GET", "/widgets/"+pathSegment(id)+"/content", opts)
}

var DownloadWidgetContentPermissions = Permissions{Unknown: true}

func (c *Client) UploadDriveRootByPathContent(ctx context.Context, itemPath string, body io.Reader, contentType string, opts ...RequestOption) (*Widget, error) {
	return graphrtUpload(ctx, c, "UploadDriveRootByPathContent", "PUT", "/drive/root:/"+pathItem(itemPath)+":/content", body, contentType, new(Widget), opts)
}

func (c *Client) UploadDriveItemByPathContent(ctx context.Context, parentID string, filename string, body io.Reader, contentType string, opts ...RequestOption) (*Widget, error) {
	return graphrtUpload(ctx, c, "UploadDriveItemByPathContent", "PUT", "/drive/items/"+pathSegment(parentID)+":/"+pathItem(filename)+":/content", body, contentType, new(Widget), opts)
}

var UploadDriveRootByPathContentPermissions = Permissions{
	DelegatedWork: []string{"Files.ReadWrite"},
}

func (c *Client) CallWidgetsExport(ctx context.Context, body *CallWidgetsExportRequest, opts ...RequestOption) (*Accepted, error) {
	return graphrtAccepted(ctx, c, "CallWidgetsExport", "POST", "/widgets/export", body, opts)
}

var CallWidgetsExportPermissions = Permissions{
	DelegatedWork:     nil,
	DelegatedPersonal: nil,
	Application:       nil,
	Resources: []ResourcePermissions{
		{Resource: "widget (/widgets)", Application: []string{"Widget.Export.All"}},
		{Resource: "gadget", DelegatedWork: []string{"Gadget.Export"}},
	},
}
