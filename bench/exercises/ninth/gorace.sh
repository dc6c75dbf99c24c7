# Go 1.19 built with -race (ThreadSanitizer's runtime linked in through
# cgo: its shadow memory reserved in terabytes at fixed addresses, its
# background thread, its checks of the address space layout (re-exec
# without randomization when it does not fit), its reports written and
# symbolized through the Go runtime).  A tool of our own, built here by
# go build -race.
# Train prints a sum from 4 goroutines under a mutex; test runs 8
# goroutines over channels and a WaitGroup, an HTTP server and client on
# the loopback, files written, read and walked, a command run with its
# output (os/exec), a timer and a context deadline, gzip, sha256, JSON,
# a garbage collection, and itself again with a deliberate data race
# whose report it reads (GORACE exitcode=0).
prepare() {
	rm -rf "$D/work"
	mkdir -p "$D/work" "$D/build"
	[ -x "$D/build/tool" ] && return
	cat >"$D/build/tool.go" <<'GO'
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

func check(ok bool, what string) {
	if !ok {
		fmt.Fprintln(os.Stderr, "failed:", what)
		os.Exit(1)
	}
}

func race() {
	n := 0
	done := make(chan bool)
	go func() { n++; done <- true }()
	n++
	<-done
	fmt.Println(n)
}

func main() {
	switch os.Args[1] {
	case "sum":
		var wg sync.WaitGroup
		var mu sync.Mutex
		n := 0
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func(i int) { defer wg.Done(); mu.Lock(); n += 10 + i; mu.Unlock() }(i)
		}
		wg.Wait()
		fmt.Println(n - 4)
		return
	case "race":
		race()
		return
	}
	dir := os.Args[2]
	ch := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) { defer wg.Done(); ch <- i * i }(i)
	}
	go func() { wg.Wait(); close(ch) }()
	s := 0
	for v := range ch {
		s += v
	}
	check(s == 140, "goroutines")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err == nil, "listen")
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello %s", r.URL.Path)
	})}
	go srv.Serve(ln)
	resp, err := http.Get("http://" + ln.Addr().String() + "/x")
	check(err == nil, "get")
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	check(string(body) == "hello /x", "http")
	srv.Close()
	check(os.WriteFile(filepath.Join(dir, "a.txt"), []byte("hello file\n"), 0o644) == nil, "write")
	check(os.MkdirAll(filepath.Join(dir, "sub", "deeper"), 0o755) == nil, "mkdir")
	b, err := os.ReadFile(filepath.Join(dir, "a.txt"))
	check(err == nil && string(b) == "hello file\n", "read")
	n := 0
	filepath.WalkDir(dir, func(string, fs.DirEntry, error) error { n++; return nil })
	check(n == 4, "walk")
	out, err := exec.Command("/bin/sh", "-c", "echo piped").Output()
	check(err == nil && string(out) == "piped\n", "exec")
	select {
	case <-time.After(10 * time.Millisecond):
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	<-ctx.Done()
	cancel()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(strings.Repeat("a", 1000)))
	zw.Close()
	zr, err := gzip.NewReader(&buf)
	check(err == nil, "gzip")
	z, _ := io.ReadAll(zr)
	check(len(z) == 1000, "gunzip")
	check(fmt.Sprintf("%x", sha256.Sum256([]byte("abc")))[:8] == "ba7816bf", "sha256")
	var j map[string][]int
	check(json.Unmarshal([]byte(`{"a":[1,2,3]}`), &j) == nil && j["a"][2] == 3, "json")
	runtime.GC()
	self, _ := os.Executable()
	cmd := exec.Command(self, "race")
	cmd.Env = append(os.Environ(), "GORACE=exitcode=0")
	out, err = cmd.CombinedOutput()
	check(err == nil && strings.Contains(string(out), "WARNING: DATA RACE"), "race report")
	fmt.Println("ok")
}
GO
	(cd "$D/build" && GO111MODULE=off GOCACHE="$D/build/gocache" \
		go build -race -o tool tool.go) >/dev/null
}
TRAIN=("$D/build/tool" sum)
TEST=("$D/build/tool" test "$D/work")
