package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
)

type status struct {
	Status    string           `json:"status"`
	Databases []databaseStatus `json:"databases,omitempty"`
}

// databaseStatus is one database of a store with replicas, in /readyz.
type databaseStatus struct {
	Name     string `json:"name"`
	Replica  bool   `json:"replica"`
	Up       bool   `json:"up"`
	LagBytes *int64 `json:"lag_bytes"` // null when unknown
}

// healthz answers 200 while the process can serve HTTP at all; it touches
// nothing else, so an orchestrator restarts the process only when it is
// truly stuck.
func (s *Server) healthz(c echo.Context) error {
	if err := checkNoParams(c); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, status{Status: "ok"})
}

// readyz answers 200 when the store answers a ping within the request
// deadline, 503 otherwise, so a load balancer sends no traffic to a process
// whose database is unreachable; 503 too while StartWarm runs. With
// replicas, the answer lists each database's state at its last check (the
// process is ready while the primary or one replica answers).
func (s *Server) readyz(c echo.Context) error {
	if err := checkNoParams(c); err != nil {
		return err
	}
	if err := s.store.Ping(c.Request().Context()); err != nil {
		return &unavailableError{err: err}
	}
	if s.warming.Load() {
		return &unavailableError{err: errWarming, detail: "the server is filling its analyses' caches"}
	}
	st := status{Status: "ready"}
	if br, ok := s.store.(data.BackendReporter); ok {
		if backends := br.Backends(); len(backends) > 1 {
			for _, b := range backends {
				d := databaseStatus{Name: b.Name, Replica: b.Replica, Up: b.Up}
				if b.LagBytes >= 0 {
					d.LagBytes = &b.LagBytes
				}
				st.Databases = append(st.Databases, d)
			}
		}
	}
	return c.JSON(http.StatusOK, st)
}
