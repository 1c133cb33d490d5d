import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxCursor } from './entities/outbox-cursor.entity.js';
import { OutboxDelivery } from './entities/outbox-delivery.entity.js';
import { WebhookSubscription } from './entities/webhook-subscription.entity.js';
import { StorageModule } from '../documents/storage/storage.module.js';
import { AuditModule } from '../users/audit/audit.module.js';
import { RetentionJob, RetentionService } from './retention/retention.service.js';
import { Mailer } from './notifications/mailer.service.js';
import { DeliveryWorker } from './outbox/delivery-worker.service.js';
import { OutboxDispatcher } from './outbox/outbox-dispatcher.service.js';
import { OutboxRunner } from './outbox/outbox-runner.service.js';
import { WebhookDeliveriesController, WebhookSubscriptionsController } from './webhooks/webhook-subscriptions.controller.js';
import { WebhookSubscriptionsService } from './webhooks/webhook-subscriptions.service.js';

/** Events out (issue #15): the outbox over the lead timeline, webhooks to OEMs, staff e-mails, retention. */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookSubscription, OutboxDelivery, OutboxCursor]), StorageModule, AuditModule],
  controllers: [WebhookSubscriptionsController, WebhookDeliveriesController],
  providers: [WebhookSubscriptionsService, OutboxDispatcher, DeliveryWorker, OutboxRunner, Mailer, RetentionService, RetentionJob],
  exports: [OutboxRunner, Mailer, RetentionService],
})
export class EventsModule {}
