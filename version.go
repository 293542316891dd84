package rxbridge

// Version is the SDK's version (semantic versioning). It is sent in the
// User-Agent header of every request as "rxbridge-go/" + Version.
const Version = "0.2.0"
