package dataset

import (
	"compress/flate"
	"compress/gzip"
	"errors"
	"io"
)

// corrupt reports whether an error met while reading a file is the file's
// own fault: a gzip stream cut short or damaged, or a file that ends in the
// middle of a value. The readers file such an error as a bad row, so that
// an import answers it as bad input (the HTTP import's 422) rather than as
// a failure of the server: a truncated .csv.gz was answered 503, "the
// database is not answering", since PostgreSQL's broken connections end in
// the same io.ErrUnexpectedEOF. Every other read error (a request body over
// its size limit, a connection that broke) is not the file's, and stays an
// error.
func corrupt(err error) bool {
	var ce flate.CorruptInputError
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) ||
		errors.Is(err, gzip.ErrHeader) || errors.As(err, &ce)
}

// corruptReason is the bad row's reason for a corrupt file.
func corruptReason(err error) string {
	return "the file is cut short or corrupt: " + err.Error()
}

// failing is a reader that fails with err: a file whose first bytes already
// fail (Decompress) reaches its reader, which says what is wrong with it
// where it says everything else.
type failing struct{ err error }

func (f failing) Read([]byte) (int, error) { return 0, f.err }

// readFailure remembers the first error of its reader other than io.EOF:
// a reader that decodes a format of its own (ReadIndicatorValuesBinary)
// tells by it whether decoding failed for the file's sake or the
// reading's.
type readFailure struct {
	r   io.Reader
	err error
}

func (f *readFailure) Read(b []byte) (int, error) {
	n, err := f.r.Read(b)
	if err != nil && err != io.EOF && f.err == nil {
		f.err = err
	}
	return n, err
}
