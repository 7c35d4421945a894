// Command serve runs the fake Entra of package fakeidp on 127.0.0.1 for
// demos and documentation (docs/probe.md): it writes the fake CA to
// -dir/fake-ca.pem, prints the base URL and serves until killed.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/espo-oidc/espo-oidc/probe/fakeidp"
)

func main() {
	dir := flag.String("dir", ".", "folder for fake-ca.pem")
	modes := flag.String("mode", "", "endpoint=mode,... (see fakeidp.Server.Mode)")
	latency := flag.Duration("latency", 0, "added to every request (scripts/bench.sh)")
	flag.Parse()
	s, err := fakeidp.New(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	s.Latency = *latency
	for _, m := range strings.Split(*modes, ",") {
		if k, v, ok := strings.Cut(m, "="); ok {
			s.SetMode(k, v)
		}
	}
	fmt.Printf("https://%s/%s\n", s.Addr, fakeidp.Tenant)
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	<-c
	s.Close()
}
