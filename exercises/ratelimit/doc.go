// Package ratelimit is a workshop exercise: a Checker that keeps at
// most a few requests in flight to any one host, however many
// goroutines call it. README.md has the task; exercise.go is where to
// write the answer.
package ratelimit
