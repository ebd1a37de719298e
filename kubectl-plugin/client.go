package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

const (
	managedAPIPath  = "/apis/managedapi.dev/v1alpha1"
	selectorLabel   = "managedapi.dev/name"
	templateHashKey = "managedapi.dev/template-hash"
	revisionKey     = "deployment.kubernetes.io/revision"
	mergePatch      = "application/merge-patch+json"
	jsonPatch       = "application/json-patch+json"
)

// apiError is the API server's Status answer, kept so messages read like kubectl's.
type apiError struct {
	Code    int
	Reason  string
	Message string
	Causes  int // field errors in details.causes: a validation refusal has them
}

func (e *apiError) Error() string {
	if e.Message != "" {
		return e.Message
	}
	return fmt.Sprintf("the server answered %d %s", e.Code, e.Reason)
}

func isNotFound(err error) bool {
	e, ok := err.(*apiError)
	return ok && e.Code == http.StatusNotFound
}

func (c *connection) do(method, path string, query url.Values, contentType string, body []byte, into any) error {
	u := c.server + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "kubectl-managedapi")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if err := c.authorize(req); err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("cannot reach the API server at %s: %w", c.server, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		var status struct {
			Reason  string `json:"reason"`
			Message string `json:"message"`
			Details struct {
				Causes []json.RawMessage `json:"causes"`
			} `json:"details"`
		}
		_ = json.Unmarshal(data, &status)
		if status.Message == "" {
			status.Message = strings.TrimSpace(string(data))
		}
		return &apiError{Code: resp.StatusCode, Reason: status.Reason, Message: status.Message, Causes: len(status.Details.Causes)}
	}
	if into == nil {
		return nil
	}
	return json.Unmarshal(data, into)
}

func (c *connection) managedAPIURL(name string) string {
	return fmt.Sprintf("%s/namespaces/%s/managedapis/%s", managedAPIPath, url.PathEscape(c.namespace), url.PathEscape(name))
}

func (c *connection) getManagedAPI(name string) (*ManagedAPI, error) {
	var api ManagedAPI
	if err := c.do("GET", c.managedAPIURL(name), nil, "", nil, &api); err != nil {
		if isNotFound(err) {
			return nil, fmt.Errorf("managedapi %q not found in namespace %q", name, c.namespace)
		}
		return nil, err
	}
	return &api, nil
}

func (c *connection) patchManagedAPI(name, contentType string, patch any) (*ManagedAPI, error) {
	body, err := json.Marshal(patch)
	if err != nil {
		return nil, err
	}
	var api ManagedAPI
	if err := c.do("PATCH", c.managedAPIURL(name), url.Values{"fieldManager": {"kubectl-managedapi"}}, contentType, body, &api); err != nil {
		return nil, err
	}
	return &api, nil
}

// world is everything status and why show: the ManagedApi and what it owns.
type world struct {
	API         *ManagedAPI
	Deployment  *Deployment
	ReplicaSets []ReplicaSet
	Pods        []Pod
	Events      []Event
}

// fetchWorld reads the ManagedApi and its Deployment, ReplicaSets and pods at once: they are found
// by name and by the selector label, so nothing waits for the ManagedApi to come back first.
func (c *connection) fetchWorld(name string, withEvents bool) (*world, error) {
	selector := url.Values{"labelSelector": {selectorLabel + "=" + name}}
	w := &world{}
	var deployment Deployment
	var rsList struct{ Items []ReplicaSet }
	var podList struct{ Items []Pod }
	var eventList struct{ Items []Event }
	ns := url.PathEscape(c.namespace)
	calls := []func() error{
		func() (err error) { w.API, err = c.getManagedAPI(name); return },
		func() error {
			err := c.do("GET", fmt.Sprintf("/apis/apps/v1/namespaces/%s/deployments/%s", ns, url.PathEscape(name)), nil, "", nil, &deployment)
			if err == nil {
				w.Deployment = &deployment
			} else if isNotFound(err) {
				err = nil
			}
			return err
		},
		func() error {
			return c.do("GET", fmt.Sprintf("/apis/apps/v1/namespaces/%s/replicasets", ns), selector, "", nil, &rsList)
		},
		func() error {
			return c.do("GET", fmt.Sprintf("/api/v1/namespaces/%s/pods", ns), selector, "", nil, &podList)
		},
	}
	if withEvents {
		calls = append(calls, func() error {
			q := url.Values{"fieldSelector": {"involvedObject.kind=ManagedApi,involvedObject.name=" + name}}
			return c.do("GET", fmt.Sprintf("/api/v1/namespaces/%s/events", ns), q, "", nil, &eventList)
		})
	}
	// The first call's error wins: "not found" for the ManagedApi says more than anything after it.
	errs := make([]error, len(calls))
	var wg sync.WaitGroup
	for i, call := range calls {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = call() }()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	w.ReplicaSets, w.Pods, w.Events = rsList.Items, podList.Items, eventList.Items
	return w, nil
}
