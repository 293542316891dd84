package carevalidate

// webhookEventType names an event for telemetry: its type when documented
// (EventType.Known), else "" (recorded as "other": the sender's text is
// not ours to export).
func webhookEventType(ev *Event) string {
	if ev == nil || !ev.Type().Known() {
		return ""
	}
	return string(ev.Type())
}
