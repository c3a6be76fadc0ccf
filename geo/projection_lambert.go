package geo

import "math"

// The Lambert conformal conic projection on an ellipsoid, by the IGN's
// algorithms (note NT/G 71, "Projection cartographique conique conforme de
// Lambert"): ALG0001 (isometric latitude), ALG0002 (latitude from isometric
// latitude), ALG0003 (geographic → Lambert), ALG0004 (Lambert →
// geographic), ALG0021 (radius of curvature in the prime vertical) and
// ALG0054 (constants of a secant projection). Angles are in radians and
// lengths in metres throughout this file.

// ellipsoid is a reference ellipsoid: semi-major axis a (metres) and first
// eccentricity e.
type ellipsoid struct{ a, e float64 }

// grs80 is the GRS 1980 ellipsoid (a = 6 378 137 m, 1/f = 298.257222101),
// Lambert-93's. WGS 84's differs only in 1/f (298.257223563): the two give
// positions within 0.1 mm of each other.
func grs80() ellipsoid {
	const f = 1 / 298.257222101
	return ellipsoid{a: 6378137, e: math.Sqrt(f * (2 - f))}
}

// lambertConic holds the constants of a Lambert conformal conic projection
// as IGN names them: exponent n, constant c (m), longitude of the central
// meridian lambdaC, and the projected coordinates of the pole xs, ys (m),
// on an ellipsoid of eccentricity e.
type lambertConic struct {
	e, n, c, lambdaC, xs, ys float64
}

// isometricLatitude is IGN ALG0001: the isometric latitude of latitude phi
// on an ellipsoid of eccentricity e.
func isometricLatitude(phi, e float64) float64 {
	es := e * math.Sin(phi)
	return math.Log(math.Tan(math.Pi/4+phi/2) * math.Pow((1-es)/(1+es), e/2))
}

// latitudeOfIsometric is IGN ALG0002: the latitude whose isometric
// latitude is l, iterated until two steps differ by at most eps. The
// iteration converges in a handful of steps for any finite l; the cap of
// 50 only guards against a NaN.
func latitudeOfIsometric(l, e, eps float64) float64 {
	el := math.Exp(l)
	phi := 2*math.Atan(el) - math.Pi/2
	for range 50 {
		es := e * math.Sin(phi)
		next := 2*math.Atan(math.Pow((1+es)/(1-es), e/2)*el) - math.Pi/2
		if math.Abs(next-phi) <= eps {
			return next
		}
		phi = next
	}
	return phi
}

// normalRadius is IGN ALG0021: the radius of curvature in the prime
// vertical at latitude phi, in metres.
func normalRadius(phi float64, el ellipsoid) float64 {
	s := el.e * math.Sin(phi)
	return el.a / math.Sqrt(1-s*s)
}

// secantLambert is IGN ALG0054: the constants of the Lambert projection
// secant along the parallels phi1 and phi2, with origin (lambda0, phi0)
// at (x0, y0). A phi0 at the pole puts the pole at (x0, y0).
func secantLambert(el ellipsoid, lambda0, phi0, phi1, phi2, x0, y0 float64) lambertConic {
	n1 := normalRadius(phi1, el) * math.Cos(phi1)
	n2 := normalRadius(phi2, el) * math.Cos(phi2)
	l1 := isometricLatitude(phi1, el.e)
	l2 := isometricLatitude(phi2, el.e)
	n := math.Log(n2/n1) / (l1 - l2)
	c := n1 / n * math.Exp(n*l1)
	p := lambertConic{e: el.e, n: n, c: c, lambdaC: lambda0, xs: x0, ys: y0}
	if math.Abs(phi0-math.Pi/2) > 1e-12 {
		p.ys = y0 + c*math.Exp(-n*isometricLatitude(phi0, el.e))
	}
	return p
}

// lambert93 is EPSG:2154's projection: φ1 = 44°, φ2 = 49°, origin
// (3° E, 46°30′ N) at (700 000 m, 6 600 000 m), on GRS80. It gives IGN's
// published constants n = 0.7256077650, c = 11 754 255.426 m,
// Xs = 700 000 m, Ys = 12 655 612.050 m.
func lambert93() lambertConic {
	const deg = math.Pi / 180
	return secantLambert(grs80(), 3*deg, 46.5*deg, 44*deg, 49*deg, 700000, 6600000)
}

// forward is IGN ALG0003: longitude lambda and latitude phi (radians) to
// x, y (metres). The pole opposite the cone's apex has no image: its
// coordinates are infinite or NaN.
func (p lambertConic) forward(lambda, phi float64) (x, y float64) {
	r := p.c * math.Exp(-p.n*isometricLatitude(phi, p.e))
	g := p.n * (lambda - p.lambdaC)
	return p.xs + r*math.Sin(g), p.ys - r*math.Cos(g)
}

// inverse is IGN ALG0004: x, y (metres) to longitude and latitude
// (radians), the latitude iterated to 1e-12 rad (6 µm). The angle is
// taken with Atan2, so points beyond the apex's parallel still come back
// to their meridian.
func (p lambertConic) inverse(x, y float64) (lambda, phi float64) {
	dx, dy := x-p.xs, y-p.ys
	r := math.Hypot(dx, dy)
	gamma := math.Atan2(dx, -dy)
	if p.n < 0 { // a cone whose apex is the south pole: c < 0 turns both axes
		gamma = math.Atan2(-dx, dy)
	}
	lambda = p.lambdaC + gamma/p.n
	l := -math.Log(math.Abs(r/p.c)) / p.n
	return lambda, latitudeOfIsometric(l, p.e, 1e-12)
}
