import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readParts } from '../lib/parts.ts';
import { listCheckFiles } from '../lib/red-green.ts';
import { filteredFiles } from '../lib/run-step.ts';
import { listSteps } from '../lib/steps.ts';

const stepsWithParts = listSteps().filter((step) => existsSync(join(step.testsDir, 'parts.json')));

describe('the parts of a step', () => {
  it('when a chapter is checked in parts, then step 6 has them', () => {
    expect(stepsWithParts.map((step) => step.number)).toContain(6);
  });

  it.each(stepsWithParts.map((step) => [step.folder, step] as const))(
    'when %s is checked part by part, then every check file is in exactly one part, so the parts make the whole step',
    (_folder, step) => {
      const parts = readParts(step.testsDir);
      const listed = Object.values(parts).flat();
      const files = listCheckFiles(step.testsDir);
      const twice = listed.filter((file, index) => listed.indexOf(file) !== index);
      expect(twice, 'files in more than one part').toEqual([]);
      expect(
        files.filter((file) => !listed.includes(file)),
        `check files in no part of ${step.folder}/tests/parts.json`,
      ).toEqual([]);
      expect(
        listed.filter((file) => !files.includes(file)),
        'parts.json names files that are not checks',
      ).toEqual([]);
    },
  );

  it('when a filter names a part, then exactly its files run; other words still match file names', () => {
    const step = stepsWithParts[0]!;
    const [name, files] = Object.entries(readParts(step.testsDir))[0]!;
    expect(filteredFiles(step, [name])).toEqual([...files].sort());
    const [first] = listCheckFiles(step.testsDir);
    expect(filteredFiles(step, [first!.replace(/\..*$/, '')])).toContain(first);
  });
});
