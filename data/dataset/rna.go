package dataset

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/maillage/maillage/geo"
	"golang.org/x/text/encoding/charmap"
)

// The national register of associations (Répertoire national des
// associations, RNA), as its "waldec" extracts are published: one CSV per
// département (Moselle, Bas-Rhin and Haut-Rhin, under local law, keep
// registers of their own), semicolon-separated, ISO-8859-1 (a UTF-8 file
// is read too), one header line. Columns are read by name; these are:
const (
	rnaID        = "id"             // W and nine characters
	rnaSIRET     = "siret"          // when the association has one
	rnaTitle     = "titre"          // its name
	rnaShort     = "titre_court"    // a short name
	rnaCommune   = "adrs_codeinsee" // its seat's commune, arrondissement codes included
	rnaPosition  = "position"       // A active, D dissolved, R taken over, S deleted
	rnaDissolved = "date_disso"     // a date; 0001-01-01 for none
	rnaCreated   = "date_creat"
	rnaObject    = "objet"
	rnaObject1   = "objet_social1" // the social object's code (rna_themes.go)
	rnaObject2   = "objet_social2" // a second one
)

// rnaIDBase keeps the ids of associations without a SIRET apart from
// SIRETs (below 10¹⁴) and from the ids of other files: 9 × 10¹⁴ plus the
// nine characters of their RNA number read in base 36.
const rnaIDBase = 900_000_000_000_000

// RNAReport counts what an RNA file held: the lines read, the associations
// kept as actors, and those left out, by reason.
type RNAReport struct {
	Lines          int `json:"lines"`
	Kept           int `json:"kept"`
	WithSIRET      int `json:"withSiret"`
	Inactive       int `json:"inactive"`
	Dissolved      int `json:"dissolved"`
	UnknownCommune int `json:"unknownCommune"`
}

// ReadRNA streams an RNA extract and hands each active association
// (position A, or R: taken over under a new number, still active; no
// dissolution date) to yield, as an actor of kind association at its
// seat's commune (the register gives no coordinates: precision
// "commune"):
//   - its id is its SIRET when it has one, so that it is the same actor
//     as its establishment from SIRENE, else rnaIDBase plus its RNA
//     number; either way next month's extract updates the same actors;
//   - its name is its title, else its short title;
//   - its commune is adrs_codeinsee, Paris, Lyon and Marseille
//     arrondissements mapped to their commune.
//
// A dissolved or deleted association that is already loaded
// (o.KnownActor) is handed on as above, marked inactive
// (geo.Actor.Inactive): it keeps its partnerships. Other dissolved or
// deleted associations, and those whose commune the territories do not
// know, are counted and left out. A line that cannot
// be read (a malformed record, an RNA number or SIRET that is not one, an
// unknown position) is a bad row and refuses the file (*data.ImportError),
// as ReadSirene does, and so is a social object code that is not six
// digits. The social object codes (objet_social1 and 2) give the
// association its domains (rnaDomains).
func ReadRNA(body io.Reader, o Options, yield func(geo.Actor) error) (RNAReport, error) {
	p := &problems{file: fileName(o, "rna_waldec.csv")}
	var rep RNAReport
	text, err := utf8OrLatin1(body)
	if err != nil {
		return rep, err
	}
	c, err := openCSVWith(text, p, []string{rnaID, rnaTitle, rnaCommune, rnaPosition},
		[]string{rnaSIRET, rnaShort, rnaDissolved, rnaCreated, rnaObject, rnaObject1, rnaObject2}, ';', true)
	if err != nil {
		return rep, err
	}
	defer c.close()
	res := resolverOrEmpty(o.Resolver)
	for c.next() {
		o.progress(c.count, false)
		r := row{line: c.line}
		rna := strings.TrimSpace(c.get(rnaID))
		if err := geo.CheckRNA(rna); err != nil {
			r.badAt(rnaID, "%v", err)
		}
		siret := strings.TrimSpace(c.get(rnaSIRET))
		if siret != "" && !isSIRET(siret) {
			r.badAt(rnaSIRET, "siret %q is not 14 digits", siret)
		}
		position := c.get(rnaPosition)
		switch position {
		case "A", "R", "D", "S":
		default:
			r.badAt(rnaPosition, "%q is none of A (active), D (dissolved), R (taken over), S (deleted)", position)
		}
		objects := []string{rnaObject1, rnaObject2}
		domains, bad, err := rnaDomains([]string{strings.TrimSpace(c.get(rnaObject1)), strings.TrimSpace(c.get(rnaObject2))})
		if err != nil {
			r.badAt(objects[bad], "%v", err)
		}
		if !p.done(&r) {
			continue
		}
		var id int64
		if siret != "" {
			id, _ = strconv.ParseInt(siret, 10, 64)
		} else {
			n, _ := strconv.ParseInt(strings.ToLower(rna[1:]), 36, 64)
			id = rnaIDBase + n
		}
		dissolved := strings.TrimSpace(c.get(rnaDissolved))
		gone := position == "D" || position == "S" || (dissolved != "" && !strings.HasPrefix(dissolved, "0001-01-01"))
		if gone && (o.KnownActor == nil || !o.KnownActor(id)) {
			rep.Dissolved++
			continue
		}
		commune := geo.CommuneOfArrondissement(strings.TrimSpace(c.get(rnaCommune)))
		ref, ok := res.Territory(geo.LevelCommune, commune)
		if !ok {
			rep.UnknownCommune++
			continue
		}
		a := geo.Actor{ID: id, RNA: rna, CommuneCode: commune, Country: "FR", Kind: geo.KindAssociation,
			Location: ref.Point, Precision: geo.PrecisionCommune,
			Name: firstDisclosed(c.get(rnaTitle), c.get(rnaShort)), Domains: domains, Inactive: gone}
		if siret != "" {
			a.SIREN = siret[:9]
		}
		if a.Name == "" {
			a.Name = "Association " + rna
		}
		switch {
		case gone:
			rep.Inactive++
		case siret != "":
			rep.WithSIRET++
			rep.Kept++
		default:
			rep.Kept++
		}
		if err := yield(a); err != nil {
			return rep, err
		}
	}
	rep.Lines = c.count
	if c.err != nil {
		return rep, c.err
	}
	o.progress(c.count, true)
	return rep, p.err()
}

// utf8OrLatin1 reads a file that is UTF-8 or, as the RNA's extracts are,
// ISO-8859-1, as UTF-8: its first megabyte decides. Valid UTF-8 holding
// some non-ASCII text is UTF-8; anything else is read as the register
// publishes it, Latin-1 (which never fails, and leaves ASCII as it is).
func utf8OrLatin1(body io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(body, 1<<20)
	head, err := br.Peek(1 << 20)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	// A multi-byte character cut by the end of the peek is still UTF-8.
	for i := 0; i < utf8.UTFMax && len(head) > 0 && !utf8.Valid(head); i++ {
		head = head[:len(head)-1]
	}
	if utf8.Valid(head) && bytes.IndexFunc(head, func(r rune) bool { return r >= utf8.RuneSelf }) >= 0 {
		return br, nil
	}
	return charmap.ISO8859_1.NewDecoder().Reader(br), nil
}

// String names the report's counts, for the command line.
func (r RNAReport) String() string {
	return fmt.Sprintf("%d lines: %d associations kept (%d with a SIRET, keyed by it), %d dissolved ones already loaded marked inactive; left out: %d dissolved or deleted, %d in a commune the territories lack",
		r.Lines, r.Kept, r.WithSIRET, r.Inactive, r.Dissolved, r.UnknownCommune)
}
