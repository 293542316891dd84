package mhv_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/rxbridge/rxbridge-go/mhv"
)

func TestDrugImageURL(t *testing.T) {
	const base = "https://www.myhealth.va.gov/mhv-portal-web/ShowBinary/BEA%20Repository/MILDrugImages/"
	cases := []struct {
		ndc, dir, file string
	}{
		// The ICD's own example: 0006-0749-54, directory 6.
		{"0006074954", "6", "NDC0006074954"},
		// 11 characters: [5][4][2] from the right.
		{"00074493411", "74", "NDC00074493411"},
		{"00006077331", "6", "NDC00006077331"},
		{"00781171601", "781", "NDC00781171601"},
		{"07985440050", "7985", "NDC07985440050"},
		{"12345678901", "12345", "NDC12345678901"},
		// 10 characters: [4][4][2].
		{"1234567890", "1234", "NDC1234567890"},
		// A letter, as in the ICD's tracking example.
		{"000A6074931", "A6", "NDC000A6074931"},
		// All zeros in the first segment: directory "0".
		{"0000074954", "0", "NDC0000074954"},
		{"00000074954", "0", "NDC00000074954"},
		// Hyphenated forms are read without their hyphens.
		{"00172-4741-70", "172", "NDC00172474170"},
		{"0006-0749-54", "6", "NDC0006074954"},
		{"  0006074954 ", "6", "NDC0006074954"},
	}
	for _, tc := range cases {
		got, err := mhv.DrugImageURL(tc.ndc)
		if assert.NoError(t, err, tc.ndc) {
			assert.Equal(t, base+tc.dir+"/"+tc.file, got, tc.ndc)
		}
	}
	for _, bad := range []string{"", "123", "123456789", "123456789012", "0006 074954", "0006/074954", "000607495.",
		"00060749541a2", "ÄÄÄÄÄÄÄÄÄÄ", "0006074954\x00", "00060\n74954", "../../../etc"} {
		_, err := mhv.DrugImageURL(bad)
		assert.ErrorIs(t, err, mhv.ErrInvalidNDC, "%q", bad)
	}
}
