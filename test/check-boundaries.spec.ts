import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * scripts/check-boundaries.mjs (issue 12, item 8) run as CI runs it, on small trees written to a
 * temporary folder: a layering violation, a cycle, and a clean tree.
 */

const script = fileURLToPath(new URL('../scripts/check-boundaries.mjs', import.meta.url));
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

interface Result {
  files: number;
  layering: { from: string; to: string; fromLayer: string; toLayer: string; typeOnly: boolean }[];
  cycles: { files: string[]; edges: [string, string][] }[];
  unplaced: string[];
}

/** Writes `files` (paths under src/) into a fresh root and runs the checker on it. */
function check(files: Record<string, string>): { status: number | null; result: Result; text: string } {
  const root = mkdtempSync(join(tmpdir(), 'boundaries-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, 'src', path)), { recursive: true });
    writeFileSync(join(root, 'src', path), text);
  }
  const json = spawnSync(process.execPath, [script, '--json', root], { encoding: 'utf8' });
  const human = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
  expect(human.status).toBe(json.status);
  return { status: json.status, result: JSON.parse(json.stdout) as Result, text: human.stdout };
}

describe('check-boundaries', () => {
  it('reports a lower layer importing a higher one, type-only imports included, with the file pair', () => {
    const { status, result, text } = check({
      'common/paging.ts': "import { Lead } from '../leads/entities/lead.entity.js';\nexport const x = Lead;\n",
      'users/users.service.ts': "import type { Actor } from '../auth/actor.js';\nexport type A = Actor;\n",
      'auth/actor.ts': 'export interface Actor { id: string }\n',
      'leads/entities/lead.entity.ts': "import { clamp } from '../../common/clamp.js';\nexport class Lead { n = clamp(1); }\n",
      'common/clamp.ts': 'export const clamp = (n: number) => n;\n',
      // The entity list may name entities of any module; the same import elsewhere in database/ may not.
      'database/entities.ts': "import { Lead } from '../leads/entities/lead.entity.js';\nexport const ENTITIES = [Lead];\n",
      'database/seed.service.ts': "import { Lead } from '../leads/entities/lead.entity.js';\nexport const seed = Lead;\n",
      // The top may import anything.
      'main.ts': "import { ENTITIES } from './database/entities.js';\nimport { seed } from './database/seed.service.js';\nexport { ENTITIES, seed };\n",
    });
    expect(status).toBe(1);
    expect(result.cycles).toEqual([]);
    expect(result.layering).toEqual([
      { from: 'src/common/paging.ts', to: 'src/leads/entities/lead.entity.ts', fromLayer: 'common', toLayer: 'leads', typeOnly: false },
      { from: 'src/database/seed.service.ts', to: 'src/leads/entities/lead.entity.ts', fromLayer: 'database', toLayer: 'leads', typeOnly: false },
      { from: 'src/users/users.service.ts', to: 'src/auth/actor.ts', fromLayer: 'users', toLayer: 'auth', typeOnly: true },
    ]);
    expect(text).toContain('src/common/paging.ts (common) -> src/leads/entities/lead.entity.ts (leads)');
    expect(text).toContain('boundaries: FAILED');
  });

  it('reports a cycle between files (multi-line imports read), ignoring one closed only by a type-only import', () => {
    const { status, result, text } = check({
      'teams/entities/team.entity.ts': "import {\n  TeamMember,\n} from './team-member.entity.js';\nexport class Team { members: TeamMember[] = []; }\n",
      'teams/entities/team-member.entity.ts': "import { Team } from './team.entity.js';\nexport class TeamMember { team?: Team; }\n",
      'leads/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'leads/b.ts': "import { type A } from './c.js';\nexport const b: A = 1;\n",
      'leads/c.ts': "import { a } from './a.js';\nexport type A = number;\nexport const c = a;\n",
    });
    expect(status).toBe(1);
    expect(result.layering).toEqual([]);
    expect(result.cycles).toEqual([
      {
        files: ['src/teams/entities/team-member.entity.ts', 'src/teams/entities/team.entity.ts'],
        edges: [
          ['src/teams/entities/team-member.entity.ts', 'src/teams/entities/team.entity.ts'],
          ['src/teams/entities/team.entity.ts', 'src/teams/entities/team-member.entity.ts'],
        ],
      },
    ]);
    expect(text).toContain('cycle of 2 file(s): src/teams/entities/team-member.entity.ts, src/teams/entities/team.entity.ts');
  });

  it('passes a clean tree and flags a folder with no layer', () => {
    const clean = {
      'common/problem.ts': 'export class AppException extends Error {}\n',
      'config/config.ts': "import { AppException } from '../common/problem.js';\nexport const e = AppException;\n",
      'leads/leads.service.ts': "import { AppException } from '../common/problem.js';\nimport './leads.errors.js';\nexport const s = AppException;\n",
      'leads/leads.errors.ts': "import type { AppException } from '../common/problem.js';\nexport type E = AppException;\n",
      'surveys/surveys.service.ts': "import { s } from '../leads/leads.service.js';\nexport const t = s;\n",
      'cli/demo.ts': "import { t } from '../surveys/surveys.service.js';\nexport const d = t;\n",
      'app.module.ts': "import { d } from './cli/demo.js';\nexport const m = d;\n",
    };
    const ok = check(clean);
    expect(ok.status).toBe(0);
    expect(ok.result).toEqual({ files: 7, layering: [], cycles: [], unplaced: [] });
    expect(ok.text).toContain('boundaries: ok (7 files');

    const unplaced = check({ ...clean, 'widgets/widget.ts': 'export const w = 1;\n' });
    expect(unplaced.status).toBe(1);
    expect(unplaced.result.unplaced).toEqual(['src/widgets/widget.ts']);
  });
});
