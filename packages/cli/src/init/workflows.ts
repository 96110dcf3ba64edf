/**
 * The GitHub workflows `stepgate init` writes to .github/workflows/: deploy on push, a preview
 * environment per pull request and its cleanup, and scheduled smoke tests. They use the stepgate
 * actions from the repository at the tag that moves with the package (CONTRACT.md, "Package")
 * and actions whose current majors run on node24.
 */
/** Checkout and AWS credentials by OIDC: the first steps of every workflow. Literal `uses:` lines,
 * so the repository's action-majors guard reads them as it reads any workflow file. */
const SETUP_STEPS = `      - uses: actions/checkout@v7
      - uses: aws-actions/configure-aws-credentials@v6
        with:
          role-to-assume: \${{ vars.AWS_DEPLOY_ROLE_ARN }}
          aws-region: \${{ vars.AWS_REGION || 'us-east-1' }}`;

const DEPLOY = `# Deploys prod on every push to main, then runs the smoke cases (smoke.yml) against it.
# Needs the repository variable AWS_DEPLOY_ROLE_ARN: a role that trusts GitHub's OIDC provider
# (the stepgate README lists its policy). AWS_REGION is optional (default us-east-1).
name: Deploy
on:
  push:
    branches: [main]
permissions:
  contents: read
  id-token: write # OIDC: no long-lived AWS keys
concurrency:
  group: stepgate-deploy-prod
  cancel-in-progress: false
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: prod
    steps:
${SETUP_STEPS}
      - id: deploy
        uses: stepgate/stepgate/actions/deploy@v1
        with:
          config: stepgate.yml
          environment: prod
      - run: echo "Deployed to \${{ steps.deploy.outputs.invoke-url }} (changed=\${{ steps.deploy.outputs.changed }})"
`;

const PREVIEW = `# A preview environment per pull request (pr-<number>), deployed on every push to it, with one
# comment on the pull request kept up to date. Fork pull requests get no OIDC token, so only
# branches of this repository get a preview.
name: PR preview
on:
  pull_request:
    types: [opened, synchronize, reopened]
permissions:
  contents: read
  id-token: write # OIDC
  pull-requests: write # the preview comment
concurrency:
  group: stepgate-preview-\${{ github.event.pull_request.number }}
  cancel-in-progress: true
jobs:
  preview:
    if: github.event.pull_request.head.repo.full_name == github.repository
    runs-on: ubuntu-latest
    steps:
${SETUP_STEPS}
      - uses: stepgate/stepgate/actions/deploy@v1
        with:
          config: stepgate.yml
          environment: pr-\${{ github.event.pull_request.number }}
          github-token: \${{ secrets.GITHUB_TOKEN }}
`;

const CLEANUP = `# Deletes a pull request's preview environment when the pull request closes (merged or not) and
# marks its comment as gone. Destroy only touches resources tagged with that environment.
name: PR preview cleanup
on:
  pull_request:
    types: [closed]
permissions:
  contents: read
  id-token: write # OIDC
  pull-requests: write # the preview comment
concurrency:
  group: stepgate-preview-\${{ github.event.pull_request.number }}
  cancel-in-progress: false
jobs:
  cleanup:
    if: github.event.pull_request.head.repo.full_name == github.repository
    runs-on: ubuntu-latest
    steps:
${SETUP_STEPS}
      - uses: stepgate/stepgate/actions/destroy@v1
        with:
          config: stepgate.yml
          environment: pr-\${{ github.event.pull_request.number }}
          github-token: \${{ secrets.GITHUB_TOKEN }}
`;

const SMOKE = `# Runs the smoke cases (smoke.yml) against prod every hour; the run fails when one fails.
name: Scheduled smoke tests
on:
  schedule:
    - cron: '17 * * * *'
  workflow_dispatch:
permissions:
  contents: read
  id-token: write # OIDC: the action reads the stage URL and key from AWS
concurrency:
  group: stepgate-smoke-prod
  cancel-in-progress: false
jobs:
  smoke:
    runs-on: ubuntu-latest
    steps:
${SETUP_STEPS}
      - uses: stepgate/stepgate/actions/smoke@v1
        with:
          config: stepgate.yml
          environment: prod
`;

/** File name under .github/workflows/ → content. */
export const INIT_WORKFLOWS: Readonly<Record<string, string>> = {
  'stepgate-deploy.yml': DEPLOY,
  'stepgate-pr-preview.yml': PREVIEW,
  'stepgate-pr-cleanup.yml': CLEANUP,
  'stepgate-smoke.yml': SMOKE,
};
