"""Check N URLs in one of the talk's three styles, in Python.

    python3 docs/python/check.py STYLE N BASEURL [--workers 8]

STYLE is one of:

    sync      a requests.Session in a for loop      (Go: sequential/)
    threaded  a ThreadPoolExecutor of W threads     (Go: pooled/)
    async     aiohttp and asyncio.gather, all at once (Go: goroutines/)

It checks BASEURL/check/0 ... BASEURL/check/N-1, reads each body to its
end and throws it away, and prints one line:

    python STYLE urls=N seconds=X.XXX errors=E

seconds is the time from the first request's setup to the last answer:
the imports and the interpreter's start are not in it. errors counts
the URLs that did not answer 2xx or 3xx, as urlcheck's Result.OK does.
"""

import argparse
import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import requests

# Give up on a URL after this many seconds, as urlcheck.DefaultTimeout
# does. requests has no timeout unless you pass one.
TIMEOUT = 10


def check(session, url):
    """Check one URL with requests; return True if it answered 2xx or
    3xx. An error is a False, never an exception: like Go's Result, every
    URL gets an answer."""
    try:
        # Reading r.content reads the whole body, so the connection
        # can go back to the session's pool and be reused.
        with session.get(url, timeout=TIMEOUT) as r:
            _ = r.content
            return r.status_code < 400
    except requests.RequestException:
        return False


def check_sync(urls, workers):
    """The talk's sync column: one request after another over one
    connection, about N x delay in all."""
    with requests.Session() as session:
        return [check(session, url) for url in urls]


def check_threaded(urls, workers):
    """The talk's threaded column: W threads, W requests in flight,
    about (N / W) x delay."""
    # requests does not promise that a Session is safe to share between
    # threads, so each worker thread makes its own, the first time it
    # runs, and keeps it: W sessions, W connections.
    local = threading.local()
    sessions = []

    def check_one(url):
        if not hasattr(local, "session"):
            local.session = requests.Session()
            sessions.append(local.session)
        return check(local.session, url)

    try:
        # pool.map hands the URLs to the threads and gives the results
        # back in the order of urls, as Go's indexed slice does.
        # Leaving the with block waits for every thread to end.
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(check_one, urls))
    finally:
        for session in sessions:
            session.close()


async def check_aio(session, url):
    """check, for aiohttp: the same answer, but a coroutine, so that the
    event loop can run the others while this one waits."""
    try:
        async with session.get(url) as r:
            await r.read()
            return r.status < 400
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False


async def check_all_async(urls):
    # limit=0 means no limit on connections, as Go's transport has none.
    # aiohttp's default is limit=100: 100 requests in flight at most.
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    # One ClientSession for every task: one pool of connections, as Go
    # shares one *http.Client between its goroutines.
    async with aiohttp.ClientSession(connector=connector,
                                     timeout=timeout) as session:
        # gather runs every check at once on one thread's event loop,
        # and returns the results in the order of its arguments.
        return await asyncio.gather(*(check_aio(session, url)
                                      for url in urls))


def check_async(urls, workers):
    """The talk's async column: every request in flight at once, about
    one delay in all, until something runs out."""
    return asyncio.run(check_all_async(urls))


STYLES = {"sync": check_sync, "threaded": check_threaded,
          "async": check_async}


def main():
    parser = argparse.ArgumentParser(
        description="Check BASEURL/check/0 ... BASEURL/check/N-1 "
                    "in one style and print how long it took.")
    parser.add_argument("style", choices=STYLES)
    parser.add_argument("n", type=int, help="how many URLs")
    parser.add_argument("baseurl", help="such as http://127.0.0.1:8000")
    parser.add_argument("--workers", type=int, default=8,
                        help="threads in the pool of the threaded style")
    args = parser.parse_args()
    if args.n < 0 or args.workers < 1:
        parser.error("N must be 0 or more, and --workers 1 or more")

    base = args.baseurl.rstrip("/")
    urls = [f"{base}/check/{i}" for i in range(args.n)]

    start = time.perf_counter()
    results = STYLES[args.style](urls, args.workers)
    seconds = time.perf_counter() - start

    errors = results.count(False)
    print(f"python {args.style} urls={args.n} seconds={seconds:.3f} "
          f"errors={errors}")
    # Like urlcheck: exit 1 if some URL was not ok.
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
