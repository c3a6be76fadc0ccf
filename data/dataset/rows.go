package dataset

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/maillage/maillage/data"
)

// Options tells a reader what to call the file in errors, how to resolve
// references to rows of other files, and whom to tell about progress.
// Resolver is required by every reader except ReadIndicators; Progress may
// be nil.
type Options struct {
	Name     string
	Resolver Resolver
	Progress data.Progress
	// KnownActor, when set, tells the registry readers (ReadSirene,
	// ReadRNA) which actors are loaded already: a closed establishment or
	// a dissolved association that is one of them is handed on marked
	// inactive, so that the import updates it rather than leave it looking
	// active; one that is not is left out, as without KnownActor.
	KnownActor func(id int64) bool
}

// progressEvery is how many rows a reader handles between Progress calls.
const progressEvery = 1000

// progress calls o.Progress every progressEvery rows; final forces a call.
func (o Options) progress(done int, final bool) {
	if o.Progress != nil && (final || done%progressEvery == 0) {
		o.Progress(done, -1)
	}
}

// problems collects the bad rows of one file.
type problems struct {
	file string
	rows []data.RowError
	more int // bad rows beyond maxListedRows, counted only
}

// maxListedRows bounds the bad rows listed for one file: a national
// registry with a broken column would otherwise list millions.
const maxListedRows = 1000

// file keeps a bad row, or counts it past maxListedRows.
func (p *problems) file1(r data.RowError) {
	if len(p.rows) >= maxListedRows {
		p.more++
		return
	}
	p.rows = append(p.rows, r)
}

// row collects the reasons one row is bad; a row with several problems is
// reported once, its reasons joined by "; ".
type row struct {
	line    int
	reasons []string
	fields  []data.FieldProblem // the reasons that lie in one field, with it
}

func (r *row) bad(format string, args ...any) {
	r.reasons = append(r.reasons, fmt.Sprintf(format, args...))
}

// badAt is bad for a reason that lies in one field (a column of the CSV,
// a property or the geometry of a feature), which the error names.
func (r *row) badAt(field, format string, args ...any) {
	r.bad(format, args...)
	// The field is named apart: its reason need not repeat it.
	reason := strings.TrimPrefix(r.reasons[len(r.reasons)-1], field+": ")
	r.fields = append(r.fields, data.FieldProblem{Field: field, Reason: reason})
}

func (r *row) ok() bool { return len(r.reasons) == 0 }

// done files the row's reasons, if any, and reports whether it was good.
func (p *problems) done(r *row) bool {
	if r.ok() {
		return true
	}
	p.file1(data.RowError{Line: r.line, Reason: strings.Join(r.reasons, "; "), Fields: r.fields})
	return false
}

func (p *problems) add(line int, format string, args ...any) {
	p.file1(data.RowError{Line: line, Reason: fmt.Sprintf(format, args...)})
}

// err returns the collected rows as a *data.ImportError in line order, or nil.
func (p *problems) err() error {
	if len(p.rows) == 0 {
		return nil
	}
	slices.SortStableFunc(p.rows, func(a, b data.RowError) int { return cmp.Compare(a.Line, b.Line) })
	return &data.ImportError{File: p.file, Rows: p.rows, More: p.more}
}

// fileName is what errors call a file when the caller gave no name.
func fileName(o Options, fallback string) string {
	if o.Name != "" {
		return o.Name
	}
	return fallback
}
