// Package reliability is the SDK's cross-provider reliability suite (its
// tests) and the fault proxy it uses (Proxy). See the package tests.
package reliability
