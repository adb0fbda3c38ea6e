// The loop-variable bug of Go before 1.22, kept alive by this module's
// go.mod, which says go 1.21:
//
//	cd docs/broken/loopvar && go run .
//
// Up to Go 1.21, a for loop has one url variable for all its
// iterations. Every goroutine's closure captures that one variable,
// and by the time the goroutines run, the loop has set it to the last
// URL. So the last URL is checked four times, the others never.
//
// Change go.mod's go line to 1.22 and run it again: each iteration
// gets its own url, and each URL is checked once. That is why the
// style packages need no `url := url`, and old examples have one.
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
)

func main() {
	// The server prints each path it is asked for.
	srv := httptest.NewServer(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			fmt.Println("server got", r.URL.Path)
		}))
	defer srv.Close()

	urls := []string{srv.URL + "/www.cnn.com",
		srv.URL + "/espn.go.com", srv.URL + "/grantland.com",
		srv.URL + "/www.newyorker.com"}

	var wg sync.WaitGroup
	for _, url := range urls {
		wg.Add(1)
		// The bug: the closure uses the loop's url, not a copy.
		go func() {
			defer wg.Done()
			resp, err := http.Get(url)
			if err != nil {
				fmt.Println(err)
				return
			}
			resp.Body.Close()
		}()
	}
	wg.Wait()
}
