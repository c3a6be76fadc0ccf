// Command soak holds a running Maillage under a steady mixed load for a
// while and reports how it held: requests per second, p50 and p99 latency
// and status counts per route, and the server's resident memory sampled
// along the way (from /proc, so the server runs on this machine). It is a
// benchmark, not a test: loopback only, bounded in time.
//
//	go run ./scripts/soak -url http://127.0.0.1:8080 -pid $(pgrep -f 'maillage serve') -duration 10m
//
// The mix: item pages (first pages, pages in a random city box, single
// actors), vector tiles of actors, partnerships and communes around the
// same towns at zooms 6 to 14, flows, gap rankings, portraits and
// statistics of random départements, actor cells at random zooms. Each
// client sends one request after another; a 503 is counted, not retried
// early. With -token (an admin's secret: maillage token create --role
// admin), one more client writes: it changes the head count of a random
// actor every -write-every, and each write bumps the data version, so the
// analyses after it are computed again (cold) as in a deployment where
// authorities keep their data current. The p99 over all routes is also
// given minute by minute, to show whether it holds.
//
//	go run ./scripts/soak -url … -pid … -duration 10m -token $(cat token) -write-every 5s
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// route is one kind of request of the mix, with its weight.
type route struct {
	name   string
	weight int
	path   func(r *rand.Rand) string
}

var départements = []string{"01", "06", "13", "21", "29", "31", "33", "35", "38", "44", "59", "62", "67", "69", "75", "76", "83", "92", "93", "974"}

// cities are boxes around a few large towns, for item pages in a view.
var cities = [][4]float64{
	{2.25, 48.81, 2.42, 48.90}, {4.75, 45.70, 4.95, 45.82}, {5.30, 43.25, 5.45, 43.35}, {1.38, 43.55, 1.50, 43.65},
	{-0.65, 44.80, -0.52, 44.88}, {3.00, 50.60, 3.12, 50.66}, {7.70, 48.55, 7.80, 48.62},
}

var mix = []route{
	{"items-first", 20, func(r *rand.Rand) string {
		return fmt.Sprintf("/ogc/collections/actors/items?limit=%d", []int{10, 100, 1000}[r.IntN(3)])
	}},
	{"items-city", 20, func(r *rand.Rand) string {
		c := cities[r.IntN(len(cities))]
		return fmt.Sprintf("/ogc/collections/%s/items?limit=1000&bbox=%g,%g,%g,%g",
			[]string{"actors", "partnerships"}[r.IntN(2)], c[0], c[1], c[2], c[3])
	}},
	{"actor", 20, func(r *rand.Rand) string { return fmt.Sprintf("/ogc/collections/actors/items/%d", 1+r.IntN(100000)) }},
	{"flows", 8, func(r *rand.Rand) string {
		return "/api/flows?level=" + []string{"region", "departement", "epci"}[r.IntN(3)]
	}},
	{"gaps", 6, func(r *rand.Rand) string {
		return "/api/gaps?view=classes&level=" + []string{"departement", "epci", "commune"}[r.IntN(3)]
	}},
	{"portrait", 6, func(r *rand.Rand) string {
		return fmt.Sprintf("/api/territories/%s/portrait?level=departement", départements[r.IntN(len(départements))])
	}},
	{"stats", 6, func(r *rand.Rand) string {
		return fmt.Sprintf("/api/stats?level=departement&territory=%s", départements[r.IntN(len(départements))])
	}},
	{"actor-cells", 10, func(r *rand.Rand) string {
		return fmt.Sprintf("/api/actor-clusters?zoom=%d&bbox=-5.5,41,10,51.5", 5+r.IntN(4))
	}},
	{"tiles", 16, func(r *rand.Rand) string {
		c := cities[r.IntN(len(cities))]
		z := 6 + r.IntN(9)
		x, y := tileOf(c[0]+r.Float64()*(c[2]-c[0]), c[1]+r.Float64()*(c[3]-c[1]), z)
		return fmt.Sprintf("/ogc/collections/%s/tiles/WebMercatorQuad/%d/%d/%d",
			[]string{"actors", "partnerships", "communes"}[r.IntN(3)], z, y, x)
	}},
	{"health", 4, func(*rand.Rand) string { return "/healthz" }},
}

// tileOf is the Web Mercator tile of zoom z holding a point.
func tileOf(lon, lat float64, z int) (x, y int) {
	n := math.Exp2(float64(z))
	phi := lat * math.Pi / 180
	return int((lon + 180) / 360 * n), int((1 - math.Log(math.Tan(phi)+1/math.Cos(phi))/math.Pi) / 2 * n)
}

// tally is one route's outcomes.
type tally struct {
	latencies []time.Duration
	status    map[int]int
	errors    int
}

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the server")
	pid := flag.Int("pid", 0, "the server's process id, to sample its resident memory (0: none)")
	duration := flag.Duration("duration", 10*time.Minute, "how long to hold the load")
	clients := flag.Int("clients", 16, "concurrent clients")
	token := flag.String("token", "", "an admin token's secret: one more client writes (none without)")
	writeEvery := flag.Duration("write-every", 5*time.Second, "the writing client's pace")
	flag.Parse()

	total := 0
	for _, rt := range mix {
		total += rt.weight
	}
	var mu sync.Mutex
	tallies := map[string]*tally{}
	for _, rt := range mix {
		tallies[rt.name] = &tally{status: map[int]int{}}
	}
	tallies["write"] = &tally{status: map[int]int{}}
	// perMinute holds every latency by the minute it ended in, for the
	// p99 over time.
	var perMinute [][]time.Duration
	started := time.Now()
	record := func(name string, res *http.Response, err error, took time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		t := tallies[name]
		if err != nil {
			t.errors++
			return
		}
		t.status[res.StatusCode]++
		t.latencies = append(t.latencies, took)
		m := int(time.Since(started) / time.Minute)
		for len(perMinute) <= m {
			perMinute = append(perMinute, nil)
		}
		perMinute[m] = append(perMinute[m], took)
	}
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: *clients}}
	// do sends req, reads its answer to the end and records it under name.
	do := func(name string, req *http.Request) (*http.Response, error) {
		start := time.Now()
		res, err := client.Do(req)
		if err == nil {
			_, err = io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
		record(name, res, err, time.Since(start))
		return res, err
	}
	stop := time.Now().Add(*duration)
	var wg sync.WaitGroup
	for i := range *clients {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(i), 20151201))
			for time.Now().Before(stop) {
				n, rt := r.IntN(total), mix[0]
				for _, x := range mix {
					if n < x.weight {
						rt = x
						break
					}
					n -= x.weight
				}
				req, _ := http.NewRequest(http.MethodGet, *base+rt.path(r), nil)
				req.Header.Set("Accept-Encoding", "gzip")
				res, err := do(rt.name, req)
				if err == nil && res.StatusCode == http.StatusServiceUnavailable {
					time.Sleep(time.Second) // as Retry-After asks
				}
			}
		})
	}
	if *token != "" {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(*clients), 20151201))
			for tick := time.NewTicker(*writeEvery); time.Now().Before(stop); <-tick.C {
				req, _ := http.NewRequest(http.MethodPatch, fmt.Sprintf("%s/ogc/collections/actors/items/%d", *base, 1+r.IntN(100000)),
					strings.NewReader(fmt.Sprintf(`{"properties":{"employees":%d}}`, r.IntN(500))))
				req.Header.Set("Authorization", "Bearer "+*token)
				req.Header.Set("Content-Type", "application/merge-patch+json")
				_, _ = do("write", req)
			}
		})
	}
	var samples []string
	sample := func() {
		if *pid > 0 {
			samples = append(samples, fmt.Sprintf("%s %d MB", time.Since(started).Round(time.Second), rssMB(*pid)))
		}
	}
	sample()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for ticking := true; ticking; {
		select {
		case <-done:
			ticking = false
		case <-time.After(30 * time.Second):
			sample()
		}
	}
	sample()
	elapsed := time.Since(started)

	fmt.Printf("%d clients for %s on %s\n\n", *clients, elapsed.Round(time.Second), *base)
	fmt.Printf("%-12s %8s %8s %9s %9s  %s\n", "route", "requests", "req/s", "p50 ms", "p99 ms", "statuses")
	names := make([]string, 0, len(tallies))
	for n := range tallies {
		names = append(names, n)
	}
	slices.Sort(names)
	all := 0
	for _, n := range names {
		t := tallies[n]
		slices.Sort(t.latencies)
		all += len(t.latencies) + t.errors
		var st []string
		for code, k := range t.status {
			st = append(st, fmt.Sprintf("%d×%d", code, k))
		}
		slices.Sort(st)
		if t.errors > 0 {
			st = append(st, fmt.Sprintf("errors×%d", t.errors))
		}
		fmt.Printf("%-12s %8d %8.1f %9.1f %9.1f  %s\n", n, len(t.latencies)+t.errors,
			float64(len(t.latencies))/elapsed.Seconds(), ms(quantile(t.latencies, 0.5)), ms(quantile(t.latencies, 0.99)),
			strings.Join(st, " "))
	}
	fmt.Printf("%-12s %8d %8.1f\n", "all", all, float64(all)/elapsed.Seconds())
	var p99s []string
	for m, l := range perMinute {
		slices.Sort(l)
		p99s = append(p99s, fmt.Sprintf("%d: %.1f", m+1, ms(quantile(l, 0.99))))
	}
	fmt.Printf("\np99 ms over all routes, minute by minute: %s\n", strings.Join(p99s, ", "))
	if len(samples) > 0 {
		fmt.Printf("\nresident memory: %s\n", strings.Join(samples, ", "))
	}
}

func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// rssMB reads the resident set of process pid from /proc (Linux).
func rssMB(pid int) int {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			var kb int
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb >> 10
		}
	}
	return -1
}
