import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { keysetPage, type Page } from '../common/pagination.js';
import { AppException, NotFoundProblem, ValidationProblem } from '../common/problem.js';
import { dialectOf, isServerDatabase, lowerCase } from '../common/persistence/dialect.js';
import { isUniqueViolation, TransactionRunner } from '../common/persistence/transaction-runner.service.js';
import { PincodeDirectory } from '../reference-data/pincode-directory.service.js';
import type { AuditActor } from '../users/audit/audit-actor.js';
import type { AuditAction, AuditValues } from '../users/audit/audit-event.entity.js';
import { AuditLogService, changedFields } from '../users/audit/audit-log.service.js';
import { User } from '../users/entities/user.entity.js';
import { type BookedJob, JobKinds } from './assignments/job-kinds.service.js';
import type { AddTeamMemberDto, CreateTeamDto, TeamQueryDto, UpdateTeamDto } from './dto/team.dto.js';
import type { ScheduleBookingDto, ScheduleQueryDto, ScheduleSlotDto, TeamScheduleDto } from './dto/schedule.dto.js';
import { type TeamResponseDto, toTeamResponse, toTeamSummary } from './dto/team-response.dto.js';
import { TeamBooking } from './entities/team-booking.entity.js';
import { TeamMember } from './entities/team-member.entity.js';
import { Team } from './entities/team.entity.js';
import { addDays, daysBetween, TIME_SLOTS, todayInIndia } from './time-slots.js';

/** Longest `GET /teams/{id}/schedule` range, in days (about two months). */
export const MAX_SCHEDULE_DAYS = 62;

/**
 * Restricts a query on teams (alias `alias`) to those the actor may see (DESIGN §1): admin and
 * Central Ops see all; a field technician only the teams it belongs to.
 */
export function scopeTeams<T extends object>(qb: SelectQueryBuilder<T>, actor: Actor, alias: string): SelectQueryBuilder<T> {
  if (actor.role === 'field_technician') {
    qb.andWhere(`EXISTS (SELECT 1 FROM team_members tm_scope WHERE tm_scope.team_id = ${alias}.id AND tm_scope.user_id = :scopeUserId)`, {
      scopeUserId: actor.userId,
    });
  } else if (actor.role !== 'admin' && actor.role !== 'central_ops') {
    qb.andWhere('1 = 0');
  }
  return qb;
}

/**
 * Field teams and their members (DESIGN §4 Team, TeamMember), and a team's slot calendar.
 * Admin and Central Ops manage teams; a field technician reads only its own teams (others: 404).
 */
@Injectable()
export class TeamsService {
  constructor(
    @InjectRepository(Team) private readonly teams: Repository<Team>,
    private readonly tx: TransactionRunner,
    private readonly directory: PincodeDirectory,
    private readonly audit: AuditLogService,
    private readonly kinds: JobKinds,
  ) {}

  /**
   * Creates an active team and records `team.created` in the same transaction.
   * @throws 409 TEAM_NAME_TAKEN
   */
  async create(actor: AuditActor, dto: CreateTeamDto): Promise<TeamResponseDto> {
    const now = new Date();
    const state = await this.directory.stateName(dto.state);
    let id: string;
    try {
      id = await this.tx.run(async (em) => {
        const teams = em.getRepository(Team);
        const team = await teams.save(teams.create({ name: dto.name, city: dto.city, state, isActive: true, createdAt: now, updatedAt: now }));
        await this.audit.record(em, actor, { action: 'team.created', entityType: 'team', entityId: team.id, after: { name: team.name, city: team.city, state, isActive: true } });
        return team.id;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(dto.name);
      throw error;
    }
    return this.get(actor, id);
  }

  /** Keyset-paged, newest first; filters by city and state (any case; a state by name or ISO code) and active flag. Technicians see only their teams. */
  async list(actor: Actor, query: TeamQueryDto): Promise<Page<TeamResponseDto>> {
    const qb = scopeTeams(this.teams.createQueryBuilder('team'), actor, 'team');
    const dialect = dialectOf(this.teams.manager);
    if (query.city) qb.andWhere(`${lowerCase(dialect, 'team.city', query.city)} = :city`, { city: query.city.toLowerCase() });
    if (query.state) {
      // Any letter case, and a team whose state was stored as its code (created before the directory was imported).
      const states = new Set([(await this.directory.stateName(query.state)).toLowerCase(), query.state.toLowerCase()]);
      qb.andWhere(`${lowerCase(dialect, 'team.state', [...states].join(''))} IN (:...states)`, { states: [...states] });
    }
    if (query.isActive !== undefined) qb.andWhere('team.isActive = :isActive', { isActive: query.isActive });
    return keysetPage(qb, query, { alias: 'team', time: 'createdAt', direction: 'DESC', timeOf: (team) => team.createdAt }, async (teams) => {
      const members = await this.loadMembers(teams);
      return teams.map((team) => toTeamResponse(team, members.get(team.id) ?? []));
    });
  }

  /** @throws 404 TEAM_NOT_FOUND when there is no such team or the actor may not see it */
  async get(actor: Actor, id: string): Promise<TeamResponseDto> {
    const team = await this.findVisible(actor, id);
    return toTeamResponse(team, (await this.loadMembers([team])).get(team.id) ?? []);
  }

  /**
   * Renames, moves or (de)activates a team; records `team.updated` with the fields that changed in
   * the same transaction.
   * @throws 404; 409 TEAM_NAME_TAKEN; 409 TEAM_HAS_OPEN_JOBS when deactivating a team that is
   *         still assigned (primary or backup) to an open survey or installation
   */
  async update(actor: AuditActor, id: string, dto: UpdateTeamDto): Promise<TeamResponseDto> {
    const state = dto.state === undefined ? undefined : await this.directory.stateName(dto.state);
    try {
      await this.tx.run(async (em) => {
        const current = await this.lockVisible(em, actor, id);
        const changes: Partial<Team> = {};
        if (dto.name !== undefined) changes.name = dto.name;
        if (dto.city !== undefined) changes.city = dto.city;
        if (state !== undefined) changes.state = state;
        if (dto.isActive !== undefined) changes.isActive = dto.isActive;
        if (!Object.keys(changes).length) return;
        await em.getRepository(Team).update({ id }, { ...changes, updatedAt: new Date() });
        // Checked after the UPDATE: on PostgreSQL it waits for every transaction booking this team (FOR SHARE).
        if (dto.isActive === false) {
          const open = await this.kinds.openAssignments(em, id);
          if (open > 0) {
            throw new AppException(409, 'TEAM_HAS_OPEN_JOBS', `The team is assigned to ${open} open survey(s) or installation(s); reassign them before deactivating it`, {
              openAssignments: open,
            });
          }
        }
        const diff = changedFields(
          { name: current.name, city: current.city, state: current.state, isActive: current.isActive },
          { name: changes.name, city: changes.city, state: changes.state, isActive: changes.isActive },
        );
        if (diff) await this.audit.record(em, actor, { action: 'team.updated', entityType: 'team', entityId: id, ...diff });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(dto.name ?? '');
      throw error;
    }
    return this.get(actor, id);
  }

  /**
   * Adds a field technician to the team, or updates `isLead` when it is a member already. Making
   * a member the lead clears the flag of the previous lead in the same transaction (the team row
   * is locked on PostgreSQL, so two concurrent changes cannot leave two leads). Records
   * `team.member_added`, or `team.member_updated` for each member whose `isLead` changed (the
   * audit entity of a membership is its team; `userId` in the values names the member).
   * @throws 404 TEAM_NOT_FOUND; 400 naming userId when it is not an active field technician
   */
  async addMember(actor: AuditActor, teamId: string, dto: AddTeamMemberDto): Promise<TeamResponseDto> {
    await this.tx.run(async (em) => {
      await this.lockVisible(em, actor, teamId);
      const user = await em.getRepository(User).findOne({ where: { id: dto.userId }, select: { id: true, role: true, isActive: true } });
      if (!user || user.role !== 'field_technician' || !user.isActive) {
        throw new ValidationProblem([{ field: 'userId', message: 'userId must be an active user with role field_technician' }]);
      }
      const members = em.getRepository(TeamMember);
      const existing = await members.findOne({ where: { teamId, userId: dto.userId } });
      if (dto.isLead) {
        const demoted = await members.find({ where: { teamId, isLead: true }, select: { id: true, userId: true } });
        await members.createQueryBuilder().update().set({ isLead: false }).where('team_id = :teamId', { teamId }).execute();
        for (const member of demoted.filter((m) => m.userId !== dto.userId)) {
          await this.recordMember(em, actor, 'team.member_updated', teamId, { userId: member.userId, isLead: true }, { userId: member.userId, isLead: false });
        }
      }
      if (existing) {
        if (dto.isLead !== undefined) await members.update({ id: existing.id }, { isLead: dto.isLead });
        if (dto.isLead !== undefined && dto.isLead !== existing.isLead) {
          await this.recordMember(em, actor, 'team.member_updated', teamId, { userId: dto.userId, isLead: existing.isLead }, { userId: dto.userId, isLead: dto.isLead });
        }
      } else {
        await members.insert({ teamId, userId: dto.userId, isLead: dto.isLead ?? false, createdAt: new Date() });
        await this.recordMember(em, actor, 'team.member_added', teamId, null, { userId: dto.userId, isLead: dto.isLead ?? false });
      }
    });
    return this.get(actor, teamId);
  }

  /**
   * Removes a member and records `team.member_removed` in the same transaction.
   * @throws 404 TEAM_NOT_FOUND; 404 TEAM_MEMBER_NOT_FOUND when the user is not a member
   */
  async removeMember(actor: AuditActor, teamId: string, userId: string): Promise<void> {
    await this.tx.run(async (em) => {
      await this.lockVisible(em, actor, teamId);
      const members = em.getRepository(TeamMember);
      const member = await members.findOne({ where: { teamId, userId }, select: { id: true, isLead: true } });
      if (!member) throw new NotFoundProblem('Team member', userId);
      await members.delete({ id: member.id });
      await this.recordMember(em, actor, 'team.member_removed', teamId, { userId, isLead: member.isLead }, null);
    });
  }

  /** One membership event; its entity is the team, as in the route `/teams/{id}/members`. */
  private recordMember(em: EntityManager, actor: AuditActor, action: AuditAction, teamId: string, before: AuditValues | null, after: AuditValues | null): Promise<void> {
    return this.audit.record(em, actor, { action, entityType: 'team_member', entityId: teamId, before, after });
  }

  /**
   * The team's calendar from `from` to `to` (inclusive, IST dates): every day with every slot,
   * each free or holding its booking and the job it belongs to.
   * @throws 404; 400 naming `to` when the range is reversed or longer than {@link MAX_SCHEDULE_DAYS}
   */
  async schedule(actor: Actor, teamId: string, query: ScheduleQueryDto): Promise<TeamScheduleDto> {
    const team = await this.findVisible(actor, teamId);
    const from = query.from ?? todayInIndia();
    const to = query.to ?? addDays(from, 6);
    const span = daysBetween(from, to);
    if (span < 0) throw new ValidationProblem([{ field: 'to', message: 'to must not be before from' }]);
    if (span >= MAX_SCHEDULE_DAYS) throw new ValidationProblem([{ field: 'to', message: `the range may span at most ${MAX_SCHEDULE_DAYS} days` }]);
    const em = this.teams.manager;
    const bookings = await em.getRepository(TeamBooking).createQueryBuilder('b').where('b.teamId = :teamId AND b.date >= :from AND b.date <= :to', { teamId, from, to }).getMany();
    // The jobs come from the kinds registered with teams (surveys, installations), one query per kind booked.
    const jobs = await this.kinds.booked(
      em,
      bookings.flatMap((b) => this.kinds.all().flatMap((k) => (b[k.idProperty] ? [{ kind: k.kind, id: b[k.idProperty] as string }] : []))),
    );
    const bySlot = new Map(bookings.map((b) => [`${b.date} ${b.timeSlot}`, b]));
    const days = Array.from({ length: span + 1 }, (_, i) => {
      const date = addDays(from, i);
      const slots: ScheduleSlotDto[] = TIME_SLOTS.map((timeSlot) => ({ timeSlot, booking: toScheduleBooking(bySlot.get(`${date} ${timeSlot}`), this.kinds, jobs) }));
      return { date, slots };
    });
    return { team: toTeamSummary(team), from, to, days };
  }

  /**
   * Loads a team the actor may see, scoped in the query.
   * @throws 404 TEAM_NOT_FOUND
   */
  async findVisible(actor: Actor, id: string, em?: EntityManager): Promise<Team> {
    const qb = scopeTeams((em ?? this.teams.manager).getRepository(Team).createQueryBuilder('team'), actor, 'team').andWhere('team.id = :id', { id });
    const team = await qb.getOne();
    if (!team) throw new NotFoundProblem('Team', id);
    return team;
  }

  /** {@link findVisible} with the row locked FOR UPDATE on PostgreSQL and MariaDB (membership and activation changes). */
  private async lockVisible(em: EntityManager, actor: Actor, id: string): Promise<Team> {
    const qb = scopeTeams(em.getRepository(Team).createQueryBuilder('team'), actor, 'team').andWhere('team.id = :id', { id });
    if (isServerDatabase(em)) qb.setLock('pessimistic_write');
    const team = await qb.getOne();
    if (!team) throw new NotFoundProblem('Team', id);
    return team;
  }

  /** Members (with their users) of `teams` by team id, in one query. */
  private async loadMembers(teams: Team[]): Promise<Map<string, TeamMember[]>> {
    const byTeam = new Map<string, TeamMember[]>();
    if (!teams.length) return byTeam;
    const members = await this.teams.manager.getRepository(TeamMember).find({
      where: { teamId: In(teams.map((t) => t.id)) },
      relations: { user: true },
    });
    for (const team of teams) byTeam.set(team.id, members.filter((m) => m.teamId === team.id));
    return byTeam;
  }
}

function nameTaken(name: string): AppException {
  return new AppException(409, 'TEAM_NAME_TAKEN', `A team named "${name}" already exists`);
}

/** A booking and the job holding it as the schedule shows it; null for a free slot. */
function toScheduleBooking(booking: TeamBooking | undefined, kinds: JobKinds, jobs: Map<string, BookedJob>): ScheduleBookingDto | null {
  const kind = booking && kinds.all().find((k) => booking[k.idProperty]);
  const job = kind && jobs.get(booking[kind.idProperty] as string);
  return job ? { id: booking.id, kind: kind.kind, [kind.kind]: job } : null;
}
