package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress reports one file's import: a bar on a terminal, sized by the
// bytes read from the file; plain lines otherwise (CI logs, pipes), at most
// one every plainEvery.
type progress interface {
	reader(r io.Reader) io.Reader // counts bytes read from the file
	rows(done, total int)         // a data.Progress
	finish(ok bool)
}

const plainEvery = 2 * time.Second

func (a *app) newProgress(name string, size int64) progress {
	if a.isTerminal(a.stderr) {
		bar := progressbar.NewOptions64(size,
			progressbar.OptionSetWriter(a.stderr),
			progressbar.OptionSetDescription(name),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionShowElapsedTimeOnFinish(),
			progressbar.OptionSetPredictTime(true))
		return &barProgress{bar: bar, w: a.stderr, name: name}
	}
	return &plainProgress{w: a.stderr, name: name, size: size, start: time.Now()}
}

// isTerminal reports whether w is a terminal; main's app uses it for the
// progress bar.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

type barProgress struct {
	bar  *progressbar.ProgressBar
	w    io.Writer
	name string
}

func (p *barProgress) reader(r io.Reader) io.Reader {
	pr := progressbar.NewReader(r, p.bar)
	return &pr
}

func (p *barProgress) rows(done, _ int) {
	p.bar.Describe(fmt.Sprintf("%s: %d rows", p.name, done))
}

func (p *barProgress) finish(ok bool) {
	if ok {
		_ = p.bar.Finish()
	} else {
		_ = p.bar.Exit()
	}
	fmt.Fprintln(p.w) // leave the bar's line before what follows
}

type plainProgress struct {
	w     io.Writer
	name  string
	size  int64
	read  int64
	done  int
	start time.Time
	last  time.Time
}

func (p *plainProgress) reader(r io.Reader) io.Reader { return &countingReader{r: r, n: &p.read} }

func (p *plainProgress) rows(done, _ int) {
	p.done = done
	if time.Since(p.last) < plainEvery {
		return
	}
	p.last = time.Now()
	if p.size > 0 {
		fmt.Fprintf(p.w, "%s: %d rows, %d%% read\n", p.name, done, 100*p.read/p.size)
		return
	}
	fmt.Fprintf(p.w, "%s: %d rows\n", p.name, done)
}

func (p *plainProgress) finish(ok bool) {
	if ok {
		fmt.Fprintf(p.w, "%s: %d rows read in %s\n", p.name, p.done, time.Since(p.start).Round(time.Millisecond))
	}
}

type countingReader struct {
	r io.Reader
	n *int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	*c.n += int64(n)
	return n, err
}
