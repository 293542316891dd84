package apitest

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unsafe"

	"github.com/rxbridge/rxbridge-go/internal/redact"
)

// modulePath prefixes the module's own packages, whose unexported fields
// are filled too (other packages' internals are left alone: only their
// exported fields are filled).
const modulePath = "github.com/rxbridge/rxbridge-go"

// leaf is one planted canary.
type leaf struct {
	path string
	// secret: the canary sits inside a value that holds a credential, a
	// state, a verifier or a session (a Secret type, or redact.Secret).
	secret bool
}

// filler plants a distinct canary in every string and []byte of a value.
type filler struct {
	leaves []leaf
	// secret are the types whose whole content is secret.
	secret map[reflect.Type]bool
	// impls fill interface-typed fields: the first that implements it.
	impls []reflect.Type
	stack map[reflect.Type]int
}

var redactSecret = reflect.TypeFor[redact.Secret]()

func newFiller(secret map[reflect.Type]bool, impls []reflect.Type) *filler {
	s := map[reflect.Type]bool{redactSecret: true}
	for t := range secret {
		s[t] = true
	}
	return &filler{secret: s, impls: impls, stack: map[reflect.Type]int{}}
}

// canary returns the next canary, recording where it goes.
func (f *filler) canary(path string, secret bool) string {
	f.leaves = append(f.leaves, leaf{path: path, secret: secret})
	return "Cnry" + strconv.Itoa(len(f.leaves)-1) + "Z"
}

var canaryRE = regexp.MustCompile(`Cnry([0-9]+)(Z?)`)

// hits returns the leaves whose canaries appear in s; partial reports a
// canary cut short (its leaf is unknown).
func (f *filler) hits(s string) (leaves []int, partial bool) {
	for _, m := range canaryRE.FindAllStringSubmatch(s, -1) {
		n, err := strconv.Atoi(m[1])
		if m[2] == "" || err != nil || n >= len(f.leaves) {
			partial = true
			continue
		}
		leaves = append(leaves, n)
	}
	return leaves, partial
}

// Bounds of one fill (FHIR types nest deeply).
const (
	maxFillDepth = 8
	maxLeaves    = 1500
)

// fill fills v, which must be settable.
func (f *filler) fill(v reflect.Value, path string, secret bool, depth int) {
	t := v.Type()
	if f.secret[t] {
		secret = true
	}
	if depth > maxFillDepth || f.stack[t] >= 1 || len(f.leaves) >= maxLeaves {
		return
	}
	f.stack[t]++
	defer func() { f.stack[t]-- }()
	switch t.Kind() {
	case reflect.String:
		v.SetString(f.canary(path, secret))
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			v.SetBytes([]byte(f.canary(path, secret)))
			return
		}
		s := reflect.MakeSlice(t, 1, 1)
		f.fill(s.Index(0), path+"[0]", secret, depth+1)
		v.Set(s)
	case reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := range v.Len() {
			f.fill(v.Index(i), path+"["+strconv.Itoa(i)+"]", secret, depth+1)
		}
	case reflect.Map:
		m := reflect.MakeMapWithSize(t, 1)
		k := reflect.New(t.Key()).Elem()
		f.fill(k, path+"{key}", secret, depth+1)
		e := reflect.New(t.Elem()).Elem()
		f.fill(e, path+"{}", secret, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Pointer:
		et := t.Elem()
		if !own(et) && !holdsExportedData(et, 0) {
			return
		}
		p := reflect.New(et)
		f.fill(p.Elem(), path, secret, depth+1)
		v.Set(p)
	case reflect.Interface:
		if t.NumMethod() == 0 {
			v.Set(reflect.ValueOf(f.canary(path, secret)))
			return
		}
		for _, it := range f.impls {
			for _, c := range []reflect.Type{reflect.PointerTo(it), it} {
				if c.Implements(t) && f.stack[it] == 0 {
					x := reflect.New(c).Elem()
					f.fill(x, path+"("+c.String()+")", secret, depth+1)
					if c.Kind() == reflect.Pointer && x.IsNil() {
						continue
					}
					v.Set(x)
					return
				}
			}
		}
	case reflect.Struct:
		mine := own(t)
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() && !mine {
				continue
			}
			fv := v.Field(i)
			if !sf.IsExported() {
				fv = reflect.NewAt(sf.Type, unsafe.Pointer(fv.UnsafeAddr())).Elem()
			}
			f.fill(fv, path+"."+sf.Name, secret, depth+1)
		}
	}
}

// own reports a type declared in this module (its unexported fields are
// filled too).
func own(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	return t.PkgPath() == modulePath || strings.HasPrefix(t.PkgPath(), modulePath+"/")
}

// holdsExportedData reports a foreign struct with an exported field that
// can carry text (url.URL, oauth2.Config), which is worth allocating.
func holdsExportedData(t reflect.Type, depth int) bool {
	if t.Kind() != reflect.Struct || depth > 2 {
		return false
	}
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		switch sf.Type.Kind() {
		case reflect.String:
			return true
		case reflect.Struct:
			if holdsExportedData(sf.Type, depth+1) {
				return true
			}
		}
	}
	return false
}

// noCopy reports a type that must not be copied (it holds a lock), so it
// is only ever printed through a pointer.
func noCopy(t reflect.Type) bool {
	return holdsLock(t, 0)
}

var lockTypes = []string{"sync.Mutex", "sync.RWMutex", "sync.WaitGroup", "sync.Once", "sync.Cond", "sync.Map", "sync.Pool"}

func holdsLock(t reflect.Type, depth int) bool {
	if depth > 6 {
		return false
	}
	switch t.Kind() {
	case reflect.Struct:
		if strings.HasPrefix(t.PkgPath(), "sync") {
			for _, l := range lockTypes {
				if t.String() == l {
					return true
				}
			}
			if strings.HasPrefix(t.PkgPath(), "sync/atomic") {
				return true
			}
		}
		for i := range t.NumField() {
			if holdsLock(t.Field(i).Type, depth+1) {
				return true
			}
		}
	case reflect.Array:
		return holdsLock(t.Elem(), depth+1)
	}
	return false
}
