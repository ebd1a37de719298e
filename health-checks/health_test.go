package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// The samples in testdata/ are ManagedApis as KstatusIT found them on a real kube-apiserver with
// the real operator (kubectl get -o json), one per state a user meets. For each: the status
// kstatus gives it and the one our Argo CD health check gives it. Rewrite them with
// -Dmanagedapi.healthChecks.samplesDir=$PWD/health-checks/testdata on the IT's run.
var samples = map[string]struct {
	kstatus, argocd string
	// message: which condition's message both tools must show ("" for none in particular)
	message string
}{
	"not-yet-reconciled": {"Current", "Progressing", ""},
	"generation-behind":  {"InProgress", "Progressing", ""},
	"ready":              {"Current", "Healthy", "Ready"},
	"rolling-out":        {"InProgress", "Progressing", "Reconciling"},
	"crash-looping":      {"InProgress", "Progressing", "Reconciling"},
	"budget-alert":       {"Failed", "Degraded", "Stalled"},
	"budget-suspend":     {"Failed", "Degraded", "Stalled"},
	"budget-rollback":    {"Failed", "Degraded", "Stalled"},
	"suspended-by-spec":  {"InProgress", "Suspended", "Ready"},
}

func TestEverySampleAsKstatusAndArgoCDJudgeIt(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, file := range files {
		name := filepath.Base(file[:len(file)-len(".json")])
		names = append(names, name)
		want, ok := samples[name]
		if !ok {
			t.Errorf("%s: no expectation for this sample", file)
			continue
		}
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			objects, err := decode(f)
			if err != nil || len(objects) != 1 {
				t.Fatalf("%d objects, %v", len(objects), err)
			}
			got, ok := judge(objects[0])
			if !ok {
				t.Fatalf("not judged: %+v", got)
			}
			if got.Kstatus.Status != want.kstatus || got.ArgoCD.Status != want.argocd {
				t.Errorf("got kstatus %+v, argocd %+v; want %s, %s", got.Kstatus, got.ArgoCD, want.kstatus, want.argocd)
			}
			if want.message == "" {
				return
			}
			message := conditionMessage(t, objects[0], want.message)
			if got.ArgoCD.Message != message {
				t.Errorf("argocd message %q, want %s's %q", got.ArgoCD.Message, want.message, message)
			}
			// kstatus' own words for Ready=True; the condition's message otherwise.
			if want.kstatus != "Current" && got.Kstatus.Message != message {
				t.Errorf("kstatus message %q, want %s's %q", got.Kstatus.Message, want.message, message)
			}
		})
	}
	for name := range samples {
		if !slices.Contains(names, name) {
			t.Errorf("no sample testdata/%s.json", name)
		}
	}
}

func conditionMessage(t *testing.T, obj *unstructured.Unstructured, conditionType string) string {
	t.Helper()
	conditions, _, _ := unstructured.NestedSlice(obj.Object, "status", "conditions")
	for _, c := range conditions {
		c := c.(map[string]any)
		if c["type"] == conditionType {
			if conditionType != "Ready" && c["status"] != "True" {
				t.Errorf("%s is %v", conditionType, c["status"])
			}
			return c["message"].(string)
		}
	}
	t.Fatalf("no %s condition", conditionType)
	return ""
}
