/**
 * The team calendar (Central Ops, admin): a city's active teams, one team's week with its booked
 * and free slots (DESIGN §4). City, team and week live in the URL (`/admin/calendar?city=Pune`).
 */
import { Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { t, useLanguage } from '../../i18n';
import { type CalendarSearch, parseCalendarSearch } from './calendar-search';
import { mondayOf, todayInIndia } from './dates';
import { useCityTeams } from '../pickers';
import { MoreTeams, TeamWeek, WeekNav } from './schedule';

/** The team calendar page. */
export function CalendarPage() {
  useLanguage();
  const search = useSearch({ from: '/calendar' });
  const navigate = useNavigate({ from: '/calendar' });
  const setSearch = (patch: Partial<CalendarSearch>) => void navigate({ search: (prev) => parseCalendarSearch({ ...prev, ...patch }), replace: true });
  const teams = useCityTeams(search.city);
  const week = mondayOf(search.week ?? todayInIndia());
  const teamId = search.teamId && teams.data?.some((team) => team.id === search.teamId) ? search.teamId : teams.data?.[0]?.id;
  return (
    <Stack gap="sm">
      <Title order={1}>{t('flow.calendar')}</Title>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput label={t('leads.city')} defaultValue={search.city} onBlur={(event) => setSearch({ city: event.currentTarget.value, teamId: undefined })} w={180} />
        {teams.data && teams.data.length > 0 && (
          <NativeSelect label={t('flow.team')} value={teamId} onChange={(event) => setSearch({ teamId: event.currentTarget.value })} data={teams.data.map((team) => ({ value: team.id, label: `${team.name} (${team.city})` }))} />
        )}
        <MoreTeams teams={teams} />
      </Group>
      <WeekNav week={week} onChange={(monday) => setSearch({ week: monday })} />
      {teams.data?.length === 0 && <Text>{t('flow.noTeams', { city: search.city ?? '' })}</Text>}
      {teamId && <TeamWeek teamId={teamId} week={week} />}
    </Stack>
  );
}
