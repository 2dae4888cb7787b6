// Package sxcu reads ShareX custom uploaders (.sxcu files) and runs the
// image uploaders among them.
//
// Parse accepts the files of ShareX 14 and later ({json:…} syntax) and
// older ones ($json:…$ syntax, RequestType, RegexList) and returns a Spec
// in ShareX 14 syntax. A Spec that targets a Chevereto endpoint becomes a
// normal profile (Spec.Chevereto); any other multipart image uploader runs
// through Uploader, which streams the file like the Chevereto client,
// follows the host's redirects as ShareX does, and reads the links with
// the file's own expressions. What cannot run (other bodies, interactive
// or unknown functions) or would not mean what ShareX reads in it is an
// *UnsupportedError naming the key and its value; compat.go holds those
// rules. ReadFile and Read read a file without blocking on a FIFO.
//
// The package imports no Fyne and no cgo; it does not know about profiles
// (package profile imports it, not the reverse).
package sxcu
