package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// The parts of a kubeconfig kubectl itself uses to reach a cluster. Exec credential plugins are
// supported because managed clusters (EKS, GKE, AKS) hand out tokens that way; auth-provider (the
// long-removed gcp/azure plugins) is not.
type kubeconfig struct {
	CurrentContext string            `yaml:"current-context"`
	Clusters       []namedCluster    `yaml:"clusters"`
	Users          []namedUser       `yaml:"users"`
	Contexts       []namedContext    `yaml:"contexts"`
	dir            map[string]string // which file's directory relative paths of each entry resolve against
}

type namedCluster struct {
	Name    string  `yaml:"name"`
	Cluster cluster `yaml:"cluster"`
}

type cluster struct {
	Server                   string `yaml:"server"`
	CertificateAuthority     string `yaml:"certificate-authority"`
	CertificateAuthorityData string `yaml:"certificate-authority-data"`
	InsecureSkipTLSVerify    bool   `yaml:"insecure-skip-tls-verify"`
	TLSServerName            string `yaml:"tls-server-name"`
}

type namedUser struct {
	Name string `yaml:"name"`
	User user   `yaml:"user"`
}

type user struct {
	ClientCertificate     string      `yaml:"client-certificate"`
	ClientCertificateData string      `yaml:"client-certificate-data"`
	ClientKey             string      `yaml:"client-key"`
	ClientKeyData         string      `yaml:"client-key-data"`
	Token                 string      `yaml:"token"`
	TokenFile             string      `yaml:"tokenFile"`
	Username              string      `yaml:"username"`
	Password              string      `yaml:"password"`
	Exec                  *execConfig `yaml:"exec"`
}

type execConfig struct {
	APIVersion string   `yaml:"apiVersion"`
	Command    string   `yaml:"command"`
	Args       []string `yaml:"args"`
	Env        []struct {
		Name  string `yaml:"name"`
		Value string `yaml:"value"`
	} `yaml:"env"`
}

type namedContext struct {
	Name    string     `yaml:"name"`
	Context ctxContext `yaml:"context"`
}

type ctxContext struct {
	Cluster   string `yaml:"cluster"`
	User      string `yaml:"user"`
	Namespace string `yaml:"namespace"`
}

// connection is what the client needs: where the API server is, how to trust it and who we are.
type connection struct {
	server    string
	namespace string
	http      *http.Client
	// authorize adds credentials that are not part of the TLS handshake (bearer token, basic).
	authorize func(*http.Request) error
}

// kubeconfigPaths follows kubectl: --kubeconfig, else $KUBECONFIG (a list), else ~/.kube/config.
func kubeconfigPaths(flag string) []string {
	if flag != "" {
		return []string{flag}
	}
	if env := os.Getenv("KUBECONFIG"); env != "" {
		var paths []string
		for _, p := range filepath.SplitList(env) {
			if p != "" {
				paths = append(paths, p)
			}
		}
		return paths
	}
	home, _ := os.UserHomeDir()
	return []string{filepath.Join(home, ".kube", "config")}
}

// loadKubeconfig merges the files the way kubectl does: the first file to name a context, cluster
// or user, or to set current-context, wins.
func loadKubeconfig(paths []string) (*kubeconfig, error) {
	merged := &kubeconfig{dir: map[string]string{}}
	seen := map[string]bool{}
	loaded := 0
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) && len(paths) > 1 {
			continue // kubectl skips missing entries of a KUBECONFIG list
		}
		if err != nil {
			return nil, fmt.Errorf("cannot read kubeconfig: %w", err)
		}
		var cfg kubeconfig
		if err := yaml.Unmarshal(data, &cfg); err != nil {
			return nil, fmt.Errorf("cannot parse kubeconfig %s: %w", path, err)
		}
		loaded++
		dir := filepath.Dir(path)
		if merged.CurrentContext == "" {
			merged.CurrentContext = cfg.CurrentContext
		}
		for _, c := range cfg.Clusters {
			if !seen["cluster/"+c.Name] {
				seen["cluster/"+c.Name] = true
				merged.Clusters = append(merged.Clusters, c)
				merged.dir["cluster/"+c.Name] = dir
			}
		}
		for _, u := range cfg.Users {
			if !seen["user/"+u.Name] {
				seen["user/"+u.Name] = true
				merged.Users = append(merged.Users, u)
				merged.dir["user/"+u.Name] = dir
			}
		}
		for _, c := range cfg.Contexts {
			if !seen["context/"+c.Name] {
				seen["context/"+c.Name] = true
				merged.Contexts = append(merged.Contexts, c)
			}
		}
	}
	if loaded == 0 {
		return nil, fmt.Errorf("no kubeconfig found in %s", strings.Join(paths, ", "))
	}
	return merged, nil
}

// connect resolves the context (the flag's, else current-context) into a ready HTTP client.
func (k *kubeconfig) connect(contextName, namespaceFlag string, timeout time.Duration) (*connection, error) {
	if contextName == "" {
		contextName = k.CurrentContext
	}
	if contextName == "" {
		return nil, errors.New("the kubeconfig has no current-context; pass --context")
	}
	var ctx *ctxContext
	for i := range k.Contexts {
		if k.Contexts[i].Name == contextName {
			ctx = &k.Contexts[i].Context
		}
	}
	if ctx == nil {
		return nil, fmt.Errorf("context %q is not in the kubeconfig", contextName)
	}
	var cl *cluster
	for i := range k.Clusters {
		if k.Clusters[i].Name == ctx.Cluster {
			cl = &k.Clusters[i].Cluster
		}
	}
	if cl == nil || cl.Server == "" {
		return nil, fmt.Errorf("context %q names cluster %q, which the kubeconfig does not define", contextName, ctx.Cluster)
	}
	var u user
	for i := range k.Users {
		if k.Users[i].Name == ctx.User {
			u = k.Users[i].User
		}
	}
	clusterDir, userDir := k.dir["cluster/"+ctx.Cluster], k.dir["user/"+ctx.User]

	tlsConfig := &tls.Config{InsecureSkipVerify: cl.InsecureSkipTLSVerify, ServerName: cl.TLSServerName}
	caPEM, err := dataOrFile(cl.CertificateAuthorityData, cl.CertificateAuthority, clusterDir)
	if err != nil {
		return nil, fmt.Errorf("certificate-authority of cluster %q: %w", ctx.Cluster, err)
	}
	if caPEM != nil {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(caPEM) {
			return nil, fmt.Errorf("certificate-authority of cluster %q holds no PEM certificate", ctx.Cluster)
		}
		tlsConfig.RootCAs = pool
	}
	token := u.Token
	if u.TokenFile != "" && token == "" {
		data, err := os.ReadFile(resolve(u.TokenFile, userDir))
		if err != nil {
			return nil, fmt.Errorf("tokenFile of user %q: %w", ctx.User, err)
		}
		token = strings.TrimSpace(string(data))
	}
	certPEM, err := dataOrFile(u.ClientCertificateData, u.ClientCertificate, userDir)
	if err != nil {
		return nil, fmt.Errorf("client-certificate of user %q: %w", ctx.User, err)
	}
	keyPEM, err := dataOrFile(u.ClientKeyData, u.ClientKey, userDir)
	if err != nil {
		return nil, fmt.Errorf("client-key of user %q: %w", ctx.User, err)
	}
	if u.Exec != nil {
		cred, err := runExecPlugin(u.Exec, cl.Server)
		if err != nil {
			return nil, fmt.Errorf("exec credential plugin of user %q: %w", ctx.User, err)
		}
		if cred.Token != "" {
			token = cred.Token
		}
		if cred.ClientCertificateData != "" {
			certPEM, keyPEM = []byte(cred.ClientCertificateData), []byte(cred.ClientKeyData)
		}
	}
	if certPEM != nil || keyPEM != nil {
		pair, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			return nil, fmt.Errorf("client certificate of user %q: %w", ctx.User, err)
		}
		tlsConfig.Certificates = []tls.Certificate{pair}
	}

	namespace := namespaceFlag
	if namespace == "" {
		namespace = ctx.Namespace
	}
	if namespace == "" {
		namespace = "default"
	}
	transport := &http.Transport{TLSClientConfig: tlsConfig, ForceAttemptHTTP2: true, Proxy: http.ProxyFromEnvironment}
	conn := &connection{
		server:    strings.TrimRight(cl.Server, "/"),
		namespace: namespace,
		http:      &http.Client{Transport: transport, Timeout: timeout},
		authorize: func(*http.Request) error { return nil },
	}
	switch {
	case token != "":
		conn.authorize = func(r *http.Request) error { r.Header.Set("Authorization", "Bearer "+token); return nil }
	case u.Username != "":
		conn.authorize = func(r *http.Request) error { r.SetBasicAuth(u.Username, u.Password); return nil }
	}
	return conn, nil
}

// dataOrFile returns the base64 *-data field decoded, else the file's content, else nil.
func dataOrFile(data, file, dir string) ([]byte, error) {
	if data != "" {
		return base64.StdEncoding.DecodeString(strings.TrimSpace(data))
	}
	if file != "" {
		return os.ReadFile(resolve(file, dir))
	}
	return nil, nil
}

// resolve makes a kubeconfig path relative to the file it appeared in, as kubectl does.
func resolve(path, dir string) string {
	if filepath.IsAbs(path) || dir == "" {
		return path
	}
	return filepath.Join(dir, path)
}

type execCredentialStatus struct {
	Token                 string `json:"token"`
	ClientCertificateData string `json:"clientCertificateData"`
	ClientKeyData         string `json:"clientKeyData"`
}

func runExecPlugin(cfg *execConfig, server string) (*execCredentialStatus, error) {
	cmd := exec.Command(cfg.Command, cfg.Args...)
	cmd.Env = os.Environ()
	for _, e := range cfg.Env {
		cmd.Env = append(cmd.Env, e.Name+"="+e.Value)
	}
	apiVersion := cfg.APIVersion
	if apiVersion == "" {
		apiVersion = "client.authentication.k8s.io/v1"
	}
	info, _ := json.Marshal(map[string]any{
		"apiVersion": apiVersion,
		"kind":       "ExecCredential",
		"spec":       map[string]any{"interactive": false, "cluster": map[string]any{"server": server}},
	})
	cmd.Env = append(cmd.Env, "KUBERNETES_EXEC_INFO="+string(info))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %s", cfg.Command, err, strings.TrimSpace(stderr.String()))
	}
	var cred struct {
		Status execCredentialStatus `json:"status"`
	}
	if err := json.Unmarshal(out, &cred); err != nil {
		return nil, fmt.Errorf("%s printed no ExecCredential: %w", cfg.Command, err)
	}
	return &cred.Status, nil
}
