// logapp SOCKET LOG: the logs pod's application, on a unix socket in the
// shared volume: every request a line appended to LOG (its shipper tails
// it); /error logs an ERROR line and answers 500; /rotate renames LOG to
// LOG.1 and opens a new LOG.  SIGTERM ends it with 0.
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

func main() {
	sock, path := os.Args[1], os.Args[2]
	var mu sync.Mutex
	open := func() *os.File {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0644)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return f
	}
	log := open()
	logf := func(format string, a ...interface{}) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(log, "%s "+format+"\n",
			append([]interface{}{time.Now().UTC().Format(time.RFC3339)}, a...)...)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		logf("INFO %s %s 200", r.Method, r.URL.Path)
		fmt.Fprintf(w, "ok %s\n", r.URL.Path)
	})
	mux.HandleFunc("/error", func(w http.ResponseWriter, r *http.Request) {
		logf("ERROR %s %s 500 %s", r.Method, r.URL.Path, r.URL.RawQuery)
		http.Error(w, "failed", 500)
	})
	mux.HandleFunc("/rotate", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		log.Close()
		os.Rename(path, path+".1")
		log = open()
		mu.Unlock()
		logf("INFO rotate")
		fmt.Fprintln(w, "rotated")
	})
	os.Remove(sock)
	l, err := net.Listen("unix", sock)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	srv := &http.Server{Handler: mux}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	go func() { <-sig; srv.Close() }()
	if err := srv.Serve(l); err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
