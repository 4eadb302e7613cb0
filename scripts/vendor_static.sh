#!/usr/bin/env bash
# Re-fetch the vendored front-end files from the npm registry (run by a developer, never at run time).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
cd "$work"
npm pack @tabler/core@1.6.1 echarts@6.1.0 htmx.org@2.0.11 >/dev/null
for f in *.tgz; do mkdir -p "x/${f%.tgz}"; tar xzf "$f" -C "x/${f%.tgz}"; done
v="$here/static/vendor"
cp x/tabler-core-1.6.1/package/dist/css/tabler.min.css{,.map} x/tabler-core-1.6.1/package/dist/js/tabler.min.js{,.map} "$v/tabler/"
cp x/echarts-6.1.0/package/dist/echarts.min.js x/echarts-6.1.0/package/LICENSE x/echarts-6.1.0/package/NOTICE "$v/echarts/"
cp x/htmx.org-2.0.11/package/dist/htmx.min.js x/htmx.org-2.0.11/package/LICENSE "$v/htmx/"
rm -rf "$work"
