import { createSecretKey } from 'node:crypto';
import { Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/app-config.module.js';
import { AuditModule } from '../users/audit/audit.module.js';
import { UsersModule } from '../users/users.module.js';
import { UsersService } from '../users/users.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { ApiKeyStrategy } from './strategies/api-key.strategy.js';
import { JwtStrategy } from './strategies/jwt.strategy.js';
import { LoginThrottle } from './throttling/login-throttle.entity.js';
import { accountSubject, LoginThrottler } from './throttling/login-throttler.service.js';

@Module({
  imports: [
    UsersModule,
    AuditModule,
    TypeOrmModule.forFeature([LoginThrottle]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a PEM
      // public key on every verify and catches the failure, which cost ~16% of the CPU per request (bench/README.md).
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.jwtSecret)),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, LoginThrottler, JwtStrategy, ApiKeyStrategy, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, LoginThrottler],
})
export class AuthModule implements OnModuleInit {
  constructor(
    private readonly users: UsersService,
    private readonly throttler: LoginThrottler,
  ) {}

  /** An admin's password reset or reactivation of an account lifts its sign-in lock-out (up to an hour otherwise), in the same transaction. */
  onModuleInit(): void {
    this.users.onCredentialsReset((em, email) => this.throttler.clear(em, accountSubject(email).key));
  }
}
