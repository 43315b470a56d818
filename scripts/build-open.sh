#!/usr/bin/env bash
# Trunk.toml's post-build hook: builds the open pages (Trunk.open.toml: a voter's /vote/<id>) into
# the curator build's staging folder, so they land in dist/open/ with it, in `trunk build` and
# `trunk serve` alike (a build of its own would be emptied by the next curator build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
stage=${TRUNK_STAGING_DIR:?run by trunk as a post_build hook of Trunk.toml}
release=()
if [ "${TRUNK_PROFILE:-debug}" = release ]; then release=(--release); fi
# The hook's variables describe the curator build, not this one.
exec env -u TRUNK_STAGING_DIR -u TRUNK_DIST_DIR -u TRUNK_PUBLIC_URL -u TRUNK_HTML_FILE -u TRUNK_SOURCE_DIR \
  -u TRUNK_PROFILE trunk --config "$root/Trunk.open.toml" build "${release[@]}" --dist "$stage/open"
