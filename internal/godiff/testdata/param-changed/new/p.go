// Package p: parameter types changed, on a function and on a method.
package p

import "context"

// Client is a client.
type Client struct{}

// GetUser gets a user: the key is now an int64.
func (c *Client) GetUser(ctx context.Context, key int64) (*User, error) { return nil, nil }

// User is a user.
type User struct{ Name string }

// Count counts; a renamed parameter is no change.
func Count(total int) int { return total }
