package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/server"
	"github.com/paulmach/orb"
)

// benchStore is the test dataset plus n actors scattered around Lyon from
// a fixed seed.
func benchStore(b testing.TB, n int) data.Store {
	b.Helper()
	ds := testDataset()
	r := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		ds.Actors = append(ds.Actors, geo.Actor{
			ID: int64(100 + i), Name: fmt.Sprintf("Acteur %d", i), Kind: geo.ActorKinds[i%len(geo.ActorKinds)],
			CommuneCode: "69123", Country: "FR", Precision: geo.PrecisionApproximate,
			Location:  orb.Point{4.6 + r.Float64()*0.5, 45.6 + r.Float64()*0.3},
			Employees: r.IntN(500), Reach: geo.ScaleLocal, Domains: []geo.Domain{geo.DomainCulture},
		})
	}
	st, err := memory.New(ds)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(st.Close)
	return st
}

// BenchmarkItems measures the server's own cost of a 1000-feature page: the
// store's bytes are copied to the response as they come.
func BenchmarkItems(b *testing.B) {
	st := benchStore(b, 5000)
	for _, target := range []string{
		"/ogc/collections/actors/items?limit=1000",
		"/ogc/collections/actors/items?limit=1000&bbox=4.7,45.6,4.9,45.8",
	} {
		b.Run(target, func(b *testing.B) {
			h := server.New(st, server.Config{}, nil).Handler()
			req := httptest.NewRequest(http.MethodGet, target, nil)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				w := &discardWriter{header: http.Header{}}
				h.ServeHTTP(w, req)
				if w.code != http.StatusOK {
					b.Fatal(w.code)
				}
				b.SetBytes(w.n)
			}
		})
	}
}

// discardWriter is a ResponseWriter that only counts, so that benchmarks
// measure the server rather than httptest.ResponseRecorder's buffer growth.
type discardWriter struct {
	header http.Header
	code   int
	n      int64
}

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func (w *discardWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.n += int64(len(b))
	return len(b), nil
}

// BenchmarkItemsNaiveBaseline is what streaming avoids: decoding every
// feature into Go values and marshalling the whole collection again, as
// pg_featureserv does.
func BenchmarkItemsNaiveBaseline(b *testing.B) {
	st := benchStore(b, 5000)
	q := data.ItemsQuery{Limit: 1000}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var features []map[string]any
		err := st.Items(context.Background(), data.CollectionActors, q, func(f []byte) error {
			var m map[string]any
			if err := json.Unmarshal(f, &m); err != nil {
				return err
			}
			features = append(features, m)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		out, err := json.Marshal(map[string]any{"type": "FeatureCollection", "features": features})
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(out)))
	}
}

// BenchmarkItemByID measures the server's own cost of the smallest answer,
// one actor by id: what is left of a request once the store answers at
// once (the response cache serves it after the first time). The
// side-by-side comparison with pg_featureserv is bound by it.
func BenchmarkItemByID(b *testing.B) {
	st := benchStore(b, 10)
	h := server.New(st, server.Config{}, nil).Handler()
	req := httptest.NewRequest(http.MethodGet, "/ogc/collections/actors/items/105", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	b.ReportAllocs()
	for b.Loop() {
		w := &discardWriter{header: http.Header{}}
		h.ServeHTTP(w, req)
		if w.code != http.StatusOK {
			b.Fatal(w.code)
		}
	}
}
