/**
 * A team's week (DESIGN §4 slots `09-12`, `12-15`, `15-18`, Monday to Sunday) from
 * `GET /teams/{id}/schedule`, booked and free, and the slot picker that schedules a survey or
 * plans an installation with it: a team of the lead's city, optionally a backup team, a free slot.
 * A booking that lost the race (409 `SLOT_TAKEN`) says "slot just taken" and reloads the week; the
 * API's field errors show next to the input they name.
 */
import type { Schemas } from '@chargeops/api-client';
import { Alert, Badge, Button, Group, NativeSelect, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { AnchorLink } from '../../link';
import { t, useLanguage } from '../../i18n';
import { ApiFailure, bodyOf, formAlertOf } from '../../problem';
import { api } from '../../session';
import { useCityTeams } from '../pickers';
import { addDays, dayLabel, mondayOf, slotHasStarted, TIME_SLOTS, todayInIndia, type TimeSlot } from './dates';

type ScheduleSlot = Schemas['ScheduleSlotDto'];

/** A slot a user picked: the team's calendar date and window. */
export interface PickedSlot {
  scheduledDate: string;
  scheduledTimeSlot: TimeSlot;
}

/** The query key of a team's week, for invalidation after a booking. */
export const scheduleKey = (teamId: string) => ['schedule', teamId] as const;

/** Reads a team's schedule from `from` for seven days. */
export function useTeamWeek(teamId: string | undefined, from: string) {
  return useQuery({
    queryKey: [...scheduleKey(teamId ?? ''), from],
    enabled: Boolean(teamId),
    queryFn: async () => bodyOf(await api.GET('/api/v1/teams/{id}/schedule', { params: { path: { id: teamId! }, query: { from, to: addDays(from, 6) } } })),
  });
}

/** Previous / this / next week buttons over a Monday `week`. */
export function WeekNav({ week, onChange }: { week: string; onChange: (monday: string) => void }) {
  const language = useLanguage();
  return (
    <Group gap="xs">
      <Button size="xs" variant="default" onClick={() => onChange(addDays(week, -7))}>{t('flow.previousWeek')}</Button>
      <Button size="xs" variant="default" onClick={() => onChange(mondayOf(todayInIndia()))}>{t('flow.thisWeek')}</Button>
      <Button size="xs" variant="default" onClick={() => onChange(addDays(week, 7))}>{t('flow.nextWeek')}</Button>
      <Text size="sm" aria-live="polite">{t('flow.weekOf', { from: dayLabel(week, language), to: dayLabel(addDays(week, 6), language) })}</Text>
    </Group>
  );
}

/**
 * The week grid: one column per day, one row per slot. A booked slot names its job (linked to the
 * lead for staff); a free slot still ahead is a button when `onPick` is given (named
 * `Free <date> <slot>`), plain text otherwise; a slot that has started is greyed.
 */
export function TeamWeek({ teamId, week, picked, onPick, linkLeads = true }: {
  teamId: string;
  week: string;
  picked?: PickedSlot | null;
  onPick?: (slot: PickedSlot) => void;
  linkLeads?: boolean;
}) {
  const language = useLanguage();
  const schedule = useTeamWeek(teamId, week);
  if (schedule.error) return <Alert color="red" role="alert">{t('common.error', { detail: schedule.error.message })}</Alert>;
  if (!schedule.data) return <Text>{t('common.loading')}</Text>;
  const byDay = new Map(schedule.data.days.map((day) => [day.date, new Map(day.slots.map((slot) => [slot.timeSlot, slot]))]));
  const days = Array.from({ length: 7 }, (_, i) => addDays(week, i));
  return (
    <ScrollArea>
      <Table withTableBorder withColumnBorders aria-label={t('flow.calendarOf', { team: schedule.data.team.name })} miw={760}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('flow.slot')}</Table.Th>
            {days.map((day) => <Table.Th key={day}>{dayLabel(day, language)}</Table.Th>)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {TIME_SLOTS.map((slot) => (
            <Table.Tr key={slot}>
              <Table.Th scope="row">{slot}</Table.Th>
              {days.map((day) => (
                <Table.Td key={day} p={4}>
                  <SlotCell date={day} slot={slot} entry={byDay.get(day)?.get(slot)} picked={picked} onPick={onPick} linkLeads={linkLeads} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

function SlotCell({ date, slot, entry, picked, onPick, linkLeads }: { date: string; slot: TimeSlot; entry: ScheduleSlot | undefined; picked?: PickedSlot | null; onPick?: (slot: PickedSlot) => void; linkLeads: boolean }) {
  const booking = entry?.booking;
  if (booking) {
    const job = booking.kind === 'survey' ? booking.survey : booking.installation;
    const reference = booking.kind === 'survey' ? booking.survey?.surveyId : booking.installation?.installationId;
    return (
      <Stack gap={0} aria-label={t('flow.bookedSlot', { date, slot })}>
        <Badge size="xs" color={booking.kind === 'survey' ? 'blue' : 'grape'}>{t(booking.kind === 'survey' ? 'flow.booked.survey' : 'flow.booked.installation')}</Badge>
        <Text size="xs">{reference}</Text>
        {job && <Text size="xs">{linkLeads ? <AnchorLink to="/leads/$leadId" params={{ leadId: job.leadId }}>{job.customerName}</AnchorLink> : job.customerName}</Text>}
      </Stack>
    );
  }
  if (slotHasStarted(date, slot)) return <Text size="xs" c="dimmed">{t('flow.past')}</Text>;
  const isPicked = picked?.scheduledDate === date && picked.scheduledTimeSlot === slot;
  if (!onPick) return <Text size="xs" c="green">{t('flow.free')}</Text>;
  return (
    <Button size="compact-xs" fullWidth variant={isPicked ? 'filled' : 'light'} color="green" aria-pressed={isPicked} aria-label={t('flow.freeSlot', { date, slot })} onClick={() => onPick({ scheduledDate: date, scheduledTimeSlot: slot })}>
      {isPicked ? t('flow.chosen') : t('flow.free')}
    </Button>
  );
}

/**
 * "More teams" under a team picker while the city has teams beyond the pages loaded
 * ({@link useCityTeams}); named for the picker it extends.
 */
export function MoreTeams({ teams }: { teams: Pick<ReturnType<typeof useCityTeams>, 'hasNextPage' | 'isFetchingNextPage' | 'fetchNextPage'> }) {
  if (!teams.hasNextPage) return null;
  return (
    <Button size="xs" variant="subtle" loading={teams.isFetchingNextPage} onClick={() => void teams.fetchNextPage()}>
      {t('flow.moreTeams')}
    </Button>
  );
}

/** What a booking form sends: the slot, the primary team and maybe a backup. */
export interface SlotChoice extends PickedSlot {
  primaryTeamId: string;
  backupTeamId?: string;
}

/** The fields of a booking the picker has an input for, as the API names them in a 400. */
const PICKER_FIELDS = ['primaryTeamId', 'backupTeamId', 'scheduledDate', 'scheduledTimeSlot'] as const;

/**
 * Picks a team of `city` (and optionally a backup: never the primary itself) and a free slot of
 * its week, then calls `onSubmit`. A 409 `SLOT_TAKEN` or `SLOT_IN_PAST` from it shows "slot just
 * taken" and reloads the week; a 400's field errors show next to their inputs (the teams, the
 * chosen slot); other failures show their detail.
 */
export function SlotPicker({ city, submitLabel, withBackup, fixedTeamId, onSubmit, onCancel }: {
  city: string;
  submitLabel: string;
  withBackup: boolean;
  /** A reschedule keeps the job's primary team: only its week is shown. */
  fixedTeamId?: string;
  onSubmit: (choice: SlotChoice) => Promise<unknown>;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const teams = useCityTeams(city);
  const [teamId, setTeamId] = useState<string>('');
  const [backupId, setBackupId] = useState<string>('');
  const [week, setWeek] = useState(() => mondayOf(todayInIndia()));
  const [picked, setPicked] = useState<PickedSlot | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ taken: boolean; error: Error } | null>(null);
  const primary = fixedTeamId || teamId || teams.data?.[0]?.id || '';
  // The backup is another team than the primary: a primary changed to the chosen backup drops it.
  const backup = backupId === primary ? '' : backupId;
  const submit = async () => {
    if (!picked || !primary) return;
    setBusy(true);
    setFailure(null);
    try {
      await onSubmit({ ...picked, primaryTeamId: primary, backupTeamId: backup || undefined });
    } catch (error) {
      const code = error instanceof ApiFailure ? error.problem?.code : undefined;
      const taken = code === 'SLOT_TAKEN' || code === 'SLOT_IN_PAST';
      setFailure({ taken, error: error instanceof Error ? error : new Error(String(error)) });
      if (taken) {
        setPicked(null);
        await queryClient.invalidateQueries({ queryKey: scheduleKey(primary) });
      }
    } finally {
      setBusy(false);
    }
  };
  if (teams.isPending && !fixedTeamId) return <Text>{t('common.loading')}</Text>;
  if (!teams.data?.length && !fixedTeamId) return <Alert color="orange" role="alert">{t('flow.noTeams', { city })}</Alert>;
  const fieldErrors = failure?.error instanceof ApiFailure ? failure.error.fieldErrors : {};
  // What no input shows: the field errors of fields the picker has no input for, or the detail.
  const shown = PICKER_FIELDS.filter((field) => (field !== 'primaryTeamId' || !fixedTeamId) && (field !== 'backupTeamId' || withBackup));
  const alert = failure && !failure.taken ? formAlertOf(failure.error, shown) : null;
  const slotError = [fieldErrors.scheduledDate, fieldErrors.scheduledTimeSlot].filter(Boolean).join('; ');
  // A changed input is a new attempt: its old error goes.
  const forget = (...fields: (typeof PICKER_FIELDS)[number][]) => {
    if (failure && fields.some((field) => fieldErrors[field])) setFailure(null);
  };
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        {!fixedTeamId && (
          <NativeSelect label={t('flow.team')} value={primary} error={fieldErrors.primaryTeamId}
            onChange={(event) => {
              const next = event.currentTarget.value;
              setTeamId(next);
              if (next === backupId) setBackupId('');
              setPicked(null);
              forget(...PICKER_FIELDS);
            }}
            data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))} />
        )}
        {withBackup && teams.data && (
          <NativeSelect
            label={t('flow.backupTeam')}
            value={backup}
            error={fieldErrors.backupTeamId}
            onChange={(event) => { setBackupId(event.currentTarget.value); forget('backupTeamId'); }}
            data={[{ value: '', label: t('flow.noBackup') }, ...teams.data.filter((team) => team.id !== primary).map((team) => ({ value: team.id, label: team.name }))]}
          />
        )}
        {!fixedTeamId && <MoreTeams teams={teams} />}
      </Group>
      <WeekNav week={week} onChange={setWeek} />
      <TeamWeek teamId={primary} week={week} picked={picked} onPick={(slot) => { setPicked(slot); forget('scheduledDate', 'scheduledTimeSlot'); }} linkLeads={false} />
      {failure?.taken && (
        <Alert color="orange" role="alert" title={t('flow.slotTaken')}>{t('flow.slotTakenDetail')}</Alert>
      )}
      {alert && <Alert color="red" role="alert">{alert}</Alert>}
      <Group gap="xs">
        <Button onClick={() => void submit()} disabled={!picked} loading={busy}>{submitLabel}</Button>
        <Button variant="default" onClick={onCancel}>{t('common.cancel')}</Button>
        {picked && <Text size="sm">{t('flow.picked', { date: picked.scheduledDate, slot: picked.scheduledTimeSlot })}</Text>}
        {slotError && <Text size="sm" c="red" role="alert">{slotError}</Text>}
      </Group>
    </Stack>
  );
}
