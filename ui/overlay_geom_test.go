package ui

import "testing"

// selStep is one pointer event of a gesture: 'p'ress, 'd'rag or 'r'elease.
type selStep struct {
	op   byte
	x, y int
}

func runSteps(t *testing.T, s *Selection, steps []selStep) {
	t.Helper()
	for _, st := range steps {
		switch st.op {
		case 'p':
			s.Press(st.x, st.y)
		case 'd':
			s.Drag(st.x, st.y)
		case 'r':
			s.Release(st.x, st.y)
		default:
			t.Fatalf("bad step %q", st.op)
		}
	}
}

// gesture is a full press, drag, release from (x0, y0) to (x1, y1).
func gesture(x0, y0, x1, y1 int) []selStep {
	return []selStep{{'p', x0, y0}, {'d', x1, y1}, {'r', x1, y1}}
}

func TestSelectionGestures(t *testing.T) {
	tests := []struct {
		name  string
		steps []selStep
		want  Rect
	}{
		{"down right", gesture(10, 10, 29, 19), Rect{10, 10, 20, 10}},
		{"up left", gesture(29, 19, 10, 10), Rect{10, 10, 20, 10}},
		{"up right", gesture(10, 19, 29, 10), Rect{10, 10, 20, 10}},
		{"down left", gesture(29, 10, 10, 19), Rect{10, 10, 20, 10}},
		{"past bottom right", gesture(90, 70, 150, 200), Rect{90, 70, 10, 10}},
		{"past top left", gesture(5, 6, -20, -30), Rect{0, 0, 6, 7}},
		{"press outside", gesture(-50, 500, 10, 10), Rect{0, 10, 11, 70}},
		{"corner to corner", gesture(0, 0, 99, 79), Rect{0, 0, 100, 80}},
		{"click", []selStep{{'p', 10, 10}, {'r', 10, 10}}, Rect{}},
		{"wobble under the drag threshold", []selStep{{'p', 10, 10}, {'r', 11, 12}}, Rect{}},
		{"drag without press", []selStep{{'d', 10, 10}, {'d', 30, 30}, {'r', 30, 30}}, Rect{}},
		{"vertical line is 1 wide", gesture(10, 10, 10, 29), Rect{10, 10, 1, 20}},
		{"horizontal line at bottom edge", gesture(10, 80, 39, 80), Rect{10, 79, 30, 1}},
		{"back to the start is 1×1", []selStep{{'p', 10, 10}, {'d', 20, 20}, {'r', 10, 10}}, Rect{10, 10, 1, 1}},
		{"corner pixel", gesture(98, 79, 120, 90), Rect{98, 79, 2, 1}},
		{"off-screen wiggle is a click", gesture(99, 79, 120, 90), Rect{}},
		{"release point wins", []selStep{{'p', 10, 10}, {'d', 20, 20}, {'r', 39, 29}}, Rect{10, 10, 30, 20}},
		{"click keeps the selection", append(gesture(10, 10, 29, 19), selStep{'p', 50, 50}, selStep{'r', 50, 50}), Rect{10, 10, 20, 10}},
		{"double click keeps the selection", append(gesture(10, 10, 29, 19),
			selStep{'p', 50, 50}, selStep{'r', 50, 50}, selStep{'p', 50, 50}, selStep{'r', 50, 50}), Rect{10, 10, 20, 10}},
		{"second drag replaces", append(gesture(10, 10, 29, 19), gesture(59, 49, 40, 40)...), Rect{40, 40, 20, 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSelection(100, 80)
			runSteps(t, s, tt.steps)
			if got := s.Normalized(); got != tt.want {
				t.Errorf("Normalized() = %+v, want %+v", got, tt.want)
			}
			if s.Dragging() {
				t.Error("still dragging after the release")
			}
		})
	}
}

func TestSelectionLiveWhileDragging(t *testing.T) {
	s := NewSelection(100, 80)
	runSteps(t, s, gesture(10, 10, 29, 19))
	s.Press(50, 50)
	if got := s.Normalized(); got != (Rect{10, 10, 20, 10}) {
		t.Errorf("after press, before moving: %+v, want the old selection", got)
	}
	s.Drag(41, 46)
	if !s.Dragging() {
		t.Fatal("Dragging() = false during a drag")
	}
	if got, want := s.Normalized(), (Rect{41, 46, 10, 5}); got != want {
		t.Errorf("live rectangle %+v, want %+v", got, want)
	}
	if got := s.Label(); got != "10 × 5" {
		t.Errorf("live label %q", got)
	}
}

func TestSelectionNudge(t *testing.T) {
	tests := []struct {
		name   string
		start  []selStep
		dx, dy int
		resize bool
		want   Rect
	}{
		{"right", gesture(10, 10, 29, 19), 1, 0, false, Rect{11, 10, 20, 10}},
		{"up", gesture(10, 10, 29, 19), 0, -1, false, Rect{10, 9, 20, 10}},
		{"stops at left edge", gesture(0, 10, 19, 19), -1, 0, false, Rect{0, 10, 20, 10}},
		{"stops at bottom edge", gesture(10, 70, 29, 79), 0, 1, false, Rect{10, 70, 20, 10}},
		{"stops at right edge", gesture(80, 10, 99, 19), 5, 0, false, Rect{80, 10, 20, 10}},
		{"grow", gesture(10, 10, 29, 19), 1, 0, true, Rect{10, 10, 21, 10}},
		{"shrink", gesture(10, 10, 29, 19), 0, -1, true, Rect{10, 10, 20, 9}},
		{"not below 1", []selStep{{'p', 10, 10}, {'d', 11, 11}, {'r', 10, 10}}, -1, -1, true, Rect{10, 10, 1, 1}},
		{"grow stops at the edge", gesture(90, 10, 99, 19), 1, 0, true, Rect{90, 10, 10, 10}},
		{"nothing selected", nil, 1, 1, false, Rect{}},
		{"during a drag", []selStep{{'p', 10, 10}, {'d', 29, 19}}, 1, 1, false, Rect{10, 10, 20, 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSelection(100, 80)
			runSteps(t, s, tt.start)
			s.Nudge(tt.dx, tt.dy, tt.resize)
			if got := s.Normalized(); got != tt.want {
				t.Errorf("after Nudge(%d, %d, %v): %+v, want %+v", tt.dx, tt.dy, tt.resize, got, tt.want)
			}
		})
	}
}

func TestSelectionLabel(t *testing.T) {
	tests := []struct {
		steps []selStep
		want  string
	}{
		{nil, ""},
		{gesture(0, 0, 639, 479), "640 × 480"},
		{gesture(700, 500, 61, 21), "640 × 480"},
		{gesture(5, 5, 5, 6), "1 × 2"},
		{[]selStep{{'p', 5, 5}, {'d', 6, 6}, {'r', 5, 5}}, "1 × 1"},
	}
	for _, tt := range tests {
		s := NewSelection(1920, 1080)
		runSteps(t, s, tt.steps)
		if got := s.Label(); got != tt.want {
			t.Errorf("Label() after %v = %q, want %q", tt.steps, got, tt.want)
		}
	}
}

func TestSelectionEmptyScreen(t *testing.T) {
	s := NewSelection(0, -5)
	runSteps(t, s, gesture(0, 0, 10, 10))
	s.Nudge(1, 1, true)
	if got := s.Normalized(); !got.Empty() {
		t.Errorf("selected %+v on an empty screen", got)
	}
}
