package server

import (
	"net/http"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are one Server's Prometheus collectors, in a registry of its own
// rather than the global default, so servers (and tests) never share counts.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge
	// refusals counts the writes refused, by reason (auth.go).
	refusals *prometheus.CounterVec
	// laterCounts counts the items counts left to a later request
	// (countDeferred), by whether the background count started.
	laterCounts *prometheus.CounterVec
}

// writeRefused counts a refused write.
func (m *metrics) writeRefused(reason string) { m.refusals.WithLabelValues(reason).Inc() }

// countLeft counts a page whose count was left to a later request, and
// whether the background count started (or all its slots were busy).
func (m *metrics) countLeft(started bool) {
	outcome := "busy"
	if started {
		outcome = "started"
	}
	m.laterCounts.WithLabelValues(outcome).Inc()
}

// Label names. route is the route pattern (/ogc/collections/:collectionId/items),
// never the raw path, so the number of series stays bounded.
const (
	labelMethod = "method"
	labelRoute  = "route"
	labelStatus = "status"
)

// newMetrics makes the collectors; caches names each cache of answers
// (the metric's prefix) with the function reading its counters at each
// scrape.
func newMetrics(caches map[string]func() analysis.CacheStats) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "maillage_http_requests_total",
			Help: "HTTP requests answered, by method, route pattern and status (499: the client left first).",
		}, []string{labelMethod, labelRoute, labelStatus}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "maillage_http_request_duration_seconds",
			Help:    "Time from receiving a request to the end of its response, by method, route pattern and status.",
			Buckets: prometheus.DefBuckets,
		}, []string{labelMethod, labelRoute, labelStatus}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "maillage_http_requests_in_flight",
			Help: "HTTP requests being answered.",
		}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "maillage_write_refusals_total",
			Help: "Writes refused, by reason: unauthenticated (no, bad or revoked token), forbidden (outside the token's scope), read_only, precondition (stale If-Match), invalid (the body), conflict, too_large.",
		}, []string{"reason"}),
		laterCounts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "maillage_items_counts_deferred_total",
			Help: "Items pages answered without numberMatched, their count left to a later request, by outcome: started (counted in the background), busy (every background slot taken; a later request asks again).",
		}, []string{"outcome"}),
	}
	m.registry.MustRegister(m.requests, m.duration, m.inFlight, m.refusals, m.laterCounts,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for prefix, read := range caches {
		m.registry.MustRegister(cacheCollectors(prefix, read)...)
	}
	return m
}

// poolCollectors report a store's connection pool (data.PoolReporter).
func poolCollectors(read func() data.PoolStats) []prometheus.Collector {
	gauge := func(name, help string, v func(data.PoolStats) float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "maillage_db_pool_" + name, Help: help},
			func() float64 { return v(read()) })
	}
	counter := func(name, help string, v func(data.PoolStats) float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "maillage_db_pool_" + name, Help: help},
			func() float64 { return v(read()) })
	}
	return []prometheus.Collector{
		gauge("max_connections", "Bound on the pool's connections.", func(s data.PoolStats) float64 { return float64(s.Max) }),
		gauge("connections", "Connections open, whatever their state.", func(s data.PoolStats) float64 { return float64(s.Total) }),
		gauge("acquired_connections", "Connections in use by a request.", func(s data.PoolStats) float64 { return float64(s.Acquired) }),
		gauge("idle_connections", "Connections open and free.", func(s data.PoolStats) float64 { return float64(s.Idle) }),
		counter("acquires_total", "Connections handed out.", func(s data.PoolStats) float64 { return float64(s.Acquires) }),
		counter("waited_acquires_total", "Connections a request had to wait for.", func(s data.PoolStats) float64 { return float64(s.Waited) }),
		counter("canceled_acquires_total", "Waits for a connection given up (the request ended first).", func(s data.PoolStats) float64 { return float64(s.Canceled) }),
		counter("acquire_wait_seconds_total", "Time spent waiting for connections.", func(s data.PoolStats) float64 { return s.WaitTime.Seconds() }),
	}
}

// backendCollectors report each database of a store with replicas
// (data.BackendReporter): whether it is up, and a replica's replay lag.
func backendCollectors(read func() []data.BackendStatus) []prometheus.Collector {
	var out []prometheus.Collector
	for i, b := range read() {
		labels := prometheus.Labels{"database": b.Name}
		out = append(out,
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "maillage_db_up", ConstLabels: labels,
				Help: "1 when the database answered its last check (and a replica replays within the allowed lag)."},
				func() float64 {
					if read()[i].Up {
						return 1
					}
					return 0
				}),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "maillage_db_replay_lag_bytes", ConstLabels: labels,
				Help: "Bytes of WAL a replica had not replayed at its last check (-1: unknown; 0 for the primary)."},
				func() float64 { return float64(read()[i].LagBytes) }))
	}
	return out
}

// versionCollector reports whether the primary's data version is known
// from the database's notifications: 0 while the listener is away, when
// every request reads the version itself (correct, but a statement more
// per request).
func versionCollector(read func() []data.BackendStatus) prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "maillage_version_notified",
		Help: "1 when the data version is kept current by the database's notifications, 0 when each request reads it."},
		func() float64 {
			if read()[0].VersionNotified {
				return 1
			}
			return 0
		})
}

// cacheCollectors are one cache's counters and sizes, named prefix_….
func cacheCollectors(prefix string, read func() analysis.CacheStats) []prometheus.Collector {
	counter := func(name, help string, v func(analysis.CacheStats) uint64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: prefix + name, Help: help},
			func() float64 { return float64(v(read())) })
	}
	gauge := func(name, help string, v func(analysis.CacheStats) uint64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: prefix + name, Help: help},
			func() float64 { return float64(v(read())) })
	}
	return []prometheus.Collector{
		counter("_hits_total", "Answers served from the cache.", func(s analysis.CacheStats) uint64 { return s.Hits }),
		counter("_misses_total", "Answers the cache did not hold.", func(s analysis.CacheStats) uint64 { return s.Misses }),
		counter("_evictions_total", "Answers dropped to keep the cache under its bound.", func(s analysis.CacheStats) uint64 { return s.Evictions }),
		gauge("_entries", "Answers held.", func(s analysis.CacheStats) uint64 { return uint64(s.Entries) }),
		gauge("_bytes", "Estimated memory held by the answers.", func(s analysis.CacheStats) uint64 { return s.Bytes }),
		gauge("_limit_bytes", "Bound on the answers' estimated memory.", func(s analysis.CacheStats) uint64 { return s.LimitBytes }),
	}
}

// handler serves the registry in the Prometheus text format. Compression
// is left to the gzip middleware, so it is never applied twice.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{DisableCompression: true})
}
