package postgis

import (
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// scopeCondition is the WHERE condition selecting the actors (alias a, their
// commune c) in scope: those in France for the empty level, else those whose
// commune is the territory or has it as parent code. The code is an
// argument. The caller has checked the level: any other reads as France.
func scopeCondition(level geo.Level, code string, args *argList) string {
	ref := ""
	if level.Valid() {
		ref = args.add(code)
	}
	return actorInScope(level, "a", "c", ref)
}

// actorInScope is scopeCondition for the actor aliased actor, whose
// commune's territories row is aliased commune, with the territory's code
// at placeholder ref (unread for France), for statements naming several
// actors. Aliases and columns come from this package, never from a request.
func actorInScope(level geo.Level, actor, commune, ref string) string {
	switch level {
	case geo.LevelRegion:
		return commune + ".region = " + ref
	case geo.LevelDepartement:
		return commune + ".departement = " + ref
	case geo.LevelEPCI:
		return commune + ".epci = " + ref
	case geo.LevelCommune:
		return actor + ".commune = " + ref
	}
	return actor + ".country = 'FR'"
}

// observatoryPlan is the observatory's statement for one scope: France
// when level is "", else the territory of that level and code (the caller
// has checked the level); communes lists an EPCI's communes (nil
// otherwise), for the partnerships the summaries count (countedBySummaries:
// active during, the summaries' day, or every one when during is nil).
//
// The actors' counts always come from actor_class_counts (migration 00015),
// per commune. France's, a région's and a département's partnerships come
// from partnership_end_counts; an EPCI's or a commune's from the rows
// active during, found by the commune each end keeps, indexed (migration
// 00017), as sqlTouches does. An EPCI's communes come as an array argument, not a subquery, so
// the planner estimates from the actual codes how many partnerships they
// have (an InitPlan's array reads to it as a handful of rows).
func observatoryPlan(level geo.Level, code string, communes []string, during *data.Interval) plan {
	var args argList
	ref := ""
	if level.Valid() {
		ref = args.add(code)
	}
	if level == "" || level == geo.LevelRegion || level == geo.LevelDepartement {
		return plan{keptObservatorySQL(level, ref), args}
	}
	pairsIn := "(p.a_commune = " + ref + " OR p.b_commune = " + ref + ")"
	classIn := "s.commune = " + ref
	if level == geo.LevelEPCI {
		list := args.add(communes)
		pairsIn = "(p.a_commune = ANY(" + list + "::text[]) OR p.b_commune = ANY(" + list + "::text[]))"
		classIn = "ac.epci = " + ref
	}
	pairsIn += " AND " + partnershipsActive(during, &args)
	return plan{observatorySQL(rowsPairs(level, ref, pairsIn), keptActors(classIn)), args}
}

// observatorySQL is the statement from its pair_counts and actor_counts
// parts, then the figures' row.
func observatorySQL(pairs, actors string) string {
	return "WITH " + pairs + ",\n" + actors + "\n" + fixedSQL("observatory_figures")
}

// rowsPairs is observatory_pairs.sql (pairs and pair_counts from the rows)
// for one scope; pairsIn is the condition on partnership p keeping those
// with an end in scope.
func rowsPairs(level geo.Level, ref, pairsIn string) string {
	return strings.NewReplacer(
		"{{a_in}}", endInScope(level, "a", ref),
		"{{b_in}}", endInScope(level, "b", ref),
		"{{pairs_in}}", pairsIn,
	).Replace(fixedSQL("observatory_pairs"))
}

// keptActors is observatory_kept_actors.sql (actor_counts from the class
// counts) with classIn putting a row in scope.
func keptActors(classIn string) string {
	return strings.NewReplacer("{{class_in}}", classIn).Replace(fixedSQL("observatory_kept_actors"))
}

// keptObservatorySQL is the statement for France (level ""), a région or a
// département from the summaries of migration 00015 only, with the
// territory's code at placeholder ref.
func keptObservatorySQL(level geo.Level, ref string) string {
	aIn, bIn, classIn := "a_fr", "b_fr", "s.fr"
	switch level {
	case geo.LevelRegion:
		aIn, bIn, classIn = "a_region = "+ref, "b_region = "+ref, "ac.region = "+ref
	case geo.LevelDepartement:
		aIn, bIn, classIn = "a_departement = "+ref, "b_departement = "+ref, "ac.departement = "+ref
	}
	pairs := strings.NewReplacer("{{a_in}}", aIn, "{{b_in}}", bIn).Replace(fixedSQL("observatory_kept_pairs"))
	return observatorySQL(pairs, keptActors(classIn))
}

// endInScope is the condition putting end a or b of partnership p in
// scope, with the territory's code at placeholder ref: actorInScope, on
// the partnership's own copies of its ends' commune, territories and
// country.
func endInScope(level geo.Level, end, ref string) string {
	switch level {
	case geo.LevelRegion:
		return "p." + end + "_region = " + ref
	case geo.LevelDepartement:
		return "p." + end + "_departement = " + ref
	case geo.LevelEPCI:
		return "p." + end + "_epci = " + ref
	case geo.LevelCommune:
		return "p." + end + "_commune = " + ref
	}
	return "p." + end + "_country = 'FR'"
}

// scanObservatoryCounts reads the row of the observatory statement, whose
// columns are the fields of geo.ObservatoryCounts in order; the maps come
// as JSON objects.
func scanObservatoryCounts(row pgx.Row) (geo.ObservatoryCounts, error) {
	var c geo.ObservatoryCounts
	var groups map[geo.Domain][2]int64
	err := row.Scan(&c.Partnerships,
		&c.Associations.Actors, &c.Associations.Partnering,
		&c.EmployerAssociations.Actors, &c.EmployerAssociations.Partnering,
		&c.InsertionAssociations.Actors, &c.InsertionAssociations.Partnering,
		&groups, &c.AssociationEnds, &c.AssociationCategories,
		&c.Companies.Actors, &c.Companies.Partnering,
		&c.Companies10.Actors, &c.Companies10.Partnering,
		&c.Companies1000.Actors, &c.Companies1000.Partnering,
		&c.CompanyEnds, &c.CompanyInsertion, &c.CompanyLocal, &c.CompanyRegional, &c.CompanyCollectivite,
		&c.CompanyScales, &c.CompanyDomains)
	if err != nil {
		return c, err
	}
	c.AssociationGroups = make(map[geo.Domain]geo.PartneringCount, len(groups))
	for g, n := range groups {
		c.AssociationGroups[g] = geo.PartneringCount{Actors: n[0], Partnering: n[1]}
	}
	return c, nil
}

// observatoryDuringPlan is the observatory's statement for one scope
// counting only the partnerships active during an interval (every one when
// during is nil) the summaries do not count: from the rows, actors
// included (observatory_rows_actors.sql), since the summaries' tallies
// count the partnerships of another day. The partnerships in scope are found
// by the territory each end keeps, without an index at the wider levels: a
// scan of the table, paid once per data version and interval by the
// analysis layer's cache.
func observatoryDuringPlan(level geo.Level, code string, during *data.Interval) plan {
	var args argList
	ref := ""
	if level.Valid() {
		ref = args.add(code)
	}
	pairsIn := "(" + endInScope(level, "a", ref) + " OR " + endInScope(level, "b", ref) + ") AND " + partnershipsActive(during, &args)
	actors := strings.NewReplacer("{{actor_in}}", actorInScope(level, "a", "ac", ref)).Replace(fixedSQL("observatory_rows_actors"))
	return plan{observatorySQL(rowsPairs(level, ref, pairsIn), actors), args}
}
