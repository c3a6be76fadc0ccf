package postgis

import "github.com/maillage/maillage/data"

var _ data.PoolReporter = (*Store)(nil)

// PoolStats implements data.PoolReporter from pgxpool's own counters.
func (s *Store) PoolStats() data.PoolStats {
	st := s.pool.Stat()
	return data.PoolStats{
		Max: st.MaxConns(), Total: st.TotalConns(), Acquired: st.AcquiredConns(), Idle: st.IdleConns(),
		Constructing: st.ConstructingConns(),
		Acquires:     st.AcquireCount(), Waited: st.EmptyAcquireCount(), Canceled: st.CanceledAcquireCount(),
		WaitTime: st.AcquireDuration(),
	}
}
