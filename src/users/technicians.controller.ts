import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/authenticated.decorator.js';
import { ApiProblemResponses } from '../common/problem-responses.decorator.js';
import { TechnicianQueryDto, TechnicianSummaryDto } from './dto/technician.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('technicians')
export class TechniciansController {
  constructor(private readonly users: UsersService) {}

  /**
   * The active field technicians by name, at most 50, `q` matching name or e-mail: for Central Ops
   * adding a member to a team (`POST /teams/{id}/members` takes `userId`). Only id, name and
   * e-mail: the rest of a user stays behind the admin-only `GET /users`.
   */
  @Get()
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @ApiProblemResponses(400)
  list(@Query() query: TechnicianQueryDto): Promise<TechnicianSummaryDto[]> {
    return this.users.listTechnicians(query.q);
  }
}
