package kubelet

import (
	"net/netip"
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/utils/ptr"
)

func TestOnlyLoadBalancersWithoutClassAreManaged(t *testing.T) {
	lb := &corev1.Service{Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer}}
	classed := lb.DeepCopy()
	classed.Spec.LoadBalancerClass = ptr.To("example.com/other-lb")
	clusterIP := &corev1.Service{Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP}}
	if !managedLoadBalancer(lb) || managedLoadBalancer(classed) || managedLoadBalancer(clusterIP) {
		t.Error("want: LoadBalancer managed, with a class or ClusterIP not")
	}
}

func TestLBRequestReadsLoadBalancerIPAndStatus(t *testing.T) {
	svc := &corev1.Service{
		Spec:   corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, LoadBalancerIP: "127.201.0.7"},
		Status: corev1.ServiceStatus{LoadBalancer: corev1.LoadBalancerStatus{Ingress: []corev1.LoadBalancerIngress{{Hostname: "lb.example"}, {IP: "127.201.0.3"}}}},
	}
	req, err := lbRequest(svc)
	if err != nil || req.Requested.String() != "127.201.0.7" || req.Current.String() != "127.201.0.3" {
		t.Fatalf("lbRequest = %+v, %v", req, err)
	}
	svc.Spec.LoadBalancerIP = "gateway"
	if _, err := lbRequest(svc); err == nil || !strings.Contains(err.Error(), `spec.loadBalancerIP "gateway" is not an IP address`) {
		t.Errorf("want an error naming spec.loadBalancerIP, got %v", err)
	}
}

func TestReadyTargetsMatchThePortByNameAndSkipUnreadyEndpoints(t *testing.T) {
	slice := &discoveryv1.EndpointSlice{
		AddressType: discoveryv1.AddressTypeIPv4,
		Ports: []discoveryv1.EndpointPort{
			{Name: ptr.To("http2"), Port: ptr.To[int32](8080), Protocol: ptr.To(corev1.ProtocolTCP)},
			{Name: ptr.To("https"), Port: ptr.To[int32](8443), Protocol: ptr.To(corev1.ProtocolTCP)},
		},
		Endpoints: []discoveryv1.Endpoint{
			{Addresses: []string{"10.101.1.4"}, Conditions: discoveryv1.EndpointConditions{Ready: ptr.To(true)}},
			{Addresses: []string{"10.101.1.5"}, Conditions: discoveryv1.EndpointConditions{Ready: ptr.To(false)}},
			{Addresses: []string{"10.101.1.6"}}, // Ready unknown counts as ready
		},
	}
	got := readyTargets([]*discoveryv1.EndpointSlice{slice}, "https")
	want := []netip.AddrPort{netip.MustParseAddrPort("10.101.1.4:8443"), netip.MustParseAddrPort("10.101.1.6:8443")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("readyTargets = %v, want %v", got, want)
	}
	if got := readyTargets([]*discoveryv1.EndpointSlice{slice}, "tcp-status"); len(got) != 0 {
		t.Errorf("a port the slice does not serve has no targets, got %v", got)
	}
}
