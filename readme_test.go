package rxbridge_test

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestREADMESnippetsCompile type-checks every ```go block of README.md
// against the module's packages, so a README that drifts from the API
// fails CI. The wrapping rules:
//
//  1. A block that starts with a package clause is a whole file, checked
//     as it is.
//  2. A block whose first statement is a declaration (func, type, var,
//     const) is the body of a file: the package clause and the imports are
//     added.
//  3. Any other block is a fragment: it becomes the body of a function, in
//     a file that declares the usual variables a fragment may use without
//     declaring (readmeGiven: ctx, clientID, appToken, ref, req, mux, ...)
//     as package-level variables, so a fragment may also redeclare them
//     with :=.
//
// Imports are added for every package a block names by its usual name
// (readmeImports: rxbridge, mhv, cvsspecialty, mhvtest, rxbridgetest,
// errors, http, time, ...). A variable a fragment declares and does not
// use is not an error (a snippet shows a call, not a program); every
// other type error is.
func TestREADMESnippetsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every package's export data")
	}
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := goBlocks(string(b))
	if len(blocks) < 5 {
		t.Fatalf("found only %d go blocks in README.md", len(blocks))
	}

	exports := listExports(t)
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		f, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(f)
	})

	for _, blk := range blocks {
		t.Run(fmt.Sprintf("line%d", blk.line), func(t *testing.T) {
			src := wrapSnippet(blk.code)
			// first is the line of src that holds the block's first line.
			first := strings.Count(src[:strings.LastIndex(src, blk.code)], "\n") + 1
			f, err := parser.ParseFile(fset, "snippet.go", src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatalf("README.md line %d does not parse: %v\n%s", blk.line, err, numbered(src))
			}
			var errs []string
			conf := types.Config{Importer: imp, Error: func(err error) {
				te, ok := err.(types.Error)
				if !ok {
					errs = append(errs, err.Error())
					return
				}
				if strings.HasPrefix(te.Msg, "declared and not used") {
					return
				}
				pos := te.Fset.Position(te.Pos)
				errs = append(errs, fmt.Sprintf("README.md:%d: %s", blk.line+pos.Line-first, te.Msg))
			}}
			_, _ = conf.Check("readme", fset, []*ast.File{f}, nil)
			if len(errs) > 0 {
				t.Errorf("the go block at README.md line %d does not compile:\n%s\n--- as wrapped:\n%s",
					blk.line, strings.Join(errs, "\n"), numbered(src))
			}
		})
	}
}

type goBlock struct {
	line int // of the first code line
	code string
}

// goBlocks returns the ```go fenced blocks of a Markdown text.
func goBlocks(md string) []goBlock {
	var out []goBlock
	var cur *goBlock
	var body strings.Builder
	sc := bufio.NewScanner(strings.NewReader(md))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && trimmed == "```go":
			cur = &goBlock{line: n + 1}
			body.Reset()
		case cur != nil && trimmed == "```":
			cur.code = body.String()
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			body.WriteString(line)
			body.WriteByte('\n')
		}
	}
	return out
}

// readmeImports are the packages a block may name, by their usual names.
var readmeImports = map[string]string{
	"context": "context", "errors": "errors", "fmt": "fmt", "http": "net/http", "os": "os",
	"slog": "log/slog", "time": "time", "json": "encoding/json", "log": "log",
	"rxbridge":          modulePath,
	"otel":              "go.opentelemetry.io/otel",
	"rxbridgetest":      modulePath + "/rxbridgetest",
	"redisstore":        modulePath + "/redisstore",
	"cvsspecialty":      modulePath + "/cvsspecialty",
	"cvsspecialtytest":  modulePath + "/cvsspecialty/cvsspecialtytest",
	"mhv":               modulePath + "/mhv",
	"mhvtest":           modulePath + "/mhv/mhvtest",
	"develophealth":     modulePath + "/develophealth",
	"develophealthtest": modulePath + "/develophealth/develophealthtest",
	"carevalidate":      modulePath + "/carevalidate",
	"carevalidatetest":  modulePath + "/carevalidate/carevalidatetest",
	"allcarefhir":       modulePath + "/allcarefhir",
	"allcarefhirtest":   modulePath + "/allcarefhir/allcarefhirtest",
	"redis":             "github.com/redis/go-redis/v9",
}

// readmeGiven declares what a fragment may use without declaring it.
const readmeGiven = `
var (
	ctx                                   context.Context
	clientID, clientSecret, appToken      string
	id, correlationID, caseID, secret, apiKey string
	mhvBase                               string
	ids                                   []string
	ref                                   *cvsspecialty.Referral
	req                                   *develophealth.CreatePriorAuthRequest
	mux                                   *http.ServeMux
	done                                  allcarefhir.CallbackDone
	tok                                   *allcarefhir.Token
	logger                                *slog.Logger
	hashKey, encryptionKey                []byte
	store                                 rxbridge.Store
	save                                  func(ctx context.Context, id string, raw []byte) error
	patientID, base                       string
)
`

var pkgClause = regexp.MustCompile(`(?m)^package \w+`)

// wrapSnippet turns a block into a file, following the rules of
// TestREADMESnippetsCompile.
func wrapSnippet(code string) string {
	if pkgClause.MatchString(code) {
		return code
	}
	first := ""
	for _, l := range strings.Split(code, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "//") {
			first = l
			break
		}
	}
	decl := false
	for _, kw := range []string{"func ", "type ", "var ", "const "} {
		decl = decl || strings.HasPrefix(first, kw)
	}
	body := code
	given := ""
	if !decl {
		body = "func _() error {\n" + code + "\nreturn nil\n}\n"
		given = readmeGiven
	}
	var names []string
	for name := range readmeImports {
		if regexp.MustCompile(`\b` + name + `\.`).MatchString(body + given) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("package readme\n\nimport (\n")
	for _, name := range names {
		fmt.Fprintf(&b, "\t%s %q\n", name, readmeImports[name])
	}
	b.WriteString(")\n")
	b.WriteString(given)
	b.WriteString(body)
	return b.String()
}

func numbered(src string) string {
	var b strings.Builder
	for i, l := range strings.Split(src, "\n") {
		fmt.Fprintf(&b, "%3d  %s\n", i+1, l)
	}
	return b.String()
}
