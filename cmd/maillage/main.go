package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	started := time.Now()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	a := &app{
		stdout:     os.Stdout,
		stderr:     os.Stderr,
		env:        os.LookupEnv,
		started:    started,
		isTerminal: isTerminal,
	}
	code := a.execute(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
