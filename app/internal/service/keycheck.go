package service

import (
	"context"
	"time"

	"github.com/upshot-app/upshot/uploader"
)

// keyCheckTimeout bounds a key check: one small request.
const keyCheckTimeout = 30 * time.Second

// CheckKey asks the host whether key may upload, without uploading
// anything (Settings' Test key). host is any form of the address.
func CheckKey(ctx context.Context, host, key string) (uploader.KeyStatus, error) {
	c, err := uploader.NewClient(uploader.ClientConfig{Endpoint: host, Key: key, Retries: -1})
	if err != nil {
		return uploader.KeyUnknown, err
	}
	return CheckClientKey(ctx, c)
}

// CheckClientKey is CheckKey with a client already made (a profile's).
func CheckClientKey(ctx context.Context, c *uploader.Client) (uploader.KeyStatus, error) {
	ctx, cancel := context.WithTimeout(ctx, keyCheckTimeout)
	defer cancel()
	return c.CheckKey(ctx)
}
