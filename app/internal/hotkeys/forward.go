package hotkeys

// Forward calls down and up for a registered hotkey's key-down and key-up
// events (golang.design/x/hotkey's Keydown and Keyup channels) until either
// channel closes, when the hotkey is unregistered. It serves the in-process
// grab on Windows and the X11 helper (upshot-hotkeyd) alike.
func Forward[E any](downs, ups <-chan E, down, up func()) {
	for {
		select {
		case _, ok := <-downs:
			if !ok {
				return
			}
			down()
		case _, ok := <-ups:
			if !ok {
				return
			}
			up()
		}
	}
}
