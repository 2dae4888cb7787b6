package xconn

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jezek/xgb"
)

func TestDialNoServerSaysWhich(t *testing.T) {
	_, err := Dial(":987")
	if err == nil || !strings.Contains(err.Error(), `":987"`) {
		t.Fatalf("Dial(:987) = %v, want an error naming the display", err)
	}
}

func TestDialWaitsOnlyBetweenTries(t *testing.T) {
	var log []string
	connect := func(string) (*xgb.Conn, error) {
		log = append(log, "try")
		return nil, errors.New("EOF")
	}
	sleep := func(d time.Duration) { log = append(log, d.String()) }
	_, err := dial(":5", connect, sleep)
	if err == nil || !strings.Contains(err.Error(), "EOF") {
		t.Fatalf("dial = %v, want the last try's error", err)
	}
	want := "try 10ms try 20ms try 40ms try 80ms try 160ms try 320ms try 640ms try"
	if got := strings.Join(log, " "); got != want {
		t.Errorf("tries and waits:\n got %s\nwant %s", got, want)
	}
}

func TestDialStopsAtTheFirstSuccess(t *testing.T) {
	calls, sleeps := 0, 0
	conn := &xgb.Conn{}
	connect := func(string) (*xgb.Conn, error) {
		if calls++; calls < 3 {
			return nil, errors.New("broken pipe")
		}
		return conn, nil
	}
	c, err := dial("", connect, func(time.Duration) { sleeps++ })
	if err != nil || c != conn || calls != 3 || sleeps != 2 {
		t.Fatalf("dial = %v, %v after %d tries and %d waits; want the third try's connection after 2 waits", c, err, calls, sleeps)
	}
}
