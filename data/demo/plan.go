package demo

import "math"

// plan holds the population sizes and the calibration targets of one
// generation. The targets are the RAMEAU 2015 figures (geo's reference
// values, ref* in geo/observatory_compute.go); the sizes are chosen so
// that they can all hold at once.
//
// Le RAMEAU's figures do not fit a one-pair-per-partnership model at 1/100 of
// France's 1.3 M associations: 38 % of them with 4.5 partnerships each would
// alone need 2.2 M partnership ends, against 2.4 M ends for the 1.2 M
// partnerships, leaving almost none for companies averaging 5.1. The demo
// keeps companies and partnerships at 1/100 and sizes the associations so
// that both averages hold; the RAMEAU figures are the contract, the head count
// of associations is not.
type plan struct {
	partnerships int

	companiesBySize [4]int // 1-9, 10-249, 250-999, 1000+
	associations    int
	employerShare   float64
	insertion       int // structures d'insertion, all employers
	collectivites   int // beside régions, départements and large EPCIs (added from the geography)
	etat            int
	enseignement    int
	clubs           int
	autres          int
	abroad          int

	// rates of the figures
	assocRate, assocEmployerRate, insertionRate float64
	company10Rate, company1000Rate              float64
	company250Rate                              float64
	companySmallPartnering                      int
	assocAvg, companyAvg                        float64
	assocCategoryRates                          [4]float64
	companyInsertion, companyLocal              float64
	companyRegional, companyCollectivite        float64
	companyPairs                                int // company–company partnerships
}

func newPlan(scale float64) plan {
	n := func(x float64) int { return int(math.Round(x * scale)) }
	return plan{
		partnerships:           n(12000),
		companiesBySize:        [4]int{n(8900), n(1700), n(300), n(100)},
		associations:           n(6000),
		employerShare:          0.115,
		insertion:              n(120),
		etat:                   n(300),
		enseignement:           n(800),
		clubs:                  n(150),
		autres:                 n(200),
		abroad:                 n(80),
		assocRate:              0.38,
		assocEmployerRate:      0.53,
		insertionRate:          0.70,
		company10Rate:          0.37,
		company1000Rate:        0.49,
		company250Rate:         0.45,
		companySmallPartnering: n(909),
		assocAvg:               4.5,
		companyAvg:             5.1,
		assocCategoryRates:     [4]float64{0.67, 0.29, 0.26, 0.25},
		companyInsertion:       0.62,
		companyLocal:           0.75,
		companyRegional:        0.50,
		companyCollectivite:    0.52,
		companyPairs:           n(400),
	}
}

func round(x float64) int { return int(math.Round(x)) }
