package cvsspecialtytest

import (
	"context"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxbridge/rxbridge-go/cvsspecialty"
)

func TestSampleTIFFIsWellFormed(t *testing.T) {
	b := SampleTIFF()
	require.Len(t, b, 111)
	le := binary.LittleEndian
	require.Equal(t, "II*\x00", string(b[:4]))
	ifd := le.Uint32(b[4:])
	n := int(le.Uint16(b[ifd:]))
	tags := map[uint16]uint32{}
	for i := range n {
		e := b[int(ifd)+2+12*i:]
		tags[le.Uint16(e)] = le.Uint32(e[8:])
	}
	assert.Equal(t, uint32(1), tags[256]&0xffff, "width")
	assert.Equal(t, uint32(1), tags[257]&0xffff, "height")
	off, count := tags[273], tags[279]
	assert.Equal(t, len(b), int(off+count), "the strip ends the file")
	assert.Equal(t, uint32(0), le.Uint32(b[int(ifd)+2+12*n:]), "one IFD")
}

func TestSampleReferralIsValid(t *testing.T) {
	r := SampleReferral()
	require.NoError(t, r.Validate())
	r.Patient.Name.Family = "changed"
	assert.Equal(t, "Targaryen", SampleReferral().Patient.Name.Family, "each call returns a fresh copy")
}

func TestLifecycleCommands(t *testing.T) {
	srv := NewServer(WithLifecycle("Pending", "Done"))
	defer srv.Close()
	c, err := srv.NewClient()
	require.NoError(t, err)
	ctx := context.Background()
	var ids []string
	for range 3 {
		r := SampleReferral()
		r.TransactionID = cvsspecialty.NewTransactionID()
		res, err := c.Submit(ctx, r)
		require.NoError(t, err)
		ids = append(ids, res.TransactionID)
	}
	got := srv.Referrals()
	require.Len(t, got, 3)
	for i, r := range got {
		assert.Equal(t, ids[i], r.TransactionID, "oldest first")
	}
	for _, want := range []string{"Done", "Done"} {
		s, err := srv.Advance(ids[0])
		require.NoError(t, err)
		assert.Equal(t, want, s, "stays at the last status")
	}
	_, err = srv.Advance("nope")
	assert.EqualError(t, err, `cvsspecialtytest: no referral "nope"`)
	assert.EqualError(t, srv.SetStatus("nope", "x", ""), `cvsspecialtytest: no referral "nope"`)
	_, ok := srv.Referral("nope")
	assert.False(t, ok)
	assert.Equal(t, 1, srv.Submissions(ids[1]))
}
