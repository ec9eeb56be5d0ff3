// Application-wide settings. Values can be overridden at build time with VITE_* variables.
const env = import.meta.env || {};

function numberFrom(value, fallback) {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

const config = {
  apiBaseUrl: '/api',
  appName: 'Clínica ERP',
  // Minutes without user activity before the session is closed automatically.
  idleTimeoutMinutes: numberFrom(env.VITE_IDLE_TIMEOUT_MINUTES, 15),
  // Delay before the search-as-you-type request is sent.
  searchDebounceMs: 300,
  pageSize: 20,
  // Axios timeout (ms).
  requestTimeoutMs: 30000,
  // Header that must accompany the refresh cookie (the server's CSRF check).
  csrfHeader: { 'X-Requested-With': 'clinica-erp' },
  // localStorage holds no token: only these hints (services/session.js).
  storageKeys: {
    session: 'clinica.sesion',
    lastActivity: 'clinica.last_activity',
    logoutReason: 'clinica.logout_reason',
  },
};

export default config;
