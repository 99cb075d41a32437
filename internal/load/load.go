// Package load finds documentation pages on disk (files, or folders walked
// recursively for *.md in sorted order) and parses them into model documents.
// It is the only package besides the command that reads the file system.
package load

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/parser"
)

// MaxPageSize is the largest page read; a larger one becomes a document with
// a page-too-large error and is not parsed.
const MaxPageSize = 8 << 20

// Page is one parsed page and where it came from.
type Page struct {
	// File is the path on disk, as the user can open it (arg joined with the
	// page's path inside the folder).
	File string
	// Root is the folder argument the page was found under, or "" for a page
	// given as a file.
	Root string
	Doc  *model.Document
}

// Error is a read error: a missing path, an unreadable file or folder.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

type found struct {
	file, root, rel string
}

// find lists the pages named by args without reading them: a file as given,
// a folder walked for *.md files. Symbolic links to folders are not followed,
// so a link loop cannot trap the walk.
func find(args []string) ([]found, error) {
	var out []found
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			return nil, &Error{Path: arg, Err: unwrapPathErr(err)}
		}
		if !st.IsDir() {
			out = append(out, found{file: arg, rel: filepath.ToSlash(arg)})
			continue
		}
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return &Error{Path: p, Err: unwrapPathErr(err)}
			}
			if d.IsDir() || !strings.HasSuffix(d.Name(), ".md") {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				// A link to a file is read; a link to a folder is not walked.
				if st, err := os.Stat(p); err != nil || st.IsDir() {
					return nil
				}
			}
			rel, err := filepath.Rel(arg, p)
			if err != nil {
				return &Error{Path: p, Err: err}
			}
			out = append(out, found{file: p, root: arg, rel: filepath.ToSlash(rel)})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Pages reads and parses every page named by args (see find), in parallel,
// and returns them sorted by document path (then by argument order). A
// missing path or an unreadable file is an *Error.
func Pages(args []string) ([]Page, error) {
	list, err := find(args)
	if err != nil {
		return nil, err
	}
	pages := make([]Page, len(list))
	errs := make([]error, len(list))
	var wg sync.WaitGroup
	next := make(chan int)
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				pages[i], errs[i] = readOne(list[i])
			}
		}()
	}
	for i := range list {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	sort.SliceStable(pages, func(i, j int) bool { return pages[i].Doc.Path < pages[j].Doc.Path })
	return pages, nil
}

func readOne(f found) (Page, error) {
	p := Page{File: f.file, Root: f.root}
	fh, err := os.Open(f.file)
	if err != nil {
		return p, &Error{Path: f.file, Err: unwrapPathErr(err)}
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return p, &Error{Path: f.file, Err: unwrapPathErr(err)}
	}
	if st.Size() > MaxPageSize {
		p.Doc = &model.Document{Path: f.rel, Kind: model.KindOther, Diagnostics: []model.Diagnostic{{
			Pos: model.Pos{Line: 1, Col: 1}, Severity: model.SevError, Code: "page-too-large",
			Message: fmt.Sprintf("page is %d bytes, over the %d-byte limit; not parsed", st.Size(), MaxPageSize),
		}}}
		return p, nil
	}
	src := make([]byte, st.Size())
	n, err := io.ReadFull(fh, src)
	if err == io.ErrUnexpectedEOF || err == io.EOF { // the file shrank since Stat
		err = nil
	}
	if err != nil {
		return p, &Error{Path: f.file, Err: unwrapPathErr(err)}
	}
	p.Doc = parser.Parse(f.rel, src[:n])
	return p, nil
}
