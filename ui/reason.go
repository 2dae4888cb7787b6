package ui

import (
	"errors"
	"strconv"
	"strings"

	"github.com/upshot-app/upshot/uploader"
)

// errorText is an upload error in the user's language: the uploader's
// errors name their message in the catalog (APIError.Key, "reason.…") and
// their advice is one of a known few; the host's own words are quoted as
// they came. What has no entry (a system error's own text) stays English.
func errorText(err error) string {
	var ae *uploader.APIError
	if err == nil || !errors.As(err, &ae) {
		if err == nil {
			return ""
		}
		return err.Error()
	}
	p := ae.Parts()
	msg := p.Message
	if text, ok := reasonText(p.Key, p.Args); ok {
		msg = text
	}
	if p.FromHost {
		msg = T("reason.host_says", "Message", msg)
	}
	if p.Snippet != "" {
		msg = T("reason.snippet", "Message", msg, "Snippet", strconv.Quote(p.Snippet))
	}
	if p.Hint != "" {
		msg = T("reason.with_hint", "Problem", msg, "Hint", hintText(p.Hint))
	}
	return msg
}

// reasonText is the catalog's text of an uploader message key with its
// values; ok is false when the catalog has no such entry.
func reasonText(key string, args []string) (string, bool) {
	if outer, inner, nested := strings.Cut(key, "/"); nested && len(args) > 0 {
		in, ok := reasonText(inner, args[1:])
		if _, has := english()["reason."+outer]; !ok || !has {
			return "", false
		}
		return T("reason."+outer, "A1", args[0], "Inner", in), true
	}
	if _, ok := english()["reason."+key]; key == "" || !ok {
		return "", false
	}
	kv := make([]any, 0, 2*len(args))
	for i, a := range args {
		kv = append(kv, "A"+strconv.Itoa(i+1), a)
	}
	return T("reason."+key, kv...), true
}

// hintText is the uploader's advice in the user's language, when it is one
// of those the catalog has.
func hintText(h string) string {
	if key, ok := hintKeys[h]; ok {
		return T(key)
	}
	return h
}

// hintKeys are the uploader's pieces of advice (English, as in
// uploader/errors.go) by catalog key; TestErrorTextEnglish checks that
// each reads the same as the uploader's.
var hintKeys = map[string]string{
	"check the API key of this profile": "reason.hint.bad_key",
	"this host does not accept API uploads now (guest uploads off, private mode or uploads disabled); the key itself may be fine": "reason.hint.denied",
	"the host limits uploads per minute; wait a minute and try again":                                                             "reason.hint.rate_limited",
	"make the file smaller or use a host with a higher limit":                                                                     "reason.hint.too_big",
	"this host does not accept this file; accepted: JPG PNG BMP GIF WEBP AVIF MOV MP4 WEBM":                                       "reason.hint.unsupported",
	"check your connection and try again":                                                                                         "reason.hint.network",
	"the host has a problem, try again later":                                                                                     "reason.hint.server",
	"check the host URL (it should be the site address or end in /api/1/upload)":                                                  "reason.hint.endpoint",
	"the host already has this file from you today":                                                                               "reason.hint.duplicate",
	"check the host URL and your internet connection":                                                                             "reason.hint.dns",
	"the host's certificate is wrong or something intercepts the connection; Upshot never uploads without a valid certificate":    "reason.hint.tls",
	"is the host URL right and the host up?":                                                                                      "reason.hint.host_up",
	"try again later; if it keeps happening, the file may be over the host's limit":                                               "reason.hint.closed",
	"the connection or the host is stuck; try again later":                                                                        "reason.hint.stalled",
	"the host received no file: it is probably over the host's upload limit; try a smaller file":                                  "reason.hint.empty_source",
	"this host has turned this format off; convert the file or use another host":                                                  "reason.hint.disabled_format",
	"upload the file itself instead of a link":                                                                                    "reason.hint.url_disabled",
	"a limit of the host's plan is reached; ask the host or try later":                                                            "reason.hint.plan_limit",
	"use a smaller width, or none":                                                                                                "reason.hint.width",
	"try again":                                                                                                                   "reason.hint.try_again",
	"check the file and its disk":                                                                                                 "reason.hint.check_disk",
	"check the link and your connection":                                                                                          "reason.hint.link",
}
