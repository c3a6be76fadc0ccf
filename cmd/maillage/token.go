package main

import (
	"errors"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/postgis"
	"github.com/maillage/maillage/geo"
	"github.com/spf13/cobra"
)

// tokenCmd groups the commands managing the bearer tokens of the HTTP
// writes. Tokens live in the database (only a hash of each secret): the
// commands need --database-url.
func (a *app) tokenCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Create, list and revoke the bearer tokens of the HTTP writes",
		Long: `Writes over HTTP (POST, PUT, PATCH, DELETE on /ogc/collections/…/items) need
Authorization: Bearer <token>. An editor writes within its scope (the actors located in
it, the partnerships with an end in it); an admin writes anything. The database keeps a
SHA-256 of each secret only: the secret is printed once, by create.`,
	}
	cmd.AddCommand(a.tokenCreateCmd(), a.tokenListCmd(), a.tokenRevokeCmd())
	return cmd
}

// tokenStore opens the database of a token command.
func (a *app) tokenStore(cmd *cobra.Command, cfg *dbCommandConfig) (*postgis.Store, error) {
	envErrs := a.configure(cmd)
	cfg.Log = a.log
	if err := validate(envErrs, *cfg); err != nil {
		return nil, err
	}
	return postgis.Open(cmd.Context(), cfg.DB)
}

func dbFlag(cmd *cobra.Command, cfg *dbCommandConfig) {
	cmd.Flags().StringVar(&cfg.DB.URL, "database-url", "", "PostgreSQL+PostGIS URL (postgres://user@host:5432/db)")
}

func (a *app) tokenCreateCmd() *cobra.Command {
	cfg := dbCommandConfig{}
	var name, role, scope string
	cmd := &cobra.Command{
		Use:   "create --name NAME --role editor|admin [--scope region:84,departement:69,…]",
		Short: "Create a token and print its secret, once",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sc, err := geo.ParseScope(scope)
			if err != nil {
				return fmt.Errorf("--scope: %w", err)
			}
			st, err := a.tokenStore(cmd, &cfg)
			if err != nil {
				return err
			}
			defer st.Close()
			t, secret, err := st.CreateToken(cmd.Context(), name, data.Role(role), sc)
			if err != nil {
				return flagError(err)
			}
			fmt.Fprintf(a.stderr, "token %d %q (%s%s) created; its secret is shown this once:\n", t.ID, t.Name, t.Role, scopeSuffix(t.Scope))
			fmt.Fprintln(a.stdout, secret)
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "who holds the token, as the history will name their changes")
	cmd.Flags().StringVar(&role, "role", string(data.RoleEditor), "editor (writes within --scope) or admin (writes anything)")
	cmd.Flags().StringVar(&scope, "scope", "", "an editor's territories, as level:code separated by commas (region:84,departement:69,epci:200046977,commune:69123)")
	dbFlag(cmd, &cfg)
	documentEnv(cmd.Flags())
	return cmd
}

func (a *app) tokenListCmd() *cobra.Command {
	cfg := dbCommandConfig{}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the tokens (never their secrets)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.tokenStore(cmd, &cfg)
			if err != nil {
				return err
			}
			defer st.Close()
			ts, err := st.Tokens(cmd.Context())
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tNAME\tROLE\tSCOPE\tCREATED\tREVOKED")
			for _, t := range ts {
				revoked := ""
				if !t.Revoked.IsZero() {
					revoked = t.Revoked.UTC().Format(time.RFC3339)
				}
				fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, t.Scope, t.Created.UTC().Format(time.RFC3339), revoked)
			}
			return w.Flush()
		},
	}
	dbFlag(cmd, &cfg)
	documentEnv(cmd.Flags())
	return cmd
}

func (a *app) tokenRevokeCmd() *cobra.Command {
	cfg := dbCommandConfig{}
	cmd := &cobra.Command{
		Use:   "revoke ID",
		Short: "Revoke a token: its next write is refused (401); the history keeps its name",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("token id %q is not a number (see `maillage token list`)", args[0])
			}
			st, err := a.tokenStore(cmd, &cfg)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.RevokeToken(cmd.Context(), id); err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "token %d revoked\n", id)
			return nil
		},
	}
	dbFlag(cmd, &cfg)
	documentEnv(cmd.Flags())
	return cmd
}

func scopeSuffix(s geo.Scope) string {
	if len(s) == 0 {
		return ""
	}
	return ", scope " + s.String()
}

// flagError says a store's refusal of a value in terms of the flag.
func flagError(err error) error {
	var fe *data.FilterError
	if errors.As(err, &fe) {
		return fmt.Errorf("--%s%s", fe.Property, fe.Problem)
	}
	return err
}
