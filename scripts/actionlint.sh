#!/usr/bin/env bash
# Lints the repo's workflows, the example workflows and those `stepgate init` writes with actionlint, installing the pinned
# version into .tools/ (Go module proxy) the first time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
version=v1.7.12
bin=.tools/actionlint
if [ ! -x "$bin" ] || [ "$("$bin" -version | head -1)" != "$version" ]; then
  echo "installing actionlint $version into .tools/" >&2
  GOBIN="$PWD/.tools" go install "github.com/rhysd/actionlint/cmd/actionlint@$version"
fi
[ "${1:-}" = "--install-only" ] && exit 0
# The workflows `stepgate init` writes, scaffolded into a temporary folder by the workspace's CLI.
scaffold="$(mktemp -d)"
trap 'rm -rf "$scaffold"' EXIT
node packages/stepgate/bin/stepgate.js init --dir "$scaffold" --quiet > /dev/null
"$bin" -no-color -shellcheck= -pyflakes= .github/workflows/*.yml workflows-examples/*.yml "$scaffold"/.github/workflows/*.yml
echo "actionlint: $(ls .github/workflows/*.yml workflows-examples/*.yml "$scaffold"/.github/workflows/*.yml | wc -l) workflows OK (with init's)"
