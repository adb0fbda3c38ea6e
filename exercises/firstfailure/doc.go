// Package firstfailure is a workshop exercise: check every URL at
// once, and stop at the first one that fails. README.md has the task;
// exercise.go is where to write the answer.
package firstfailure
