package postgis

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Actor returns one actor by id.
func (s *Store) Actor(ctx context.Context, id int64) (geo.Actor, error) {
	rows, err := s.reader(ctx).Query(ctx, fixedSQL("actor_select")+"\n WHERE a.id = $1", id)
	if err != nil {
		return geo.Actor{}, fmt.Errorf("actor %d: %w", id, translate(ctx, err))
	}
	a, err := pgx.CollectExactlyOneRow(rows, scanActor)
	if errors.Is(err, pgx.ErrNoRows) {
		return geo.Actor{}, fmt.Errorf("actor %d: %w", id, data.ErrNotFound)
	}
	if err != nil {
		return geo.Actor{}, fmt.Errorf("actor %d: %w", id, translate(ctx, err))
	}
	return a, nil
}

// Partnership returns one partnership by id, with the scale the database
// derived from its actors.
func (s *Store) Partnership(ctx context.Context, id int64) (geo.Partnership, error) {
	rows, err := s.reader(ctx).Query(ctx, fixedSQL("partnership_select")+"\n WHERE p.id = $1", id)
	if err != nil {
		return geo.Partnership{}, fmt.Errorf("partnership %d: %w", id, translate(ctx, err))
	}
	p, err := pgx.CollectExactlyOneRow(rows, scanPartnership)
	if errors.Is(err, pgx.ErrNoRows) {
		return geo.Partnership{}, fmt.Errorf("partnership %d: %w", id, data.ErrNotFound)
	}
	if err != nil {
		return geo.Partnership{}, fmt.Errorf("partnership %d: %w", id, translate(ctx, err))
	}
	return p, nil
}

// scanActor reads one row of actor_select.sql.
func scanActor(row pgx.CollectableRow) (geo.Actor, error) {
	var (
		a                                  geo.Actor
		kind, prec, sector, reach, domains string
		active                             bool
	)
	err := row.Scan(&a.ID, &a.Name, &kind, &a.SIREN, &a.RNA, &a.CommuneCode, &a.Country,
		&a.Location[0], &a.Location[1], &prec, &a.Employees, &a.Employer, &a.Insertion,
		&sector, &reach, &domains, &active)
	if err != nil {
		return geo.Actor{}, err
	}
	a.Kind, a.Precision = geo.ActorKind(kind), geo.Precision(prec)
	a.Sector, a.Reach = geo.Sector(sector), geo.Scale(reach)
	a.Inactive = !active
	if domains != "" {
		for d := range strings.SplitSeq(domains, ",") {
			a.Domains = append(a.Domains, geo.Domain(d))
		}
	}
	return a, nil
}

// scanPartnership reads one row of partnership_select.sql; a NULL end is
// the zero time, a NULL stage "".
func scanPartnership(row pgx.CollectableRow) (geo.Partnership, error) {
	var (
		p                       geo.Partnership
		category, domain, scale string
		end                     *time.Time
		stage                   *string
	)
	if err := row.Scan(&p.ID, &p.ActorA, &p.ActorB, &category, &domain, &p.Start, &end, &scale, &stage); err != nil {
		return geo.Partnership{}, err
	}
	p.Category, p.Domain, p.Scale = geo.Category(category), geo.Domain(domain), geo.Scale(scale)
	if stage != nil {
		p.Stage = geo.Stage(*stage)
	}
	if end != nil {
		p.End = *end
	}
	return p, nil
}
