// Package p: a method added to Client.
package p

import "iter"

// Client is a client.
type Client struct{ base string }

// GetUser gets a user.
func (c *Client) GetUser(id string) (string, error) { return id, nil }

// ListUsers lists users.
func (c *Client) ListUsers() iter.Seq2[string, error] { return nil }
