package kubelet

import (
	"context"
	"net/netip"
	"testing"

	"k8s.io/client-go/kubernetes/fake"
)

// A restarted stand-in finds its nodes already registered and must return them as
// they are (name and UID), not Create's empty result.
func TestRegisterNodeTwiceReturnsTheExistingNode(t *testing.T) {
	ctx := context.Background()
	client := fake.NewClientset()
	n := FakeNode{Name: "east-node-1", IP: netip.MustParseAddr("10.101.0.1")}
	first, err := registerNode(ctx, client, n, "v1.36.3")
	if err != nil || first.Name != n.Name {
		t.Fatalf("first registration: %v %v", first, err)
	}
	again, err := registerNode(ctx, client, n, "v1.36.3")
	if err != nil || again.Name != n.Name {
		t.Fatalf("second registration returned %q, %v", again.Name, err)
	}
	if err := renewLease(ctx, client, again); err != nil {
		t.Fatalf("lease: %v", err)
	}
	if err := renewLease(ctx, client, again); err != nil {
		t.Fatalf("lease renewal: %v", err)
	}
}
