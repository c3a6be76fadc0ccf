package server

import (
	"slices"
	"strings"

	"github.com/maillage/maillage/data"
)

// maxSortKeys bounds sortby; the id always ends the order anyway.
const maxSortKeys = 8

// parseSortBy reads sortby: queryables separated by commas, each with an
// optional + (ascending, the default) or - (descending) prefix, as OGC API
// – Features Part 8 and Records write it. "id" is accepted as the last key
// in ascending order only, where it changes nothing: the id ends every
// order. Anything else is a 400 naming sortby.
//
// Sorted pages are paged by offset, not by cursor: a keyset cursor would
// have to carry every sort value of the last feature and compare them
// with nulls last in mixed directions, in both stores. A sortby with a
// cursor is refused (parseItemsParams), next links carry offset instead
// (pageLinks), and deep sorted pages cost what OFFSET costs.
func parseSortBy(col data.Collection, s string) ([]data.SortKey, error) {
	if strings.TrimSpace(s) == "" {
		return nil, paramErrorf(paramSortBy, "is empty; give queryables such as %s or -%s", firstQueryable(col), firstQueryable(col))
	}
	var keys []data.SortKey
	parts := strings.Split(s, ",")
	for i, part := range parts {
		name := strings.TrimSpace(part)
		desc := false
		switch {
		case strings.HasPrefix(name, "-"):
			desc, name = true, name[1:]
		case strings.HasPrefix(name, "+"):
			name = name[1:]
		}
		if name == "id" && !desc && i == len(parts)-1 {
			break // the implicit last key
		}
		if name == "id" {
			return nil, paramErrorf(paramSortBy, "id can only end the order, ascending (features are always ordered by id last)")
		}
		if !slices.Contains(col.Queryables, name) {
			return nil, paramErrorf(paramSortBy, "%q is not a queryable of %s; sort by %s", clip(name), col.ID,
				strings.Join(col.Queryables, ", "))
		}
		if slices.ContainsFunc(keys, func(k data.SortKey) bool { return k.Name == name }) {
			return nil, paramErrorf(paramSortBy, "%q is given twice", name)
		}
		keys = append(keys, data.SortKey{Name: name, Desc: desc})
	}
	if len(keys) > maxSortKeys {
		return nil, paramErrorf(paramSortBy, "has more than %d keys", maxSortKeys)
	}
	return keys, nil
}

// parseProperties reads properties: names of col's properties separated by
// commas. Features then carry those only, in catalogue order. An unknown
// or repeated name, or an empty list, is a 400 naming properties.
func parseProperties(col data.Collection, s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, paramErrorf(paramProperties, "is empty; name the properties to keep, separated by commas")
	}
	var names []string
	for _, part := range strings.Split(s, ",") {
		name := strings.TrimSpace(part)
		if _, ok := col.Property(name); !ok {
			all := make([]string, len(col.Properties))
			for i, p := range col.Properties {
				all[i] = p.Name
			}
			return nil, paramErrorf(paramProperties, "%q is not a property of %s; its properties are %s", clip(name), col.ID,
				strings.Join(all, ", "))
		}
		if slices.Contains(names, name) {
			return nil, paramErrorf(paramProperties, "%q is given twice", name)
		}
		names = append(names, name)
	}
	return names, nil
}

// selectedProperties are the properties of col that p keeps, in catalogue
// order.
func selectedProperties(col data.Collection, names []string) []data.Property {
	if names == nil {
		return col.Properties
	}
	var out []data.Property
	for _, p := range col.Properties {
		if slices.Contains(names, p.Name) {
			out = append(out, p)
		}
	}
	return out
}

func firstQueryable(col data.Collection) string {
	if len(col.Queryables) == 0 {
		return "id"
	}
	return col.Queryables[0]
}
