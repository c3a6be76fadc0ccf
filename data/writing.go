package data

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/maillage/maillage/geo"
)

// Writer changes one feature at a time, in one transaction with its
// history row (PostGIS; the embedded store is read-only and has none). The
// database derives what is derived (a partnership's scale, line and ends,
// an alliance's point, size classes, every summary) as it does for
// imports, and bumps the data version in the same transaction.
type Writer interface {
	// WriteFeature applies w. The current feature is read and locked
	// first, so that w.Allow judges what is stored and two writers of one
	// feature take turns. An unknown feature wraps ErrNotFound; a new
	// feature that fails the import checks is a *ImportError of one line,
	// its rows naming the bad fields; Allow's error is returned as it is.
	WriteFeature(ctx context.Context, w FeatureWrite) (WrittenFeature, error)
	// History reads the recorded changes matching q, oldest first.
	History(ctx context.Context, q HistoryQuery) ([]HistoryEntry, error)
}

// WritableCollections are the collections Writer changes.
var WritableCollections = []string{CollectionActors, CollectionPartnerships, CollectionAlliances}

// WriteOp is what a write does to a feature.
type WriteOp string

// The writes of OGC API – Features Part 4.
const (
	OpCreate  WriteOp = "create"  // POST: a new feature, its id given or assigned
	OpReplace WriteOp = "replace" // PUT: every writable field from the body
	OpUpdate  WriteOp = "update"  // PATCH: the body merged into the feature
	OpDelete  WriteOp = "delete"  // DELETE
)

// FeatureWrite is one write of one feature.
type FeatureWrite struct {
	Collection string
	// ID is the feature's id; on create, "" lets the store assign one.
	ID string
	Op WriteOp
	// Body returns the feature to store (a GeoJSON Feature whose
	// properties are the import columns) from the stored one, which is nil
	// on create. Unused on delete.
	Body func(current []byte) ([]byte, error)
	// Allow judges the write from the feature before it (nil on create)
	// and after it (nil on delete), once the new one has passed the
	// checks: a precondition (If-Match) or the author's scope. An error
	// cancels the write.
	Allow func(before, after *FeatureState) error
	// Author is recorded in the history row.
	Author Author
}

// FeatureState is a stored or would-be feature, as Allow sees it.
type FeatureState struct {
	// GeoJSON is the feature as Item returns it (CRS84), for a stored
	// feature; for a would-be feature, the body being written.
	GeoJSON []byte
	// Places are where the feature lies: an actor's place, a
	// partnership's two ends, an alliance's territory (its codes up to
	// the région).
	Places []geo.Place
}

// WrittenFeature is the outcome of a write: the feature's id and, unless
// deleted, the feature as Item now returns it (CRS84).
type WrittenFeature struct {
	ID      string
	GeoJSON []byte
	// ReadAfter is the primary's log position at or past the write's
	// commit, for its writer to read it back from a replica (read_after.go);
	// zero where the store does not tell.
	ReadAfter LogPosition
}

// Author is who writes: a token's id and name (0 and a command's name for
// an import from the command line).
type Author struct {
	TokenID int64
	Name    string
}

// HistoryQuery selects recorded changes: of one collection (or all), one
// feature, within a territory (the feature's place before or after the
// change), in [Since, Until); After pages by entry id.
type HistoryQuery struct {
	Collection string
	FeatureID  string
	Territory  *geo.ScopeEntry
	Since      time.Time
	Until      time.Time
	After      int64
	Limit      int
}

// HistoryEntry is one recorded change.
type HistoryEntry struct {
	ID         int64           `json:"id"`
	At         time.Time       `json:"at"`
	Author     string          `json:"author"`
	Collection string          `json:"collection"`
	FeatureID  string          `json:"featureId,omitempty"`
	Operation  string          `json:"operation"`
	Before     json.RawMessage `json:"before"`
	After      json.RawMessage `json:"after"`
}

// Tokens keeps the bearer tokens of the HTTP writes (PostGIS). Only a hash
// of each secret is stored.
type Tokens interface {
	// CreateToken stores a new token and returns it with its secret, which
	// is never stored nor shown again. An editor needs a scope whose
	// territories exist (else a *FilterError naming "scope").
	CreateToken(ctx context.Context, name string, role Role, scope geo.Scope) (Token, string, error)
	// Tokens lists every token, revoked ones included, by id.
	Tokens(ctx context.Context) ([]Token, error)
	// RevokeToken revokes a token by id (ErrNotFound when there is none);
	// revoking a revoked token changes nothing.
	RevokeToken(ctx context.Context, id int64) error
	// TokenBySecret finds the token of a secret: ErrNotFound when no token
	// has it; a revoked token is returned with Revoked set.
	TokenBySecret(ctx context.Context, secret string) (Token, error)
}

// Role is what a token may do.
type Role string

const (
	RoleEditor Role = "editor" // writes features within its scope
	RoleAdmin  Role = "admin"  // writes anything, imports
)

// Token is a stored token, without its secret.
type Token struct {
	ID      int64     `json:"id"`
	Name    string    `json:"name"`
	Role    Role      `json:"role"`
	Scope   geo.Scope `json:"-"`
	Created time.Time `json:"created"`
	Revoked time.Time `json:"revoked,omitzero"`
}

// ErrReadOnly is the answer of a store that takes no writes (the embedded
// one).
var ErrReadOnly = errors.New("the store is read-only")

// writableProperties are the properties a write may set, per writable
// collection, besides the id and (for actors) the geometry: the columns of
// the import files. Every other property of the collection is derived by
// the database.
var writableProperties = map[string][]string{
	CollectionActors: {"name", "kind", "siren", "rna", "commune", "country", "precision", "employees",
		"employer", "insertion", "sector", "reach", "domains", "active"},
	CollectionPartnerships: {"actor_a", "actor_b", "category", "domain", "start", "end", "stage"},
	// An alliance's members are its member_list, each {"actor", "role"}:
	// their names, kinds and worlds are derived.
	CollectionAlliances: {"name", "territory_level", "territory", "stake", "start_year", "illustrative", "member_list"},
}

// memberKeys are the keys a written alliance member may have.
var memberKeys = []string{"actor", "role"}

// WritableProperties returns the properties a write of collection may
// set (nil for a collection that takes no writes).
func WritableProperties(collection string) []string { return writableProperties[collection] }

// WriteError is a write refused for its body, each problem naming its
// field (a property, "geometry", "id" or "type"). Unprocessable is true
// when the body is a well-formed feature that fails the data's checks (an
// unknown actor or commune, a SIREN's checksum, an end before the start:
// HTTP 422), false when it is not a feature of the collection at all
// (HTTP 400).
type WriteError struct {
	Problems      []FieldProblem
	Unprocessable bool
}

// FieldProblem is one problem of a written feature.
type FieldProblem struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

func (e *WriteError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Field + ": " + p.Reason
	}
	return "data: feature refused: " + strings.Join(parts, "; ")
}

// MemberListJSON is a member_list value as a JSON array: the value itself,
// or the array a JSON string holds (as the alliances layer serves it).
func MemberListJSON(raw json.RawMessage) json.RawMessage {
	var text string
	if json.Unmarshal(raw, &text) == nil {
		return json.RawMessage(text)
	}
	return raw
}

// checkMemberList checks the shape of a written alliance's members: an
// array (or the JSON text of one) of objects with an actor and a role,
// nothing else (a member's name, kind and world are derived from the
// actor).
func checkMemberList(raw json.RawMessage) []FieldProblem {
	raw = MemberListJSON(raw)
	var list []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return []FieldProblem{{"member_list", `want an array of {"actor": id, "role": role}`}}
	}
	var out []FieldProblem
	for i, m := range list {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if !slices.Contains(memberKeys, k) {
				out = append(out, FieldProblem{fmt.Sprintf("member_list[%d].%s", i, k), `a member is {"actor": id, "role": role}; its name, kind and world are derived`})
			}
		}
		for _, k := range memberKeys {
			if _, ok := m[k]; !ok {
				out = append(out, FieldProblem{fmt.Sprintf("member_list[%d].%s", i, k), "is required"})
			}
		}
	}
	return out
}

// ConflictError is a write the stored data forbids as it stands (HTTP
// 409): deleting an actor that partnerships or alliances still name.
type ConflictError struct {
	Reason string
}

func (e *ConflictError) Error() string { return "data: conflict: " + e.Reason }

// CheckFeatureBody checks that body is a GeoJSON Feature a write of
// collection may store: an object of type Feature whose properties are
// all writable (a derived one, such as a partnership's scale, or an
// unknown one is refused, named), whose id, if any, is want's (when want
// is not ""), and whose geometry is a Point or null for an actor and null
// or absent for a partnership (its line is derived from its actors). It
// returns the feature's properties; the values are checked by the store,
// as an import's.
func CheckFeatureBody(collection string, body []byte, want string) (map[string]json.RawMessage, error) {
	var f struct {
		Type       *string                    `json:"type"`
		ID         json.RawMessage            `json:"id"`
		Geometry   json.RawMessage            `json:"geometry"`
		Properties map[string]json.RawMessage `json:"properties"`
	}
	bad := func(field, format string, args ...any) error {
		return &WriteError{Problems: []FieldProblem{{Field: field, Reason: fmt.Sprintf(format, args...)}}}
	}
	if err := json.Unmarshal(body, &f); err != nil {
		return nil, bad("type", "the body is not a GeoJSON Feature object: %v", err)
	}
	if f.Type == nil || *f.Type != "Feature" {
		return nil, bad("type", `want "type": "Feature"`)
	}
	c, ok := LookupCollection(collection)
	writable := writableProperties[collection]
	if !ok || writable == nil {
		return nil, bad("collection", "%s takes no writes", collection)
	}
	var problems []FieldProblem
	for _, name := range slices.Sorted(maps.Keys(f.Properties)) {
		switch {
		case slices.Contains(writable, name):
		case name == "id":
			// The id may be repeated as a property, as the import files allow.
		default:
			if _, known := c.Property(name); known {
				problems = append(problems, FieldProblem{name, "is derived by the database and cannot be written"})
			} else {
				problems = append(problems, FieldProblem{name, "is not a property of " + collection + " (writable: " + strings.Join(writable, ", ") + ")"})
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(f.Properties)) {
		if HoldsNUL(f.Properties[name]) {
			problems = append(problems, FieldProblem{name, ReasonNUL})
		}
	}
	if HoldsNUL(f.ID) {
		problems = append(problems, FieldProblem{"id", ReasonNUL})
	}
	if want != "" && len(f.ID) > 0 && string(f.ID) != "null" {
		if id := strings.Trim(string(f.ID), `"`); id != want {
			problems = append(problems, FieldProblem{"id", fmt.Sprintf("the body's id %s is not the feature's %s", id, want)})
		}
	}
	geom := bytes.TrimSpace(f.Geometry)
	hasGeom := len(geom) > 0 && string(geom) != "null"
	switch collection {
	case CollectionPartnerships:
		if hasGeom {
			problems = append(problems, FieldProblem{"geometry", "a partnership's line is derived from its actors: leave geometry null"})
		}
	case CollectionAlliances:
		if hasGeom {
			problems = append(problems, FieldProblem{"geometry", "an alliance's point is derived from its territory and members: leave geometry null"})
		}
		if raw, ok := f.Properties["member_list"]; ok {
			problems = append(problems, checkMemberList(raw)...)
		}
	case CollectionActors:
		var g struct{ Type string }
		if hasGeom && (json.Unmarshal(geom, &g) != nil || g.Type != "Point") {
			problems = append(problems, FieldProblem{"geometry", "an actor's geometry is a Point (or null: its commune's point)"})
		}
	}
	if len(problems) > 0 {
		return nil, &WriteError{Problems: problems}
	}
	if f.Properties == nil {
		f.Properties = map[string]json.RawMessage{}
	}
	return f.Properties, nil
}
