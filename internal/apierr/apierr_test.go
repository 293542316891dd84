package apierr

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

func TestExcerpt(t *testing.T) {
	assert.Equal(t, "ab", Excerpt("abc", 2))
	assert.Equal(t, "abc", Excerpt("abc", 5))
	assert.Equal(t, "a", Excerpt("aé", 2), "cut at a rune boundary")
}

func TestInputError(t *testing.T) {
	errOther := errors.New("other")
	err := Input("mhv", "Refill", "the prescription id must be positive", errOther)
	assert.Equal(t, "mhv: Refill: invalid input, nothing was sent: the prescription id must be positive", err.Error())
	assert.ErrorIs(t, err, rxbridge.ErrInvalidInput)
	assert.ErrorIs(t, err, errOther)
	assert.Equal(t, "cvsspecialty: invalid input, nothing was sent", Input("cvsspecialty", "", "").Error())
	assert.Equal(t, "rxbridge: nil *InputError", (*InputError)(nil).Error())
}
