package dataset

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/maillage/maillage/data"
	"github.com/paulmach/orb"
)

// eachFeature streams the features of a GeoJSON FeatureCollection, decoding
// each into a fresh T (with unmarshal) and calling fn with its line (the
// feature's index + 1) and the decoding error, if any: a value of the wrong
// JSON type is such an error, and the stream goes on. Broken JSON stops the
// stream and is filed on the feature where it happened. Top-level members
// other than "type" and "features" (bbox, crs, name…) are skipped.
//
// The stream is read by jsontext (go-json-experiment/json, the design of
// Go's encoding/json/v2), which cuts each feature out in one pass where
// encoding/json's Decoder scans it twice, and decodes it three to five times
// faster (unmarshal): the demo's 36 000 territories read in 192 ms instead
// of 277 ms. It is as lenient as encoding/json was here:
// duplicate member names and invalid UTF-8 pass the stream, and unmarshal
// gives them encoding/json's meaning.
func eachFeature[T any](body io.Reader, p *problems, o Options, fn func(line int, f *T, err error)) error {
	src := &readFailure{r: body}
	dec := jsontext.NewDecoder(bufio.NewReaderSize(src, 64<<10),
		jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	broken := func(line int, err error) error {
		var se *jsontext.SyntacticError
		switch {
		// jsontext reports a failure to read as a syntax error: the
		// input says which it was.
		case src.err != nil && !corrupt(src.err):
			// The body failed (over its size limit, a broken
			// connection), not the file.
			return fmt.Errorf("%s: %w", p.file, src.err)
		case src.err != nil:
			p.add(line, "%s", corruptReason(src.err))
			return p.err()
		case errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
			p.add(line, "invalid JSON: %v", err)
			return p.err()
		}
		return fmt.Errorf("%s: %w", p.file, err)
	}
	if err := expectDelim(dec, '{'); err != nil {
		return broken(1, err)
	}
	n := 0
	for dec.PeekKind() == '"' {
		key, err := dec.ReadToken()
		if err != nil {
			return broken(n+1, err)
		}
		switch key.String() {
		case "type":
			raw, err := dec.ReadValue()
			if err != nil {
				return broken(1, err)
			}
			var typ string
			if err := json.Unmarshal(raw, &typ); err != nil || typ != "FeatureCollection" {
				p.add(1, "type %s, want FeatureCollection", raw)
				return p.err()
			}
		case "features":
			if err := expectDelim(dec, '['); err != nil {
				return broken(1, err)
			}
			for dec.PeekKind() != ']' {
				n++
				raw, err := dec.ReadValue() // a syntax error or the end of the input
				if err != nil {
					return broken(n, err)
				}
				var f T
				err = unmarshal(raw, &f)
				var te *json.UnmarshalTypeError
				if err != nil && !errors.As(err, &te) {
					return broken(n, err)
				}
				err = typeError(err)
				if err == nil && data.HoldsNUL(raw) {
					err = errors.New("a string " + data.ReasonNUL)
				}
				fn(n, &f, err)
				o.progress(n, false)
			}
			if err := expectDelim(dec, ']'); err != nil {
				return broken(max(n, 1), err)
			}
		default:
			if err := dec.SkipValue(); err != nil {
				return broken(n+1, err)
			}
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return broken(max(n, 1), err) // a line is a feature's, the first when there is none
	}
	// Only white space may follow: no second value, and the input is read
	// to its end, where a gzip stream checks its checksum.
	if _, err := dec.ReadToken(); err == nil {
		p.add(n+1, "text after the FeatureCollection")
		return p.err()
	} else if err != io.EOF {
		return broken(n+1, err)
	}
	o.progress(n, true)
	return nil
}

// expectDelim reads the next token, which must be want.
func expectDelim(dec *jsontext.Decoder, want jsontext.Kind) error {
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	if tok.Kind() != want {
		return &jsontext.SyntacticError{ByteOffset: dec.InputOffset(), Err: fmt.Errorf("found %v, want %v", tok.Kind(), want)}
	}
	return nil
}

// unmarshal decodes one JSON value into v with encoding/json's meaning,
// errors included. go-json-experiment/json decodes it first, three to
// five times faster; it refuses what it could read otherwise than
// encoding/json (a member that is no field of v, or whose name differs in
// case or is repeated, invalid UTF-8, three numbers where two are wanted),
// and anything it refuses is decoded again by encoding/json, from zero.
func unmarshal[T any](raw []byte, v *T) error {
	if jsonv2.Unmarshal(raw, v, jsonv2.RejectUnknownMembers(true)) == nil {
		return nil
	}
	*v = *new(T)
	return json.Unmarshal(raw, v)
}

// typeError rewrites a JSON type mismatch as a short reason.
func typeError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("%s: got a JSON %s, want %s", te.Field, te.Value, te.Type)
	}
	return err
}

// rawGeometry is a geometry object before its coordinates are decoded.
type rawGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// decodeGeometry decodes the coordinates of a GeoJSON geometry of the given
// types; nil (null or absent) gives nil. Coordinates beyond the second
// (elevation) are dropped. The geometry is also checked: finite lon/lat in
// range, rings closed with at least four positions.
func decodeGeometry(rg *rawGeometry, allowed ...string) (orb.Geometry, error) {
	if rg == nil {
		return nil, nil
	}
	ok := false
	for _, a := range allowed {
		ok = ok || a == rg.Type
	}
	if !ok {
		return nil, fmt.Errorf("geometry type %q, want one of %v", rg.Type, allowed)
	}
	var g orb.Geometry
	var err error
	switch rg.Type {
	case "Point":
		var c []float64
		if err = unmarshal(rg.Coordinates, &c); err == nil && len(c) < 2 {
			err = errors.New("a position needs two numbers")
		}
		if err == nil {
			g = orb.Point{c[0], c[1]}
		}
	case "Polygon":
		var p orb.Polygon
		err = unmarshal(rg.Coordinates, &p)
		g = p
	case "MultiPolygon":
		var mp orb.MultiPolygon
		err = unmarshal(rg.Coordinates, &mp)
		g = mp
	default:
		return nil, fmt.Errorf("geometry type %q is not supported", rg.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("geometry %s coordinates: %v", rg.Type, typeError(err))
	}
	return g, checkGeometry(g)
}

// checkGeometry verifies the coordinates and rings of a decoded geometry.
func checkGeometry(g orb.Geometry) error {
	switch g := g.(type) {
	case orb.Point:
		return checkPosition(g)
	case orb.Polygon:
		return checkPolygon(g)
	case orb.MultiPolygon:
		if len(g) == 0 {
			return errors.New("geometry MultiPolygon is empty")
		}
		for i, p := range g {
			if err := checkPolygon(p); err != nil {
				return fmt.Errorf("polygon %d: %w", i+1, err)
			}
		}
	}
	return nil
}

func checkPolygon(p orb.Polygon) error {
	if len(p) == 0 {
		return errors.New("polygon has no ring")
	}
	for i, r := range p {
		if len(r) < 4 {
			return fmt.Errorf("ring %d has %d positions, want at least 4", i+1, len(r))
		}
		if r[0] != r[len(r)-1] {
			return fmt.Errorf("ring %d is not closed", i+1)
		}
		for _, pt := range r {
			if err := checkPosition(pt); err != nil {
				return fmt.Errorf("ring %d: %w", i+1, err)
			}
		}
	}
	return nil
}

func checkPosition(p orb.Point) error {
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) || !inRange(p) {
		return fmt.Errorf("position (%g, %g) out of range -180..180, -90..90", p[0], p[1])
	}
	return nil
}

// asMulti returns a Polygon as a one-polygon MultiPolygon, anything else as is.
func asMulti(g orb.Geometry) orb.Geometry {
	if p, ok := g.(orb.Polygon); ok {
		return orb.MultiPolygon{p}
	}
	return g
}
