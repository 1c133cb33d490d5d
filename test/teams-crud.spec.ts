import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamPageDto, TeamResponseDto } from '../src/teams/dto/team-response.dto.js';
import { type TestUser } from './support/factory.js';
import { expectProblem } from './support/lead-helpers.js';
import { TEAMS } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** DESIGN §4 Team/TeamMember: admin and Central Ops manage teams; technicians read their own. */
describe('teams', () => {
  let t: TestApp;
  let admin: TestUser;
  let ops: TestUser;
  let techs: TestUser[];

  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    [admin, ops] = await Promise.all([t.factory.user('admin'), t.factory.user('central_ops')]);
    techs = await Promise.all([1, 2, 3].map(() => t.factory.user('field_technician')));
  });
  afterAll(() => t.close());

  const as = (who: TestUser) => ({
    get: (url: string) => request(t.server).get(url).set('Authorization', who.auth),
    post: (url: string, body: object = {}) => request(t.server).post(url).set('Authorization', who.auth).send(body),
    patch: (url: string, body: object = {}) => request(t.server).patch(url).set('Authorization', who.auth).send(body),
    delete: (url: string) => request(t.server).delete(url).set('Authorization', who.auth),
  });
  let n = 0;
  const newTeam = async (body: Partial<{ name: string; city: string; state: string }> = {}): Promise<TeamResponseDto> => {
    n += 1;
    const res = await as(ops).post(TEAMS, { name: `Crew ${n}`, city: 'Bengaluru Urban', state: 'IN-KA', ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };

  it('creates an active team, resolving an ISO state code to its name', async () => {
    const team = await newTeam({ name: 'Koramangala South' });
    expect(team).toMatchObject({ name: 'Koramangala South', city: 'Bengaluru Urban', state: 'Karnataka', isActive: true, members: [] });
    expect((await as(admin).get(`${TEAMS}/${team.id}`).expect(200)).body).toEqual(team);
  });

  it('refuses a duplicate name (409) on create and on rename, and bad input naming the field (400)', async () => {
    const a = await newTeam({ name: 'Whitefield' });
    await newTeam({ name: 'Indiranagar' });
    expectProblem(await as(ops).post(TEAMS, { name: 'Whitefield', city: 'Pune', state: 'Maharashtra' }), 409, { code: 'TEAM_NAME_TAKEN' });
    expectProblem(await as(ops).patch(`${TEAMS}/${a.id}`, { name: 'Indiranagar' }), 409, { code: 'TEAM_NAME_TAKEN' });
    expectProblem(await as(ops).post(TEAMS, { city: 'Pune', state: 'Maharashtra' }), 400, { field: 'name' });
    expectProblem(await as(ops).post(TEAMS, { name: 'X', city: '  ', state: 'Maharashtra' }), 400, { field: 'city' });
    expectProblem(await as(ops).patch(`${TEAMS}/${a.id}`, { isActive: 'no' }), 400, { field: 'isActive' });
    expectProblem(await as(ops).patch(`${TEAMS}/${a.id}`, { name: null }), 400, { field: 'name' });
  });

  it('updates, deactivates and reactivates a team', async () => {
    const team = await newTeam();
    const moved = (await as(ops).patch(`${TEAMS}/${team.id}`, { city: 'Mysuru', name: `${team.name} (Mysuru)` }).expect(200)).body;
    expect(moved).toMatchObject({ city: 'Mysuru', name: `${team.name} (Mysuru)`, state: 'Karnataka', isActive: true });
    expect((await as(admin).patch(`${TEAMS}/${team.id}`, { isActive: false }).expect(200)).body.isActive).toBe(false);
    expect((await as(admin).patch(`${TEAMS}/${team.id}`, { isActive: true }).expect(200)).body.isActive).toBe(true);
  });

  it('adds field technicians as members with one lead at most, and removes them', async () => {
    const team = await newTeam();
    const url = `${TEAMS}/${team.id}/members`;
    await as(ops).post(url, { userId: techs[0].user.id, isLead: true }).expect(200);
    let body = (await as(ops).post(url, { userId: techs[1].user.id }).expect(200)).body as TeamResponseDto;
    expect(body.members.map((m) => [m.userId, m.isLead])).toEqual([
      [techs[0].user.id, true],
      [techs[1].user.id, false],
    ]);
    expect(body.members[0]).toMatchObject({ fullName: techs[0].user.fullName, email: techs[0].user.email, isActive: true });

    // Making another member the lead demotes the previous one; re-adding a member only updates it.
    body = (await as(ops).post(url, { userId: techs[1].user.id, isLead: true }).expect(200)).body;
    expect(body.members.map((m) => [m.userId, m.isLead])).toEqual([
      [techs[1].user.id, true],
      [techs[0].user.id, false],
    ]);

    await as(ops).delete(`${url}/${techs[0].user.id}`).expect(204);
    expectProblem(await as(ops).delete(`${url}/${techs[0].user.id}`), 404, { code: 'TEAM_MEMBER_NOT_FOUND' });
    expect(((await as(ops).get(`${TEAMS}/${team.id}`).expect(200)).body as TeamResponseDto).members.map((m) => m.userId)).toEqual([techs[1].user.id]);
  });

  it('accepts only active field technicians as members (400 naming userId)', async () => {
    const team = await newTeam();
    const url = `${TEAMS}/${team.id}/members`;
    expectProblem(await as(ops).post(url, { userId: ops.user.id }), 400, { field: 'userId' });
    expectProblem(await as(ops).post(url, { userId: '00000000-0000-4000-8000-000000000000' }), 400, { field: 'userId' });
    expectProblem(await as(ops).post(url, { userId: 'not-a-uuid' }), 400, { field: 'userId' });
    // null is no answer to "lead or not": 400, for a new member and for one already there (was a 500 on PostgreSQL).
    expectProblem(await as(ops).post(url, { userId: techs[0].user.id, isLead: null }), 400, { field: 'isLead' });
    await as(ops).post(url, { userId: techs[0].user.id }).expect(200);
    expectProblem(await as(ops).post(url, { userId: techs[0].user.id, isLead: null }), 400, { field: 'isLead' });
    const gone = await t.factory.user('field_technician');
    await t.factory.deactivate(gone);
    expectProblem(await as(ops).post(url, { userId: gone.user.id }), 400, { field: 'userId' });
  });

  it('lists teams newest first with filters and a cursor; a technician lists and reads only its own teams', async () => {
    const mine = await newTeam({ city: 'Hubballi' });
    const other = await newTeam({ city: 'Hubballi' });
    await as(ops).patch(`${TEAMS}/${other.id}`, { isActive: false }).expect(200);
    await as(ops).post(`${TEAMS}/${mine.id}/members`, { userId: techs[2].user.id }).expect(200);

    const hubballi = (await as(ops).get(`${TEAMS}?city=hubballi&withTotal=true`).expect(200)).body as TeamPageDto;
    expect(hubballi.data.map((x) => x.id)).toEqual([other.id, mine.id]);
    expect(hubballi.total).toBe(2);
    expect(((await as(ops).get(`${TEAMS}?city=Hubballi&isActive=true`).expect(200)).body as TeamPageDto).data.map((x) => x.id)).toEqual([mine.id]);
    expect(((await as(ops).get(`${TEAMS}?state=IN-KA&limit=100`).expect(200)).body as TeamPageDto).data.length).toBeGreaterThanOrEqual(2);
    // A state typed in another case is found by its name, its code or the way it was typed.
    const typed = await newTeam({ city: 'Mangaluru', state: 'karnataka' });
    for (const state of ['Karnataka', 'IN-KA', 'in-ka', 'KARNATAKA']) {
      expect(((await as(ops).get(`${TEAMS}?state=${state}&city=Mangaluru`).expect(200)).body as TeamPageDto).data.map((x) => x.id), state).toEqual([typed.id]);
    }

    const first = (await as(ops).get(`${TEAMS}?city=Hubballi&limit=1`).expect(200)).body as TeamPageDto;
    expect(first.nextCursor).not.toBeNull();
    const second = (await as(ops).get(`${TEAMS}?city=Hubballi&limit=1&cursor=${first.nextCursor}`).expect(200)).body as TeamPageDto;
    expect([...first.data, ...second.data].map((x) => x.id)).toEqual([other.id, mine.id]);
    expect(second.nextCursor).toBeNull();

    const tech = as(techs[2]);
    expect(((await tech.get(TEAMS).expect(200)).body as TeamPageDto).data.map((x) => x.id)).toEqual([mine.id]);
    await tech.get(`${TEAMS}/${mine.id}`).expect(200);
    expectProblem(await tech.get(`${TEAMS}/${other.id}`), 404, { code: 'TEAM_NOT_FOUND' });
    expectProblem(await tech.patch(`${TEAMS}/${mine.id}`, { name: 'Ours now' }), 403, { code: 'FORBIDDEN_ROLE' });
    expectProblem(await tech.post(`${TEAMS}/${mine.id}/members`, { userId: techs[0].user.id }), 403, { code: 'FORBIDDEN_ROLE' });
  });

  it('answers 404 for an unknown team and 400 for an id that is no UUID; OEMs get 403', async () => {
    expectProblem(await as(ops).get(`${TEAMS}/00000000-0000-4000-8000-000000000000`), 404, { code: 'TEAM_NOT_FOUND' });
    expectProblem(await as(ops).patch(`${TEAMS}/00000000-0000-4000-8000-000000000000`, { city: 'Pune' }), 404, { code: 'TEAM_NOT_FOUND' });
    expectProblem(await as(ops).get(`${TEAMS}/42`), 400);
    const oem = await t.factory.user('oem');
    expectProblem(await as(oem).get(TEAMS), 403, { code: 'FORBIDDEN_ROLE' });
  });
});
