package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"slices"
	"strings"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/postgis"
	"github.com/maillage/maillage/server"
	"github.com/spf13/pflag"
)

// envPrefix starts every environment variable the binary reads. A flag
// --foo-bar is also read from MAILLAGE_FOO_BAR; a flag on the command line
// wins over the environment, which wins over the default.
const envPrefix = "MAILLAGE_"

// lookupEnv reads one environment variable; main passes os.LookupEnv and
// tests a map, so nothing below main touches the process environment.
type lookupEnv func(name string) (string, bool)

// envName is the environment variable of a flag.
func envName(flag string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// documentEnv appends each flag's variable to its help text.
func documentEnv(fs *pflag.FlagSet) {
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Name != "help" && !strings.Contains(f.Usage, envPrefix) {
			f.Usage += " [env " + envName(f.Name) + "]"
		}
	})
}

// applyEnv sets every flag the command line left alone from its MAILLAGE_*
// variable, and returns one error per variable that does not parse.
func applyEnv(fs *pflag.FlagSet, env lookupEnv) []error {
	var errs []error
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Changed || f.Name == "help" {
			return
		}
		name := envName(f.Name)
		v, ok := env(name)
		if !ok {
			return
		}
		if err := f.Value.Set(v); err != nil {
			errs = append(errs, fmt.Errorf("%s=%q: %v", name, v, err))
		}
	})
	return errs
}

// logConfig says how the binary logs (to stderr).
type logConfig struct {
	Level  string // debug, info, warn or error
	Format string // text or json
}

func (c logConfig) validate() []error {
	var errs []error
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.Level)); err != nil {
		errs = append(errs, fmt.Errorf("log level %q: want debug, info, warn or error", c.Level))
	}
	if c.Format != "text" && c.Format != "json" {
		errs = append(errs, fmt.Errorf("log format %q: want text or json", c.Format))
	}
	return errs
}

// serveConfig is what `maillage serve` runs with. DB.URL chooses PostGIS;
// otherwise DataDir, a dataset directory, or else the embedded demo, is
// served from memory.
type serveConfig struct {
	Log     logConfig
	Server  server.Config
	DB      postgis.Config
	DataDir string
	// MemoryLimitMB is the Go runtime's soft memory limit
	// (debug.SetMemoryLimit), 0 for the runtime's own (GOMEMLIMIT, or none).
	MemoryLimitMB int64
}

// Validate reports every problem at once.
func (c serveConfig) Validate() error {
	errs := c.Log.validate()
	if c.MemoryLimitMB < 0 {
		errs = append(errs, fmt.Errorf("memory limit %d MB is negative", c.MemoryLimitMB))
	}
	if err := c.Server.Validate(); err != nil {
		errs = append(errs, err)
	}
	if c.Server.Addr == "" {
		errs = append(errs, errors.New("addr is empty: want host:port"))
	}
	if c.DB.URL != "" && c.DataDir != "" {
		errs = append(errs, errors.New("--database-url and --data-dir exclude each other: serve from PostGIS or from a dataset directory"))
	}
	if c.DataDir != "" {
		errs = append(errs, checkDir("data dir", c.DataDir)...)
	}
	if c.DB.MaxConns < 0 {
		errs = append(errs, fmt.Errorf("db max conns %d is negative", c.DB.MaxConns))
	}
	if len(c.DB.ReadURLs) > 0 && c.DB.URL == "" {
		errs = append(errs, errors.New("--database-read-url needs --database-url: replicas are read beside their primary"))
	}
	if c.DB.MaxReplicaLag < 0 {
		errs = append(errs, fmt.Errorf("max replica lag %d bytes is negative", c.DB.MaxReplicaLag))
	}
	return errors.Join(errs...)
}

// dbCommandConfig is what the commands that need PostGIS run with
// (migrate, import, demo load).
type dbCommandConfig struct {
	Log logConfig
	DB  postgis.Config
}

// Validate reports every problem at once.
func (c dbCommandConfig) Validate() error {
	errs := c.Log.validate()
	if c.DB.URL == "" {
		errs = append(errs, errors.New("a database URL is required: give --database-url or set MAILLAGE_DATABASE_URL (postgres://user@host:5432/db)"))
	}
	return errors.Join(errs...)
}

// importDataset is the KIND of `maillage import dataset DIR…`: whole
// dataset directories, each loaded in one transaction.
const importDataset data.ImportKind = "dataset"

// importConfig is what `maillage import KIND FILE…` runs with.
type importConfig struct {
	dbCommandConfig
	Kind  data.ImportKind
	Files []string
}

// Validate reports every problem at once.
func (c importConfig) Validate() error {
	var errs []error
	if err := c.dbCommandConfig.Validate(); err != nil {
		errs = append(errs, err)
	}
	if c.Kind != importDataset && !slices.Contains(data.ImportKinds, c.Kind) {
		errs = append(errs, fmt.Errorf("unknown kind %q: want one of %s, or %s", c.Kind, kindList(), importDataset))
	}
	if len(c.Files) == 0 {
		errs = append(errs, errors.New("no file to import"))
	}
	for _, f := range c.Files {
		switch {
		case c.Kind == importDataset:
			errs = append(errs, checkDir("dataset directory", f)...)
		case f == "-":
		default:
			if st, err := os.Stat(f); err != nil {
				errs = append(errs, fmt.Errorf("file %s: %v", f, pathProblem(err)))
			} else if st.IsDir() {
				errs = append(errs, fmt.Errorf("file %s is a directory", f))
			}
		}
	}
	return errors.Join(errs...)
}

// demoConfig is what `maillage demo` (regenerating the bundle) runs with.
type demoConfig struct {
	Log         logConfig
	Out         string
	NodeModules string
	Seed        uint64
	Scale       float64
}

// Validate reports every problem at once.
func (c demoConfig) Validate() error {
	errs := c.Log.validate()
	if c.Out == "" {
		errs = append(errs, errors.New("--out is empty"))
	}
	if c.Scale <= 0 {
		errs = append(errs, fmt.Errorf("scale %g: want a positive number", c.Scale))
	}
	if problems := checkDir("node modules", c.NodeModules); problems != nil {
		errs = append(errs, fmt.Errorf("%w (install the source packages first: npm ci, or make demo)", problems[0]))
	}
	return errors.Join(errs...)
}

func checkDir(what, dir string) []error {
	st, err := os.Stat(dir)
	switch {
	case err != nil:
		return []error{fmt.Errorf("%s %s: %v", what, dir, pathProblem(err))}
	case !st.IsDir():
		return []error{fmt.Errorf("%s %s is not a directory", what, dir)}
	}
	return nil
}

func kindList() string {
	names := make([]string, len(data.ImportKinds))
	for i, k := range data.ImportKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// Defaults of the flags; server and postgis hold their own where they have
// one.
const (
	defaultLogLevel  = "info"
	defaultLogFormat = "text"
	defaultNodeMods  = "node_modules"
)

// pathProblem drops the operation and path from an *fs.PathError, which the
// message around it already names.
func pathProblem(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
