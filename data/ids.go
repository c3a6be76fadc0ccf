package data

// MaxID is the largest id a feature may be given, 2⁵³ − 1: the largest
// integer a JSON number carries exactly to a client that reads numbers as
// doubles (JavaScript, hence MapLibre and the viewer), and far enough
// below PostgreSQL's bigint that the next id a store assigns (the largest
// plus one) cannot overflow: a write of id 9223372036854775807 made every
// later write without an id fail (a 500, "bigint out of range"). SIRETs
// (below 10¹⁴) and the RNA numbers' ids (below 1.01 × 10¹⁵) fit.
const MaxID = 1<<53 - 1
