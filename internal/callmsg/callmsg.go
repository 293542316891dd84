// Package callmsg reads the message of an error by the call it names,
// never by guessing at its words. Every call error's message begins with
// "provider: " and its call ("Op METHOD route"), then ": " and the rest (an
// answer that has only a meaning, "provider: Op METHOD route (meaning)",
// has the parenthesis right after the call). An error that wraps a call
// error and says the call itself (an outcome-unknown error of the same
// call, a session or login failure) drops what it already said with Split
// and Cause.
//
// The call an error names comes from package rxbridge (CallOf), which
// imports this package: a Reader hands it over.
package callmsg

import "strings"

// Call is the call an error names: its provider, its operation and where,
// "Op METHOD route" (rxbridge.Call's String).
type Call struct {
	Provider string
	Op       string
	Where    string
}

// Reader tells what an error says about calls (package rxbridge's view
// of its call error types).
type Reader interface {
	// CallOf is the call err names (the first call error in its chain).
	CallOf(err error) (Call, bool)
	// Outcome returns the first outcome-unknown error of a call in
	// err's chain: its call and its cause.
	Outcome(err error) (Call, error, bool)
}

// Cut returns what follows "provider: where" in msg: the text after ": ",
// or the parenthesis that follows a space. ok is false when msg does not
// begin exactly so.
func Cut(msg, provider, where string) (rest string, ok bool) {
	rest, ok = strings.CutPrefix(msg, provider+": "+where)
	if !ok {
		return "", false
	}
	if r, ok := strings.CutPrefix(rest, ": "); ok {
		return r, true
	}
	if strings.HasPrefix(rest, " (") {
		return rest[1:], true
	}
	return "", false
}

// Split returns the call of provider that err names and the rest of err's
// message after "provider: Op METHOD route: ". ok is false when err names
// no call of provider, or its message does not begin with that call (a
// wrapper that added words before it).
func Split(r Reader, provider string, err error) (c Call, rest string, ok bool) {
	if err == nil {
		return Call{}, "", false
	}
	c, ok = r.CallOf(err)
	if !ok || c.Provider != provider {
		return Call{}, "", false
	}
	rest, ok = Cut(err.Error(), provider, c.Where)
	if !ok {
		return Call{}, "", false
	}
	return c, rest, true
}

// Cause is err's message for the end of a message that already names
// provider and op: without the "provider: " prefix, and without the call
// when it is op's ("mhv: Refill POST prescription/rxrefill/{id}: outcome
// unknown ...: HTTP 503", not "...: mhv: Refill POST
// prescription/rxrefill/{id}: HTTP 503"). An outcome-unknown error of the
// same call gives its own cause (the enclosing message says it). With op
// empty only the prefix is dropped.
func Cause(r Reader, provider, op string, err error) string {
	if err == nil {
		return "<nil>"
	}
	if c, cause, ok := r.Outcome(err); ok && c.Provider == provider && c.Op == op && cause != nil {
		err = cause
	}
	if op != "" {
		if c, rest, ok := Split(r, provider, err); ok && c.Op == op {
			return rest
		}
	}
	return strings.TrimPrefix(err.Error(), provider+": ")
}
