// The public pages' entry (publico.html, served at /c/<token>): a bundle of its own, so that patients never
// download the staff application.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Container, CssBaseline, ThemeProvider } from '@mui/material';
// Fonts are bundled (no CDN); only the two weights this page uses.
import '@fontsource/roboto/latin-400.css';
import '@fontsource/roboto/latin-500.css';
import theme from '../theme';
import CitaPublica from './CitaPublica';
import { tokenDeRuta } from './ruta';

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <Container component="main" maxWidth="sm" sx={{ py: 2 }}>
        <CitaPublica token={tokenDeRuta(window.location.pathname)} />
      </Container>
    </ThemeProvider>
  </StrictMode>,
);
