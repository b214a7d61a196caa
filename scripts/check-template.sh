#!/usr/bin/env bash
# Builds the deployment template offline (no AWS credentials) and validates it with cfn-lint.
# Fails on any cfn-lint error; warnings are printed but do not fail the check (the framework's
# generated roles carry redundant DependsOn entries that cfn-lint reports as W3005).
# CFN_LINT names another cfn-lint executable (default: cfn-lint on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
template=.serverless/cloudformation-template-update-stack.json
cfn_lint="${CFN_LINT:-cfn-lint}"

# Checked first: packaging takes a while, and a missing linter must not pass as a clean template.
if ! command -v "$cfn_lint" >/dev/null 2>&1; then
  cat >&2 <<EOF
check-template: cfn-lint is not installed (looked for "$cfn_lint" on PATH), so the template cannot be validated.
Install it, then run this check again:
  pip install cfn-lint        (or: pipx install cfn-lint)
EOF
  exit 1
fi

rm -f "$template"
# Minified, as the framework uploads it: cfn-lint then judges the size CloudFormation sees (1 MB).
npm run --silent package -- --minify-template
[ -s "$template" ] || { echo "check-template: packaging wrote no $template" >&2; exit 1; }

# Each function ships its own zip (package.individually): their sizes, largest first. A bundle
# that grows slows every cold start, and the Slack interactions function must answer in 3 s.
echo "check-template: function bundles (zip bytes)"
for zip in .serverless/*.zip; do
  printf '%12d  %s\n' "$(wc -c < "$zip")" "$(basename "$zip" .zip)"
done | sort -rn

"$cfn_lint" --non-zero-exit-code error --format parseable "$template"
echo "check-template: $template packaged and passes cfn-lint (no errors)"
