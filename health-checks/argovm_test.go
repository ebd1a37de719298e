package main

import "testing"

// The VM offers what Argo CD's offers a health check from argocd-cm, and no more: a script that
// passes here must not fail there for a library it used.
func TestTheVMOpensOnlyWhatArgoCDOpens(t *testing.T) {
	for script, want := range map[string]string{
		`return type(ipairs) .. type(pairs) .. type(table.insert) .. type(require)`: "functionfunctionfunctionfunction",
		`return type(string) .. type(math) .. type(io) .. type(os) .. type(debug)`:  "nilnilnilnilnil",
		`return type(require("os").time()) .. type(require("os").execute)`:          "numbernil",
	} {
		l := newArgoState()
		if err := l.DoString(script); err != nil {
			t.Fatalf("%s: %v", script, err)
		}
		if got := l.Get(-1).String(); got != want {
			t.Errorf("%s: got %q, want %q", script, got, want)
		}
		l.Close()
	}
}

// obj is a global table; integers from the unstructured decoder are numbers.
func TestObjIsTheObjectAsATable(t *testing.T) {
	obj := map[string]any{"metadata": map[string]any{"generation": int64(3)},
		"status": map[string]any{"conditions": []any{map[string]any{"type": "Ready"}}}}
	got, err := runHealthScript(
		`return {status = "Healthy", message = (obj.metadata.generation + 1) .. obj.status.conditions[1].type}`, obj)
	if err != nil || got != (verdict{"Healthy", "4Ready"}) {
		t.Fatalf("got %+v, %v", got, err)
	}
}

// The result is read as Argo CD reads it.
func TestTheResultIsReadAsArgoCDReadsIt(t *testing.T) {
	for script, want := range map[string]verdict{
		`return {status = "Degraded", message = "m"}`: {"Degraded", "m"},
		`return {status = "Broken", message = "m"}`:   {"Unknown", invalidStatus},
		`return {message = "m"}`:                      {"Unknown", invalidStatus},
		`return {}`:                                   {},
		`return nil`:                                  {},
		`local x = 1`:                                 {},
	} {
		got, err := runHealthScript(script, map[string]any{})
		if err != nil || got != want {
			t.Errorf("%s: got %+v, %v; want %+v", script, got, err, want)
		}
	}
	for _, script := range []string{
		`return "Healthy"`,
		`return {status = 1}`,
		`error("boom")`,
		`return os.time()`,
		`while true do end`,
	} {
		if got, err := runHealthScript(script, map[string]any{}); err == nil {
			t.Errorf("%s: got %+v, want an error", script, got)
		}
	}
}
