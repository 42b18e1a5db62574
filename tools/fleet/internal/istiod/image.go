// Package istiod is the kubelet stand-in's runtime for istiod pods: where a real
// cluster would pull docker.io/istio/pilot:<tag> and run it, the fleet runs the
// pilot-discovery binary built from the same Istio version (tools/istio/build.sh
// puts it in .fleet/bin/pilot-discovery-<tag>/) as a local process, with the pod's
// arguments, environment and volumes, on a loopback address of its own.
package istiod

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// pilotImageName is the last path segment of istiod's image in every Istio
// distribution (docker.io/istio/pilot, gcr.io/istio-release/pilot, ...).
const pilotImageName = "pilot"

// imageVariants are suffixes Istio appends to a tag for other base images of the
// same build; they all map to the one binary we build.
var imageVariants = []string{"-distroless", "-debug"}

// discoveryContainer returns the container that runs istiod and the Istio version
// its image tag names ("" if the image has no tag, e.g. a digest only).
func discoveryContainer(pod *corev1.Pod) (*corev1.Container, string, bool) {
	for i := range pod.Spec.Containers {
		c := &pod.Spec.Containers[i]
		if name, tag := splitImage(c.Image); name == pilotImageName {
			return c, trimVariant(tag), true
		}
	}
	return nil, "", false
}

// splitImage returns the image's last path segment and its tag:
// "docker.io/istio/pilot:1.31.0@sha256:..." -> ("pilot", "1.31.0").
func splitImage(image string) (name, tag string) {
	image, _, _ = strings.Cut(image, "@")
	if i := strings.LastIndex(image, "/"); i >= 0 {
		image = image[i+1:]
	}
	name, tag, _ = strings.Cut(image, ":")
	return name, tag
}

func trimVariant(tag string) string {
	for _, v := range imageVariants {
		tag = strings.TrimSuffix(tag, v)
	}
	return tag
}
