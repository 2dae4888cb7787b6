package cli

import (
	"flag"
	"fmt"

	"github.com/upshot-app/upshot/app/internal/service"
)

// hostFlags are the flags that say where uploads go.
type hostFlags struct {
	host, key, profile, config string
}

func (h *hostFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&h.host, "host", "", "site or endpoint URL (env UPSHOT_HOST)")
	fs.StringVar(&h.key, "key", "", "API key (env UPSHOT_API_KEY; or the stored key of the profile)")
	fs.StringVar(&h.profile, "profile", "", "a saved host profile")
	fs.StringVar(&h.config, "config", "", "config file (env UPSHOT_CONFIG)")
}

func (h hostFlags) spec() service.TargetSpec {
	return service.TargetSpec{Host: h.host, Key: h.key, Profile: h.profile}
}

// warner prints warnings the CLI's way, "upshot: warning: …".
func warner(env Env) func(service.Warning) {
	return func(w service.Warning) { fmt.Fprintf(env.Stderr, "upshot: %s\n", w) }
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}
