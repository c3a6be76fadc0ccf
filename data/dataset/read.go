package dataset

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Read loads a whole dataset directory: territories.geojson is required, the
// other files are optional, and each may be stored plain or gzip-compressed
// with a ".gz" suffix (not both). Actors come from actors.csv or
// actors.geojson, indicator values from indicator_values.csv or
// indicator_values.bin (values_bin.go), not both. Files are read in the order of
// data.ImportKinds, each resolving its references against the rows of the
// files before it; reading stops at the first file with bad rows and returns
// its *data.ImportError, since the files after it would only repeat its
// mistakes as dangling references. The result is sorted (Sort) and derived
// (Derive).
func Read(fsys fs.FS) (*Dataset, error) {
	p := ReadParts(fsys)
	if err := cmp.Or(p.Places(), p.Actors(), p.Partnerships()); err != nil {
		return nil, err
	}
	ds := p.Dataset
	if err := deriveAlliances(ds, newCodeIndex(ds.Territories)); err != nil {
		return nil, err
	}
	return ds, nil
}

// Parts is a dataset directory read in three parts, in the background
// (ReadParts), so that a load can write each part while the next is read:
// the places (territories, their contours, the indicators and their
// values), the actors, then what names them (partnerships, alliances and
// their members). Each part's slices of Dataset are sorted once it is
// read; the alliances' histories are not derived (Read derives them).
type Parts struct {
	Dataset         *Dataset
	places          chan struct{}
	actors          chan struct{}
	partnerships    chan struct{}
	placesErr       error
	actorsErr       error
	partnershipsErr error
}

// Places waits for the places to be read and returns their error.
func (p *Parts) Places() error {
	<-p.places
	return p.placesErr
}

// Actors waits for the actors to be read and returns their error (the
// territories' when those failed: the actors could not be checked
// against them).
func (p *Parts) Actors() error {
	<-p.actors
	return p.actorsErr
}

// Partnerships waits for the partnerships, alliances and members to be
// read and returns their error (the actors' when those failed first).
func (p *Parts) Partnerships() error {
	<-p.partnerships
	return p.partnershipsErr
}

// ReadParts starts reading fsys as Read does and returns at once. The
// reading goes on to its end whether or not the parts are waited for.
func ReadParts(fsys fs.FS) *Parts {
	p := &Parts{Dataset: &Dataset{}, places: make(chan struct{}), actors: make(chan struct{}), partnerships: make(chan struct{})}
	go p.read(fsys)
	return p
}

func (p *Parts) read(fsys fs.FS) {
	idx := NewIndex()
	ds := p.Dataset
	read := func(names []string, required bool, fn func(r io.Reader, o Options) error) error {
		f, name, err := openOne(fsys, names...)
		if err != nil {
			return err
		}
		if f == nil {
			if required {
				return fmt.Errorf("dataset: %s (or %s.gz) is missing", names[0], names[0])
			}
			return nil
		}
		defer f.Close()
		return fn(f, Options{Name: name, Resolver: idx})
	}
	type step struct {
		names    []string
		required bool
		fn       func(r io.Reader, o Options) error
	}
	steps := []step{
		{[]string{FileTerritories}, true, func(r io.Reader, o Options) (err error) {
			ds.Territories, err = ReadTerritories(r, o)
			idx.AddTerritories(ds.Territories)
			return err
		}},
		{[]string{FileContours}, false, func(r io.Reader, o Options) error {
			cs, err := ReadContours(r, o)
			if err != nil {
				return err
			}
			// Actors placed by their commune alone go to its area's
			// interior point: the index learns the areas.
			ApplyContours(ds.Territories, cs)
			idx.AddTerritories(ds.Territories)
			return nil
		}},
		{[]string{FileIndicators}, false, func(r io.Reader, o Options) (err error) {
			ds.Indicators, err = ReadIndicators(r, o)
			for _, ind := range ds.Indicators {
				idx.AddIndicator(ind)
			}
			return err
		}},
		{[]string{FileIndicatorValues, FileIndicatorValuesBinary}, false, func(r io.Reader, o Options) (err error) {
			if _, binary := data.FileFormat(data.ImportIndicatorValues, o.Name); binary {
				ds.IndicatorValues, err = ReadIndicatorValuesBinary(r, o)
			} else {
				ds.IndicatorValues, err = ReadIndicatorValues(r, o)
			}
			return err
		}},
		{[]string{FileActors, FileActorsGeoJSON}, false, func(r io.Reader, o Options) (err error) {
			if geoJSON, _ := data.FileFormat(data.ImportActors, o.Name); geoJSON {
				ds.Actors, err = ReadActorsGeoJSON(r, o)
			} else {
				ds.Actors, err = ReadActors(r, o)
			}
			for _, a := range ds.Actors {
				idx.AddActor(a)
			}
			return err
		}},
		{[]string{FilePartnerships}, false, func(r io.Reader, o Options) (err error) {
			ds.Partnerships, err = ReadPartnerships(r, o)
			return err
		}},
		{[]string{FileAlliances}, false, func(r io.Reader, o Options) (err error) {
			ds.Alliances, err = ReadAlliances(r, o)
			for _, al := range ds.Alliances {
				idx.AddAlliance(al.ID)
			}
			return err
		}},
		{[]string{FileAllianceMembers}, false, func(r io.Reader, o Options) error {
			members, err := ReadAllianceMembers(r, o)
			attachMembers(ds.Alliances, members)
			return err
		}},
	}
	// Territories first, with their contours: every other file refers to
	// them. Then two independent chains, read at once (they touch separate
	// maps of the index): the indicators and their values (418 500 rows in the demo,
	// the longest file to parse), and the actors with what refers to them.
	// Read reports errors in file order whichever chain finishes first.
	// Read derives the alliances' histories once both parts are read: the
	// partnerships' scales are derived as they are read (ReadPartnerships,
	// from the places the index gives their actors: Derive's), and a row
	// naming an unknown actor is refused there.
	run := func(steps []step) error {
		for _, s := range steps {
			if err := read(s.names, s.required, s.fn); err != nil {
				return err
			}
		}
		return nil
	}
	if err := run(steps[:2]); err != nil {
		p.placesErr, p.actorsErr, p.partnershipsErr = err, err, err
		close(p.places)
		close(p.actors)
		close(p.partnerships)
		return
	}
	// The actors chain reads the territories through the index only: the
	// places' sort does not race with it.
	go func() {
		defer close(p.places)
		if p.placesErr = run(steps[2:4]); p.placesErr == nil {
			sortPlaces(ds)
		}
	}()
	defer close(p.partnerships)
	if p.actorsErr = run(steps[4:5]); p.actorsErr == nil {
		sortActors(ds)
	}
	close(p.actors)
	if p.partnershipsErr = p.actorsErr; p.partnershipsErr != nil {
		return
	}
	if p.partnershipsErr = run(steps[5:]); p.partnershipsErr == nil {
		sortLinks(ds)
	}
}

// attachMembers appends each member to its alliance.
func attachMembers(alliances []geo.Alliance, members []Member) {
	at := make(map[int64]int, len(alliances))
	for i, al := range alliances {
		at[al.ID] = i
	}
	for _, m := range members {
		if i, ok := at[m.AllianceID]; ok {
			alliances[i].Members = append(alliances[i].Members, m.AllianceMember)
		}
	}
}

// openOne opens the one file present among names and their ".gz" forms,
// decompressing it; it returns nil when none is present and an error when
// more than one is.
func openOne(fsys fs.FS, names ...string) (io.ReadCloser, string, error) {
	var found []string
	for _, n := range names {
		for _, candidate := range []string{n, n + ".gz"} {
			_, err := fs.Stat(fsys, candidate)
			switch {
			case err == nil:
				found = append(found, candidate)
			case !errors.Is(err, fs.ErrNotExist):
				return nil, "", fmt.Errorf("dataset: %w", err)
			}
		}
	}
	switch len(found) {
	case 0:
		return nil, "", nil
	case 1:
	default:
		return nil, "", fmt.Errorf("dataset: found %s: keep only one", strings.Join(found, " and "))
	}
	name := found[0]
	f, err := fsys.Open(name)
	if err != nil {
		return nil, "", fmt.Errorf("dataset: %w", err)
	}
	if !strings.HasSuffix(name, ".gz") {
		return f, name, nil
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, "", fmt.Errorf("dataset: %s: %w", name, err)
	}
	return gzipFile{zr, f}, name, nil
}

// gzipFile closes both the decompressor and the file under it.
type gzipFile struct {
	*gzip.Reader
	file io.Closer
}

func (g gzipFile) Close() error {
	return errors.Join(g.Reader.Close(), g.file.Close())
}

// Decompress returns body decompressed when it starts with the gzip magic
// bytes and as is otherwise, so an import can take either form. A gzip
// header that cannot be read fails the returned reader's first Read, so
// that the file's reader files it as a bad row (corrupt) like every other
// fault of the file.
func Decompress(body io.Reader) io.Reader {
	br := bufio.NewReader(body)
	magic, err := br.Peek(2)
	if err != nil || magic[0] != 0x1f || magic[1] != 0x8b {
		return br // too short or not gzip: the reader will say what is wrong
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return failing{err}
	}
	return zr
}
