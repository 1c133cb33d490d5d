import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { type AuditActor, CurrentAuditActor } from '../../users/audit/audit-actor.js';
import { Authenticated } from '../../common/auth/authenticated.decorator.js';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { ApiProblem, ApiProblemResponses } from '../../common/problem-responses.decorator.js';
import {
  CreateWebhookSubscriptionDto,
  UpdateWebhookSubscriptionDto,
  WebhookDeliveryPageDto,
  WebhookDeliveryResponseDto,
  WebhookSubscriptionPageDto,
  WebhookSubscriptionQueryDto,
  WebhookSubscriptionResponseDto,
  WebhookSubscriptionWithSecretDto,
} from './webhook-subscription.dto.js';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service.js';


@ApiTags('webhooks')
@Controller('webhook-subscriptions')
export class WebhookSubscriptionsController {
  constructor(private readonly subscriptions: WebhookSubscriptionsService) {}

  /** The caller's subscriptions (staff: every OEM's, or one OEM's with `oemId`), newest first. */
  @Get()
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiProblemResponses(400)
  list(@CurrentActor() actor: Actor, @Query() query: WebhookSubscriptionQueryDto): Promise<WebhookSubscriptionPageDto> {
    return this.subscriptions.list(actor, query);
  }

  /** Subscribes a URL to event types; the answer carries the signing `secret`, shown only here. */
  @Post()
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiCreatedResponse({ type: WebhookSubscriptionWithSecretDto })
  @ApiProblemResponses(400)
  create(@CurrentAuditActor() actor: AuditActor, @Body() dto: CreateWebhookSubscriptionDto): Promise<WebhookSubscriptionWithSecretDto> {
    return this.subscriptions.create(actor, dto);
  }

  /** One subscription (without its secret). */
  @Get(':id')
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiProblem(404, 'No such webhook subscription visible to the caller')
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<WebhookSubscriptionResponseDto> {
    return this.subscriptions.get(actor, id);
  }

  /** Changes the URL, events, description, or pauses / re-enables it (`active`). */
  @Patch(':id')
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiProblemResponses(400, 404)
  update(@CurrentAuditActor() actor: AuditActor, @Param('id') id: string, @Body() dto: UpdateWebhookSubscriptionDto): Promise<WebhookSubscriptionResponseDto> {
    return this.subscriptions.update(actor, id, dto);
  }

  /** Deletes the subscription and its delivery history. */
  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblem(404, 'No such webhook subscription visible to the caller')
  remove(@CurrentAuditActor() actor: AuditActor, @Param('id') id: string): Promise<void> {
    return this.subscriptions.remove(actor, id);
  }

  /** Replaces the signing secret; the new one is shown only here. The replaced one keeps signing deliveries beside it until `previousSecretExpiresAt` (24 h). */
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiProblem(404, 'No such webhook subscription visible to the caller')
  rotateSecret(@CurrentAuditActor() actor: AuditActor, @Param('id') id: string): Promise<WebhookSubscriptionWithSecretDto> {
    return this.subscriptions.rotateSecret(actor, id);
  }

  /** Queues a signed `webhook.test` event to the URL; follow it in `…/deliveries`. */
  @Post(':id/test')
  @HttpCode(202)
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiAcceptedResponse({ type: WebhookDeliveryResponseDto })
  @ApiProblem(404, 'No such webhook subscription visible to the caller')
  @ApiProblem(409, 'The subscription is not active')
  test(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<WebhookDeliveryResponseDto> {
    return this.subscriptions.test(actor, id);
  }

  /** Its deliveries, newest first: status, attempts, last response code and time, next attempt. */
  @Get(':id/deliveries')
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiProblemResponses(400, 404)
  deliveries(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: PageQueryDto): Promise<WebhookDeliveryPageDto> {
    return this.subscriptions.listDeliveries(actor, id, query);
  }
}

@ApiTags('webhooks')
@Controller('webhook-deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly subscriptions: WebhookSubscriptionsService) {}

  /** Sends a failed delivery again, with a fresh retry schedule. */
  @Post(':id/retry')
  @HttpCode(202)
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiAcceptedResponse({ type: WebhookDeliveryResponseDto })
  @ApiProblem(404, 'No such webhook delivery visible to the caller')
  @ApiProblem(409, 'The delivery has not failed')
  retry(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<WebhookDeliveryResponseDto> {
    return this.subscriptions.retry(actor, id);
  }
}
