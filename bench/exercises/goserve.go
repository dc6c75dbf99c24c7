// goserve: the Go program of the benchmark (bench/exercises/go.sh): an
// HTTP server on a unix socket; SIGTERM ends it with status 0.
package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
)

func main() {
	dir := os.Args[2]
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello")
	})
	http.HandleFunc("/json", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		v := make([]int, n)
		s := 0
		for i := range v {
			v[i] = i
			s += i
		}
		json.NewEncoder(w).Encode(map[string]int{"sum": s, "n": len(v)})
	})
	http.HandleFunc("/file", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, filepath.Join(dir, "file.txt"))
	})
	l, err := net.Listen("unix", os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM)
	go func() {
		<-stop
		l.Close()
		os.Exit(0)
	}()
	http.Serve(l, nil)
}
