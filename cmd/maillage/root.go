package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// app is what every command shares: where it writes, how it reads the
// environment, and when the process started.
type app struct {
	stdout, stderr io.Writer
	env            lookupEnv
	started        time.Time
	// isTerminal reports whether w is an interactive terminal (for the
	// import progress bar).
	isTerminal func(w io.Writer) bool
	log        logConfig
}

// exitError ends the process with code after its message has already been
// printed (an import's bad rows, say).
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// execute runs the command line args and returns the process exit code.
func (a *app) execute(ctx context.Context, args []string) int {
	root := a.rootCmd()
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	}
	fmt.Fprintf(a.stderr, "maillage: %v\n", err)
	return 1
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "maillage",
		Short: "Maillage: who acts where, and which partnerships link them, across French territories",
		Long: `Maillage serves territories, actors, partnerships and alliances as OGC API – Features,
from PostGIS (MAILLAGE_DATABASE_URL) or, without a database, from the embedded demo dataset.

Every flag can also be set by an environment variable: --foo-bar is MAILLAGE_FOO_BAR.
A flag given on the command line wins over its variable.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		// Bare `maillage` prints help rather than guessing.
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return fmt.Errorf("%w (see %s --help)", err, cmd.CommandPath())
	})
	root.PersistentFlags().StringVar(&a.log.Level, "log-level", defaultLogLevel, "log level: debug, info, warn or error")
	root.PersistentFlags().StringVar(&a.log.Format, "log-format", defaultLogFormat, "log format on stderr: text or json")
	documentEnv(root.PersistentFlags())

	root.AddCommand(a.serveCmd(), a.migrateCmd(), a.importCmd(), a.demoCmd(), a.tokenCmd())
	return root
}

// configure applies the environment to cmd's flags (its own and inherited)
// and returns the errors of variables that do not parse, for the command's
// Validate to report with everything else.
func (a *app) configure(cmd *cobra.Command) []error {
	var errs []error
	for _, fs := range []*pflag.FlagSet{cmd.LocalFlags(), cmd.InheritedFlags()} {
		errs = append(errs, applyEnv(fs, a.env)...)
	}
	return errs
}

// logger builds the process logger from validated settings.
func (a *app) logger() *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(a.log.Level)) // validated before
	opts := &slog.HandlerOptions{Level: level}
	if a.log.Format == "json" {
		return slog.New(slog.NewJSONHandler(a.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(a.stderr, opts))
}

// validate joins the environment's errors with cfg's own, so one run
// reports every problem at once.
func validate(envErrs []error, cfg interface{ Validate() error }) error {
	errs := append([]error(nil), envErrs...)
	if err := cfg.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("invalid configuration:\n%w", indent(err))
	}
	return nil
}

// indent puts each problem of a joined error on its own "  - " line.
func indent(err error) error {
	var lines []string
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		lines = append(lines, "  - "+e.Error())
	}
	walk(err)
	return errors.New(strings.Join(lines, "\n"))
}
