/**
 * Reads the Istio version from a pilot image reference, e.g.
 * `docker.io/istio/pilot:1.28.0-distroless` -> `1.28.0`. Returns undefined for
 * digests and tags that are not versions (`latest`, `master-abc`).
 */
export function istioVersionFromImage(image: string): string | undefined {
  if (image.includes('@')) {
    return undefined;
  }
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) {
    return undefined;
  }
  const tag = image.slice(colon + 1);
  // Istio tags: 1.28.0, 1.28.0-distroless, 1.31.0-rc.0, 1.31-dev; the variant
  // suffixes (-distroless, -debug) are build flavours, not versions.
  const match =
    /^(\d+\.\d+(?:\.\d+)?(?:-(?:alpha|beta|rc|dev)[.\w-]*?)?)(?:-(?:distroless|debug))?$/.exec(
      tag,
    );
  return match?.[1];
}
