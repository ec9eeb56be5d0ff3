import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

// findBy…/waitFor give up after 1 s by default: on a busy 2-core machine a week of MUI blocks takes longer to render
// (a CI run under load failed Agenda.test.jsx that way). They still fail when the element never comes.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});
