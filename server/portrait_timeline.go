package server

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/maillage/maillage/geo"
)

// timelineChart draws a timeline for the printable portrait as SVG: per
// year a bar of the active partnerships, stacked by scale in the map's
// colours, on the left axis; the partnering rates of associations and of
// companies of 10+ as two lines on the right axis, 0 to 100 %. Every text
// is a number or a fixed label.
func timelineChart(doc timelineDoc) template.HTML {
	const (
		left, right, top, bottom = 48, 48, 24, 58
		plotW, plotH             = 560, 180
		width, height            = left + plotW + right, top + plotH + bottom
		assocColor, companyColor = "#c2185b", "#00796b"
	)
	if len(doc.Years) == 0 {
		return ""
	}
	var maxActive int64 = 1
	for _, y := range doc.Years {
		maxActive = max(maxActive, y.Active)
	}
	slot := float64(plotW) / float64(len(doc.Years))
	barW := max(1, slot*0.7)
	yOf := func(n int64) float64 { return top + plotH - float64(plotH)*float64(n)/float64(maxActive) }
	rateY := func(p float64) float64 { return top + plotH - float64(plotH)*p/100 }
	var s bytes.Buffer
	fmt.Fprintf(&s, `<svg role="img" aria-label="Partenariats actifs et taux de partenariat par année" width="%d" height="%d" viewBox="0 0 %d %d" font-family="system-ui,sans-serif" font-size="12">`,
		width, height, width, height)
	fmt.Fprintf(&s, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#888"/>`, left, top+plotH, left+plotW, top+plotH)
	fmt.Fprintf(&s, `<text x="%d" y="%d" text-anchor="end">%s</text>`, left-4, top+4, thousands(maxActive))
	fmt.Fprintf(&s, `<text x="%d" y="%d" text-anchor="end">0</text>`, left-4, top+plotH+4)
	fmt.Fprintf(&s, `<text x="%d" y="%d">100 %%</text><text x="%d" y="%d">0 %%</text>`, left+plotW+4, top+4, left+plotW+4, top+plotH+4)
	every := max(1, (len(doc.Years)+9)/10) // at most about ten year labels
	var assoc, company []string
	for i, y := range doc.Years {
		x := float64(left) + slot*float64(i) + (slot-barW)/2
		var below int64
		for _, sc := range geo.Scales {
			n := y.ByScale[string(sc)]
			if n == 0 {
				continue
			}
			fmt.Fprintf(&s, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%d : %s %s</title></rect>`,
				x, yOf(below+n), barW, yOf(below)-yOf(below+n), scaleColors[sc], y.Year, thousands(n), scaleLabels[sc])
			below += n
		}
		cx := float64(left) + slot*(float64(i)+0.5)
		if i%every == 0 || i == len(doc.Years)-1 {
			fmt.Fprintf(&s, `<text x="%.1f" y="%d" text-anchor="middle">%d</text>`, cx, top+plotH+16, y.Year)
		}
		if y.AssociationRate != nil {
			assoc = append(assoc, fmt.Sprintf("%.1f,%.1f", cx, rateY(*y.AssociationRate)))
		}
		if y.Company10Rate != nil {
			company = append(company, fmt.Sprintf("%.1f,%.1f", cx, rateY(*y.Company10Rate)))
		}
	}
	for _, line := range []struct {
		points []string
		color  string
	}{{assoc, assocColor}, {company, companyColor}} {
		if len(line.points) > 0 {
			fmt.Fprintf(&s, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.Join(line.points, " "), line.color)
		}
	}
	for i, sc := range geo.Scales {
		x := left + i*140
		fmt.Fprintf(&s, `<rect x="%d" y="%d" width="12" height="10" fill="%s"/><text x="%d" y="%d">%s</text>`,
			x, height-33, scaleColors[sc], x+16, height-24, template.HTMLEscapeString(scaleLabels[sc]))
	}
	legend := []struct{ color, label string }{{assocColor, "associations ayant un partenariat actif (%)"},
		{companyColor, "entreprises de 10 salariés et plus (%)"}}
	for i, l := range legend {
		x := left + i*290
		fmt.Fprintf(&s, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/><text x="%d" y="%d">%s</text>`,
			x, height-8, x+18, height-8, l.color, x+22, height-4, template.HTMLEscapeString(l.label))
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String()) // built from numbers and fixed labels only
}
