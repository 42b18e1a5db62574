package fleet

import (
	"os"
	"path/filepath"

	"meshfleet/tools/fleet/internal/build"
	"meshfleet/tools/fleet/internal/proc"
	"meshfleet/tools/fleet/internal/render"
	"meshfleet/tools/fleet/internal/state"
	"meshfleet/tools/fleet/internal/topology"
)

// Component names, also used for log and pid file names.
const (
	APIServer         = "kube-apiserver"
	ControllerManager = "kube-controller-manager"
	Kubelet           = "kubelet"
)

// ClusterComponents in start order (stop order is the reverse).
var ClusterComponents = []string{APIServer, ControllerManager, Kubelet}

// Memory tuning. Go's default GOGC=100 lets a heap double before collecting; the API
// server's heap is mostly caches that live long, so a lower GOGC trades a little CPU
// for a much smaller peak. GOMEMLIMIT is a soft cap that makes the GC work harder
// near it, not a hard limit.
var (
	apiServerEnv         = []string{"GOGC=50", "GOMEMLIMIT=400MiB"}
	controllerManagerEnv = []string{"GOGC=50", "GOMEMLIMIT=120MiB"}
	kubeletEnv           = []string{"GOGC=50", "GOMEMLIMIT=40MiB"}
	etcdEnv              = []string{"GOGC=50"}
)

func (f *Fleet) etcdDaemon() (proc.Daemon, error) {
	bin, err := build.Etcd.Binary(f.Paths, "etcd")
	if err != nil {
		return proc.Daemon{}, err
	}
	dir := f.Paths.EtcdDir()
	return proc.Daemon{
		Name: "etcd", Binary: bin, Args: render.EtcdArgs(filepath.Join(dir, "data")), Env: etcdEnv,
		LogFile: filepath.Join(dir, "etcd.log"), PidFile: filepath.Join(dir, "etcd.pid"),
	}, nil
}

// daemon returns one component of one cluster.
func (f *Fleet) daemon(c topology.Cluster, component string) (proc.Daemon, error) {
	p := f.Paths.Cluster(c.Name)
	d := proc.Daemon{Name: c.Name + "/" + component, LogFile: p.Log(component), PidFile: p.Pid(component)}
	var err error
	switch component {
	case APIServer:
		d.Binary, err = build.Kubernetes.Binary(f.Paths, APIServer)
		d.Args, d.Env = render.APIServerArgs(c, p), apiServerEnv
		if AuditEnabled() {
			d.Args = append(d.Args, render.AuditArgs(AuditPolicyFile(p), p.Log("audit"))...)
		}
	case ControllerManager:
		d.Binary, err = build.Kubernetes.Binary(f.Paths, ControllerManager)
		d.Args, d.Env = render.ControllerManagerArgs(c, p), controllerManagerEnv
	case Kubelet:
		d.Binary = f.Self
		d.Args = []string{"kubelet", "--cluster", c.Name}
		d.Env = append([]string{"FLEET_HOME=" + f.Paths.Home, "FLEET_SRC=" + f.Paths.Src}, kubeletEnv...)
	}
	return d, err
}

// AuditEnabled: FLEET_AUDIT=1 starts API servers with an audit log in
// .fleet/clusters/<name>/logs/audit.log (render.AuditPolicy). It applies to API
// servers this command starts; a running one keeps its flags until restarted.
func AuditEnabled() bool { return os.Getenv("FLEET_AUDIT") == "1" }

// AuditPolicyFile is written with the cluster's other files.
func AuditPolicyFile(p state.ClusterPaths) string { return filepath.Join(p.Dir, "audit-policy.yaml") }
