package cvsspecialtytest

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"

	"github.com/rxbridge/rxbridge-go/cvsspecialty"
)

// sampleReferral is the spec's intake example with a synthetic TIFF as its
// image (the same as testdata/cvsspecialty/intake-request.json).
//
//go:embed sample-referral.json
var sampleReferral []byte

// SampleReferralJSON returns the spec's intake example as JSON, with a
// synthetic 1×1 TIFF in rxImage (the spec's "data" is a placeholder).
// Its names and numbers are the spec's fictional ones.
func SampleReferralJSON() []byte { return bytes.Clone(sampleReferral) }

// SampleReferral returns the spec's intake example, decoded. It carries
// the spec's transactionId; set a fresh one (cvsspecialty.NewTransactionID)
// before submitting it anywhere but a fake.
func SampleReferral() *cvsspecialty.Referral {
	var r cvsspecialty.Referral
	if err := json.Unmarshal(sampleReferral, &r); err != nil {
		panic("cvsspecialtytest: embedded sample referral: " + err.Error())
	}
	return &r
}

// SampleTIFF returns a valid 1×1 bilevel TIFF image (111 bytes), a
// stand-in for a faxed prescription.
func SampleTIFF() []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	b.WriteString("II*\x00")
	_ = binary.Write(&b, le, uint32(8)) // first IFD
	type entry struct {
		tag, typ     uint16
		count, value uint32
	}
	const short, long = 3, 4
	entries := []entry{
		{256, short, 1, 1},  // ImageWidth
		{257, short, 1, 1},  // ImageLength
		{258, short, 1, 1},  // BitsPerSample
		{259, short, 1, 1},  // Compression: none
		{262, short, 1, 0},  // PhotometricInterpretation: WhiteIsZero
		{273, long, 1, 110}, // StripOffsets
		{278, short, 1, 1},  // RowsPerStrip
		{279, long, 1, 1},   // StripByteCounts
	}
	_ = binary.Write(&b, le, uint16(len(entries)))
	for _, e := range entries {
		_ = binary.Write(&b, le, e)
	}
	_ = binary.Write(&b, le, uint32(0)) // no next IFD
	b.WriteByte(0)                      // the pixel
	return b.Bytes()
}

// SamplePNG returns a valid 1×1 grey PNG image (71 bytes).
func SamplePNG() []byte {
	b, _ := base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAADklEQVR4nGJiAAQAAP//AAYAA/rQWa4AAAAASUVORK5CYII=")
	return b
}
