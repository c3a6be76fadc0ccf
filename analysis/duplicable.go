package analysis

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/geo/cql2"
)

// Duplicable is "what worked elsewhere, for a territory like yours": for
// the territory's largest partnership gaps, the alliances of the
// territories most like it (Similar) acting on the same stake, best
// first, each with its reasons — the seed's "duplication de solutions déjà
// existantes dans d'autres territoires".
type Duplicable struct {
	Territory geo.Territory
	// Gaps are the territory's largest gaps (the "all" ranking of its
	// level), largest first: the stakes looked for. None when the
	// territory is unrated (no indicator value).
	Gaps      []geo.GapDomain
	Solutions []DuplicableAlliance
}

// DuplicableAlliance is one alliance of a similar territory on the stake
// of one of the gaps.
type DuplicableAlliance struct {
	ID        int64
	Alliance  PortraitAlliance
	Territory geo.Territory // the similar territory it is anchored in
	Distance  float64       // of that territory from the one asking
	GapRank   int           // 1: the stake is the largest gap
	Age       *int          // years since it started, nil when unknown
	// Partnerships counts the partnerships of its members (with anyone),
	// each once, and ByScale by scale: how far their mesh reaches.
	Partnerships int64
	ByScale      map[geo.Scale]int64
	Score        float64
	Reasons      []string
}

// Duplicable's bounds: the gaps looked at, the similar territories whose
// alliances are read, the default and largest number of solutions.
const (
	duplicableGaps       = 3
	duplicableNeighbours = 30
	DuplicableDefault    = 10
	DuplicableMax        = 50
)

// Duplicable finds, for the territory of level and code, up to limit
// alliances to duplicate, ranked by
//
//	score = (1 − distance) × gap weight × (0.7 + 0.15 × maturity + 0.15 × breadth)
//
// where distance is the alliance's territory's from this one
// (geo.ProfileDistance), the gap weight 1, 0.85 or 0.7 for the stake of
// the largest, second or third gap, maturity its age over ten years
// (capped at 1; 0 when unknown) and breadth its worlds over four: an
// alliance of a territory just like this one, on its first stake, old and
// broad, comes first. Ties go to the smaller id. now dates the ages. An
// unknown territory wraps data.ErrNotFound, a limit outside
// 1..DuplicableMax is a *data.FilterError naming "limit".
func (a *Analyst) Duplicable(ctx context.Context, level geo.Level, code string, limit int, now time.Time) (Duplicable, error) {
	if limit < 1 || limit > DuplicableMax {
		return Duplicable{}, &data.FilterError{Property: "limit", Problem: fmt.Sprintf("=%d is not in 1..%d", limit, DuplicableMax)}
	}
	similar, err := a.Similar(ctx, level, code, duplicableNeighbours)
	if err != nil {
		return Duplicable{}, err
	}
	return a.duplicableFrom(ctx, level, code, similar, limit, now)
}

// duplicableFrom is Duplicable over the territory's duplicableNeighbours
// closest territories already found (the portrait shows the first of them
// too: one comparison serves both).
func (a *Analyst) duplicableFrom(ctx context.Context, level geo.Level, code string, similar Similar, limit int, now time.Time) (Duplicable, error) {
	out := Duplicable{Territory: similar.Territory, Gaps: []geo.GapDomain{}, Solutions: []DuplicableAlliance{}}
	scored, err := a.gapScores(ctx, level, geo.DomainAll, data.Today(ctx))
	if errors.Is(err, data.ErrInvalidFilter) {
		return out, nil // no indicator at this level: no gap
	}
	if err != nil {
		return Duplicable{}, err
	}
	if row, ok := scored.scores.Row(code); ok {
		out.Gaps = row.Domains
	}
	slices.SortStableFunc(out.Gaps, func(x, y geo.GapDomain) int { return cmp.Compare(y.Gap, x.Gap) })
	out.Gaps = out.Gaps[:min(duplicableGaps, len(out.Gaps))]
	rank := map[geo.Domain]int{}
	for i, g := range out.Gaps {
		rank[g.Domain] = i + 1
	}
	byCode := map[string]SimilarTerritory{}
	var codes []cql2.Expr
	for _, s := range similar.Similar {
		byCode[s.Territory.Code] = s
		codes = append(codes, &cql2.String{Value: s.Territory.Code})
	}
	alliances, err := a.alliancesIn(ctx, level, codes)
	if err != nil {
		return Duplicable{}, err
	}
	for _, al := range alliances {
		s := byCode[al.Territory]
		k, ok := rank[al.Stake]
		if !ok {
			continue
		}
		d := DuplicableAlliance{ID: al.ID, Alliance: al.PortraitAlliance, Territory: s.Territory, Distance: s.Distance, GapRank: k}
		maturity := 0.0
		if al.StartYear != nil {
			age := max(0, now.Year()-*al.StartYear)
			d.Age = &age
			maturity = min(1, float64(age)/10)
		}
		breadth := min(1, float64(al.Worlds)/4)
		d.Score = (1 - s.Distance) * (1 - 0.15*float64(k-1)) * (0.7 + 0.15*maturity + 0.15*breadth)
		out.Solutions = append(out.Solutions, d)
	}
	slices.SortStableFunc(out.Solutions, func(x, y DuplicableAlliance) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(x.ID, y.ID))
	})
	out.Solutions = out.Solutions[:min(limit, len(out.Solutions))]
	if err := a.membersReach(ctx, out.Solutions); err != nil {
		return Duplicable{}, err
	}
	for i := range out.Solutions {
		out.Solutions[i].Reasons = duplicableReasons(out, out.Solutions[i], similar)
	}
	return out, nil
}

// anchoredAlliance is an alliance of the alliances layer with the code of
// the territory it is anchored in.
type anchoredAlliance struct {
	PortraitAlliance
	Territory string `json:"territory"`
}

// alliancesIn reads the alliances anchored in the territories of level
// whose codes are listed: one read of the alliances layer (one per
// territory cost a portrait 30 round trips).
func (a *Analyst) alliancesIn(ctx context.Context, level geo.Level, codes []cql2.Expr) ([]anchoredAlliance, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	filter := &cql2.And{Args: []cql2.Expr{
		&cql2.Compare{Op: cql2.OpEq, Left: &cql2.Property{Name: "territory_level"}, Right: &cql2.String{Value: string(level)}},
		&cql2.In{Arg: &cql2.Property{Name: "territory"}, List: codes},
	}}
	var out []anchoredAlliance
	err := a.checkedItems(ctx, data.CollectionAlliances, data.ItemsQuery{Filter: filter}, func(b []byte) error {
		var f struct {
			ID         int64            `json:"id"`
			Properties anchoredAlliance `json:"properties"`
		}
		if err := json.Unmarshal(b, &f); err != nil {
			return fmt.Errorf("alliance feature: %w", err)
		}
		f.Properties.ID = f.ID
		out = append(out, f.Properties)
		return nil
	})
	return out, err
}

// membersReach counts the partnerships of each solution's members by
// scale, each partnership once per solution: one read of the partnerships
// layer with either end among all their members.
func (a *Analyst) membersReach(ctx context.Context, sols []DuplicableAlliance) error {
	of := map[int64][]int{} // actor → the solutions it is a member of
	var ids []cql2.Expr
	for i := range sols {
		sols[i].ByScale = map[geo.Scale]int64{}
		for _, m := range sols[i].Alliance.MemberList {
			if len(of[m.Actor]) == 0 {
				ids = append(ids, &cql2.Number{Value: float64(m.Actor), Int: true, Integer: m.Actor})
			}
			of[m.Actor] = append(of[m.Actor], i)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	filter := &cql2.Or{Args: []cql2.Expr{
		&cql2.In{Arg: &cql2.Property{Name: "actor_a"}, List: ids},
		&cql2.In{Arg: &cql2.Property{Name: "actor_b"}, List: ids},
	}}
	q := data.ItemsQuery{Filter: filter, Properties: []string{"actor_a", "actor_b", "scale"}}
	return a.checkedItems(ctx, data.CollectionPartnerships, q, func(b []byte) error {
		var f struct {
			Properties struct {
				ActorA int64     `json:"actor_a"`
				ActorB int64     `json:"actor_b"`
				Scale  geo.Scale `json:"scale"`
			} `json:"properties"`
		}
		if err := json.Unmarshal(b, &f); err != nil {
			return fmt.Errorf("partnership feature: %w", err)
		}
		counted := map[int]bool{}
		for _, actor := range []int64{f.Properties.ActorA, f.Properties.ActorB} {
			for _, i := range of[actor] {
				if !counted[i] {
					counted[i] = true
					sols[i].Partnerships++
					sols[i].ByScale[f.Properties.Scale]++
				}
			}
		}
		return nil
	})
}

// checkedItems reads the features of a collection that q keeps, its
// filter checked against the collection's queryables first, as the server
// checks a client's.
func (a *Analyst) checkedItems(ctx context.Context, collection string, q data.ItemsQuery, emit data.EmitFunc) error {
	col, _ := data.LookupCollection(collection)
	if err := cql2.Check(q.Filter, col.CQLQueryables()); err != nil {
		return fmt.Errorf("%s filter: %w", collection, err)
	}
	return a.store.Items(ctx, collection, q, emit)
}

// scaleWords name the scales in the reasons, singular and plural.
var scaleWords = map[geo.Scale][2]string{geo.ScaleLocal: {"local", "locaux"}, geo.ScaleRegional: {"régional", "régionaux"},
	geo.ScaleNational: {"national", "nationaux"}, geo.ScaleInternational: {"international", "internationaux"}}

// duplicableReasons says, in French, why d is proposed.
func duplicableReasons(dup Duplicable, d DuplicableAlliance, similar Similar) []string {
	t := dup.Territory
	gap := dup.Gaps[d.GapRank-1]
	var reasons []string
	reasons = append(reasons, fmt.Sprintf("enjeu : %s, l'écart de partenariat n° %d de %s (écart %s)",
		geo.DomainLabel(gap.Domain), d.GapRank, t.Name, strconv.FormatFloat(gap.Gap, 'f', 2, 64)))
	var alike []string
	for _, s := range similar.Similar {
		if s.Territory.Code != d.Territory.Code {
			continue
		}
		parts := slices.Clone(s.Parts)
		slices.SortStableFunc(parts, func(x, y geo.DistancePart) int { return cmp.Compare(x.Distance, y.Distance) })
		for _, p := range parts[:min(2, len(parts))] {
			alike = append(alike, p.Reason)
		}
	}
	reasons = append(reasons, fmt.Sprintf("%s ressemble à %s (distance %s) : %s", d.Territory.Name, t.Name,
		strconv.FormatFloat(d.Distance, 'f', 2, 64), strings.Join(alike, " ; ")))
	if d.Age != nil {
		reasons = append(reasons, fmt.Sprintf("alliance active depuis %d (%d ans)", *d.Alliance.StartYear, *d.Age))
	} else {
		reasons = append(reasons, "année de création inconnue")
	}
	var members []string
	for _, m := range d.Alliance.MemberList {
		members = append(members, fmt.Sprintf("%s (%s)", m.Kind, m.Role))
	}
	reasons = append(reasons, fmt.Sprintf("%d membres de %d mondes : %s", d.Alliance.Members, d.Alliance.Worlds, strings.Join(members, ", ")))
	if d.Partnerships > 0 {
		var by []string
		for _, sc := range geo.Scales {
			if n := d.ByScale[sc]; n > 0 {
				w := scaleWords[sc][0]
				if n > 1 {
					w = scaleWords[sc][1]
				}
				by = append(by, fmt.Sprintf("%d %s", n, w))
			}
		}
		reasons = append(reasons, fmt.Sprintf("partenariats de ses membres : %d, dont %s", d.Partnerships, strings.Join(by, ", ")))
	} else {
		reasons = append(reasons, "ses membres n'ont encore aucun partenariat enregistré")
	}
	return reasons
}
