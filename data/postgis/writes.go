package postgis

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
)

var _ data.Writer = (*Store)(nil)

// writeTable is the table of each writable collection (an alliance's
// members go to alliance_members with it).
var writeTable = map[string]string{
	data.CollectionActors:       "actors",
	data.CollectionPartnerships: "partnerships",
	data.CollectionAlliances:    "alliances",
}

// WriteFeature writes one feature in one transaction on the primary:
//  1. the author goes into the transaction's settings, where the history
//     triggers read it (migration 00020);
//  2. the stored feature is locked (SELECT … FOR UPDATE) and read as Item
//     gives it, so Allow judges what is stored and a second writer of the
//     same feature waits for the first to commit, then sees its result;
//  3. the new feature is checked by the import's own readers against the
//     rows of this transaction (dataset.ReadActorsGeoJSON,
//     dataset.ReadPartnerships), then written by the import's upsert, so a
//     write and an import of the same row store the same thing;
//  4. the database derives the rest and bumps the data version; the
//     feature is read back as Item gives it.
func (s *Store) WriteFeature(ctx context.Context, w data.FeatureWrite) (data.WrittenFeature, error) {
	table, ok := writeTable[w.Collection]
	if !ok {
		return data.WrittenFeature{}, fmt.Errorf("collection %q takes no writes: %w", w.Collection, data.ErrReadOnly)
	}
	var out data.WrittenFeature
	// callerErr is what Body or Allow refused with, returned as it is (a
	// stale If-Match, a scope: the caller's own errors).
	var callerErr error
	allow := func(before, after *data.FeatureState) error {
		callerErr = w.Allow(before, after)
		return callerErr
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := setAuthor(ctx, tx, w.Author); err != nil {
			return err
		}
		res := &txResolver{ctx: ctx, tx: tx}
		var id int64
		if w.ID != "" {
			n, err := strconv.ParseInt(w.ID, 10, 64)
			if err != nil || n <= 0 {
				if w.Op == data.OpCreate {
					return &data.WriteError{Problems: []data.FieldProblem{{Field: "id", Reason: fmt.Sprintf("%q is not a positive integer", w.ID)}}}
				}
				return fmt.Errorf("%s %q: %w", w.Collection, w.ID, data.ErrNotFound)
			}
			if n > data.MaxID && w.Op == data.OpCreate {
				return &data.WriteError{Problems: []data.FieldProblem{{Field: "id", Reason: fmt.Sprintf("%d is over %d, the largest id", n, data.MaxID)}}}
			}
			id = n
		}
		var before *data.FeatureState
		var current []byte
		if w.Op != data.OpCreate {
			var err error
			if current, err = s.lockedItem(ctx, tx, w.Collection, table, id); err != nil {
				return err
			}
			if before, err = res.state(w.Collection, current); err != nil {
				return err
			}
		} else if id != 0 {
			var exists bool
			if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM "+pgx.Identifier{table}.Sanitize()+" WHERE id = $1)", id).Scan(&exists); err != nil {
				return err
			}
			if exists {
				return &data.ConflictError{Reason: fmt.Sprintf("%s %d exists: replace it with PUT, or leave the id out", w.Collection, id)}
			}
		} else {
			// Ids are assigned one after the largest, under a lock of the
			// table's id sequence of writes, so that two creations differ.
			if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext('maillage.ids.' || $1::text))", table); err != nil {
				return err
			}
			if err := tx.QueryRow(ctx, "SELECT coalesce(max(id), 0) FROM "+pgx.Identifier{table}.Sanitize()).Scan(&id); err != nil {
				return err
			}
			// Writes and imports give no id over MaxID, but a table
			// edited in psql or QGIS may hold one.
			if id >= data.MaxID {
				return &data.ConflictError{Reason: fmt.Sprintf("%s holds the id %d, past the largest one assigned (%d): give the new feature an id", w.Collection, id, data.MaxID)}
			}
			id++
		}
		out.ID = strconv.FormatInt(id, 10)

		if w.Op == data.OpDelete {
			if err := allow(before, nil); err != nil {
				return err
			}
			if err := refusesDelete(ctx, tx, w.Collection, id); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "DELETE FROM "+pgx.Identifier{table}.Sanitize()+" WHERE id = $1", id)
			return translate(ctx, err)
		}

		body, err := w.Body(current)
		if err != nil {
			callerErr = err
			return err
		}
		props, err := data.CheckFeatureBody(w.Collection, body, "")
		if err != nil {
			return err
		}
		st, err := readOne(w.Collection, id, body, props, res)
		if err != nil {
			return err
		}
		if res.err != nil {
			return res.err
		}
		after, err := res.state(w.Collection, body)
		if err != nil {
			return err
		}
		if err := allow(before, after); err != nil {
			return err
		}
		if _, err := st.run(ctx, tx, s.bulkRows, nil); err != nil {
			return err
		}
		if w.Collection == data.CollectionAlliances {
			if err := writeMembers(ctx, tx, id, props["member_list"], res); err != nil {
				return err
			}
		}
		out.GeoJSON, err = s.lockedItem(ctx, tx, w.Collection, table, id)
		return err
	})
	if err != nil {
		var we *data.WriteError
		var ce *data.ConflictError
		if callerErr != nil || errors.As(err, &we) || errors.As(err, &ce) || errors.Is(err, data.ErrNotFound) {
			return data.WrittenFeature{}, err
		}
		return data.WrittenFeature{}, fmt.Errorf("write %s %s: %w", w.Collection, w.ID, translate(ctx, err))
	}
	out.ReadAfter = s.writtenPosition(ctx)
	return out, nil
}

// setAuthor names, for the history triggers (migration 00020), who makes
// the changes of the transaction; without it they record the database
// role (an analyst's psql).
func setAuthor(ctx context.Context, tx pgx.Tx, a data.Author) error {
	token := ""
	if a.TokenID != 0 {
		token = strconv.FormatInt(a.TokenID, 10)
	}
	_, err := tx.Exec(ctx, "SELECT set_config('maillage.author', $1, true), set_config('maillage.token_id', $2, true)", a.Name, token)
	return err
}

// lockedItem locks a feature's row for the transaction and returns it as
// Item does (CRS84).
func (s *Store) lockedItem(ctx context.Context, tx pgx.Tx, collection, table string, id int64) ([]byte, error) {
	var found bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM "+pgx.Identifier{table}.Sanitize()+" WHERE id = $1 FOR UPDATE)", id).Scan(&found); err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("%s %d: %w", collection, id, data.ErrNotFound)
	}
	src, err := lookupSource(collection, data.ItemsQuery{})
	if err != nil {
		return nil, err
	}
	p := itemPlan(src, id, geo.CRS84)
	var feature []byte
	if err := tx.QueryRow(ctx, p.sql, p.args...).Scan(&feature); err != nil {
		return nil, err
	}
	return feature, nil
}

// refusesDelete says why a feature cannot be deleted while other rows
// name it: an actor in partnerships or alliances (deleting them with it
// would lose what their owners recorded).
func refusesDelete(ctx context.Context, tx pgx.Tx, collection string, id int64) error {
	if collection != data.CollectionActors {
		return nil
	}
	var partnerships, alliances []int64
	err := tx.QueryRow(ctx, `SELECT
	    coalesce((SELECT array_agg(id ORDER BY id) FROM (SELECT id FROM partnerships WHERE actor_a = $1 OR actor_b = $1 ORDER BY id LIMIT 20) p), '{}'),
	    coalesce((SELECT array_agg(alliance ORDER BY alliance) FROM (SELECT alliance FROM alliance_members WHERE actor = $1 ORDER BY alliance LIMIT 20) m), '{}')`,
		id).Scan(&partnerships, &alliances)
	if err != nil {
		return err
	}
	if len(partnerships)+len(alliances) == 0 {
		return nil
	}
	var why []string
	if len(partnerships) > 0 {
		why = append(why, "partnerships "+joinIDs(partnerships))
	}
	if len(alliances) > 0 {
		why = append(why, "alliances "+joinIDs(alliances))
	}
	return &data.ConflictError{Reason: fmt.Sprintf("actor %d is still named by %s: delete or change those first", id, strings.Join(why, " and "))}
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	s := strings.Join(parts, ", ")
	if len(ids) == 20 {
		s += "…"
	}
	return s
}

// readOne checks a written feature with the import's reader of its
// collection and returns the stage that stores it. The reader's bad row
// becomes a *data.WriteError naming its fields.
func readOne(collection string, id int64, body []byte, props map[string]json.RawMessage, res dataset.Resolver) (stage, error) {
	o := dataset.Options{Name: "body", Resolver: res}
	var st stage
	var err error
	switch collection {
	case data.CollectionActors:
		var f map[string]json.RawMessage
		if err := json.Unmarshal(body, &f); err != nil {
			return stage{}, err
		}
		f["id"] = json.RawMessage(strconv.FormatInt(id, 10))
		delete(f, "links")
		one, _ := json.Marshal(map[string]any{"type": "FeatureCollection", "features": []any{f}})
		var rows []geo.Actor
		rows, err = dataset.ReadActorsGeoJSON(bytes.NewReader(one), o)
		st = actorsStage(rows)
	case data.CollectionPartnerships:
		b, werr := oneRowCSV([]string{"id", "actor_a", "actor_b", "category", "domain", "start", "end", "stage"}, id, props)
		if werr != nil {
			return stage{}, werr
		}
		var rows []geo.Partnership
		rows, err = dataset.ReadPartnerships(b, o)
		st = partnershipsStage(rows)
	case data.CollectionAlliances:
		b, werr := oneRowCSV([]string{"id", "name", "territory", "stake", "start_year", "illustrative", "territory_level"}, id, props)
		if werr != nil {
			return stage{}, werr
		}
		var rows []geo.Alliance
		rows, err = dataset.ReadAlliances(b, o)
		st = alliancesStage(rows)
	}
	var ie *data.ImportError
	if errors.As(err, &ie) {
		we := &data.WriteError{Unprocessable: true}
		for _, r := range ie.Rows {
			if len(r.Fields) == 0 {
				we.Problems = append(we.Problems, data.FieldProblem{Field: "properties", Reason: r.Reason})
			}
			we.Problems = append(we.Problems, r.Fields...)
		}
		return stage{}, we
	}
	return st, err
}

// oneRowCSV writes a feature's properties as a CSV of one row under cols
// (the first, id, from id), for the import's CSV readers.
func oneRowCSV(cols []string, id int64, props map[string]json.RawMessage) (*bytes.Buffer, error) {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	rec := []string{strconv.FormatInt(id, 10)}
	for _, c := range cols[1:] {
		v, err := dataset.JSONText(props[c])
		if err != nil {
			return nil, &data.WriteError{Problems: []data.FieldProblem{{Field: c, Reason: err.Error()}}}
		}
		rec = append(rec, v)
	}
	_ = cw.Write(cols)
	_ = cw.Write(rec)
	cw.Flush()
	return &b, nil
}

// writeMembers makes an alliance's members those of its member_list
// (data.CheckFeatureBody checked its shape): read by the import's reader
// (known actors, roles, no actor twice), the others removed.
func writeMembers(ctx context.Context, tx pgx.Tx, alliance int64, raw json.RawMessage, res *txResolver) error {
	var list []struct {
		Actor json.RawMessage `json:"actor"`
		Role  json.RawMessage `json:"role"`
	}
	if len(bytes.TrimSpace(raw)) > 0 && string(bytes.TrimSpace(raw)) != "null" {
		if err := json.Unmarshal(data.MemberListJSON(raw), &list); err != nil {
			return &data.WriteError{Problems: []data.FieldProblem{{Field: "member_list", Reason: err.Error()}}}
		}
	}
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	_ = cw.Write([]string{"alliance", "actor", "role"})
	for _, m := range list {
		actor, _ := dataset.JSONText(m.Actor)
		role, _ := dataset.JSONText(m.Role)
		_ = cw.Write([]string{strconv.FormatInt(alliance, 10), actor, role})
	}
	cw.Flush()
	ms, err := dataset.ReadAllianceMembers(&b, dataset.Options{Name: "member_list", Resolver: res})
	var ie *data.ImportError
	if errors.As(err, &ie) {
		we := &data.WriteError{Unprocessable: true}
		for _, r := range ie.Rows {
			// Line 2 is the first member.
			for _, f := range r.Fields {
				we.Problems = append(we.Problems, data.FieldProblem{Field: fmt.Sprintf("member_list[%d].%s", r.Line-2, f.Field), Reason: f.Reason})
			}
			if len(r.Fields) == 0 {
				we.Problems = append(we.Problems, data.FieldProblem{Field: fmt.Sprintf("member_list[%d]", r.Line-2), Reason: r.Reason})
			}
		}
		return we
	}
	if err != nil {
		return err
	}
	if res.err != nil {
		return res.err
	}
	actors := make([]int64, len(ms))
	for i, m := range ms {
		actors[i] = m.ActorID
	}
	if _, err := tx.Exec(ctx, "DELETE FROM alliance_members WHERE alliance = $1 AND NOT (actor = ANY($2))", alliance, actors); err != nil {
		return err
	}
	_, err = allianceMembersStage(ms).run(ctx, tx, math.MaxInt, nil)
	return err
}

// txResolver is the import readers' dataset.Resolver over the rows of a
// write's transaction, one indexed lookup per question (a write checks
// one feature: loading every territory and actor as an import does would
// cost seconds). The first database error is kept in err.
type txResolver struct {
	ctx context.Context
	tx  pgx.Tx
	err error
}

func (r *txResolver) keep(err error) {
	if r.err == nil && err != nil && !errors.Is(err, pgx.ErrNoRows) {
		r.err = err
	}
}

func (r *txResolver) Territory(level geo.Level, code string) (dataset.TerritoryRef, bool) {
	t := dataset.TerritoryRef{Level: level, Code: code}
	err := r.tx.QueryRow(r.ctx, `SELECT coalesce(t.region, ''), coalesce(t.departement, ''), coalesce(t.epci, ''),
	        ST_X(p.point), ST_Y(p.point)
	   FROM territories t CROSS JOIN LATERAL (SELECT ST_PointOnSurface(t.geom) AS point) p
	  WHERE t.level = $1 AND t.code = $2`, string(level), code).
		Scan(&t.Place.Region, &t.Place.Departement, &t.Place.EPCI, &t.Point[0], &t.Point[1])
	r.keep(err)
	if err != nil {
		return dataset.TerritoryRef{}, false
	}
	t.Place.Country = "FR"
	switch level {
	case geo.LevelCommune:
		t.Place.Commune = code
	case geo.LevelEPCI:
		t.Place.EPCI = code
	case geo.LevelDepartement:
		t.Place.Departement = code
	case geo.LevelRegion:
		t.Place.Region = code
	}
	return t, true
}

func (r *txResolver) Actor(id int64) (geo.Place, bool) {
	var p geo.Place
	err := r.tx.QueryRow(r.ctx, `SELECT a.country, coalesce(a.commune, ''), coalesce(c.epci, ''), coalesce(c.departement, ''), coalesce(c.region, '')
	   FROM actors a LEFT JOIN territories c ON c.level = 'commune' AND c.code = a.commune
	  WHERE a.id = $1`, id).Scan(&p.Country, &p.Commune, &p.EPCI, &p.Departement, &p.Region)
	r.keep(err)
	return p, err == nil
}

func (r *txResolver) Indicator(string) (geo.Indicator, bool) { return geo.Indicator{}, false }

func (r *txResolver) Alliance(id int64) bool {
	var ok bool
	r.keep(r.tx.QueryRow(r.ctx, "SELECT EXISTS (SELECT 1 FROM alliances WHERE id = $1)", id).Scan(&ok))
	return ok
}

// state is a feature as Allow sees it: its GeoJSON and its places (an
// actor's commune, a partnership's two actors), read from its properties.
func (r *txResolver) state(collection string, feature []byte) (*data.FeatureState, error) {
	var f struct {
		Properties struct {
			Commune string          `json:"commune"`
			Country string          `json:"country"`
			ActorA  json.RawMessage `json:"actor_a"`
			ActorB  json.RawMessage `json:"actor_b"`
			// An alliance's anchor.
			TerritoryLevel string `json:"territory_level"`
			Territory      string `json:"territory"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(feature, &f); err != nil {
		return nil, err
	}
	st := &data.FeatureState{GeoJSON: feature}
	switch collection {
	case data.CollectionActors:
		p := geo.Place{Country: f.Properties.Country}
		if p.Country == "" {
			p.Country = "FR"
		}
		if !p.Abroad() && f.Properties.Commune != "" {
			if t, ok := r.Territory(geo.LevelCommune, f.Properties.Commune); ok {
				p = t.Place
			}
		}
		st.Places = []geo.Place{p}
	case data.CollectionAlliances:
		if t, ok := r.Territory(geo.Level(f.Properties.TerritoryLevel), f.Properties.Territory); ok {
			st.Places = []geo.Place{t.Place}
		}
	case data.CollectionPartnerships:
		for _, raw := range []json.RawMessage{f.Properties.ActorA, f.Properties.ActorB} {
			text, _ := dataset.JSONText(raw)
			if id, err := strconv.ParseInt(text, 10, 64); err == nil {
				if p, ok := r.Actor(id); ok {
					st.Places = append(st.Places, p)
				}
			}
		}
	}
	return st, r.err
}
