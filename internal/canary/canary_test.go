package canary

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

type recorder struct {
	testing.TB
	failed []string
}

func (r *recorder) Helper()                        {}
func (r *recorder) Errorf(format string, a ...any) { r.failed = append(r.failed, format) }

func TestAssertCleanFindsLeaks(t *testing.T) {
	l, sink := Logger()
	l.Debug("call", "patient", "CANARY-DOE")
	r := &recorder{TB: t}
	AssertClean(r, sink.String()+Errors(errors.New("x CANARY-TOKEN y")), "CANARY-DOE", "CANARY-TOKEN", "absent")
	assert.Len(t, r.failed, 2, "both planted canaries are caught, in text and JSON output")
	assert.Equal(t, 2, sink.Records(), "one record per handler")
}
