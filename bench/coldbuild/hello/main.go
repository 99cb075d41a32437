// Command hello is the floor of the cold-build comparison: a program that
// imports only net/http and encoding/json.
package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

func main() {
	resp, err := http.Get("https://graph.microsoft.com/v1.0/")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer resp.Body.Close()
	var v map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&v)
	fmt.Println(v)
}
