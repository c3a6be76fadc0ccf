package demo

import "sort"

// sortDesc sorts by a key, largest first, keeping equal keys in input order.
func sortDesc[T any](s []T, key func(T) float64) {
	sort.SliceStable(s, func(i, j int) bool { return key(s[i]) > key(s[j]) })
}
