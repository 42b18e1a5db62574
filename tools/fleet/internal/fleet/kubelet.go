package fleet

import (
	"context"

	"meshfleet/tools/fleet/internal/build"
	"meshfleet/tools/fleet/internal/kube"
	"meshfleet/tools/fleet/internal/kubelet"
)

// RunKubelet runs the kubelet stand-in of one cluster in the foreground (the daemon
// that `fleet up` starts). Runtimes for real processes are added here.
func (f *Fleet) RunKubelet(ctx context.Context, name string) error {
	c, err := f.Lookup(name)
	if err != nil {
		return err
	}
	p := f.Paths.Cluster(name)
	cfg, err := kube.RESTConfig(p.AdminKubeconfig())
	if err != nil {
		return err
	}
	version, err := build.Kubernetes.Version(f.Paths)
	if err != nil {
		return err
	}
	istiodRuntime, err := f.istiodRuntime(c, cfg)
	if err != nil {
		return err
	}
	return kubelet.Run(ctx, kubelet.Config{
		Cluster: c, REST: cfg, KubeletVersion: version, EgressSocket: p.EgressSocket(),
		// Tried in order; pods no runtime handles are IdealRuntime pods.
		Runtimes: []kubelet.PodRuntime{kubelet.ForwardRuntime{}, istiodRuntime},
	})
}
