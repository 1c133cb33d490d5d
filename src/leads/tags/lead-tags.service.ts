import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { TransactionRunner } from '../../common/persistence/transaction-runner.service.js';
import { Lead } from '../entities/lead.entity.js';
import { LeadTimeline } from '../lead-timeline.service.js';
import { LeadsRepository } from '../leads.repository.js';
import type { TagCountDto } from './lead-tags.dto.js';
import { arrayRowsOf } from '../../common/persistence/query-templates.js';
import { whereAnyOf } from '../../common/persistence/dialect.js';
import { LeadTag } from './lead-tag.entity.js';

/**
 * Lead tags (issue 14 item 7): Central Ops replaces a lead's set; everyone reads the tags of the
 * leads they may see. A change bumps the lead's version and `updatedAt` (an OEM syncing with
 * `updatedFrom` sees it) and records an `updated` event with the old and new sets.
 */
@Injectable()
export class LeadTagsService {
  constructor(
    @InjectRepository(LeadTag) private readonly tags: Repository<LeadTag>,
    private readonly leads: LeadsRepository,
    private readonly timeline: LeadTimeline,
    private readonly tx: TransactionRunner,
  ) {}

  /** The tags of each lead in `leadIds`, sorted; leads without tags are absent. One query. */
  load(em: EntityManager, leadIds: readonly string[]): Promise<Map<string, string[]>> {
    if (!leadIds.length) return Promise.resolve(new Map());
    // On every lead list page: SQL text cached per shape, rows as arrays (query-templates.ts); one
    // text whatever the number of leads, an index lookup per lead: prepared. then(), not an async
    // layer (query-templates.ts `promised`).
    return arrayRowsOf(
      em,
      'lead-tags',
      {
        shape: 'by-lead-ids',
        parameters: { leadIds },
        build: () => whereAnyOf(em.getRepository(LeadTag).createQueryBuilder('t').select(['t.leadId', 't.tag']), 't.leadId', 'leadIds', leadIds).orderBy('t.tag', 'ASC'),
      },
      { prepared: true },
    ).then(({ columns, rows }) => {
      const byLead = new Map<string, string[]>();
      const [leadAt, tagAt] = [columns.indexOf('t_lead_id'), columns.indexOf('t_tag')];
      for (const row of rows) {
        const leadId = row[leadAt] as string;
        const tags = byLead.get(leadId);
        if (tags) tags.push(row[tagAt] as string);
        else byLead.set(leadId, [row[tagAt] as string]);
      }
      return byLead;
    });
  }

  /**
   * Replaces the tags of a lead `actor` may see with `tags` (already validated and lower-cased by
   * the DTO; repeats count once), in one transaction with the version bump and the event. A set
   * equal to the current one changes nothing. Concurrent replaces of one lead run one after
   * another (the lead's row lock, LeadsRepository.lockVisible): each answers, the last one's set stays.
   * @throws 404 LEAD_NOT_FOUND
   */
  async replace(actor: Actor, leadId: string, tags: string[]): Promise<void> {
    const wanted = [...new Set(tags)].sort();
    await this.tx.run(async (em) => {
      const lead = await this.leads.lockVisible(actor, leadId, em);
      // Sorted here as `wanted` is: the database's ORDER BY follows its collation (a PostgreSQL
      // locale puts `new_customer` and `new-lead` the other way round), and an equal set must change nothing.
      const current = [...((await this.load(em, [lead.id])).get(lead.id) ?? [])].sort();
      if (current.join('\u0000') === wanted.join('\u0000')) return;
      await em.getRepository(LeadTag).delete({ leadId: lead.id });
      if (wanted.length) await em.createQueryBuilder().insert().into(LeadTag).values(wanted.map((tag) => ({ leadId: lead.id, tag }))).updateEntity(false).execute();
      await em.createQueryBuilder().update(Lead).set({ version: () => 'version + 1', updatedAt: new Date() }).where('id = :id', { id: lead.id }).execute();
      await this.timeline.recordEvent(em, actor, lead.id, { type: 'updated', data: { fields: ['tags'], tags: wanted, previousTags: current } });
    });
  }

  /** The tags on leads `actor` may see, most used first, with their counts. */
  async inUse(actor: Actor): Promise<TagCountDto[]> {
    const qb = this.tags.createQueryBuilder('t').select('t.tag', 'tag').addSelect('COUNT(*)', 'count').groupBy('t.tag').orderBy('count', 'DESC').addOrderBy('t.tag', 'ASC');
    if (actor.role === 'oem') qb.innerJoin(Lead, 'lead', 'lead.id = t.leadId').where('lead.oemId = :oemId', { oemId: actor.userId });
    const rows = await qb.getRawMany<{ tag: string; count: string | number }>();
    return rows.map((row) => ({ tag: row.tag, count: Number(row.count) }));
  }
}
