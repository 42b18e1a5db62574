package kubelet

import (
	"context"
	"net"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestParseForwards(t *testing.T) {
	got, err := ParseForwards("443=127.0.0.1:40001, 15017=[::1]:40002")
	if err != nil || len(got) != 2 || got[443].String() != "127.0.0.1:40001" || got[15017].Port() != 40002 {
		t.Fatalf("got %v %v", got, err)
	}
	for _, bad := range []string{"443=10.0.0.1:80", "x=127.0.0.1:1", "443", "443=localhost:80"} {
		if _, err := ParseForwards(bad); err == nil {
			t.Errorf("%q should be rejected", bad)
		}
	}
}

func TestForwardRuntimeReadyAndDial(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Write([]byte("hi"))
			c.Close()
		}
	}()
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Annotations: map[string]string{ForwardAnnotation: "443=" + l.Addr().String()}}}
	rt := runtimeFor([]PodRuntime{ForwardRuntime{}}, pod)
	if _, ok := rt.(ForwardRuntime); !ok {
		t.Fatalf("runtime = %T", rt)
	}
	ctx := context.Background()
	if !rt.Ready(ctx, pod) {
		t.Fatal("pod with a listening target should be Ready")
	}
	c, err := rt.Dial(ctx, pod, 443)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 2)
	if _, err := c.Read(buf); err != nil || string(buf) != "hi" {
		t.Errorf("read %q %v", buf, err)
	}
	c.Close()
	if _, err := rt.Dial(ctx, pod, 80); err == nil {
		t.Error("unmapped port must fail")
	}
	l.Close()
	if rt.Ready(ctx, pod) {
		t.Error("pod whose target is gone must not be Ready")
	}
	if (IdealRuntime{}).Handles(pod) != true || runtimeFor(nil, pod) != (IdealRuntime{}) {
		t.Error("without runtimes every pod is ideal")
	}
}
