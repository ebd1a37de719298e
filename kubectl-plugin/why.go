package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

const (
	logTailLines  = 12  // the end of the log; status.lastFailure.logTail has up to 4 KiB of it
	eventsShown   = 5   // newest first
	eventMaxWidth = 160 // characters of an event's message
)

// renderWhy is the diagnosis on one screen: the cause with exit code, signal, message and log
// tail; what changed since the last healthy revision; what the operator did; what to do next.
func renderWhy(w *world, now time.Time, s style) string {
	api := w.API
	st := api.Status
	var b strings.Builder
	field := func(label, value string) { fmt.Fprintf(&b, "%-14s %s\n", label, value) }

	fmt.Fprintf(&b, "%s %s/%s: %s\n", s.bold("ManagedApi"), api.Metadata.Namespace, api.Metadata.Name, readyReason(api, s))
	for _, kind := range []string{"CrashLooping", "RolledBack", "RestartBudgetExhausted", "Degraded"} {
		if c := findCondition(st.Conditions, kind); c != nil && c.Status == "True" && c.Message != "" {
			fmt.Fprintf(&b, "  %s: %s\n", kind, c.Message)
			break
		}
	}
	b.WriteString("\n")

	f := st.LastFailure
	if f == nil {
		field("Cause", s.green("no container has failed since the operator started watching"))
	} else {
		cause := fmt.Sprintf("%s in container %s of pod %s", s.red(orDash(f.Reason)), f.Container, f.Pod)
		if f.RestartCount != nil {
			cause += fmt.Sprintf(", restart %d", *f.RestartCount)
		}
		if f.FinishedAt != "" {
			cause += ", " + ago(now, f.FinishedAt)
		}
		field("Cause", cause)
		field("Exit code", intOr(f.ExitCode, "-"))
		field("Signal", signalName(f.Signal))
		field("Message", indentRest(orDash(f.Message), 15))
		switch {
		case f.LogTail != "":
			field("Log tail", s.dim(fmt.Sprintf("(last %d lines of the failed instance)", logTailLines)))
			for _, line := range lastLines(f.LogTail, logTailLines) {
				b.WriteString("  │ " + line + "\n")
			}
		case f.LogTailUnavailable != "":
			field("Log tail", s.dim("unavailable: "+f.LogTailUnavailable))
		}
	}

	changes := changesSinceHealthy(api)
	switch {
	case st.LastHealthyRevision == nil:
		field("Changed", "no healthy revision recorded yet, so nothing to compare with")
	case len(changes) == 0:
		field("Changed", "nothing since the last healthy revision "+st.LastHealthyRevision.TemplateHash)
	default:
		field("Changed", "since the last healthy revision "+st.LastHealthyRevision.TemplateHash+":")
		for _, c := range changes {
			b.WriteString("  - " + c + "\n")
		}
	}

	field("Restarts", budgetLine(api, s))
	field("Operator", remediationLine(st.Remediation, now, s))
	events := operatorEvents(w.Events)
	if len(events) > 0 {
		field("Events", s.dim("(newest first)"))
		for _, e := range events {
			kind := e.Type
			if kind == "Warning" {
				kind = s.yellow(kind)
			}
			count := ""
			if e.Count > 1 {
				count = fmt.Sprintf(" x%d", e.Count)
			}
			fmt.Fprintf(&b, "  %s %s%s, %s: %s\n", kind, e.Reason, count, ago(now, eventTime(e)), truncate(e.Message, eventMaxWidth))
		}
	}
	field("Next", nextStep(api))
	return b.String()
}

// changesSinceHealthy prefers the operator's own list. Without it, the plugin compares the spec's
// pod-template fields with the spec the healthy revision was recorded with; a revision recorded
// without its spec (an older operator) leaves only the image to compare.
func changesSinceHealthy(api *ManagedAPI) []string {
	if f := api.Status.LastFailure; f != nil && len(f.ChangesSinceHealthy) > 0 {
		return f.ChangesSinceHealthy
	}
	h := api.Status.LastHealthyRevision
	if h == nil {
		return nil
	}
	healthy, fields := h.Spec, rollbackFields()
	if healthy == nil {
		image, _ := json.Marshal(h.Image)
		healthy, fields = map[string]json.RawMessage{"image": image}, []string{"image"}
	}
	var changes []string
	for _, field := range fields {
		was, had := healthy[field]
		now, has := api.Spec[field]
		if had == has && (!had || sameJSON(was, now)) {
			continue
		}
		changes = append(changes, fmt.Sprintf("%s: %s -> %s", field, shortJSON(was, had), shortJSON(now, has)))
	}
	return changes
}

// shortJSON shows a spec value compactly: strings bare, the rest as JSON, long ones cut.
func shortJSON(raw json.RawMessage, present bool) string {
	if !present {
		return "(unset)"
	}
	var text string
	if json.Unmarshal(raw, &text) != nil {
		var buf bytes.Buffer
		if json.Compact(&buf, raw) == nil {
			text = buf.String()
		} else {
			text = string(raw)
		}
	}
	return truncate(text, 80)
}

func nextStep(api *ManagedAPI) string {
	name := api.Metadata.Name
	r := api.Status.Remediation
	healthy := api.Status.LastHealthyRevision
	switch {
	case r != nil && r.Action == "Rollback":
		return "the pods run the last healthy revision; fix the spec and apply it, or keep the healthy one in the spec: kubectl managedapi rollback " + name
	case r != nil && r.Action == "Suspend":
		return "fix the cause, then change the spec, or retry it as it is: kubectl managedapi resume " + name
	case specBool(api.Spec, "suspend"):
		return "suspended by spec.suspend: kubectl managedapi resume " + name
	case api.Status.LastFailure != nil && healthy != nil:
		return "fix the cause and apply the spec, or return to revision " + healthy.TemplateHash + ": kubectl managedapi rollback " + name
	case api.Status.LastFailure != nil:
		return "fix the cause and apply the spec; kubectl managedapi restart " + name + " retries it as it is"
	default:
		return "nothing to do"
	}
}

func operatorEvents(all []Event) []Event {
	events := append([]Event{}, all...)
	// Newest first. Events of one pass share their second, and the API lists them by name, which is
	// random: within a second Warnings come first (they are what a user looks for), then by reason,
	// so the same events always read the same way.
	sort.SliceStable(events, func(i, j int) bool {
		ti, tj := eventTime(events[i]), eventTime(events[j])
		if ti != tj {
			return ti > tj
		}
		wi, wj := events[i].Type == "Warning", events[j].Type == "Warning"
		if wi != wj {
			return wi
		}
		return events[i].Reason < events[j].Reason
	})
	if len(events) > eventsShown {
		events = events[:eventsShown]
	}
	return events
}

func eventTime(e Event) string {
	for _, t := range []string{e.LastTimestamp, e.EventTime, e.FirstTimestamp} {
		if t != "" {
			if parsed, err := time.Parse(time.RFC3339Nano, t); err == nil {
				return parsed.UTC().Format(time.RFC3339)
			}
		}
	}
	return ""
}

func signalName(signal *int) string {
	if signal == nil {
		return "-"
	}
	names := map[int]string{1: "SIGHUP", 2: "SIGINT", 6: "SIGABRT", 9: "SIGKILL", 11: "SIGSEGV", 15: "SIGTERM"}
	if name, ok := names[*signal]; ok {
		return fmt.Sprintf("%d (%s)", *signal, name)
	}
	return fmt.Sprint(*signal)
}

func intOr(v *int, otherwise string) string {
	if v == nil {
		return otherwise
	}
	return fmt.Sprint(*v)
}

func lastLines(text string, n int) []string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return lines
}

func indentRest(text string, width int) string {
	return strings.ReplaceAll(strings.TrimRight(text, "\n"), "\n", "\n"+strings.Repeat(" ", width))
}

func truncate(text string, n int) string {
	text = strings.ReplaceAll(text, "\n", " ")
	if len([]rune(text)) <= n {
		return text
	}
	return string([]rune(text)[:n-1]) + "…"
}
