#!/usr/bin/env bash
# Trunk.toml's post-build hook: builds the open pages, each its own small app (Trunk.open.toml: a
# voter's /vote/<id>; Trunk.play.toml: the public /play), and the curator's second page binary
# (Trunk.lab.toml: /dataset, /fine-tune, /evaluate) into the curator build's staging folder, so
# they land in dist/open/, dist/play-app/ and dist/lab/ with it, in `trunk build` and `trunk serve`
# alike (a build of their own would be emptied by the next curator build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
stage=${TRUNK_STAGING_DIR:?run by trunk as a post_build hook of Trunk.toml}
release=()
if [ "${TRUNK_PROFILE:-debug}" = release ]; then release=(--release); fi
# The hook's variables describe the curator build, not these.
build() {
  env -u TRUNK_STAGING_DIR -u TRUNK_DIST_DIR -u TRUNK_PUBLIC_URL -u TRUNK_HTML_FILE -u TRUNK_SOURCE_DIR \
    -u TRUNK_PROFILE trunk --config "$root/$1" build "${release[@]}" --dist "$stage/$2"
}
build Trunk.open.toml open
build Trunk.play.toml play-app
build Trunk.lab.toml lab
# Every page is built: the headers that allow exactly their scripts.
node "$root/scripts/page-headers.mjs" "$stage"
