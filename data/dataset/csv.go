package dataset

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/maillage/maillage/data"
)

// csvFile reads the records of one CSV file (RFC 4180, comma separator,
// UTF-8, header required) and files malformed records as bad rows, so that a
// reader sees only records with the header's number of fields.
//
// The file is decompressed, split into records and checked by another
// goroutine (readAhead), a few thousand records ahead of the reader: on two
// cores that is a third of a large file's reading time taken off the
// reader's own (the demo's 418 500 indicator values, a national import's
// millions of actors). A reader that stops before the end calls close.
type csvFile struct {
	cols  map[string]int
	rec   []string
	line  int   // line where the current record starts (the header is line 1)
	count int   // records read so far, good or bad
	err   error // the read error that stopped next, if any
	p     *problems

	width   int            // fields of a record: the header's
	batches chan *csvBatch // read ahead, in file order; closed at the end
	free    chan *csvBatch // batches the reader is done with, for reuse
	stop    chan struct{}  // closed by close: readAhead gives up
	readErr error          // why readAhead stopped early; read after batches is closed
	cur     *csvBatch
	at      int // next record of cur
	field   int // its first field in cur.fields
}

// csvBatch is a run of consecutive records: the fields of the good ones,
// width each, and every record's line and, for a bad one, why.
type csvBatch struct {
	fields  []string
	records []csvRecord
}

type csvRecord struct {
	line int
	bad  string // why the record is skipped; "" for a good one
}

// csvBatchRecords is the size of a batch: large enough that handing one
// over costs nothing next to reading it, small enough to stay in cache.
const csvBatchRecords = 2048

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
		if corrupt(err) {
			p.add(1, "%s", corruptReason(err))
			return nil, p.err()
		}
		return nil, fmt.Errorf("%s: %w", p.file, err)
	}
	c := &csvFile{cols: make(map[string]int, len(header)), p: p, width: len(header)}
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
	c.batches, c.free, c.stop = make(chan *csvBatch, 2), make(chan *csvBatch, 4), make(chan struct{})
	go c.readAhead(r)
	return c, nil
}

func (c *csvFile) hasColumn(name string) bool {
	_, ok := c.cols[name]
	return ok
}

// readAhead reads r's records into batches until the end of the file, a
// read error (readErr) or close. A corrupt file (corrupt) ends in a bad
// record on the line after the last one read.
func (c *csvFile) readAhead(r *csv.Reader) {
	defer close(c.batches)
	last := 1 // the line of the last record read, the header's at first
	for {
		select {
		case <-c.stop:
			return
		default:
		}
		var b *csvBatch
		select {
		case b = <-c.free:
			b.fields, b.records = b.fields[:0], b.records[:0]
		default:
			b = &csvBatch{fields: make([]string, 0, csvBatchRecords*c.width), records: make([]csvRecord, 0, csvBatchRecords)}
		}
		end := false
		for !end && len(b.records) < csvBatchRecords {
			rec, err := r.Read()
			switch {
			case errors.Is(err, io.EOF):
				end = true
			case err != nil:
				var pe *csv.ParseError
				switch {
				case errors.As(err, &pe):
					reason := fmt.Sprintf("malformed CSV: %v", pe.Err)
					if errors.Is(pe.Err, csv.ErrFieldCount) {
						reason = fmt.Sprintf("%d fields, want %d as in the header", len(rec), len(c.cols))
					}
					b.records = append(b.records, csvRecord{pe.StartLine, reason})
					last = pe.StartLine
				case corrupt(err):
					b.records = append(b.records, csvRecord{last + 1, corruptReason(err)})
					end = true
				default:
					c.readErr = fmt.Errorf("%s: %w", c.p.file, err)
					end = true
				}
			default:
				line, _ := r.FieldPos(0)
				last = line
				b.records = append(b.records, csvRecord{line: line, bad: unstorable(rec)})
				if b.records[len(b.records)-1].bad == "" {
					b.fields = append(b.fields, rec...)
				}
			}
		}
		select {
		case c.batches <- b:
		case <-c.stop:
			return
		}
		if end {
			return
		}
	}
}

// unstorable says which field of rec PostgreSQL's text could not store:
// one that is not valid UTF-8, or holds a NUL byte (valid UTF-8, but
// refused by the database, where it failed the whole import as a 500);
// "" when every field is fine.
func unstorable(rec []string) string {
	for i, f := range rec {
		if !utf8.ValidString(f) {
			return fmt.Sprintf("field %d is not valid UTF-8", i+1)
		}
		if strings.IndexByte(f, 0) >= 0 {
			return fmt.Sprintf("field %d %s", i+1, data.ReasonNUL)
		}
	}
	return ""
}

// next advances to the next well-formed record; it returns false at the end
// of the file or when reading fails (c.err). Malformed records are filed as
// bad rows and skipped. The record is valid until the next call.
func (c *csvFile) next() bool {
	for {
		for c.cur == nil || c.at == len(c.cur.records) { // the last batch may be empty
			if c.cur != nil {
				select {
				case c.free <- c.cur:
				default:
				}
			}
			b, ok := <-c.batches
			if !ok {
				c.cur, c.rec, c.err = nil, nil, c.readErr
				return false
			}
			c.cur, c.at, c.field = b, 0, 0
		}
		r := c.cur.records[c.at]
		c.at++
		c.count++
		if r.bad != "" {
			c.p.add(r.line, "%s", r.bad)
			continue
		}
		c.rec = c.cur.fields[c.field : c.field+c.width : c.field+c.width]
		c.field += c.width
		c.line = r.line
		return true
	}
}

// close stops reading ahead and waits for readAhead to return, so that the
// caller may close the file: for a reader that stops before the end, and
// at no cost after it.
func (c *csvFile) close() {
	select {
	case <-c.stop:
	default:
		close(c.stop)
	}
	for range c.batches { // readAhead sends at most one more batch, then closes
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
