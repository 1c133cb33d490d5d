import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { AppException, NotFoundProblem, ValidationProblem } from '../common/problem.js';
import { isUniqueViolation } from '../database/transactions.js';
import { User } from '../users/entities/user.entity.js';
import { type CreateLeadSourceDto, type LeadSourceResponseDto, toLeadSourceResponse, type UpdateLeadSourceDto } from './dto/lead-source.dto.js';
import { LeadSource } from './entities/lead-source.entity.js';

/** Lead sources (seed 000 `LeadSource`): admin writes; OEMs read their own and the shared ones. */
@Injectable()
export class LeadSourcesService {
  constructor(
    @InjectRepository(LeadSource) private readonly sources: Repository<LeadSource>,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  async list(actor: Actor): Promise<LeadSourceResponseDto[]> {
    const where = actor.role === 'oem' ? [{ oemId: actor.userId }, { oemId: IsNull() }] : {};
    const rows = await this.sources.find({ where, order: { id: 'ASC' } });
    return rows.map(toLeadSourceResponse);
  }

  /** @throws 400 when oemId is not an OEM; 409 LEAD_SOURCE_NAME_TAKEN */
  async create(dto: CreateLeadSourceDto): Promise<LeadSourceResponseDto> {
    if (dto.oemId) await this.checkOem(dto.oemId);
    return this.save(this.sources.create({ name: dto.name, oemId: dto.oemId ?? null, sourceType: dto.sourceType }));
  }

  /** @throws 404 LEAD_SOURCE_NOT_FOUND; 400; 409 LEAD_SOURCE_NAME_TAKEN */
  async update(id: number, dto: UpdateLeadSourceDto): Promise<LeadSourceResponseDto> {
    const source = await this.sources.findOne({ where: { id } });
    if (!source) throw new NotFoundProblem('Lead source', id);
    if (dto.oemId) await this.checkOem(dto.oemId);
    if (dto.name !== undefined) source.name = dto.name;
    if (dto.oemId !== undefined) source.oemId = dto.oemId;
    if (dto.sourceType !== undefined) source.sourceType = dto.sourceType;
    return this.save(source);
  }

  private async save(source: LeadSource): Promise<LeadSourceResponseDto> {
    try {
      return toLeadSourceResponse(await this.sources.save(source));
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppException(409, 'LEAD_SOURCE_NAME_TAKEN', `A lead source named ${source.name} already exists`);
      throw error;
    }
  }

  private async checkOem(oemId: string): Promise<void> {
    const oem = await this.users.findOne({ where: { id: oemId, role: 'oem' }, select: { id: true } });
    if (!oem) throw new ValidationProblem([{ field: 'oemId', message: 'oemId must be a user with role oem' }]);
  }
}
