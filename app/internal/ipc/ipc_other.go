//go:build !unix

package ipc

import (
	"context"
	"errors"
)

// Server is the listening end; this system has none.
type Server struct{}

// Listen is not supported on this system.
func Listen(func(Request) Response) (*Server, error) {
	return nil, errors.New("single-instance IPC is not supported on this system")
}

// Close does nothing.
func (s *Server) Close() error { return nil }

// Path is empty.
func (s *Server) Path() string { return "" }

// Send always reports that no instance is running.
func Send(context.Context, Request) (Response, error) { return Response{}, ErrNotRunning }
