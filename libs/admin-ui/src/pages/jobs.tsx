/**
 * "My jobs" for a field technician, phone first (360 × 740): the surveys and installations of its
 * teams (`GET /surveys`, `GET /installations`, scoped by the API) that are still open, whatever
 * their date (a survey started yesterday whose report is not sent, an installation completed but
 * not reported), and every job from today on; each with the customer's contact and address,
 * accept/decline of a pending assignment and start. Translated into Hindi (issue 17 item 9).
 */
import type { Schemas } from '@chargeops/api-client';
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AnchorLink } from '../link';
import { t, useLanguage } from '../i18n';
import { ApiFailure, bodyOf } from '../problem';
import { api } from '../session';
import { addDays, dayLabel, TIME_SLOTS, todayInIndia } from './workflow/dates';

type Survey = Schemas['SurveyResponseDto'];
type Installation = Schemas['InstallationResponseDto'];
type Assignment = Schemas['AssignmentResponseDto'];

/** One job of either kind, as the list shows it. */
export type Job = { kind: 'survey'; job: Survey } | { kind: 'installation'; job: Installation };

/**
 * Statuses in which a job still waits for its team, whatever its date: not started yet, started
 * without a report, or (an installation) completed and not reported. A submitted survey and a
 * reported installation wait for Central Ops; the rest are final.
 */
const OPEN_SURVEY: Schemas['SurveyStatus'][] = ['scheduled', 'rescheduled', 'in_progress'];
const OPEN_INSTALLATION: Schemas['InstallationStatus'][] = ['planned', 'material_pending', 'material_ready', 'confirmed', 'rescheduled', 'in_progress', 'completed'];

const ifMatch = (job: Survey | Installation) => ({ 'if-match': `W/"${job.version}"` });

/** Every page of a list the API pages by `nextCursor` (`read` fetches the page after `cursor`). */
async function everyPage<T>(read: (cursor: string | undefined) => Promise<{ data: T[]; nextCursor?: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    items.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** Jobs grouped by their date, in the (already sorted) order given. */
function byDay(jobs: Job[]): [string, Job[]][] {
  const days = new Map<string, Job[]>();
  for (const item of jobs) days.set(item.job.scheduledDate, [...(days.get(item.job.scheduledDate) ?? []), item]);
  return [...days];
}

/** "Today", "Tomorrow" or the day's date, in the user's language. */
function dayHeading(date: string, today: string, language: string): string {
  if (date === today) return t('tech.today');
  if (date === addDays(today, 1)) return t('tech.tomorrow');
  return dayLabel(date, language);
}

/** The technician's job list, one section per day. */
export function JobsPage() {
  const language = useLanguage();
  const from = todayInIndia();
  const jobs = useQuery({
    queryKey: ['jobs', from],
    queryFn: async (): Promise<Job[]> => {
      // The open jobs of any date, and every job from today on (a job in both is listed once),
      // each list to its last page.
      const [openSurveys, surveysAhead, openInstallations, installationsAhead] = await Promise.all([
        everyPage(async (cursor) => bodyOf(await api.GET('/api/v1/surveys', { params: { query: { status: OPEN_SURVEY, limit: 100, cursor } } }))),
        everyPage(async (cursor) => bodyOf(await api.GET('/api/v1/surveys', { params: { query: { from, limit: 100, cursor } } }))),
        everyPage(async (cursor) => bodyOf(await api.GET('/api/v1/installations', { params: { query: { status: OPEN_INSTALLATION, limit: 100, cursor } } }))),
        everyPage(async (cursor) => bodyOf(await api.GET('/api/v1/installations', { params: { query: { from, limit: 100, cursor } } }))),
      ]);
      const all = new Map<string, Job>();
      for (const job of [...openSurveys, ...surveysAhead]) all.set(`survey ${job.id}`, { kind: 'survey', job });
      for (const job of [...openInstallations, ...installationsAhead]) all.set(`installation ${job.id}`, { kind: 'installation', job });
      const key = ({ job }: Job) => `${job.scheduledDate} ${TIME_SLOTS.indexOf(job.scheduledTimeSlot)}`;
      return [...all.values()].sort((a, b) => key(a).localeCompare(key(b)));
    },
  });
  return (
    <Stack gap="sm" maw={560}>
      <Title order={1}>{t('jobs.heading')}</Title>
      {jobs.isPending && <Text>{t('common.loading')}</Text>}
      {jobs.error && <Alert color="red" role="alert">{t('common.error', { detail: jobs.error.message })}</Alert>}
      {jobs.data?.length === 0 && <Text>{t('jobs.empty')}</Text>}
      {jobs.data && byDay(jobs.data).map(([date, items]) => (
        <Stack key={date} gap="xs" component="section" aria-label={dayHeading(date, from, language)}>
          <Title order={2} size="h5">{dayHeading(date, from, language)}</Title>
          {items.map((item) => <JobCard key={item.job.id} item={item} link />)}
        </Stack>
      ))}
    </Stack>
  );
}

/** The ids of the technician's own teams (`GET /teams` is scoped to them): only those answer an assignment. */
export function useMyTeamIds(): Set<string> | undefined {
  const teams = useQuery({
    queryKey: ['my-teams'],
    staleTime: 60_000,
    // Every page: a technician in more than 100 teams still answers for each of them.
    queryFn: () => everyPage(async (cursor) => bodyOf(await api.GET('/api/v1/teams', { params: { query: { limit: 100, cursor } } }))),
  });
  return teams.data && new Set(teams.data.map((team) => team.id));
}

/**
 * Whether the technician is a member of the job's primary team, which alone does the work (start,
 * completion, photos, the report: the API answers 403 `*_NOT_PRIMARY_TEAM` to a backup member);
 * undefined until the technician's teams are known. The job card and the job page both ask this.
 */
export function onPrimaryTeam(job: Survey | Installation, myTeams: Set<string> | undefined): boolean | undefined {
  if (!myTeams) return undefined;
  // Once the work is done no team is active: the team that did it (an installation takes its photos until the closure pack).
  const primary = job.primaryTeam ?? job.assignments.find((a) => a.isPrimary && a.status === 'completed')?.team ?? null;
  return primary !== null && myTeams.has(primary.id);
}

/** Reads a job again, on its page and in the list: after any write, refused or not. */
export function useJobRefresh(kind: Job['kind'], id: string): () => Promise<unknown> {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: ['job', kind, id] }), queryClient.invalidateQueries({ queryKey: ['jobs'] })]);
}

/**
 * Why a technician's call failed, in the user's language where the console can say it: a 412 (the
 * job changed since it was read; it has been read again), the API's refusal in its own words, or
 * no signal (no answer at all, or a 5xx on the way).
 */
export function failureText(error: Error): string {
  if (error instanceof ApiFailure && error.status === 412) return t('tech.changed');
  return error instanceof ApiFailure && error.status < 500 ? error.message : t('tech.offline');
}

/** A job's card: kind and reference, slot, customer and address, accept/decline and start. */
export function JobCard({ item, link = false }: { item: Job; link?: boolean }) {
  const { kind, job } = item;
  // Read again after a failure too: a 412 then sends the job's new version, and a call whose
  // answer was lost shows what it did.
  const refresh = useJobRefresh(kind, job.id);
  const respond = useMutation({
    mutationFn: async ({ assignment, status }: { assignment: Assignment; status: 'accepted' | 'declined' }) => {
      const params = { path: { id: job.id, assignmentId: assignment.id }, header: ifMatch(job) };
      return kind === 'survey'
        ? bodyOf(await api.PATCH('/api/v1/surveys/{id}/assignments/{assignmentId}', { params, body: { status } }))
        : bodyOf(await api.PATCH('/api/v1/installations/{id}/assignments/{assignmentId}', { params, body: { status } }));
    },
    onSettled: refresh,
  });
  const start = useMutation({
    mutationFn: async () => {
      const params = { path: { id: job.id }, header: ifMatch(job) };
      return kind === 'survey'
        ? bodyOf(await api.POST('/api/v1/surveys/{id}/start', { params }))
        : bodyOf(await api.POST('/api/v1/installations/{id}/transitions', { params, body: { to: 'in_progress' } }));
    },
    onSettled: refresh,
  });
  const myTeams = useMyTeamIds();
  // A backup team's pending assignment is for its own members to answer, not this technician.
  const pending = job.assignments.filter((assignment) => assignment.status === 'assigned' && myTeams?.has(assignment.team.id));
  // Only the primary team starts the work (the backup stands by).
  const canStart = onPrimaryTeam(job, myTeams) === true && (kind === 'survey' ? job.allowedActions.includes('start') : job.allowedActions.includes('in_progress'));
  const reference = kind === 'survey' ? job.surveyId : job.installationId;
  const lead = job.lead;
  // A failure whose change the job read again shows (the answer was lost, not the call) is moot.
  const answered = respond.variables && job.assignments.some((assignment) => assignment.id === respond.variables.assignment.id && assignment.status === respond.variables.status);
  const error = (answered ? null : respond.error) ?? (job.status === 'in_progress' ? null : start.error);
  return (
    <Card withBorder padding="sm" component="article" aria-label={`${t(kind === 'survey' ? 'jobs.survey' : 'jobs.installation')} ${reference}`}>
      <Group justify="space-between" gap={4}>
        <Text fw={700}>{t(kind === 'survey' ? 'jobs.survey' : 'jobs.installation')} · {reference}</Text>
        <Badge variant="light">{t(`tech.status.${job.status}`)}</Badge>
      </Group>
      <Text size="sm">{t('jobs.slot', { date: job.scheduledDate, slot: job.scheduledTimeSlot })}</Text>
      <Text mt={4}>{lead.customerName}</Text>
      <Anchor href={`tel:${lead.customerPhone}`} size="sm">{t('jobs.call', { phone: lead.customerPhone })}</Anchor>
      <Text size="sm" c="dimmed">{[lead.addressLine1, lead.addressLine2, lead.city, lead.pincode].filter(Boolean).join(', ')}</Text>
      {job.primaryTeam && <Text size="xs" c="dimmed">{t('jobs.team', { name: job.primaryTeam.name })}</Text>}
      {job.assignments.some((assignment) => assignment.status === 'accepted') && <Badge mt={4} color="green" variant="light">{t('jobs.accepted')}</Badge>}
      {error && <Alert mt="xs" color={error instanceof ApiFailure && error.status === 412 ? 'orange' : 'red'} role="alert">{failureText(error)}</Alert>}
      <Group mt="sm" gap="xs" grow>
        {pending.map((assignment) => (
          <Group key={assignment.id} gap="xs" grow>
            <Button loading={respond.isPending && respond.variables?.status === 'accepted'} onClick={() => respond.mutate({ assignment, status: 'accepted' })}>{t('jobs.accept')}</Button>
            <Button variant="outline" color="red" loading={respond.isPending && respond.variables?.status === 'declined'} onClick={() => respond.mutate({ assignment, status: 'declined' })}>{t('jobs.decline')}</Button>
          </Group>
        ))}
        {canStart && pending.length === 0 && <Button color="green" loading={start.isPending} onClick={() => start.mutate()}>{t('jobs.start')}</Button>}
      </Group>
      {link && <Text mt="xs"><AnchorLink to="/jobs/$kind/$jobId" params={{ kind, jobId: job.id }}>{t('tech.open')}</AnchorLink></Text>}
    </Card>
  );
}
