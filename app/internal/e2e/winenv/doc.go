// Command winenv is a part of the end-to-end tests' Wine harness
// (.ci/wine.sh), never of the product: it runs upshot.exe with the
// arguments, standard handles and exit status it was given, under the
// %APPDATA% the test names in UPSHOT_E2E_APPDATA.
//
// Wine sets %APPDATA% of a program started from Linux from its registry,
// whatever the caller's environment says, so each test home could not
// have its own; a Windows parent's environment reaches its child as it is.
// upshot.exe runs in a job object that is killed when winenv ends, so that
// a test killing the process it started (kill -9) kills upshot.exe.
package main
