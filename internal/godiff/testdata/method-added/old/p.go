// Package p: a method added to Client.
package p

// Client is a client.
type Client struct{ base string }

// GetUser gets a user.
func (c *Client) GetUser(id string) (string, error) { return id, nil }
