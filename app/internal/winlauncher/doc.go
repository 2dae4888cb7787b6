// Command upshot-com is upshot.com of the Windows zip: a console program
// that runs upshot.exe beside it with the same arguments and standard
// handles, waits for it and exits with its status.
//
// upshot.exe is a GUI-subsystem program so that the window opens with no
// console; cmd and PowerShell do not wait for such a program, so a command
// line typed there would return at once and lose the exit status. Both look
// for upshot.com before upshot.exe (PATHEXT lists .COM first), so `upshot
// upload a.png` typed in a terminal runs this launcher, which waits — the
// technique of devenv.com. Explorer, shortcuts and the Run key start
// upshot.exe directly.
//
// It is built for Windows only; elsewhere it is an empty program.
package main
