// Package e2e holds the end-to-end tests of the real upshot binary (build
// tag e2e; run them with `make e2e`, which starts Xvfb and a session bus;
// the TestSway… tests start a headless sway session of their own).
package e2e
