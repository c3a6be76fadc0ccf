package postgis

import (
	"embed"
	"fmt"
)

// queryFiles holds the fixed statements, one per .sql file.
//
//go:embed sql/*.sql
var queryFiles embed.FS

// fixedSQL returns the text of sql/<name>.sql. A missing file is a bug in this
// package, caught by TestFixedSQL, hence the panic.
func fixedSQL(name string) string {
	b, err := queryFiles.ReadFile("sql/" + name + ".sql")
	if err != nil {
		panic(fmt.Sprintf("postgis: no embedded query %s: %v", name, err))
	}
	return string(b)
}
