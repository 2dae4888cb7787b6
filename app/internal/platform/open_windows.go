package platform

import (
	"fmt"
	"net/url"
	"os/exec"
)

// OpenURL opens u in the default browser (the shell's URL handler).
func OpenURL(u *url.URL) error {
	if err := exec.Command("rundll32", "url.dll,FileProtocolHandler", u.String()).Start(); err != nil {
		return fmt.Errorf("open the browser: %w", err)
	}
	return nil
}
