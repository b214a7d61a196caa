import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../scripts/check-template.sh', import.meta.url));

describe('scripts/check-template.sh', () => {
  it('without cfn-lint fails before packaging, naming the install command', () => {
    // Act
    const run = spawnSync('bash', [script], { env: { ...process.env, CFN_LINT: 'cfn-lint-that-is-not-installed' }, encoding: 'utf8', timeout: 30_000 });
    // Assess
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('cfn-lint is not installed');
    expect(run.stderr).toContain('pip install cfn-lint');
    expect(run.stdout).not.toContain('Packaging');
  });
});
