package dataset

import (
	"fmt"
	"strings"
	"testing"
)

// TestCSVReadAhead: the records read ahead come in file order with their
// lines, bad ones filed on theirs, across batches; a reader that stops
// early and closes leaves no reading goroutine behind (close returns).
func TestCSVReadAhead(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("a,b\n")
	const rows = 3*csvBatchRecords + 17
	bad := map[int]bool{5: true, csvBatchRecords + 1: true, rows: true}
	for i := 1; i <= rows; i++ {
		if bad[i] {
			b.WriteString("only-one-field\n")
			continue
		}
		fmt.Fprintf(&b, "%d,x\n", i)
	}
	p := &problems{file: "t.csv"}
	c, err := openCSV(strings.NewReader(b.String()), p, []string{"a", "b"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for c.next() {
		n++
		if want := fmt.Sprint(c.line - 1); c.get("a") != want {
			t.Fatalf("record on line %d: a = %q, want %s", c.line, c.get("a"), want)
		}
	}
	c.close()
	if c.err != nil || n != rows-len(bad) || c.count != rows {
		t.Errorf("got %d good records of %d read, err %v; want %d of %d", n, c.count, c.err, rows-len(bad), rows)
	}
	if len(p.rows) != len(bad) {
		t.Fatalf("bad rows: %+v", p.rows)
	}
	for _, r := range p.rows {
		if !bad[r.Line-1] || !strings.Contains(r.Reason, "1 fields, want 2") {
			t.Errorf("bad row %+v", r)
		}
	}

	// A file of a header alone, and one whose records fill whole batches:
	// the last batch read is empty.
	for _, rows := range []int{0, csvBatchRecords} {
		text := "a,b\n" + strings.Repeat("1,x\n", rows)
		c, err := openCSV(strings.NewReader(text), &problems{}, []string{"a", "b"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for c.next() {
			n++
		}
		if n != rows || c.err != nil {
			t.Errorf("%d records: read %d, %v", rows, n, c.err)
		}
	}

	early, err := openCSV(strings.NewReader(b.String()), &problems{}, []string{"a", "b"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !early.next() {
		t.Fatal("no first record")
	}
	early.close() // must return, readAhead stopped
	if _, open := <-early.batches; open {
		t.Error("batches still open after close")
	}
}
