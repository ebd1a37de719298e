package main

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestKubeconfigListMergesFirstWinsAndResolvesPathsPerFile(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "token"), "s3cret\n")
	first := filepath.Join(dir, "a.yaml")
	write(t, first, `
current-context: dev
contexts:
- name: dev
  context: {cluster: c1, user: u1, namespace: shop}
clusters:
- name: c1
  cluster: {server: "https://127.0.0.1:6443/", insecure-skip-tls-verify: true}
users:
- name: u1
  user: {tokenFile: token}
`)
	second := filepath.Join(dir, "b.yaml")
	write(t, second, `
current-context: prod
contexts:
- name: dev
  context: {cluster: other, user: other}
- name: prod
  context: {cluster: c1, user: u1}
`)
	t.Setenv("KUBECONFIG", first+string(os.PathListSeparator)+filepath.Join(dir, "missing.yaml")+string(os.PathListSeparator)+second)
	cfg, err := loadKubeconfig(kubeconfigPaths(""))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := cfg.connect("", "", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if conn.server != "https://127.0.0.1:6443" || conn.namespace != "shop" {
		t.Errorf("server %q namespace %q", conn.server, conn.namespace)
	}
	req, _ := http.NewRequest("GET", conn.server, nil)
	_ = conn.authorize(req)
	if got := req.Header.Get("Authorization"); got != "Bearer s3cret" {
		t.Errorf("Authorization %q", got)
	}
	prod, err := cfg.connect("prod", "", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if prod.namespace != "default" {
		t.Errorf("a context without a namespace should mean default, got %q", prod.namespace)
	}
	if flagged, _ := cfg.connect("", "billing", time.Second); flagged.namespace != "billing" {
		t.Errorf("-n should win over the context's namespace, got %q", flagged.namespace)
	}
	if _, err := cfg.connect("nope", "", time.Second); err == nil {
		t.Error("an unknown context was accepted")
	}
}

func TestAnExecCredentialPluginsTokenIsUsed(t *testing.T) {
	dir := t.TempDir()
	plugin := filepath.Join(dir, "get-token")
	// Prints an ExecCredential, as aws eks get-token or gke-gcloud-auth-plugin do, echoing the
	// cluster it was asked about so the test sees KUBERNETES_EXEC_INFO arrived.
	write(t, plugin, "#!/bin/sh\n"+
		`server=$(printf '%s' "$KUBERNETES_EXEC_INFO" | sed 's/.*"server":"\([^"]*\)".*/\1/')`+"\n"+
		`printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s-%s"}}' "$PREFIX" "$server"`+"\n")
	if err := os.Chmod(plugin, 0o700); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "config")
	write(t, config, `
current-context: eks
contexts: [{name: eks, context: {cluster: eks, user: eks}}]
clusters: [{name: eks, cluster: {server: "https://eks.example:443"}}]
users:
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: `+plugin+`
      env: [{name: PREFIX, value: tok}]
`)
	cfg, err := loadKubeconfig([]string{config})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := cfg.connect("", "", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", conn.server, nil)
	_ = conn.authorize(req)
	if got := req.Header.Get("Authorization"); got != "Bearer tok-https://eks.example:443" {
		t.Errorf("Authorization %q", got)
	}
}
