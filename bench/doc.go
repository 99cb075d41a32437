// Package bench holds graphgen's side-by-side benchmarks of the generated
// client against hand-written net/http + encoding/json code, and the programs
// used to compare cold build cost (see coldbuild.sh and the README).
package bench
