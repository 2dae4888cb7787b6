package uploader

import (
	"strings"
	"testing"
)

// A refused key's advice names where the key came from when the client
// was told; a profile's key stays "this profile".
func TestRefusedKeyNamesItsSource(t *testing.T) {
	tests := []struct {
		msg     string
		keySent bool
		source  string
		want    string
	}{
		{"Invalid API key.", true, "", "check the API key of this profile"},
		{"Invalid API key.", true, "the API key given with --key", "— check the API key given with --key"},
		{"No key provided.", true, "the API key given with --key", "upload limit, or check the API key given with --key"},
		{"No key provided.", false, "the API key in UPSHOT_API_KEY", "— check the API key in UPSHOT_API_KEY"},
	}
	for _, tt := range tests {
		ae := hostError(400, 100, tt.msg, tt.keySent)
		ae.nameKey(tt.source)
		if got := ae.Error(); !strings.Contains(got, tt.want) || tt.source != "" && strings.Contains(got, "this profile") {
			t.Errorf("%q from %q: %q, want %q", tt.msg, tt.source, got, tt.want)
		}
	}
	other := hostError(400, 0, "Request denied", true)
	other.nameKey("the API key given with --key")
	if strings.Contains(other.Error(), "--key") {
		t.Errorf("a denial that is not about the key names it: %q", other.Error())
	}
}
