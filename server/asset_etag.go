package server

import (
	"encoding/binary"
	"io"
	"io/fs"
	"sync"

	"github.com/cespare/xxhash/v2"
)

// The viewer's files get a strong ETag from their bytes, so that a browser
// revalidates them (Cache-Control: no-cache) with If-None-Match and gets
// 304 instead of the file again. Embedded files (the page and its modules,
// and MapLibre in a binary built by make build) have no modification time,
// so without a tag every page load downloaded them again: MapLibre's
// module alone is 360 KB gzipped. A file served from the cache also keeps
// the code the browser compiled from it.
//
// The tag also hashes the request's Accept-Encoding, as the data answers'
// tags do (conditional.go): the compression that follows (gzip.go) may
// change the bytes, and a strong tag names one representation.

// assetTags keeps each file's digest, computed once per file version.
type assetTags struct {
	digests sync.Map // assetKey → uint64
}

// assetKey is one version of one file: where it is served from ("static"
// or "vendor"), its name, and its modification time and size (the same for
// the life of the binary when embedded; a file on disk changed by npm ci
// gets a new key).
type assetKey struct {
	from, name string
	mod, size  int64
}

// tag is the ETag of the file named name served from from, read through rs
// (rewound after reading), for a request accepting acceptEncoding.
func (t *assetTags) tag(from, name string, st fs.FileInfo, rs io.ReadSeeker, acceptEncoding string) (string, error) {
	k := assetKey{from: from, name: name, mod: st.ModTime().UnixNano(), size: st.Size()}
	d, ok := t.digests.Load(k)
	if !ok {
		h := xxhash.New()
		if _, err := io.Copy(h, rs); err != nil {
			return "", err
		}
		if _, err := rs.Seek(0, io.SeekStart); err != nil {
			return "", err
		}
		d, _ = t.digests.LoadOrStore(k, h.Sum64())
	}
	h := xxhash.New()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], d.(uint64))
	_, _ = h.Write(b[:])
	_, _ = h.WriteString(acceptEncoding)
	return strongTag(h.Sum64()), nil
}
