package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// watchStatus redraws the status tree every interval until interrupted. On a terminal it repaints
// the screen (the ages move on too); into a pipe or file it prints a new tree only when one of the
// objects changed, so a log of it reads as a history.
// It returns when done is closed (never, for the command line: Ctrl-C ends it).
func watchStatus(c *connection, name string, interval time.Duration, s style, out *os.File, done <-chan struct{}) error {
	terminal := isTerminal(out)
	last := ""
	for {
		w, err := c.fetchWorld(name, false)
		var frame, key string
		if err != nil {
			frame, key = s.red("error: "+err.Error())+"\n", "error: "+err.Error()
		} else {
			frame, key = renderStatus(w, time.Now(), s), versions(w)
		}
		header := s.dim(fmt.Sprintf("kubectl managedapi status %s, every %s (Ctrl-C stops)", name, interval))
		switch {
		case terminal:
			io.WriteString(out, "\x1b[H\x1b[2J"+header+"\n\n"+frame)
		case key != last:
			io.WriteString(out, frame+"\n")
		}
		last = key
		select {
		case <-done:
			return nil
		case <-time.After(interval):
		}
	}
}

// versions identifies what the tree was drawn from: the resourceVersion of every object in it.
func versions(w *world) string {
	parts := []string{w.API.Metadata.ResourceVersion}
	if w.Deployment != nil {
		parts = append(parts, w.Deployment.Metadata.ResourceVersion)
	}
	for _, rs := range w.ReplicaSets {
		parts = append(parts, rs.Metadata.ResourceVersion)
	}
	for _, p := range w.Pods {
		parts = append(parts, p.Metadata.ResourceVersion)
	}
	return strings.Join(parts, ",")
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
