// Package redistest runs a real redis-server for tests: its own process,
// from PATH, on a free loopback port, with no persistence, stopped when the
// test ends. It can stop and restart the same server (same address) to test
// what happens when Redis goes away mid-run.
//
// When redis-server is not in PATH (or cannot start), Start skips the test
// with a message saying how to install it, except in CI (CI=true), where
// the test fails: CI must run these tests, never skip them.
package redistest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// startTimeout bounds how long a server may take to answer PING.
const startTimeout = 20 * time.Second

// stopTimeout bounds how long a server may take to exit after SIGTERM
// before it is killed.
const stopTimeout = 10 * time.Second

// Install says how to get redis-server.
const Install = "install redis-server to run them (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)"

// Server is a redis-server process owned by one test.
type Server struct {
	t    testing.TB
	bin  string
	dir  string
	port int

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{} // closed when cmd exits
}

// Start starts a redis-server for t and stops it when t ends. It skips t
// when no server can be started, or fails t when CI=true.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		unavailable(t, "redis-server not found in PATH")
	}
	s := &Server{t: t, bin: bin, dir: t.TempDir()}
	// A free port found by listening may be taken before redis-server
	// binds it; try a few.
	for attempt := 0; ; attempt++ {
		s.port, err = freePort()
		if err == nil {
			err = s.start()
		}
		if err == nil {
			break
		}
		if attempt == 2 {
			unavailable(t, fmt.Sprintf("redis-server did not start: %v", err))
		}
	}
	t.Cleanup(s.Stop)
	return s
}

// unavailable skips t, or fails it in CI.
func unavailable(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("redistest: %s; CI=true, so these tests must run: %s", why, Install)
	}
	t.Skipf("redistest: %s; these tests need a real Redis: %s", why, Install)
}

// Addr is the server's address, "127.0.0.1:port".
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// Client returns a go-redis client for the server, closed when the test
// ends. It does not retry (a stopped server fails the next command at
// once).
func (s *Server) Client() *redis.Client {
	c := redis.NewClient(&redis.Options{Addr: s.Addr(), DisableIdentity: true, MaxRetries: -1, DialerRetries: 1})
	s.t.Cleanup(func() { _ = c.Close() })
	return c
}

// Stop stops the server (SIGTERM, then SIGKILL after a bound) and waits
// for it to exit. Stopping a stopped server does nothing.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(stopTimeout):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
	s.cmd = nil
}

// Restart starts the stopped server again on the same address, empty
// (there is no persistence). It fails the test if it cannot.
func (s *Server) Restart() {
	s.t.Helper()
	if err := s.start(); err != nil {
		s.t.Fatalf("redistest: restart: %v", err)
	}
}

// start runs redis-server on s.port and waits until it answers PING, it
// exits, or startTimeout passes.
func (s *Server) start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return errors.New("already running")
	}
	out := &lockedWriter{}
	cmd := exec.Command(s.bin,
		"--port", strconv.Itoa(s.port),
		"--bind", "127.0.0.1",
		"--save", "",
		"--appendonly", "no",
		"--dir", s.dir,
		"--protected-mode", "yes",
		"--daemonize", "no",
	)
	cmd.Dir = s.dir
	cmd.Stdout = out
	cmd.Stderr = out
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()

	deadline := time.Now().Add(startTimeout)
	for wait := time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
		if s.ping(deadline) == nil {
			s.cmd, s.exited = cmd, exited
			return nil
		}
		select {
		case <-exited:
			return fmt.Errorf("redis-server exited: %s", out.String())
		case <-time.After(time.Until(deadline)):
			_ = cmd.Process.Kill()
			<-exited
			return fmt.Errorf("no PING answer within %s", startTimeout)
		case <-time.After(wait):
		}
	}
}

// ping sends PING and expects +PONG, over a plain connection (a go-redis
// client would log every refused dial while the server starts).
func (s *Server) ping(deadline time.Time) error {
	conn, err := net.DialTimeout("tcp", s.Addr(), time.Until(deadline))
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.SetDeadline(deadline); err != nil {
		return err
	}
	if _, err := conn.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	reply := make([]byte, len("+PONG\r\n"))
	if _, err := io.ReadFull(conn, reply); err != nil {
		return err
	}
	if string(reply) != "+PONG\r\n" {
		return fmt.Errorf("unexpected PING reply %q", reply)
	}
	return nil
}

// freePort returns a loopback port that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// lockedWriter is a buffer the process writes to while the test reads it.
type lockedWriter struct {
	mu sync.Mutex
	w  bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.String()
}
