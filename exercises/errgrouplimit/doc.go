// Package errgrouplimit is a workshop exercise: the pooled style
// again, written with errgroup.Group's SetLimit instead of a worker
// pool. README.md has the task; exercise.go is where to write the
// answer.
package errgrouplimit
