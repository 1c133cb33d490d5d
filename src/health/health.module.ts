import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { StorageModule } from '../documents/storage/storage.module.js';
import { EventsModule } from '../events/events.module.js';
import { HealthController } from './health.controller.js';

@Module({ imports: [TerminusModule, EventsModule, StorageModule], controllers: [HealthController] })
export class HealthModule {}
