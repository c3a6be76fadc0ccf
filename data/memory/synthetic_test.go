package memory

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// parisBBox holds the cluster of 1000 actors synthetic puts around Paris.
func parisBBox() orb.Bound {
	return orb.Bound{Min: orb.Point{2.25, 48.75}, Max: orb.Point{2.45, 48.95}}
}

// synthetic builds a dataset the size of the demo from a fixed seed: 12
// rectangular régions, 96 départements drawn as 2000-vertex wobbly disks, 1250
// EPCIs, 35 000 communes, 20 000 actors (1000 of them around Paris), 12 000
// partnerships and 300 alliances over metropolitan France's extent. Codes
// look real but nothing else is.
func synthetic(seed uint64) *dataset.Dataset {
	rng := rand.New(rand.NewPCG(seed, 1))
	const x0, y0, x1, y1 = -4.8, 42.3, 8.2, 51.1
	ds := &dataset.Dataset{}
	regionCodes := []string{"11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93"}
	regionAt := func(x, y float64) string {
		col := min(int((x-x0)/(x1-x0)*4), 3)
		row := min(int((y-y0)/(y1-y0)*3), 2)
		return regionCodes[row*4+col]
	}
	for i, code := range regionCodes {
		col, row := float64(i%4), float64(i/4)
		w, h := (x1-x0)/4, (y1-y0)/3
		ds.Territories = append(ds.Territories, geo.Territory{Code: code, Name: "Région " + code, Level: geo.LevelRegion,
			Geometry: orb.MultiPolygon{{box(x0+col*w, y0+row*h, x0+(col+1)*w, y0+(row+1)*h)}}})
	}
	var depCodes []string
	for i := 1; i <= 95; i++ {
		if i != 20 {
			depCodes = append(depCodes, fmt.Sprintf("%02d", i))
		}
	}
	depCodes = append(depCodes, "2A", "2B")
	type cell struct{ cx, cy, r float64 }
	cells := map[string]cell{}
	for i, code := range depCodes {
		w, h := (x1-x0)/12, (y1-y0)/8
		c := cell{x0 + (float64(i%12)+0.5)*w, y0 + (float64(i/12)+0.5)*h, min(w, h) * 0.45}
		cells[code] = c
		ring := make(orb.Ring, 0, 2001)
		for k := range 2000 {
			a := 2 * math.Pi * float64(k) / 2000
			r := c.r * (0.85 + 0.15*math.Sin(7*a) + 0.02*rng.Float64())
			ring = append(ring, orb.Point{round7(c.cx + r*math.Cos(a)), round7(c.cy + r*math.Sin(a))})
		}
		ring = append(ring, ring[0])
		ds.Territories = append(ds.Territories, geo.Territory{Code: code, Name: "Département " + code,
			Level: geo.LevelDepartement, RegionCode: regionAt(c.cx, c.cy), Geometry: orb.MultiPolygon{{ring}}})
	}
	epcisOf := map[string][]string{}
	for i := range 1250 {
		dep := depCodes[i%len(depCodes)]
		c := cells[dep]
		code := strconv.Itoa(200000000 + i)
		epcisOf[dep] = append(epcisOf[dep], code)
		ds.Territories = append(ds.Territories, geo.Territory{Code: code, Name: "EPCI " + code, Level: geo.LevelEPCI,
			RegionCode: regionAt(c.cx, c.cy), DepartementCode: dep, Approximate: true,
			Geometry: orb.Point{round7(c.cx + (rng.Float64()-0.5)*c.r), round7(c.cy + (rng.Float64()-0.5)*c.r)}})
	}
	var communes []geo.Territory
	for i := range 35000 {
		dep := depCodes[i%len(depCodes)]
		c := cells[dep]
		code := fmt.Sprintf("%s%03d", dep, i/len(depCodes)+1)
		epcis := epcisOf[dep]
		t := geo.Territory{Code: code, Name: "Commune " + code, Level: geo.LevelCommune, RegionCode: regionAt(c.cx, c.cy),
			DepartementCode: dep, EPCICode: epcis[rng.IntN(len(epcis))], Population: int64(rng.IntN(20000)), Approximate: true,
			Geometry: orb.Point{round7(c.cx + (rng.Float64()-0.5)*c.r), round7(c.cy + (rng.Float64()-0.5)*c.r)},
			Typology: geo.Typology{DensityClass: 1 + rng.IntN(7), QPVShare: round7(rng.Float64() / 4)}}
		communes = append(communes, t)
	}
	ds.Territories = append(ds.Territories, communes...)
	for i := range 20000 {
		com := communes[rng.IntN(len(communes))]
		pt := com.Geometry.(orb.Point)
		if i%20 == 0 { // 1000 actors around Paris
			pt = orb.Point{round7(2.25 + rng.Float64()*0.2), round7(48.75 + rng.Float64()*0.2)}
		}
		ds.Actors = append(ds.Actors, geo.Actor{ID: int64(i + 1), Name: "Acteur " + strconv.Itoa(i+1),
			Kind: geo.ActorKinds[rng.IntN(len(geo.ActorKinds))], CommuneCode: com.Code, Country: "FR", Location: pt,
			Precision: geo.PrecisionApproximate, Employees: rng.IntN(500), Reach: geo.ScaleLocal,
			Domains: []geo.Domain{geo.Domains[rng.IntN(len(geo.Domains))]}})
	}
	start := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 12000 {
		a := rng.IntN(20000) + 1
		b := (a+rng.IntN(19999))%20000 + 1
		ds.Partnerships = append(ds.Partnerships, geo.Partnership{ID: int64(i + 1), ActorA: int64(a), ActorB: int64(b),
			Category: geo.Categories[rng.IntN(len(geo.Categories))], Domain: geo.Domains[rng.IntN(len(geo.Domains))],
			Start: start.AddDate(0, 0, rng.IntN(4000))})
	}
	for i := range 300 {
		com := communes[rng.IntN(len(communes))]
		al := geo.Alliance{ID: int64(i + 1), Name: "Alliance " + strconv.Itoa(i+1), TerritoryLevel: geo.LevelCommune,
			TerritoryCode: com.Code, Stake: geo.Domains[rng.IntN(len(geo.Domains))], StartYear: 2000 + rng.IntN(20)}
		for m := range 2 + rng.IntN(3) {
			al.Members = append(al.Members, geo.AllianceMember{ActorID: int64(rng.IntN(20000) + 1 + m*0), Role: geo.Roles[m%4]})
		}
		ds.Alliances = append(ds.Alliances, al)
	}
	dataset.Sort(ds)
	return ds
}

func box(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

func round7(v float64) float64 { return math.Round(v*1e7) / 1e7 }
