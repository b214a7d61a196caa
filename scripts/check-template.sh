#!/usr/bin/env bash
# Builds the deployment template offline (no AWS credentials) and validates it with cfn-lint.
# Fails on any cfn-lint error; warnings are printed but do not fail the check (the framework's
# generated roles carry redundant DependsOn entries that cfn-lint reports as W3005).
set -euo pipefail
cd "$(dirname "$0")/.."
template=.serverless/cloudformation-template-update-stack.json

rm -f "$template"
npm run --silent package
[ -s "$template" ] || { echo "check-template: packaging wrote no $template" >&2; exit 1; }

command -v cfn-lint >/dev/null || { echo "check-template: cfn-lint is not installed (pip install cfn-lint)" >&2; exit 1; }
cfn-lint --non-zero-exit-code error --format parseable "$template"
echo "check-template: $template packaged and passes cfn-lint (no errors)"
