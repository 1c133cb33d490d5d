import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module.js';
import { CredentialCache } from './credential-cache.service.js';
import { ApiKey } from './entities/api-key.entity.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { User } from './entities/user.entity.js';
import { FirstAdminSeedService } from './first-admin-seed.service.js';
import { OemsController } from './oems.controller.js';
import { TechniciansController } from './technicians.controller.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([User, ApiKey, RefreshToken]), AuditModule],
  controllers: [UsersController, OemsController, TechniciansController],
  providers: [UsersService, CredentialCache, FirstAdminSeedService],
  exports: [UsersService, CredentialCache, TypeOrmModule],
})
export class UsersModule {}
