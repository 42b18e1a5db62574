#!/usr/bin/env bash
# Builds the real Istio pieces the local fleet runs, from the Go module pins in
# this folder (no release downloads: only the Go module proxy is reachable):
#
#   .fleet/bin/pilot-discovery-<ISTIO_VERSION>/pilot-discovery   (istiod)
#   .fleet/bin/istioctl-<ISTIO_VERSION>/istioctl               (for `istioctl analyze`)
#   .fleet/bin/helm-<HELM_VERSION>/helm
#   .fleet/charts/<ISTIO_VERSION>/{base,istiod,gateway}          (Helm charts)
#
# and the previous Istio minor, so an upgrade on the fleet crosses real versions
# (pilot-discovery and charts only; its module is previous/go.mod):
#
#   .fleet/bin/pilot-discovery-<ISTIO_PREVIOUS_VERSION>/pilot-discovery
#   .fleet/charts/<ISTIO_PREVIOUS_VERSION>/{base,istiod,gateway}
#
# Idempotent: each output carries a stamp of the go.mod/go.sum it came from and
# is rebuilt only when that changes. Logs go to stderr; stdout gets KEY=path
# lines, so callers can `eval "$(tools/istio/build.sh)"`.
#
# Environment: FLEET_DIR (default <repo>/.fleet), GOFLAGS/GOCACHE as usual.
set -euo pipefail

# Bump when the way outputs are produced changes, to force a rebuild.
RECIPE_REVISION=1

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
FLEET_DIR="${FLEET_DIR:-$REPO_ROOT/.fleet}"

log() { echo "istio/build: $*" >&2; }
die() { log "error: $*"; exit 1; }

load_versions() {
  # shellcheck source=versions.env
  source "$SCRIPT_DIR/versions.env"
  : "${ISTIO_MODULE_VERSION:?} ${ISTIO_VERSION:?} ${HELM_VERSION:?}"
  : "${ISTIO_PREVIOUS_MODULE_VERSION:?} ${ISTIO_PREVIOUS_VERSION:?} ${ISTIO_PREVIOUS_GLOBAL_TAG:?}"
}

# go.mod is the truth for what gets compiled; versions.env only names it.
# A mismatch means someone bumped one and not the other.
check_pins() {
  local istio_pin helm_pin previous_pin
  istio_pin="$(cd "$SCRIPT_DIR" && go list -m -f '{{.Version}}' istio.io/istio)"
  helm_pin="$(cd "$SCRIPT_DIR/helm" && go list -m -f '{{.Version}}' helm.sh/helm/v3)"
  previous_pin="$(cd "$SCRIPT_DIR/previous" && go list -m -f '{{.Version}}' istio.io/istio)"
  [[ "$istio_pin" == "$ISTIO_MODULE_VERSION" ]] ||
    die "tools/istio/go.mod pins istio.io/istio $istio_pin but versions.env says $ISTIO_MODULE_VERSION"
  [[ "$helm_pin" == "$HELM_VERSION" ]] ||
    die "tools/istio/helm/go.mod pins helm $helm_pin but versions.env says $HELM_VERSION"
  [[ "$previous_pin" == "$ISTIO_PREVIOUS_MODULE_VERSION" ]] ||
    die "tools/istio/previous/go.mod pins istio.io/istio $previous_pin but versions.env says ISTIO_PREVIOUS_MODULE_VERSION=$ISTIO_PREVIOUS_MODULE_VERSION"
}

# stamp_of MODULE_DIR VALUE...: identifies everything an output depends on: its
# module's pins and the versions.env values it is built with (only those, so
# changing the previous Istio's pin does not rebuild the current one's outputs).
stamp_of() {
  local dir="$1" sum
  shift
  sum="$({ cat "$dir/go.mod" "$dir/go.sum"; printf '%s\n' "$@"; } | sha256sum | cut -d' ' -f1)"
  echo "$sum-recipe$RECIPE_REVISION"
}

is_current() { # is_current OUTPUT_DIR STAMP
  [[ -f "$1/.stamp" && "$(cat "$1/.stamp")" == "$2" ]]
}

# publish TMP_DIR OUTPUT_DIR STAMP: swap a finished build into place, so a
# half-built output never looks current.
publish() {
  chmod 755 "$1" # mktemp -d made it private
  echo "$3" >"$1/.stamp"
  rm -rf "$2"
  mv "$1" "$2"
}

# build_pilot_discovery MODULE_DIR MODULE_VERSION VERSION: the istiod of one
# Istio version, from the istio.io/istio that MODULE_DIR/go.mod pins.
build_pilot_discovery() {
  local dir="$1" module_version="$2" version="$3"
  local out="$FLEET_DIR/bin/pilot-discovery-$version" stamp tmp
  stamp="$(stamp_of "$dir" "$module_version" "$version" "${ISTIO_GLOBAL_HUB:-}")"
  if is_current "$out" "$stamp"; then log "pilot-discovery $version is current"; return; fi
  log "building pilot-discovery $version (istio.io/istio $module_version)"
  tmp="$(mktemp -d "$FLEET_DIR/bin/.pilot-discovery.XXXXXX")"
  local v=istio.io/istio/pkg/version
  # Tags and static linking as in Istio's Makefile (STANDARD_TAGS, gobuild.sh).
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath -tags=vtprotobuf,disable_pgv \
    -ldflags "-extldflags -static -X $v.buildVersion=$version \
      -X $v.buildGitRevision=${module_version##*-} -X $v.buildStatus=Clean \
      -X $v.buildTag=$version -X $v.buildHub=${ISTIO_GLOBAL_HUB:-unknown} \
      -X $v.buildOS=$(go env GOOS) -X $v.buildArch=$(go env GOARCH)" \
    -o "$tmp/pilot-discovery" istio.io/istio/pilot/cmd/pilot-discovery) ||
    { rm -rf "$tmp"; die "go build of pilot-discovery $version failed"; }
  publish "$tmp" "$out" "$stamp"
}

# istioctl, for `istioctl analyze`: Meshfleet's policy validation is compared
# with it on the same files (plugins/mesh-backend policies corpus, bench/validate).
build_istioctl() {
  local out="$FLEET_DIR/bin/istioctl-$ISTIO_VERSION" stamp tmp
  stamp="$(stamp_of "$SCRIPT_DIR" "$ISTIO_MODULE_VERSION" "$ISTIO_VERSION")"
  if is_current "$out" "$stamp"; then log "istioctl $ISTIO_VERSION is current"; return; fi
  log "building istioctl $ISTIO_VERSION (istio.io/istio $ISTIO_MODULE_VERSION)"
  tmp="$(mktemp -d "$FLEET_DIR/bin/.istioctl.XXXXXX")"
  local v=istio.io/istio/pkg/version
  (cd "$SCRIPT_DIR" && CGO_ENABLED=0 go build -trimpath -tags=vtprotobuf,disable_pgv \
    -ldflags "-extldflags -static -X $v.buildVersion=$ISTIO_VERSION \
      -X $v.buildGitRevision=${ISTIO_MODULE_VERSION##*-} -X $v.buildStatus=Clean \
      -X $v.buildTag=$ISTIO_VERSION -X $v.buildOS=$(go env GOOS) -X $v.buildArch=$(go env GOARCH)" \
    -o "$tmp/istioctl" istio.io/istio/istioctl/cmd/istioctl) ||
    { rm -rf "$tmp"; die "go build of istioctl failed"; }
  publish "$tmp" "$out" "$stamp"
}

build_helm() {
  local out="$FLEET_DIR/bin/helm-$HELM_VERSION" stamp tmp k8s_minor
  stamp="$(stamp_of "$SCRIPT_DIR/helm" "$HELM_VERSION")"
  if is_current "$out" "$stamp"; then log "helm $HELM_VERSION is current"; return; fi
  log "building helm $HELM_VERSION"
  tmp="$(mktemp -d "$FLEET_DIR/bin/.helm.XXXXXX")"
  # Helm's Makefile derives the default Kubernetes version (used by `helm
  # template`'s .Capabilities) from client-go v0.X -> 1.X; do the same.
  k8s_minor="$(cd "$SCRIPT_DIR/helm" && go list -m -f '{{.Version}}' k8s.io/client-go | cut -d. -f2)"
  local p=helm.sh/helm/v3
  (cd "$SCRIPT_DIR/helm" && CGO_ENABLED=0 go build -trimpath \
    -ldflags "-w -s -X $p/internal/version.version=$HELM_VERSION \
      -X $p/internal/version.gitTreeState=clean \
      -X $p/pkg/lint/rules.k8sVersionMajor=1 -X $p/pkg/lint/rules.k8sVersionMinor=$k8s_minor \
      -X $p/pkg/chartutil.k8sVersionMajor=1 -X $p/pkg/chartutil.k8sVersionMinor=$k8s_minor" \
    -o "$tmp/helm" helm.sh/helm/v3/cmd/helm) ||
    { rm -rf "$tmp"; die "go build of helm failed"; }
  publish "$tmp" "$out" "$stamp"
}

# Chart name in .fleet/charts -> folder under the module's manifests/charts.
# istiod lives at istio-control/istio-discovery in this Istio layout.
declare -A CHART_SOURCES=([base]=base [istiod]=istio-control/istio-discovery [gateway]=gateway)

# copy_charts MODULE_DIR MODULE_VERSION VERSION: the charts of one Istio version,
# from the istio.io/istio that MODULE_DIR/go.mod pins.
copy_charts() {
  local dir="$1" module_version="$2" version="$3"
  local out="$FLEET_DIR/charts/$version" stamp tmp src name
  stamp="$(stamp_of "$dir" "$module_version" "$version")"
  if is_current "$out" "$stamp"; then log "charts $version are current"; return; fi
  src="$(cd "$dir" && go mod download -json istio.io/istio | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
  [[ -d "$src/manifests/charts" ]] || die "no manifests/charts in istio.io/istio module at '$src'"
  log "copying charts $version from $src/manifests/charts"
  mkdir -p "$FLEET_DIR/charts"
  tmp="$(mktemp -d "$FLEET_DIR/charts/.charts.XXXXXX")"
  for name in "${!CHART_SOURCES[@]}"; do
    # -L: a chart's files/ may be a symlink in some Istio layouts; Helm needs
    # real files inside the chart folder. Module cache files are read-only.
    cp -RL "$src/manifests/charts/${CHART_SOURCES[$name]}" "$tmp/$name"
    chmod -R u+w "$tmp/$name"
    stamp_chart_version "$tmp/$name/Chart.yaml" "$version"
  done
  publish "$tmp" "$out" "$stamp"
}

# stamp_chart_version CHART_YAML VERSION: Istio's sources carry placeholder chart
# versions (1.0.0) that its release tooling replaces; do the same so releases
# show which Istio they installed.
stamp_chart_version() {
  sed -i -e "s/^version: .*/version: $2/" -e "s/^appVersion: .*/appVersion: $2/" "$1"
  grep -q "^version: $2\$" "$1" || die "could not set the chart version in $1"
}

print_outputs() {
  echo "ISTIO_VERSION=$ISTIO_VERSION"
  echo "HELM_VERSION=$HELM_VERSION"
  echo "ISTIO_GLOBAL_HUB=$ISTIO_GLOBAL_HUB"
  echo "ISTIO_GLOBAL_TAG=$ISTIO_GLOBAL_TAG"
  echo "PILOT_DISCOVERY=$FLEET_DIR/bin/pilot-discovery-$ISTIO_VERSION/pilot-discovery"
  echo "HELM=$FLEET_DIR/bin/helm-$HELM_VERSION/helm"
  echo "ISTIOCTL=$FLEET_DIR/bin/istioctl-$ISTIO_VERSION/istioctl"
  echo "ISTIO_CHARTS=$FLEET_DIR/charts/$ISTIO_VERSION"
  echo "PREVIOUS_ISTIO_VERSION=$ISTIO_PREVIOUS_VERSION"
  echo "PREVIOUS_ISTIO_GLOBAL_TAG=$ISTIO_PREVIOUS_GLOBAL_TAG"
  echo "PREVIOUS_PILOT_DISCOVERY=$FLEET_DIR/bin/pilot-discovery-$ISTIO_PREVIOUS_VERSION/pilot-discovery"
  echo "PREVIOUS_ISTIO_CHARTS=$FLEET_DIR/charts/$ISTIO_PREVIOUS_VERSION"
}

main() {
  # shellcheck source=../../scripts/lib/go.sh
  source "$REPO_ROOT/scripts/lib/go.sh"
  ensure_go || die "no suitable Go (see above)"
  load_versions
  check_pins
  mkdir -p "$FLEET_DIR/bin"
  # Tests and the fleet may call this concurrently; build once.
  exec 9>"$FLEET_DIR/.istio-build.lock"
  flock 9
  copy_charts "$SCRIPT_DIR" "$ISTIO_MODULE_VERSION" "$ISTIO_VERSION"
  build_helm
  build_pilot_discovery "$SCRIPT_DIR" "$ISTIO_MODULE_VERSION" "$ISTIO_VERSION"
  build_istioctl
  # The previous minor, for upgrades across real versions (no istioctl: Meshfleet
  # compares its validation with the current Istio's only).
  copy_charts "$SCRIPT_DIR/previous" "$ISTIO_PREVIOUS_MODULE_VERSION" "$ISTIO_PREVIOUS_VERSION"
  build_pilot_discovery "$SCRIPT_DIR/previous" "$ISTIO_PREVIOUS_MODULE_VERSION" "$ISTIO_PREVIOUS_VERSION"
  print_outputs
}

main "$@"
