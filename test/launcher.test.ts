import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/broadsheet.js', import.meta.url));

// bin/broadsheet.js runs the CLI from an esbuild bundle of src/ (rebuilt when sources change).
describe('the broadsheet launcher', () => {
  it('runs the CLI from its bundle, with exit codes intact', () => {
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: broadsheet');
    const wrong = spawnSync(process.execPath, [bin, 'serve', '--port', 'nope'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--port');
  });

  it('runs the sources through tsx when asked (BROADSHEET_TSX=1)', () => {
    const help = spawnSync(process.execPath, [bin, '--help'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, BROADSHEET_TSX: '1' },
    });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: broadsheet');
  });
});
