package jsoncodec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// Types that exercise every rule of encoding/json's decoder.

type inner struct {
	A int
	B string `json:"b"`
	C *inner `json:"c,omitempty"`
}

type Embedded struct {
	E1     string
	Shadow int `json:"shadow"`
}

type embeddedPtr struct {
	EP string
}

type Exported struct {
	X int `json:"x"`
}

// textT decodes text; "bad" is an error.
type textT struct{ s string }

func (t *textT) UnmarshalText(b []byte) error {
	if string(b) == "bad" {
		return errors.New("bad text")
	}
	t.s = "text:" + string(b)
	return nil
}

// unm keeps its JSON; an array starting with 9 is an error, a number
// above 1000 an *UnmarshalTypeError from a nested decode.
type unm struct{ raw string }

func (u *unm) UnmarshalJSON(b []byte) error {
	if strings.HasPrefix(string(b), "[9") {
		return errors.New("unm refuses")
	}
	if len(b) > 4 && b[0] >= '1' && b[0] <= '9' {
		var small int8
		return json.Unmarshal(b, &small)
	}
	u.raw = string(b)
	return nil
}

type textKey string

func (k *textKey) UnmarshalText(b []byte) error {
	if string(b) == "" {
		return errors.New("empty key")
	}
	*k = textKey("k-" + string(b))
	return nil
}

type myStringer int

func (m myStringer) String() string { return fmt.Sprint(int(m)) }

type ptrNamed *inner

// big is an element large enough for slices to be sized by counting.
type big struct {
	A, B, C, D int
	S          string
	T          [4]int
}

type rich struct {
	Embedded
	*embeddedPtr
	*Exported
	Shadow string `json:"shadow"`
	S      string
	Named  myStringer
	I      int8
	I64    int64
	U      uint16
	F32    float32
	F      float64
	Bo     bool
	P      *int
	PP     **string
	PN     ptrNamed
	Sl     []inner
	Big    []big
	Big1   []big
	SlP    []*inner
	Ar     [2]int
	M      map[string]*inner
	MI     map[int8]string
	MU     map[uint]bool
	MT     map[textKey]int
	Any    any
	AnyS   []any
	Iface  fmt.Stringer
	Raw    json.RawMessage
	RawP   *json.RawMessage
	Num    json.Number
	Bytes  []byte
	T      textT
	TP     *textT
	TPP    **textT
	UM     unm
	UP     *unm
	Q      int     `json:",string"`
	QS     string  `json:"qs,string"`
	QB     *bool   `json:"qb,string"`
	QF     float64 `json:"qf,string"`
	Skip   int     `json:"-"`
	//lint:ignore SA5008 deliberate: encoding/json names this field "-"
	Dash int    `json:"-,"`
	Case string `json:"CaseField"`
	Uni  string `json:"ünï"`
	C    complex64
	Sub  struct {
		Deep []map[string][]inner `json:"deep"`
	} `json:"sub"`

	//lint:ignore U1000 deliberate: an unexported field is never decoded
	unexported int
}

// prefilled is a value with something everywhere, to check what a decode
// keeps, replaces and merges.
func prefilled() *rich {
	n := 7
	s := "s"
	ps := &s
	tp := &textT{s: "old"}
	var anyPtr any = &inner{A: 1}
	r := &rich{S: "old", I: 3, P: &n, PP: &ps, Sl: []inner{{A: 1, B: "x"}, {A: 2}}, SlP: []*inner{{A: 5}},
		Ar: [2]int{1, 2}, M: map[string]*inner{"k": {A: 1}}, MI: map[int8]string{1: "a"}, Any: anyPtr,
		Raw: json.RawMessage(`"old"`), Bytes: []byte("old"), T: textT{s: "t"}, TPP: &tp, UM: unm{raw: "old"},
		Iface: myStringer(3), embeddedPtr: &embeddedPtr{EP: "ep"}}
	r.Sub.Deep = []map[string][]inner{{"a": {{A: 1}}}}
	r.Big = []big{{A: 1, S: "x"}}
	stale := make([]big, 3)
	stale[1] = big{B: 2}
	r.Big1 = stale[:1]
	return r
}

var seeds = []string{
	`{}`, `null`, `[]`, `"x"`, `1`, `true`,
	`{"E1":"e","shadow":"top","S":"s","Named":5,"I":-8,"I64":9007199254740993,"U":65535,"F32":1.5,"F":-0.0,"Bo":true}`,
	`{"P":5,"PP":"x","PN":{"A":1},"Sl":[{"A":1,"b":"x","c":{"A":2}},{"a":3,"B":"y"}],"SlP":[null,{"A":1}],"Ar":[1,2,3],"M":{"k":{"A":1},"n":null}}`,
	`{"MI":{"1":"a","-128":"b","300":"c","x":"d"},"MU":{"0":true,"-1":false},"MT":{"a":1,"":2}}`,
	`{"Any":{"a":[1,"x",true,null,{"b":1e400}]},"AnyS":[1,2.5e3,"\u00e9\ud83d\ude00"],"Iface":null}`,
	`{"Iface":1}`, `{"Iface":{}}`, `{"Any":1e400}`, `{"Any":null}`,
	`{"Raw":{"a":[1, 2]},"RawP":null,"Num":12.5e3,"Bytes":"aGVsbG8="}`, `{"Num":"12"}`, `{"Num":"x"}`, `{"Bytes":"!!"}`,
	`{"T":"abc","TP":"x","TPP":"y","UM":[1,2],"UP":{"a":1}}`, `{"T":5}`, `{"T":null,"TP":null}`, `{"TP":[1]}`, `{"T":"bad"}`,
	`{"UM":[9]}`, `{"UM":12345}`, `{"UP":null}`,
	`{"Q":"12","qs":"\"x\"","qb":"true","qf":"1.5"}`, `{"Q":12}`, `{"Q":"x"}`, `{"Q":null,"qb":null}`, `{"qs":"x"}`, `{"qb":"nope"}`, `{"Q":""}`,
	`{"-":1,"Skip":2,"Dash":3,"casefield":"c","CASEFIELD":"d","ÜNÏ":"u","s":"lower","SHADOW":"up"}`,
	`{"Big":[{"A":5},{"B":6},{"T":[1,2,3,4,5]}],"Big1":[{"A":1},{"C":1},{"D":1},{"S":"s"}]}`, `{"Big":[],"Big1":[]}`, `{"Big":[null,{"A":2}]}`,
	`{"C":1}`, `{"C":null}`, `{"sub":{"deep":[{"a":[{"A":1}]},null]}}`,
	`{"I":300}`, `{"I":1.5}`, `{"U":-1}`, `{"I64":"5"}`, `{"F32":1e39}`, `{"S":5,"Bo":"true"}`,
	`{"Sl":{"A":1}}`, `{"Ar":null}`, `{"M":[1]}`, `{"EP":"x","x":1}`,
	`{"S":"a\"b\\c\/d\b\f\n\r\t\u0041\ud800x\udc00\ud83d\ude00` + "\xff\xfe" + `"}`,
	` { "S" : "spaced" , "I" : 1 } `,
	`{"Sl":[{"A":1},{"A":"x"},{"A":3}],"I":"x"}`,
}

func decodeBoth(data []byte, fresh func() any) (a, b any, errA, errB error) {
	a, b = fresh(), fresh()
	errA = json.Unmarshal(data, a)
	errB = Unmarshal(data, b)
	return
}

func checkSame(t *testing.T, data []byte, fresh func() any) {
	t.Helper()
	want, got, wantErr, gotErr := decodeBoth(data, fresh)
	if (wantErr == nil) != (gotErr == nil) || wantErr != nil && wantErr.Error() != gotErr.Error() {
		t.Fatalf("%q: error %v, encoding/json says %v", data, gotErr, wantErr)
	}
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("%q: decoded\n%#v\nencoding/json decodes\n%#v", data, got, want)
	}
}

func freshRich() any     { return new(rich) }
func prefilledRich() any { return prefilled() }

func TestUnmarshalMatchesEncodingJSON(t *testing.T) {
	for _, s := range seeds {
		checkSame(t, []byte(s), freshRich)
		checkSame(t, []byte(s), prefilledRich)
		checkSame(t, []byte(s), func() any { return new(any) })
		checkSame(t, []byte(s), func() any { return new(map[string]json.RawMessage) })
	}
}

func FuzzUnmarshal(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSame(t, data, freshRich)
		checkSame(t, data, prefilledRich)
		checkSame(t, data, func() any { return new(any) })
		// Untrusted bytes given to UnmarshalValid: no panic.
		_ = UnmarshalValid(data, new(rich))
	})
}

func FuzzValid(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	for _, s := range []string{"", " ", "01", "-", "1.", "1e", "1e+", "[1,]", `{"a"}`, `{"a":1,}`, `"\u12"`, "\"\x01\"", `"\x"`, "tru", "nul", "[", "{", `"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := Valid(data), json.Valid(data); got != want {
			t.Fatalf("Valid(%q) = %v, json.Valid says %v", data, got, want)
		}
	})
}

func TestValidDepth(t *testing.T) {
	for _, n := range []int{9999, 10000, 10001} {
		b := []byte(strings.Repeat("[", n) + strings.Repeat("]", n))
		if Valid(b) != json.Valid(b) {
			t.Fatalf("depth %d: Valid = %v", n, Valid(b))
		}
	}
}

func FuzzUnquote(f *testing.F) {
	for _, s := range []string{`""`, `"abc"`, `"\u00e9"`, `"\ud800"`, `"\ud83d\ude00"`, "\"\xff\"", `"a\nb"`, `"\ud800\u0041"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want string
		wantErr := json.Unmarshal(data, &want)
		if wantErr != nil || len(data) == 0 || data[0] != '"' {
			return
		}
		got, ok := Unquote(bytes.TrimRight(data, " \t\r\n"))
		if !ok || got != want {
			t.Fatalf("Unquote(%q) = %q, %v; encoding/json says %q", data, got, ok, want)
		}
	})
}

func TestInvalidUnmarshal(t *testing.T) {
	var x rich
	for _, v := range []any{nil, x, (*rich)(nil)} {
		want := json.Unmarshal([]byte(`{}`), v)
		got := Unmarshal([]byte(`{}`), v)
		if got == nil || got.Error() != want.Error() {
			t.Fatalf("%T: %v, want %v", v, got, want)
		}
	}
	// A syntax error is encoding/json's, and leaves the value as it was.
	p := prefilled()
	err := Unmarshal([]byte(`{"S":"new",`), p)
	var se *json.SyntaxError
	if !errors.As(err, &se) || p.S != "old" {
		t.Fatalf("%v, %q", err, p.S)
	}
}

func TestMember(t *testing.T) {
	obj := []byte(` {"a":1,"B":{"x":[1,2]},"b":"last","\u0063":true} `)
	for name, want := range map[string]string{"a": "1", "b": `"last"`, "c": "true", "B": `"last"`} {
		got, ok := Member(obj, name)
		if !ok || string(got) != want {
			t.Errorf("Member(%q) = %s, %v; want %s", name, got, ok, want)
		}
	}
	if _, ok := Member(obj, "z"); ok {
		t.Error("z found")
	}
	if _, ok := Member([]byte(`[1]`), "a"); ok {
		t.Error("array has members")
	}
}

func TestStringMember(t *testing.T) {
	for in, want := range map[string]struct {
		s  string
		ok bool
	}{
		`{"result":"Approved"}`:                {"Approved", true},
		`{"RESULT":"a","result":null}`:         {"a", true},
		`{"result":1,"result":"Approved"}`:     {"Approved", false},
		`{"x":{"result":1}}`:                   {"", true},
		`[]`:                                   {"", false},
		`{"result":"\u0041"}`:                  {"A", true},
		`{"result":"a","other":[1,{"b":"c"}]}`: {"a", true},
	} {
		var probe struct {
			Result string `json:"result"`
		}
		err := json.Unmarshal([]byte(in), &probe)
		s, ok := StringMember([]byte(in), "result")
		if ok != (err == nil) || ok != want.ok || ok && (s != probe.Result || s != want.s) {
			t.Errorf("StringMember(%s) = %q, %v; encoding/json: %q, %v", in, s, ok, probe.Result, err)
		}
	}
}

func TestStrings(t *testing.T) {
	var s Strings
	a := s.String([]byte("http://loinc.org"))
	b := s.String([]byte("http://loinc.org"))
	if a != "http://loinc.org" || unsafe.StringData(a) != unsafe.StringData(b) {
		t.Fatalf("%q %q not shared", a, b)
	}
	long := strings.Repeat("x", maxInterned+1)
	if got := s.String([]byte(long)); got != long {
		t.Fatal(got)
	}
	if s.String(nil) != "" || s.String([]byte("é")) != "é" {
		t.Fatal("empty or non-ASCII")
	}
	for i := range 1000 { // collisions make new strings, never wrong ones
		k := fmt.Sprint(i)
		if got := s.String([]byte(k)); got != k {
			t.Fatalf("%q for %q", got, k)
		}
	}
	s.Clear()
	for _, e := range s.tab {
		if e != "" {
			t.Fatal("Clear kept a string")
		}
	}
}
