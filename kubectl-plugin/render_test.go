package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

// The fixtures' times are relative to this instant, so ages render the same every run.
var fixtureNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func loadWorld(t *testing.T, name string) *world {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var w world
	if err := json.Unmarshal(data, &w); err != nil {
		t.Fatal(err)
	}
	return &w
}

func golden(t *testing.T, file, got string) {
	t.Helper()
	path := filepath.Join("testdata", file)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the output; got:\n%s", path, got)
	}
}

func TestStatusAndWhyOfEachState(t *testing.T) {
	for _, state := range []string{"ready", "crashlooping", "rolledback"} {
		t.Run(state, func(t *testing.T) {
			w := loadWorld(t, state)
			golden(t, state+".status.golden", renderStatus(w, fixtureNow, style{}))
			golden(t, state+".why.golden", renderWhy(w, fixtureNow, style{}))
		})
	}
}

func TestColourOnlyWhenAsked(t *testing.T) {
	w := loadWorld(t, "crashlooping")
	plain := renderStatus(w, fixtureNow, style{})
	if strings.Contains(plain, "\x1b[") {
		t.Errorf("plain output has escape codes:\n%q", plain)
	}
	coloured := renderStatus(w, fixtureNow, style{color: true})
	if !strings.Contains(coloured, "\x1b[31mCrashLooping\x1b[0m") {
		t.Errorf("the crash-looping reason is not red:\n%q", coloured)
	}
	ready := renderStatus(loadWorld(t, "ready"), fixtureNow, style{color: true})
	if !strings.Contains(ready, "\x1b[32mready\x1b[0m") || !strings.Contains(ready, "\x1b[32mReady\x1b[0m") {
		t.Errorf("a ready pod or ManagedApi is not green:\n%q", ready)
	}
}

func TestStatusShowsBudgetRemediationAndTree(t *testing.T) {
	out := renderStatus(loadWorld(t, "rolledback"), fixtureNow, style{})
	for _, want := range []string{
		"Restart budget  0/3 in 10m, then Rollback",
		"Remediation     Rollback since 3m ago (to revision 6d4e3bbb25)",
		"ReplicaSet checkout-7d5c9f8b6  revision 3  ghcr.io/acme/checkout:2.3.0  2/2 ready  (current, last healthy)",
		"│  └─ Pod checkout-7d5c9f8b6-p9wqs  Running  ready  0 restarts",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

func TestWhyPrefersTheOperatorsChangeList(t *testing.T) {
	w := loadWorld(t, "crashlooping")
	out := renderWhy(w, fixtureNow, style{})
	if !strings.Contains(out, "  - env BILLING_PORT: (unset) -> 8080") {
		t.Errorf("changesSinceHealthy not shown:\n%s", out)
	}
	w.API.Status.LastFailure.ChangesSinceHealthy = nil
	out = renderWhy(w, fixtureNow, style{})
	if !strings.Contains(out, "  - image: ghcr.io/acme/billing:0.9.0 -> ghcr.io/acme/billing:0.9.1") {
		t.Errorf("without the operator's list the image change should show:\n%s", out)
	}
	healthySpec := map[string]json.RawMessage{"image": json.RawMessage(`"ghcr.io/acme/billing:0.9.0"`), "replicas": json.RawMessage(`3`)}
	w.API.Status.LastHealthyRevision.Spec = healthySpec
	w.API.Spec["env"] = json.RawMessage(`[{"name":"BILLING_PORT", "value":"8080"}]`)
	out = renderWhy(w, fixtureNow, style{})
	for _, want := range []string{
		"  - image: ghcr.io/acme/billing:0.9.0 -> ghcr.io/acme/billing:0.9.1\n",
		"  - env: (unset) -> [{\"name\":\"BILLING_PORT\",\"value\":\"8080\"}]\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("with the healthy spec recorded, want %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "replicas") {
		t.Errorf("replicas is not a pod-template field:\n%s", out)
	}
}
