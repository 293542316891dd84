package develophealth

// webhookEventType names an event for telemetry: its type when documented,
// else "" (recorded as "other": the sender's text is not ours to export).
func webhookEventType(ev *Event) string {
	if ev == nil || !ev.Type().Known() {
		return ""
	}
	return string(ev.Type())
}
