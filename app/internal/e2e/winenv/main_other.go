//go:build !windows

package main

// main does nothing: winenv is a Windows program.
func main() {}
