/**
 * One job of a field technician, phone first (360 × 740): the customer and the slot, accept or
 * decline and start (the job card of "My jobs"), photos from the camera, and the report form of
 * the job's kind: the survey report (`PUT /surveys/{id}/report`, the SurveyReport fields of
 * DESIGN §4) or the installation report (`PUT /installations/{id}/report`, seed 001's fields with
 * the customer's signature as a PNG). Only a member of the job's primary team gets the work's
 * controls; a backup member reads the job. Form state is kept as a draft; a failed submit keeps it
 * and says why, with the API's field errors under their inputs, and the job is read again after any
 * failed call (a 412 then says the job changed, and the next try sends its new version).
 */
import { multipart, type Schemas } from '@chargeops/api-client';
import { Alert, Button, Card, Checkbox, NativeSelect, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import type { PointGroup } from 'signature_pad';
import { AnchorLink } from '../../link';
import { t, useLanguage } from '../../i18n';
import { ApiFailure, bodyOf } from '../../problem';
import { api } from '../../session';
import { failureText, JobCard, onPrimaryTeam, useJobRefresh, useMyTeamIds } from '../jobs';
import { MediaGallery } from '../workflow/media';
import { useDraft } from './drafts';
import { JobPhotos } from './photos';
import { SignatureField, type SignatureHandle } from './signature';

type Survey = Schemas['SurveyResponseDto'];
type Installation = Schemas['InstallationResponseDto'];

const ifMatch = (job: { version: number }) => ({ 'if-match': `W/"${job.version}"` });

/** A failed call's alert: orange for a 412 (the job has been read again), red otherwise. */
const failureColor = (error: Error) => (error instanceof ApiFailure && error.status === 412 ? 'orange' : 'red');

/** The job page for `/admin/jobs/$kind/$jobId`. */
export function JobPage() {
  useLanguage();
  const { kind, jobId } = useParams({ from: '/jobs/$kind/$jobId' });
  const isSurvey = kind === 'survey';
  const job = useQuery({
    queryKey: ['job', kind, jobId],
    queryFn: async () =>
      isSurvey
        ? ({ kind: 'survey', job: bodyOf(await api.GET('/api/v1/surveys/{id}', { params: { path: { id: jobId } } })) } as const)
        : ({ kind: 'installation', job: bodyOf(await api.GET('/api/v1/installations/{id}', { params: { path: { id: jobId } } })) } as const),
  });
  const myTeams = useMyTeamIds();
  if (job.error) return <Alert color="red" role="alert">{job.error instanceof ApiFailure && job.error.status === 404 ? t('common.notFound') : t('common.error', { detail: job.error.message })}</Alert>;
  if (!job.data) return <Text>{t('common.loading')}</Text>;
  const item = job.data;
  const reference = item.kind === 'survey' ? item.job.surveyId : item.job.installationId;
  // The work is the primary team's: allowedActions follow the status alone, whoever asks.
  const onPrimary = onPrimaryTeam(item.job, myTeams);
  const actions: readonly string[] = onPrimary ? item.job.allowedActions : [];
  return (
    <Stack gap="sm" maw={560}>
      <AnchorLink to="/jobs">{t('tech.back')}</AnchorLink>
      <Title order={1} size="h3">{t(item.kind === 'survey' ? 'jobs.survey' : 'jobs.installation')} {reference}</Title>
      <JobCard item={item} />
      {onPrimary === false && <Alert color="gray" role="note">{t('tech.backupOnly')}</Alert>}
      {item.kind === 'installation' && actions.includes('completed') && <CompleteButton job={item.job} />}
      {actions.includes('media') && (
        <Card withBorder padding="sm" component="section" aria-label={t('tech.photos')}>
          <Title order={2} size="h5" mb="xs">{t('tech.photos')}</Title>
          <JobPhotos kind={item.kind} jobId={item.job.id} />
        </Card>
      )}
      {onPrimary === false && <MediaGallery kind={item.kind} jobId={item.job.id} label={t('tech.photos')} />}
      {item.kind === 'survey' && actions.includes('report') && <SurveyReportForm survey={item.job} />}
      {item.kind === 'installation' && actions.includes('report') && <InstallationReportForm installation={item.job} />}
      {item.job.report && <Alert color="green" role="status">{t('tech.reportSent', { at: new Date(item.job.report.submittedAt).toLocaleString() })}</Alert>}
    </Stack>
  );
}

/**
 * A report's submit: `send` once the form is valid; on success the draft goes. The job is read again
 * either way: after a failure, a retry then sends its new version (a 412 said it changed), and when
 * `alreadySent` finds the draft's report in it (the answer was lost, not the report) the draft goes
 * and the page shows the report as sent. The API's field errors come back keyed by field for the inputs.
 */
function useReportSubmit<J>(kind: 'survey' | 'installation', id: string, send: () => Promise<unknown>, clear: () => void, alreadySent?: (job: J) => boolean) {
  const queryClient = useQueryClient();
  const refresh = useJobRefresh(kind, id);
  const submit = useMutation({
    mutationFn: async () => {
      try {
        return await send();
      } catch (error) {
        await refresh();
        const read = queryClient.getQueryData<{ job: J }>(['job', kind, id]);
        // The report is in as drafted: sent, whatever became of the answer.
        if (read && alreadySent?.(read.job)) return read.job;
        throw error;
      }
    },
    onSuccess: async () => {
      clear();
      await refresh();
    },
  });
  return { submit, errors: submit.error instanceof ApiFailure ? submit.error.fieldErrors : {} };
}

function CompleteButton({ job }: { job: Installation }) {
  const refresh = useJobRefresh('installation', job.id);
  const complete = useMutation({
    mutationFn: async () => bodyOf(await api.POST('/api/v1/installations/{id}/transitions', { params: { path: { id: job.id }, header: ifMatch(job) }, body: { to: 'completed' } })),
    // Refused or not, read the job again: a 412 then sends its new version, and a completion whose
    // answer was lost shows as done (this button goes with the status).
    onSettled: refresh,
  });
  return (
    <>
      {complete.error && <Alert color={failureColor(complete.error)} role="alert">{failureText(complete.error)}</Alert>}
      <Button color="green" loading={complete.isPending} onClick={() => complete.mutate()}>{t('tech.install.markCompleted')}</Button>
    </>
  );
}

const PARKING: readonly Schemas['ParkingType'][] = ['covered', 'open', 'basement', 'street'];
const PHASES: readonly Schemas['SupplyPhase'][] = ['single', 'three'];

/** The survey report's form state: numbers as typed, so a half-typed value survives. */
interface SurveyDraft {
  parkingType: string;
  supplyPhase: string;
  sanctionedLoadKw: string;
  earthingAvailable: boolean;
  meterToChargerDistanceM: string;
  cableLengthM: string;
  civilWorkRequired: boolean;
  recommendedChargerModel: string;
  feasible: boolean;
  notes: string;
}

const number = (value: string) => (value.trim() === '' ? undefined : Number(value.replace(',', '.')));

type SurveyReport = Schemas['SurveyReportDto'];

/** The fields of a survey report, sent and stored alike. */
const REPORT_FIELDS = [
  'parkingType', 'supplyPhase', 'sanctionedLoadKw', 'earthingAvailable', 'meterToChargerDistanceM', 'cableLengthM',
  'civilWorkRequired', 'recommendedChargerModel', 'feasible', 'notes',
] as const satisfies readonly (keyof SurveyReport)[];

/** The report a draft sends (`PUT /surveys/{id}/report`); what is missing or not a number the API names. */
function surveyReportOf(draft: SurveyDraft): SurveyReport {
  return {
    parkingType: (draft.parkingType || undefined) as Schemas['ParkingType'],
    supplyPhase: (draft.supplyPhase || undefined) as Schemas['SupplyPhase'],
    sanctionedLoadKw: number(draft.sanctionedLoadKw) as number,
    earthingAvailable: draft.earthingAvailable,
    meterToChargerDistanceM: number(draft.meterToChargerDistanceM) as number,
    cableLengthM: number(draft.cableLengthM) as number,
    civilWorkRequired: draft.civilWorkRequired,
    recommendedChargerModel: draft.recommendedChargerModel.trim(),
    feasible: draft.feasible,
    notes: draft.notes.trim() || undefined,
  };
}

function SurveyReportForm({ survey }: { survey: Survey }) {
  const [draft, update, clear] = useDraft<SurveyDraft>(`survey.${survey.id}`, {
    parkingType: '', supplyPhase: '', sanctionedLoadKw: '', earthingAvailable: false, meterToChargerDistanceM: '', cableLengthM: '',
    civilWorkRequired: false, recommendedChargerModel: '', feasible: true, notes: '',
  });
  const body = surveyReportOf(draft);
  const { submit, errors } = useReportSubmit('survey', survey.id, async () =>
      bodyOf(await api.PUT('/api/v1/surveys/{id}/report', { params: { path: { id: survey.id }, header: ifMatch(survey) }, body })),
    clear, (job: Survey) => job.report !== null && REPORT_FIELDS.every((field) => (job.report![field] ?? '') === (body[field] ?? '')));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate();
  };
  const text = (field: 'sanctionedLoadKw' | 'meterToChargerDistanceM' | 'cableLengthM') => (
    <TextInput label={t(`tech.survey.${field}`)} inputMode="decimal" value={draft[field]} onChange={(event) => update({ [field]: event.currentTarget.value })} error={errors[field]} />
  );
  return (
    <Card withBorder padding="sm" component="form" onSubmit={onSubmit} aria-label={t('tech.survey.heading')}>
      <Title order={2} size="h5" mb="xs">{t('tech.survey.heading')}</Title>
      <Stack gap="xs">
        <NativeSelect label={t('tech.survey.parkingType')} value={draft.parkingType} onChange={(event) => update({ parkingType: event.currentTarget.value })} error={errors.parkingType}
          data={[{ value: '', label: t('tech.choose') }, ...PARKING.map((value) => ({ value, label: t(`tech.parking.${value}`) }))]} />
        <NativeSelect label={t('tech.survey.supplyPhase')} value={draft.supplyPhase} onChange={(event) => update({ supplyPhase: event.currentTarget.value })} error={errors.supplyPhase}
          data={[{ value: '', label: t('tech.choose') }, ...PHASES.map((value) => ({ value, label: t(`tech.phase.${value}`) }))]} />
        {text('sanctionedLoadKw')}
        {text('meterToChargerDistanceM')}
        {text('cableLengthM')}
        <Checkbox label={t('tech.survey.earthingAvailable')} checked={draft.earthingAvailable} onChange={(event) => update({ earthingAvailable: event.currentTarget.checked })} />
        <Checkbox label={t('tech.survey.civilWorkRequired')} checked={draft.civilWorkRequired} onChange={(event) => update({ civilWorkRequired: event.currentTarget.checked })} />
        <Checkbox label={t('tech.survey.feasible')} checked={draft.feasible} onChange={(event) => update({ feasible: event.currentTarget.checked })} />
        <TextInput label={t('tech.survey.recommendedChargerModel')} value={draft.recommendedChargerModel} onChange={(event) => update({ recommendedChargerModel: event.currentTarget.value })} error={errors.recommendedChargerModel} maxLength={100} />
        <Textarea label={t('tech.survey.notes')} value={draft.notes} onChange={(event) => update({ notes: event.currentTarget.value })} error={errors.notes} maxLength={4000} autosize minRows={2} />
        {submit.error && <Alert color={failureColor(submit.error)} role="alert" title={t('tech.submitFailed')}>{failureText(submit.error)}</Alert>}
        <Button type="submit" loading={submit.isPending}>{t('tech.survey.submit')}</Button>
      </Stack>
    </Card>
  );
}

interface InstallationDraft {
  chargerModel: string;
  chargerSerialNumber: string;
  installationSuccessful: boolean;
  demoGiven: boolean;
  issuesEncountered: string;
  generalNotes: string;
  signature: PointGroup[];
}

function InstallationReportForm({ installation }: { installation: Installation }) {
  const pad = useRef<SignatureHandle>(null);
  const [signatureMissing, setSignatureMissing] = useState(false);
  const [draft, update, clear] = useDraft<InstallationDraft>(`installation.${installation.id}`, {
    chargerModel: installation.lead.chargerModel ?? '', chargerSerialNumber: '', installationSuccessful: true, demoGiven: false,
    issuesEncountered: '', generalNotes: '', signature: [],
  });
  const { submit, errors } = useReportSubmit('installation', installation.id, async () => {
      const signature = pad.current && !pad.current.isEmpty() ? { bytes: await pad.current.toPng(), name: 'customer-signature.png', type: 'image/png' } : undefined;
      return bodyOf(await api.PUT('/api/v1/installations/{id}/report', {
        params: { path: { id: installation.id }, header: ifMatch(installation) },
        body: multipart({
          chargerModel: draft.chargerModel.trim(),
          chargerSerialNumber: draft.chargerSerialNumber.trim(),
          installationSuccessful: draft.installationSuccessful ? 'true' : 'false',
          demoGiven: draft.demoGiven ? 'true' : 'false',
          issuesEncountered: draft.issuesEncountered.trim() || undefined,
          generalNotes: draft.generalNotes.trim() || undefined,
          signature,
        }),
      }));
    }, clear, (job: Installation) => job.report !== null && job.report.chargerModel === draft.chargerModel.trim() && job.report.chargerSerialNumber === draft.chargerSerialNumber.trim()
      && job.report.installationSuccessful === draft.installationSuccessful && job.report.demoGiven === draft.demoGiven
      && job.report.issuesEncountered === draft.issuesEncountered.trim() && job.report.generalNotes === draft.generalNotes.trim()
      && (job.report.customerSignature !== null) === draft.signature.length > 0);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const missing = draft.installationSuccessful && (pad.current?.isEmpty() ?? true);
    setSignatureMissing(missing);
    if (!missing) submit.mutate();
  };
  return (
    <Card withBorder padding="sm" component="form" onSubmit={onSubmit} aria-label={t('tech.install.heading')}>
      <Title order={2} size="h5" mb="xs">{t('tech.install.heading')}</Title>
      <Stack gap="xs">
        <TextInput label={t('tech.install.chargerModel')} value={draft.chargerModel} onChange={(event) => update({ chargerModel: event.currentTarget.value })} error={errors.chargerModel} maxLength={100} />
        <TextInput label={t('tech.install.chargerSerialNumber')} value={draft.chargerSerialNumber} onChange={(event) => update({ chargerSerialNumber: event.currentTarget.value })} error={errors.chargerSerialNumber} maxLength={50} />
        <Checkbox label={t('tech.install.installationSuccessful')} checked={draft.installationSuccessful} onChange={(event) => update({ installationSuccessful: event.currentTarget.checked })} />
        <Checkbox label={t('tech.install.demoGiven')} checked={draft.demoGiven} onChange={(event) => update({ demoGiven: event.currentTarget.checked })} />
        {!draft.installationSuccessful && (
          <Textarea label={t('tech.install.issuesEncountered')} withAsterisk value={draft.issuesEncountered} onChange={(event) => update({ issuesEncountered: event.currentTarget.value })} error={errors.issuesEncountered} maxLength={5000} autosize minRows={2} />
        )}
        <Textarea label={t('tech.install.generalNotes')} value={draft.generalNotes} onChange={(event) => update({ generalNotes: event.currentTarget.value })} error={errors.generalNotes} maxLength={5000} autosize minRows={2} />
        <SignatureField ref={pad} label={t('tech.install.signature')} strokes={draft.signature} onStrokes={(signature) => { update({ signature }); if (signature.length) setSignatureMissing(false); }}
          error={signatureMissing ? t('tech.install.signatureRequired') : errors.signature} />
        {submit.error && <Alert color={failureColor(submit.error)} role="alert" title={t('tech.submitFailed')}>{failureText(submit.error)}</Alert>}
        <Button type="submit" loading={submit.isPending}>{t('tech.install.submit')}</Button>
      </Stack>
    </Card>
  );
}
