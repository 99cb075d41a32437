package graphtest

// This test is copied into every generated graphtest package (as
// graphtest_selfcheck_gen_test.go); here it runs on the stand-in's table.

import (
	"context"
	"io"
	"reflect"
	"strings"
	"testing"

	graph "github.com/graphgen/graphgen/templates/graphtest/internal/graph"
)

// selfcheckID is the value of every string path parameter: it must reach
// the server as one parameter, whatever the client escapes.
const selfcheckID = "it's a/b?c#d%.."

// selfcheckRef is the reference an operation that links an object sends.
const selfcheckRef = "https://graph.microsoft.com/v1.0/directoryObjects/selfcheck"

// TestOperations calls every operation through the client, with its
// default answer: the request must reach the operation it was sent for,
// with each string path parameter as sent (the server's path templates are
// the client's), and the answer must decode.
func TestOperations(t *testing.T) {
	s := NewServer(t)
	c := reflect.ValueOf(s.Client())
	for _, op := range table {
		t.Run(op.name, func(t *testing.T) {
			m := c.MethodByName(op.name)
			if !m.IsValid() {
				t.Fatalf("the client has no method %s", op.name)
			}
			mt := m.Type()
			args := []reflect.Value{reflect.ValueOf(context.Background())}
			var strs []string // the string path parameters sent, in order
			afterBody := false
			for i := 1; i < mt.NumIn(); i++ {
				in := mt.In(i)
				switch {
				case mt.IsVariadic() && i == mt.NumIn()-1:
					continue
				case in == reflect.TypeFor[io.Reader]():
					args = append(args, reflect.ValueOf(strings.NewReader("bytes")))
					afterBody = true
				case afterBody && in.Kind() == reflect.String:
					args = append(args, reflect.ValueOf("text/plain"))
				case op.ref && in.Kind() == reflect.String && len(strs) == paramCount(op):
					// The reference, after the path parameters.
					args = append(args, reflect.ValueOf(selfcheckRef))
				case in.Kind() == reflect.String && len(strs) < paramCount(op):
					v := reflect.New(in).Elem()
					v.SetString(selfcheckID)
					args = append(args, v)
					strs = append(strs, selfcheckID)
				case in.Kind() == reflect.String:
					args = append(args, reflect.Zero(in)) // a body of a string type
				default:
					args = append(args, reflect.Zero(in))
					if len(strs) < paramCount(op) {
						strs = append(strs, "") // not a string: not compared
					}
				}
			}
			err := drain(m.Call(args))
			calls := s.CallsOf(op.name)
			if len(calls) == 0 {
				t.Fatalf("%s reached no operation of the server (calls: %+v)", op.name, s.Calls())
			}
			call := calls[len(calls)-1]
			i := 0
			for _, p := range op.path {
				if !p.isParam() {
					continue
				}
				if i < len(strs) && strs[i] != "" && call.Params[p.text] != strs[i] {
					t.Errorf("path parameter %s arrived as %q, want %q", p.text, call.Params[p.text], strs[i])
				}
				i++
			}
			if len(op.required) > 0 {
				// No body: the server wants the required properties.
				if call.Status != 400 {
					t.Errorf("a call without the required %v: status %d, want 400", op.required, call.Status)
				}
				return
			}
			if err != nil {
				t.Errorf("%s: %v", op.name, err)
			}
			if r, ok := call.Body.(Ref); op.ref && (!ok || r.ODataID != selfcheckRef) {
				t.Errorf("the reference arrived as %#v, want %q", call.Body, selfcheckRef)
			}
			if call.Status < 200 || call.Status > 299 {
				t.Errorf("status %d", call.Status)
			}
		})
	}
}

func paramCount(op *operation) int {
	n := 0
	for _, p := range op.path {
		if p.isParam() {
			n++
		}
	}
	return n
}

// drain finishes a call: it ranges over a collection, closes a download,
// and returns the error.
func drain(out []reflect.Value) error {
	last := out[len(out)-1]
	if len(out) == 1 {
		if last.Kind() == reflect.Func { // iter.Seq2[T, error]
			var err error
			yield := reflect.MakeFunc(last.Type().In(0), func(args []reflect.Value) []reflect.Value {
				if e, ok := args[1].Interface().(error); ok && e != nil {
					err = e
				}
				return []reflect.Value{reflect.ValueOf(true)}
			})
			last.Call([]reflect.Value{yield})
			return err
		}
		err, _ := last.Interface().(error)
		return err
	}
	if d, ok := out[0].Interface().(*graph.Download); ok && d != nil && d.Body != nil {
		d.Body.Close()
	}
	err, _ := last.Interface().(error)
	return err
}
