package redact

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSecretPrintsRedacted(t *testing.T) {
	s := NewSecret("CANARY-secret")
	assert.Equal(t, Redacted, fmt.Sprint(s))
	assert.Equal(t, "CANARY-secret", s.Reveal())
}
