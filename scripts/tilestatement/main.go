// Command tilestatement prints the statement Maillage's PostGIS store runs
// for one raw tile (postgis.TileStatement, with the analysis layer's
// budget), its parameters written in as literals, for pgbench and EXPLAIN:
//
//	go run ./scripts/tilestatement [-collection actors] 12/2101/1460
//
// The tile is z/x/y, column before row as web maps write it.
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/postgis"
	"github.com/paulmach/orb/maptile"
)

func main() {
	collection := flag.String("collection", data.CollectionActors, "collection of the tile")
	flag.Parse()
	var z, x, y uint64
	parts := strings.Split(flag.Arg(0), "/")
	ok := len(parts) == 3
	for i, p := range parts {
		n, err := strconv.ParseUint(p, 10, 32)
		ok = ok && err == nil
		switch i {
		case 0:
			z = n
		case 1:
			x = n
		case 2:
			y = n
		}
	}
	if !ok {
		fmt.Fprintln(os.Stderr, "usage: tilestatement [-collection actors] z/x/y")
		os.Exit(2)
	}
	sql, args, err := postgis.TileStatement(*collection, maptile.New(uint32(x), uint32(y), maptile.Zoom(z)), data.ItemsQuery{}, analysis.TileFeatureBudget)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Last placeholder first, so that $1 does not replace the start of $12.
	for i := len(args); i >= 1; i-- {
		lit := fmt.Sprint(args[i-1])
		if s, isText := args[i-1].(string); isText {
			lit = "'" + strings.ReplaceAll(s, "'", "''") + "'"
		}
		sql = strings.ReplaceAll(sql, "$"+strconv.Itoa(i), lit)
	}
	fmt.Println(sql + ";")
}
