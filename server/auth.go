package server

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
)

// Writes need a bearer token (`maillage token create`); reads never do.
// The store keeps only a hash of each secret: the server hashes what the
// client sent and looks the hash up (data.Tokens.TokenBySecret), so the
// secret is never compared, logged or kept.

// writeRefusal is a write the server will not make, with the status and
// the problem document that say why. Every one is counted in /metrics by
// reason.
type writeRefusal struct {
	status   int
	reason   string // the metric's label: unauthenticated, forbidden, read_only, precondition, invalid, conflict
	typ      string
	title    string
	detail   string
	param    string
	problems []data.FieldProblem
	rows     []data.RowError // an import's bad rows
}

func (e *writeRefusal) Error() string { return e.reason + ": " + e.detail }

// The problem types of refused writes.
const (
	problemUnauthenticated = "urn:maillage:problem:unauthenticated"
	problemForbidden       = "urn:maillage:problem:forbidden"
	problemReadOnly        = "urn:maillage:problem:read-only"
	problemPrecondition    = "urn:maillage:problem:precondition-failed"
	problemInvalidFeature  = "urn:maillage:problem:invalid-feature"
	problemConflict        = "urn:maillage:problem:conflict"
)

func unauthenticated(detail string) *writeRefusal {
	return &writeRefusal{status: http.StatusUnauthorized, reason: "unauthenticated", typ: problemUnauthenticated,
		title: "Unauthorized", detail: detail}
}

func forbidden(detail string) *writeRefusal {
	return &writeRefusal{status: http.StatusForbidden, reason: "forbidden", typ: problemForbidden, title: "Forbidden", detail: detail}
}

// authenticate returns the token of the request's Authorization header.
func (s *Server) authenticate(c echo.Context, tokens data.Tokens) (data.Token, error) {
	h := c.Request().Header.Get(echo.HeaderAuthorization)
	scheme, secret, ok := strings.Cut(h, " ")
	if h == "" {
		return data.Token{}, unauthenticated("writing needs an Authorization: Bearer <token> header (`maillage token create` makes tokens)")
	}
	secret = strings.TrimSpace(secret)
	if !ok || !strings.EqualFold(scheme, "Bearer") || secret == "" {
		return data.Token{}, unauthenticated("the Authorization header must be Bearer <token>")
	}
	t, err := tokens.TokenBySecret(c.Request().Context(), secret)
	switch {
	case errors.Is(err, data.ErrNotFound):
		return data.Token{}, unauthenticated("the token is not known")
	case err != nil:
		return data.Token{}, err
	case !t.Revoked.IsZero():
		return data.Token{}, unauthenticated(fmt.Sprintf("token %q was revoked", t.Name))
	}
	return t, nil
}

// allowedPlaces judges a token against where a feature lies, before and
// after a write: an admin writes anything; an editor writes an actor
// located in its scope, a partnership with at least one end in it, an
// alliance anchored in it (before and after: a feature may neither leave
// nor enter the scope of an editor who does not hold it on both sides).
func allowedPlaces(t data.Token, collection string, before, after *data.FeatureState) error {
	if t.Role == data.RoleAdmin {
		return nil
	}
	for _, st := range []*data.FeatureState{before, after} {
		if st == nil {
			continue
		}
		in := false
		for _, p := range st.Places {
			in = in || t.Scope.Covers(p)
		}
		if !in {
			what, verb := "the actor", "lies"
			switch collection {
			case data.CollectionPartnerships:
				what, verb = "both ends of the partnership", "lie"
			case data.CollectionAlliances:
				what = "the alliance's territory"
			}
			if st == after && before != nil {
				verb = "would lie, after this write,"
			}
			return forbidden(fmt.Sprintf("token %q writes within %s: %s %s outside it", t.Name, t.Scope, what, verb))
		}
	}
	return nil
}
