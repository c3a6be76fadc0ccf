// Package storetest is the contract suite every data.Store must pass: one
// hand-made dataset (Fixture), loaded into a store by the caller, and checks
// of everything the server relies on. data/memory and data/postgis run it
// from their tests, so the embedded store cannot drift from PostGIS.
//
// The suite fixes what the Store documentation leaves open:
//
//   - Feature JSON: {"type":"Feature","id":…,"geometry":…,"properties":{…}},
//     the id a JSON number for actors, partnerships and alliances and the
//     INSEE code string for territories; properties exactly those of
//     data.Catalog(), in that order; coordinates within 1e-7 of the stored
//     ones (at most 7 decimals).
//   - Absent optional values are JSON null, never "" or 0: empty codes
//     (siren, rna, commune, epci, departement, region), empty sector and
//     reach, no domains, a running partnership's end, an unknown start year
//     (0), an unknown density class (0), and alliances_first_year of a
//     territory with no alliance. employees, qpv_share and the booleans are
//     always values.
//   - An actor's epci, departement and region are its commune's; its
//     country is "FR" in France; domains are joined by ",". size_class is
//     geo.SizeClassOf(employees).
//   - A partnership's geometry is the segment from actor_a to actor_b, its
//     kind_a/kind_b the actors' kinds, its scale geo.PartnerScale of their
//     places, start and end as "2006-01-02".
//   - An alliance's geometry is geo.InteriorPoint of its territory's geometry
//     (PostGIS's ST_PointOnSurface); territory_level is that territory's
//     level, which territory alone cannot tell ("84"); members counts its
//     members, worlds the distinct geo.World of their kinds; member_list
//     is the compact JSON text (a string) of them in actor id order as
//     {actor, name, kind, world, role}.
//   - Scale: 24 pairs labelled by hand (scale_pairs.go) are served with the
//     scale a reader of the scale rule gives them, by Partnership, Item and the
//     scale= filter.
//   - A territory's alliance history counts the alliances whose territory is
//     it or has it as région, département or EPCI parent code; first year is
//     the smallest start year.
//   - INSEE reuses codes across levels (région 84 and département 84), so a
//     territory is named by level and code. Children of a parent no wider
//     than the children is an empty list, of an unknown parent ErrNotFound.
//     Observatory takes a level and a code too, and gives région 84 and
//     département 84 their own scopes.
//   - SearchTerritories folds names and text with geo.SearchKey and ranks
//     as geo.TerritoryQuery.Rank and geo.CompareTerritoryHits do: "lyon"
//     finds Lyon (whole name) before Métropole de Lyon (a later word),
//     "la reunion" the région before the département of the same name and
//     population, "69" the département (exact code) before its communes
//     (code prefix, larger population first), "2a" Corse-du-Sud and its
//     communes. Each match carries its row's name, parent codes and
//     population and its geometry's exact bounding box; a text with no
//     letter or digit, or that nothing matches, gives an empty list.
//   - The bbox keeps features whose geometry intersects it, edges included,
//     not those whose bounding box alone overlaps it.
//   - After keeps the ids after it in the features' order, whether or not it
//     is an id: integers numerically ("005" is 5, "10" after "9"), codes
//     bytewise ("2A" after "29", before "30"). Walking pages with After = the
//     last id gives the unpaged answer. CountItems ignores After, Offset and
//     Limit but honours BBox, Equals and During.
//   - Equals compares the value a feature shows, parsed as the property's
//     type (data.Collection.FilterValue): a null matches nothing, not even
//     "". During keeps partnerships active at some instant of the interval
//     (started by its end, not ended before its start; dates as midnight
//     UTC). A value of the wrong type, a property that is not
//     queryable, a non-integer After on integer ids and During on a
//     collection without a temporal property are *data.FilterError naming
//     the property, never a 500.
//   - ItemsQuery.CRS and Item's crs change the geometries only: positions
//     are the stored ones projected as geo does (EPSG:4326 lat/lon within
//     1e-7°, EPSG:3857 and EPSG:2154 within 1 cm of geo, which is how
//     PostGIS's ST_Transform is held to geo), coordinates have at most
//     data.CoordinateDecimals decimals, and Item gives Items' bytes.
//   - Filter (CQL2) keeps the features for which the expression is TRUE,
//     with SQL's three-valued logic: a comparison with a null value is
//     UNKNOWN, NOT UNKNOWN too, so NOT and <> leave nulls out. Strings
//     compare bytewise, integers with floats as float64, false before true;
//     LIKE, IN, BETWEEN and S_INTERSECTS (boundaries counting, as
//     ST_Intersects) behave as cql2 documents. The same filter in
//     cql2-text and cql2-json selects the same ids, by cursor as unpaged.
//   - SortBy orders by its keys, nulls last in both directions, then by
//     id; After with SortBy, a sort key or filter property that is not a
//     queryable, and an unknown name in Properties are *data.FilterError
//     naming "after", "sortby", "filter" and "properties". Properties keeps
//     the named properties only, in catalogue order.
//   - ActorClusters counts the actors Items would select (the bbox,
//     required, edges included, and the kind) by cell floor(lon / c),
//     floor(lat / c) of the stored doubles, c = geo.ClusterCellDegrees(zoom):
//     a point on a cell's west or south edge is in it, one on its east or
//     north edge in the next, negative longitudes alike (ClusterDataset's
//     labelled actors). Counts, kinds and employees are exact, centres
//     within 1e-7 of the mean, clusters in cell order, their total
//     CountItems'; a box matching nothing gives an empty list. A zoom
//     outside 0..geo.MaxClusterZoom, no bbox or one of more than
//     data.MaxClusterCells cells is a *data.FilterError naming "zoom" or
//     "bbox".
//   - Extent is the exact bounding box of the geometries and, for
//     partnerships, the first and last start dates.
//   - ObservatoryCounts("", "") counts over the actors in France (country
//     FR), ObservatoryCounts(level, code) over the actors whose commune is
//     that territory or lies in it; both with the partnerships having an
//     end among them, as geo.CountObservatory does, and the dataset's
//     ScaleFactor; the figures built from them (Figures) equal
//     geo.ComputeObservatory's on those rows. An unknown territory, or a
//     code without a level, is ErrNotFound.
//   - An inactive actor (InactiveDataset: a dissolved association) is
//     served with active false and filterable; its partnership stays and
//     counts, but it is no longer one of its territory's actors: not in
//     the observatory's associations, ActorsByKind or MatchCandidates.
//
// Derived values (size classes, link lengths, representative points, flows,
// observatory counts and France's figures) are held to tables written by
// hand from the fixture (expect_oracles.go), never to the geo function a
// store itself calls, so that the suite and a store cannot share a mistake.
package storetest
