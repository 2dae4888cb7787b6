package sxcu

// This file holds the rules by which Upshot reads what real .sxcu files
// hold the way ShareX does, or refuses it with a reason where ShareX
// would silently do something the file did not mean.

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// versionNumber is a Version ShareX can read (.NET's Version.Parse: two
// to four numbers; Upshot also takes one, "14").
var versionNumber = regexp.MustCompile(`^[0-9]{1,9}(\.[0-9]{1,9}){0,3}$`)

// checkVersion refuses a Version that is not a number: ShareX refuses the
// file, and guessing would pick the syntax of the expressions blindly.
func checkVersion(f *rawFile) error {
	v := strings.TrimSpace(f.Version.s)
	if v == "" || versionNumber.MatchString(v) {
		return nil
	}
	return unsupported("Version", f.Version.s, false,
		"not a version number like 15.0.0; ShareX refuses it too — correct it, or remove it and Upshot tells the syntax from the expressions")
}

// checkRequestURL refuses a RequestURL written as a number or a boolean:
// ShareX would upload to https://123.
func checkRequestURL(f *rawFile) error {
	if k := f.RequestURL.kind; k != "" {
		return unsupported("RequestURL", f.RequestURL.s, false,
			fmt.Sprintf(`it is a %s, not an address: write the upload URL in quotes, like "https://host/upload"`, k))
	}
	return nil
}

// Legacy ResponseType values (ShareX before 13), also written as numbers.
var responseTypes = map[string]string{
	"text": "Text", "0": "Text", "redirectionurl": "RedirectionURL", "1": "RedirectionURL",
	"headers": "Headers", "2": "Headers", "locationheader": "LocationHeader", "3": "LocationHeader",
}

// responseType is the file's ResponseType by its name ("" when none),
// or an error for one that cannot work.
func responseType(f *rawFile) (string, error) {
	raw := strings.TrimSpace(f.ResponseType.s)
	rt, ok := responseTypes[strings.ToLower(raw)]
	switch {
	case raw == "":
		return "", nil
	case !ok:
		return "", unsupported("ResponseType", f.ResponseType.s, false, "ShareX knows Text, RedirectionURL and LocationHeader")
	case rt == "Headers":
		return "", unsupported("ResponseType", f.ResponseType.s, false, "ShareX dropped it too: read a header with {header:NAME} in URL")
	}
	return rt, nil
}

// legacyAnswer is what a legacy ResponseType made the answer that the
// link expressions read: with RedirectionURL the address the upload was
// redirected to ({responseurl}), with LocationHeader the Location header
// of the answer ({header:Location}, as ShareX's own migration writes it);
// nil for the answer itself.
func legacyAnswer(f *rawFile) Expr {
	switch rt, _ := responseType(f); rt {
	case "RedirectionURL":
		return Expr{{Func: "responseurl"}}
	case "LocationHeader":
		return Expr{{Func: "header", Args: []Expr{{{Text: "Location"}}}}}
	}
	return nil
}

// readFrom makes the calls of a legacy link expression that read the
// answer read src (legacyAnswer) instead, as the file meant: {response}
// becomes src, and {json} and {regex} get src as the text to read.
// (ShareX's own migration changes only {response}, so that its regexes
// read the page instead.)
func readFrom(e, src Expr) Expr {
	out := make(Expr, len(e))
	for i, n := range e {
		switch strings.ToLower(n.Func) {
		case "response":
			n = src[0]
		case "json":
			if len(n.Args) == 1 {
				n.Args = []Expr{src, n.Args[0]}
			}
		case "regex":
			switch len(n.Args) {
			case 1:
				n.Args = []Expr{src, n.Args[0], nil}
			case 2:
				n.Args = []Expr{src, n.Args[0], n.Args[1]}
			}
		}
		out[i] = n
	}
	return out
}

// checkHeaderCase refuses header names that differ only in case: they
// are one HTTP header, and which value goes would be a guess.
func checkHeaderCase(h map[string]string) error {
	first := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(h)) {
		lower := strings.ToLower(k)
		if prev, ok := first[lower]; ok {
			return unsupported("Headers", k, false, fmt.Sprintf("%q and %q are the same header (names ignore case): keep one of them", prev, k))
		}
		first[lower] = k
	}
	return nil
}

// noFileField explains a file that names no form field for the file:
// text uploaders and URL shorteners send {input}, not a file.
func noFileField(f *rawFile) error {
	if strings.TrimSpace(f.FileFormName.s) != "" {
		return nil
	}
	return unsupported("FileFormName", f.FileFormName.s, false, "the file sends no file: "+notImages)
}

// notImages says what Upshot does not upload.
const notImages = "text uploaders and URL shorteners are not supported — Upshot uploads images and videos"
