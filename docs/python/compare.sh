#!/usr/bin/env bash
# Go and Python side by side, measured against one target server.
#
# It builds ./cmd/target and ./cmd/urlcheck, starts the target server
# on a free loopback port with a 20 ms delay per request, and checks
# 100 and 1000 of its URLs in each style: Go with urlcheck, Python with
# check.py beside this file. Each cell runs RUNS times (5), in turns, so
# that a busy moment on the machine is shared out. It prints the
# medians and saves them, after every run's raw line, in
# docs/results/python-DATE.txt.
#
#   apt-get install python3-aiohttp python3-requests
#   bash docs/python/compare.sh
#
# What is timed: each whole process, from its start to its exit, timed
# here in the same way for both languages, with the CPU time it used.
# So Python's figure includes starting the interpreter and importing
# aiohttp and requests, and Go's includes starting a binary. Each
# program also reports its own time, without that start: the second
# table.
#
# The sync and sequential styles take about N x 20 ms, 20 s at 1000
# URLs, so they run at 100 URLs only. The whole script takes about a
# minute.
set -euo pipefail
export LC_ALL=C # a decimal point, not a comma, in every number

cd "$(dirname "$0")/../.." # the module's root

PYTHON=${PYTHON:-/usr/bin/python3}
RUNS=${RUNS:-5}
DELAY=20ms
WORKERS=8
OUT=${OUT:-docs/results/python-$(date +%F).txt}

# The cells: a number of URLs, then a Go style and the Python style
# that does the same.
CELLS=(
	"100 sequential sync"
	"100 pooled threaded"
	"100 goroutines async"
	"1000 pooled threaded"
	"1000 goroutines async"
)

if ! "$PYTHON" -c 'import aiohttp, requests' 2>/dev/null; then
	echo "compare.sh: $PYTHON cannot import aiohttp and requests;" \
		"apt-get install python3-aiohttp python3-requests" >&2
	exit 2
fi

tmp=$(mktemp -d)
server= # the target server's process id, while it runs

# On any exit, stop the server if it still runs, and clean up.
cleanup() {
	if [[ -n $server ]]; then
		kill "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

echo "building ./cmd/target and ./cmd/urlcheck" >&2
go build -o "$tmp/target" ./cmd/target
go build -o "$tmp/urlcheck" ./cmd/urlcheck

# Port 0: the system picks a free port, and the target prints its URL
# as the first line of its output. Wait for it, 10 s at most.
"$tmp/target" -addr 127.0.0.1:0 -delay "$DELAY" -stats \
	>"$tmp/target.out" 2>"$tmp/target.err" &
server=$!
for _ in $(seq 100); do
	[[ -s $tmp/target.out ]] && break
	sleep 0.1
done
url=$(head -n 1 "$tmp/target.out")
if [[ $url != http://127.0.0.1:* ]]; then
	echo "compare.sh: the target server did not start:" >&2
	cat "$tmp/target.err" >&2
	exit 1
fi
echo "target server at $url, delay $DELAY" >&2

# The URL lists urlcheck reads with -f; check.py makes the same ones.
for n in 100 1000; do
	for ((i = 0; i < n; i++)); do
		echo "$url/check/$i"
	done >"$tmp/urls-$n.txt"
done

# bash's time keyword times the command in braces: TIMEFORMAT makes it
# print the wall-clock seconds, then the CPU seconds the process used,
# in user space and in the kernel: "0.178 0.201 0.052".
TIMEFORMAT='%3R %3U %3S'

# timed OUT ERR COMMAND... runs COMMAND with its stdout and stderr
# sent to the files OUT and ERR, and prints its times as
# "wall=0.178 cpu=0.253". It returns COMMAND's exit status.
timed() {
	local out=$1 err=$2 code=0 real user sys
	shift 2
	{ time "$@" >"$out" 2>"$err"; } 2>"$tmp/time" || code=$?
	read -r real user sys <"$tmp/time"
	echo "wall=$real cpu=$(awk -v u="$user" -v s="$sys" \
		'BEGIN { printf "%.3f", u + s }')"
	return "$code"
}

# go_seconds DURATION prints a Go duration as urlcheck's summary
# shows it (950µs, 271ms, 2.071s) in seconds.
go_seconds() {
	case $1 in
	*µs) awk -v v="${1%µs}" 'BEGIN { printf "%.3f", v / 1e6 }' ;;
	*ms) awk -v v="${1%ms}" 'BEGIN { printf "%.3f", v / 1e3 }' ;;
	*m*s) awk -v m="${1%%m*}" -v s="${1#*m}" \
		'BEGIN { printf "%.3f", m * 60 + s }' ;;
	*s) awk -v v="${1%s}" 'BEGIN { printf "%.3f", v }' ;;
	*) echo NA ;;
	esac
}

# run_go STYLE N RUN times urlcheck on N URLs and prints a raw line.
# Its stdout, a line per URL, goes to /dev/null; the summary on stderr
# gives its own time and the failures:
#   urlcheck: 100 URLs, style pooled (at most 8 in flight), 271ms: 100 ok, 0 failed
run_go() {
	local style=$1 n=$2 run=$3 code=0 times summary inner failed
	times=$(timed /dev/null "$tmp/err" "$tmp/urlcheck" -style "$style" \
		-workers "$WORKERS" -f "$tmp/urls-$n.txt") || code=$?
	summary=$(tail -n 1 "$tmp/err")
	inner=$(sed -n 's/.* flight), \([^:]*\): .*/\1/p' <<<"$summary")
	failed=$(sed -n 's/.* ok, \([0-9]*\) failed.*/\1/p' <<<"$summary")
	echo "go $style urls=$n run=$run $times" \
		"inner=$(go_seconds "${inner:-NA}") errors=${failed:-NA} exit=$code"
}

# run_py STYLE N RUN does the same for check.py, which prints
#   python async urls=100 seconds=0.052 errors=0
run_py() {
	local style=$1 n=$2 run=$3 code=0 times line inner errors
	times=$(timed "$tmp/out" "$tmp/err" "$PYTHON" docs/python/check.py \
		"$style" "$n" "$url" --workers "$WORKERS") || code=$?
	line=$(tail -n 1 "$tmp/out")
	inner=$(sed -n 's/.* seconds=\([0-9.]*\).*/\1/p' <<<"$line")
	errors=$(sed -n 's/.* errors=\([0-9]*\).*/\1/p' <<<"$line")
	echo "python $style urls=$n run=$run $times" \
		"inner=${inner:-NA} errors=${errors:-NA} exit=$code"
}

# One untimed run of each program first, so that neither pays for a
# cold disk cache or a cold server.
run_go goroutines 100 0 >/dev/null
run_py async 100 0 >/dev/null

# The runs, in turns: every cell once, then every cell again. Odd
# turns start with Go, even turns with Python.
load_start=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown)
: >"$tmp/raw.txt"
for ((run = 1; run <= RUNS; run++)); do
	echo "turn $run of $RUNS" >&2
	for cell in "${CELLS[@]}"; do
		read -r n gostyle pystyle <<<"$cell"
		if ((run % 2 == 1)); then
			run_go "$gostyle" "$n" "$run" >>"$tmp/raw.txt"
			run_py "$pystyle" "$n" "$run" >>"$tmp/raw.txt"
		else
			run_py "$pystyle" "$n" "$run" >>"$tmp/raw.txt"
			run_go "$gostyle" "$n" "$run" >>"$tmp/raw.txt"
		fi
	done
done
load_end=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown)

# Stop the server: SIGTERM makes it close and print what it counted.
kill "$server"
wait "$server" || true
server=
counted=$(grep '^target: requests=' "$tmp/target.err" || echo unknown)

# table FIELDS TITLE prints a Markdown table of the medians of FIELDS
# (wall and cpu, or inner), a row per cell, Go beside Python, and the
# ratio of the first field.
table() {
	awk -v fields="$1" -v title="$2" -v runs="$RUNS" \
		-v cells="$(printf '%s;' "${CELLS[@]}")" '
	# Each raw line adds its fields to the lists of its cell.
	{
		key = $1 " " $2 " " $3
		for (i = 4; i <= NF; i++) {
			split($i, kv, "=")
			vals[key, kv[1]] = vals[key, kv[1]] " " kv[2]
			if (kv[1] == "errors" && kv[2] != "0") errs[key]++
		}
	}
	# median of a list of numbers; NA if there is none.
	function median(list,   a, n, i, j, t) {
		n = split(list, a, " ")
		for (i = n; i >= 1; i--) if (a[i] == "NA") { a[i] = a[n]; n-- }
		if (n == 0) return "NA"
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) {
				t = a[j]; a[j] = a[j-1]; a[j-1] = t
			}
		if (n % 2) return a[(n+1)/2]
		return sprintf("%.3f", (a[n/2] + a[n/2+1]) / 2)
	}
	# cols prints the columns of one language: their heads if key is
	# empty, else the medians of a cell, each as wide as
	# its head.
	function cols(lang, key,   f, h, out) {
		out = ""
		for (f = 1; f <= nf; f++) {
			h = lang " " name[F[f]]
			out = out sprintf(" %" length(h) "s |",
				key == "" ? h : median(vals[key, F[f]]))
		}
		return out
	}
	# rule prints the Markdown line under the heads of one language.
	function rule(lang,   f, i, out) {
		out = ""
		for (f = 1; f <= nf; f++) {
			for (i = 0; i <= length(lang " " name[F[f]]); i++)
				out = out "-"
			out = out ":|"
		}
		return out
	}
	END {
		nf = split(fields, F, " ")
		name["wall"] = "time"; name["inner"] = "time"; name["cpu"] = "CPU"
		print title
		print ""
		print "| URLs | Go style   |" cols("Go") " Python style |" \
			cols("Python") " Python / Go |"
		print "|-----:|------------|" rule("Go") "--------------|" \
			rule("Python") "------------:|"
		n = split(cells, rows, ";")
		for (r = 1; r < n; r++) {
			split(rows[r], c, " ")
			gk = "go " c[2] " urls=" c[1]
			pk = "python " c[3] " urls=" c[1]
			g = median(vals[gk, F[1]]); p = median(vals[pk, F[1]])
			ratio = (g == "NA" || p == "NA" || g == 0) ? "NA" : \
				sprintf("%.2f", p / g)
			printf "| %4d | %-10s |%s %-12s |%s %11s |\n", c[1], c[2],
				cols("Go", gk), c[3], cols("Python", pk), ratio
			bad += errs[gk] + errs[pk]
		}
		print ""
		printf "Seconds, median of %d runs. Runs with a failed URL: %d.\n",
			runs, bad
	}' "$tmp/raw.txt"
}

tables() {
	table "wall cpu" "Process time: each command from its start to its
exit. CPU: the seconds of CPU the command used (user + system), over
its whole life; the server's are not in it."
	echo
	table inner "In-program time: each program's own figure, from the
first request's setup to the last answer (no process start)."
}

# The results file: how and where it was measured, the raw lines,
# then the tables.
mkdir -p "$(dirname "$OUT")"
{
	echo "# Go and Python checking URLs on one target server"
	echo "# (bash docs/python/compare.sh)"
	echo "date: $(date -u '+%F %H:%M UTC')"
	echo "go: $(go env GOVERSION)"
	echo "python3: $("$PYTHON" -c 'import platform; print(platform.python_version())')"
	echo "aiohttp: $("$PYTHON" -c 'import aiohttp; print(aiohttp.__version__)')"
	echo "requests: $("$PYTHON" -c 'import requests; print(requests.__version__)')"
	echo "os: $(uname -srm)"
	echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
	echo "cores: $(nproc 2>/dev/null || echo unknown)"
	echo "load average (1, 5, 15 min) at start: $load_start; at end: $load_end"
	echo "server: cmd/target -delay $DELAY on 127.0.0.1, in a process of its own"
	echo "server counted, in all: ${counted#target: }"
	echo "workers: $WORKERS (pooled, threaded); runs per cell: $RUNS"
	echo "wall: process start to exit, and cpu: its user + system CPU," \
		"both timed by this script; inner: the program's own figure"
	echo
	cat "$tmp/raw.txt"
	echo
	tables
} >"$OUT"

echo >&2
tables
echo >&2
echo "raw runs and these tables: $OUT" >&2
