package uploader

import (
	"context"
	"strings"
	"sync/atomic"
)

// KeyStatus is what a key check found out.
type KeyStatus int

// The key check outcomes.
const (
	KeyUnknown KeyStatus = iota // the check could not tell (network, server, redirect…)
	KeyOK                       // the key is accepted and uploads are allowed
	KeyBad                      // the key is missing or wrong
	KeyDenied                   // the host refuses API uploads now; the key may be fine
)

// String is the outcome for people.
func (k KeyStatus) String() string {
	switch k {
	case KeyOK:
		return "key works"
	case KeyBad:
		return "bad key"
	case KeyDenied:
		return "host denies API uploads"
	default:
		return "key not checked"
	}
}

// CheckKey asks the host whether the key works without uploading anything:
// it POSTs the key and no source. The host checks the key before the
// source, so "Empty upload source" means the key is accepted, "Invalid API
// key." a bad key and "Request denied" a host that refuses API uploads.
// The error is nil for these three definite answers; it is set (and the
// status KeyUnknown) when the check could not tell.
func (c *Client) CheckKey(ctx context.Context) (KeyStatus, error) {
	fm := newForm(c.fields(Options{}), nil)
	_, err := c.do(ctx, fm, new(atomic.Int64))
	if err == nil {
		return KeyUnknown, &APIError{Kind: KindUnknown, Message: "the host accepted an upload without a file", hint: "check the host URL: is it a Chevereto site?"}
	}
	ae, ok := err.(*APIError)
	if !ok || !ae.fromHost {
		return KeyUnknown, err
	}
	msg := strings.ToLower(ae.Message)
	switch {
	case strings.Contains(msg, "empty upload source"), strings.Contains(msg, "empty source"):
		return KeyOK, nil
	case ae.Kind == KindBadKey:
		return KeyBad, nil
	case ae.Kind == KindDenied && strings.Contains(msg, "request denied"):
		return KeyDenied, nil
	}
	return KeyUnknown, err
}
