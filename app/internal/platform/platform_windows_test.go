package platform

// Run under Wine (make wine-test) or on Windows.

import (
	"errors"
	"testing"

	"golang.org/x/sys/windows/registry"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDirsAreInAppData(t *testing.T) {
	env := envOf(map[string]string{"APPDATA": `C:\Users\me\AppData\Roaming`})
	for name, got := range map[string]string{"ConfigDir": ConfigDir(env), "DataDir": DataDir(env)} {
		if got != `C:\Users\me\AppData\Roaming\Upshot` {
			t.Errorf("%s = %q, want %%APPDATA%%\\Upshot", name, got)
		}
	}
	if got := ConfigDir(envOf(nil)); got == "Upshot" || got == `\Upshot` {
		t.Errorf("ConfigDir without APPDATA = %q, want one under the home folder", got)
	}
}

func TestTrayHostIsThere(t *testing.T) {
	for env, want := range map[string]bool{"": true, "0": false} {
		var got []bool
		WatchTrayHost(t.Context(), envOf(map[string]string{"UPSHOT_TRAY": env}), func(p bool) { got = append(got, p) })
		if len(got) != 1 || got[0] != want {
			t.Errorf("UPSHOT_TRAY=%q: tray host reported %v, want once %v", env, got, want)
		}
	}
}

func runEntry(t *testing.T) (string, error) {
	t.Helper()
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.QUERY_VALUE)
	if err != nil {
		return "", err
	}
	defer k.Close()
	v, _, err := k.GetStringValue(runValue)
	return v, err
}

func TestAutostartRunKey(t *testing.T) {
	t.Cleanup(func() { _ = SetAutostart(false, "") })
	exe := `C:\Program Files\Up Shot\upshot.exe`
	if err := SetAutostart(true, exe); err != nil {
		t.Fatal(err)
	}
	if v, err := runEntry(t); err != nil || v != `"`+exe+`"` {
		t.Fatalf("Run\\Upshot = %q, %v; want the quoted path", v, err)
	}
	if err := SetAutostart(false, ""); err != nil {
		t.Fatal(err)
	}
	if v, err := runEntry(t); !errors.Is(err, registry.ErrNotExist) {
		t.Fatalf("Run\\Upshot after turning it off: %q, %v", v, err)
	}
	if err := SetAutostart(false, ""); err != nil {
		t.Errorf("turning off twice: %v", err)
	}
}
