package hotkeys

import "strings"

// State is where one action's shortcut stands.
type State string

// Action states.
const (
	StatePending  State = "pending"  // sent to the helper, no answer yet
	StateBound    State = "bound"    // the shortcut works
	StateError    State = "error"    // the helper could not take it; see Error
	StateDisabled State = "disabled" // no shortcut set for the action
	StatePaused   State = "paused"   // released on purpose (Pause)
	StateOff      State = "off"      // the helper is not running; see Status.Off
)

// ActionStatus is the state of one action's shortcut.
type ActionStatus struct {
	Combo string // as the user set it, canonical once bound
	State State
	Error string // for StateError, written for the user
}

// Text is a one-line description for the settings screen.
func (a ActionStatus) Text() string {
	switch a.State {
	case StateBound:
		return a.Combo
	case StateError:
		return a.Error
	case StateDisabled:
		return "no shortcut"
	default:
		return a.Combo + " (" + string(a.State) + ")"
	}
}

// Status is what the Manager reports through Config.OnStatus.
type Status struct {
	// Running is true while a helper is up and answering.
	Running bool
	// Off is "hotkeys are off: <reason>" while no helper runs, else "".
	Off string
	// Retrying is true when the Manager will start the helper again.
	Retrying bool
	// Paused is true between Pause(true) and Pause(false).
	Paused bool
	// Actions has one entry per action in the current bindings.
	Actions map[string]ActionStatus
	// Desktop is true when the desktop's GlobalShortcuts portal holds the
	// shortcuts: it decides the keys, ours are suggestions.
	Desktop bool
	// Configurable is true when the desktop can show its own dialog for
	// them (Portal.Configure).
	Configurable bool
}

// clone returns a copy that shares nothing with s.
func (s Status) clone() Status {
	c := s
	c.Actions = make(map[string]ActionStatus, len(s.Actions))
	for k, v := range s.Actions {
		c.Actions[k] = v
	}
	return c
}

// actionStates is a fresh per-action status for the bindings want, with
// state for those that have a shortcut.
func actionStates(want map[string]string, state State) map[string]ActionStatus {
	out := make(map[string]ActionStatus, len(want))
	for action, combo := range want {
		if strings.TrimSpace(combo) == "" {
			out[action] = ActionStatus{State: StateDisabled}
			continue
		}
		out[action] = ActionStatus{Combo: combo, State: state}
	}
	return out
}

// The kinds of back-end BackendFor chooses.
const (
	KindPortal  = "portal"  // the desktop's GlobalShortcuts portal (Wayland)
	KindX11     = "x11"     // the X11 helper, upshot-hotkeyd
	KindWindows = "windows" // RegisterHotKey in the app's own process
)
