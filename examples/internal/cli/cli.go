// Package cli is what the example programs share on their command line:
// a usage text that lists the environment they read, the refusal of a
// half-configured environment (naming what is missing), and a bounded
// probe of the upstream before a program starts serving or submitting.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// Var is one environment variable an example reads.
type Var struct {
	Name string
	Help string
}

// SetUsage makes fs's usage (printed by -h, and after a bad flag) show
// synopsis, the flags, and vars. With flag.ExitOnError, -h exits 0 and a
// bad flag exits 2.
func SetUsage(fs *flag.FlagSet, synopsis string, vars []Var) {
	fs.Usage = func() { WriteUsage(fs.Output(), fs, synopsis, vars) }
}

// WriteUsage writes the usage text to w.
func WriteUsage(w io.Writer, fs *flag.FlagSet, synopsis string, vars []Var) {
	fmt.Fprintf(w, "usage: %s\n\nFlags:\n", synopsis)
	out := fs.Output()
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(out)
	fmt.Fprintf(w, "\nEnvironment (none set: the program runs against the in-process fake):\n")
	width := 0
	for _, v := range vars {
		width = max(width, len(v.Name))
	}
	for _, v := range vars {
		fmt.Fprintf(w, "  %-*s  %s\n", width, v.Name, v.Help)
	}
}

// ErrConfig marks an environment that is set but incomplete. The examples
// exit 2 on it, as on a bad flag.
var ErrConfig = errors.New("incomplete configuration")

// Require returns an error matching ErrConfig that names every variable of
// needed that getenv leaves empty, when the variable because is set.
func Require(getenv func(string) string, because string, needed ...string) error {
	if getenv(because) == "" {
		return nil
	}
	var missing []string
	for _, n := range needed {
		if getenv(n) == "" {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s is set, so %s must be set too", ErrConfig, because, strings.Join(missing, " and "))
}

// ProbeTimeout bounds Probe.
const ProbeTimeout = 20 * time.Second

// Probe runs call (a cheap authenticated request to the upstream) under
// ProbeTimeout, so that a program with a wrong URL or credentials fails at
// once with the cause instead of serving or waiting forever.
func Probe(ctx context.Context, upstream string, call func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	if err := call(ctx); err != nil {
		return fmt.Errorf("cannot reach %s (checked before starting): %w", upstream, err)
	}
	return nil
}
