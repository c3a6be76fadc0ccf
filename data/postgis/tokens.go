package postgis

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

var _ data.Tokens = (*Store)(nil)

// tokenPrefix starts every secret, so that a leaked one is recognisable
// (secret scanners key on such prefixes).
const tokenPrefix = "mlg_"

// CreateToken stores a token (migration 00020: only the SHA-256 of its
// secret) and returns the secret: 32 random bytes, base64url.
func (s *Store) CreateToken(ctx context.Context, name string, role data.Role, scope geo.Scope) (data.Token, string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return data.Token{}, "", &data.FilterError{Property: "name", Problem: " is empty"}
	case role != data.RoleEditor && role != data.RoleAdmin:
		return data.Token{}, "", &data.FilterError{Property: "role", Problem: fmt.Sprintf("=%q is neither editor nor admin", role)}
	case role == data.RoleEditor && len(scope) == 0:
		return data.Token{}, "", &data.FilterError{Property: "scope", Problem: " is empty: an editor writes within territories (region:84,departement:69,…)"}
	case role == data.RoleAdmin && len(scope) > 0:
		return data.Token{}, "", &data.FilterError{Property: "scope", Problem: " is given for an admin, who writes everywhere"}
	}
	for _, e := range scope {
		var ok bool
		if err := s.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM territories WHERE level = $1 AND code = $2)", string(e.Level), e.Code).Scan(&ok); err != nil {
			return data.Token{}, "", fmt.Errorf("token scope: %w", translate(ctx, err))
		}
		if !ok {
			return data.Token{}, "", &data.FilterError{Property: "scope", Problem: fmt.Sprintf(": %s is not a known territory", e)}
		}
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return data.Token{}, "", err
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	sum := sha256.Sum256([]byte(secret))
	t := data.Token{Name: name, Role: role, Scope: scope}
	err := s.pool.QueryRow(ctx, `INSERT INTO api_tokens (name, role, scope, secret_sha256) VALUES ($1, $2, $3, $4)
	    RETURNING id, created_at`, name, string(role), scopeStrings(scope), sum[:]).Scan(&t.ID, &t.Created)
	if err != nil {
		return data.Token{}, "", fmt.Errorf("token create: %w", translate(ctx, err))
	}
	return t, secret, nil
}

// Tokens lists every token by id.
func (s *Store) Tokens(ctx context.Context) ([]data.Token, error) {
	rows, _ := s.pool.Query(ctx, "SELECT id, name, role, scope, created_at, revoked_at, secret_sha256 FROM api_tokens ORDER BY id")
	stored, err := pgx.CollectRows(rows, scanToken)
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", translate(ctx, err))
	}
	out := make([]data.Token, len(stored))
	for i, t := range stored {
		out[i] = t.Token
	}
	return out, nil
}

// RevokeToken marks a token revoked (the first time only).
func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	var found bool
	err := s.pool.QueryRow(ctx, `WITH t AS (SELECT id FROM api_tokens WHERE id = $1),
	    u AS (UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL)
	  SELECT EXISTS (SELECT 1 FROM t)`, id).Scan(&found)
	if err != nil {
		return fmt.Errorf("token revoke: %w", translate(ctx, err))
	}
	if !found {
		return fmt.Errorf("token %d: %w", id, data.ErrNotFound)
	}
	return nil
}

// TokenBySecret finds a token by the SHA-256 of the secret (an indexed
// equality on a hash: its timing says nothing of the secret), compared
// again in constant time.
func (s *Store) TokenBySecret(ctx context.Context, secret string) (data.Token, error) {
	sum := sha256.Sum256([]byte(secret))
	rows, _ := s.pool.Query(ctx, "SELECT id, name, role, scope, created_at, revoked_at, secret_sha256 FROM api_tokens WHERE secret_sha256 = $1", sum[:])
	t, err := pgx.CollectExactlyOneRow(rows, scanToken)
	if errors.Is(err, pgx.ErrNoRows) {
		return data.Token{}, data.ErrNotFound
	}
	if err != nil {
		return data.Token{}, fmt.Errorf("token: %w", translate(ctx, err))
	}
	if subtle.ConstantTimeCompare(t.hash, sum[:]) != 1 {
		return data.Token{}, data.ErrNotFound
	}
	return t.Token, nil
}

type storedToken struct {
	data.Token
	hash []byte
}

func scanToken(r pgx.CollectableRow) (storedToken, error) {
	var t storedToken
	var role string
	var scope []string
	var revoked *time.Time
	if err := r.Scan(&t.ID, &t.Name, &role, &scope, &t.Created, &revoked, &t.hash); err != nil {
		return t, err
	}
	t.Role = data.Role(role)
	if revoked != nil {
		t.Revoked = *revoked
	}
	sc, err := geo.ParseScope(strings.Join(scope, ","))
	t.Scope = sc
	return t, err
}

func scopeStrings(s geo.Scope) []string {
	out := make([]string, len(s))
	for i, e := range s {
		out[i] = e.String()
	}
	return out
}
