package main

import (
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeAPIServer serves a fixture world over TLS to a client that must present a bearer token, as
// the API server does, and counts the ManagedApi's reads.
type fakeAPIServer struct {
	*httptest.Server
	mu      sync.Mutex
	world   *world
	reads   int
	onRead  func(n int, api *ManagedAPI)
	patches []string
	// answers to the next PATCHes, as status code and message; an empty queue means success
	patchErrors []patchError
}

type patchError struct {
	code    int
	message string
	causes  []map[string]string
}

func newFakeAPIServer(t *testing.T, w *world) *fakeAPIServer {
	f := &fakeAPIServer{world: w}
	f.Server = httptest.NewTLSServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeAPIServer) serve(rw http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer t0ken" {
		http.Error(rw, `{"reason":"Unauthorized","message":"Unauthorized"}`, http.StatusUnauthorized)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	w := f.world
	var body any
	switch {
	case r.Method == "PATCH":
		f.patches = append(f.patches, r.Header.Get("Content-Type"))
		if len(f.patchErrors) > 0 {
			e := f.patchErrors[0]
			f.patchErrors = f.patchErrors[1:]
			rw.WriteHeader(e.code)
			_ = json.NewEncoder(rw).Encode(map[string]any{"message": e.message, "reason": "Invalid", "details": map[string]any{"causes": e.causes}})
			return
		}
		body = w.API
	case strings.HasSuffix(r.URL.Path, "/managedapis/"+w.API.Metadata.Name):
		f.reads++
		if f.onRead != nil {
			f.onRead(f.reads, w.API)
		}
		body = w.API
	case strings.HasSuffix(r.URL.Path, "/deployments/"+w.API.Metadata.Name):
		body = w.Deployment
	case strings.HasSuffix(r.URL.Path, "/replicasets"):
		body = map[string]any{"items": w.ReplicaSets}
	case strings.HasSuffix(r.URL.Path, "/pods"):
		body = map[string]any{"items": w.Pods}
	case strings.HasSuffix(r.URL.Path, "/events"):
		body = map[string]any{"items": w.Events}
	default:
		http.Error(rw, `{"reason":"NotFound","message":"not found"}`, http.StatusNotFound)
		return
	}
	_ = json.NewEncoder(rw).Encode(body)
}

// connectTo writes a kubeconfig with the server's CA as certificate-authority-data and a token.
func connectTo(t *testing.T, f *fakeAPIServer, namespace string) *connection {
	t.Helper()
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: f.Certificate().Raw})
	path := filepath.Join(t.TempDir(), "kubeconfig")
	write(t, path, `
current-context: test
contexts: [{name: test, context: {cluster: test, user: test}}]
clusters: [{name: test, cluster: {server: "`+f.URL+`", certificate-authority-data: `+base64.StdEncoding.EncodeToString(ca)+`}}]
users: [{name: test, user: {token: t0ken}}]
`)
	cfg, err := loadKubeconfig([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := cfg.connect("", namespace, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

func TestStatusOverTLSWithTheKubeconfigsCAAndToken(t *testing.T) {
	f := newFakeAPIServer(t, loadWorld(t, "ready"))
	w, err := connectTo(t, f, "shop").fetchWorld("orders", false)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "ready.status.golden", renderStatus(w, fixtureNow, style{}))

	if _, err := connectTo(t, f, "shop").fetchWorld("nosuch", false); err == nil ||
		err.Error() != `managedapi "nosuch" not found in namespace "shop"` {
		t.Errorf("a missing ManagedApi: %v", err)
	}
}

func TestWatchIntoAPipePrintsATreeOnlyWhenSomethingChanged(t *testing.T) {
	f := newFakeAPIServer(t, loadWorld(t, "ready"))
	done := make(chan struct{})
	f.onRead = func(n int, api *ManagedAPI) {
		if n == 3 { // the ManagedApi changes between the second and third look
			api.Metadata.ResourceVersion = "200"
			api.Status.Ready = "1/2"
		}
		if n == 6 {
			close(done)
		}
	}
	reader, writer, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := watchStatus(connectTo(t, f, "shop"), "orders", time.Millisecond, style{}, writer, done); err != nil {
		t.Fatal(err)
	}
	writer.Close()
	data, _ := io.ReadAll(reader)
	out := string(data)
	if n := strings.Count(out, "ManagedApi shop/orders"); n != 2 {
		t.Errorf("want 2 trees (the first, and the changed one), got %d:\n%s", n, out)
	}
	if !strings.Contains(out, "  Ready  1/2 ready") {
		t.Errorf("the change is not shown:\n%s", out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("escape codes in a pipe:\n%q", out)
	}
}

func TestRollbackReadsAgainWhenTheResourceVersionMovedButNotWhenRefused(t *testing.T) {
	w := loadWorld(t, "rolledback")
	f := newFakeAPIServer(t, w)
	// What kube-apiserver 1.37 answers a failed test (PluginIT checks it).
	f.patchErrors = []patchError{{http.StatusUnprocessableEntity, "the server rejected our request due to an error in our request", nil}}
	out, err := rollback(connectTo(t, f, "shop"), "checkout", 0, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.patches) != 2 || f.patches[1] != jsonPatch {
		t.Errorf("patches %v", f.patches)
	}
	if !strings.HasPrefix(out, "managedapi/checkout rolled back to revision 6d4e3bbb25 (image ghcr.io/acme/checkout:2.3.0): spec.image restored from generation 2") {
		t.Errorf("result %q", out)
	}

	f.patches = nil
	f.patchErrors = []patchError{{http.StatusUnprocessableEntity, "ManagedApi.managedapi.dev \"checkout\" is invalid: spec.image: Invalid value",
		[]map[string]string{{"field": "spec.image", "reason": "FieldValueInvalid"}}}}
	if _, err := rollback(connectTo(t, f, "shop"), "checkout", 0, false); err == nil || !strings.Contains(err.Error(), "is invalid") {
		t.Errorf("a refused rollback: %v", err)
	}
	if len(f.patches) != 1 {
		t.Errorf("a refusal was retried: %v", f.patches)
	}
}
