// kubectl-managedapi is the kubectl plugin for managedapi: `kubectl managedapi status|why|restart|
// suspend|resume|rollback NAME`. It talks to the API server directly with the kubeconfig kubectl
// uses, so it starts in milliseconds and needs nothing but itself.
package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

const usage = `kubectl managedapi: see and steer ManagedApis.

Usage:
  kubectl managedapi status NAME [--watch] [--interval 1s]
      The ManagedApi, its Deployment, ReplicaSets (revision, image) and pods (ready, restarts,
      last failure), the restart budget as used/allowed in the window, and the remediation.
  kubectl managedapi why NAME
      The last failure (cause, exit code, signal, message, log tail), what changed since the last
      healthy revision, what the operator did about it, and what to do next.
  kubectl managedapi restart NAME     spec.restartedAt=now: every pod is replaced, rolling
  kubectl managedapi suspend NAME     spec.suspend=true: scaled to zero, everything else kept
  kubectl managedapi resume NAME      spec.suspend=false; also ends a suspension the operator
                                      imposed when the restart budget ran out
  kubectl managedapi rollback NAME [--to-revision N]
                                      the last healthy revision's pod-template fields (image, env,
                                      resources, ...) written back into the spec; --to-revision: an
                                      older healthy one, by its ControllerRevision's number

Each change is a patch of the spec, so GitOps tools see it; --dry-run prints the patch instead.

Flags:
  -n, --namespace NS      namespace (default: the context's, else "default")
      --context NAME      kubeconfig context (default: current-context)
      --kubeconfig PATH   kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)
      --color WHEN        auto (default: on a terminal, unless NO_COLOR is set), always or never
      --request-timeout D per request (default 10s)
  -w, --watch             status: redraw as it changes
      --interval D        status --watch: how often to look (default 1s)
      --dry-run           restart/suspend/resume/rollback: print the patch, send nothing
      --to-revision N     rollback: to ControllerRevision N (kubectl get controllerrevisions -l
                          managedapi.dev/name=NAME) instead of the last healthy revision
`

type options struct {
	command, name                  string
	namespace, context, kubeconfig string
	color                          string
	watch, dryRun                  bool
	toRevision                     int64
	interval, timeout              time.Duration
}

func parseArgs(args []string) (*options, error) {
	o := &options{interval: time.Second, timeout: 10 * time.Second}
	var positional []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		name, value, hasValue := strings.Cut(arg, "=")
		takeValue := func() (string, error) {
			if hasValue {
				return value, nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("flag %s needs a value", name)
			}
			i++
			return args[i], nil
		}
		var err error
		switch name {
		case "-h", "--help", "help":
			return nil, errHelp
		case "-n", "--namespace":
			o.namespace, err = takeValue()
		case "--context":
			o.context, err = takeValue()
		case "--kubeconfig":
			o.kubeconfig, err = takeValue()
		case "--color":
			o.color, err = takeValue()
		case "--interval", "--request-timeout":
			var text string
			if text, err = takeValue(); err == nil {
				var d time.Duration
				if d, err = time.ParseDuration(text); err == nil && d <= 0 {
					err = fmt.Errorf("%s must be positive", name)
				}
				if name == "--interval" {
					o.interval = d
				} else {
					o.timeout = d
				}
			}
		case "--to-revision":
			var text string
			if text, err = takeValue(); err == nil {
				if o.toRevision, err = strconv.ParseInt(text, 10, 64); err == nil && o.toRevision <= 0 {
					err = errors.New("--to-revision must be a revision number, 1 or more")
				}
			}
		case "-w", "--watch":
			o.watch = true
		case "--dry-run":
			o.dryRun = true
		default:
			if strings.HasPrefix(arg, "-") && arg != "-" {
				return nil, fmt.Errorf("unknown flag %s", arg)
			}
			positional = append(positional, arg)
		}
		if err != nil {
			return nil, err
		}
	}
	if len(positional) != 2 {
		return nil, errors.New("expected a command and a ManagedApi name")
	}
	o.command, o.name = positional[0], positional[1]
	switch o.command {
	case "status", "why", "restart", "suspend", "resume", "rollback":
	default:
		return nil, fmt.Errorf("unknown command %q", o.command)
	}
	if o.watch && o.command != "status" {
		return nil, errors.New("--watch goes with status only")
	}
	if o.toRevision != 0 && o.command != "rollback" {
		return nil, errors.New("--to-revision goes with rollback only")
	}
	return o, nil
}

var errHelp = errors.New("help")

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	o, err := parseArgs(args)
	if errors.Is(err, errHelp) {
		fmt.Print(usage)
		return 0
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n\n%s", err, usage)
		return 2
	}
	color, err := colorWanted(o.color, os.Stdout)
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		return 2
	}
	cfg, err := loadKubeconfig(kubeconfigPaths(o.kubeconfig))
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		return 1
	}
	conn, err := cfg.connect(o.context, o.namespace, o.timeout)
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		return 1
	}
	s := style{color: color}
	var out string
	switch o.command {
	case "status":
		if o.watch {
			err = watchStatus(conn, o.name, o.interval, s, os.Stdout, nil)
			break
		}
		var w *world
		if w, err = conn.fetchWorld(o.name, false); err == nil {
			out = renderStatus(w, time.Now(), s)
		}
	case "why":
		var w *world
		if w, err = conn.fetchWorld(o.name, true); err == nil {
			out = renderWhy(w, time.Now(), s)
		}
	case "restart":
		out, err = restart(conn, o.name, time.Now(), o.dryRun)
	case "suspend":
		out, err = suspend(conn, o.name, o.dryRun)
	case "resume":
		out, err = resume(conn, o.name, time.Now(), o.dryRun)
	case "rollback":
		out, err = rollback(conn, o.name, o.toRevision, o.dryRun)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		return 1
	}
	if out != "" && !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	fmt.Print(out)
	return 0
}
