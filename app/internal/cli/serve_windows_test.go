package cli

import "testing"

// A path handed over from another drive's directory keeps that drive: the
// app's own working directory is elsewhere (TestUploadHandsOffToTheRunningApp
// under Wine sent "/tmp/…/handed.png" from Z: to an app on C:).
func TestHandedPathsResolveOnTheClientsDrive(t *testing.T) {
	for _, tt := range []struct{ cwd, p, want string }{
		{`Z:\home\me`, `/tmp/a.png`, `Z:\tmp\a.png`},
		{`Z:\home\me`, `\tmp\a.png`, `Z:\tmp\a.png`},
		{`Z:\home\me`, `shots\a.png`, `Z:\home\me\shots\a.png`},
		{`Z:\home\me`, `C:\Users\me\a.png`, `C:\Users\me\a.png`},
		{`\\server\share\dir`, `\a.png`, `\\server\share\a.png`},
	} {
		if got := resolveIn(tt.cwd, tt.p); got != tt.want {
			t.Errorf("resolveIn(%q, %q) = %q, want %q", tt.cwd, tt.p, got, tt.want)
		}
	}
}
