package server

import (
	"strconv"
	"strings"

	"github.com/cespare/xxhash/v2"
)

// An item's ETag is derived from the feature itself, not from the data
// version as every other answer's is: a write elsewhere must not make an
// editor's If-Match stale. itemTag hashes the feature as the store gives
// it in CRS84 (its GeoJSON without links): the tag of the item's default
// representation, which If-Match is compared with. Another representation
// of the same feature (HTML, another CRS, a compressed body) carries the
// same hash and a suffix for its variant ("hash-variant"); If-Match
// compares the hash only (matchesItem), so any of them may be sent back.

// itemTag is the ETag of a feature's default representation.
func itemTag(feature []byte) string {
	return strongTag(xxhash.Sum64(feature))
}

// itemVariantTag is the ETag of a representation of a feature: the
// hash of the bytes the store gave (in the requested CRS), and the
// variant's parts when it is not the default one.
func itemVariantTag(feature []byte, variant ...string) string {
	tag := strings.TrimSuffix(itemTag(feature), `"`)
	h := xxhash.New()
	plain := true
	for _, v := range variant {
		plain = plain && v == ""
		_, _ = h.WriteString(v)
		_, _ = h.Write([]byte{0})
	}
	if !plain {
		tag += "-" + strconv.FormatUint(h.Sum64(), 36)
	}
	return tag + `"`
}

// matchesItem applies If-Match (RFC 9110 §13.1.1, strong comparison of
// the feature's hash) to the stored feature: "*" matches any feature.
func matchesItem(ifMatch []string, feature []byte) bool {
	want := strings.Trim(itemTag(feature), `"`)
	for _, v := range ifMatch {
		for _, tag := range strings.Split(v, ",") {
			tag = strings.TrimSpace(tag)
			if tag == "*" {
				return true
			}
			if strings.HasPrefix(tag, "W/") {
				continue // a weak tag never matches strongly
			}
			hash, _, _ := strings.Cut(strings.Trim(tag, `"`), "-")
			if hash == want {
				return true
			}
		}
	}
	return false
}
