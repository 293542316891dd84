package apierr

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestExcerpt(t *testing.T) {
	assert.Equal(t, "ab", Excerpt("abc", 2))
	assert.Equal(t, "abc", Excerpt("abc", 5))
	assert.Equal(t, "a", Excerpt("aé", 2), "cut at a rune boundary")
}
