package main

import (
	"os"
	"strings"
	"testing"
)

const argocdKey = "resource.customizations.health.managedapi.dev_ManagedApi: |"

// docs/operations.md shows the argocd-cm entry users paste; it must be argocd/health.lua, byte
// for byte, or what we test is not what they run.
func TestTheArgoCDSnippetInTheDocsIsHealthLua(t *testing.T) {
	doc, err := os.ReadFile("../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	snippet, ok := argocdSnippet(string(doc))
	if !ok {
		t.Fatalf("docs/operations.md has no %q block", argocdKey)
	}
	if snippet != healthLua {
		t.Errorf("the snippet in docs/operations.md differs from argocd/health.lua:\n%s", snippet)
	}
}

// argocdSnippet is the block scalar under argocdKey in a fenced YAML block, without the indent
// of its first line.
func argocdSnippet(doc string) (string, bool) {
	lines := strings.SplitAfter(doc, "\n")
	for i, line := range lines {
		trimmed := strings.TrimLeft(line, " ")
		if strings.TrimRight(trimmed, "\n") != argocdKey {
			continue
		}
		keyIndent := len(line) - len(trimmed)
		var indent string
		var b strings.Builder
		for _, l := range lines[i+1:] {
			if strings.HasPrefix(l, "```") {
				break
			}
			if indent == "" {
				indent = l[:len(l)-len(strings.TrimLeft(l, " "))]
				if len(indent) <= keyIndent {
					return "", false
				}
			}
			if strings.TrimSpace(l) == "" {
				b.WriteString("\n")
				continue
			}
			if !strings.HasPrefix(l, indent) {
				break
			}
			b.WriteString(strings.TrimPrefix(l, indent))
		}
		return b.String(), true
	}
	return "", false
}
