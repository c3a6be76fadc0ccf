// Command maillage serves Maillage's API and manages its data: serve,
// migrate, import, demo and demo load, one file each.
//
// It only wires. main puts the process's streams, environment and signals
// into an app value; each subcommand turns its flags and MAILLAGE_*
// variables into the Config values of the packages it calls (server.Config,
// postgis.Config), validates them all at once, opens a store and hands it
// over. Nothing below this package reads flags or the environment.
package main
