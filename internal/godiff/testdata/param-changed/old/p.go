// Package p: parameter types changed, on a function and on a method.
package p

import "context"

// Client is a client.
type Client struct{}

// GetUser gets a user.
func (c *Client) GetUser(ctx context.Context, id string) (*User, error) { return nil, nil }

// User is a user.
type User struct{ Name string }

// Count counts.
func Count(n int) int { return n }
