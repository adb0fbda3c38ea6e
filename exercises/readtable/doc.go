// Package readtable is a workshop exercise: read the benchstat tables
// of a results file, then find one of their answers in code with
// golang.org/x/perf's benchfmt. README.md has the task; exercise.go is
// where to write the answers.
package readtable
