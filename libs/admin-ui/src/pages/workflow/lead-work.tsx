/**
 * The work on a lead, under its details (loaded with the page on demand, so the first load stays
 * small): documents for staff and the owning OEM; for staff the survey (schedule it in a free slot,
 * review the report and photos, approve or reject with a reason) and the installation (plan it with
 * a primary and a backup team, the readiness checklist, the report, the closure pack). The OEM
 * reads the installation's status and downloads the closure pack once the lead is closed.
 */
import type { Schemas } from '@chargeops/api-client';
import { Alert, Badge, Button, Card, Checkbox, Group, Image, List, NativeSelect, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { mayChangeLeads } from '../../access';
import { statusLabel, t, useLanguage, type MessageKey } from '../../i18n';
import { ApiFailure, bodyOf } from '../../problem';
import { api, useSession } from '../../session';
import { DocumentsPanel } from './documents';
import { useBlobUrl } from './files';
import { downloadClosurePack } from '../roles/downloads';
import { MediaGallery } from './media';
import { useCityTeams } from '../pickers';
import { MoreTeams, SlotPicker, type SlotChoice } from './schedule';

type Lead = Schemas['LeadResponseDto'];
type Survey = Schemas['SurveyResponseDto'];
type Installation = Schemas['InstallationResponseDto'];
type Assignment = Schemas['AssignmentResponseDto'];

const ifMatch = (job: { version: number }) => ({ 'if-match': `W/"${job.version}"` });

/** The panels under a lead's details; `onChanged` reloads the lead and its timeline. */
export default function LeadWork({ lead, onChanged }: { lead: Lead; onChanged: () => Promise<unknown> }) {
  useLanguage();
  const session = useSession();
  const staff = mayChangeLeads(session?.user.role);
  const open = lead.status !== 'closed' && lead.status !== 'cancelled';
  return (
    <Stack gap="md">
      {/* An OEM's documents are in its own panel (roles/oem-lead.tsx: the ones it uploaded). */}
      {staff && <DocumentsPanel leadId={lead.id} mayUpload={open} mayDelete={open} onUploaded={onChanged} />}
      {staff && <SurveyPanel lead={lead} onChanged={onChanged} />}
      {staff ? <InstallationPanel lead={lead} onChanged={onChanged} /> : <OemInstallation lead={lead} />}
    </Stack>
  );
}

/** A label and its value in a definition list. */
function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed">{label}</Text>
      <Text component="dd" m={0} size="sm">{children}</Text>
    </div>
  );
}

const yesNo = (value: boolean) => t(value ? 'flow.yes' : 'flow.no');

/**
 * Runs a write of a job, then reads the job again whether it went through or not: after a refusal
 * (a 412: someone changed the job) the panel shows the job as it is now, so a retry can succeed.
 * The write's error is rethrown for its form to show.
 */
async function readAgainAfter(refetch: () => Promise<unknown>, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } finally {
    await refetch();
  }
}

/** The active assignments (primary first) with the answer each team gave. */
function activeAssignments(assignments: Assignment[]): Assignment[] {
  return assignments.filter((assignment) => assignment.status !== 'cancelled' && assignment.status !== 'declined').sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
}

/**
 * The job's teams. While the workflow allows assigning (before the work starts), Central Ops
 * names a team of the city as primary or backup (`POST …/assignments`; naming the backup as
 * primary promotes it) and removes one (`PATCH …/assignments/{id}` to `cancelled`: a removed
 * primary hands its booking to the backup, or frees the slot). `onChanged` after a change,
 * `onFailed` after a refused one (the job is read again: a 412 means it changed meanwhile).
 */
function Teams({ kind, job, city, canAssign, onChanged, onFailed }: {
  kind: 'survey' | 'installation';
  job: { id: string; version: number; assignments: Assignment[] };
  city: string;
  canAssign: boolean;
  onChanged: () => Promise<unknown>;
  onFailed: () => void;
}) {
  const active = activeAssignments(job.assignments);
  const teams = useCityTeams(city, canAssign);
  const [teamId, setTeamId] = useState('');
  const assign = useMutation({
    mutationFn: async (body: Schemas['CreateAssignmentDto']) => {
      const params = { path: { id: job.id }, header: ifMatch(job) };
      return kind === 'survey'
        ? bodyOf(await api.POST('/api/v1/surveys/{id}/assignments', { params, body }))
        : bodyOf(await api.POST('/api/v1/installations/{id}/assignments', { params, body }));
    },
    onSuccess: onChanged,
    onError: onFailed,
  });
  const remove = useMutation({
    mutationFn: async (assignment: Assignment) => {
      const params = { path: { id: job.id, assignmentId: assignment.id }, header: ifMatch(job) };
      const body = { status: 'cancelled' as const };
      return kind === 'survey'
        ? bodyOf(await api.PATCH('/api/v1/surveys/{id}/assignments/{assignmentId}', { params, body }))
        : bodyOf(await api.PATCH('/api/v1/installations/{id}/assignments/{assignmentId}', { params, body }));
    },
    onSuccess: onChanged,
    onError: onFailed,
  });
  const candidates = (teams.data ?? []).filter((team) => !active.some((assignment) => assignment.team.id === team.id));
  const chosen = teamId || candidates[0]?.id || '';
  return (
    <Stack gap={4}>
      <List size="sm" spacing={2}>
        {active.map((assignment) => (
          <List.Item key={assignment.id}>
            {t(assignment.isPrimary ? 'flow.primary' : 'flow.backup', { team: assignment.team.name })} · {t(`flow.assignment.${assignment.status}` as MessageKey)}
            {canAssign && (
              <Button ml="xs" size="compact-xs" variant="subtle" color="red" loading={remove.isPending && remove.variables?.id === assignment.id}
                aria-label={t('flow.removeTeam', { team: assignment.team.name })} onClick={() => { assign.reset(); remove.mutate(assignment); }}>
                {t('flow.remove')}
              </Button>
            )}
          </List.Item>
        ))}
      </List>
      {canAssign && candidates.length > 0 && (
        <Group gap="xs" align="flex-end">
          <NativeSelect size="xs" label={t('flow.otherTeam')} value={chosen} onChange={(event) => setTeamId(event.currentTarget.value)} data={candidates.map((team) => ({ value: team.id, label: team.name }))} />
          <Button size="xs" variant="default" loading={assign.isPending && assign.variables?.isPrimary} onClick={() => { remove.reset(); assign.mutate({ teamId: chosen, isPrimary: true }); }}>{t('flow.makePrimary')}</Button>
          <Button size="xs" variant="default" loading={assign.isPending && assign.variables?.isPrimary === false} onClick={() => { remove.reset(); assign.mutate({ teamId: chosen, isPrimary: false }); }}>{t('flow.makeBackup')}</Button>
        </Group>
      )}
      {canAssign && <MoreTeams teams={teams} />}
      <Failure error={assign.error ?? remove.error} />
    </Stack>
  );
}

/**
 * Reschedule (a new free slot of the same primary team, with a reason for the timeline) and
 * cancel (a reason required) of a survey or an installation, when its workflow allows them.
 */
function RescheduleOrCancel({ city, teamId, canReschedule, canCancel, onReschedule, onCancel }: {
  city: string;
  teamId: string | undefined;
  canReschedule: boolean;
  canCancel: boolean;
  onReschedule: (choice: SlotChoice, reason: string) => Promise<unknown>;
  onCancel: (reason: string) => Promise<unknown>;
}) {
  const [mode, setModeState] = useState<'reschedule' | 'cancel' | null>(null);
  const [reason, setReason] = useState('');
  // Each form starts empty: a reschedule's reason is not a cancellation's.
  const setMode = (next: typeof mode) => {
    setModeState(next);
    setReason('');
  };
  const cancel = useMutation({ mutationFn: () => onCancel(reason.trim()), onSuccess: () => setMode(null) });
  if (!canReschedule && !canCancel) return null;
  return (
    <Stack gap="xs">
      {mode === null && (
        <Group gap="xs">
          {canReschedule && teamId && <Button size="xs" variant="default" onClick={() => setMode('reschedule')}>{t('flow.reschedule')}</Button>}
          {canCancel && <Button size="xs" variant="outline" color="red" onClick={() => setMode('cancel')}>{t('flow.cancelJob')}</Button>}
        </Group>
      )}
      {mode !== null && (
        <Textarea label={t(mode === 'cancel' ? 'flow.cancelReason' : 'flow.rescheduleReason')} required={mode === 'cancel'} value={reason} onChange={(event) => setReason(event.currentTarget.value)} maxLength={500} autosize minRows={1} maw={480} />
      )}
      {mode === 'reschedule' && teamId && (
        <SlotPicker city={city} fixedTeamId={teamId} withBackup={false} submitLabel={t('flow.confirmReschedule')} onSubmit={async (choice) => { await onReschedule(choice, reason.trim()); setMode(null); }} onCancel={() => setMode(null)} />
      )}
      {mode === 'cancel' && (
        <Group gap="xs">
          <Button color="red" disabled={!reason.trim()} loading={cancel.isPending} onClick={() => cancel.mutate()}>{t('flow.confirmCancel')}</Button>
          <Button variant="default" onClick={() => setMode(null)}>{t('common.cancel')}</Button>
        </Group>
      )}
      <Failure error={cancel.error} />
    </Stack>
  );
}

/** A failure message: a 412 says someone else changed the job (the panel has read it again). */
function Failure({ error }: { error: Error | null }) {
  if (!error) return null;
  const stale = error instanceof ApiFailure && error.status === 412;
  return <Alert color={stale ? 'orange' : 'red'} role="alert">{stale ? t('flow.jobConflict') : error.message}</Alert>;
}

function SurveyPanel({ lead, onChanged }: { lead: Lead; onChanged: () => Promise<unknown> }) {
  const [scheduling, setScheduling] = useState(false);
  const summary = lead.survey;
  const closed = summary && (summary.status === 'rejected' || summary.status === 'cancelled');
  const canSchedule = lead.status === 'documents_received' && (!summary || closed);
  const schedule = async (choice: SlotChoice) => {
    bodyOf(await api.POST('/api/v1/leads/{id}/surveys', { params: { path: { id: lead.id } }, body: choice }));
    setScheduling(false);
    await onChanged();
  };
  return (
    <Card withBorder component="section" aria-label={t('flow.survey')}>
      <Title order={2} size="h4" mb="sm">{t('flow.survey')}</Title>
      {summary && <SurveyDetails key={summary.id} surveyId={summary.id} onChanged={onChanged} />}
      {!summary && !canSchedule && <Text size="sm">{t('flow.surveyNotYet')}</Text>}
      {canSchedule && !scheduling && <Button mt="sm" onClick={() => setScheduling(true)}>{t('flow.scheduleSurvey')}</Button>}
      {canSchedule && scheduling && (
        <Stack mt="sm">
          <Text size="sm">{t('flow.pickSlot', { city: lead.city })}</Text>
          <SlotPicker city={lead.city} withBackup submitLabel={t('flow.confirmSurvey')} onSubmit={schedule} onCancel={() => setScheduling(false)} />
        </Stack>
      )}
    </Card>
  );
}

function SurveyDetails({ surveyId, onChanged }: { surveyId: string; onChanged: () => Promise<unknown> }) {
  const survey = useQuery({ queryKey: ['survey', surveyId], queryFn: async () => bodyOf(await api.GET('/api/v1/surveys/{id}', { params: { path: { id: surveyId } } })) });
  const [rejecting, setRejecting] = useState(false);
  const [approvalNotes, setApprovalNotes] = useState('');
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: async ({ survey: current, approve }: { survey: Survey; approve: boolean }) => {
      const params = { path: { id: current.id }, header: ifMatch(current) };
      return approve
        ? bodyOf(await api.POST('/api/v1/surveys/{id}/approve', { params, body: { notes: approvalNotes || undefined } }))
        : bodyOf(await api.POST('/api/v1/surveys/{id}/reject', { params, body: { reason } }));
    },
    onSuccess: async () => {
      setRejecting(false);
      await survey.refetch();
      await onChanged();
    },
    onError: () => void survey.refetch(),
  });
  if (!survey.data) return survey.error ? <Failure error={survey.error} /> : <Text>{t('common.loading')}</Text>;
  const data = survey.data;
  const report = data.report;
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Text fw={600}>{data.surveyId}</Text>
        <Badge variant="light" aria-label={`${t('flow.surveyStatus')}: ${statusLabel(data.status)}`}>{statusLabel(data.status)}</Badge>
        <Text size="sm">{t('flow.when', { date: data.scheduledDate, slot: data.scheduledTimeSlot })}</Text>
      </Group>
      <Teams kind="survey" job={data} city={data.lead.city} canAssign={data.allowedActions.includes('assign')} onChanged={async () => { await survey.refetch(); await onChanged(); }} onFailed={() => void survey.refetch()} />
      {data.closingReason && <Text size="sm">{t('flow.closingReason', { reason: data.closingReason })}</Text>}
      {report && (
        <Stack gap={4} component="section" aria-label={t('flow.surveyReport')}>
          <Text fw={600} size="sm">{t('flow.surveyReport')}</Text>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" component="dl">
            <Field label={t('tech.survey.feasible')}>{yesNo(report.feasible)}</Field>
            <Field label={t('tech.survey.parkingType')}>{t(`tech.parking.${report.parkingType}`)}</Field>
            <Field label={t('tech.survey.supplyPhase')}>{t(`tech.phase.${report.supplyPhase}`)}</Field>
            <Field label={t('tech.survey.sanctionedLoadKw')}>{report.sanctionedLoadKw}</Field>
            <Field label={t('tech.survey.earthingAvailable')}>{yesNo(report.earthingAvailable)}</Field>
            <Field label={t('tech.survey.meterToChargerDistanceM')}>{report.meterToChargerDistanceM}</Field>
            <Field label={t('tech.survey.cableLengthM')}>{report.cableLengthM}</Field>
            <Field label={t('tech.survey.civilWorkRequired')}>{yesNo(report.civilWorkRequired)}</Field>
            <Field label={t('tech.survey.recommendedChargerModel')}>{report.recommendedChargerModel}</Field>
            <Field label={t('tech.survey.notes')}>{report.notes || t('common.none')}</Field>
          </SimpleGrid>
        </Stack>
      )}
      <MediaGallery kind="survey" jobId={data.id} label={t('flow.surveyPhotos')} />
      <RescheduleOrCancel
        city={data.lead.city}
        teamId={data.primaryTeam?.id}
        canReschedule={data.allowedActions.includes('reschedule')}
        canCancel={data.allowedActions.includes('cancel')}
        onReschedule={(choice, why) => readAgainAfter(survey.refetch, async () => {
          bodyOf(await api.POST('/api/v1/surveys/{id}/reschedule', { params: { path: { id: data.id }, header: ifMatch(data) }, body: { scheduledDate: choice.scheduledDate, scheduledTimeSlot: choice.scheduledTimeSlot, reason: why || undefined } }));
          await onChanged();
        })}
        onCancel={(why) => readAgainAfter(survey.refetch, async () => {
          bodyOf(await api.POST('/api/v1/surveys/{id}/cancel', { params: { path: { id: data.id }, header: ifMatch(data) }, body: { reason: why } }));
          await onChanged();
        })}
      />
      <Failure error={decide.error} />
      {data.allowedActions.includes('approve') && !rejecting && (
        <Stack gap="xs" maw={480}>
          <Textarea label={t('flow.approvalNotes')} value={approvalNotes} onChange={(event) => setApprovalNotes(event.currentTarget.value)} maxLength={2000} autosize minRows={1} />
          <Group gap="xs">
            <Button color="green" loading={decide.isPending && decide.variables?.approve} onClick={() => decide.mutate({ survey: data, approve: true })}>{t('flow.approveSurvey')}</Button>
            <Button color="red" variant="outline" onClick={() => setRejecting(true)}>{t('flow.rejectSurvey')}</Button>
          </Group>
        </Stack>
      )}
      {data.allowedActions.includes('reject') && rejecting && (
        <Stack gap="xs" maw={480}>
          <Textarea label={t('flow.rejectReason')} required value={reason} onChange={(event) => setReason(event.currentTarget.value)} maxLength={500} autosize minRows={2} />
          <Group gap="xs">
            <Button color="red" disabled={!reason.trim()} loading={decide.isPending} onClick={() => decide.mutate({ survey: data, approve: false })}>{t('flow.confirmReject')}</Button>
            <Button variant="default" onClick={() => setRejecting(false)}>{t('common.cancel')}</Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

function InstallationPanel({ lead, onChanged }: { lead: Lead; onChanged: () => Promise<unknown> }) {
  const [planning, setPlanning] = useState(false);
  // After a cancelled installation the lead is back in survey_completed: a new one may be planned.
  const canPlan = lead.status === 'survey_completed' && (!lead.installation || lead.installation.status === 'cancelled') && lead.survey?.status === 'approved';
  if (!lead.installation && !canPlan) return null;
  const plan = async (choice: SlotChoice) => {
    bodyOf(await api.POST('/api/v1/surveys/{id}/installation', { params: { path: { id: lead.survey!.id } }, body: choice }));
    setPlanning(false);
    await onChanged();
  };
  return (
    <Card withBorder component="section" aria-label={t('flow.installation')}>
      <Title order={2} size="h4" mb="sm">{t('flow.installation')}</Title>
      {lead.installation && <InstallationDetails key={lead.installation.id} installationId={lead.installation.id} onChanged={onChanged} />}
      {canPlan && !planning && <Button onClick={() => setPlanning(true)}>{t('flow.planInstallation')}</Button>}
      {canPlan && planning && (
        <Stack>
          <Text size="sm">{t('flow.pickSlot', { city: lead.city })}</Text>
          <SlotPicker city={lead.city} withBackup submitLabel={t('flow.confirmInstallation')} onSubmit={plan} onCancel={() => setPlanning(false)} />
        </Stack>
      )}
    </Card>
  );
}

function InstallationDetails({ installationId, onChanged }: { installationId: string; onChanged: () => Promise<unknown> }) {
  const installation = useQuery({ queryKey: ['installation', installationId], queryFn: async () => bodyOf(await api.GET('/api/v1/installations/{id}', { params: { path: { id: installationId } } })) });
  const after = {
    onSuccess: async () => {
      await installation.refetch();
      await onChanged();
    },
    onError: () => void installation.refetch(),
  };
  const move = useMutation({
    mutationFn: async ({ job, to }: { job: Installation; to: Schemas['InstallationTransitionTarget'] }) =>
      bodyOf(await api.POST('/api/v1/installations/{id}/transitions', { params: { path: { id: job.id }, header: ifMatch(job) }, body: { to } })),
    ...after,
  });
  const confirm = useMutation({
    mutationFn: async ({ job, customerConfirmed }: { job: Installation; customerConfirmed: boolean }) =>
      bodyOf(await api.PATCH('/api/v1/installations/{id}', { params: { path: { id: job.id }, header: ifMatch(job) }, body: { customerConfirmed } })),
    ...after,
  });
  const pack = useMutation({
    mutationFn: async (job: Installation) => bodyOf(await api.POST('/api/v1/installations/{id}/closure-pack', { params: { path: { id: job.id } } })),
    ...after,
  });
  if (!installation.data) return installation.error ? <Failure error={installation.error} /> : <Text>{t('common.loading')}</Text>;
  const job = installation.data;
  const primaryAccepted = job.assignments.some((assignment) => assignment.isPrimary && assignment.status === 'accepted');
  const allowed = job.allowedActions;
  const report = job.report;
  const beforeConfirmed = ['planned', 'material_pending', 'material_ready', 'rescheduled'].includes(job.status);
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Text fw={600}>{job.installationId}</Text>
        <Badge variant="light" aria-label={`${t('flow.installationStatus')}: ${statusLabel(job.status)}`}>{statusLabel(job.status)}</Badge>
        <Text size="sm">{t('flow.when', { date: job.scheduledDate, slot: job.scheduledTimeSlot })}</Text>
      </Group>
      <Teams kind="installation" job={job} city={job.lead.city} canAssign={allowed.includes('assign')} onChanged={after.onSuccess} onFailed={after.onError} />
      {beforeConfirmed && (
        <Stack gap={6} component="section" aria-label={t('flow.readiness')}>
          <Text fw={600} size="sm">{t('flow.readiness')}</Text>
          <Group gap="xs">
            <Checkbox readOnly checked={job.materialReady} label={t('flow.materialReady')} />
            {allowed.includes('material_pending') && <Button size="compact-sm" variant="default" loading={move.isPending && move.variables?.to === 'material_pending'} onClick={() => move.mutate({ job, to: 'material_pending' })}>{t('flow.materialOrdered')}</Button>}
            {allowed.includes('material_ready') && <Button size="compact-sm" variant="default" loading={move.isPending && move.variables?.to === 'material_ready'} onClick={() => move.mutate({ job, to: 'material_ready' })}>{t('flow.markMaterialReady')}</Button>}
          </Group>
          <Checkbox
            checked={job.customerConfirmed}
            disabled={!allowed.includes('update') || confirm.isPending}
            label={t('flow.customerConfirmed')}
            onChange={(event) => confirm.mutate({ job, customerConfirmed: event.currentTarget.checked })}
          />
          <Checkbox readOnly checked={primaryAccepted} label={t('flow.primaryAccepted')} />
          {allowed.includes('confirmed') && (
            <Button w="fit-content" disabled={!(job.materialReady && job.customerConfirmed && primaryAccepted)} loading={move.isPending && move.variables?.to === 'confirmed'} onClick={() => move.mutate({ job, to: 'confirmed' })}>
              {t('flow.confirmReady')}
            </Button>
          )}
        </Stack>
      )}
      <Failure error={move.error ?? confirm.error ?? pack.error} />
      {report && (
        <Stack gap={4} component="section" aria-label={t('flow.installationReport')}>
          <Text fw={600} size="sm">{t('flow.installationReport')}</Text>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" component="dl">
            <Field label={t('tech.install.installationSuccessful')}>{yesNo(report.installationSuccessful)}</Field>
            <Field label={t('tech.install.chargerModel')}>{report.chargerModel}</Field>
            <Field label={t('tech.install.chargerSerialNumber')}>{report.chargerSerialNumber}</Field>
            <Field label={t('tech.install.demoGiven')}>{yesNo(report.demoGiven)}</Field>
            <Field label={t('tech.install.signature')}>{report.customerSignature ? t('flow.signed') : t('common.none')}</Field>
            <Field label={t('tech.install.issuesEncountered')}>{report.issuesEncountered || t('common.none')}</Field>
            <Field label={t('tech.install.generalNotes')}>{report.generalNotes || t('common.none')}</Field>
          </SimpleGrid>
          {report.customerSignature && <CustomerSignature installationId={job.id} sha256={report.customerSignature.sha256} />}
        </Stack>
      )}
      <MediaGallery kind="installation" jobId={job.id} label={t('flow.installationPhotos')} />
      <RescheduleOrCancel
        city={job.lead.city}
        teamId={job.primaryTeam?.id}
        canReschedule={allowed.includes('reschedule')}
        canCancel={allowed.includes('cancel')}
        onReschedule={(choice, why) => readAgainAfter(installation.refetch, async () => {
          bodyOf(await api.POST('/api/v1/installations/{id}/reschedule', { params: { path: { id: job.id }, header: ifMatch(job) }, body: { scheduledDate: choice.scheduledDate, scheduledTimeSlot: choice.scheduledTimeSlot, reason: why || undefined } }));
          await onChanged();
        })}
        onCancel={(why) => readAgainAfter(installation.refetch, async () => {
          bodyOf(await api.POST('/api/v1/installations/{id}/transitions', { params: { path: { id: job.id }, header: ifMatch(job) }, body: { to: 'cancelled', reason: why } }));
          await onChanged();
        })}
      />
      <Group gap="xs">
        {allowed.includes('close') && !job.closurePack && <Button color="green" loading={pack.isPending} onClick={() => pack.mutate(job)}>{t('flow.generatePack')}</Button>}
        {job.closurePack && <DownloadPack installation={job} />}
      </Group>
    </Stack>
  );
}

/** The OEM's view of the installation: status and slot from the lead, the closure pack once closed. */
function OemInstallation({ lead }: { lead: Lead }) {
  const installation = lead.installation;
  if (!installation) return null;
  return (
    <Card withBorder component="section" aria-label={t('flow.installation')}>
      <Title order={2} size="h4" mb="sm">{t('flow.installation')}</Title>
      <Group gap="sm">
        <Text fw={600}>{installation.installationId}</Text>
        <Badge variant="light">{statusLabel(installation.status)}</Badge>
        <Text size="sm">{t('flow.when', { date: installation.scheduledDate, slot: installation.scheduledTimeSlot })}</Text>
      </Group>
      {lead.closurePack && <Stack mt="sm"><DownloadPack installation={installation} /></Stack>}
    </Card>
  );
}

/**
 * "Download closure pack" (`GET /installations/{id}/closure-pack/content`), saved as the ZIP the
 * API names; a refused download (gone, not visible) says why under the button.
 */
function DownloadPack({ installation }: { installation: { id: string; installationId: string } }) {
  const download = useMutation({ mutationFn: () => downloadClosurePack(installation) });
  return (
    <>
      <Button variant="light" w="fit-content" loading={download.isPending} onClick={() => download.mutate()}>{t('flow.downloadPack')}</Button>
      {download.error && <Alert color="red" role="alert">{t('flow.downloadFailed', { detail: download.error.message })}</Alert>}
    </>
  );
}

/**
 * The customer's signature on the installation report, as drawn on the technician's phone: the
 * stored image (`GET /installations/{id}/report/signature`), fetched with the access token. `sha256`
 * keys it, so a replaced signature is fetched anew.
 */
function CustomerSignature({ installationId, sha256 }: { installationId: string; sha256: string }) {
  const { url, error } = useBlobUrl(['signature', installationId, sha256], async () =>
    bodyOf(await api.GET('/api/v1/installations/{id}/report/signature', { params: { path: { id: installationId } }, parseAs: 'blob' })) as unknown as Blob,
  );
  return (
    <Stack gap={2} mt="xs">
      <Text size="xs" c="dimmed">{t('flow.customerSignature')}</Text>
      {error && <Alert color="red" role="alert">{t('flow.signatureFailed', { detail: error.message })}</Alert>}
      {!error && !url && <Text size="sm">{t('common.loading')}</Text>}
      {url && <Image src={url} alt={t('flow.customerSignature')} h={120} w="auto" maw={360} fit="contain" bg="white" radius="sm" style={{ border: '1px solid var(--mantine-color-gray-4)' }} />}
    </Stack>
  );
}
