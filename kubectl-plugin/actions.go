package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"time"
)

//go:embed rollback-fields.txt
var rollbackFieldsFile string

// rollbackFields are the spec fields the pod template is built from.
func rollbackFields() []string {
	var fields []string
	for _, line := range strings.Split(rollbackFieldsFile, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			fields = append(fields, line)
		}
	}
	return fields
}

// Every action is a patch of the spec, so a GitOps tool sees it as a difference from Git, and each
// says in one line what it changed.

func restart(c *connection, name string, now time.Time, dryRun bool) (string, error) {
	stamp := now.UTC().Format(time.RFC3339)
	patch := map[string]any{"spec": map[string]any{"restartedAt": stamp}}
	if err := send(c, name, mergePatch, patch, dryRun); err != nil {
		return "", err
	}
	return fmt.Sprintf("managedapi/%s restarted: spec.restartedAt=%s, the pods are replaced one by one%s", name, stamp, dryNote(dryRun)), nil
}

func suspend(c *connection, name string, dryRun bool) (string, error) {
	api, err := c.getManagedAPI(name)
	if err != nil {
		return "", err
	}
	if specBool(api.Spec, "suspend") {
		return fmt.Sprintf("managedapi/%s already suspended (spec.suspend is true)", name), nil
	}
	if err := send(c, name, mergePatch, map[string]any{"spec": map[string]any{"suspend": true}}, dryRun); err != nil {
		return "", err
	}
	return fmt.Sprintf("managedapi/%s suspended: spec.suspend=true, scaled to zero until resumed%s", name, dryNote(dryRun)), nil
}

// resume undoes spec.suspend, and also ends a suspension the operator imposed when the restart
// budget ran out: that one lasts until the spec changes, so resume changes spec.restartedAt too.
func resume(c *connection, name string, now time.Time, dryRun bool) (string, error) {
	api, err := c.getManagedAPI(name)
	if err != nil {
		return "", err
	}
	bySpec := specBool(api.Spec, "suspend")
	r := api.Status.Remediation
	byOperator := r != nil && r.Action == "Suspend" && r.Generation >= api.Metadata.Generation
	spec := map[string]any{}
	var changed []string
	if bySpec {
		spec["suspend"] = false
		changed = append(changed, "spec.suspend=false")
	}
	if byOperator && !bySpec {
		stamp := now.UTC().Format(time.RFC3339)
		spec["restartedAt"] = stamp
		changed = append(changed, "spec.restartedAt="+stamp+" (ends the operator's suspension after the exhausted restart budget)")
	}
	if len(changed) == 0 {
		return fmt.Sprintf("managedapi/%s is not suspended", name), nil
	}
	if err := send(c, name, mergePatch, map[string]any{"spec": spec}, dryRun); err != nil {
		return "", err
	}
	return fmt.Sprintf("managedapi/%s resumed: %s%s", name, strings.Join(changed, ", "), dryNote(dryRun)), nil
}

type patchOp struct {
	Op    string          `json:"op"`
	Path  string          `json:"path"`
	Value json.RawMessage `json:"value,omitempty"`
}

// rollbackTarget is what a rollback returns to: the last healthy revision from status, or an older
// one from its ControllerRevision.
type rollbackTarget struct {
	revision *HealthyRevision
	label    string // which revision, in words
	from     string // where its spec comes from, for the one-line result
}

// rollback writes the target revision's pod-template fields back into the spec. A JSON patch
// tested against the resourceVersion read, so a spec changed in between is not overwritten; the
// operator's status writes also move the resourceVersion, hence the retries.
func rollback(c *connection, name string, toRevision int64, dryRun bool) (string, error) {
	for attempt := 1; ; attempt++ {
		api, err := c.getManagedAPI(name)
		if err != nil {
			return "", err
		}
		target, err := findRollbackTarget(c, api, toRevision)
		if err != nil {
			return "", err
		}
		h := target.revision
		ops, restored := rollbackPatch(api.Spec, h)
		if len(ops) == 0 {
			return fmt.Sprintf("managedapi/%s already specifies %s (image %s); nothing changed", name, target.label, h.Image), nil
		}
		rv, _ := json.Marshal(api.Metadata.ResourceVersion)
		ops = append([]patchOp{{Op: "test", Path: "/metadata/resourceVersion", Value: rv}}, ops...)
		err = send(c, name, jsonPatch, ops, dryRun)
		if staleRead(err) && attempt < 5 {
			continue // a status write or an edit came in between; read again
		}
		if err != nil {
			return "", err
		}
		what := "spec." + strings.Join(restored, ", spec.")
		if h.Spec == nil {
			what += " only (this revision was recorded without its spec, by an older operator; the rest of the spec is unchanged)"
		}
		return fmt.Sprintf("managedapi/%s rolled back to revision %s (image %s): %s restored from %s%s",
			name, h.TemplateHash, h.Image, what, target.from, dryNote(dryRun)), nil
	}
}

func findRollbackTarget(c *connection, api *ManagedAPI, toRevision int64) (*rollbackTarget, error) {
	name := api.Metadata.Name
	if toRevision == 0 {
		h := api.Status.LastHealthyRevision
		if h == nil {
			return nil, fmt.Errorf("managedapi/%s has no healthy revision to roll back to: none has run the stabilization period without a restart yet", name)
		}
		return &rollbackTarget{revision: h, label: "the last healthy revision " + h.TemplateHash, from: fmt.Sprintf("generation %d", h.Generation)}, nil
	}
	var list struct{ Items []ControllerRevision }
	query := url.Values{"labelSelector": {selectorLabel + "=" + name}}
	if err := c.do("GET", fmt.Sprintf("/apis/apps/v1/namespaces/%s/controllerrevisions", url.PathEscape(c.namespace)), query, "", nil, &list); err != nil {
		return nil, err
	}
	sort.Slice(list.Items, func(i, j int) bool { return list.Items[i].Revision < list.Items[j].Revision })
	var kept []string
	for _, r := range list.Items {
		if !ownedBy(r.Metadata, api.Metadata.UID) {
			continue
		}
		if r.Revision == toRevision {
			h := r.healthyRevision()
			return &rollbackTarget{revision: h, label: fmt.Sprintf("revision %d (%s)", r.Revision, h.TemplateHash),
				from: fmt.Sprintf("ControllerRevision %s (revision %d)", r.Metadata.Name, r.Revision)}, nil
		}
		kept = append(kept, fmt.Sprintf("%d (%s, image %s)", r.Revision, r.Metadata.Labels[templateHashKey], r.Data.image()))
	}
	if len(kept) == 0 {
		return nil, fmt.Errorf("managedapi/%s has no ControllerRevisions: no revision has been healthy yet, or the operator predates them", name)
	}
	return nil, fmt.Errorf("managedapi/%s has no revision %d; kept: %s", name, toRevision, strings.Join(kept, ", "))
}

// staleRead tells a failed resourceVersion test from other refusals, such as a validation rule,
// which no retry would change. The API server answers a JSON patch it cannot apply (a failed test,
// or a removed field already gone) with 422 and no field causes; a refused spec has causes.
func staleRead(err error) bool {
	var apiErr *apiError
	if !errors.As(err, &apiErr) {
		return false
	}
	return apiErr.Code == http.StatusConflict || (apiErr.Code == http.StatusUnprocessableEntity && apiErr.Causes == 0)
}

// rollbackPatch is the JSON patch that makes the spec's pod-template fields those of the healthy
// revision: set where it had them, removed where it did not.
func rollbackPatch(spec map[string]json.RawMessage, h *HealthyRevision) ([]patchOp, []string) {
	healthy := h.Spec
	fields := rollbackFields()
	if healthy == nil {
		image, _ := json.Marshal(h.Image)
		healthy, fields = map[string]json.RawMessage{"image": image}, []string{"image"}
	}
	var ops []patchOp
	var restored []string
	for _, field := range fields {
		want, inHealthy := healthy[field]
		have, inSpec := spec[field]
		switch {
		case inHealthy && (!inSpec || !sameJSON(want, have)):
			ops = append(ops, patchOp{Op: "add", Path: "/spec/" + field, Value: want})
			restored = append(restored, field)
		case !inHealthy && inSpec:
			ops = append(ops, patchOp{Op: "remove", Path: "/spec/" + field})
			restored = append(restored, field)
		}
	}
	return ops, restored
}

func sameJSON(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(a, b)
	}
	return reflect.DeepEqual(x, y)
}

// send patches the ManagedApi, or with --dry-run prints the patch it would send.
func send(c *connection, name, contentType string, patch any, dryRun bool) error {
	if dryRun {
		body, _ := json.Marshal(patch)
		fmt.Printf("PATCH %s (%s)\n%s\n", c.managedAPIURL(name), contentType, body)
		return nil
	}
	_, err := c.patchManagedAPI(name, contentType, patch)
	return err
}

func dryNote(dryRun bool) string {
	if dryRun {
		return " (dry run: nothing sent)"
	}
	return ""
}
