#!/usr/bin/env bash
# Lints the repo's workflows and the example workflows with actionlint, installing the pinned
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
"$bin" -no-color -shellcheck= -pyflakes= .github/workflows/*.yml workflows-examples/*.yml
echo "actionlint: $(ls .github/workflows/*.yml workflows-examples/*.yml | wc -l) workflows OK"
