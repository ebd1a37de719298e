package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// renderStatus draws the tree: ManagedApi, its budget, failure and remediation, then the
// Deployment, its ReplicaSets (newest revision first) and their pods.
func renderStatus(w *world, now time.Time, s style) string {
	api := w.API
	st := api.Status
	root := node{text: fmt.Sprintf("%s %s/%s  %s  %s ready  %s",
		s.bold("ManagedApi"), api.Metadata.Namespace, api.Metadata.Name,
		readyReason(api, s), orDash(st.Ready), "image "+orDash(st.Image))}

	if st.ObservedGeneration < api.Metadata.Generation {
		root.children = append(root.children, node{text: s.yellow(fmt.Sprintf(
			"Spec generation %d not yet reconciled (status is of generation %d)", api.Metadata.Generation, st.ObservedGeneration))})
	}
	root.children = append(root.children,
		node{text: "Restart budget  " + budgetLine(api, s)},
		node{text: "Remediation     " + remediationLine(st.Remediation, now, s)},
		node{text: "Revision        " + revisionLine(st, now)},
	)
	if f := st.LastFailure; f != nil {
		root.children = append(root.children, node{text: "Last failure    " + failureLine(f, now, s)})
	}
	root.children = append(root.children, deploymentNode(w, now, s))

	var b strings.Builder
	root.render(&b)
	return b.String()
}

func readyReason(api *ManagedAPI, s style) string {
	c := findCondition(api.Status.Conditions, "Ready")
	if c == nil {
		return s.yellow("Pending")
	}
	switch {
	case c.Status == "True" && c.Reason == "Ready":
		return s.green(c.Reason)
	case c.Status == "True" || c.Reason == "RolloutInProgress" || c.Reason == "Reconciling" || c.Reason == "Suspended" || c.Reason == "ScaledToZero":
		return s.yellow(c.Reason)
	default:
		return s.red(c.Reason)
	}
}

// budgetLine is the budget as used/allowed in the window, with the action and what is left.
func budgetLine(api *ManagedAPI, s style) string {
	b := api.Status.RestartBudget
	action := specString(api.Spec, "restartBudget", "action")
	if b == nil || b.RestartsInWindow == nil || b.MaxRestarts == nil {
		return "not counted yet" + actionSuffix(action)
	}
	used := fmt.Sprintf("%d/%d in %s", *b.RestartsInWindow, *b.MaxRestarts, b.Window)
	switch {
	case *b.RestartsInWindow > *b.MaxRestarts:
		used = s.red(used + " (exhausted)")
	case *b.RestartsInWindow > 0:
		used = s.yellow(used)
	default:
		used = s.green(used)
	}
	return used + actionSuffix(action)
}

func actionSuffix(action string) string {
	if action == "" {
		return ""
	}
	return ", then " + action
}

func remediationLine(r *Remediation, now time.Time, s style) string {
	if r == nil {
		return "none"
	}
	line := s.yellow(r.Action) + " since " + ago(now, r.StartedAt)
	if r.RolledBackTo != "" {
		line += " (to revision " + r.RolledBackTo + ")"
	}
	return line + ": " + r.Message
}

func revisionLine(st ManagedAPIStatus, now time.Time) string {
	var parts []string
	if c := st.CurrentRevision; c != nil {
		state := "not yet healthy"
		if c.HealthySince != "" {
			state = "healthy for " + age(now, c.HealthySince)
		}
		parts = append(parts, fmt.Sprintf("running %s (%s)", c.TemplateHash, state))
	}
	if h := st.LastHealthyRevision; h != nil {
		parts = append(parts, fmt.Sprintf("last healthy %s (image %s)", h.TemplateHash, h.Image))
	} else {
		parts = append(parts, "no healthy revision recorded yet")
	}
	return strings.Join(parts, "; ")
}

func failureLine(f *FailureReport, now time.Time, s style) string {
	what := f.Reason
	if f.ExitCode != nil {
		what += fmt.Sprintf(", exit code %d", *f.ExitCode)
	}
	if f.Signal != nil {
		what += fmt.Sprintf(", signal %d", *f.Signal)
	}
	line := fmt.Sprintf("%s in container %s of pod %s", s.red(what), f.Container, f.Pod)
	if f.FinishedAt != "" {
		line += ", " + ago(now, f.FinishedAt)
	}
	return line
}

func deploymentNode(w *world, now time.Time, s style) node {
	d := w.Deployment
	if d == nil {
		return node{text: s.yellow("Deployment " + w.API.Metadata.Name + " does not exist (yet)")}
	}
	desired := 0
	if d.Spec.Replicas != nil {
		desired = *d.Spec.Replicas
	}
	n := node{text: fmt.Sprintf("%s %s  %d/%d ready, %d up to date, %d available",
		s.bold("Deployment"), d.Metadata.Name, d.Status.ReadyReplicas, desired, d.Status.UpdatedReplicas, d.Status.AvailableReplicas)}
	if p := findCondition(d.Status.Conditions, "Progressing"); p != nil && p.Status == "False" {
		n.children = append(n.children, node{text: s.red(p.Reason + ": " + p.Message)})
	}

	var owned []ReplicaSet
	for _, rs := range w.ReplicaSets {
		if ownedBy(rs.Metadata, d.Metadata.UID) {
			owned = append(owned, rs)
		}
	}
	sort.SliceStable(owned, func(i, j int) bool { return revision(owned[i]) > revision(owned[j]) })
	placed := map[string]bool{}
	current := d.Metadata.Annotations[revisionKey]
	healthy := ""
	if h := w.API.Status.LastHealthyRevision; h != nil {
		healthy = h.TemplateHash
	}
	for _, rs := range owned {
		rsNode := replicaSetNode(rs, current, healthy, s)
		for _, pod := range w.Pods {
			if !placed[pod.Metadata.Name] && ownedBy(pod.Metadata, rs.Metadata.UID) {
				placed[pod.Metadata.Name] = true
				rsNode.children = append(rsNode.children, podNode(pod, now, s))
			}
		}
		n.children = append(n.children, rsNode)
	}
	for _, pod := range w.Pods {
		if !placed[pod.Metadata.Name] {
			pn := podNode(pod, now, s)
			pn.text += s.dim("  (no ReplicaSet of this Deployment owns it)")
			n.children = append(n.children, pn)
		}
	}
	return n
}

func replicaSetNode(rs ReplicaSet, currentRevision, healthyHash string, s style) node {
	desired := 0
	if rs.Spec.Replicas != nil {
		desired = *rs.Spec.Replicas
	}
	rev := rs.Metadata.Annotations[revisionKey]
	text := fmt.Sprintf("%s %s  revision %s  %s  %d/%d ready",
		s.bold("ReplicaSet"), rs.Metadata.Name, orDash(rev), rs.Spec.Template.image(), rs.Status.ReadyReplicas, desired)
	var tags []string
	if rev != "" && rev == currentRevision {
		tags = append(tags, "current")
	}
	if hash := rs.Spec.Template.Metadata.Annotations[templateHashKey]; hash != "" && hash == healthyHash {
		tags = append(tags, "last healthy")
	}
	if len(tags) > 0 {
		text += "  " + s.green("("+strings.Join(tags, ", ")+")")
	} else if desired == 0 {
		text = s.dim(text)
	}
	return node{text: text}
}

func podNode(pod Pod, now time.Time, s style) node {
	ready := s.red("not ready")
	if c := findCondition(pod.Status.Conditions, "Ready"); c != nil && c.Status == "True" {
		ready = s.green("ready")
	}
	restarts := 0
	for _, c := range allContainers(pod) {
		restarts += c.RestartCount
	}
	text := fmt.Sprintf("%s %s  %s  %s  %s", s.bold("Pod"), pod.Metadata.Name, podState(pod), ready, plural(restarts, "restart", "restarts"))
	if last := lastTermination(pod, now); last != "" {
		text += "  last failure: " + last
	}
	return node{text: text}
}

// podState is what kubectl's STATUS column would show: a waiting reason beats the phase.
func podState(pod Pod) string {
	if pod.Metadata.DeletionTimestamp != "" {
		return "Terminating"
	}
	for _, c := range allContainers(pod) {
		if c.State.Waiting != nil && c.State.Waiting.Reason != "" {
			return c.State.Waiting.Reason
		}
		if c.State.Terminated != nil && c.State.Terminated.Reason != "" {
			return c.State.Terminated.Reason
		}
	}
	return orDash(pod.Status.Phase)
}

// lastTermination is the newest termination of any container of the pod, as "Reason exit N".
func lastTermination(pod Pod, now time.Time) string {
	best, bestAt := "", ""
	for _, c := range allContainers(pod) {
		for _, st := range []ContainerState{c.State, c.LastState} {
			t := st.Terminated
			if t == nil || t.FinishedAt <= bestAt {
				continue
			}
			bestAt = t.FinishedAt
			best = fmt.Sprintf("%s (exit %d) in %s, %s", orDash(t.Reason), t.ExitCode, c.Name, ago(now, t.FinishedAt))
		}
	}
	return best
}

func allContainers(pod Pod) []ContainerStatus {
	return append(append([]ContainerStatus{}, pod.Status.InitContainerStatuses...), pod.Status.ContainerStatuses...)
}

func ownedBy(meta ObjectMeta, uid string) bool {
	for _, ref := range meta.OwnerReferences {
		if ref.UID == uid {
			return true
		}
	}
	return false
}

func revision(rs ReplicaSet) int {
	n, _ := strconv.Atoi(rs.Metadata.Annotations[revisionKey])
	return n
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// specString reads a string at a path in the raw spec, "" when absent.
func specString(spec map[string]json.RawMessage, path ...string) string {
	raw, ok := spec[path[0]]
	for _, key := range path[1:] {
		if !ok {
			return ""
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			return ""
		}
		raw, ok = m[key]
	}
	var v string
	if !ok || json.Unmarshal(raw, &v) != nil {
		return ""
	}
	return v
}

func specBool(spec map[string]json.RawMessage, key string) bool {
	var v bool
	_ = json.Unmarshal(spec[key], &v)
	return v
}
