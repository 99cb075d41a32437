package emit

import "testing"

func TestValidPackageName(t *testing.T) {
	for name, want := range map[string]bool{
		"graph": true, "beta2": true, "_x": true, "Graph": true,
		"": false, "_": false, "9lives": false, "type": false, "func": false,
		"string": false, "nil": false, "main": false, "my-pkg": false, "pkg.x": false, "é": false,
	} {
		if got := ValidPackageName(name); got != want {
			t.Errorf("ValidPackageName(%q) = %v, want %v", name, got, want)
		}
	}
}
