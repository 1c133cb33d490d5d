/** Entry point of the console: Mantine, TanStack Query and the router, mounted on `#root`. */
import '@mantine/core/styles.css';
// Hindi in the field: phones and CI's Chromium may have no Devanagari font. Only glyphs of that
// script come from it (unicode-range), and only when a page shows them.
import '@fontsource/noto-sans-devanagari/devanagari-400.css';
import '@fontsource/noto-sans-devanagari/devanagari-700.css';
import { DEFAULT_THEME, MantineProvider, createTheme } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { router } from './routes';
import { ApiFailure } from './problem';

// A 4xx will not get better by asking again; retry once only what may be transient.
// First in the stack: its unicode-range gives it Devanagari only; Latin text keeps the system font.
const theme = createTheme({
  fontFamily: `'Noto Sans Devanagari', ${DEFAULT_THEME.fontFamily}`,
  headings: { fontFamily: `'Noto Sans Devanagari', ${DEFAULT_THEME.headings.fontFamily}` },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: (count, error) => count < 1 && !(error instanceof ApiFailure && error.status < 500), refetchOnWindowFocus: false },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
