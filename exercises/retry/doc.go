// Package retry is a workshop exercise: a Checker that tries a failed
// check again, waiting longer each time. README.md has the task;
// exercise.go is where to write the answer.
package retry
