import { createTheme } from '@mui/material/styles';
import { esES } from '@mui/material/locale';

const theme = createTheme(
  {
    palette: {
      primary: { main: '#1565c0' },
      secondary: { main: '#00897b' },
      background: { default: '#f5f7fa' },
    },
    typography: {
      fontFamily: 'Roboto, "Helvetica Neue", Arial, sans-serif',
    },
    components: {
      MuiTextField: { defaultProps: { size: 'small' } },
      // No asterisk in labels: the label text stays exactly "Nombre" (browser tests and screen
      // readers find fields by it); inputs keep the `required` attribute and forms say which
      // fields are mandatory.
      MuiInputLabel: { defaultProps: { required: false } },
      MuiButton: { defaultProps: { disableElevation: true } },
    },
  },
  esES,
);

export default theme;
