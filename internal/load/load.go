// Package load finds documentation pages on disk (files, or folders walked
// recursively for *.md in sorted order) and parses them into model documents.
// It is the only package besides the command that reads the file system.
//
// Files under a folder named includes/ are include files, not pages: the
// walk skips those folders, and only what a page includes is read. A page's
// permission includes (see parser.ParseWith) are read relative to the page,
// through an os.Root opened on the docs root the page came from: the folder
// argument, or for a folder named api (and for a page given alone, its
// folder when named api) the version folder above it, which holds
// includes/. An include that resolves outside that root, after following
// symbolic links (an absolute link is refused whatever its target), is
// never opened: the parser reports it as an error.
package load

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/parallel"
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
	// docs is the docs root the page's includes must resolve inside, and
	// dir the page's folder relative to it (slash-separated).
	docs, dir string
}

// docsRoot is the docs root of a folder of pages (or of a page's folder):
// the folder, or the one above it when it is named api.
func docsRoot(dir string) string {
	if filepath.Base(filepath.Clean(dir)) == "api" {
		return filepath.Dir(filepath.Clean(dir))
	}
	return dir
}

// located fills f.docs and f.dir for a page at file found under docs.
func located(f found, docs string) found {
	f.docs = docs
	f.dir = "."
	if rel, err := filepath.Rel(docs, filepath.Dir(f.file)); err == nil {
		f.dir = filepath.ToSlash(rel)
	}
	return f
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
			out = append(out, located(found{file: arg, rel: filepath.ToSlash(arg)}, docsRoot(filepath.Dir(arg))))
			continue
		}
		docs := docsRoot(arg)
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return &Error{Path: p, Err: unwrapPathErr(err)}
			}
			if d.IsDir() && p != arg && strings.EqualFold(d.Name(), "includes") {
				return fs.SkipDir // include files, read only when a page names them
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
			out = append(out, located(found{file: p, root: arg, rel: filepath.ToSlash(rel)}, docs))
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
	roots := newRoots()
	defer roots.close()
	parallel.Each(len(list), func(i int) { pages[i], errs[i] = readOne(list[i], roots) })
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	sort.SliceStable(pages, func(i, j int) bool { return pages[i].Doc.Path < pages[j].Doc.Path })
	return pages, nil
}

func readOne(f found, roots *roots) (Page, error) {
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
	p.Doc = parser.ParseWith(f.rel, src[:n], roots.includer(f))
	return p, nil
}

// roots opens each docs root once, when a page first includes a file.
type roots struct {
	mu sync.Mutex
	m  map[string]*rootEntry
}

type rootEntry struct {
	once sync.Once
	root *os.Root
	err  error
}

func newRoots() *roots { return &roots{m: map[string]*rootEntry{}} }

func (r *roots) open(dir string) (*os.Root, error) {
	r.mu.Lock()
	e := r.m[dir]
	if e == nil {
		e = &rootEntry{}
		r.m[dir] = e
	}
	r.mu.Unlock()
	e.once.Do(func() { e.root, e.err = os.OpenRoot(dir) })
	return e.root, e.err
}

func (r *roots) close() {
	for _, e := range r.m {
		if e.root != nil {
			e.root.Close()
		}
	}
}

// includer reads the includes of page f: target relative to the page,
// opened through the docs root's os.Root, at most MaxPageSize bytes.
func (r *roots) includer(f found) parser.Includer {
	return func(target string) ([]byte, error) {
		rel := path.Join(f.dir, strings.ReplaceAll(target, "\\", "/"))
		root, err := r.open(f.docs)
		if err != nil {
			return nil, unwrapPathErr(err)
		}
		fh, err := root.Open(filepath.FromSlash(rel))
		if err != nil {
			switch {
			case errors.Is(err, fs.ErrNotExist):
				return nil, fs.ErrNotExist
			case !filepath.IsLocal(filepath.FromSlash(rel)):
				return nil, fmt.Errorf("%w %s (it is %s from there)", parser.ErrIncludeOutside, f.docs, rel)
			case escapes(err):
				return nil, fmt.Errorf("%w %s through a symbolic link on the way to %s", parser.ErrIncludeOutside, f.docs, rel)
			}
			return nil, unwrapPathErr(err)
		}
		defer fh.Close()
		st, err := fh.Stat()
		if err != nil {
			return nil, unwrapPathErr(err)
		}
		if st.IsDir() {
			return nil, errors.New("it is a folder")
		}
		if st.Size() > MaxPageSize {
			return nil, fmt.Errorf("it is %d bytes, over the %d-byte limit", st.Size(), MaxPageSize)
		}
		b, err := io.ReadAll(io.LimitReader(fh, MaxPageSize+1))
		if err != nil {
			return nil, unwrapPathErr(err)
		}
		return b, nil
	}
}

// escapes reports whether an os.Root error says the name (or a symbolic
// link on its way) leaves the root. os.Root refuses such a name without
// opening anything; its error has no exported value to test, only this text.
func escapes(err error) bool {
	var pe *fs.PathError
	return errors.As(err, &pe) && pe.Err.Error() == "path escapes from parent"
}
