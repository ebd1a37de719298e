// managedapi-health judges ManagedApi objects as two GitOps tools do: kstatus
// (sigs.k8s.io/cli-utils, what Flux and kpt wait on) with its own code, and Argo CD with the
// health check in argocd/health.lua run in a Lua VM set up as Argo CD sets one up.
//
// It reads JSON from standard input, one object or a List with items (kubectl get -o json), or
// several of those one after the other, and prints one JSON line per object:
//
//	{"name":"orders","kstatus":{"status":"Failed","message":"..."},"argocd":{"status":"Degraded","message":"..."}}
//
// An object either tool cannot judge gets the status Unknown with the error as its message, as
// Argo CD shows it, and the exit code is 1.
package main

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

//go:embed argocd/health.lua
var healthLua string

// judgement is one output line.
type judgement struct {
	Name    string  `json:"name"`
	Kstatus verdict `json:"kstatus"`
	ArgoCD  verdict `json:"argocd"`
}

func main() {
	out := bufio.NewWriter(os.Stdout)
	failed, err := judgeAll(os.Stdin, out)
	if flushErr := out.Flush(); err == nil {
		err = flushErr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "managedapi-health:", err)
		os.Exit(2)
	}
	if failed {
		os.Exit(1)
	}
}

// judgeAll writes a line for every object in the input; failed says whether some object could
// not be judged.
func judgeAll(in io.Reader, out io.Writer) (failed bool, err error) {
	objects, err := decode(in)
	if err != nil {
		return false, err
	}
	encoder := json.NewEncoder(out)
	for _, obj := range objects {
		j, ok := judge(obj)
		failed = failed || !ok
		if err := encoder.Encode(j); err != nil {
			return failed, err
		}
	}
	return failed, nil
}

// judge asks both tools about one object; ok is false when either could not answer.
func judge(obj *unstructured.Unstructured) (judgement, bool) {
	j := judgement{Name: obj.GetName()}
	ok := true
	if result, err := status.Compute(obj); err != nil {
		j.Kstatus, ok = verdict{Status: status.UnknownStatus.String(), Message: err.Error()}, false
	} else {
		j.Kstatus = verdict{Status: result.Status.String(), Message: result.Message}
	}
	if health, err := runHealthScript(healthLua, obj.Object); err != nil {
		j.ArgoCD, ok = verdict{Status: "Unknown", Message: err.Error()}, false
	} else {
		j.ArgoCD = health
	}
	return j, ok
}

// decode reads every JSON document in the input, unfolding Lists. The unstructured decoder keeps
// integers as int64, which kstatus needs for generation and observedGeneration.
func decode(in io.Reader) ([]*unstructured.Unstructured, error) {
	var objects []*unstructured.Unstructured
	decoder := json.NewDecoder(in)
	for {
		var raw json.RawMessage
		if err := decoder.Decode(&raw); errors.Is(err, io.EOF) {
			return objects, nil
		} else if err != nil {
			return nil, fmt.Errorf("reading JSON: %w", err)
		}
		var head struct {
			Kind  string          `json:"kind"`
			Items json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			return nil, fmt.Errorf("reading JSON: %w", err)
		}
		if strings.HasSuffix(head.Kind, "List") && head.Items != nil {
			list := &unstructured.UnstructuredList{}
			if err := list.UnmarshalJSON(raw); err != nil {
				return nil, fmt.Errorf("reading a %s: %w", head.Kind, err)
			}
			for i := range list.Items {
				objects = append(objects, &list.Items[i])
			}
			continue
		}
		obj := &unstructured.Unstructured{}
		if err := obj.UnmarshalJSON(raw); err != nil {
			return nil, fmt.Errorf("reading an object: %w", err)
		}
		objects = append(objects, obj)
	}
}
