package data

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/geo/cql2"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// Sentinel errors shared by every Store. Implementations wrap them with the
// offending id (fmt.Errorf("actor %d: %w", id, ErrNotFound)); callers test
// with errors.Is.
//
// ErrInvalidFilter is a query the client got wrong, not a failure of the
// store: an Equals value that is not of its property's type
// ("employer=maybe"), a property that is not queryable, an After that is not
// an id of the collection's type, or During on a collection without a
// temporal property. Stores return it as a *FilterError naming the
// property ("after", "datetime" for During) so the server can answer 400
// with it.
var (
	ErrNotFound      = errors.New("data: not found")
	ErrInvalidFilter = errors.New("data: invalid filter")
	// ErrUnavailable wraps a store's failure to reach its data at all (the
	// database down, restarting or refusing connections): the request
	// may well succeed if retried shortly, unlike a failing query.
	ErrUnavailable = errors.New("data: store unavailable")
)

// MaxLimit is the largest page a Store serves in one call.
const MaxLimit = 10000

// ItemsQuery selects features of one collection. BBox is in EPSG:4326
// (lon/lat); nil means everything. Features come ordered by id (integers
// numerically, codes bytewise, i.e. COLLATE "C"); those not after the
// keyset cursor After are dropped, then Offset is skipped and at most Limit
// returned (0 means MaxLimit). After is an id as text ("42", "2A004"); empty
// means from the start. Paging by After costs the same on every page, where
// a growing Offset makes each page scan all the previous ones.
//
// Equals keeps features whose queryable property equals the value, all
// conditions together (AND); each Name is one of the collection's
// Queryables, checked by the caller, and the value is compared as the
// property's type (a boolean "true", an integer "3"). During keeps, for a
// collection with a temporal property (partnerships: start and end), the
// features active at some instant of the interval (Interval.ActiveDuring:
// started by its end, not ended before its start).
//
// CRS is the CRS the features' coordinates are written in (the zero value
// is CRS84, the storage CRS); BBox stays in CRS84 whatever CRS is: a
// bbox-crs is the server's to convert (see crs.go).
//
// Filter, Properties and SortBy are OGC API – Features Part 3 and the
// property selection; see cql.go.
type ItemsQuery struct {
	BBox   *orb.Bound
	Limit  int
	Offset int
	After  string
	Equals []PropertyFilter
	During *Interval
	// Touches keeps, for a collection whose catalogue entry has Touches
	// (partnerships), the features with either end in that territory: an
	// actor whose commune is, or lies in, it. nil keeps all. See links.go.
	Touches *TerritoryRef
	CRS     geo.CRS
	// Filter keeps the features for which the CQL2 expression is TRUE
	// (cql2.Check'ed by the caller against CQLQueryables); nil keeps all.
	Filter cql2.Expr
	// Properties, when not nil, lists the properties each feature carries,
	// written in catalogue order whatever the order here.
	Properties []string
	// SortBy orders the features by these queryables before the id, which
	// always ends the order; it cannot be combined with After.
	SortBy []SortKey
	// CountCap, when positive, lets CountItems stop counting at CountCap
	// and return it: the caller then knows only that at least that many
	// features match, without paying for a full count of a huge table.
	CountCap int64
}

// PropertyFilter is one equality condition on a queryable property.
type PropertyFilter struct {
	Name  string
	Value string
}

// Interval is a closed time interval; a zero Start or End leaves that side
// open.
type Interval struct {
	Start, End time.Time
}

// Validate reports a query no Store should run.
func (q ItemsQuery) Validate() error {
	if q.Limit < 0 || q.Limit > MaxLimit {
		return fmt.Errorf("limit %d outside 0..%d", q.Limit, MaxLimit)
	}
	if q.Offset < 0 {
		return fmt.Errorf("offset %d is negative", q.Offset)
	}
	if !q.CRS.Valid() {
		return fmt.Errorf("unsupported output %v", q.CRS)
	}
	return nil
}

// EmitFunc receives one GeoJSON Feature object as JSON text. The slice is only
// valid until EmitFunc returns; returning an error stops the stream and is
// returned by the Store.
type EmitFunc func(feature []byte) error

// Collections serves the features of collections, by collection id. Both
// stores implement it for data.Catalog(); the analysis package for the
// layers it computes. Every method takes the request's context first so a
// client that hangs up cancels its query. Not-found is an error wrapping
// ErrNotFound, never a zero value with a nil error.
type Collections interface {
	// Items streams the features of a collection matching q, in id order.
	// An unknown collection wraps ErrNotFound.
	Items(ctx context.Context, collection string, q ItemsQuery, emit EmitFunc) error
	// CountItems counts the features matching q, ignoring After, Limit and
	// Offset; it returns at most q.CountCap when that is positive.
	CountItems(ctx context.Context, collection string, q ItemsQuery) (int64, error)
	// Item returns one feature of a collection as GeoJSON text, its
	// coordinates in crs (as ItemsQuery.CRS).
	Item(ctx context.Context, collection, id string, crs geo.CRS) ([]byte, error)
	// Extent returns the bounding box (EPSG:4326) of a collection's
	// geometries and, for temporal collections, their temporal extent (nil
	// otherwise): from the first start to the last end, with a zero End
	// (open) when a feature has no end. An empty collection has a zero
	// bound.
	Extent(ctx context.Context, collection string) (orb.Bound, *Interval, error)
}

// Features reads the stored features: the collections of Catalog() and
// the typed lookups of one territory, actor or partnership.
type Features interface {
	Collections
	// Territory returns a territory by level and INSEE code (SIREN for an
	// EPCI). The level is needed: région and département codes overlap
	// ("44" is both Grand Est and Loire-Atlantique).
	Territory(ctx context.Context, level geo.Level, code string) (geo.Territory, error)
	// Children lists the territories of childLevel whose parent of the
	// parent's level has the parent's code, ordered by code. A parent with
	// no children gives an empty list; an unknown parent wraps ErrNotFound.
	Children(ctx context.Context, parentLevel geo.Level, parent string, childLevel geo.Level) ([]geo.Territory, error)
	// SearchTerritories finds territories by name or code for a search
	// box: those whose name matches text once both are folded by
	// geo.SearchKey (case, accents, separators), as a whole, by prefix or
	// by a word's prefix, and, when text can begin a code (digits, 2A,
	// 2B), those whose code equals or begins with it; each with the rank
	// of geo.TerritoryQuery.Rank. level keeps one level ("" keeps all).
	// Results come best first (geo.CompareTerritoryHits), at most limit.
	// A text without a letter or digit finds nothing (an empty list, as
	// when nothing matches). A level neither "" nor one of geo.Levels, or
	// a limit outside 1..MaxLimit, is a *FilterError naming "level" or
	// "limit" (CheckTerritorySearch).
	SearchTerritories(ctx context.Context, text string, level geo.Level, limit int) ([]TerritoryMatch, error)
	// Actor returns one actor by id.
	Actor(ctx context.Context, id int64) (geo.Actor, error)
	// Partnership returns one partnership by id, with its derived scale.
	Partnership(ctx context.Context, id int64) (geo.Partnership, error)
	// Tile encodes, as one Mapbox Vector Tile layer named after the
	// collection, the features of a collection of Catalog() in tile t and
	// its buffer (TileQuery(t, q)'s box) that q's filters keep. A point or
	// an area is in a tile when its envelope meets the box (a line is
	// straight in Web Mercator once in a tile, not in lon/lat, so the exact
	// lon/lat test could drop what the tile shows); a line when one of its
	// ends lies in the box: a link longer than a tile shows as stubs at its
	// ends pointing at each other, as flow maps draw them, and a tile of a
	// hub is not crossed by every long link passing over it. Each feature
	// has its geometry by geo.TileGeometry (those it leaves nothing of
	// are left out), its integer id as the feature id (territories have
	// none: their code is a property) and the properties of
	// Collection.TileProperties(q.Properties), NULLs left out. No feature
	// gives the empty tile (nil).
	//
	// A store never cuts a tile: when budget is positive and more than
	// budget features are in the tile, it returns ErrTileBudget instead,
	// having read no more than budget+1 of them, and the caller shows
	// something else (an aggregate). A tile beyond the matrix is a
	// *FilterError (CheckTile); an unknown collection wraps ErrNotFound.
	Tile(ctx context.Context, collection string, t maptile.Tile, q ItemsQuery, budget int) ([]byte, error)
}

// AnalysisInputs reads what the analyses are built from, aggregated where
// the rows are: flows, actor cells, observatory counts, coverage, the
// candidates of a suggestion and the indicator values. The analysis
// package combines them; a store never ranks, scores or portrays.
type AnalysisInputs interface {
	// Flows aggregates the partnerships matching q's Equals, During, BBox,
	// Touches and Filter (its paging, CRS, Properties and SortBy play no
	// part) between the territories of level holding their two actors, as
	// geo.AggregateFlows does with q.Limit as top (0 keeps every flow). An
	// actor abroad, or in no territory of that level (a commune in no
	// EPCI), makes its partnership Unplaced. The level is a région,
	// département or EPCI, or a commune when q.Touches is set (the
	// partnerships of one territory); anything else is a *FilterError
	// naming "level" (CheckFlows).
	Flows(ctx context.Context, level geo.Level, q ItemsQuery) (geo.FlowSummary, error)
	// ActorClusters counts the actors matching q's BBox, which is
	// required, Equals and Filter (its paging, CRS, Properties and SortBy
	// play no part) by cell of the grid of side
	// geo.ClusterCellDegrees(zoom), as geo.ClusterGrid does: one cluster
	// per cell holding an actor, ordered by cell X then Y, with the count,
	// the counts per kind present, the employees summed and the mean
	// position (unrounded: within 1e-7 across stores, the sums being
	// added in another order). Cells and counts are exact: the floor of
	// the same doubles. Nothing matching is an empty list. A zoom outside
	// 0..geo.MaxClusterZoom, a nil BBox or one too large for the zoom is a
	// *FilterError naming "zoom" or "bbox" (CheckActorClusters).
	ActorClusters(ctx context.Context, zoom int, q ItemsQuery) ([]geo.ActorCluster, error)
	// ObservatoryCounts counts, from the rows, what the RAMEAU figures of
	// one scope are built from (geo.CountObservatory's counts): France (the
	// actors not abroad) when level and code are both "", else the actors
	// whose commune is, or lies in, the territory of that level and code.
	// The level is needed, as for Territory: "84" names a région and a
	// département. An unknown territory, a level that is not one of
	// geo.Levels, a code without a level or a level without a code wraps
	// ErrNotFound.
	//
	// during, when set, counts only the partnerships active at some instant
	// of it (Interval.ActiveDuring): an actor partners when one of those
	// is its.
	ObservatoryCounts(ctx context.Context, level geo.Level, code string, during *Interval) (ObservatoryCounts, error)

	// Coverage lists the territories of level in code order, each with its
	// population and the partnerships with at least one actor located in
	// it (TerritoryCoverage). within, when set, keeps the territories whose
	// parent code of within's level is within's code; during, when set,
	// counts only the partnerships active at some instant of it
	// (Interval.ActiveDuring). A bad level or within is a *FilterError
	// (CheckCoverage); an unknown within territory wraps ErrNotFound.
	Coverage(ctx context.Context, level geo.Level, within *TerritoryRef, during *Interval) ([]TerritoryCoverage, error)

	// PartnershipBreakdown counts the partnerships with an end in t, in
	// total and by category, domain and scale (PartnershipBreakdown), in
	// one pass where a count per value would take twenty. A bad level is a
	// *FilterError (CheckTerritoryTally); an unknown territory has
	// no partnership.
	//
	// during, when set, counts only the partnerships active at some instant
	// of it (Interval.ActiveDuring).
	PartnershipBreakdown(ctx context.Context, t TerritoryRef, during *Interval) (PartnershipBreakdown, error)

	// TerritoryProfiles lists the territories of level in code order, each
	// as Territory gives it (parents, population, typology, alliance
	// history) but without its geometry (nil): what comparing the
	// territories of a level reads. A level that is not one of geo.Levels
	// is a *FilterError naming "level".
	TerritoryProfiles(ctx context.Context, level geo.Level) ([]geo.Territory, error)

	// PartnershipYears reduces the partnerships of t, and the partnering
	// years of its associations and companies of 10+ employees, to counts
	// by calendar year (PartnershipYears): what a timeline is built from.
	// A bad level is a *FilterError (CheckTerritoryTally); an unknown
	// territory has no partnership.
	PartnershipYears(ctx context.Context, t TerritoryRef) (PartnershipYears, error)

	// ActorsByKind counts the active actors located in t (its commune is,
	// or lies in, t: the actors layer's territory queryables), one count
	// per kind of geo.ActorKinds, zero included: an inactive one
	// (geo.Actor.Inactive) is no longer one of t's actors. A bad level is a *FilterError
	// (CheckTerritoryTally); an unknown territory has no actor.
	ActorsByKind(ctx context.Context, t TerritoryRef) (map[geo.ActorKind]int64, error)

	// MatchCandidates selects the active actors located in t (its commune
	// is, or lies in, t) that a suggestion in any domain may pair, and the pairs
	// of them already partnered (MatchCandidates). A bad level is a
	// *FilterError (CheckMatchCandidates); an unknown territory wraps
	// ErrNotFound.
	MatchCandidates(ctx context.Context, t TerritoryRef) (MatchCandidates, error)

	// Indicators lists the fragility catalogue, ordered by id; an empty
	// catalogue is an empty list.
	Indicators(ctx context.Context) ([]geo.Indicator, error)
	// IndicatorValues returns one indicator's values for year (0 means the
	// indicator's own Year) at level, by territory code. At the indicator's
	// finest level they are the values as stored; at a wider level they are
	// rolled up from the finest-level values by the indicator's rule
	// (geo.Rollup: ratio of sums, population-weighted mean or sum), each
	// value going to its territory's parent code of that level; a territory
	// without one (a commune in no EPCI) is left out, and so is a parent
	// whose denominators or populations sum to zero. A year without values
	// gives an empty map. An unknown indicator wraps ErrNotFound; a level
	// that is not one of geo.Levels or is finer than the indicator's finest
	// is a *FilterError naming "level" (see CheckIndicatorLevel).
	IndicatorValues(ctx context.Context, id string, level geo.Level, year int) (map[string]float64, error)
	// IndicatorNational returns the national value of an indicator for year
	// (0 as for IndicatorValues): its rule applied to every finest-level
	// value at once. It is NaN when the year has no values (or they sum to
	// a zero denominator). An unknown indicator wraps ErrNotFound.
	IndicatorNational(ctx context.Context, id string, year int) (float64, error)
}

// Store is what both stores implement: every read, the data's version, and
// their life cycle. The embedded store implements nothing more; PostGIS is
// also an Importer.
type Store interface {
	Features
	AnalysisInputs
	// Version returns the version of the data as of now: a read that
	// starts after it returns sees at least that version's rows. It is
	// cheap (one indexed row on PostGIS) so that callers read it per
	// request to validate what they keep.
	Version(ctx context.Context) (Version, error)
	// Ping reports whether the store can answer (for /readyz).
	Ping(ctx context.Context) error
	// Close releases the store's resources.
	Close()
}

// Version identifies the state of a store's data. N changes whenever any
// row changes: PostGIS bumps it in the same transaction as the change,
// whoever makes it (statement triggers, migration 00012); the embedded
// store, read-only, has one fixed N per dataset (a digest of its rows), so
// two processes serving the same dataset agree. Changed is when N last
// changed (the embedded store: when it was built), for Last-Modified.
// PoolReporter is a store with a pool of database connections, which it
// reports for monitoring: a pool that stays busy after its clients left
// is a leak, one whose acquires wait is too small.
type PoolReporter interface {
	PoolStats() PoolStats
}

// PoolStats is a snapshot of a connection pool.
type PoolStats struct {
	Max, Total, Acquired, Idle, Constructing int32
	// Acquires counts the connections handed out, Waited those a caller
	// had to wait for, Canceled the waits given up; WaitTime sums the waits.
	Acquires, Waited, Canceled int64
	WaitTime                   time.Duration
}

type Version struct {
	N       uint64
	Changed time.Time
	// Source is the database the version was read from (0 the primary, i
	// the i-th replica): a request whose version came from a replica reads
	// its data from that replica too (WithVersion), so its answers and the
	// caches keyed by N hold that version's data.
	Source int
	// Indicators is the version of what indicator values derive from (the
	// territories, the indicator catalogue and its values), bumped with N by
	// changes of those tables only: values kept under it outlive a change of
	// actors or partnerships. 0 means unknown (N stands for it).
	Indicators uint64
}

// IndicatorsVersion is v.Indicators, or N where the store does not tell.
func (v Version) IndicatorsVersion() uint64 {
	if v.Indicators == 0 {
		return v.N
	}
	return v.Indicators
}

// versionKey is the context key under which WithVersion keeps a version.
type versionKey struct{}

// WithVersion fixes the data version of the work done under ctx: the
// analyses key their cached answers by it, and a store with replicas reads
// from the database it came from.
func WithVersion(ctx context.Context, v Version) context.Context {
	return context.WithValue(ctx, versionKey{}, v)
}

// VersionOf returns the version WithVersion fixed for ctx, if any.
func VersionOf(ctx context.Context) (Version, bool) {
	v, ok := ctx.Value(versionKey{}).(Version)
	return v, ok
}

// BackendReporter is a store reading from several databases (a primary and
// its replicas), which reports each one's state for readiness and metrics.
type BackendReporter interface {
	Backends() []BackendStatus
}

// BackendStatus is one database of a store: Up when it answered its last
// check and, for a replica, replays the primary's changes within the
// configured lag; LagBytes is how far behind the primary a replica's
// replay was at that check (-1 when unknown). VersionNotified says the
// store knows the database's data version from the database's
// notifications, not by reading it for each request (the primary, while
// its listener is connected: postgis/version_watch.go).
type BackendStatus struct {
	Name            string
	Replica         bool
	Up              bool
	LagBytes        int64
	Checked         time.Time
	VersionNotified bool
}

// Importer loads files into a writable store (PostGIS).
type Importer interface {
	// Import loads one file in one transaction (all rows or none).
	Import(ctx context.Context, req ImportRequest) (ImportResult, error)
}
