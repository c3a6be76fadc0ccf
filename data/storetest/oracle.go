package storetest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// feature is what the suite expects of one GeoJSON feature: its id (int64 or
// string), its geometry and its properties by name (string, int64, float64,
// bool or nil for JSON null).
type feature struct {
	id    any
	geom  orb.Geometry
	props map[string]any
}

// orNull maps an empty string, or a zero number, to JSON null.
func orNull[T comparable](v T) any {
	var zero T
	if v == zero {
		return nil
	}
	return v
}

// oracle builds the expected features of the fixture from its rows and the
// hand-written expectations.
type oracle struct {
	ds          *dataset.Dataset
	territories map[geo.Level]map[string]geo.Territory
	actors      map[int64]geo.Actor
}

func newOracle(ds *dataset.Dataset) *oracle {
	o := &oracle{ds: ds, territories: map[geo.Level]map[string]geo.Territory{}, actors: map[int64]geo.Actor{}}
	for _, t := range ds.Territories {
		if o.territories[t.Level] == nil {
			o.territories[t.Level] = map[string]geo.Territory{}
		}
		o.territories[t.Level][t.Code] = t
	}
	for _, a := range ds.Actors {
		o.actors[a.ID] = a
	}
	return o
}

// features returns the expected features of a collection in id order.
func (o *oracle) features(collection string) []feature {
	var out []feature
	switch collection {
	case data.CollectionActors:
		for _, a := range o.ds.Actors {
			out = append(out, o.actor(a))
		}
	case data.CollectionPartnerships:
		for _, p := range o.ds.Partnerships {
			out = append(out, o.partnership(p))
		}
	case data.CollectionAlliances:
		for _, al := range o.ds.Alliances {
			out = append(out, o.alliance(al))
		}
	default:
		c, _ := data.LookupCollection(collection)
		for _, t := range o.ds.Territories {
			if t.Level == c.Level {
				out = append(out, o.territoryFeature(t))
			}
		}
	}
	slices.SortFunc(out, func(a, b feature) int { return compareIDs(a.id, b.id) })
	return out
}

func compareIDs(a, b any) int {
	if x, ok := a.(int64); ok {
		y := b.(int64)
		return int(min(max(x-y, -1), 1))
	}
	return strings.Compare(a.(string), b.(string))
}

func idString(id any) string {
	if n, ok := id.(int64); ok {
		return strconv.FormatInt(n, 10)
	}
	return id.(string)
}

func (o *oracle) actor(a geo.Actor) feature {
	c := o.territories[geo.LevelCommune][a.CommuneCode]
	country := a.Country
	if country == "" {
		country = "FR"
	}
	var domains []string
	for _, d := range a.Domains {
		domains = append(domains, string(d))
	}
	return feature{id: a.ID, geom: a.Location, props: map[string]any{
		"name": a.Name, "kind": string(a.Kind), "siren": orNull(a.SIREN), "rna": orNull(a.RNA),
		"commune": orNull(a.CommuneCode), "epci": orNull(c.EPCICode),
		"departement": orNull(c.DepartementCode), "region": orNull(c.RegionCode),
		"country": country, "precision": string(a.Precision), "employees": int64(a.Employees),
		"size_class": wantSizeClasses()[a.ID], "employer": a.Employer,
		"insertion": a.Insertion, "sector": orNull(string(a.Sector)), "reach": orNull(string(a.Reach)),
		"domains": orNull(strings.Join(domains, ",")), "active": !a.Inactive,
	}}
}

func (o *oracle) partnership(p geo.Partnership) feature {
	a, b := o.actors[p.ActorA], o.actors[p.ActorB]
	var end, stage any
	if !p.End.IsZero() {
		end = p.End.Format(geo.DateLayout)
	}
	if p.Stage != "" {
		stage = string(p.Stage)
	}
	return feature{id: p.ID, geom: orb.LineString{a.Location, b.Location}, props: map[string]any{
		"actor_a": p.ActorA, "actor_b": p.ActorB, "kind_a": string(a.Kind), "kind_b": string(b.Kind),
		"category": string(p.Category), "domain": string(p.Domain),
		"scale": string(wantScales()[p.ID]), "start": p.Start.Format(geo.DateLayout), "end": end,
		"stage": stage, "length_km": wantLinkLengthsKm()[p.ID],
	}}
}

func (o *oracle) alliance(al geo.Alliance) feature {
	t := o.territories[al.TerritoryLevel][al.TerritoryCode]
	worlds := map[geo.World]bool{}
	members := slices.Clone(al.Members)
	slices.SortFunc(members, func(x, y geo.AllianceMember) int { return cmp.Compare(x.ActorID, y.ActorID) })
	// member_list is the members' compact JSON text, keys in this order.
	type member struct {
		Actor int64  `json:"actor"`
		Name  string `json:"name"`
		Kind  string `json:"kind"`
		World string `json:"world"`
		Role  string `json:"role"`
	}
	list := make([]member, len(members))
	for i, m := range members {
		a := o.actors[m.ActorID]
		worlds[a.Kind.World()] = true
		list[i] = member{a.ID, a.Name, string(a.Kind), string(a.Kind.World()), string(m.Role)}
	}
	var text bytes.Buffer
	enc := json.NewEncoder(&text)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(list); err != nil {
		panic(err) // a slice of plain structs always encodes
	}
	return feature{id: al.ID, geom: wantAnchors()[t.Level][t.Code], props: map[string]any{
		"name": al.Name, "territory": al.TerritoryCode,
		"territory_level": string(al.TerritoryLevel), "stake": string(al.Stake),
		"start_year": orNull(int64(al.StartYear)), "members": int64(len(al.Members)),
		"worlds": int64(len(worlds)), "member_list": strings.TrimSuffix(text.String(), "\n"), "illustrative": al.Illustrative,
	}}
}

func (o *oracle) territoryFeature(t geo.Territory) feature {
	h := wantHistory()[t.Level][t.Code]
	return feature{id: t.Code, geom: t.Geometry, props: map[string]any{
		"code": t.Code, "name": t.Name, "level": string(t.Level), "region": orNull(t.RegionCode),
		"departement": orNull(t.DepartementCode), "epci": orNull(t.EPCICode),
		"population": t.Population, "approximate": t.Approximate,
		"density_class": orNull(int64(t.Typology.DensityClass)), "qpv_share": t.Typology.QPVShare,
		"rural_revitalisation": t.Typology.RuralRevitalisation, "natural_park": t.Typology.NaturalPark,
		"alliances_count": int64(h.count), "alliances_first_year": orNull(int64(h.first)),
	}}
}
