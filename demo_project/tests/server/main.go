// Command server is the loopback HTTP test server of the in-engine suite
// (demo_project/tests/run.gd). It listens only on 127.0.0.1 and ::1, on
// ephemeral ports, and writes those ports and the path of a CA certificate it
// generated into a JSON file:
//
//	server -config /tmp/x/config.json [-stdin-lifeline] [-max-lifetime 10m]
//
// It stops on SIGTERM or SIGINT, when its stdin reaches EOF (with
// -stdin-lifeline), and after -max-lifetime in any case.
//
// Files by job: listen.go (loopback-only sockets), certs.go (CA and leaf
// certificates), httpserver.go (a raw HTTP/1.1 server loop), routes.go and
// misbehave.go (what each path answers), proxy.go (forward, CONNECT and
// refusing proxies), config.go (the JSON file).
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	configPath := flag.String("config", "", "write the JSON config (ports, CA file) to this path (required)")
	lifeline := flag.Bool("stdin-lifeline", false, "exit when stdin reaches EOF")
	maxLifetime := flag.Duration("max-lifetime", 10*time.Minute, "exit after this long whatever happens")
	flag.Parse()
	if *configPath == "" {
		fmt.Fprintln(os.Stderr, "server: -config PATH is required")
		os.Exit(2)
	}
	log.SetFlags(log.Lmicroseconds)
	log.SetPrefix("test-server: ")

	s, err := start()
	if err != nil {
		log.Fatalf("start: %v", err)
	}
	defer s.close()
	if err := s.writeConfig(*configPath); err != nil {
		log.Fatalf("config: %v", err)
	}
	log.Printf("ready, config in %s", *configPath)

	done := make(chan string, 3)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	go func() { done <- "signal " + (<-sig).String() }()
	if *lifeline {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			done <- "stdin closed"
		}()
	}
	timer := time.AfterFunc(*maxLifetime, func() { done <- "max lifetime reached" })
	defer timer.Stop()
	log.Printf("stopping: %s", <-done)
}
