package service

import (
	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/uploader/profile"
)

// DelayedShot is "Capture after a delay" of mode, as the app starts it
// (the tray): the wait the settings give (capture_delay, five seconds by
// default), which CaptureFlow.Run sleeps before it shoots — what the
// command line's --delay does.
func DelayedShot(s profile.Settings, mode capture.Mode) Shot {
	return Shot{Mode: mode, Delay: s.Delay()}
}
