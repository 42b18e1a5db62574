package demo

import (
	"context"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// The demo's clusters are each on a network of their own, so the demo mesh is
// multi-network as Istio's guide builds one: an east-west gateway in every cluster
// (the gateway chart with networkGateway, which labels its Service with the network
// and opens 15443) and one cross-network Gateway in mesh-cp, the config cluster,
// passing mTLS for *.local services through unterminated. istiod then sends proxies
// the gateway's address for the endpoints of other networks. The fleet's gateway
// pods are simulated (no Envoy): the demo has the objects, addresses and istiod's
// view of them, not the bytes through them.
const (
	eastWestRelease     = "istio-eastwestgateway"
	crossNetworkGateway = "cross-network-gateway"
	fieldManager        = "fleet-demo"
)

// crossNetworkGatewayJSON is Istio's cross-network-gateway.yaml for the demo,
// labelled with the mesh's id as Meshfleet's cluster.join labels the one it writes
// (so Meshfleet's policy drift counts it as the mesh's own, not as added outside).
const crossNetworkGatewayJSON = `{"apiVersion":"networking.istio.io/v1","kind":"Gateway",
"metadata":{"name":"cross-network-gateway","namespace":"istio-system","labels":{"meshfleet.io/mesh-id":"` + MeshID + `"}},
"spec":{"selector":{"istio":"eastwestgateway"},
"servers":[{"port":{"number":15443,"name":"tls","protocol":"TLS"},"tls":{"mode":"AUTO_PASSTHROUGH"},"hosts":["*.local"]}]}}`

// InstallEastWest gives one cluster of the demo its east-west gateway and waits
// until it is Available with a load-balancer address, which it returns.
func (m MeshInstall) InstallEastWest(ctx context.Context, c MeshCluster) (string, error) {
	if err := m.helm(ctx, c, "upgrade", "--install", eastWestRelease, m.chart("gateway"), "-n", IstioNamespace,
		"--set", "networkGateway="+Network(c.Name), "--set", "labels.istio=eastwestgateway", "--wait", "--timeout", "3m"); err != nil {
		return "", err
	}
	var address string
	err := poll(ctx, 2*time.Minute, func() error {
		svc, err := c.Client.CoreV1().Services(IstioNamespace).Get(ctx, eastWestRelease, metav1.GetOptions{})
		if err != nil {
			return err
		}
		for _, ingress := range svc.Status.LoadBalancer.Ingress {
			if ingress.IP != "" {
				address = ingress.IP
				return nil
			}
		}
		return fmt.Errorf("Service %s/%s has no load-balancer address yet", IstioNamespace, eastWestRelease)
	})
	if err != nil {
		return "", fmt.Errorf("%s: east-west gateway: %w", c.Name, err)
	}
	return address, nil
}

// ApplyCrossNetworkGateway server-side applies the cross-network Gateway in mesh-cp.
func (m MeshInstall) ApplyCrossNetworkGateway(ctx context.Context) error {
	err := m.ControlPlane.Client.CoreV1().RESTClient().Patch(types.ApplyPatchType).
		AbsPath("/apis/networking.istio.io/v1/namespaces", IstioNamespace, "gateways", crossNetworkGateway).
		Param("fieldManager", fieldManager).Param("force", "true").
		Body([]byte(crossNetworkGatewayJSON)).Do(ctx).Error()
	if err != nil {
		return fmt.Errorf("%s: Gateway %s/%s: %w", m.ControlPlane.Name, IstioNamespace, crossNetworkGateway, err)
	}
	return nil
}
