package istiod

import (
	"context"
	"fmt"
	"log"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/record"

	"meshfleet/tools/fleet/internal/proc"
)

// Config is what the runtime needs to know about its cluster.
type Config struct {
	Cluster   string // fleet cluster name, for messages and process names
	APIServer string // https://127.0.0.1:<port>
	CAPEM     []byte // the cluster CA, for istiod's kubeconfig
	Client    kubernetes.Interface
	// BinaryFor maps an image tag (Istio version) to .fleet/bin/pilot-discovery-<tag>/pilot-discovery.
	BinaryFor func(tag string) string
	PodsDir   string // per-pod state: .fleet/clusters/<name>/pods
	LogsDir   string // .fleet/clusters/<name>/logs (istiod-<pod>.log)
	Events    record.EventRecorder
	// TargetsFile is the Prometheus file_sd file listing this cluster's istiods
	// (targets.go); empty: none is written.
	TargetsFile string
}

// Runtime is a kubelet.PodRuntime for pods of any istiod Deployment (any
// revision): pods with a container running a .../pilot:<tag> image.
type Runtime struct {
	cfg       Config
	objects   objects
	tokens    tokenIssuer
	mu        sync.Mutex
	instances map[types.UID]*instance
	targetsMu sync.Mutex // serializes writes of cfg.TargetsFile
}

// New returns the runtime of one cluster. Its Prometheus targets file starts
// empty: the istiods an earlier stand-in ran are listed again as they are
// adopted, and those whose pods went meanwhile are not.
func New(cfg Config) *Runtime {
	r := &Runtime{cfg: cfg, objects: objects{cfg.Client}, tokens: tokenIssuer{cfg.Client}, instances: map[types.UID]*instance{}}
	r.writeScrapeTargets()
	return r
}

// Handles: pods with a pilot image.
func (r *Runtime) Handles(pod *corev1.Pod) bool {
	_, _, ok := discoveryContainer(pod)
	return ok
}

// Start prepares the pod's files and starts pilot-discovery, or adopts the process
// a previous stand-in started for this very pod.
func (r *Runtime) Start(ctx context.Context, pod *corev1.Pod) error {
	inst, err := r.prepare(ctx, pod)
	if err != nil {
		r.cfg.Events.Eventf(pod, corev1.EventTypeWarning, "FailedToStart", "%v", err)
		return err
	}
	if pid, ok := inst.daemon.Running(); ok && inst.ownsProcess() {
		log.Printf("%s: pod %s/%s: adopted running pilot-discovery (pid %d)", r.cfg.Cluster, pod.Namespace, pod.Name, pid)
	} else if err := inst.start(); err != nil {
		r.cfg.Events.Eventf(pod, corev1.EventTypeWarning, "FailedToStart", "%v", err)
		return err
	} else {
		r.cfg.Events.Eventf(pod, corev1.EventTypeNormal, "Started", "pilot-discovery %s started on %s (log %s)", inst.tag, inst.ip, inst.daemon.LogFile)
	}
	r.mu.Lock()
	r.instances[pod.UID] = inst
	r.mu.Unlock()
	r.writeScrapeTargets()
	return nil
}

// prepare builds the instance: binary, loopback address, files, command line.
func (r *Runtime) prepare(ctx context.Context, pod *corev1.Pod) (*instance, error) {
	c, tag, _ := discoveryContainer(pod)
	where := fmt.Sprintf("cluster %s, pod %s/%s", r.cfg.Cluster, pod.Namespace, pod.Name)
	if tag == "" {
		return nil, fmt.Errorf("%s: image %q has no tag, so no pilot-discovery version can be chosen", where, c.Image)
	}
	bin := r.cfg.BinaryFor(tag)
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("%s: image %s needs pilot-discovery %s, which is not built (%s missing); build it with tools/istio/build.sh (ISTIO_VERSION=%s in tools/istio/versions.env)", where, c.Image, tag, bin, tag)
	}
	ip, err := loopbackFor(pod.Status.PodIP)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	dir := filepath.Join(r.cfg.PodsDir, pod.Namespace+"_"+pod.Name)
	inst := &instance{pod: pod, container: c, tag: tag, ip: ip, dir: dir, fs: podFS{root: filepath.Join(dir, "root"), mounts: c.VolumeMounts}}
	inst.daemon = proc.Daemon{
		Name: r.cfg.Cluster + "/istiod-" + pod.Name, Binary: bin, Dir: inst.fs.root,
		LogFile: filepath.Join(r.cfg.LogsDir, "istiod-"+pod.Name+".log"), PidFile: filepath.Join(dir, "pilot-discovery.pid"),
	}
	if err := r.writeFiles(ctx, inst); err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return inst, nil
}

// writeFiles lays out the pod's directory, resolves env and builds the command.
func (r *Runtime) writeFiles(ctx context.Context, inst *instance) error {
	if err := inst.resetDirIfOtherPod(); err != nil {
		return err
	}
	pod := inst.pod
	tokens, err := materializeVolumes(ctx, r.objects, r.tokens, pod, inst.container, inst.fs)
	if err != nil {
		return err
	}
	apiToken := &tokenFile{path: filepath.Join(inst.dir, "kube", "token"), ttl: kubeconfigTTL}
	if err := r.tokens.write(ctx, pod, apiToken); err != nil {
		return err
	}
	inst.tokens = append(tokens, apiToken)
	inCluster := filepath.Join(inst.dir, "kube", "kubeconfig")
	if err := writeKubeconfig(inCluster, r.cfg.APIServer, r.cfg.CAPEM, apiToken.path); err != nil {
		return err
	}
	env, err := resolveEnv(ctx, r.objects, pod, inst.container)
	if err != nil {
		return err
	}
	kubeconfig := chooseKubeconfig(env, inst.fs, inCluster)
	inst.daemon.Args = processArgs(inst.container, env, inst.ip, inst.fs, kubeconfig)
	inst.daemon.Env = processEnv(env, inst.fs, kubeconfig)
	return nil
}

// Ready is the container's readiness probe against the process (istiod: GET /ready
// on 8080). It also renews tokens and restarts a process that exited, as a kubelet
// restarts a crashed container.
func (r *Runtime) Ready(ctx context.Context, pod *corev1.Pod) bool {
	inst := r.instance(pod.UID)
	if inst == nil {
		return false
	}
	inst.renewTokens(ctx, r.tokens)
	if _, ok := inst.daemon.Running(); !ok {
		r.restart(inst)
		return false
	}
	return inst.probe(ctx) == nil
}

// restart starts an exited process again, with a back-off like CrashLoopBackOff.
func (r *Runtime) restart(inst *instance) {
	if time.Since(inst.started) < inst.backoff() {
		return
	}
	inst.restarts++
	how := "no exit record"
	if e, err := proc.ReadExit(inst.daemon.ExitFile()); err == nil {
		how = e.String()
	}
	log.Printf("%s: pod %s/%s: pilot-discovery exited (%s); restart %d (log %s):\n%s", r.cfg.Cluster, inst.pod.Namespace, inst.pod.Name, how, inst.restarts, inst.daemon.LogFile, proc.TailLog(inst.daemon.LogFile, 5))
	r.cfg.Events.Eventf(inst.pod, corev1.EventTypeWarning, "BackOff", "pilot-discovery exited (%s); restarting (restart %d), see %s", how, inst.restarts, inst.daemon.LogFile)
	if err := inst.start(); err != nil {
		log.Printf("%s: pod %s/%s: %v", r.cfg.Cluster, inst.pod.Namespace, inst.pod.Name, err)
	}
}

// Dial connects the API server (webhooks) to the process: pod IP:port becomes the
// pod's loopback address with the same port.
func (r *Runtime) Dial(ctx context.Context, pod *corev1.Pod, port int) (net.Conn, error) {
	ip, err := loopbackFor(pod.Status.PodIP)
	if err != nil {
		return nil, fmt.Errorf("cluster %s, pod %s/%s: %w", r.cfg.Cluster, pod.Namespace, pod.Name, err)
	}
	addr := netip.AddrPortFrom(ip, uint16(port)).String()
	conn, err := (&net.Dialer{Timeout: 5 * time.Second}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("cluster %s, pod %s/%s port %d: pilot-discovery at %s: %w", r.cfg.Cluster, pod.Namespace, pod.Name, port, addr, err)
	}
	return conn, nil
}

// Stop ends the process (scale-down, deletion) and removes the pod's files.
func (r *Runtime) Stop(_ context.Context, pod *corev1.Pod) error {
	r.mu.Lock()
	inst := r.instances[pod.UID]
	delete(r.instances, pod.UID)
	r.mu.Unlock()
	r.writeScrapeTargets() // before the process ends: Prometheus stops scraping first
	dir := filepath.Join(r.cfg.PodsDir, pod.Namespace+"_"+pod.Name)
	d := proc.Daemon{Name: r.cfg.Cluster + "/istiod-" + pod.Name, PidFile: filepath.Join(dir, "pilot-discovery.pid")}
	if inst != nil {
		d = inst.daemon
	} else if c, tag, ok := discoveryContainer(pod); ok && c != nil {
		d.Binary = r.cfg.BinaryFor(tag) // a pod started by an earlier stand-in
	}
	if err := d.Stop(stopGrace); err != nil {
		return fmt.Errorf("cluster %s, pod %s/%s: stop pilot-discovery: %w", r.cfg.Cluster, pod.Namespace, pod.Name, err)
	}
	log.Printf("%s: pod %s/%s: pilot-discovery stopped", r.cfg.Cluster, pod.Namespace, pod.Name)
	return os.RemoveAll(dir)
}

// stopGrace: istiod drains for --shutdownDuration (10 s) on SIGTERM; nothing
// connects to it here, so the fleet does not wait that long.
const stopGrace = 3 * time.Second

func (r *Runtime) instance(uid types.UID) *instance {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.instances[uid]
}

// uidString is written next to the pid file, so an adopted process is known to
// belong to this pod and not to an earlier pod of the same name.
func uidString(pod *corev1.Pod) string { return strconv.Quote(string(pod.UID)) }
