#!/usr/bin/env bash
# What the production-shape tests need on a fresh machine (run as root). Idempotent.
#  - JDK 25 (Temurin) for both builds: the app and deploy/ (CDK) — already on our machines.
#  - node (>= 18) for the CDK's jsii runtime: deploy/'s tests synthesize the stack through it.
#  - cfn-lint: AWS's CloudFormation linter is the Python package (pip "cfn-lint", 1.51.0 on our
#    java-maven machines). The npm package named cfn-lint (1.9.7) is a different, unmaintained
#    validator (martysweet/cfn-lint) and is NOT used. PyPI is not reachable from CI, so when
#    cfn-lint is missing the lint test is skipped and says so loudly.
set -euo pipefail
command -v node >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs; }
node -e 'process.exit(parseInt(process.versions.node) >= 18 ? 0 : 1)' \
  || echo "WARNING: node $(node --version) is older than 18; the CDK's jsii runtime may refuse it" >&2
if ! command -v cfn-lint >/dev/null; then
  pip install --quiet cfn-lint 2>/dev/null \
    || echo "WARNING: cfn-lint not installed (pip unreachable): deploy/ lint test will be SKIPPED" >&2
fi
# For .ci/run, after the app's tests (bin/test), the deployment project's own tests:
#   (cd deploy && mvn -B test)      # ~30 s after a ~110 MB first download of aws-cdk-lib;
#                                   # CDK assertions + cfn-lint on deploy/target/cdk.out/Treant.template.json
# The app-side production tests run with the app's suite: SecretsSourceTest, RegisterCommandsTest,
# RegisteredLimitsMatchDispatchTest, ApiWithAwsSecretsTest, MetricsEndpointTest, CommandMetricsTest,
# LogFormatTest, DockerfileTest.
