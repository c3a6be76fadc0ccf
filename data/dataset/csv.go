package dataset

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// csvFile reads the records of one CSV file (RFC 4180, comma separator,
// UTF-8, header required) and files malformed records as bad rows, so that a
// reader sees only records with the header's number of fields.
type csvFile struct {
	r     *csv.Reader
	cols  map[string]int
	rec   []string
	line  int   // line where the current record starts (the header is line 1)
	count int   // records read so far, good or bad
	err   error // the read error that stopped next, if any
	p     *problems
}

// openCSV reads the header and checks its columns: every required column
// must be present, optional ones may be, nothing else is allowed. A bad
// header is returned as a *data.ImportError on line 1.
func openCSV(body io.Reader, p *problems, required, optional []string) (*csvFile, error) {
	return openCSVWith(body, p, required, optional, ',', false)
}

// openCSVWith is openCSV with a field separator, and, when anyOther is
// set, any further column allowed and ignored: the registries' files
// (SIRENE, RNA) gain columns over the years, and only some are read.
func openCSVWith(body io.Reader, p *problems, required, optional []string, sep rune, anyOther bool) (*csvFile, error) {
	br := bufio.NewReaderSize(body, 64<<10)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\uFEFF" {
		br.Discard(3) // a byte-order mark, as spreadsheets write; Peek succeeded so Discard cannot fail
	}
	r := csv.NewReader(br)
	r.ReuseRecord = true
	r.Comma = sep
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		p.add(1, "empty file: a header row is required")
		return nil, p.err()
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			p.add(1, "header: %v", pe.Err)
			return nil, p.err()
		}
		return nil, fmt.Errorf("%s: %w", p.file, err)
	}
	c := &csvFile{r: r, cols: make(map[string]int, len(header)), p: p}
	allowed := make(map[string]bool, len(required)+len(optional))
	for _, name := range append(append([]string(nil), required...), optional...) {
		allowed[name] = true
	}
	var bad []string
	for i, name := range header {
		switch {
		case !allowed[name] && anyOther:
			// read by no one
		case !allowed[name]:
			bad = append(bad, fmt.Sprintf("unknown column %q", name))
		case c.hasColumn(name):
			bad = append(bad, fmt.Sprintf("column %q appears twice", name))
		default:
			c.cols[name] = i
		}
	}
	for _, name := range required {
		if !c.hasColumn(name) {
			bad = append(bad, fmt.Sprintf("missing column %q", name))
		}
	}
	if len(bad) > 0 {
		p.add(1, "header: %s (columns: %s)", strings.Join(bad, "; "), strings.Join(append(append([]string(nil), required...), optional...), ","))
		return nil, p.err()
	}
	return c, nil
}

func (c *csvFile) hasColumn(name string) bool {
	_, ok := c.cols[name]
	return ok
}

// next advances to the next well-formed record; it returns false at the end
// of the file or when reading fails (c.err). Malformed records are filed as
// bad rows and skipped.
func (c *csvFile) next() bool {
	for {
		rec, err := c.r.Read()
		if errors.Is(err, io.EOF) {
			return false
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				c.err = fmt.Errorf("%s: %w", c.p.file, err)
				return false
			}
			c.count++
			if errors.Is(pe.Err, csv.ErrFieldCount) {
				c.p.add(pe.StartLine, "%d fields, want %d as in the header", len(rec), len(c.cols))
			} else {
				c.p.add(pe.StartLine, "malformed CSV: %v", pe.Err)
			}
			continue
		}
		c.count++
		c.rec = rec
		c.line, _ = c.r.FieldPos(0)
		for i, f := range rec {
			if !utf8.ValidString(f) {
				c.p.add(c.line, "field %d is not valid UTF-8", i+1)
				rec = nil
				break
			}
		}
		if rec != nil {
			return true
		}
	}
}

// get returns the current record's value of a column, "" when the column is
// absent from the header.
func (c *csvFile) get(name string) string {
	if i, ok := c.cols[name]; ok {
		return c.rec[i]
	}
	return ""
}

// finish ends a reader's pass over a CSV file, in the order every reader
// needs: a read error wins, then the final progress report, then the bad
// rows found (a *data.ImportError listing them all), else the rows read.
func finish[T any](c *csvFile, p *problems, o Options, out []T) ([]T, error) {
	if c.err != nil {
		return nil, c.err
	}
	o.progress(c.count, true)
	if err := p.err(); err != nil {
		return nil, err
	}
	return out, nil
}
