import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../src/config.js';

describe('the README documents every setting', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Command-line reference'));
  for (const [key, setting] of Object.entries(SETTINGS))
    it(`${setting.env} (${key})`, () => {
      // A row of the configuration table names the variable and its file key.
      const row = table.split('\n').find((l) => l.startsWith('|') && l.includes(`\`${setting.env}\``));
      expect(row, `${setting.env} is not in README's configuration table`).toBeDefined();
      expect(row).toContain(`\`${key}\``);
    });
});
