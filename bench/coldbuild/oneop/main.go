// Command oneop makes one call with the generated client: it updates the
// target of a device configuration assignment. It is the program of the
// cold-build comparison (see ../../coldbuild.sh) and the README's example.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/graphgen/graphgen/generated/graph"
)

func main() {
	c := graph.NewClient(graph.WithTokenProvider(func(ctx context.Context) (string, error) {
		return os.Getenv("GRAPH_TOKEN"), nil
	}))
	target := &graph.GroupAssignmentTarget{GroupID: graph.Value("5f0e3a4e-group-id")}
	a, err := c.UpdateDeviceManagementDeviceConfigurationAssignment(context.Background(), "config-id", "assignment-id",
		&graph.DeviceConfigurationAssignment{Target: graph.Value[graph.DeviceAndAppManagementAssignmentTargetVariant](target)})
	var gerr *graph.Error
	if errors.As(err, &gerr) {
		fmt.Fprintln(os.Stderr, "graph said", gerr.StatusCode, gerr.Code, gerr.Message, "request-id", gerr.RequestID)
		os.Exit(1)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	id, _ := a.ID.Get()
	fmt.Println("updated assignment", id)
}
