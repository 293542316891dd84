package cvsspecialty

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"net/http"
	"strings"
)

// SniffImageType returns the type of an image or document by its first
// bytes: one of the ImageType constants, or "" when the bytes are none of
// them. TIFF (the usual fax format) is recognized by its magic number,
// which http.DetectContentType does not know; the rest comes from
// http.DetectContentType.
func SniffImageType(data []byte) string {
	if len(data) >= 4 && (bytes.Equal(data[:4], []byte("II*\x00")) || bytes.Equal(data[:4], []byte("MM\x00*"))) {
		return ImageTypeTIFF
	}
	mt, _, _ := mime.ParseMediaType(http.DetectContentType(data))
	switch mt {
	case ImageTypePNG, ImageTypeJPEG, ImageTypeGIF, ImageTypePDF:
		return mt
	}
	return ""
}

// NormalizeImageType lower-cases a declared MIME type, drops parameters and
// maps the common aliases (image/jpg, image/pjpeg, image/tif, image/x-tiff)
// to the accepted names. It returns "" for an empty type.
func NormalizeImageType(declared string) string {
	t := strings.ToLower(strings.TrimSpace(declared))
	if t == "" {
		return ""
	}
	if mt, _, err := mime.ParseMediaType(t); err == nil {
		t = mt
	}
	switch t {
	case "image/jpg", "image/pjpeg":
		return ImageTypeJPEG
	case "image/tif", "image/x-tiff", "image/x-tif":
		return ImageTypeTIFF
	case "application/x-pdf":
		return ImageTypePDF
	}
	return t
}

// checkImage validates an rxImage and returns the type to send (the
// normalized declared type, or the sniffed one when none was declared).
func checkImage(img *RxImage, p *problems) string {
	data := img.Content.Data
	if len(data) == 0 {
		p.add("rxImage.content.data", "is empty")
		return ""
	}
	sniffed := SniffImageType(data)
	declared := NormalizeImageType(img.Content.Type)
	if sniffed == "" {
		p.addImage("rxImage.content.data", "is not a TIFF, PNG, JPEG, GIF or PDF image")
		return ""
	}
	if declared == "" {
		return sniffed
	}
	if declared != sniffed {
		if !acceptedImageType(declared) {
			p.addImage("rxImage.content.type", "is not an accepted type (the data is "+sniffed+")")
		} else {
			p.addImage("rxImage.content.type", "declares "+declared+" but the data is "+sniffed)
		}
		return ""
	}
	return declared
}

func acceptedImageType(t string) bool {
	switch t {
	case ImageTypeTIFF, ImageTypePNG, ImageTypeJPEG, ImageTypeGIF, ImageTypePDF:
		return true
	}
	return false
}

// base64Reader streams head, then the standard base64 encoding of src,
// then tail, without holding the encoded form: each Read encodes as many
// whole 3-byte groups as fit, and keeps at most one encoded group pending.
// One reader is the whole intake body (the JSON before the image's data,
// the data, the closing braces): one allocation per attempt, where an
// io.MultiReader of three readers took five.
type base64Reader struct {
	head, src, tail []byte
	pend            [4]byte
	pi, pn          int
}

func newBase64Reader(head, src, tail []byte) *base64Reader {
	return &base64Reader{head: head, src: src, tail: tail}
}

// Read implements io.Reader.
func (r *base64Reader) Read(p []byte) (int, error) {
	n := copy(p, r.head)
	r.head = r.head[n:]
	for n < len(p) {
		if r.pi < r.pn {
			c := copy(p[n:], r.pend[r.pi:r.pn])
			r.pi += c
			n += c
			continue
		}
		if len(r.src) == 0 {
			c := copy(p[n:], r.tail)
			r.tail = r.tail[c:]
			n += c
			break
		}
		room := len(p) - n
		if room >= 4 && len(r.src) >= 3 {
			in := min(room/4, len(r.src)/3) * 3
			base64.StdEncoding.Encode(p[n:], r.src[:in])
			n += in / 3 * 4
			r.src = r.src[in:]
			continue
		}
		// Less than one group of room, or the final partial group
		// (encoded with padding): encode it into pend.
		in := min(3, len(r.src))
		base64.StdEncoding.Encode(r.pend[:], r.src[:in])
		r.src = r.src[in:]
		r.pi, r.pn = 0, 4
	}
	if n == 0 && len(p) > 0 {
		return 0, io.EOF
	}
	return n, nil
}
