import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/authenticated.decorator.js';
import { OemSummaryDto } from './dto/oem.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('oems')
export class OemsController {
  constructor(private readonly users: UsersService) {}

  /**
   * The active OEM accounts by name, for staff choosing the OEM of a lead (`POST /leads` takes
   * `oemId` from Central Ops; `GET /leads?oemId=` filters by it). Only ids and names: the rest of
   * a user stays behind the admin-only `GET /users`.
   */
  @Get()
  @Authenticated({ roles: ['admin', 'central_ops'] })
  list(): Promise<OemSummaryDto[]> {
    return this.users.listOems();
  }
}
