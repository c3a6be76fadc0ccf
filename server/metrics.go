package server

import (
	"net/http"

	"github.com/maillage/maillage/analysis"
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
}

// Label names. route is the route pattern (/ogc/collections/:collectionId/items),
// never the raw path, so the number of series stays bounded.
const (
	labelMethod = "method"
	labelRoute  = "route"
	labelStatus = "status"
)

// newMetrics makes the collectors; cache reads the analysis cache's
// counters at each scrape.
func newMetrics(cache func() analysis.CacheStats) *metrics {
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
	}
	m.registry.MustRegister(m.requests, m.duration, m.inFlight,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	counter := func(name, help string, v func(analysis.CacheStats) uint64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help},
			func() float64 { return float64(v(cache())) })
	}
	gauge := func(name, help string, v func(analysis.CacheStats) uint64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help},
			func() float64 { return float64(v(cache())) })
	}
	m.registry.MustRegister(
		counter("maillage_analysis_cache_hits_total", "Analyses answered from the cache (same data version, same question).",
			func(s analysis.CacheStats) uint64 { return s.Hits }),
		counter("maillage_analysis_cache_misses_total", "Analyses computed because the cache did not hold them.",
			func(s analysis.CacheStats) uint64 { return s.Misses }),
		counter("maillage_analysis_cache_evictions_total", "Analyses dropped to keep the cache under its bound.",
			func(s analysis.CacheStats) uint64 { return s.Evictions }),
		gauge("maillage_analysis_cache_entries", "Analyses held in the cache.",
			func(s analysis.CacheStats) uint64 { return uint64(s.Entries) }),
		gauge("maillage_analysis_cache_bytes", "Estimated memory held by the cached analyses.",
			func(s analysis.CacheStats) uint64 { return s.Bytes }),
		gauge("maillage_analysis_cache_limit_bytes", "Bound on the cached analyses' estimated memory.",
			func(s analysis.CacheStats) uint64 { return s.LimitBytes }),
	)
	return m
}

// handler serves the registry in the Prometheus text format. Compression
// is left to the gzip middleware, so it is never applied twice.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{DisableCompression: true})
}
