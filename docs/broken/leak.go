//go:build ignore

// A goroutine leak: a check with a timeout, written with a goroutine
// and an unbuffered channel.
//
//	go run docs/broken/leak.go
//
// When the timeout wins, checkWithin returns and nobody will ever
// receive from ch. The goroutine gets its answer later, blocks on its
// send, and stays blocked until the program ends: one leak per timeout.
// In a server that runs for weeks, that is a slow death. goleak, which
// every TestMain in this repository runs, names the culprit.
//
// The fixes: make(chan int, 1), so the send never blocks; better, no
// extra goroutine at all, as in check.go: the request carries a
// context and the client a timeout, and it ends itself.
package main

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"time"

	"go.uber.org/goleak"
)

// checkWithin returns url's status, or an error after timeout.
func checkWithin(client *http.Client, url string,
	timeout time.Duration) (int, error) {

	ch := make(chan int) // the bug: unbuffered
	go func() {
		resp, err := client.Get(url)
		if err != nil {
			ch <- 0
			return
		}
		resp.Body.Close()
		ch <- resp.StatusCode // blocks forever after a timeout
	}()

	select {
	case status := <-ch:
		return status, nil
	case <-time.After(timeout):
		return 0, errors.New("timed out")
	}
}

func main() {
	// Every answer takes 100ms.
	srv := httptest.NewServer(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(100 * time.Millisecond)
		}))
	defer srv.Close()

	// No keep-alive: no idle connections whose goroutines would
	// blur the count.
	client := &http.Client{Transport: &http.Transport{
		DisableKeepAlives: true}}

	// Ignore the goroutines that exist now (the server's).
	ignore := goleak.IgnoreCurrent()
	before := runtime.NumGoroutine()

	timeouts := 0
	for range 10 {
		_, err := checkWithin(client, srv.URL, 20*time.Millisecond)
		if err != nil {
			timeouts++
		}
	}
	fmt.Println(timeouts, "of 10 checks timed out")

	// goleak retries for a while, so the answers arrive and every
	// goroutine that can end does; the rest are leaks.
	err := goleak.Find(ignore)
	fmt.Println("goroutines before:", before,
		"after:", runtime.NumGoroutine())
	fmt.Println(err)
}
