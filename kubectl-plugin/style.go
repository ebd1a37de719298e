package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// style colours text with ANSI SGR codes when enabled, and leaves it alone otherwise.
type style struct{ color bool }

func (s style) wrap(code, text string) string {
	if !s.color || text == "" {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s style) bold(t string) string   { return s.wrap("1", t) }
func (s style) dim(t string) string    { return s.wrap("2", t) }
func (s style) red(t string) string    { return s.wrap("31", t) }
func (s style) green(t string) string  { return s.wrap("32", t) }
func (s style) yellow(t string) string { return s.wrap("33", t) }

// colorWanted follows the usual conventions: --color=always|never, else colour only on a terminal
// that is not "dumb" and when NO_COLOR is unset.
func colorWanted(mode string, out *os.File) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "", "auto":
		if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
			return false, nil
		}
		info, err := out.Stat()
		return err == nil && info.Mode()&os.ModeCharDevice != 0, nil
	default:
		return false, fmt.Errorf("--color must be auto, always or never, not %q", mode)
	}
}

// age says how long ago an RFC 3339 time was, in kubectl's short units.
func age(now time.Time, stamp string) string {
	t, err := time.Parse(time.RFC3339, stamp)
	if err != nil {
		return "?"
	}
	d := now.Sub(t)
	if d < 0 {
		d = 0
	}
	switch {
	case d < 120*time.Second:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < 120*time.Minute:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	default:
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	}
}

func ago(now time.Time, stamp string) string {
	if stamp == "" {
		return ""
	}
	return age(now, stamp) + " ago"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// node is one line of a tree and the lines under it.
type node struct {
	text     string
	children []node
}

func (n node) render(b *strings.Builder) {
	b.WriteString(n.text)
	b.WriteString("\n")
	renderChildren(b, n.children, "")
}

func renderChildren(b *strings.Builder, children []node, prefix string) {
	for i, child := range children {
		branch, indent := "├─ ", "│  "
		if i == len(children)-1 {
			branch, indent = "└─ ", "   "
		}
		lines := strings.Split(child.text, "\n")
		b.WriteString(prefix + branch + lines[0] + "\n")
		for _, line := range lines[1:] {
			b.WriteString(prefix + indent + line + "\n")
		}
		renderChildren(b, child.children, prefix+indent)
	}
}
