package redisstore

import (
	"fmt"
	"log/slog"

	"github.com/rxbridge/rxbridge-go/internal/redact"
)

// The store and its Keys hold key material: they print as their name and
// [REDACTED], whatever prints them (fmt, slog, encoding/json).

// Format prints the keys without their bytes, whatever the verb.
func (Keys) Format(f fmt.State, _ rune) { redact.Format(f, "redisstore.Keys") }

// LogValue keeps the keys out of slog.
func (Keys) LogValue() slog.Value { return redact.LogValue("redisstore.Keys") }

// MarshalJSON keeps the keys out of JSON.
func (Keys) MarshalJSON() ([]byte, error) { return redact.JSON("redisstore.Keys") }

// Format prints the store without its keys, whatever the verb.
func (Store) Format(f fmt.State, _ rune) { redact.Format(f, "redisstore.Store") }

// LogValue keeps the store's keys out of slog.
func (Store) LogValue() slog.Value { return redact.LogValue("redisstore.Store") }

// MarshalJSON keeps the store's keys out of JSON.
func (Store) MarshalJSON() ([]byte, error) { return redact.JSON("redisstore.Store") }
