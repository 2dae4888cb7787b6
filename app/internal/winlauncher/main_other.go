//go:build !windows

package main

// main does nothing: the launcher is for Windows only.
func main() {}
