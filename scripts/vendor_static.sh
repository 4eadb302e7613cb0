#!/usr/bin/env bash
# Re-fetch the vendored front-end files from the npm registry (run by a developer, never at run time).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
cd "$work"
npm pack @tabler/core@1.6.1 echarts@6.1.0 htmx.org@2.0.11 tabulator-tables@6.5.3 tom-select@2.6.2 >/dev/null
for f in *.tgz; do mkdir -p "x/${f%.tgz}"; tar xzf "$f" -C "x/${f%.tgz}"; done
v="$here/static/vendor"
cp x/tabler-core-1.6.1/package/dist/css/tabler.min.css{,.map} x/tabler-core-1.6.1/package/dist/js/tabler.min.js{,.map} "$v/tabler/"
cp x/echarts-6.1.0/package/dist/echarts.min.js x/echarts-6.1.0/package/LICENSE x/echarts-6.1.0/package/NOTICE "$v/echarts/"
cp x/htmx.org-2.0.11/package/dist/htmx.min.js x/htmx.org-2.0.11/package/LICENSE "$v/htmx/"
mkdir -p "$v/tabulator" "$v/tom-select"
cp x/tabulator-tables-6.5.3/package/dist/js/tabulator.min.js{,.map} x/tabulator-tables-6.5.3/package/dist/css/tabulator_bootstrap5.min.css{,.map} x/tabulator-tables-6.5.3/package/LICENSE "$v/tabulator/"
cp x/tom-select-2.6.2/package/dist/js/tom-select.complete.min.js{,.map} x/tom-select-2.6.2/package/dist/css/tom-select.bootstrap5.min.css{,.map} x/tom-select-2.6.2/package/LICENSE "$v/tom-select/"
rm -rf "$work"
