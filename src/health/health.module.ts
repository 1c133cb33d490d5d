import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventsModule } from '../events/events.module.js';
import { HealthController } from './health.controller.js';

@Module({ imports: [TerminusModule, EventsModule], controllers: [HealthController] })
export class HealthModule {}
