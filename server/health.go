package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

type status struct {
	Status string `json:"status"`
}

// healthz answers 200 while the process can serve HTTP at all; it touches
// nothing else, so an orchestrator restarts the process only when it is
// truly stuck.
func (s *Server) healthz(c echo.Context) error {
	if err := checkNoParams(c); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, status{"ok"})
}

// readyz answers 200 when the store answers a ping within the request
// deadline, 503 otherwise, so a load balancer sends no traffic to a replica
// whose database is unreachable.
func (s *Server) readyz(c echo.Context) error {
	if err := checkNoParams(c); err != nil {
		return err
	}
	if err := s.store.Ping(c.Request().Context()); err != nil {
		return &unavailableError{err: err}
	}
	return c.JSON(http.StatusOK, status{"ready"})
}
