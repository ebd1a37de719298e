package main

import (
	"encoding/json"
	"testing"
)

func raw(t *testing.T, v any) json.RawMessage {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestRollbackRestoresOnlyPodTemplateFields(t *testing.T) {
	spec := map[string]json.RawMessage{
		"image":    raw(t, "acme/orders:2.0.0-broken"),
		"env":      raw(t, []map[string]string{{"name": "MODE", "value": "new"}}),
		"replicas": raw(t, 5),
		"suspend":  raw(t, false),
	}
	healthy := &HealthyRevision{TemplateHash: "abc", Image: "acme/orders:1.0.0", Spec: map[string]json.RawMessage{
		"image":     raw(t, "acme/orders:1.0.0"),
		"resources": raw(t, map[string]any{"limits": map[string]string{"memory": "1Gi"}}),
		"replicas":  raw(t, 2),
	}}
	ops, restored := rollbackPatch(spec, healthy)
	got, _ := json.Marshal(ops)
	want := `[{"op":"add","path":"/spec/image","value":"acme/orders:1.0.0"},` +
		`{"op":"remove","path":"/spec/env"},` +
		`{"op":"add","path":"/spec/resources","value":{"limits":{"memory":"1Gi"}}}]`
	if string(got) != want {
		t.Errorf("patch\n got %s\nwant %s", got, want)
	}
	if len(restored) != 3 {
		t.Errorf("restored %v", restored)
	}
}

func TestRollbackWithoutARecordedSpecRestoresTheImage(t *testing.T) {
	spec := map[string]json.RawMessage{"image": raw(t, "acme/orders:2.0.0"), "env": raw(t, []string{})}
	ops, _ := rollbackPatch(spec, &HealthyRevision{Image: "acme/orders:1.0.0"})
	got, _ := json.Marshal(ops)
	if string(got) != `[{"op":"add","path":"/spec/image","value":"acme/orders:1.0.0"}]` {
		t.Errorf("patch %s", got)
	}
}

func TestNothingToRollBackWhenTheSpecIsTheHealthyOne(t *testing.T) {
	spec := map[string]json.RawMessage{"image": raw(t, "a:1"), "replicas": raw(t, 3)}
	ops, _ := rollbackPatch(spec, &HealthyRevision{Spec: map[string]json.RawMessage{"image": raw(t, "a:1"), "replicas": raw(t, 1)}})
	if len(ops) != 0 {
		t.Errorf("ops %v", ops)
	}
}

func TestArgsAcceptFlagsAnywhere(t *testing.T) {
	o, err := parseArgs([]string{"status", "-n", "shop", "orders", "--watch", "--interval=2s"})
	if err != nil {
		t.Fatal(err)
	}
	if o.command != "status" || o.name != "orders" || o.namespace != "shop" || !o.watch || o.interval.String() != "2s" {
		t.Errorf("%+v", o)
	}
	if _, err := parseArgs([]string{"why", "orders", "--watch"}); err == nil {
		t.Error("--watch with why accepted")
	}
	if o, err := parseArgs([]string{"rollback", "orders", "--to-revision", "12"}); err != nil || o.toRevision != 12 {
		t.Errorf("--to-revision 12: %+v %v", o, err)
	}
	for _, bad := range [][]string{{"rollback", "orders", "--to-revision", "0"}, {"status", "orders", "--to-revision=2"}} {
		if _, err := parseArgs(bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}
