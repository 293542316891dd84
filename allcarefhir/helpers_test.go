package allcarefhir_test

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// faultJSON is a scripted JSON answer of a fake.
func faultJSON(status int, body string) faultserver.Fault { return faultserver.Status(status, body) }

// sprintAll prints v every way a program might, slog included.
func sprintAll(v any) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v %+v %#v %s %q\n", v, v, v, v, v)
	h := slog.NewJSONHandler(&b, nil)
	slog.New(h).Info("x", "v", v)
	h2 := slog.NewTextHandler(&b, nil)
	slog.New(h2).Info("x", "v", v)
	return b.String()
}
