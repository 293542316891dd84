//go:build !unix

package faultserver

import (
	"net"
	"testing"
)

// RefusingAddr returns a loopback "host:port" that refuses connections.
// Here (no unix sockets) it is the address of a listener closed at once,
// whose port a server started later could take.
func RefusingAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("faultserver: RefusingAddr: %v", err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}
