package hotkeys

import (
	"slices"
	"testing"
)

// Forward hands each press and release on, in order, and returns once the
// hotkey is unregistered (its channels closed).
func TestForwardUntilUnregistered(t *testing.T) {
	downs, ups := make(chan struct{}), make(chan struct{})
	var got []string
	done := make(chan struct{})
	go func() {
		Forward(downs, ups, func() { got = append(got, "down") }, func() { got = append(got, "up") })
		close(done)
	}()
	downs <- struct{}{}
	ups <- struct{}{}
	downs <- struct{}{}
	close(downs)
	<-done
	if want := []string{"down", "up", "down"}; !slices.Equal(got, want) {
		t.Errorf("forwarded %v, want %v", got, want)
	}
}
