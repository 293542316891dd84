package mhv

import "strings"

// drugImageBase is where MHV serves drug images (Appendix A, ndcNumber).
const drugImageBase = "https://www.myhealth.va.gov/mhv-portal-web/ShowBinary/BEA%20Repository/MILDrugImages/"

// DrugImageURL returns the URL of the image of the drug with this National
// Drug Code, by the rule of the ICD (Appendix A): split the ndcNumber from
// the right into [4 or 5][4][2] characters ("0006074954" is 0006-0749-54);
// the directory is the first segment without its leading zeros ("6"); the
// file is "NDC" followed by the whole ndcNumber:
//
//	.../MILDrugImages/6/NDC0006074954
//
// The ndcNumber must have 10 or 11 characters, digits or letters (MHV
// sends some with a letter, such as "000A6074931"); hyphens are removed
// first ("00172-4741-70" is "00172474170"). Anything else gives
// ErrInvalidNDC. The URL points at a public VA site; fetching it tells
// that site which drug you are looking at.
func DrugImageURL(ndc string) (string, error) {
	n, ok := normalizeNDC(ndc)
	if !ok {
		return "", ErrInvalidNDC
	}
	dir := strings.TrimLeft(n[:len(n)-6], "0")
	if dir == "" {
		dir = "0"
	}
	return drugImageBase + dir + "/NDC" + n, nil
}

// normalizeNDC returns an ndcNumber as MHV's drug routes take it: without
// surrounding space and hyphens ("00172-4741-70" is "00172474170"), 10 or
// 11 characters, digits or ASCII letters. ok is false for anything else
// (DrugImageURL and RxDocumentation then give ErrInvalidNDC).
func normalizeNDC(ndc string) (n string, ok bool) {
	n = strings.ReplaceAll(strings.TrimSpace(ndc), "-", "")
	if len(n) != 10 && len(n) != 11 {
		return "", false
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return "", false
		}
	}
	return n, true
}
