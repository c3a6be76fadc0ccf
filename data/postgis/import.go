package postgis

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
)

// Import loads one file in one transaction. The file (plain or gzip) is
// parsed and checked by the data/dataset readers against the rows already in
// the database; a file with bad rows returns their *data.ImportError and
// writes nothing. Good rows are copied and upserted by key, so importing a
// file twice leaves the tables as after the first time. Derived values
// (scales, alliance points) are recomputed by the database's triggers,
// including the scale of every partnership of an actor that moved.
// req.Progress, when set, hears the rows read and then the rows written.
func (s *Store) Import(ctx context.Context, req data.ImportRequest) (data.ImportResult, error) {
	name := req.Name
	if name == "" {
		name = string(req.Kind)
	}
	if req.Body == nil {
		return data.ImportResult{}, fmt.Errorf("import %s: no body", name)
	}
	need := resolverNeeds(req.Kind)
	n := 0
	var summary string
	var written []string
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := setBulkTimeout(ctx, tx); err != nil {
			return err
		}
		author := req.Author
		if author.Name == "" {
			author.Name = "import of " + name
		}
		if err := setAuthor(ctx, tx, author); err != nil {
			return err
		}
		resolver, ends, err := loadResolver(ctx, tx, need)
		if err != nil {
			return err
		}
		body := dataset.Decompress(req.Body)
		o := dataset.Options{Name: name, Resolver: resolver, Progress: req.Progress}
		if req.Kind == data.ImportSirene || req.Kind == data.ImportRNA {
			if o.KnownActor, err = knownActors(ctx, tx); err != nil {
				return err
			}
		}
		st, err := readStage(req, body, o, ends, &summary)
		if err != nil {
			return err
		}
		var progress func(int)
		if req.Progress != nil {
			total := st.n
			if st.stream != nil {
				total = -1
			}
			progress = func(done int) { req.Progress(done, total) }
		}
		if n, err = st.run(ctx, tx, s.bulkRows, progress); err != nil {
			return err
		}
		if err = countDeferred(ctx, tx); err != nil {
			return err
		}
		written, err = writtenTables(ctx, tx)
		return err
	})
	if err != nil {
		var importErr *data.ImportError
		if errors.As(err, &importErr) {
			return data.ImportResult{}, err
		}
		return data.ImportResult{}, fmt.Errorf("import %s: %w", name, translate(ctx, err))
	}
	return data.ImportResult{Rows: n, Summary: summary, ReadAfter: s.writtenPosition(ctx)}, s.analyze(ctx, written)
}

// readStage parses a file of req.Kind into the stage that writes it; a
// registry's file is read as the stage streams it, and its reader's
// report goes to summary once read. Partnerships whose actors ends knows
// are derived as they are copied (derivedPartnershipsStage).
func readStage(req data.ImportRequest, body io.Reader, o dataset.Options, ends *partnershipEnds, summary *string) (stage, error) {
	switch req.Kind {
	case data.ImportSirene:
		st := actorsStage(nil)
		st.stream = func(yield func([]any) error) error {
			rep, err := dataset.ReadSirene(body, o, yieldActor(yield))
			*summary = rep.String()
			return err
		}
		return st, nil
	case data.ImportRNA:
		st := actorsStage(nil)
		st.stream = func(yield func([]any) error) error {
			rep, err := dataset.ReadRNA(body, o, yieldActor(yield))
			*summary = rep.String()
			return err
		}
		return st, nil
	case data.ImportTerritories:
		rows, err := dataset.ReadTerritories(body, o)
		return territoriesStage(rows), err
	case data.ImportContours:
		rows, err := dataset.ReadContours(body, o)
		return contoursStage(rows), err
	case data.ImportIndicators:
		rows, err := dataset.ReadIndicators(body, o)
		return indicatorsStage(rows), err
	case data.ImportIndicatorValues:
		read := dataset.ReadIndicatorValues
		if req.Binary {
			read = dataset.ReadIndicatorValuesBinary
		}
		rows, err := read(body, o)
		return indicatorValuesStage(rows), err
	case data.ImportActors:
		read := dataset.ReadActors
		if req.GeoJSON {
			read = dataset.ReadActorsGeoJSON
		}
		rows, err := read(body, o)
		return actorsStage(rows), err
	case data.ImportPartnerships:
		rows, err := dataset.ReadPartnerships(body, o)
		if err == nil && ends != nil && ends.covers(rows) {
			return derivedPartnershipsStage(rows, ends), nil
		}
		return partnershipsStage(rows), err
	case data.ImportAlliances:
		rows, err := dataset.ReadAlliances(body, o)
		return alliancesStage(rows), err
	case data.ImportAllianceMembers:
		rows, err := dataset.ReadAllianceMembers(body, o)
		return allianceMembersStage(rows), err
	}
	return stage{}, fmt.Errorf("unknown import kind %q", req.Kind)
}

// yieldActor hands a registry reader's actors to a stream's yield as rows.
func yieldActor(yield func([]any) error) func(geo.Actor) error {
	return func(a geo.Actor) error {
		return yield(actorRow(&a))
	}
}

// knownActors reads the ids of the actors loaded, for a registry's reader
// to mark inactive those it finds closed (dataset.Options.KnownActor): a
// sorted slice, 8 bytes an actor (15 MB for a national database, read in
// about half a second), searched by halves.
func knownActors(ctx context.Context, tx pgx.Tx) (func(int64) bool, error) {
	rows, err := tx.Query(ctx, "SELECT id FROM actors ORDER BY id")
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, err
	}
	return func(id int64) bool {
		_, found := slices.BinarySearch(ids, id)
		return found
	}, nil
}
