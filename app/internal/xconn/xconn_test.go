package xconn

import (
	"strings"
	"testing"
)

func TestDialNoServerSaysWhich(t *testing.T) {
	_, err := Dial(":987")
	if err == nil || !strings.Contains(err.Error(), `":987"`) {
		t.Fatalf("Dial(:987) = %v, want an error naming the display", err)
	}
}
