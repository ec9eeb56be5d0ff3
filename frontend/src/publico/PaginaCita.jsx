// The appointment page of a patient's link (/c/<token>) with its MUI theme: a chunk of its own, so that the
// booking pages (/reservar, plain HTML) never download MUI.
import { Container, CssBaseline, ThemeProvider } from '@mui/material';
// Fonts are bundled (no CDN); only the two weights this page uses.
import '@fontsource/roboto/latin-400.css';
import '@fontsource/roboto/latin-500.css';
import theme from '../theme';
import CitaPublica from './CitaPublica';

export default function PaginaCita({ token }) {
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <Container component="main" maxWidth="sm" sx={{ py: 2 }}>
        <CitaPublica token={token} />
      </Container>
    </ThemeProvider>
  );
}
