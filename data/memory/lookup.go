package memory

import (
	"context"
	"fmt"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
)

// Territory implements data.Store.
func (s *Store) Territory(ctx context.Context, level geo.Level, code string) (geo.Territory, error) {
	if err := ctx.Err(); err != nil {
		return geo.Territory{}, err
	}
	i, ok := s.territory(level, code)
	if !ok {
		return geo.Territory{}, fmt.Errorf("%s %q: %w", level, code, data.ErrNotFound)
	}
	return s.ds.Territories[i], nil
}

// Children implements data.Store: the territories of childLevel whose
// parent code of parentLevel is parent, in code order, never nil. A child
// level not finer than the parent's gives an empty list; an unknown parent
// (or level) wraps data.ErrNotFound.
func (s *Store) Children(ctx context.Context, parentLevel geo.Level, parent string, childLevel geo.Level) ([]geo.Territory, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !childLevel.Valid() {
		return nil, fmt.Errorf("children of %s %q: level %q: %w", parentLevel, parent, childLevel, data.ErrNotFound)
	}
	p, ok := s.territory(parentLevel, parent)
	if !ok {
		return nil, fmt.Errorf("%s %q: %w", parentLevel, parent, data.ErrNotFound)
	}
	idx := s.children[childKey{p, int8(levelIndex(childLevel))}]
	out := make([]geo.Territory, len(idx))
	for n, j := range idx {
		out[n] = s.ds.Territories[j]
	}
	return out, nil
}

// Actor implements data.Store.
func (s *Store) Actor(ctx context.Context, id int64) (geo.Actor, error) {
	if err := ctx.Err(); err != nil {
		return geo.Actor{}, err
	}
	i, ok := s.actors[id]
	if !ok {
		return geo.Actor{}, fmt.Errorf("actor %d: %w", id, data.ErrNotFound)
	}
	return s.ds.Actors[i], nil
}

// Partnership implements data.Store.
func (s *Store) Partnership(ctx context.Context, id int64) (geo.Partnership, error) {
	if err := ctx.Err(); err != nil {
		return geo.Partnership{}, err
	}
	i, ok := s.partnerships[id]
	if !ok {
		return geo.Partnership{}, fmt.Errorf("partnership %d: %w", id, data.ErrNotFound)
	}
	return s.ds.Partnerships[i], nil
}

// Ping implements data.Store: the store is always ready.
func (s *Store) Ping(ctx context.Context) error { return ctx.Err() }

// Close implements data.Store; there is nothing to release.
func (s *Store) Close() {}

// Dataset returns the store's rows, sorted and derived. The slices are
// shared: callers must not modify them.
func (s *Store) Dataset() *dataset.Dataset { return s.ds }
